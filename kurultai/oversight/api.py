"""/api/v1/committees, hearings, investigations, inquiries, state-bodies, government-reports, oversight-rules."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kurultai.accounts.auth import api_auth
from kurultai.common.api import LimitOffsetPage, Mapped, Problem
from kurultai.common.errors import DomainError
from kurultai.common.ratelimit import check_rate
from kurultai.oversight import selectors, services
from kurultai.oversight.deadlines import Responsiveness
from kurultai.oversight.models import (
    CommitteeMeeting,
    GovernmentReport,
    Hearing,
    Inquiry,
    Investigation,
    OversightDocument,
    Recommendation,
)
from kurultai.registry.models import Area, Organization, Person

router = Router(tags=["oversight"])

Lang = Literal["kk", "ru", "en"]
CommitteeKindIn = Literal["standing", "temporary"]
HearingStatusIn = Literal["announced", "held", "closed", "cancelled"]
InquiryStatusIn = Literal["registered", "answered", "rated", "raised", "withdrawn"]
RatingIn_ = Literal["substantive", "formal", "unsatisfactory"]
StateBodyKindIn = Literal["ministry", "agency", "akimat", "other"]
When = Literal["upcoming", "past"]
APPLY_RATE = "20/h"

ERRORS: dict[int, type[Schema]] = {422: Problem}
NOT_FOUND: dict[int, type[Schema]] = {404: Problem, 422: Problem}
WRITE_ERRORS: dict[int, type[Schema]] = {
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: Problem,
    429: Problem,
}


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _dt(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _slug(obj: Any) -> str | None:
    return obj.slug if obj is not None else None


# ---------------------------------------------------------------- schemas


class RuleOut(Schema):
    key: str
    value: int
    citation: str
    status: str = Field(description="confirmed, draft_stage, or not_found (the value is a default).")
    found: bool


class PersonRef(Schema):
    person_id: str | None
    name: str
    role: str | None = None


class CommitteeOut(Schema):
    id: str
    name: str
    kind: str = Field(description="standing (a standing committee) or temporary (a temporary commission).")
    parent_id: str | None
    member_count: int | None
    mandate: str | None
    ends_on: str | None

    @staticmethod
    def from_model(o: Organization) -> dict[str, Any]:
        profile = selectors.committee_profile(o)
        return {
            "id": o.slug,
            "name": o.name,
            "kind": profile.kind if profile else "standing",
            "parent_id": o.parent.slug if o.parent_id else None,
            "member_count": getattr(o, "member_count", None),
            "mandate": (profile.mandate or None) if profile else None,
            "ends_on": _d(profile.ends_on) if profile else None,
        }


class MeetingOut(Schema):
    id: str
    committee_id: str
    title: str
    starts_at: str
    location: str | None
    status: str

    @staticmethod
    def from_model(m: CommitteeMeeting) -> dict[str, Any]:
        return {
            "id": m.slug,
            "committee_id": m.committee.slug,
            "title": m.title,
            "starts_at": _dt(m.starts_at),
            "location": m.location or None,
            "status": m.status,
        }


class HearingAgendaItemOut(Schema):
    position: int
    title: str
    bill_ref: str | None


class DecisionOut(Schema):
    position: int
    text: str
    bill_ref: str | None
    votes_for: int | None
    votes_against: int | None
    votes_abstained: int | None


class ParticipantOut(Schema):
    person_id: str | None
    name: str
    affiliation: str | None
    role: str
    attended: bool | None


class MeetingDetailOut(MeetingOut):
    agenda: list[HearingAgendaItemOut]
    participants: list[ParticipantOut]
    minutes: str | None
    decisions: list[DecisionOut]


class HearingOut(Schema):
    id: str
    committee_id: str
    investigation_id: str | None
    topic: str
    starts_at: str
    location: str | None
    status: str
    applications_open: bool
    applications_close_at: str
    speaker_seats: int
    attendee_seats: int

    @staticmethod
    def from_model(h: Hearing) -> dict[str, Any]:
        return {
            "id": h.slug,
            "committee_id": h.committee.slug,
            "investigation_id": h.investigation.slug if h.investigation_id else None,
            "topic": h.topic,
            "starts_at": _dt(h.starts_at),
            "location": h.location or None,
            "status": h.status,
            "applications_open": selectors.applications_open(h),
            "applications_close_at": _dt(h.applications_close_at),
            "speaker_seats": h.speaker_seats,
            "attendee_seats": h.attendee_seats,
        }


class DocumentOut(Schema):
    kind: str
    title: str
    url: str | None
    description: str | None
    published_on: str

    @staticmethod
    def from_model(d: OversightDocument) -> dict[str, Any]:
        return {
            "kind": d.kind,
            "title": d.title,
            "url": d.url or None,
            "description": d.description or None,
            "published_on": _d(d.published_on),
        }


class RecommendationOut(Schema):
    number: int
    text: str
    addressee_id: str | None
    addressee: str = Field(description="Who must act.")
    due_on: str
    status: str = Field(description="open, in_progress, done or not_done.")
    overdue: bool = Field(description="Not done and past its due date.")
    status_note: str | None
    done_on: str | None

    @staticmethod
    def from_model(r: Recommendation) -> dict[str, Any]:
        return {
            "number": r.position,
            "text": r.text,
            "addressee_id": r.addressee.slug if r.addressee_id else None,
            "addressee": r.addressee.name if r.addressee_id else r.addressee_name,
            "due_on": _d(r.due_on),
            "status": r.status,
            "overdue": r.overdue,
            "status_note": r.status_note or None,
            "done_on": _d(r.done_on),
        }


class InviteeOut(Schema):
    name: str
    position: str | None
    organization_id: str | None
    kind: str
    confirmed: bool


class ApplicationCountsOut(Schema):
    received: int
    speak: int
    attend: int
    selected_speak: int
    selected_attend: int


class HearingDetailOut(HearingOut):
    description: str | None
    invitees: list[InviteeOut]
    documents: list[DocumentOut]
    recommendations: list[RecommendationOut]
    applications: ApplicationCountsOut = Field(description="Counts only: applicants are never published.")
    transcript: str | None
    minutes: str | None
    closed_at: str | None


class InvestigationOut(Schema):
    id: str
    title: str
    committee_id: str
    opened_on: str
    status: str
    vote_event_ref: str | None = Field(description="Identifier of the plenary vote event that opened it, if any.")
    report_due_on: str | None

    @staticmethod
    def from_model(i: Investigation) -> dict[str, Any]:
        return {
            "id": i.slug,
            "title": i.title,
            "committee_id": i.committee.slug,
            "opened_on": _d(i.opened_on),
            "status": i.status,
            "vote_event_ref": i.vote_event_ref or None,
            "report_due_on": _d(i.report_due_on),
        }


class InvestigationDetailOut(InvestigationOut):
    opening_decision: str
    mandate: str
    scope: str | None
    members: list[PersonRef]
    documents: list[DocumentOut]
    hearing_ids: list[str]
    final_report: str | None
    report_published_on: str | None
    closed_on: str | None
    recommendations: list[RecommendationOut]


class OversightResponsivenessOut(Schema):
    received: int
    answered: int
    answered_on_time: int
    overdue: int = Field(description="Unanswered past the deadline today.")
    median_working_days: float | None = Field(description="From registration to answer, over answered inquiries.")
    on_time_share: float | None = Field(description="Answered on time / (answered + overdue).")
    rated: int
    unsatisfactory: int
    unsatisfactory_share: float | None = Field(description="Rated unsatisfactory / rated.")

    @staticmethod
    def from_value(r: Responsiveness) -> dict[str, Any]:
        return {
            "received": r.received,
            "answered": r.answered,
            "answered_on_time": r.answered_on_time,
            "overdue": r.overdue,
            "median_working_days": r.median_working_days,
            "on_time_share": round(r.on_time_share, 4) if r.on_time_share is not None else None,
            "rated": r.rated,
            "unsatisfactory": r.unsatisfactory,
            "unsatisfactory_share": round(r.unsatisfactory_share, 4) if r.unsatisfactory_share is not None else None,
        }


class StateBodyOut(Schema):
    id: str
    name: str
    kind: str | None
    area_id: str | None
    website: str | None
    responsiveness: OversightResponsivenessOut

    @staticmethod
    def data(o: Organization, r: Responsiveness) -> dict[str, Any]:
        profile = selectors.state_body_profile(o)
        return {
            "id": o.slug,
            "name": o.name,
            "kind": profile.kind if profile else None,
            "area_id": o.area.slug if o.area_id else None,
            "website": (profile.website or None) if profile else None,
            "responsiveness": OversightResponsivenessOut.from_value(r),
        }


class AuthorOut(Schema):
    person_id: str
    name: str
    lead: bool


class DeadlineRuleOut(Schema):
    working_days: int
    citation: str
    found: bool = Field(description="False: the 2026 rule was not found and this is a default.")


class InquiryOut(Schema):
    id: str
    registration_number: str
    subject: str
    language: str
    state_body_id: str
    area_id: str | None
    authors: list[AuthorOut]
    registered_at: str
    registered_on: str
    deadline: str
    deadline_rule: DeadlineRuleOut
    status: str
    overdue: bool
    answered_late: bool
    answered_on: str | None
    rating: str | None
    plenary_ref: str | None

    @staticmethod
    def from_model(i: Inquiry) -> dict[str, Any]:
        return {
            "id": i.slug,
            "registration_number": i.registration_number,
            "subject": i.subject,
            "language": i.language,
            "state_body_id": i.state_body.slug,
            "area_id": i.area.slug if i.area_id else None,
            "authors": [
                {"person_id": a.person.slug, "name": a.person.name, "lead": a.is_lead} for a in i.authors.all()
            ],
            "registered_at": _dt(i.registered_at),
            "registered_on": _d(i.registered_on),
            "deadline": _d(i.deadline),
            "deadline_rule": {
                "working_days": i.deadline_working_days,
                "citation": i.deadline_citation,
                "found": i.deadline_rule_found,
            },
            "status": i.status,
            "overdue": bool(getattr(i, "is_overdue", False)),
            "answered_late": bool(getattr(i, "answered_late", False)),
            "answered_on": _d(i.answered_on),
            "rating": i.rating or None,
            "plenary_ref": i.plenary_ref or None,
        }


class InquiryDetailOut(InquiryOut):
    text: str
    answer: str | None
    answered_at: str | None
    rating_comment: str | None
    working_days_late: int


class QuestionOut(Schema):
    number: int
    asked_by_id: str | None
    question: str
    answer: str | None
    asked_at: str
    answered_at: str | None


class GovernmentReportOut(Schema):
    id: str
    title: str
    state_body_id: str
    committee_id: str | None = Field(description="Null when the report was made to the plenary.")
    presented_on: str
    bill_ref: str | None

    @staticmethod
    def from_model(r: GovernmentReport) -> dict[str, Any]:
        return {
            "id": r.slug,
            "title": r.title,
            "state_body_id": r.state_body.slug,
            "committee_id": r.committee.slug if r.committee_id else None,
            "presented_on": _d(r.presented_on),
            "bill_ref": r.bill_ref or None,
        }


class ReportDetailOut(GovernmentReportOut):
    summary: str | None
    document_url: str | None
    questions: list[QuestionOut]


class CommitteeDetailOut(CommitteeOut):
    members: list[PersonRef]
    upcoming_meetings: list[MeetingOut]
    past_meetings: list[MeetingOut]
    hearings: list[HearingOut]
    investigations: list[InvestigationOut]
    reports: list[GovernmentReportOut]


# ---------------------------------------------------------------- inputs


class InquiryIn(Schema):
    state_body: str = Field(..., min_length=1, max_length=120, description="State body id.")
    subject: str = Field(..., min_length=1, max_length=services.MAX_SUBJECT)
    text: str = Field(..., min_length=1, max_length=services.MAX_TEXT)
    language: Lang
    co_authors: list[str] = Field(default_factory=list, max_length=services.MAX_CO_AUTHORS, description="Person ids.")
    area: str | None = Field(None, max_length=60, description="The region the inquiry is about (area id).")


class AnswerIn(Schema):
    text: str = Field(..., min_length=1, max_length=services.MAX_TEXT)
    language: Lang


class OversightRatingIn(Schema):
    rating: RatingIn_
    comment: str = Field("", max_length=services.MAX_STATEMENT)


class PlenaryIn(Schema):
    plenary_ref: str = Field("", max_length=120, description="Identifier of the plenary sitting, if known.")


class ApplicationIn(Schema):
    kind: Literal["speak", "attend"]
    statement: str = Field("", max_length=services.MAX_STATEMENT, description="Required to speak.")


class ApplicationOut(Schema):
    hearing_id: str
    kind: str
    status: str
    created_at: str


class SelectionOut(Schema):
    speak: int
    attend: int


class MinutesIn(Schema):
    minutes: str | None = Field(None, max_length=services.MAX_TEXT)
    language: Lang = "kk"


# ---------------------------------------------------------------- filters


class InquiryFilterSchema(Schema):
    state_body: str | None = Field(None, max_length=120)
    status: InquiryStatusIn | None = None
    rating: RatingIn_ | None = None
    overdue: bool | None = Field(None, description="true: only unanswered past the deadline.")
    area: str | None = Field(None, max_length=60)
    author: str | None = Field(None, max_length=120, description="Person id of an author.")
    year: int | None = Field(None, ge=1990, le=2100)
    q: str | None = Field(None, max_length=100)


# ---------------------------------------------------------------- reads


@router.get("/oversight-rules", response={200: list[RuleOut]}, summary="Rules kept as configuration, with citations")
def list_rules(request: HttpRequest) -> Any:
    return [
        {"key": r.key, "value": r.value, "citation": r.citation, "status": r.status, "found": r.found}
        for r in selectors.rules_all()
    ]


@router.get(
    "/committees", response={200: list[CommitteeOut], **ERRORS}, summary="Standing committees and temporary commissions"
)
@paginate(LimitOffsetPage)
def list_committees(request: HttpRequest, kind: CommitteeKindIn | None = None) -> Any:
    return Mapped(selectors.committee_list(kind=kind), CommitteeOut.from_model)


@router.get(
    "/committees/{committee_id}", response={200: CommitteeDetailOut, **NOT_FOUND}, summary="One committee and its work"
)
def get_committee(request: HttpRequest, committee_id: str) -> Any:
    org = selectors.committee_get(committee_id)
    work = selectors.committee_work(org)
    data = CommitteeOut.from_model(org)
    members = list(selectors.committee_members(org))
    data.update(
        member_count=len(members),
        members=[{"person_id": m.person.slug, "name": m.person.name, "role": m.role} for m in members],
        upcoming_meetings=[MeetingOut.from_model(m) for m in work.upcoming_meetings],
        past_meetings=[MeetingOut.from_model(m) for m in work.past_meetings],
        hearings=[HearingOut.from_model(h) for h in work.hearings],
        investigations=[InvestigationOut.from_model(i) for i in work.investigations],
        reports=[GovernmentReportOut.from_model(r) for r in work.reports],
    )
    return data


@router.get(
    "/committees/{committee_id}/meetings",
    response={200: list[MeetingOut], **NOT_FOUND},
    summary="A committee's meetings",
)
@paginate(LimitOffsetPage)
def list_meetings(request: HttpRequest, committee_id: str) -> Any:
    org = selectors.committee_get(committee_id)
    return Mapped(selectors.meeting_list(committee=org.slug), MeetingOut.from_model)


@router.get(
    "/committee-meetings/{meeting_id}", response={200: MeetingDetailOut, **NOT_FOUND}, summary="One committee meeting"
)
def get_meeting(request: HttpRequest, meeting_id: str) -> Any:
    m = selectors.meeting_get(meeting_id)
    data = MeetingOut.from_model(m)
    data.update(
        agenda=[
            {"position": a.position, "title": a.title, "bill_ref": a.bill_ref or None} for a in m.agenda_items.all()
        ],
        participants=[
            {
                "person_id": p.person.slug if p.person_id else None,
                "name": p.person.name if p.person_id else p.name,
                "affiliation": p.affiliation or None,
                "role": p.role,
                "attended": p.attended,
            }
            for p in m.participants.all()
        ],
        minutes=m.minutes or None,
        decisions=[
            {
                "position": d.position,
                "text": d.text,
                "bill_ref": d.bill_ref or None,
                "votes_for": d.votes_for,
                "votes_against": d.votes_against,
                "votes_abstained": d.votes_abstained,
            }
            for d in m.decisions.all()
        ],
    )
    return data


@router.get("/hearings", response={200: list[HearingOut], **ERRORS}, summary="Parliamentary hearings")
@paginate(LimitOffsetPage)
def list_hearings(
    request: HttpRequest,
    committee: str | None = Query(None, max_length=120),
    status: HearingStatusIn | None = None,
    when: When | None = None,
) -> Any:
    return Mapped(selectors.hearing_list(committee=committee, status=status, when=when), HearingOut.from_model)


def hearing_detail(h: Hearing) -> dict[str, Any]:
    data = HearingOut.from_model(h)
    counts = selectors.application_counts(h)
    data.update(
        description=h.description or None,
        invitees=[
            {
                "name": i.name,
                "position": i.position or None,
                "organization_id": i.organization.slug if i.organization_id else None,
                "kind": i.kind,
                "confirmed": i.confirmed,
            }
            for i in h.invitees.all()
        ],
        documents=[DocumentOut.from_model(d) for d in h.documents.all()],
        recommendations=[RecommendationOut.from_model(r) for r in h.recommendations.all()],
        applications=counts.__dict__,
        transcript=h.transcript or None,
        minutes=h.minutes or None,
        closed_at=_dt(h.closed_at),
    )
    return data


@router.get("/hearings/{hearing_id}", response={200: HearingDetailOut, **NOT_FOUND}, summary="One hearing")
def get_hearing(request: HttpRequest, hearing_id: str) -> Any:
    return hearing_detail(selectors.hearing_get(hearing_id))


@router.get("/investigations", response={200: list[InvestigationOut], **ERRORS}, summary="Parliamentary investigations")
@paginate(LimitOffsetPage)
def list_investigations(
    request: HttpRequest,
    committee: str | None = Query(None, max_length=120),
    status: Literal["open", "reported", "closed"] | None = None,
) -> Any:
    return Mapped(selectors.investigation_list(committee=committee, status=status), InvestigationOut.from_model)


@router.get(
    "/investigations/{investigation_id}",
    response={200: InvestigationDetailOut, **NOT_FOUND},
    summary="One investigation",
)
def get_investigation(request: HttpRequest, investigation_id: str) -> Any:
    inv = selectors.investigation_get(investigation_id)
    data = InvestigationOut.from_model(inv)
    data.update(
        opening_decision=inv.opening_decision,
        mandate=inv.mandate,
        scope=inv.scope or None,
        members=[{"person_id": m.person.slug, "name": m.person.name, "role": m.role} for m in inv.members.all()],
        documents=[DocumentOut.from_model(d) for d in inv.documents.all()],
        hearing_ids=[h.slug for h in inv.hearings.all()],
        final_report=inv.final_report or None,
        report_published_on=_d(inv.report_published_on),
        closed_on=_d(inv.closed_on),
        recommendations=[RecommendationOut.from_model(r) for r in inv.recommendations.all()],
    )
    return data


@router.get(
    "/state-bodies", response={200: list[StateBodyOut], **ERRORS}, summary="State bodies and how they answer inquiries"
)
@paginate(LimitOffsetPage)
def list_state_bodies(
    request: HttpRequest,
    kind: StateBodyKindIn | None = None,
    q: str | None = Query(None, max_length=100),
) -> Any:
    return _StateBodyPage(selectors.state_body_list(kind=kind, q=q))


class _StateBodyPage(Mapped):
    """Responsiveness for a whole page of bodies in one more query."""

    def __init__(self, queryset: Any) -> None:
        super().__init__(queryset, None)

    def __getitem__(self, item: slice) -> list[Any]:
        bodies = list(self.queryset[item])
        figures = selectors.responsiveness_by_body([b.pk for b in bodies])
        return [StateBodyOut.data(b, figures[b.pk]) for b in bodies]


@router.get("/state-bodies/{state_body_id}", response={200: StateBodyOut, **NOT_FOUND}, summary="One state body")
def get_state_body(request: HttpRequest, state_body_id: str) -> Any:
    body = selectors.state_body_get(state_body_id)
    return StateBodyOut.data(body, selectors.responsiveness_by_body([body.pk])[body.pk])


@router.get("/inquiries", response={200: list[InquiryOut], **ERRORS}, summary="The public register of deputy inquiries")
@paginate(LimitOffsetPage)
def list_inquiries(request: HttpRequest, filters: Query[InquiryFilterSchema]) -> Any:
    return Mapped(selectors.inquiry_list(selectors.InquiryFilters(**filters.dict())), InquiryOut.from_model)


def inquiry_detail(i: Inquiry) -> dict[str, Any]:
    data = InquiryOut.from_model(i)
    data.update(
        text=i.text,
        answer=i.answer_text or None,
        answered_at=_dt(i.answered_at),
        rating_comment=i.rating_comment or None,
        working_days_late=selectors.inquiry_days_late(i),
    )
    return data


@router.get("/inquiries/{inquiry_id}", response={200: InquiryDetailOut, **NOT_FOUND}, summary="One inquiry")
def get_inquiry(request: HttpRequest, inquiry_id: str) -> Any:
    return inquiry_detail(selectors.inquiry_get(inquiry_id))


@router.get(
    "/government-reports", response={200: list[GovernmentReportOut], **ERRORS}, summary="Reports of state bodies"
)
@paginate(LimitOffsetPage)
def list_reports(
    request: HttpRequest,
    state_body: str | None = Query(None, max_length=120),
    committee: str | None = Query(None, max_length=120),
) -> Any:
    return Mapped(selectors.report_list(state_body=state_body, committee=committee), GovernmentReportOut.from_model)


@router.get(
    "/government-reports/{report_id}", response={200: ReportDetailOut, **NOT_FOUND}, summary="One report with questions"
)
def get_report(request: HttpRequest, report_id: str) -> Any:
    r = selectors.report_get(report_id)
    data = GovernmentReportOut.from_model(r)
    data.update(
        summary=r.summary or None,
        document_url=r.document_url or None,
        questions=[
            {
                "number": q.position,
                "asked_by_id": q.asked_by.slug if q.asked_by_id else None,
                "question": q.question,
                "answer": q.answer or None,
                "asked_at": _dt(q.asked_at),
                "answered_at": _dt(q.answered_at),
            }
            for q in r.questions.all()
        ],
    )
    return data


# ---------------------------------------------------------------- writes


def _organization(slug: str, field: str) -> Organization:
    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        raise DomainError(
            "unknown_organization",
            _("No organization with this identifier."),
            status=422,
            data={"field": field, "id": slug},
        )
    return org


@router.post(
    "/inquiries", auth=api_auth, response={201: InquiryDetailOut, **WRITE_ERRORS}, summary="Send an inquiry (deputy)"
)
def create_inquiry(request: HttpRequest, payload: InquiryIn) -> Any:
    body = _organization(payload.state_body, "state_body")
    people = {p.slug: p for p in Person.objects.filter(slug__in=payload.co_authors)}
    unknown = [s for s in payload.co_authors if s not in people]
    if unknown:
        raise DomainError(
            services.OversightErrorCode.NOT_A_SITTING_DEPUTY,
            _("Unknown co-author."),
            status=422,
            data={"persons": unknown},
        )
    area = None
    if payload.area:
        area = Area.objects.exclude(classification="country").filter(slug=payload.area).first()
        if area is None:
            raise DomainError("unknown_area", _("Unknown region."), status=422, data={"area": payload.area})
    inquiry = services.inquiry_create(
        actor=request.user,
        state_body=body,
        subject=payload.subject,
        text=payload.text,
        language=payload.language,
        co_authors=[people[s] for s in payload.co_authors],
        area=area,
    )
    return Status(201, inquiry_detail(selectors.inquiry_get(inquiry.slug)))


def _inquiry(inquiry_id: str) -> Inquiry:
    return selectors.inquiry_get(inquiry_id)


@router.post(
    "/inquiries/{inquiry_id}/answer",
    auth=api_auth,
    response={200: InquiryDetailOut, **WRITE_ERRORS},
    summary="Answer an inquiry (the respondent of the addressed body only)",
)
def answer_inquiry(request: HttpRequest, inquiry_id: str, payload: AnswerIn) -> Any:
    inquiry = services.inquiry_answer(
        inquiry=_inquiry(inquiry_id), actor=request.user, text=payload.text, language=payload.language
    )
    return inquiry_detail(selectors.inquiry_get(inquiry.slug))


@router.post(
    "/inquiries/{inquiry_id}/rating",
    auth=api_auth,
    response={200: InquiryDetailOut, **WRITE_ERRORS},
    summary="Rate the answer (an author deputy)",
)
def rate_inquiry(request: HttpRequest, inquiry_id: str, payload: OversightRatingIn) -> Any:
    inquiry = services.inquiry_rate(
        inquiry=_inquiry(inquiry_id), actor=request.user, rating=payload.rating, comment=payload.comment
    )
    return inquiry_detail(selectors.inquiry_get(inquiry.slug))


@router.post(
    "/inquiries/{inquiry_id}/plenary",
    auth=api_auth,
    response={200: InquiryDetailOut, **WRITE_ERRORS},
    summary="Raise an unsatisfactory answer at a plenary sitting (an author deputy)",
)
def raise_inquiry(request: HttpRequest, inquiry_id: str, payload: PlenaryIn) -> Any:
    inquiry = services.inquiry_raise_at_plenary(
        inquiry=_inquiry(inquiry_id), actor=request.user, plenary_ref=payload.plenary_ref
    )
    return inquiry_detail(selectors.inquiry_get(inquiry.slug))


@router.post(
    "/hearings/{hearing_id}/applications",
    auth=api_auth,
    response={201: ApplicationOut, **WRITE_ERRORS},
    summary="Apply to speak at or attend a hearing (verified citizen)",
)
def apply_to_hearing(request: HttpRequest, hearing_id: str, payload: ApplicationIn) -> Any:
    hearing = selectors.hearing_get(hearing_id)
    check_rate(request, group="oversight.hearing.apply", rate=APPLY_RATE)
    application = services.hearing_apply(
        hearing=hearing, actor=request.user, kind=payload.kind, statement=payload.statement
    )
    return Status(
        201,
        {
            "hearing_id": hearing.slug,
            "kind": application.kind,
            "status": application.status,
            "created_at": _dt(application.created_at),
        },
    )


@router.post(
    "/hearings/{hearing_id}/selection",
    auth=api_auth,
    response={200: SelectionOut, **WRITE_ERRORS},
    summary="Fill the citizens' seats by lot (committee officers and staff)",
)
def draw_selection(request: HttpRequest, hearing_id: str) -> Any:
    return services.hearing_selection_draw(hearing=selectors.hearing_get(hearing_id), actor=request.user)


@router.post(
    "/hearings/{hearing_id}/closure",
    auth=api_auth,
    response={200: HearingDetailOut, **WRITE_ERRORS},
    summary="Close a held hearing; its minutes are required (committee officers and staff)",
)
def close_hearing(request: HttpRequest, hearing_id: str, payload: MinutesIn) -> Any:
    hearing = selectors.hearing_get(hearing_id)
    minutes: dict[str, str] | None = {payload.language: payload.minutes} if payload.minutes else None
    services.hearing_close(hearing=hearing, actor=request.user, minutes=minutes)
    return hearing_detail(selectors.hearing_get(hearing_id))
