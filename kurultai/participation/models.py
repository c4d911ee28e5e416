"""Tables of citizen participation: appeals, e-petitions and signatures, proposals, subscriptions,
notifications and moderation reports. Tables and constraints only; every write is in services.py.

Citizen text is plain text (kurultai.participation.text). Public objects are addressed by a slug
(petitions and proposals: random, so a petition shared "by link only" cannot be guessed) or by
the registration number (appeals, which are never public); integer keys never leave the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurultai.accounts.models import CitizenProfile
from kurultai.common.models import AppendOnlyModel
from kurultai.registry.models import Area, Organization, Person

MAX_TITLE = 200
MAX_TEXT = 10_000
MAX_ANSWER = 20_000
MAX_NOTE = 2_000


class Category(models.TextChoices):
    """Topics shared by appeals, petitions and proposals; citizens follow them too."""

    EDUCATION = "education", _("Education and science")
    HEALTH = "health", _("Health care")
    SOCIAL = "social", _("Social protection and labour")
    ECONOMY = "economy", _("Economy and business")
    FINANCE = "finance", _("Taxes and budget")
    ENVIRONMENT = "environment", _("Environment")
    AGRICULTURE = "agriculture", _("Agriculture")
    TRANSPORT = "transport", _("Transport and roads")
    HOUSING = "housing", _("Housing and utilities")
    JUSTICE = "justice", _("Law and justice")
    SECURITY = "security", _("Security and defence")
    DIGITAL = "digital", _("Digital services")
    CULTURE = "culture", _("Culture, language and sport")
    LOCAL = "local", _("Local government")
    OTHER = "other", _("Other")


class Responder(models.Model):
    """An account that answers citizens for one organization.

    Committee staff for a committee, a party's reception operators for the party, staff of a
    faction, or a respondent for a state body or maslikhat (for petitions). Accounts never point
    at an organization themselves (accounts depends on no other app), so the link lives here.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="responder_for")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="responders")
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("responder")
        verbose_name_plural = _("responders")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "organization"), condition=Q(ended_at__isnull=True), name="responder_one_open_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization}"


