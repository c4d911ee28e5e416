"""/api/v1/sittings, /vote-events, /votes (Popolo Event, VoteEvent, Count, Vote) and the ballot and clerk endpoints.

Reads are public. Writes accept a session (with CSRF) or a bearer token, and the services
decide: a ballot needs the deputy's own session with a confirmed TOTP code, so a token is
refused with 403 ``totp_required``; so are the clerk's steps (docs/plenary.md).
"""

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kurultai.accounts.auth import api_auth, hot_write_auth
from kurultai.common.api import LimitOffsetPage, Mapped, Problem
from kurultai.common.errors import DomainError, NotFound
from kurultai.plenary import rules, selectors, services
from kurultai.plenary.errors import PlenaryErrorCode as Code
from kurultai.plenary.models import Sitting, VoteEvent, VoteState
from kurultai.registry.models import Person
from kurultai.registry.selectors import PARLIAMENT_SLUG

router = Router(tags=["plenary"])

QuestionTypeName = Literal[
    "ordinary_law",
    "bill_rejection",
    "constitutional_law",
    "veto_override",
    "resolution",
    "appointment",
    "no_confidence",
    "procedural",
]
READ_ERRORS: dict[int, type[Schema]] = {404: Problem, 422: Problem}
WRITE_ERRORS: dict[int, type[Schema]] = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def requirement_text(rule: rules.QuestionRule) -> str:
    t = rule.threshold
    share = "a majority" if (t.numerator, t.denominator, t.strict) == (1, 2, True) else f"{t.numerator}/{t.denominator}"
    base = "the total number of deputies" if t.base is rules.Base.TOTAL else "the deputies present"
    return f"{share} of {base}"


# ---------------------------------------------------------------- schemas


class VoteLink(Schema):
    url: str
    note: str | None = None


class QuorumOut(Schema):
    total: int
    needed: int
    present: int
    met: bool
    citation: str
    note: str


class AgendaItemOut(Schema):
    position: int
    kind: str
    title: str
    subject_id: str | None = Field(description="The bill this item is about (legislation's identifier), if any.")
    vote_event_ids: list[str]


class SittingOut(Schema):
    """A plenary sitting as a Popolo Event."""

    id: str
    name: str
    classification: str
    number: int
    organization_id: str
    convocation_id: str
    start_date: str
    end_date: str | None
    status: str
    registered: int
    vote_events: int

    @staticmethod
    def from_model(s: Sitting) -> dict[str, Any]:
        return {
            "id": s.slug,
            "name": s.title,
            "classification": "plenary sitting",
            "number": s.number,
            "organization_id": PARLIAMENT_SLUG,
            "convocation_id": s.convocation.slug,
            "start_date": _iso(s.starts_at),
            "end_date": _iso(s.closed_at),
            "status": s.state,
            "registered": s.registered_count,
            "vote_events": s.vote_count,
        }


class SittingDetailOut(SittingOut):
    opened_at: str | None
    quorum: QuorumOut
    agenda: list[AgendaItemOut]
    sources: list[VoteLink]
    transcript: str | None


def sitting_detail(sitting: Sitting) -> dict[str, Any]:
    data = SittingOut.from_model(sitting)
    quorum = selectors.sitting_quorum(sitting, present=sitting.registered_count)
    data.update(
        opened_at=_iso(sitting.opened_at),
        quorum={
            "total": quorum.total,
            "needed": quorum.needed,
            "present": quorum.present,
            "met": quorum.met,
            "citation": quorum.citation,
            "note": rules.NOT_FOUND_2026,
        },
        agenda=[
            {
                "position": item.position,
                "kind": item.kind,
                "title": item.title,
                "subject_id": item.subject_ref or None,
                "vote_event_ids": [v.slug for v in item.vote_events.all() if v.state != VoteState.DRAFT],
            }
            for item in sitting.agenda_items.all()
        ],
        sources=[{"url": d.url, "note": d.title} for d in sitting.documents.all()],
        transcript=sitting.transcript or None,
    )
    return data


class CountOut(Schema):
    option: str
    value: int


class MotionOut(Schema):
    text: str
    classification: str
    requirement: str
    result: str | None


