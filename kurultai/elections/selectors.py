"""Reads for elections, and the what-if computation shared by the page and the API."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurultai.common.errors import DomainError, NotFound
from kurultai.elections.allocation import METHODS, Allocation, AllocationError, Row, Rules, allocate
from kurultai.elections.hemicycle import colour_seats
from kurultai.elections.models import Candidate, Election, PartyList
from kurultai.elections.simulate import SimulationResult, simulate

METHOD_LABELS = {
    "hare": gettext_lazy("Hare quota, largest remainder"),
    "droop": gettext_lazy("Droop quota, largest remainder"),
    "hagenbach-bischoff": gettext_lazy("Hagenbach-Bischoff quota, largest remainder"),
    "imperiali": gettext_lazy("Imperiali quota, largest remainder"),
    "dhondt": gettext_lazy("D'Hondt (highest averages)"),
    "sainte-lague": gettext_lazy("Sainte-Laguë (highest averages)"),
    "modified-sainte-lague": gettext_lazy("Modified Sainte-Laguë (first divisor 1.4)"),
    "huntington-hill": gettext_lazy("Huntington-Hill (highest averages)"),
}
MAX_ROWS = 60
MAX_VOTES = 10**12
MAX_SEATS = 1000
MAX_WHATIF_SCENARIOS = 200_000
NON_LIST_COLOUR = "#9aa5b1"


def election_list() -> QuerySet[Election]:
    return Election.objects.select_related("parliament", "convocation").order_by("-polling_date", "slug")


def election_get(slug: str) -> Election:
    election = (
        Election.objects.select_related("parliament", "convocation")
        .prefetch_related(
            Prefetch("lists", queryset=PartyList.objects.select_related("party").order_by("registration_order"))
        )
        .filter(slug=slug)
        .first()
    )
    if election is None:
        raise NotFound(_("No election with this identifier."), data={"id": slug})
    return election


def candidates_of(party_list: PartyList) -> QuerySet[Candidate]:
    return party_list.candidates.select_related("person", "area").order_by("position")


@dataclass(frozen=True)
class ResultRow:
    key: str
    label: str
    party_slug: str | None
    colour: str
    votes: int
    share: float
    seats: int
    passed_threshold: bool
    eligible: bool


@dataclass(frozen=True)
class Outcome:
    """An allocation ready for a page or the API: rows in input order, seats laid out."""

    allocation: Allocation
    rows: list[ResultRow]
    seats_total: int
    layout: list[Any]
    simulation: SimulationResult | None = None

    @property
    def majority(self) -> int:
        return self.seats_total // 2 + 1

    @property
    def two_thirds(self) -> int:
        return -(-2 * self.seats_total // 3)

    @property
    def simulation_rows(self) -> list[tuple[str, Any]]:
        if self.simulation is None:
            return []
        rows = {r.key: r for r in self.rows}
        return [(rows[s.party].label, s) for s in self.simulation.rows if s.party in rows and rows[s.party].eligible]


def _allocation_message(reason: str) -> str:
    """The pure core speaks English; pages and the API answer in the reader's language."""
    if reason.startswith("No list can receive seats"):
        return _("No list can receive seats: no list passed the threshold with any votes.")
    if "too large" in reason:
        return _("The vote counts are too large.")
    return _("These votes and rules cannot allocate seats.")


def method_label(method: str) -> str:
    return str(METHOD_LABELS.get(method, method))


def outcome_from(
    rows: list[Row],
    rules: Rules,
    *,
    labels: dict[str, str],
    colours: dict[str, str],
    slugs: dict[str, str | None],
    simulate_scenarios: int = 0,
    noise: float = 0.02,
    seed: int = 1,
) -> Outcome:
    try:
        allocation = allocate(rows, rules)
        sim = (
            simulate(rows, rules, scenarios=simulate_scenarios, noise=noise, seed=seed) if simulate_scenarios else None
        )
    except AllocationError as exc:
        raise DomainError(
            "invalid_allocation", _allocation_message(str(exc)), status=422, data={"reason": str(exc)}
        ) from None
    total_votes = sum(r.votes for r in rows) or 1
    result_rows = [
        ResultRow(
            key=r.party,
            label=labels.get(r.party, r.party),
            party_slug=slugs.get(r.party),
            colour=colours.get(r.party) or NON_LIST_COLOUR,
            votes=r.votes,
            share=100 * r.votes / total_votes,
            seats=r.seats,
            passed_threshold=r.passed_threshold,
            eligible=r.eligible,
        )
        for r in allocation.rows
    ]
    groups = [(r.label, r.seats, r.colour) for r in result_rows if r.seats]
    return Outcome(
        allocation=allocation,
        rows=result_rows,
        seats_total=rules.seats,
        layout=colour_seats(rules.seats, groups),
        simulation=sim,
    )


def _row_key(plist: PartyList) -> str:
    return plist.party.slug if plist.party_id else f"row-{plist.registration_order}"


def election_outcome(
    election: Election, *, votes: dict[str, int] | None = None, rules: Rules | None = None, simulate_scenarios: int = 0
) -> Outcome:
    """The election's result (or a what-if variant of it: other votes, other rules)."""
    lists = list(election.lists.all())
    rows = [
        Row(
            party=_row_key(p),
            votes=(votes or {}).get(_row_key(p), p.votes or 0),
            eligible=p.eligible,
            minority=p.minority,
        )
        for p in lists
    ]
    labels = {_row_key(p): (p.party.short_name or p.party.name) if p.party_id else p.label for p in lists}
    colours = {_row_key(p): p.party.color for p in lists if p.party_id}
    slugs = {_row_key(p): p.party.slug if p.party_id else None for p in lists}
    base_rules = rules or Rules(
        seats=election.seats,
        method=election.method,  # type: ignore[arg-type]
        threshold_percent=Fraction(str(election.threshold_percent)),
        min_lists=election.min_lists,
    )
    return outcome_from(
        rows, base_rules, labels=labels, colours=colours, slugs=slugs, simulate_scenarios=simulate_scenarios
    )


def parse_rules(*, seats: int, method: str, threshold: str | float | Fraction, min_lists: int = 0) -> Rules:
    if method not in METHODS:
        raise DomainError(
            "unknown_method", _("Unknown method; choose one of: %(m)s.") % {"m": ", ".join(METHODS)}, status=422
        )
    if not 0 < seats <= MAX_SEATS:
        raise DomainError("invalid_seats", _("Seats must be between 1 and %(n)s.") % {"n": MAX_SEATS}, status=422)
    try:
        pct = Fraction(str(threshold).rstrip("%").strip() or "0")
    except (ValueError, ZeroDivisionError):
        raise DomainError("invalid_threshold", _("The threshold must be a number of percent."), status=422) from None
    if not 0 <= pct <= 100:
        raise DomainError("invalid_threshold", _("The threshold must be between 0% and 100%."), status=422)
    return Rules(seats=seats, method=method, threshold_percent=pct, min_lists=min_lists)  # type: ignore[arg-type,unused-ignore]
