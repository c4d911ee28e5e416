"""/api/v1/initiatives, council-of-regions, maslikhat-notifications, region-dashboards, halyk-kenesi."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kurultai.accounts.auth import api_auth
from kurultai.common.api import LimitOffsetPage, Mapped, Problem
from kurultai.common.errors import DomainError, PermissionDenied
from kurultai.regions import selectors, services
from kurultai.regions.models import (
    BillSubmission,
    CouncilSession,
    MaslikhatNotification,
    RegionalInitiative,
)
from kurultai.registry.models import Membership, Organization, OrganizationClassification
from kurultai.registry.selectors import DeputyFilters, area_get, deputy_list

router = Router(tags=["council of regions"])

Lang = Literal["kk", "ru", "en"]
KindIn = Literal["bill", "amendment", "oversight_question"]
StatusIn = Literal["submitted", "on_agenda", "sent_to_committee", "became_bill", "rejected", "withdrawn"]
DecisionIn_ = Literal["sent_to_committee", "became_bill", "rejected"]

ERRORS: dict[int, type[Schema]] = {422: Problem}
NOT_FOUND: dict[int, type[Schema]] = {404: Problem, 422: Problem}
WRITE_ERRORS: dict[int, type[Schema]] = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _dt(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


class InitiativeOut(Schema):
    id: str
    registration_number: str
    kind: str
    title: str
    language: str
    maslikhat_id: str
    area_id: str
    status: str
    bill_ref: str | None = Field(description="The bill an amendment concerns.")
    committee_id: str | None = Field(description="The committee an accepted initiative went to.")
    result_bill_ref: str | None = Field(description="The bill an accepted initiative became.")
    initiator: str = Field(description='Always "regional_initiative": the initiator recorded on the bill.')
    session_id: str | None
    submitted_at: str
    decided_at: str | None

    @staticmethod
    def from_model(i: RegionalInitiative) -> dict[str, Any]:
        return {
            "id": i.slug,
            "registration_number": i.registration_number,
            "kind": i.kind,
            "title": i.title,
            "language": i.language,
            "maslikhat_id": i.maslikhat.slug,
            "area_id": i.area.slug,
            "status": i.status,
            "bill_ref": i.bill_ref or None,
            "committee_id": i.committee.slug if i.committee_id else None,
            "result_bill_ref": i.result_bill_ref or None,
            "initiator": i.initiator,
            "session_id": i.session.slug if i.session_id else None,
            "submitted_at": _dt(i.submitted_at),
            "decided_at": _dt(i.decided_at),
        }


class RegionChangeOut(Schema):
    from_status: str | None
    to_status: str
    at: str
    note: str | None
    session_id: str | None


class InitiativeDetailOut(InitiativeOut):
    text: str
    history: list[RegionChangeOut]


class InitiativeIn(Schema):
    kind: KindIn
    title: str = Field(..., min_length=1, max_length=300)
    text: str = Field(..., min_length=1, max_length=services.MAX_TEXT)
    language: Lang
    bill_ref: str = Field("", max_length=120, description="Required for an amendment: the bill it concerns.")


class RegionDecisionIn(Schema):
    decision: DecisionIn_
    committee: str | None = Field(None, max_length=120, description="Committee id, to send it to a committee.")
    bill_ref: str = Field("", max_length=120, description="The bill it became, when it became a bill.")
    note: str = Field("", max_length=2000)


class CouncilMemberOut(Schema):
    person_id: str
    name: str
    role: str
    on_behalf_of_id: str | None
    area_id: str | None

    @staticmethod
    def from_model(m: Membership) -> dict[str, Any]:
        return {
            "person_id": m.person.slug,
            "name": m.person.name,
            "role": m.role,
            "on_behalf_of_id": m.on_behalf_of.slug if m.on_behalf_of_id else None,
            "area_id": m.area.slug if m.area_id else None,
        }


class SessionOut(Schema):
    id: str
    number: int
    title: str
    starts_at: str
    location: str | None
    status: str

    @staticmethod
    def from_model(s: CouncilSession) -> dict[str, Any]:
        return {
            "id": s.slug,
            "number": s.number,
            "title": s.title,
            "starts_at": _dt(s.starts_at),
            "location": s.location or None,
            "status": s.status,
        }


class SessionItemOut(Schema):
    position: int
    title: str
    initiative_id: str | None


class SessionDetailOut(SessionOut):
    agenda: list[SessionItemOut]
    decisions: list[SessionItemOut]
    minutes: str | None


class CouncilOut(Schema):
    id: str
    name: str
    members: list[CouncilMemberOut]
    maslikhats: int


class RegionNotificationOut(Schema):
    initiative_id: str
    from_status: str | None
    to_status: str
    note: str | None
    created_at: str
    read: bool

    @staticmethod
    def from_model(n: MaslikhatNotification) -> dict[str, Any]:
        return {
            "initiative_id": n.initiative.slug,
            "from_status": n.change.from_status or None,
            "to_status": n.change.to_status,
            "note": n.change.note or None,
            "created_at": _dt(n.created_at),
            "read": n.read_at is not None,
        }


class RateOut(Schema):
    key: str = Field(description="deputies, initiatives or inquiries.")
    label: str
    count: int
    per_10000: float | None = Field(description="Per 10,000 people; null when no population is known.")


class DashboardOut(Schema):
    area_id: str
    population: int | None
    population_is_approximate: bool
    maslikhat_id: str | None
    rates: list[RateOut]
    initiatives: list[InitiativeOut]
    inquiries_overdue: int
    inquiry_ids: list[str]


class BillSubmissionOut(Schema):
    bill_ref: str
    title: str
    submitted_on: str
    initiator: str

    @staticmethod
    def from_model(b: BillSubmission) -> dict[str, Any]:
        return {"bill_ref": b.bill_ref, "title": b.title, "submitted_on": _d(b.submitted_on), "initiator": b.initiator}


class InitiativeFilterSchema(Schema):
    region: str | None = Field(None, max_length=60, description="Area id or ISO code.")
    maslikhat: str | None = Field(None, max_length=120)
    status: StatusIn | None = None
    kind: KindIn | None = None
    q: str | None = Field(None, max_length=100)


# ---------------------------------------------------------------- reads


@router.get("/initiatives", response={200: list[InitiativeOut], **ERRORS}, summary="Regional initiatives")
@paginate(LimitOffsetPage)
def list_initiatives(request: HttpRequest, filters: Query[InitiativeFilterSchema]) -> Any:
    return Mapped(selectors.initiative_list(selectors.InitiativeFilters(**filters.dict())), InitiativeOut.from_model)


def initiative_detail(i: RegionalInitiative) -> dict[str, Any]:
    data = InitiativeOut.from_model(i)
    data.update(
        text=i.text,
        history=[
            {
                "from_status": c.from_status or None,
                "to_status": c.to_status,
                "at": _dt(c.at),
                "note": c.note or None,
                "session_id": c.session.slug if c.session_id else None,
            }
            for c in i.history.all()
        ],
    )
    return data


@router.get(
    "/initiatives/{initiative_id}",
    response={200: InitiativeDetailOut, **NOT_FOUND},
    summary="One initiative with its history",
)
def get_initiative(request: HttpRequest, initiative_id: str) -> Any:
    return initiative_detail(selectors.initiative_get(initiative_id))


@router.get(
    "/council-of-regions", response={200: CouncilOut, **NOT_FOUND}, summary="The Council of Regions and its members"
)
def get_council(request: HttpRequest) -> Any:
    council = selectors.council_get()
    return {
        "id": council.slug,
        "name": council.name,
        "members": [CouncilMemberOut.from_model(m) for m in selectors.council_members(council)],
        "maslikhats": selectors.maslikhat_list().count(),
    }


@router.get(
    "/council-of-regions/sessions", response={200: list[SessionOut], **ERRORS}, summary="Sessions of the Council"
)
@paginate(LimitOffsetPage)
def list_sessions(request: HttpRequest, when: Literal["upcoming", "past"] | None = None) -> Any:
    return Mapped(selectors.session_list(when=when), SessionOut.from_model)


@router.get(
    "/council-of-regions/sessions/{session_id}", response={200: SessionDetailOut, **NOT_FOUND}, summary="One session"
)
def get_session(request: HttpRequest, session_id: str) -> Any:
    s = selectors.session_get(session_id)
    data = SessionOut.from_model(s)

    def item(row: Any, text: str) -> dict[str, Any]:
        return {
            "position": row.position,
            "title": text,
            "initiative_id": row.initiative.slug if row.initiative_id else None,
        }

    data.update(
        agenda=[item(a, a.title) for a in s.agenda_items.all()],
        decisions=[item(d, d.text) for d in s.decisions.all()],
        minutes=s.minutes or None,
    )
    return data


@router.get("/region-dashboards/{area_id}", response={200: DashboardOut, **NOT_FOUND}, summary="A region's dashboard")
def get_dashboard(request: HttpRequest, area_id: str) -> Any:
    area = area_get(area_id)
    if area.classification == "country":
        raise DomainError("not_a_region", _("Choose one of the 20 regions."), status=404)
    deputies = deputy_list(DeputyFilters(region=area.slug)).count()
    d = selectors.region_dashboard(area, deputies=deputies)
    return {
        "area_id": area.slug,
        "population": d.population,
        "population_is_approximate": d.population_is_approximate,
        "maslikhat_id": d.maslikhat.slug if d.maslikhat else None,
        "rates": [
            {
                "key": r.key,
                "label": r.label,
                "count": r.count,
                "per_10000": round(r.per_10k, 4) if r.per_10k is not None else None,
            }
            for r in d.rates
        ],
        "initiatives": [
            InitiativeOut.from_model(i)
            for i in selectors.initiative_list(selectors.InitiativeFilters(region=area.slug))[:20]
        ],
        "inquiries_overdue": d.inquiries.overdue,
        "inquiry_ids": [i.slug for i in d.inquiries.latest],
    }


@router.get(
    "/halyk-kenesi/bills",
    response={200: list[BillSubmissionOut], **NOT_FOUND},
    summary="Bills the Halyk Kenesi submitted",
)
@paginate(LimitOffsetPage)
def list_people_council_bills(request: HttpRequest) -> Any:
    return Mapped(selectors.bill_submissions(selectors.people_council_get()), BillSubmissionOut.from_model)


@router.get(
    "/maslikhat-notifications",
    auth=api_auth,
    response={200: list[RegionNotificationOut], 401: Problem, 403: Problem, 422: Problem},
    summary="Status changes reported to your maslikhat (delegate)",
)
@paginate(LimitOffsetPage)
def list_notifications(request: HttpRequest) -> Any:
    link = selectors.delegate_link_of(request.user)
    if link is None:
        raise PermissionDenied(
            _("Only a delegate of a maslikhat can do this."), code=services.RegionsErrorCode.NOT_A_DELEGATE
        )
    return Mapped(selectors.notifications_for(link.maslikhat), RegionNotificationOut.from_model)


# ---------------------------------------------------------------- writes


@router.post(
    "/initiatives",
    auth=api_auth,
    response={201: InitiativeDetailOut, **WRITE_ERRORS},
    summary="Submit a regional initiative (maslikhat delegate)",
)
def submit_initiative(request: HttpRequest, payload: InitiativeIn) -> Any:
    initiative = services.initiative_submit(
        actor=request.user,
        kind=payload.kind,
        title=payload.title,
        text=payload.text,
        language=payload.language,
        bill_ref=payload.bill_ref,
    )
    return Status(201, initiative_detail(selectors.initiative_get(initiative.slug)))


@router.post(
    "/initiatives/{initiative_id}/decision",
    auth=api_auth,
    response={200: InitiativeDetailOut, **WRITE_ERRORS},
    summary="Record the Council's decision (clerk)",
)
def decide_initiative(request: HttpRequest, initiative_id: str, payload: RegionDecisionIn) -> Any:
    initiative = selectors.initiative_get(initiative_id)
    committee = None
    if payload.committee:
        committee = Organization.objects.filter(
            slug=payload.committee, classification=OrganizationClassification.COMMITTEE
        ).first()
        if committee is None:
            raise DomainError(
                "unknown_committee",
                _("No committee with this identifier."),
                status=422,
                data={"committee": payload.committee},
            )
    services.initiative_decide(
        initiative=initiative,
        decision=payload.decision,
        committee=committee,
        bill_ref=payload.bill_ref,
        note=payload.note,
        actor=request.user,
    )
    return initiative_detail(selectors.initiative_get(initiative_id))