class VoteEventOut(Schema):
    """Popolo VoteEvent with its counts; ``counts`` of an open vote are the ballots so far."""

    id: str
    identifier: str
    organization_id: str
    legislative_session_id: str
    motion: MotionOut
    classification: str
    decision: str | None = Field(description="In plain words, what this vote decides.")
    subject_id: str | None
    start_date: str | None
    end_date: str | None
    closes_at: str | None
    state: str
    result: str | None
    total: int | None
    present: int | None
    needed: int | None
    counts: list[CountOut]

    @staticmethod
    def from_model(v: VoteEvent) -> dict[str, Any]:
        decided = v.state in selectors.DECIDED_VOTE_STATES
        if decided:
            counts = [{"option": o.value, "value": n} for o, n in v.tally().as_counts()]
        else:
            counts = [
                {"option": rules.Option.YES.value, "value": getattr(v, "live_yes", 0)},
                {"option": rules.Option.NO.value, "value": getattr(v, "live_no", 0)},
                {"option": rules.Option.ABSTAIN.value, "value": getattr(v, "live_abstain", 0)},
            ]
        rule = v.rule
        return {
            "id": v.slug,
            "identifier": v.slug,
            "organization_id": PARLIAMENT_SLUG,
            "legislative_session_id": v.agenda_item.sitting.slug,
            "motion": {
                "text": v.title,
                "classification": v.question_type,
                "requirement": requirement_text(rule),
                "result": v.result or None,
            },
            "classification": v.question_type,
            "decision": v.summary or None,
            "subject_id": v.agenda_item.subject_ref or None,
            "start_date": _iso(v.opened_at),
            "end_date": _iso(v.closed_at),
            "closes_at": _iso(v.closes_at),
            "state": v.state,
            "result": v.result or None,
            "total": v.total_seats,
            "present": v.present_count,
            "needed": v.needed,
            "counts": counts,
        }


class GroupResultOut(Schema):
    group_id: str
    result: str | None = Field(description="The option most of the group's ballots chose; null on a tie.")
    counts: list[CountOut]


class VoteEventDetailOut(VoteEventOut):
    group_results: list[GroupResultOut]
    rule_citation: str
    ballot_change_allowed: bool


class VoteOut(Schema):
    """A Popolo Vote; ``not voting`` and ``absent`` are computed from the registrations."""

    id: str
    vote_event_id: str
    voter_id: str
    option: str
    group_id: str | None
    dissent: bool = Field(description="True when a ballot differs from the option most of the voter's faction chose.")


class SittingFilters(Schema):
    state: Literal["scheduled", "open", "closed"] | None = None
    convocation: str | None = Field(None, max_length=60)


class VoteEventFilters(Schema):
    sitting: str | None = Field(None, max_length=120)
    state: Literal["open", "closed", "published"] | None = None
    classification: QuestionTypeName | None = None
    result: Literal["pass", "fail"] | None = None
    subject: str | None = Field(None, max_length=120, description="A bill's identifier.")


class VoteFilters(Schema):
    vote_event: str | None = Field(None, max_length=160, description="Every seated deputy's vote in this vote event.")
    voter: str | None = Field(None, max_length=120, description="One deputy's votes in every decided vote event.")


class BallotIn(Schema):
    option: str = Field(..., max_length=20, description="yes, no or abstain.")
    voter_id: str | None = Field(None, max_length=120, description="The deputy; if given, it must be you.")


class RegistrationIn(Schema):
    voter_id: str = Field(..., max_length=120)


class RegistrationOut(Schema):
    sitting_id: str
    voter_id: str
    registered_at: str


class VoteOpenIn(Schema):
    duration_seconds: int = Field(..., ge=1, le=7 * 24 * 3600)


# ---------------------------------------------------------------- reads


@router.get("/sittings", response={200: list[SittingOut], 422: Problem}, summary="Plenary sittings")
@paginate(LimitOffsetPage)
def list_sittings(request: HttpRequest, filters: Query[SittingFilters]) -> Any:
    return Mapped(selectors.sitting_list(**filters.dict()), SittingOut.from_model)


@router.get("/sittings/{sitting_id}", response={200: SittingDetailOut, **READ_ERRORS}, summary="One sitting")
def get_sitting(request: HttpRequest, sitting_id: str) -> Any:
    return sitting_detail(selectors.sitting_get(sitting_id))


@router.get("/vote-events", response={200: list[VoteEventOut], 422: Problem}, summary="Vote events (Popolo)")
@paginate(LimitOffsetPage)
def list_vote_events(request: HttpRequest, filters: Query[VoteEventFilters]) -> Any:
    f = filters.dict()
    qs = selectors.vote_event_list(
        sitting=f["sitting"],
        state=f["state"],
        question_type=f["classification"],
        result=f["result"],
        subject=f["subject"],
    )
    return Mapped(qs, VoteEventOut.from_model)


def vote_event_detail(vote: VoteEvent) -> dict[str, Any]:
    call = selectors.roll_call(vote)
    data = VoteEventOut.from_model(vote)
    if vote.state not in selectors.DECIDED_VOTE_STATES:
        data["counts"] = [{"option": o, "value": n} for o, _label, n, _colour in call.counts]
    data["group_results"] = [
        {
            "group_id": g.faction.slug,
            "result": g.majority,
            "counts": [{"option": o.value, "value": n} for o, n in g.tally.as_counts()],
        }
        for g in call.factions
    ]
    data["rule_citation"] = vote.rule.citation
    data["ballot_change_allowed"] = vote.rule.allow_change
    return data


@router.get("/vote-events/{vote_event_id}", response={200: VoteEventDetailOut, **READ_ERRORS}, summary="One vote event")
def get_vote_event(request: HttpRequest, vote_event_id: str) -> Any:
    return vote_event_detail(selectors.vote_event_get(vote_event_id))


