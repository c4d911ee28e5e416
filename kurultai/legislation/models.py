"""Bills, their immutable versions, stages, amendments, public consultation; acts in force.

Tables and constraints only. Texts are stored as the structured-text core's document dicts
(``kurultai.legislation.text.document_to_dict``), one JSON column per language, so a version
is read back without parsing. Versions, act versions and stage transitions are append-only:
a text is never edited in place (STYLE.md, "Records that must not change").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kurultai.common.models import AppendOnlyModel
from kurultai.legislation.stages import Stage
from kurultai.registry.models import Organization, OrganizationClassification

STAGE_LABELS = {
    Stage.REGISTERED: pgettext_lazy("bill stage", "registered"),
    Stage.IN_COMMITTEE: pgettext_lazy("bill stage", "in committee"),
    Stage.FIRST_READING: pgettext_lazy("bill stage", "first reading"),
    Stage.AMENDMENT_PERIOD: pgettext_lazy("bill stage", "amendment period"),
    Stage.SECOND_READING: pgettext_lazy("bill stage", "second reading"),
    Stage.THIRD_READING: pgettext_lazy("bill stage", "third reading"),
    Stage.ADOPTED: pgettext_lazy("bill stage", "adopted"),
    Stage.SENT_TO_PRESIDENT: pgettext_lazy("bill stage", "sent to the President"),
    Stage.SIGNED: pgettext_lazy("bill stage", "signed"),
    Stage.RETURNED_WITH_OBJECTIONS: pgettext_lazy("bill stage", "returned with objections"),
    Stage.OVERRIDDEN: pgettext_lazy("bill stage", "objections overridden"),
    Stage.WITHDRAWN: pgettext_lazy("bill stage", "withdrawn"),
    Stage.REJECTED: pgettext_lazy("bill stage", "rejected"),
}
STAGE_CHOICES = [(stage.value, STAGE_LABELS[stage]) for stage in Stage]


class BillType(models.TextChoices):
    ORDINARY = "ordinary", _("law")
    CONSTITUTIONAL = "constitutional", _("constitutional law")
    BUDGET = "budget", _("budget law")
    RATIFICATION = "ratification", _("ratification of a treaty")


class InitiatorKind(models.TextChoices):
    DEPUTIES = "deputies", _("deputies")
    GOVERNMENT = "government", _("the Government")
    PRESIDENT = "president", _("the President")
    HALYK_KENESI = "halyk_kenesi", _("Qazaqstan Halyk Kenesi")
    REGIONAL_INITIATIVE = "regional_initiative", _("regional initiative")


class ActKind(models.TextChoices):
    LAW = "law", _("law")
    CONSTITUTIONAL_LAW = "constitutional_law", _("constitutional law")
    CODE = "code", _("code")


class Act(models.Model):
    """A law in force; its text lives in :class:`ActVersion` rows, one per commencement date."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    number = models.CharField(_("number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=ActKind.choices, default=ActKind.LAW)
    title = models.CharField(_("title"), max_length=500)
    adopted_on = models.DateField(_("adopted on"))
    # Demo acts carry a simplified, fictional text; every page that shows one says so.
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ("-adopted_on", "slug")

    def __str__(self) -> str:
        return self.title