class ParticipationRule(models.Model):
    """An administrator's value for a configurable rule, with its citation; wins over the default."""

    key = models.CharField(_("rule"), max_length=60, unique=True)
    value = models.PositiveIntegerField(_("value"))
    citation = models.TextField(_("citation"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("participation rule")
        verbose_name_plural = _("participation rules")

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


# ---------------------------------------------------------------- appeals


class AppealAddressee(models.TextChoices):
    PARLIAMENT = "parliament", _("the Kurultai")
    COMMITTEE = "committee", _("a committee")
    FACTION = "faction", _("a faction")
    DEPUTY = "deputy", _("a deputy")


class AppealStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    ROUTED = "routed", _("with the addressee")
    EXTENDED = "extended", _("term extended")
    FORWARDED = "forwarded", _("forwarded to the competent body")
    ANSWERED = "answered", _("answered")
    RATED = "rated", _("answered and rated")
    DISMISSED = "dismissed", _("left without consideration")


OPEN_APPEAL_STATES = (AppealStatus.REGISTERED, AppealStatus.ROUTED, AppealStatus.EXTENDED)


class RegistrationCounter(models.Model):
    """The last registration number given in a year: appeal numbers are gapless per year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("registration counter")
        verbose_name_plural = _("registration counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Appeal(models.Model):
    """A citizen's appeal to the Kurultai, a committee, a faction or a deputy. Never public as such:
    only its author, the clerks and the addressee see it; with the author's consent its text and
    answer (without the author) appear among published answers."""

    number = models.CharField(_("registration number"), max_length=20, unique=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals")
    # The author's region when filing, for the per-region responsiveness figures.
    region_code = models.CharField(_("region"), max_length=8, db_index=True)
    addressee_kind = models.CharField(_("addressee"), max_length=20, choices=AppealAddressee.choices)
    addressee_org = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    addressee_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=MAX_TITLE)
    text = models.TextField(_("text"))
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    consent_to_publish = models.BooleanField(_("consent to publish"), default=False)
    language = models.CharField(_("language"), max_length=2, default="kk")
    status = models.CharField(
        _("status"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.REGISTERED, db_index=True
    )
    received_at = models.DateTimeField(_("received at"))
    registered_on = models.DateField(_("registered on"))
    original_due = models.DateField(_("answer due (15 working days)"))
    answer_due = models.DateField(_("answer due"), db_index=True)
    forward_due = models.DateField(_("forward by"))
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_notice_due = models.DateField(_("extension notice due"), null=True, blank=True)
    extension_notified_at = models.DateTimeField(_("citizen told of the extension at"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=300, blank=True)
    forwarded_to_org = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forward_notified_at = models.DateTimeField(_("citizen told of the forwarding at"), null=True, blank=True)
    dismissal_reason = models.TextField(_("reason for leaving without consideration"), blank=True)
    answer_text = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("comment on the answer"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    # The deadline a reminder was last sent for, so a reminder goes once per deadline.
    reminded_for = models.DateField(_("reminder sent for"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ("-received_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(addressee_kind="deputy") & Q(addressee_person__isnull=False) & Q(addressee_org__isnull=True)
                )
                | (~Q(addressee_kind="deputy") & Q(addressee_person__isnull=True) & Q(addressee_org__isnull=False)),
                name="appeal_one_addressee",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)), name="appeal_rating_range"
            ),
            models.CheckConstraint(condition=Q(answer_due__gte=models.F("registered_on")), name="appeal_due_after"),
        ]
        indexes = [
            models.Index(fields=("author", "received_at")),
            models.Index(fields=("status", "answer_due")),
            models.Index(fields=("addressee_kind", "addressee_org")),
        ]

    def __str__(self) -> str:
        return self.number


def attachment_path(instance: AppealAttachment, filename: str) -> str:
    # The stored name is random: the sanitised original name is kept only as data.
    return f"participation/appeals/{instance.stored_name}"


class AppealAttachment(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    stored_name = models.CharField(_("stored name"), max_length=64, unique=True)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.name


APPEAL_EVENT_LABELS = {
    "registered": _("registered"),
    "routed": _("passed to the addressee"),
    "forwarded": _("forwarded to the competent body; the citizen told"),
    "extended": _("term extended; the citizen told"),
    "answered": _("answered"),
    "rated": _("answer rated"),
    "dismissed": _("left without consideration"),
    "attachment_added": _("file attached"),
}
ROLE_LABELS = {
    "citizen": _("citizen"),
    "clerk": _("clerk"),
    "deputy": _("deputy"),
    "committee_staff": _("committee staff"),
    "party_operator": _("party reception operator"),
    "government_respondent": _("government respondent"),
    "moderator": _("moderator"),
    "system": _("the platform"),
}


class AppealEvent(AppendOnlyModel):
    """The history the citizen sees: registration, routing, notices, extension, answer, rating."""

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=40)
    note = models.TextField(_("note"), blank=True)
    # The role the actor acted in ("clerk", "deputy", "citizen", "system"): staff stay unnamed.
    actor_role = models.CharField(_("acting as"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("appeal event")
        verbose_name_plural = _("appeal events")
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.action}"

    @property
    def action_label(self) -> str:
        return str(APPEAL_EVENT_LABELS.get(self.action, self.action))

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS.get(self.actor_role, self.actor_role))


# ---------------------------------------------------------------- petitions


class PetitionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    MODERATION = "moderation", _("in moderation")
    LINK_ONLY = "link_only", _("public by link: gathering the first supporters")
    LISTED = "listed", _("collecting signatures")
    SENT = "sent", _("sent to the addressee")
    ANSWERED = "answered", _("answered")
    REJECTED = "rejected", _("rejected in moderation")
    NOT_SUPPORTED = "not_supported", _("not enough first supporters")
    CLOSED = "closed", _("closed without reaching the threshold")
    WITHDRAWN = "withdrawn", _("withdrawn by the author")


PUBLIC_PETITION_STATES = (PetitionStatus.LISTED, PetitionStatus.SENT, PetitionStatus.ANSWERED, PetitionStatus.CLOSED)
# States in which a petition is reachable by its link (the listed ones, and the restricted stage).
LINKED_PETITION_STATES = (*PUBLIC_PETITION_STATES, PetitionStatus.LINK_ONLY)
SIGNABLE_PETITION_STATES = (PetitionStatus.LINK_ONLY, PetitionStatus.LISTED)


class RejectionReason(models.TextChoices):
    """Why moderation refuses a petition: the prohibited subjects of the Law "On Public Control"
    [A10][A7] that were found, and reasons of form. The law lists 17 subjects; the ones named in
    the sources are here, and "prohibited_other" covers the rest with a note."""

    CONSTITUTIONAL_ORDER = "constitutional_order", _("changes the constitutional order")
    TERRITORY = "territory", _("administrative-territorial structure or state borders")
    LANGUAGE = "language", _("the status of languages")
    ELECTIONS = "elections", _("elections and referendums")
    COURTS = "courts", _("the courts, prosecution or special services")
    STATE_SECRETS = "state_secrets", _("state secrets")
    PRESIDENT = "president", _("the President or the chambers of parliament")
    DISMISSAL = "dismissal", _("demands the dismissal of an akim or a minister")
    PROHIBITED_OTHER = "prohibited_other", _("another subject the law excludes")
    NO_ESSENCE = "no_essence", _("does not state the essence of the matter")
    WRONG_ADDRESSEE = "wrong_addressee", _("outside the addressee's competence")
    DUPLICATE = "duplicate", _("duplicates an open petition")
    OFFENSIVE = "offensive", _("offensive or unlawful language")
    PERSONAL_DATA = "personal_data", _("discloses personal data")


class PetitionAddressee(models.TextChoices):
    """Values of ``kurultai.participation.terms.AddresseeKind``, with their labels."""

    GOVERNMENT = "government", _("the Government")
    REGIONAL_AKIMAT = "regional_akimat", _("the akimat of a region")
    REGIONAL_MASLIKHAT = "regional_maslikhat", _("the maslikhat of a region")
    DISTRICT_AKIMAT = "district_akimat", _("the akimat of a city or district")
    DISTRICT_MASLIKHAT = "district_maslikhat", _("the maslikhat of a city or district")
    PARLIAMENT = "parliament", _("the Kurultai")


class Petition(models.Model):
    slug = models.SlugField(_("identifier"), max_length=20, unique=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="petitions")
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    text = models.TextField(_("text"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    language = models.CharField(_("language"), max_length=2, default="kk")
    addressee_kind = models.CharField(_("addressee"), max_length=30, choices=PetitionAddressee.choices)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="petitions")
    addressee_org = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="petitions"
    )
    district_name = models.CharField(_("city or district"), max_length=120, blank=True)
    district_population = models.PositiveIntegerField(_("residents of the city or district"), null=True, blank=True)
    # Fixed when the petition is submitted, with the rule it came from: a later census or rule
    # change does not move the goalposts of a running petition.
    threshold = models.PositiveIntegerField(_("signatures needed"), default=0)
    threshold_citation = models.TextField(_("threshold source"), blank=True)
    review_working_days = models.PositiveSmallIntegerField(_("answer term, working days"), default=40)
    status = models.CharField(
        _("status"), max_length=20, choices=PetitionStatus.choices, default=PetitionStatus.DRAFT, db_index=True
    )
    # Secret key of the signers' hashes in the public record; never shown.
    signer_salt = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    moderation_due = models.DateField(_("moderation due"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_reason = models.CharField(_("reason"), max_length=30, choices=RejectionReason.choices, blank=True)
    rejection_note = models.TextField(_("moderator's note"), blank=True)
    published_on = models.DateField(_("published by link on"), null=True, blank=True)
    support_due = models.DateField(_("first supporters due"), null=True, blank=True)
    listed_at = models.DateTimeField(_("listed at"), null=True, blank=True)
    collect_until = models.DateField(_("collecting until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    answer_text = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Written only by the background count (tasks.petition_recount), never per signature.
    signature_count = models.PositiveIntegerField(_("signatures (counted)"), default=0)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("hidden because"), max_length=30, blank=True)
    hidden_note = models.TextField(_("moderator's note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=("status", "signature_count")),
            models.Index(fields=("status", "listed_at")),
            models.Index(fields=("author", "created_at")),
        ]

    def __str__(self) -> str:
        return self.title


class Signature(models.Model):
    """One citizen's signature. One per citizen per petition: a database constraint, not a check."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="signatures")
    citizen = models.ForeignKey(CitizenProfile, on_delete=models.PROTECT, related_name="signatures")
    region_code = models.CharField(_("region"), max_length=8)
    signed_at = models.DateTimeField(_("signed at"))
    notify = models.BooleanField(_("tell me about the answer"), default=False)
    # The signer's network (/24 for IPv4, /48 for IPv6), never the address: enough to see a burst.
    network = models.CharField(_("network"), max_length=50, blank=True)
    invalidated_at = models.DateTimeField(_("invalidated at"), null=True, blank=True)
    invalidation = models.ForeignKey(
        "SignatureInvalidation", null=True, blank=True, on_delete=models.PROTECT, related_name="signatures"
    )
    # The person, as the public record names them (``services.signer_hash``: the IIN's keyed hash
    # under the petition's salt, the same value as the ledger leaf). It outlives the account: a
    # person who deletes their account and verifies again cannot sign the same petition twice.
    signer = models.CharField(_("signer"), max_length=64, default="")

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=("petition", "citizen"), name="signature_one_per_citizen"),
            models.UniqueConstraint(fields=("petition", "signer"), name="signature_one_per_signer"),
        ]
        indexes = [
            models.Index(fields=("petition", "region_code")),
            models.Index(fields=("petition", "network", "signed_at")),
            models.Index(fields=("citizen", "signed_at")),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}/{self.citizen_id}"


