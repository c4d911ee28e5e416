"""/api/v1/elections: elections, results, candidates, and the what-if allocation endpoint."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kurultai.accounts.auth import api_auth
from kurultai.common.api import LimitOffsetPage, Mapped, Problem
from kurultai.common.errors import DomainError
from kurultai.elections import selectors, services
from kurultai.elections.allocation import Method, Row
from kurultai.elections.models import Candidate, Election

router = Router(tags=["elections"])


class ElectionOut(Schema):
    id: str
    name: str
    polling_date: str
    seats: int
    method: str
    threshold_percent: str
    min_lists: int
    status: str
    illustrative: bool = Field(description="True when the votes are illustrative demo figures, not a real result.")
    rules_citation: str
    list_quota_percent: int
    list_quota_citation: str
    convocation_id: str | None

    @staticmethod
    def from_model(e: Election) -> dict[str, Any]:
        return {
            "id": e.slug,
            "name": e.name,
            "polling_date": e.polling_date.isoformat(),
            "seats": e.seats,
            "method": e.method,
            "threshold_percent": format(e.threshold_percent.normalize(), "f"),
            "min_lists": e.min_lists,
            "status": e.status,
            "illustrative": e.illustrative,
            "rules_citation": e.rules_citation,
            "list_quota_percent": e.list_quota_percent,
            "list_quota_citation": e.list_quota_citation,
            "convocation_id": e.convocation.slug if e.convocation_id else None,
        }


class AllocationRowOut(Schema):
    party: str
    label: str
    votes: int
    seats: int
    passed_threshold: bool
    eligible: bool


class IndicesOut(Schema):
    gallagher: float
    loosemore_hanby: float
    enp_votes: float
    enp_seats: float


class SimulationRowOut(Schema):
    party: str
    mean_seats: float
    p5: int
    p95: int
    p_majority: float
    p_two_thirds: float


class AllocationOut(Schema):
    method: str
    seats_total: int
    threshold_votes: int
    allocation: list[AllocationRowOut]
    indices: IndicesOut
    scenarios: int | None = None
    simulation: list[SimulationRowOut] | None = None


class ElectionDetailOut(ElectionOut):
    threshold_votes: int | None
    result: AllocationOut | None


class CandidateOut(Schema):
    position: int
    party_id: str
    person_id: str
    name: str
    status: str
    area_id: str | None

    @staticmethod
    def from_model(c: Candidate) -> dict[str, Any]:
        return {
            "position": c.position,
            "party_id": c.party_list.party.slug if c.party_list.party_id else "",
            "person_id": c.person.slug,
            "name": c.person.name,
            "status": c.status,
            "area_id": c.area.slug if c.area_id else None,
        }


class RowIn(Schema):
    party: str = Field(..., min_length=1, max_length=120)
    votes: int = Field(..., ge=0, le=10**12)
    eligible: bool = True
    minority: bool = False


class AllocationIn(Schema):
    seats: int = Field(..., ge=1, le=selectors.MAX_SEATS)
    method: Method
    threshold_percent: float = Field(0, ge=0, le=100)
    min_lists: int = Field(0, ge=0, le=selectors.MAX_ROWS)
    rows: list[RowIn] = Field(..., min_length=1, max_length=selectors.MAX_ROWS)
    simulate: int = Field(0, ge=0, le=selectors.MAX_WHATIF_SCENARIOS, description="Scenarios to draw (0 for none).")
    noise: float = Field(0.02, ge=0, le=1)
    seed: int = Field(1, ge=0, le=2**32 - 1)


def outcome_json(outcome: selectors.Outcome) -> dict[str, Any]:
    a = outcome.allocation
    doc: dict[str, Any] = {
        "method": a.rules.method,
        "seats_total": a.rules.seats,
        "threshold_votes": a.threshold_votes,
        "allocation": [
            {
                "party": r.key,
                "label": r.label,
                "votes": r.votes,
                "seats": r.seats,
                "passed_threshold": r.passed_threshold,
                "eligible": r.eligible,
            }
            for r in outcome.rows
        ],
        "indices": {
            "gallagher": round(a.indices.gallagher, 4),
            "loosemore_hanby": round(a.indices.loosemore_hanby, 4),
            "enp_votes": round(a.indices.enp_votes, 4),
            "enp_seats": round(a.indices.enp_seats, 4),
        },
    }
    if outcome.simulation is not None:
        doc["scenarios"] = outcome.simulation.scenarios
        doc["simulation"] = [
            {
                "party": s.party,
                "mean_seats": round(s.mean_seats, 4),
                "p5": s.p5,
                "p95": s.p95,
                "p_majority": round(s.p_majority, 6),
                "p_two_thirds": round(s.p_two_thirds, 6),
            }
            for s in outcome.simulation.rows
        ]
    return doc


@router.get("/elections", response={200: list[ElectionOut], 422: Problem}, summary="List elections")
@paginate(LimitOffsetPage)
def list_elections(request: HttpRequest) -> Any:
    return Mapped(selectors.election_list(), ElectionOut.from_model)


@router.post(
    "/elections/allocations",
    response={200: AllocationOut, 422: Problem},
    summary="Allocate seats for any result (what-if)",
)
def allocation_compute(request: HttpRequest, payload: AllocationIn) -> Any:
    """The same computation the what-if page uses: any votes, method, threshold and seats."""
    names = [r.party for r in payload.rows]
    if len(set(names)) != len(names):
        raise DomainError("duplicate_party", "Each party may appear only once.", status=422)
    rules = selectors.parse_rules(
        seats=payload.seats,
        method=payload.method,
        threshold=str(payload.threshold_percent),
        min_lists=payload.min_lists,
    )
    rows = [Row(party=r.party, votes=r.votes, eligible=r.eligible, minority=r.minority) for r in payload.rows]
    outcome = selectors.outcome_from(
        rows,
        rules,
        labels={},
        colours={},
        slugs={},
        simulate_scenarios=payload.simulate,
        noise=payload.noise,
        seed=payload.seed,
    )
    return outcome_json(outcome)


@router.get(
    "/elections/{election_id}",
    response={200: ElectionDetailOut, 404: Problem, 422: Problem},
    summary="One election with its result",
)
def get_election(request: HttpRequest, election_id: str) -> Any:
    election = selectors.election_get(election_id)
    data = ElectionOut.from_model(election)
    data["threshold_votes"] = election.threshold_votes
    has_votes = all(p.votes is not None for p in election.lists.all()) and election.lists.all()
    data["result"] = outcome_json(selectors.election_outcome(election)) if has_votes else None
    return data


@router.get(
    "/elections/{election_id}/candidates",
    response={200: list[CandidateOut], 404: Problem, 422: Problem},
    summary="Candidates on the lists",
)
@paginate(LimitOffsetPage)
def list_candidates(request: HttpRequest, election_id: str, party: str | None = None) -> Any:
    election = selectors.election_get(election_id)
    qs = Candidate.objects.filter(party_list__election=election).select_related("person", "area", "party_list__party")
    if party:
        qs = qs.filter(party_list__party__slug=party)
    return Mapped(qs.order_by("party_list__registration_order", "position"), CandidateOut.from_model)


class ResultRowIn(Schema):
    registration_order: int = Field(..., ge=1, le=selectors.MAX_ROWS)
    votes: int = Field(..., ge=0, le=10**12)


class ResultsIn(Schema):
    rows: list[ResultRowIn] = Field(..., min_length=1, max_length=selectors.MAX_ROWS)


class FormIn(Schema):
    number: int = Field(..., ge=1, le=1000)
    start_date: date


CLERK_ERRORS: dict[int, type[Schema]] = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


@router.put(
    "/elections/{election_id}/results",
    auth=api_auth,
    response={200: ElectionOut, **CLERK_ERRORS},
    summary="Enter the votes of every row (clerk)",
)
def put_results(request: HttpRequest, election_id: str, payload: ResultsIn) -> Any:
    election = selectors.election_get(election_id)
    by_order = {p.registration_order: p.pk for p in election.lists.all()}
    unknown = [r.registration_order for r in payload.rows if r.registration_order not in by_order]
    if unknown:
        raise DomainError("unknown_row", "No row with this registration order.", status=422, data={"rows": unknown})
    votes = {by_order[r.registration_order]: r.votes for r in payload.rows}
    election = services.results_enter(election=election, votes=votes, actor=request.user)
    return ElectionOut.from_model(selectors.election_get(election.slug))


@router.post(
    "/elections/{election_id}/certification",
    auth=api_auth,
    response={200: ElectionOut, **CLERK_ERRORS},
    summary="Certify the results: compute and freeze the allocation (clerk)",
)
def certify(request: HttpRequest, election_id: str) -> Any:
    election = services.election_certify(election=selectors.election_get(election_id), actor=request.user)
    return ElectionOut.from_model(selectors.election_get(election.slug))


@router.post(
    "/elections/{election_id}/convocation",
    auth=api_auth,
    response={200: ElectionOut, **CLERK_ERRORS},
    summary="Form the convocation from certified results (clerk)",
)
def form_convocation(request: HttpRequest, election_id: str, payload: FormIn) -> Any:
    election = selectors.election_get(election_id)
    services.convocation_form(
        election=election, number=payload.number, start_date=payload.start_date, actor=request.user
    )
    return ElectionOut.from_model(selectors.election_get(election.slug))
