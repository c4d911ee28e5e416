"""Reads for committee work and oversight; lists are built for a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from kurultai.common.errors import NotFound
from kurultai.common.workdays import kazakhstan_calendar
from kurultai.oversight.config import DEFAULTS, Rule, RuleKey
from kurultai.oversight.deadlines import InquiryRecord, Responsiveness, responsiveness, working_days_late
from kurultai.oversight.models import (
    ApplicationKind,
    ApplicationStatus,
    CommitteeKind,
    CommitteeMeeting,
    CommitteeProfile,
    GovernmentReport,
    GovernmentRespondent,
    Hearing,
    HearingApplication,
    HearingStatus,
    Inquiry,
    InquiryAuthor,
    InquiryStatus,
    Investigation,
    InvestigationMember,
    MeetingParticipant,
    OversightDocument,
    OversightRule,
    Recommendation,
    ReportQuestion,
    StateBodyProfile,
)
from kurultai.registry.models import Membership, Organization, OrganizationClassification
from kurultai.registry.selectors import open_memberships

SEARCH_LANGS = ("kk", "ru", "en")


# ---------------------------------------------------------------- configuration


def rule_get(key: RuleKey | str) -> Rule:
    """The configured rule, or the shipped default with its citation."""
    row = OversightRule.objects.filter(key=key).first()
    if row is None:
        return DEFAULTS[str(key)]
    return Rule(key=row.key, value=row.value, citation=row.citation, status=row.status)


def rules_all() -> list[Rule]:
    rows = {
        r.key: Rule(key=r.key, value=r.value, citation=r.citation, status=r.status) for r in OversightRule.objects.all()
    }
    return [rows.get(key, default) for key, default in DEFAULTS.items()]


# ---------------------------------------------------------------- committees


def standing_committees() -> QuerySet[Organization]:
    """Committees in being that are not temporary commissions (a committee without a profile is standing)."""
    return Organization.objects.filter(
        classification=OrganizationClassification.COMMITTEE, dissolution_date__isnull=True
    ).exclude(committee_profile__kind=CommitteeKind.TEMPORARY)


def is_standing(org: Organization) -> bool:
    return standing_committees().filter(pk=org.pk).exists()


def committee_list(*, kind: str | None = None) -> QuerySet[Organization]:
    today = timezone.localdate()
    open_q = Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
    qs = Organization.objects.filter(classification=OrganizationClassification.COMMITTEE).select_related(
        "committee_profile", "parent"
    )
    if kind == CommitteeKind.TEMPORARY:
        qs = qs.filter(committee_profile__kind=CommitteeKind.TEMPORARY)
    elif kind == CommitteeKind.STANDING:
        qs = qs.exclude(committee_profile__kind=CommitteeKind.TEMPORARY)
    return qs.annotate(member_count=Count("memberships", filter=open_q, distinct=True)).order_by("slug")


def committee_get(slug: str) -> Organization:
    org = (
        Organization.objects.select_related("committee_profile", "parent")
        .filter(slug=slug, classification=OrganizationClassification.COMMITTEE)
        .first()
    )
    if org is None:
        raise NotFound(_("No committee with this identifier."), data={"id": slug})
    return org


def committee_profile(org: Organization) -> CommitteeProfile | None:
    """The profile of a committee, or ``None`` for a committee without one (a standing committee)."""
    try:
        return org.committee_profile
    except CommitteeProfile.DoesNotExist:
        return None


def state_body_profile(org: Organization) -> StateBodyProfile | None:
    try:
        return org.state_body_profile
    except StateBodyProfile.DoesNotExist:
        return None


def committee_members(org: Organization) -> QuerySet[Membership]:
    return (
        open_memberships()
        .filter(organization=org)
        .select_related("person", "on_behalf_of")
        .order_by("role", "person__sort_name", "person__slug")
    )


@dataclass
class CommitteeWork:
    """What a committee page shows of its oversight work, read in a fixed number of queries."""

    profile: CommitteeProfile | None
    upcoming_meetings: list[CommitteeMeeting]
    past_meetings: list[CommitteeMeeting]
    hearings: list[Hearing]
    investigations: list[Investigation]
    reports: list[GovernmentReport]

    @property
    def kind(self) -> str:
        return self.profile.kind if self.profile else CommitteeKind.STANDING


def committee_work(org: Organization, *, limit: int = 6) -> CommitteeWork:
    now = timezone.now()
    # The latest meetings, scheduled ones first: one query, split by date.
    meetings = list(CommitteeMeeting.objects.filter(committee=org).order_by("-starts_at", "slug")[: limit * 2])
    upcoming = sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at)
    past = [m for m in meetings if m.starts_at < now]
    return CommitteeWork(
        profile=CommitteeProfile.objects.filter(organization=org).first(),
        upcoming_meetings=upcoming,
        past_meetings=past,
        hearings=list(Hearing.objects.filter(committee=org).order_by("-starts_at", "slug")[: limit * 2]),
        investigations=list(Investigation.objects.filter(committee=org).order_by("-opened_on", "slug")[:limit]),
        reports=list(
            GovernmentReport.objects.filter(committee=org)
            .select_related("state_body")
            .order_by("-presented_on")[:limit]
        ),
    )


def meeting_list(*, committee: str | None = None, status: str | None = None) -> QuerySet[CommitteeMeeting]:
    qs = CommitteeMeeting.objects.select_related("committee")
    if committee:
        qs = qs.filter(committee__slug=committee)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-starts_at", "slug")


def meeting_get(slug: str) -> CommitteeMeeting:
    meeting = (
        CommitteeMeeting.objects.select_related("committee")
        .prefetch_related(
            "agenda_items",
            "decisions",
            Prefetch("participants", queryset=MeetingParticipant.objects.select_related("person")),
        )
        .filter(slug=slug)
        .first()
    )
    if meeting is None:
        raise NotFound(_("No meeting with this identifier."), data={"id": slug})
    return meeting


# ---------------------------------------------------------------- hearings and investigations


def hearing_list(
    *, committee: str | None = None, status: str | None = None, when: str | None = None
) -> QuerySet[Hearing]:
    qs = Hearing.objects.select_related("committee", "investigation")
    if committee:
        qs = qs.filter(committee__slug=committee)
    if status:
        qs = qs.filter(status=status)
    now = timezone.now()
    if when == "upcoming":
        return qs.filter(starts_at__gte=now).order_by("starts_at", "slug")
    if when == "past":
        qs = qs.filter(starts_at__lt=now)
    return qs.order_by("-starts_at", "slug")


def _recommendations() -> Prefetch:
    return Prefetch("recommendations", queryset=Recommendation.objects.select_related("addressee").order_by("position"))


def hearing_get(slug: str) -> Hearing:
    hearing = (
        Hearing.objects.select_related("committee", "investigation")
        .prefetch_related(
            "invitees__organization",
            Prefetch("documents", queryset=OversightDocument.objects.order_by("published_on", "id")),
            _recommendations(),
        )
        .filter(slug=slug)
        .first()
    )
    if hearing is None:
        raise NotFound(_("No hearing with this identifier."), data={"id": slug})
    return hearing


@dataclass(frozen=True)
class ApplicationCounts:
    """Numbers only: who applied is never published."""

    received: int
    speak: int
    attend: int
    selected_speak: int
    selected_attend: int


def application_counts(hearing: Hearing) -> ApplicationCounts:
    sel = Q(status=ApplicationStatus.SELECTED)
    row = HearingApplication.objects.filter(hearing=hearing).aggregate(
        received=Count("id"),
        speak=Count("id", filter=Q(kind=ApplicationKind.SPEAK)),
        attend=Count("id", filter=Q(kind=ApplicationKind.ATTEND)),
        selected_speak=Count("id", filter=sel & Q(kind=ApplicationKind.SPEAK)),
        selected_attend=Count("id", filter=sel & Q(kind=ApplicationKind.ATTEND)),
    )
    return ApplicationCounts(**row)


def application_of(user: object, hearing: Hearing) -> HearingApplication | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return HearingApplication.objects.filter(hearing=hearing, user=user).first()


def applications_open(hearing: Hearing) -> bool:
    return hearing.status == HearingStatus.ANNOUNCED and timezone.now() < hearing.applications_close_at


def investigation_list(*, committee: str | None = None, status: str | None = None) -> QuerySet[Investigation]:
    qs = Investigation.objects.select_related("committee")
    if committee:
        qs = qs.filter(committee__slug=committee)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-opened_on", "slug")


def investigation_get(slug: str) -> Investigation:
    inv = (
        Investigation.objects.select_related("committee")
        .prefetch_related(
            Prefetch("members", queryset=InvestigationMember.objects.select_related("person")),
            Prefetch("documents", queryset=OversightDocument.objects.order_by("published_on", "id")),
            Prefetch("hearings", queryset=Hearing.objects.order_by("starts_at")),
            _recommendations(),
        )
        .filter(slug=slug)
        .first()
    )
    if inv is None:
        raise NotFound(_("No investigation with this identifier."), data={"id": slug})
    return inv


# ---------------------------------------------------------------- state bodies and responsiveness


def open_respondent_links() -> QuerySet[GovernmentRespondent]:
    today = timezone.localdate()
    return GovernmentRespondent.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).filter(
        start_date__lte=today
    )


def bodies_answered_by(user: object) -> set[int]:
    """State bodies this account answers for (empty for anyone but a linked respondent)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(open_respondent_links().filter(user=user).values_list("state_body_id", flat=True))