class SignatureTally(models.Model):
    """Valid signatures of a petition from one region, as of ``counted_at``: written by the
    background count only, so no row is hot; the exact figure is always the signature table's."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="tallies")
    region_code = models.CharField(_("region"), max_length=8)
    count = models.PositiveIntegerField(_("signatures"))
    counted_at = models.DateTimeField(_("counted at"))

    class Meta:
        verbose_name = _("signature tally")
        verbose_name_plural = _("signature tallies")
        constraints = [models.UniqueConstraint(fields=("petition", "region_code"), name="tally_one_per_region")]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.region_code}: {self.count}"


class BurstStatus(models.TextChoices):
    OPEN = "open", _("to review")
    DISMISSED = "dismissed", _("dismissed")
    INVALIDATED = "invalidated", _("signatures invalidated")


class SignatureBurst(models.Model):
    """Many signatures for one petition from one network in a short time, flagged for moderators."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="bursts")
    network = models.CharField(_("network"), max_length=50)
    first_at = models.DateTimeField(_("first signature"))
    last_at = models.DateTimeField(_("last signature"))
    count = models.PositiveIntegerField(_("signatures"))
    status = models.CharField(_("status"), max_length=20, choices=BurstStatus.choices, default=BurstStatus.OPEN)
    detected_at = models.DateTimeField(_("detected at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature burst")
        verbose_name_plural = _("signature bursts")
        ordering = ("-detected_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("petition", "network"), condition=Q(status="open"), name="burst_one_open_per_network"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.network} ×{self.count}"


class SignatureInvalidation(models.Model):
    """A moderator's bulk invalidation: which signatures, why, by whom (also in the audit trail)."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="invalidations")
    network = models.CharField(_("network"), max_length=50, blank=True)
    since = models.DateTimeField(_("from"))
    until = models.DateTimeField(_("to"))
    count = models.PositiveIntegerField(_("signatures"))
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature invalidation")
        verbose_name_plural = _("signature invalidations")

    def __str__(self) -> str:
        return f"{self.petition_id} −{self.count}"


# ---------------------------------------------------------------- proposals


class ProposalAddressee(models.TextChoices):
    PARLIAMENT = "parliament", _("the Kurultai")
    COMMITTEE = "committee", _("a committee")
    PARTY = "party", _("a party's public reception")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("open for support")
    UNDER_REVIEW = "under_review", _("under review")
    ANSWERED = "answered", _("answered")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Proposal(models.Model):
    slug = models.SlugField(_("identifier"), max_length=20, unique=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals")
    addressee_kind = models.CharField(_("addressee"), max_length=20, choices=ProposalAddressee.choices)
    addressee_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="proposals")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=2, default="kk")
    region_code = models.CharField(_("region"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("taken up at"), null=True, blank=True)
    answer_text = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("hidden because"), max_length=30, blank=True)
    hidden_note = models.TextField(_("moderator's note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("addressee_org", "status")), models.Index(fields=("author", "created_at"))]

    def __str__(self) -> str:
        return self.title


class ProposalSupport(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=("proposal", "user"), name="proposal_support_once")]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.user_id}"


class ProposalComment(models.Model):
    ref = models.SlugField(_("identifier"), max_length=16, unique=True)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("hidden because"), max_length=30, blank=True)
    hidden_note = models.TextField(_("moderator's note"), blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.proposal_id}"


# ---------------------------------------------------------------- subscriptions and notifications


class SubscriptionKind(models.TextChoices):
    BILL = "bill", _("a bill")
    COMMITTEE = "committee", _("a committee")
    DEPUTY = "deputy", _("a deputy")
    PETITION = "petition", _("a petition")
    REGION = "region", _("a region")
    TOPIC = "topic", _("a topic")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("an e-mail at once")
    DIGEST = "digest", _("a daily digest e-mail")
    NONE = "none", _("on the site only")


class Subscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(_("what"), max_length=20, choices=SubscriptionKind.choices)
    key = models.CharField(_("identifier"), max_length=120)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices, default=Delivery.DIGEST)
    language = models.CharField(_("language"), max_length=2, default="kk")
    # Random, signed into the one-click unsubscribe link (no internal key in a URL).
    unsubscribe_key = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ("kind", "key")
        constraints = [models.UniqueConstraint(fields=("user", "kind", "key"), name="subscription_once")]
        indexes = [models.Index(fields=("kind", "key"))]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.kind}:{self.key}"


class EmailState(models.TextChoices):
    NONE = "none", _("no e-mail")
    IMMEDIATE = "immediate", _("to send now")
    DIGEST = "digest", _("for the daily digest")
    SENT = "sent", _("sent")


class Notification(models.Model):
    """An in-app notice; its text is rendered in the reader's language from ``kind`` and ``params``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict)
    url = models.CharField(_("link"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=2, default="kk")
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_state = models.CharField(_("e-mail"), max_length=20, choices=EmailState.choices, default=EmailState.NONE)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("user", "read_at")), models.Index(fields=("email_state", "user"))]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


# ---------------------------------------------------------------- moderation


class ContentKind(models.TextChoices):
    PETITION = "petition", _("petition")
    PROPOSAL = "proposal", _("proposal")
    COMMENT = "comment", _("comment")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("spam or advertising")
    ABUSE = "abuse", _("insults or hate")
    PERSONAL_DATA = "personal_data", _("someone's personal data")
    UNLAWFUL = "unlawful", _("calls for unlawful acts")
    MISLEADING = "misleading", _("false or misleading")
    OFF_TOPIC = "off_topic", _("off topic")
    DUPLICATE = "duplicate", _("a duplicate")
    OTHER = "other", _("another reason")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("to review")
    UPHELD = "upheld", _("upheld: content hidden")
    DISMISSED = "dismissed", _("dismissed")


class Report(models.Model):
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content_kind = models.CharField(_("content"), max_length=20, choices=ContentKind.choices)
    content_id = models.CharField(_("content identifier"), max_length=40)
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("reporter", "content_kind", "content_id"),
                condition=Q(status="open"),
                name="report_once_while_open",
            )
        ]
        indexes = [models.Index(fields=("status", "content_kind", "content_id"))]

    def __str__(self) -> str:
        return f"{self.content_kind}:{self.content_id} ({self.reason})"