@router.get(
    "/votes",
    response={200: list[VoteOut], **READ_ERRORS},
    summary="Votes (Popolo): the roll call of a vote event, or one deputy's record",
)
@paginate(LimitOffsetPage)
def list_votes(request: HttpRequest, filters: Query[VoteFilters]) -> Any:
    if filters.vote_event:
        rows = selectors.vote_rows_for_api(selectors.vote_event_get(filters.vote_event))
        return [r for r in rows if not filters.voter or r["voter_id"] == filters.voter]
    if filters.voter:
        person = Person.objects.filter(slug=filters.voter).first()
        if person is None:
            raise NotFound("No person with this identifier.", data={"id": filters.voter})
        record = selectors.deputy_record(person, per_page=100_000)
        if record is None:
            return []
        return [
            {
                "id": f"{r.vote.slug}--{person.slug}",
                "vote_event_id": r.vote.slug,
                "voter_id": person.slug,
                "option": r.option,
                "group_id": None,
                "dissent": r.dissent,
            }
            for r in record.rows
        ]
    raise DomainError(Code.FILTER_REQUIRED, "Filter votes by vote_event or by voter.", status=422)


# ---------------------------------------------------------------- writes


@router.post(
    "/vote-events/{vote_event_id}/ballots",
    auth=hot_write_auth,
    response={201: VoteOut, **WRITE_ERRORS},
    summary="Cast your own ballot (a deputy, in a session with TOTP confirmed)",
)
def cast_ballot(request: HttpRequest, vote_event_id: str, payload: BallotIn) -> Any:
    vote = selectors.vote_event_ref(vote_event_id)
    ballot = services.ballot_cast(vote_event=vote, user=request.user, option=payload.option, deputy=payload.voter_id)
    return Status(
        201,
        {
            "id": f"{vote.slug}--{ballot.deputy.slug}",
            "vote_event_id": vote.slug,
            "voter_id": ballot.deputy.slug,
            "option": ballot.option,
            "group_id": None,
            "dissent": False,
        },
    )


def _sitting(sitting_id: str) -> Sitting:
    return selectors.sitting_get(sitting_id)


@router.post(
    "/sittings/{sitting_id}/open",
    auth=api_auth,
    response={200: SittingDetailOut, **WRITE_ERRORS},
    summary="Open a sitting (clerk)",
)
def open_sitting(request: HttpRequest, sitting_id: str) -> Any:
    services.sitting_open(sitting=_sitting(sitting_id), actor=request.user)
    return sitting_detail(_sitting(sitting_id))


@router.post(
    "/sittings/{sitting_id}/close",
    auth=api_auth,
    response={200: SittingDetailOut, **WRITE_ERRORS},
    summary="Close a sitting (clerk)",
)
def close_sitting(request: HttpRequest, sitting_id: str) -> Any:
    services.sitting_close(sitting=_sitting(sitting_id), actor=request.user)
    return sitting_detail(_sitting(sitting_id))


@router.post(
    "/sittings/{sitting_id}/registrations",
    auth=api_auth,
    response={201: RegistrationOut, **WRITE_ERRORS},
    summary="Register a deputy as present (the clerk, or the deputy themself with TOTP)",
)
def register(request: HttpRequest, sitting_id: str, payload: RegistrationIn) -> Any:
    sitting = _sitting(sitting_id)
    person = Person.objects.filter(slug=payload.voter_id).first()
    if person is None:
        raise DomainError(Code.UNKNOWN_DEPUTY, "No deputy with this identifier.", status=422)
    made = services.deputy_register(sitting=sitting, deputy=person, actor=request.user)
    return Status(201, {"sitting_id": sitting.slug, "voter_id": person.slug, "registered_at": _iso(made.registered_at)})


@router.post(
    "/vote-events/{vote_event_id}/open",
    auth=api_auth,
    response={200: VoteEventOut, **WRITE_ERRORS},
    summary="Open a drafted vote for a set time (clerk)",
)
def open_vote(request: HttpRequest, vote_event_id: str, payload: VoteOpenIn) -> Any:
    vote = selectors.vote_event_get(vote_event_id, drafts=True)
    services.vote_open(vote_event=vote, duration=timedelta(seconds=payload.duration_seconds), actor=request.user)
    return VoteEventOut.from_model(selectors.vote_event_get(vote_event_id))


@router.post(
    "/vote-events/{vote_event_id}/close",
    auth=api_auth,
    response={200: VoteEventOut, **WRITE_ERRORS},
    summary="Close a vote and fix its result (clerk)",
)
def close_vote(request: HttpRequest, vote_event_id: str) -> Any:
    vote = services.vote_close(vote_event=selectors.vote_event_get(vote_event_id, drafts=True), actor=request.user)
    return VoteEventOut.from_model(vote)


@router.post(
    "/vote-events/{vote_event_id}/publish",
    auth=api_auth,
    response={200: VoteEventOut, **WRITE_ERRORS},
    summary="Publish the official result; it is immutable from then on (clerk)",
)
def publish_vote(request: HttpRequest, vote_event_id: str) -> Any:
    vote = services.vote_publish(vote_event=selectors.vote_event_get(vote_event_id, drafts=True), actor=request.user)
    return VoteEventOut.from_model(vote)