def state_body_list(*, kind: str | None = None, q: str | None = None) -> QuerySet[Organization]:
    qs = Organization.objects.filter(classification=OrganizationClassification.STATE_BODY).select_related(
        "state_body_profile", "area"
    )
    if kind:
        qs = qs.filter(state_body_profile__kind=kind)
    if q:
        cond = Q()
        for lang in SEARCH_LANGS:
            cond |= Q(**{f"name_{lang}__icontains": q})
        qs = qs.filter(cond)
    return qs.order_by("slug")


def state_body_get(slug: str) -> Organization:
    org = (
        Organization.objects.select_related("state_body_profile", "area")
        .filter(slug=slug, classification=OrganizationClassification.STATE_BODY)
        .first()
    )
    if org is None:
        raise NotFound(_("No state body with this identifier."), data={"id": slug})
    return org


def responsiveness_by_body(
    body_ids: Iterable[int] | None = None, *, today: date | None = None
) -> dict[int, Responsiveness]:
    """Per state body: received, answered on time, overdue, median working days, share unsatisfactory.

    One query for all bodies asked for; the arithmetic is the pure ``deadlines.responsiveness``.
    """
    qs = Inquiry.objects.all()
    if body_ids is not None:
        qs = qs.filter(state_body_id__in=list(body_ids))
    records: dict[int, list[InquiryRecord]] = defaultdict(list)
    for body, registered_on, deadline, answered_on, rating, status in qs.values_list(
        "state_body_id", "registered_on", "deadline", "answered_on", "rating", "status"
    ):
        records[body].append(
            InquiryRecord(
                registered_on=registered_on,
                due_on=deadline,
                answered_on=answered_on,
                rating=rating,
                withdrawn=status == InquiryStatus.WITHDRAWN,
            )
        )
    day = today or timezone.localdate()
    calendar = kazakhstan_calendar()
    ids = list(body_ids) if body_ids is not None else list(records)
    return {b: responsiveness(records.get(b, []), today=day, calendar=calendar) for b in ids}


