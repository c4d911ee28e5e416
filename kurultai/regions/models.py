"""The Council of Regions: maslikhat delegates, sessions, regional initiatives, and bills that
councils submit (Halyk Kenesi). Tables and constraints only.

Maslikhats, the Council, public bodies and people are registry rows; a bill is referred to by
its public identifier (``bill_ref``), never by a foreign key into the legislation app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kurultai.common.i18n import CONTENT_LANGUAGES
from kurultai.common.models import AppendOnlyModel
from kurultai.registry.models import Area, Organization, OrganizationClassification, Person

MASLIKHAT_CHOICES = {"classification": OrganizationClassification.MASLIKHAT}
LANGUAGE_CHOICES = [(code, code) for code in CONTENT_LANGUAGES]
REF_HELP = _("Public identifier (slug) of the bill in the legislation app; not checked here.")
# The initiator recorded on a bill that comes from a regional initiative (legislation pipeline).
REGIONAL_INITIATIVE_INITIATOR = "regional_initiative"
PEOPLE_COUNCIL_INITIATOR = "people_council"


class MaslikhatDelegate(models.Model):
    """An account that speaks for a maslikhat in the Council of Regions."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegate_for")
    maslikhat = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="delegates", limit_choices_to=MASLIKHAT_CHOICES
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("maslikhat delegate")
        verbose_name_plural = _("maslikhat delegates")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "maslikhat"), condition=Q(end_date__isnull=True), name="delegate_one_open_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.maslikhat}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    HELD = "held", _("held")


class CouncilSession(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    council = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="council_sessions")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ("-starts_at", "slug")
        constraints = [models.UniqueConstraint(fields=("council", "number"), name="councilsession_number_unique")]

    def __str__(self) -> str:
        return self.title


class InitiativeKind(models.TextChoices):
    BILL = "bill", _("proposed bill")
    AMENDMENT = "amendment", _("amendment to a bill")
    OVERSIGHT_QUESTION = "oversight_question", _("question for oversight")


class InitiativeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ON_AGENDA = "on_agenda", _("on the Council's agenda")
    SENT_TO_COMMITTEE = "sent_to_committee", _("sent to a committee")
    BECAME_BILL = "became_bill", _("became a bill")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class RegionalInitiative(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    maslikhat = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="regional_initiatives", limit_choices_to=MASLIKHAT_CHOICES
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="regional_initiatives")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delegate = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=InitiativeKind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    # The bill an amendment is about.
    bill_ref = models.SlugField(_("bill concerned"), max_length=120, blank=True, help_text=REF_HELP)
    status = models.CharField(
        _("status"), max_length=30, choices=InitiativeStatus.choices, default=InitiativeStatus.SUBMITTED
    )
    session = models.ForeignKey(
        CouncilSession, null=True, blank=True, on_delete=models.PROTECT, related_name="initiatives"
    )
    # Where an accepted initiative went: a committee, or the bill it became.
    committee = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="regional_initiatives_received",
        limit_choices_to={"classification": OrganizationClassification.COMMITTEE},
    )
    result_bill_ref = models.SlugField(_("bill it became"), max_length=120, blank=True, help_text=REF_HELP)
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("regional initiative")
        verbose_name_plural = _("regional initiatives")
        ordering = ("-submitted_at", "-number")
        constraints = [
            models.UniqueConstraint(fields=("year", "number"), name="initiative_number_unique"),
            models.CheckConstraint(
                condition=~Q(status="sent_to_committee") | Q(committee__isnull=False),
                name="initiative_committee_when_sent",
            ),
            models.CheckConstraint(
                condition=~Q(status="became_bill") | ~Q(result_bill_ref=""), name="initiative_bill_when_bill"
            ),
        ]
        indexes = [models.Index(fields=("area", "status")), models.Index(fields=("maslikhat", "submitted_at"))]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.title}"

    @property
    def registration_number(self) -> str:
        return f"RI-{self.year}/{self.number:04d}"

    @property
    def initiator(self) -> str:
        return REGIONAL_INITIATIVE_INITIATOR


class InitiativeStatusChange(AppendOnlyModel):
    """The public history of an initiative: one row per change, never edited."""

    initiative = models.ForeignKey(RegionalInitiative, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30, choices=InitiativeStatus.choices)
    note = models.TextField(_("note"), blank=True)
    session = models.ForeignKey(CouncilSession, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("initiative status change")
        verbose_name_plural = _("initiative status changes")
        ordering = ("initiative", "at", "id")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_status} -> {self.to_status}"


class MaslikhatNotification(models.Model):
    """What the maslikhat is told of each status change of its initiative."""

    maslikhat = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="notifications", limit_choices_to=MASLIKHAT_CHOICES
    )
    initiative = models.ForeignKey(RegionalInitiative, on_delete=models.PROTECT, related_name="notifications")
    change = models.OneToOneField(InitiativeStatusChange, on_delete=models.PROTECT, related_name="notification")
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("maslikhat notification")
        verbose_name_plural = _("maslikhat notifications")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("maslikhat", "created_at"))]

    def __str__(self) -> str:
        return f"{self.maslikhat}: {self.initiative}"


class SessionAgendaItem(models.Model):
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=500)
    initiative = models.ForeignKey(
        RegionalInitiative, null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )

    class Meta:
        verbose_name = _("session agenda item")
        verbose_name_plural = _("session agenda items")
        ordering = ("session", "position")
        constraints = [models.UniqueConstraint(fields=("session", "position"), name="sessionagenda_position_unique")]

    def __str__(self) -> str:
        return self.title


class SessionDecision(models.Model):
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("decision"))
    initiative = models.ForeignKey(
        RegionalInitiative, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )

    class Meta:
        verbose_name = _("session decision")
        verbose_name_plural = _("session decisions")
        ordering = ("session", "position")
        constraints = [models.UniqueConstraint(fields=("session", "position"), name="sessiondecision_position_unique")]

    def __str__(self) -> str:
        return self.text[:80]


class BillSubmission(models.Model):
    """A bill a council submitted to the Kurultai (the Halyk Kenesi may, 2026 Constitution)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="bill_submissions")
    bill_ref = models.SlugField(_("bill"), max_length=120, help_text=REF_HELP)
    title = models.CharField(_("title"), max_length=300)
    submitted_on = models.DateField(_("submitted on"))
    initiator = models.CharField(_("initiator"), max_length=40, default=PEOPLE_COUNCIL_INITIATOR)

    class Meta:
        verbose_name = _("bill submission")
        verbose_name_plural = _("bill submissions")
        ordering = ("-submitted_on", "bill_ref")
        constraints = [models.UniqueConstraint(fields=("organization", "bill_ref"), name="billsubmission_unique")]

    def __str__(self) -> str:
        return f"{self.organization}: {self.bill_ref}"
