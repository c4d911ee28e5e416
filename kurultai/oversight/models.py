"""Committee work and oversight of the executive: tables and constraints only.

Committees, state bodies and people are registry rows (Popolo); this app adds what the registry
does not hold. Bills and vote events belong to other apps and are referred to by their public
identifier only (``bill_ref``, ``vote_event_ref``), never by a foreign key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurultai.common.i18n import CONTENT_LANGUAGES
from kurultai.oversight.config import RuleKey, RuleStatus
from kurultai.registry.models import Area, Organization, OrganizationClassification, Person

COMMITTEE_CHOICES = {"classification": OrganizationClassification.COMMITTEE}
STATE_BODY_CHOICES = {"classification": OrganizationClassification.STATE_BODY}
LANGUAGE_CHOICES = [(code, code) for code in CONTENT_LANGUAGES]
REF_HELP = _("Public identifier (slug) of the object in its own app; not checked here.")


class OversightRule(models.Model):
    """A rule kept as configuration (``kurultai.oversight.config``), with its citation."""

    key = models.CharField(_("rule"), max_length=60, unique=True, choices=[(k.value, k.value) for k in RuleKey])
    value = models.PositiveIntegerField(_("value"))
    citation = models.TextField(_("citation"))
    status = models.CharField(
        _("status of the source"), max_length=20, choices=[(s.value, s.value) for s in RuleStatus]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("oversight rule")
        verbose_name_plural = _("oversight rules")
        ordering = ("key",)
        constraints = [models.CheckConstraint(condition=Q(value__gte=1), name="oversightrule_value_positive")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


# ---------------------------------------------------------------- committees


class CommitteeKind(models.TextChoices):
    STANDING = "standing", _("standing committee")
    TEMPORARY = "temporary", _("temporary commission")


class CommitteeProfile(models.Model):
    """Standing committee or temporary commission. A committee without a profile is a standing one."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.PROTECT,
        related_name="committee_profile",
        limit_choices_to=COMMITTEE_CHOICES,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CommitteeKind.choices, default=CommitteeKind.STANDING)
    mandate = models.TextField(_("mandate"), blank=True)
    ends_on = models.DateField(_("term ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee profile")
        verbose_name_plural = _("committee profiles")

    def __str__(self) -> str:
        return f"{self.organization} ({self.kind})"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class CommitteeMeeting(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    committee = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="committee_meetings", limit_choices_to=COMMITTEE_CHOICES
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ("-starts_at", "slug")
        indexes = [models.Index(fields=("committee", "starts_at"))]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=500)
    bill_ref = models.SlugField(_("bill"), max_length=120, blank=True, help_text=REF_HELP)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ("meeting", "position")
        constraints = [models.UniqueConstraint(fields=("meeting", "position"), name="agendaitem_position_unique")]

    def __str__(self) -> str:
        return self.title


class ParticipantRole(models.TextChoices):
    MEMBER = "member", _("committee member")
    INVITED = "invited", _("invited")
    STAFF = "staff", _("staff")


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # For invited officials and experts who are not in the registry.
    name = models.CharField(_("name"), max_length=300, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.MEMBER)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        ordering = ("meeting", "role", "id")
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""), name="participant_has_identity"),
            models.UniqueConstraint(
                fields=("meeting", "person"), condition=Q(person__isnull=False), name="participant_person_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.person)


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("decision"))
    bill_ref = models.SlugField(_("bill"), max_length=120, blank=True, help_text=REF_HELP)
    votes_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField(_("abstained"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")
        ordering = ("meeting", "position")
        constraints = [models.UniqueConstraint(fields=("meeting", "position"), name="decision_position_unique")]

    def __str__(self) -> str:
        return self.text[:80]


# ---------------------------------------------------------------- investigations


class InvestigationStatus(models.TextChoices):
    OPEN = "open", _("under way")
    REPORTED = "reported", _("final report published")
    CLOSED = "closed", _("closed")


class Investigation(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    committee = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="investigations", limit_choices_to=COMMITTEE_CHOICES
    )
    opened_on = models.DateField(_("opened on"))
    opening_decision = models.CharField(_("opening decision"), max_length=500)
    vote_event_ref = models.SlugField(_("vote event"), max_length=120, blank=True, help_text=REF_HELP)
    mandate = models.TextField(_("mandate"))
    scope = models.TextField(_("scope"), blank=True)
    report_due_on = models.DateField(_("report due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InvestigationStatus.choices, default=InvestigationStatus.OPEN
    )
    final_report = models.TextField(_("final report"), blank=True)
    report_published_on = models.DateField(_("report published on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("parliamentary investigation")
        verbose_name_plural = _("parliamentary investigations")
        ordering = ("-opened_on", "slug")

    def __str__(self) -> str:
        return self.title


class InvestigationMember(models.Model):
    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, default="member")

    class Meta:
        verbose_name = _("investigation member")
        verbose_name_plural = _("investigation members")
        ordering = ("investigation", "role", "person")
        constraints = [models.UniqueConstraint(fields=("investigation", "person"), name="investigationmember_unique")]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})"


# ---------------------------------------------------------------- hearings


class HearingStatus(models.TextChoices):
    ANNOUNCED = "announced", _("announced")
    HELD = "held", _("held")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


class Hearing(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    committee = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="hearings", limit_choices_to=COMMITTEE_CHOICES
    )
    investigation = models.ForeignKey(
        Investigation, null=True, blank=True, on_delete=models.PROTECT, related_name="hearings"
    )
    topic = models.CharField(_("topic"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=HearingStatus.choices, default=HearingStatus.ANNOUNCED
    )
    # Citizens apply to speak or to attend; the committee selects up to these numbers.
    speaker_seats = models.PositiveSmallIntegerField(_("seats for citizen speakers"), default=5)
    attendee_seats = models.PositiveSmallIntegerField(_("seats for citizen attendees"), default=30)
    # Applications accepted in all, so the selection stays manageable.
    application_cap = models.PositiveIntegerField(_("applications accepted at most"), default=500)
    applications_close_at = models.DateTimeField(_("applications close at"))
    transcript = models.TextField(_("transcript"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("parliamentary hearing")
        verbose_name_plural = _("parliamentary hearings")
        ordering = ("-starts_at", "slug")
        indexes = [models.Index(fields=("committee", "starts_at")), models.Index(fields=("status", "starts_at"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_close_at__lte=models.F("starts_at")), name="hearing_applications_close_first"
            )
        ]

    def __str__(self) -> str:
        return self.topic


class InviteeKind(models.TextChoices):
    OFFICIAL = "official", _("official")
    EXPERT = "expert", _("expert")


class HearingInvitee(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="invitees")
    name = models.CharField(_("name"), max_length=300)
    position = models.CharField(_("position"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="hearing_invitations"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InviteeKind.choices)
    confirmed = models.BooleanField(_("confirmed"), default=False)

    class Meta:
        verbose_name = _("hearing invitee")
        verbose_name_plural = _("hearing invitees")
        ordering = ("hearing", "kind", "id")

    def __str__(self) -> str:
        return self.name


class ApplicationKind(models.TextChoices):
    SPEAK = "speak", _("to speak")
    ATTEND = "attend", _("to attend")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("awaiting selection")
    SELECTED = "selected", _("selected")
    NOT_SELECTED = "not_selected", _("not selected")


class HearingApplication(models.Model):
    """A verified citizen asks to speak at or attend a hearing. Never shown with the person's name."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="applications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hearing_applications")
    kind = models.CharField(_("kind"), max_length=10, choices=ApplicationKind.choices)
    statement = models.TextField(_("what you want to say"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hearing application")
        verbose_name_plural = _("hearing applications")
        ordering = ("hearing", "created_at", "id")
        constraints = [models.UniqueConstraint(fields=("hearing", "user"), name="hearingapplication_one_per_citizen")]
        indexes = [models.Index(fields=("hearing", "kind", "status"))]

    def __str__(self) -> str:
        return f"{self.hearing} — {self.kind} ({self.status})"


class DocumentKind(models.TextChoices):
    MATERIAL = "material", _("material")
    EVIDENCE = "evidence", _("evidence")
    DECISION = "decision", _("decision")
    REPORT = "report", _("report")


class OversightDocument(models.Model):
    """A material of a hearing, or evidence and documents of an investigation."""

    hearing = models.ForeignKey(Hearing, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    investigation = models.ForeignKey(
        Investigation, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    published_on = models.DateField(_("published on"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ("published_on", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(hearing__isnull=False, investigation__isnull=True)
                | Q(hearing__isnull=True, investigation__isnull=False),
                name="document_has_one_parent",
            )
        ]

    def __str__(self) -> str:
        return self.title


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_DONE = "not_done", _("not done")


class Recommendation(models.Model):
    """What a hearing or an investigation asks someone to do: who must act, by when, and whether it was done."""

    hearing = models.ForeignKey(
        Hearing, null=True, blank=True, on_delete=models.CASCADE, related_name="recommendations"
    )
    investigation = models.ForeignKey(
        Investigation, null=True, blank=True, on_delete=models.CASCADE, related_name="recommendations"
    )
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("recommendation"))
    addressee = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations_received"
    )
    addressee_name = models.CharField(_("who must act"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    status_note = models.TextField(_("follow-up note"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ("position", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(hearing__isnull=False, investigation__isnull=True)
                | Q(hearing__isnull=True, investigation__isnull=False),
                name="recommendation_has_one_parent",
            ),
            models.CheckConstraint(
                condition=Q(addressee__isnull=False) | ~Q(addressee_name=""), name="recommendation_has_addressee"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def overdue(self) -> bool:
        """Not done and past its due date (in Asia/Almaty)."""
        return self.status in (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS) and self.due_on < timezone.localdate()


# ---------------------------------------------------------------- state bodies


class StateBodyKind(models.TextChoices):
    MINISTRY = "ministry", _("ministry")
    AGENCY = "agency", _("agency")
    AKIMAT = "akimat", _("akimat")
    OTHER = "other", _("other state body")


class StateBodyProfile(models.Model):
    organization = models.OneToOneField(
        Organization, on_delete=models.PROTECT, related_name="state_body_profile", limit_choices_to=STATE_BODY_CHOICES
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StateBodyKind.choices)
    website = models.URLField(_("website"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("state body profile")
        verbose_name_plural = _("state body profiles")

    def __str__(self) -> str:
        return f"{self.organization} ({self.kind})"


class GovernmentRespondent(models.Model):
    """The account that answers deputies' inquiries (and report questions) for one state body."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="respondent_for")
    state_body = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="respondents", limit_choices_to=STATE_BODY_CHOICES
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("government respondent")
        verbose_name_plural = _("government respondents")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "state_body"), condition=Q(end_date__isnull=True), name="respondent_one_open_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.state_body}"


# ---------------------------------------------------------------- deputy inquiries


class InquiryStatus(models.TextChoices):
    REGISTERED = "registered", _("awaiting answer")
    ANSWERED = "answered", _("answered, not yet rated")
    RATED = "rated", _("answer rated")
    RAISED = "raised", _("raised at a plenary sitting")
    WITHDRAWN = "withdrawn", _("withdrawn")


class AnswerRating(models.TextChoices):
    SUBSTANTIVE = "substantive", _("substantive")
    FORMAL = "formal", _("formal reply")
    UNSATISFACTORY = "unsatisfactory", _("unsatisfactory")


class Inquiry(models.Model):
    """A deputy inquiry (депутатский запрос) from one deputy or a group to a state body."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    state_body = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="inquiries", limit_choices_to=STATE_BODY_CHOICES
    )
    # The region the inquiry is about, when it is about one.
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="inquiries")
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("received at"))
    registered_on = models.DateField(_("registered on"))
    # The deadline and the rule it came from are fixed at registration, so a later change of
    # the configuration never moves the deadline of an inquiry already sent.
    deadline = models.DateField(_("answer due on"))
    deadline_working_days = models.PositiveSmallIntegerField(_("working days to answer"))
    deadline_citation = models.TextField(_("deadline rule"))
    deadline_rule_found = models.BooleanField(_("deadline rule found in the law"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.REGISTERED
    )
    answer_text = models.TextField(_("answer"), blank=True)
    answer_language = models.CharField(_("answer language"), max_length=2, choices=LANGUAGE_CHOICES, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(_("rating"), max_length=20, choices=AnswerRating.choices, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    plenary_raised_at = models.DateTimeField(_("raised at plenary at"), null=True, blank=True)
    plenary_ref = models.SlugField(_("plenary sitting"), max_length=120, blank=True, help_text=REF_HELP)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deputy inquiry")
        verbose_name_plural = _("deputy inquiries")
        ordering = ("-registered_at", "-number")
        constraints = [
            models.UniqueConstraint(fields=("year", "number"), name="inquiry_number_unique"),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("registered_on")), name="inquiry_deadline_after"),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_at__isnull=False), name="inquiry_answer_has_time"
            ),
            models.CheckConstraint(condition=Q(rating="") | Q(answered_on__isnull=False), name="inquiry_rated_answer"),
        ]
        indexes = [
            models.Index(fields=("state_body", "status")),
            models.Index(fields=("status", "deadline")),
            models.Index(fields=("area", "registered_at")),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.subject}"

    @property
    def registration_number(self) -> str:
        return f"{self.year}/{self.number:04d}"


class InquiryAuthor(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="inquiries_authored")
    is_lead = models.BooleanField(_("lead author"), default=False)

    class Meta:
        verbose_name = _("inquiry author")
        verbose_name_plural = _("inquiry authors")
        ordering = ("inquiry", "-is_lead", "person__sort_name")
        constraints = [
            models.UniqueConstraint(fields=("inquiry", "person"), name="inquiryauthor_unique"),
            models.UniqueConstraint(fields=("inquiry",), condition=Q(is_lead=True), name="inquiryauthor_one_lead"),
        ]

    def __str__(self) -> str:
        return str(self.person)


# ---------------------------------------------------------------- government reports


class GovernmentReport(models.Model):
    """A state body reports to a committee or to the plenary (e.g. on budget execution)."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    state_body = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="government_reports", limit_choices_to=STATE_BODY_CHOICES
    )
    # Empty when the report is made to the plenary.
    committee = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="government_reports_received",
        limit_choices_to=COMMITTEE_CHOICES,
    )
    presented_on = models.DateField(_("presented on"))
    summary = models.TextField(_("summary"), blank=True)
    document_url = models.URLField(_("document"), max_length=500, blank=True)
    bill_ref = models.SlugField(_("bill"), max_length=120, blank=True, help_text=REF_HELP)

    class Meta:
        verbose_name = _("government report")
        verbose_name_plural = _("government reports")
        ordering = ("-presented_on", "slug")

    def __str__(self) -> str:
        return self.title


class ReportQuestion(models.Model):
    report = models.ForeignKey(GovernmentReport, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("number"))
    asked_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    asked_at = models.DateTimeField(_("asked at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("report question")
        verbose_name_plural = _("report questions")
        ordering = ("report", "position")
        constraints = [models.UniqueConstraint(fields=("report", "position"), name="reportquestion_position_unique")]

    def __str__(self) -> str:
        return self.question[:80]