class Bill(models.Model):
    slug = models.SlugField(_("slug"), max_length=20, unique=True)  # "2026-12"
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    bill_type = models.CharField(_("type"), max_length=20, choices=BillType.choices, default=BillType.ORDINARY)
    initiator_kind = models.CharField(_("initiator"), max_length=30, choices=InitiatorKind.choices, db_index=True)
    initiator = models.CharField(_("initiator (as named)"), max_length=300, blank=True)
    lead_committee = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="lead_bills",
        limit_choices_to={"classification": OrganizationClassification.COMMITTEE},
        verbose_name=_("lead committee"),
    )
    co_committees = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="co_bills",
        limit_choices_to={"classification": OrganizationClassification.COMMITTEE},
        verbose_name=_("co-committees"),
    )
    stage = models.CharField(
        _("stage"), max_length=30, choices=STAGE_CHOICES, default=Stage.REGISTERED.value, db_index=True
    )
    stage_since = models.DateTimeField(_("in this stage since"), default=timezone.now)
    registered_on = models.DateField(_("registered on"))
    # The President may declare a bill priority: it must then be adopted within two months.
    priority = models.BooleanField(_("priority"), default=False)
    priority_since = models.DateField(_("priority since"), null=True, blank=True)
    amends_act = models.ForeignKey(
        Act, null=True, blank=True, on_delete=models.PROTECT, related_name="amending_bills", verbose_name=_("amends")
    )
    # Written by staff in plain words; required before the first reading.
    citizen_summary = models.TextField(_("citizen summary"), blank=True)
    current_version = models.ForeignKey(
        "BillVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("current")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        ordering = ("-year", "-number")
        constraints = [
            models.UniqueConstraint(fields=("year", "number"), name="bill_year_number_unique"),
            models.CheckConstraint(condition=Q(number__gt=0), name="bill_number_positive"),
            models.CheckConstraint(
                condition=Q(priority=True) | Q(priority_since__isnull=True), name="bill_priority_since_needs_priority"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slug} {self.title}"


class VersionKind(models.TextChoices):
    PUBLISHED = "published", _("published text")
    CONSOLIDATED = "consolidated", _("with accepted amendments")
    IMPORTED = "imported", _("imported from Akoma Ntoso")


class BillVersion(AppendOnlyModel):
    """One immutable version: the kk and ru texts (both authentic) and optionally en.

    ``act_changes`` is the machine form of what this version does to ``bill.amends_act``
    (``{"kk": [amendment dicts], "ru": [...]}``), applied on commencement.
    """

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=VersionKind.choices, default=VersionKind.PUBLISHED)
    published_on = models.DateField(_("published on"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    text_kk = models.JSONField(_("Kazakh text"))
    text_ru = models.JSONField(_("Russian text"))
    text_en = models.JSONField(_("English text"), null=True, blank=True)
    source_kk = models.TextField(_("Kazakh authoring text"), blank=True)
    source_ru = models.TextField(_("Russian authoring text"), blank=True)
    source_en = models.TextField(_("English authoring text"), blank=True)
    sha256 = models.CharField(_("SHA-256 of the canonical text"), max_length=64)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("based on")
    )
    act_changes = models.JSONField(_("changes to the amended act"), default=dict, blank=True)
    # Derived once from the immutable texts: {"kk": {"score": "12.3", "words": 410}, ...}.
    readability = models.JSONField(_("readability"), default=dict, blank=True)

    class Meta:
        verbose_name = _("bill version")
        verbose_name_plural = _("bill versions")
        ordering = ("bill", "number")
        constraints = [
            models.UniqueConstraint(fields=("bill", "number"), name="billversion_number_unique"),
            models.CheckConstraint(condition=Q(number__gt=0), name="billversion_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.bill.slug} v{self.number}"

    @property
    def languages(self) -> list[str]:
        return ["kk", "ru"] + (["en"] if self.text_en else [])


class ActVersion(AppendOnlyModel):
    """The text of an act in force from ``valid_from`` until the next version's date."""

    act = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="versions")
    valid_from = models.DateField(_("in force from"))
    text_kk = models.JSONField(_("Kazakh text"))
    text_ru = models.JSONField(_("Russian text"))
    text_en = models.JSONField(_("English text"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 of the canonical text"), max_length=64)
    # The adopted bill whose commencement produced this version (none for the first text).
    source_bill = models.ForeignKey(
        Bill, null=True, blank=True, on_delete=models.PROTECT, related_name="act_versions", verbose_name=_("amended by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("act version")
        verbose_name_plural = _("act versions")
        ordering = ("act", "valid_from")
        constraints = [
            models.UniqueConstraint(fields=("act", "valid_from"), name="actversion_date_unique"),
            models.UniqueConstraint(
                fields=("act", "source_bill"), condition=Q(source_bill__isnull=False), name="actversion_bill_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.act.slug} @ {self.valid_from}"

    @property
    def languages(self) -> list[str]:
        return ["kk", "ru"] + (["en"] if self.text_en else [])


class StageTransition(AppendOnlyModel):
    """One stage decision: who, when, and the vote event or decision behind it."""

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="transitions")
    number = models.PositiveSmallIntegerField(_("number"))
    from_stage = models.CharField(_("from"), max_length=30, choices=STAGE_CHOICES, blank=True)
    to_stage = models.CharField(_("to"), max_length=30, choices=STAGE_CHOICES)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The role the actor acted in ("clerk", "system"): shown publicly instead of a staff name.
    actor_role = models.CharField(_("acting as"), max_length=40, blank=True)
    vote_event_ref = models.CharField(_("vote event"), max_length=200, blank=True)
    decision = models.CharField(_("decision"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ("bill", "number")
        constraints = [models.UniqueConstraint(fields=("bill", "number"), name="stagetransition_number_unique")]

    def __str__(self) -> str:
        return f"{self.bill.slug}: {self.from_stage or '-'} -> {self.to_stage}"


class Recommendation(models.TextChoices):
    NONE = "none", pgettext_lazy("amendment recommendation", "no recommendation yet")
    SUPPORT = "support", pgettext_lazy("amendment recommendation", "support")
    SUPPORT_IN_PART = "support_in_part", pgettext_lazy("amendment recommendation", "support in part")
    REJECT = "reject", pgettext_lazy("amendment recommendation", "reject")


class Outcome(models.TextChoices):
    PENDING = "pending", pgettext_lazy("amendment outcome", "pending")
    ACCEPTED = "accepted", pgettext_lazy("amendment outcome", "accepted")
    REJECTED = "rejected", pgettext_lazy("amendment outcome", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("amendment outcome", "withdrawn")


class Amendment(models.Model):
    """A proposed change to one provision of a version, in the machine form of ``amend``."""

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="amendments")
    version = models.ForeignKey(BillVersion, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("number"))
    target_eid = models.CharField(_("provision"), max_length=300)
    # {"kk": amendment_to_dict(...), "ru": ...}: the same operation in each language.
    operation = models.JSONField(_("operation"))
    justification = models.TextField(_("justification"), blank=True)
    author_person_slug = models.SlugField(_("author (deputy)"), max_length=120, blank=True)
    author_committee = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    recommendation = models.CharField(
        _("committee recommendation"), max_length=20, choices=Recommendation.choices, default=Recommendation.NONE
    )
    recommendation_note = models.TextField(_("committee's reasons"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING, db_index=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    applied_in = models.ForeignKey(
        BillVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="applied_amendments"
    )

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ("bill", "number")
        constraints = [
            models.UniqueConstraint(fields=("bill", "number"), name="amendment_number_unique"),
            models.CheckConstraint(
                condition=(Q(author_person_slug="") & Q(author_committee__isnull=False))
                | (~Q(author_person_slug="") & Q(author_committee__isnull=True)),
                name="amendment_one_author",
            ),
            models.CheckConstraint(
                condition=Q(applied_in__isnull=True) | Q(outcome="accepted"), name="amendment_applied_if_accepted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bill.slug} amendment {self.number}"


class Consultation(models.Model):
    """A published version open for citizens' comments for N working days."""

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="consultations")
    version = models.OneToOneField(BillVersion, on_delete=models.PROTECT, related_name="consultation")
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_on = models.DateField(_("opened on"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    # The last day comments are accepted (Asia/Almaty), counted with the working-day calendar.
    closes_on = models.DateField(_("closes on"))
    response = models.TextField(_("committee response"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ("-opened_at",)
        constraints = [
            models.CheckConstraint(condition=Q(working_days__gt=0), name="consultation_days_positive"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opened_on")), name="consultation_dates"),
        ]

    def __str__(self) -> str:
        return f"consultation on {self.version}"

    def is_open(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        return bool(self.opened_on <= day <= self.closes_on)  # type: ignore[operator]


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("visible")
    HIDDEN = "hidden", _("hidden by a moderator")


class Comment(models.Model):
    """A verified citizen's comment on one provision (by eId) of the consulted version."""

    public_id = models.CharField(_("identifier"), max_length=16, unique=True)
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="comments")
    version = models.ForeignKey(BillVersion, on_delete=models.PROTECT, related_name="comments")
    eid = models.CharField(_("provision"), max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bill_comments")
    # The author's region at the time, shown instead of a name.
    author_region = models.CharField(_("author's region"), max_length=8, blank=True)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.VISIBLE, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderation_note = models.CharField(_("moderator's note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ("created_at", "id")
        indexes = [models.Index(fields=("consultation", "eid")), models.Index(fields=("version", "status"))]

    def __str__(self) -> str:
        return f"comment {self.public_id} on {self.eid}"


class ReactionKind(models.TextChoices):
    AGREE = "agree", _("agree")
    DISAGREE = "disagree", _("disagree")


class CommentReaction(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("reaction"), max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=("comment", "user"), name="reaction_one_per_user"),
            models.CheckConstraint(condition=Q(kind__in=["agree", "disagree"]), name="reaction_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.comment_id}"
