"""The Popolo registry: people, organizations, memberships, posts, areas, convocations.

Field names follow the Popolo schemas (popoloproject.com) so the API can speak Popolo
without a translation layer. Public objects are addressed by ``slug``; integer keys never
leave the database.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    """Where a figure comes from: every reference number keeps its source and date."""

    url = models.URLField(_("URL"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500)
    retrieved_on = models.DateField(_("retrieved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.note


class AreaClassification(models.TextChoices):
    COUNTRY = "country", _("country")
    REGION = "region", _("region")
    CITY = "city", _("city of republican significance")


class Area(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    # ISO 3166-2 code, e.g. KZ-75 for Almaty.
    identifier = models.CharField(_("identifier"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    classification = models.CharField(_("classification"), max_length=20, choices=AreaClassification.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    admin_center = models.CharField(_("administrative centre"), max_length=100, blank=True)
    # The official figure, its date and its source; petition thresholds depend on it,
    # so an admin must be able to replace it. ``population_approx`` is for demo data only.
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    population_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("population source")
    )
    population_approx = models.PositiveIntegerField(_("approximate population (demo)"), null=True, blank=True)
    maslikhat_seats = models.PositiveSmallIntegerField(_("maslikhat seats"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ("identifier",)
        constraints = [
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population_date__isnull=False),
                name="area_population_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def population_best(self) -> int | None:
        return self.population or self.population_approx


class OrganizationClassification(models.TextChoices):
    PARLIAMENT = "parliament", _("parliament")
    PARTY = "party", _("party")
    FACTION = "faction", _("faction")
    COMMITTEE = "committee", _("committee")
    COUNCIL = "council", _("council")
    MASLIKHAT = "maslikhat", _("maslikhat")
    STATE_BODY = "state_body", _("state body")
    PEOPLE_COUNCIL = "people_council", _("people's council")


class Organization(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    classification = models.CharField(
        _("classification"), max_length=20, choices=OrganizationClassification.choices, db_index=True
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="organizations")
    description = models.TextField(_("description"), blank=True)
    founding_date = models.DateField(_("founding date"), null=True, blank=True)
    founding_note = models.CharField(_("founding note"), max_length=300, blank=True)
    dissolution_date = models.DateField(_("dissolution date"), null=True, blank=True)
    # Colour of a party or faction in charts and the hemicycle (#rrggbb).
    color = models.CharField(_("colour"), max_length=7, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="organizations")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ("classification", "name")
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolution_date__isnull=True)
                | Q(founding_date__isnull=True)
                | Q(dissolution_date__gte=models.F("founding_date")),
                name="organization_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Convocation(models.Model):
    """One term of a parliament (``созыв``)."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    parliament = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="convocations",
        limit_choices_to={"classification": OrganizationClassification.PARLIAMENT},
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"))

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        ordering = ("-start_date",)
        constraints = [
            models.UniqueConstraint(fields=("parliament", "number"), name="convocation_number_unique"),
            models.CheckConstraint(condition=Q(seats__gt=0), name="convocation_seats_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Person(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=300)
    family_name = models.CharField(_("family name"), max_length=120, blank=True)
    given_name = models.CharField(_("given name"), max_length=120, blank=True)
    patronymic_name = models.CharField(_("patronymic name"), max_length=120, blank=True)
    sort_name = models.CharField(_("sort name"), max_length=300, blank=True, db_index=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True, db_index=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # Fictional people generated for the demo parliament carry this flag on every page.
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ("sort_name", "name")

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    label = models.CharField(_("label"), max_length=300)
    role = models.CharField(_("role"), max_length=100)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="posts")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="posts")
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ("organization", "label")

    def __str__(self) -> str:
        return self.label


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("member")
    DEPUTY = "deputy", _("deputy")
    CHAIR = "chair", _("chair")
    DEPUTY_CHAIR = "deputy_chair", _("deputy chair")
    SECRETARY = "secretary", _("secretary")
    LEADER = "leader", _("leader")
    SPEAKER = "speaker", _("speaker")


class Membership(models.Model):
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=40, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    label = models.CharField(_("label"), max_length=300, blank=True)
    on_behalf_of = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="represented_by"
    )
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    convocation = models.ForeignKey(
        Convocation, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ("organization", "person")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_dates_ordered",
            ),
            # A person holds one open membership of a given role in one organization at a time.
            models.UniqueConstraint(
                fields=("person", "organization", "role"),
                condition=Q(end_date__isnull=True),
                name="membership_one_open_per_role",
            ),
        ]
        indexes = [models.Index(fields=("organization", "end_date"))]

    def __str__(self) -> str:
        return f"{self.person} — {self.organization} ({self.role})"