# ---------------------------------------------------------------- deputy inquiries


@dataclass
class InquiryFilters:
    state_body: str | None = None
    status: str | None = None
    rating: str | None = None
    overdue: bool | None = None
    area: str | None = None
    author: str | None = None
    year: int | None = None
    q: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def overdue_condition(today: date) -> Q:
    return Q(status=InquiryStatus.REGISTERED, deadline__lt=today)


def with_flags(qs: QuerySet[Inquiry], today: date | None = None) -> QuerySet[Inquiry]:
    """``is_overdue``: unanswered past the deadline; ``answered_late``: answered after it."""
    day = today or timezone.localdate()
    return qs.annotate(
        is_overdue=Case(
            When(overdue_condition(day), then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        answered_late=Case(
            When(answered_on__gt=F("deadline"), then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
    )


def _authors() -> Prefetch:
    return Prefetch(
        "authors", queryset=InquiryAuthor.objects.select_related("person").order_by("-is_lead", "person__sort_name")
    )


def inquiry_list(filters: InquiryFilters | None = None) -> QuerySet[Inquiry]:
    f = filters or InquiryFilters()
    today = timezone.localdate()
    qs = Inquiry.objects.select_related("state_body", "area")
    if f.state_body:
        qs = qs.filter(state_body__slug=f.state_body)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.rating:
        qs = qs.filter(rating=f.rating)
    if f.overdue is True:
        qs = qs.filter(overdue_condition(today))
    elif f.overdue is False:
        qs = qs.exclude(overdue_condition(today))
    if f.area:
        qs = qs.filter(Q(area__slug=f.area) | Q(area__identifier=f.area))
    if f.author:
        qs = qs.filter(Exists(InquiryAuthor.objects.filter(inquiry=OuterRef("pk"), person__slug=f.author)))
    if f.year:
        qs = qs.filter(year=f.year)
    if f.q:
        cond = Q()
        for lang in SEARCH_LANGS:
            cond |= Q(**{f"subject_{lang}__icontains": f.q}) | Q(**{f"text_{lang}__icontains": f.q})
        qs = qs.filter(cond)
    return with_flags(qs, today).prefetch_related(_authors()).order_by("-registered_at", "-number")


def inquiry_get(slug: str) -> Inquiry:
    inquiry = (
        with_flags(Inquiry.objects.select_related("state_body", "area", "answered_by"))
        .prefetch_related(_authors())
        .filter(slug=slug)
        .first()
    )
    if inquiry is None:
        raise NotFound(_("No inquiry with this identifier."), data={"id": slug})
    return inquiry


def inquiry_days_late(inquiry: Inquiry, today: date | None = None) -> int:
    """Working days past the deadline: until the answer, or until today while unanswered."""
    day = inquiry.answered_on or today or timezone.localdate()
    if inquiry.status == InquiryStatus.WITHDRAWN:
        return 0
    return working_days_late(inquiry.deadline, day, kazakhstan_calendar())


def inquiry_years() -> list[int]:
    return sorted(set(Inquiry.objects.values_list("year", flat=True)), reverse=True)


@dataclass(frozen=True)
class AreaInquiries:
    total: int
    overdue: int
    latest: list[Inquiry]


def inquiries_about_area(area_id: int, *, limit: int = 5) -> AreaInquiries:
    today = timezone.localdate()
    qs = Inquiry.objects.filter(area_id=area_id).exclude(status=InquiryStatus.WITHDRAWN)
    counts = qs.aggregate(total=Count("id"), overdue=Count("id", filter=overdue_condition(today)))
    latest = list(with_flags(qs.select_related("state_body"), today).order_by("-registered_at")[:limit])
    return AreaInquiries(total=counts["total"], overdue=counts["overdue"], latest=latest)


def inquiry_counts_by_area() -> dict[int, int]:
    qs = Inquiry.objects.exclude(status=InquiryStatus.WITHDRAWN).exclude(area__isnull=True)
    # order_by() first: a default ordering would otherwise join the GROUP BY and split the counts.
    return dict(qs.order_by().values_list("area").annotate(n=Count("id")).values_list("area", "n"))


# ---------------------------------------------------------------- government reports


def report_list(*, state_body: str | None = None, committee: str | None = None) -> QuerySet[GovernmentReport]:
    qs = GovernmentReport.objects.select_related("state_body", "committee")
    if state_body:
        qs = qs.filter(state_body__slug=state_body)
    if committee:
        qs = qs.filter(committee__slug=committee)
    return qs.order_by("-presented_on", "slug")


def report_get(slug: str) -> GovernmentReport:
    report = (
        GovernmentReport.objects.select_related("state_body", "committee")
        .prefetch_related(
            Prefetch("questions", queryset=ReportQuestion.objects.select_related("asked_by").order_by("position"))
        )
        .filter(slug=slug)
        .first()
    )
    if report is None:
        raise NotFound(_("No report with this identifier."), data={"id": slug})
    return report
