"""Reads for the modelling pages and API: who holds power in the parliament, and in any
hypothetical seat distribution. The algorithms are in the pure cores (``power``)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurultai.common.errors import DomainError, NotFound
from kurultai.common.models import AuditEntry
from kurultai.legislation.models import Act, ActVersion, Bill
from kurultai.legislation.text import document_from_dict, is_within
from kurultai.modelling import fiscal
from kurultai.modelling import forecast as fc
from kurultai.modelling import power as pw
from kurultai.modelling import references as refs
from kurultai.modelling.models import BillReform, VoteForecast
from kurultai.plenary.models import Ballot, VoteEvent, VoteResult
from kurultai.plenary.selectors import DECIDED_VOTE_STATES, seated_with_factions, sitting_date
from kurultai.registry.models import (
    Area,
    AreaClassification,
    Membership,
    MembershipRole,
    Organization,
    OrganizationClassification,
    Person,
)
from kurultai.registry.selectors import PARLIAMENT_SLUG, current_convocation

RULES = ("majority", "two_thirds")
MAX_PLAYERS = 200
MAX_WEIGHT = 100_000
MWC_LIMIT = 40
NO_FACTION_COLOUR = "#6b7580"


@dataclass(frozen=True)
class Player:
    key: str  # faction slug, or a deputy's slug when they sit outside every faction
    name: str
    colour: str
    weight: int


@dataclass(frozen=True)
class PowerRow:
    player: Player
    seat_share: float
    banzhaf: float
    shapley_shubik: float

    @property
    def ratio(self) -> float:
        """Banzhaf power per unit of seat share: above 1 means more power than seats."""
        return self.banzhaf / self.seat_share if self.seat_share else 0.0


@dataclass(frozen=True)
class PowerTable:
    rule: str
    quota: int
    total: int
    rows: list[PowerRow]
    minimal_winning: list[list[str]]
    minimal_complete: bool


def rule_label(rule: str) -> str:
    if rule == "two_thirds":
        return _("Two thirds of all deputies")
    if rule == "majority":
        return _("Majority of all deputies")
    return _("Custom quota")


def quota_for(rule: str, total: int) -> int:
    if rule == "two_thirds":
        return pw.two_thirds_quota(total)
    return pw.majority_quota(total)


def parliament_players(on: date | None = None) -> tuple[list[Player], int]:
    """Factions of the sitting parliament (seats as weights), deputies outside factions alone,
    and the constitutional total number of deputies (vacant seats count in the total)."""
    day = on or timezone.localdate()
    seated = seated_with_factions(day)
    by_faction: dict[str, Player] = {}
    alone: list[Player] = []
    for person, faction in seated:
        if faction is None:
            alone.append(Player(key=person.slug, name=person.name, colour=NO_FACTION_COLOUR, weight=1))
            continue
        known = by_faction.get(faction.slug)
        weight = known.weight + 1 if known else 1
        by_faction[faction.slug] = Player(
            key=faction.slug,
            name=faction.short_name or faction.name,
            colour=faction.color or NO_FACTION_COLOUR,
            weight=weight,
        )
    convocation = current_convocation()
    players = sorted(by_faction.values(), key=lambda p: (-p.weight, p.key)) + alone
    total = convocation.seats if convocation else sum(p.weight for p in players)
    return players, max(total, sum(p.weight for p in players))


def power_table(players: Sequence[Player], *, rule: str, total: int, quota: int | None = None) -> PowerTable:
    """Indices of every player under a rule (or a given quota); raises DomainError when undefined."""
    if not players:
        raise DomainError("no_players", _("There is no seat distribution to analyse."), status=404)
    if len(players) > MAX_PLAYERS or any(p.weight > MAX_WEIGHT for p in players):
        raise DomainError("too_large", _("The game is too large to analyse here."), status=422)
    q = quota if quota is not None else quota_for(rule, total)
    weights = [p.weight for p in players]
    if not 0 < q <= sum(weights):
        raise DomainError(
            "quota_out_of_range",
            _("The quota must be between 1 and the number of seats held."),
            status=422,
            data={"quota": q, "seats_held": sum(weights)},
        )
    try:
        indices = pw.power_indices(weights, q)
        minimal = pw.minimal_winning_coalitions(weights, q, limit=MWC_LIMIT)
    except pw.PowerError as exc:
        raise DomainError("invalid_game", str(exc), status=422) from exc
    rows = [
        PowerRow(
            player=p, seat_share=p.weight / total, banzhaf=float(ix.banzhaf), shapley_shubik=float(ix.shapley_shubik)
        )
        for p, ix in zip(players, indices.players, strict=True)
    ]
    return PowerTable(
        rule=rule,
        quota=q,
        total=total,
        rows=rows,
        minimal_winning=[[players[i].name for i in c] for c in minimal.coalitions],
        minimal_complete=minimal.complete,
    )


def parse_whatif(names: Sequence[str], seats: Sequence[str]) -> list[Player]:
    """A seat distribution from the what-if link: parallel lists of names and seat counts."""
    if len(names) != len(seats):
        raise DomainError("invalid", _("Every party needs a number of seats."), status=422)
    players: list[Player] = []
    seen: set[str] = set()
    for i, (name, raw) in enumerate(zip(names, seats, strict=True)):
        label = name.strip()[:120]
        try:
            weight = int(raw)
        except ValueError:
            raise DomainError("invalid", _("Seats must be whole numbers, zero or more."), status=422) from None
        if weight < 0 or not label or label in seen:
            raise DomainError("invalid", _("Seats must be whole numbers, zero or more."), status=422)
        seen.add(label)
        if weight:
            players.append(Player(key=f"p{i}", name=label, colour=NO_FACTION_COLOUR, weight=weight))
    return players


# ---------------------------------------------------------------- vote forecasts

FORECAST_HISTORY = 200  # past votes a forecast learns from
BACKTEST_VOTES = 40


@dataclass(frozen=True)
class FactionLine:
    slug: str
    name: str
    colour: str
    seats: int
    position: fc.Position
    declared: bool
    cohesion: fc.FactionCohesion | None
    expected_yes: float


@dataclass(frozen=True)
class VoteForecastView:
    vote: VoteEvent
    forecast: fc.Forecast
    factions: list[FactionLine]
    past_votes: int
    total: int
    rule_citation: str
    deputies: list[tuple[Person, fc.DeputyRecord]]
    bars: list[tuple[int, str, str, bool]]  # yes votes, top and height of the bar (of 100), meets the rule

    @property
    def expected_present(self) -> float:
        return sum(r.attendance or 0.0 for _, r in self.deputies)


def _decided_votes(before: datetime | None, limit: int) -> list[VoteEvent]:
    qs = VoteEvent.objects.filter(state__in=DECIDED_VOTE_STATES, opened_at__isnull=False)
    if before is not None:
        qs = qs.filter(opened_at__lt=before)
    return list(qs.order_by("-opened_at", "-id")[:limit])


Periods = dict[str, list[tuple[date | None, date | None, str]]]


def _periods(deputies: Sequence[str]) -> tuple[Periods, Periods]:
    """The dated seat and faction memberships of these deputies (two queries)."""
    seats: Periods = {}
    factions: Periods = {}
    base = Membership.objects.filter(person__slug__in=deputies)
    for slug, start, end in base.filter(organization__slug=PARLIAMENT_SLUG, role=MembershipRole.DEPUTY).values_list(
        "person__slug", "start_date", "end_date"
    ):
        seats.setdefault(slug, []).append((start, end, ""))
    for slug, org, start, end in base.filter(
        organization__classification=OrganizationClassification.FACTION, role=MembershipRole.MEMBER
    ).values_list("person__slug", "organization__slug", "start_date", "end_date"):
        factions.setdefault(slug, []).append((start, end, org))
    return seats, factions


def _held(periods: Sequence[tuple[date | None, date | None, str]], day: date) -> str | None:
    """The organisation of the membership open on ``day`` (open ends count as open)."""
    for start, end, org in periods:
        if (start is None or start <= day) and (end is None or end >= day):
            return org
    return None


def _past(votes: Sequence[VoteEvent], deputies: Sequence[str]) -> dict[int, fc.PastVote]:
    """Each vote's ballots by deputy slug, with each deputy's faction on the day (three queries).

    A deputy counts in a past vote when they held a seat on its day (the registry's dated seat
    memberships) or cast a ballot in it; seated without a ballot is None (absent). Their faction
    is the one they were a member of on that day, so a deputy who switched counts for the
    faction they were in at the time.
    """
    cast: dict[int, dict[str, str]] = {v.pk: {} for v in votes}
    for vote_id, slug, option in Ballot.objects.filter(vote_event__in=[v.pk for v in votes]).values_list(
        "vote_event_id", "deputy__slug", "option"
    ):
        cast[vote_id][slug] = option
    seats, factions = _periods(deputies)
    out: dict[int, fc.PastVote] = {}
    for v in votes:
        day = timezone.localdate(v.opened_at) if v.opened_at else timezone.localdate()
        present = [d for d in deputies if d in cast[v.pk] or _held(seats.get(d, ()), day) is not None]
        out[v.pk] = fc.PastVote(
            ballots={d: cast[v.pk].get(d) for d in present},
            factions={d: _held(factions.get(d, ()), day) for d in present},
        )
    return out


def _mean(values: Sequence[float | None], default: float) -> float:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else default


def _forecast_from(
    vote: VoteEvent,
    seated: Sequence[tuple[Person, Organization | None]],
    past: Sequence[fc.PastVote],
    positions: Mapping[str, fc.Position],
    total: int,
) -> tuple[fc.Forecast, list[FactionLine], list[tuple[Person, fc.DeputyRecord]]]:
    factions = {p.slug: (f.slug if f else None) for p, f in seated}
    hist = fc.history(past, factions)
    cohesion = {c.faction: c for c in hist.factions}
    records = {r.deputy: r for r in hist.deputies}
    mean_attendance = _mean([r.attendance for r in hist.deputies], 0.9)
    mean_loyalty = _mean([r.loyalty for r in hist.deputies], 0.9)
    orgs = {f.slug: f for _, f in seated if f is not None}
    lines: dict[str, fc.Position] = {
        slug: positions.get(slug, fc.inferred_position(cohesion.get(slug))) for slug in orgs
    }
    probabilities: list[float] = []
    per_faction: dict[str, float] = {}
    seats: dict[str, int] = {}
    for person, faction in seated:
        position = lines[faction.slug] if faction else fc.Position.FREE
        p = fc.yes_probability(
            records[person.slug], position, mean_attendance=mean_attendance, mean_loyalty=mean_loyalty
        )
        probabilities.append(p)
        if faction:
            per_faction[faction.slug] = per_faction.get(faction.slug, 0.0) + p
            seats[faction.slug] = seats.get(faction.slug, 0) + 1
    expected_present = mean_attendance * len(seated)
    needed = vote.rule.threshold.needed(total=total, present=round(expected_present))
    result = fc.forecast(probabilities, needed)
    rows = sorted(
        (
            FactionLine(
                slug=slug,
                name=org.short_name or org.name,
                colour=org.color or NO_FACTION_COLOUR,
                seats=seats[slug],
                position=lines[slug],
                declared=slug in positions,
                cohesion=cohesion.get(slug),
                expected_yes=per_faction[slug],
            )
            for slug, org in orgs.items()
        ),
        key=lambda r: (-r.seats, r.slug),
    )
    return result, rows, [(p, records[p.slug]) for p, _ in seated]


def vote_forecast(vote: VoteEvent, *, positions: Mapping[str, fc.Position] | None = None) -> VoteForecastView:
    """The forecast for a vote from the decided votes before it (three queries and the roll)."""
    sitting = vote.agenda_item.sitting
    seated = seated_with_factions(sitting_date(sitting))
    total = vote.total_seats or sitting.convocation.seats
    history_votes = _decided_votes(vote.opened_at or timezone.now(), FORECAST_HISTORY)
    past = _past(history_votes, [p.slug for p, _ in seated])
    result, rows, deputies = _forecast_from(
        vote, seated, [past[v.pk] for v in history_votes if v.pk != vote.pk], positions or {}, total
    )
    peak = max(result.distribution) or 1.0
    bars = [
        (k, f"{100 - 100 * x / peak:.3f}", f"{100 * x / peak:.3f}", k >= result.needed)
        for k, x in enumerate(result.distribution)
    ]
    return VoteForecastView(
        vote=vote,
        forecast=result,
        factions=rows,
        past_votes=len([v for v in history_votes if v.pk != vote.pk]),
        total=total,
        rule_citation=vote.rule.citation,
        deputies=deputies,
        bars=bars,
    )


@dataclass(frozen=True)
class ScoredForecast:
    vote: VoteEvent
    probability: float
    passed: bool
    brier: float


@dataclass(frozen=True)
class Calibration:
    recorded: list[ScoredForecast]
    pending: list[VoteForecast]
    recorded_bins: list[fc.CalibrationBin]
    backtest: list[ScoredForecast]
    backtest_bins: list[fc.CalibrationBin]

    @staticmethod
    def mean_brier(rows: Sequence[ScoredForecast]) -> float | None:
        return sum(r.brier for r in rows) / len(rows) if rows else None

    @property
    def recorded_brier(self) -> float | None:
        return self.mean_brier(self.recorded)

    @property
    def backtest_brier(self) -> float | None:
        return self.mean_brier(self.backtest)


def _passed(vote: VoteEvent) -> bool:
    return vote.result == VoteResult.PASS


CALIBRATION_TTL = 3600  # seconds; a write makes a new key long before this


def _data_version() -> str:
    """The newest audit entry: every write (a vote cast, closed or published, a forecast
    recorded, a membership changed) writes one, so it changes whenever the inputs do. Its time
    goes with its id because a rolled-back transaction's id may be given out again (SQLite)."""
    newest = AuditEntry.objects.order_by("-id").values_list("id", "at").first()
    return f"{newest[0]}@{newest[1].timestamp()}" if newest else "0"


def calibration() -> Calibration:
    """The calibration page's figures, computed once per write rather than on every view.

    The backtest forecasts dozens of past votes, each from the ballots of the votes before it;
    it depends only on the stored votes and forecasts and on today's seats, so it is cached
    under the newest audit entry's id and the date.
    """
    key = f"modelling:calibration:{_data_version()}:{timezone.localdate().isoformat()}"
    cached = cache.get(key)
    if isinstance(cached, Calibration):
        return cached
    result = _calibration()
    cache.set(key, result, CALIBRATION_TTL)
    return result


def _calibration() -> Calibration:
    """Recorded forecasts scored against the results, and a backtest of recent decided votes
    (each forecast only from the votes before it, with the factions' usual lines)."""
    forecasts = list(VoteForecast.objects.select_related("vote_event").order_by("-recorded_at"))
    recorded = [
        ScoredForecast(
            vote=f.vote_event,
            probability=f.probability,
            passed=_passed(f.vote_event),
            brier=fc.brier(f.probability, _passed(f.vote_event)),
        )
        for f in forecasts
        if f.vote_event.state in DECIDED_VOTE_STATES
    ]
    pending = [f for f in forecasts if f.vote_event.state not in DECIDED_VOTE_STATES]
    votes = _decided_votes(None, FORECAST_HISTORY)
    seated = seated_with_factions(timezone.localdate())
    past = _past(votes, [p.slug for p, _ in seated])
    convocation = current_convocation()
    total = convocation.seats if convocation else len(seated)
    backtest: list[ScoredForecast] = []
    for i, vote in enumerate(votes[:BACKTEST_VOTES]):
        earlier = [past[v.pk] for v in votes[i + 1 :]]
        result, _rows, _deps = _forecast_from(vote, seated, earlier, {}, vote.total_seats or total)
        backtest.append(
            ScoredForecast(
                vote=vote,
                probability=result.probability,
                passed=_passed(vote),
                brier=fc.brier(result.probability, _passed(vote)),
            )
        )
    return Calibration(
        recorded=recorded,
        pending=pending,
        recorded_bins=fc.calibration([(r.probability, r.passed) for r in recorded]),
        backtest=backtest,
        backtest_bins=fc.calibration([(r.probability, r.passed) for r in backtest]),
    )


# ---------------------------------------------------------------- legal impact

CHANGING_OPS = frozenset({"replace", "repeal", "renumber"})


@dataclass(frozen=True)
class Citation:
    act: Act
    language: str
    source: str  # eId of the citing provision in force
    source_text: str
    target: str  # eId of the changed provision it cites
    quote: str


@dataclass(frozen=True)
class LegalImpact:
    bill: Bill
    act: Act | None
    changed: dict[str, list[str]]  # language -> eIds the bill changes or repeals
    citations: list[Citation]


def _latest_text(act: Act) -> ActVersion | None:
    return ActVersion.objects.filter(act=act).order_by("-valid_from").first()


def _name_matches(cited: str, title: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[\W_]+", " ", s).strip().lower()

    return len(norm(cited)) >= 3 and norm(cited) in norm(title)


def bill_legal_impact(slug: str) -> LegalImpact:
    """Provisions in force that cite a provision the bill changes or repeals: inside the amended
    act (references resolved to eIds) and in other acts that cite it by name."""
    bill = Bill.objects.select_related("amends_act", "current_version").filter(slug=slug).first()
    if bill is None:
        raise NotFound(_("No bill with this identifier."), data={"id": slug})
    act = bill.amends_act
    version = bill.current_version
    if act is None or version is None:
        return LegalImpact(bill=bill, act=act, changed={}, citations=[])
    changed = {
        lang: sorted(
            {
                str(item["target"])
                for item in items
                if isinstance(item, dict) and item.get("op") in CHANGING_OPS and item.get("target")
            }
        )
        for lang, items in (version.act_changes or {}).items()
        if lang in ("kk", "ru") and isinstance(items, list)
    }
    citations: list[Citation] = []
    base = _latest_text(act)
    if base is None:
        return LegalImpact(bill=bill, act=act, changed=changed, citations=[])
    documents = {lang: document_from_dict(base.text_kk if lang == "kk" else base.text_ru) for lang in changed}
    for lang, targets in changed.items():
        document = documents[lang]
        for edge in refs.citing(refs.reference_graph(document), targets):
            found = document.find(edge.source)
            citations.append(
                Citation(
                    act=act,
                    language=lang,
                    source=edge.source,
                    source_text=found.provision.text[:300] if found else "",
                    target=edge.target,
                    quote=edge.quote,
                )
            )
    titles = {"kk": act.title_kk or act.title, "ru": act.title_ru or act.title}
    for other in Act.objects.exclude(pk=act.pk).order_by("slug"):
        text = _latest_text(other)
        if text is None:
            continue
        for lang, targets in changed.items():
            for loc in document_from_dict(text.text_kk if lang == "kk" else text.text_ru).walk():
                for ref in refs.parse_references(loc.provision.text, lang):
                    if ref.act in (None, refs.SELF) or not _name_matches(ref.act, titles[lang]):
                        continue
                    target = refs.resolve(dataclasses.replace(ref, act=None), documents[lang])
                    if target and any(is_within(target, c) or is_within(c, target) for c in targets):
                        citations.append(
                            Citation(
                                act=other,
                                language=lang,
                                source=loc.eid,
                                source_text=loc.provision.text[:300],
                                target=target,
                                quote=loc.provision.text[ref.start : ref.end],
                            )
                        )
    return LegalImpact(bill=bill, act=act, changed=changed, citations=citations)


# ---------------------------------------------------------------- fiscal impact

PAGE_HOUSEHOLDS = 20_000
FORMULA_LABELS = {
    "ipn_flat": gettext_lazy("Income tax at the single basic rate on all taxable income (no higher band)"),
    "asp_excludes_large_family": gettext_lazy(
        "Targeted social assistance leaves the large-family benefit out of household income"
    ),
}
TYPICAL_LABELS = {
    "one person, employed": gettext_lazy("one person, employed"),
    "couple, two earners, two children": gettext_lazy("couple, two earners, two children"),
    "large family, 4+ children": gettext_lazy("large family, 4+ children"),
}


@functools.lru_cache(maxsize=4)
def _population(regions: tuple[fiscal.Region, ...], n: int) -> fiscal.Households:
    return fiscal.synthesise(regions, n)


def region_populations() -> tuple[fiscal.Region, ...]:
    """The 20 regions with the registry's population (the sourced figure, else the demo estimate)."""
    areas = Area.objects.filter(classification__in=[AreaClassification.REGION, AreaClassification.CITY]).order_by(
        "identifier"
    )
    return tuple(fiscal.Region(code=a.identifier, name=a.name, population=a.population_best or 0) for a in areas)


@dataclass(frozen=True)
class FiscalView:
    reform: fiscal.Reform
    result: fiscal.Comparison
    parameters: list[tuple[str, fiscal.Parameter, float]]  # name, current law, reform value
    formulas: list[tuple[str, str]]  # name, label of each formula change
    decile_bars: list[tuple[str, float, str, str]]  # decile, change, x, width (of 100, centred at 50)


FISCAL_TTL = 3600  # seconds


def fiscal_view(reform: fiscal.Reform, *, households: int = PAGE_HOUSEHOLDS, cached: bool = False) -> FiscalView:
    """A reform run over the synthetic population against current law.

    ``cached``: keep the result for these exact inputs (a fixed reform such as the page's
    example or a bill's, not arbitrary submissions, which would only fill the cache). The
    simulation of 20,000 households is deterministic in the reform, the regions' populations
    and the language of the labels, so those make the key.
    """
    regions = region_populations()
    if not regions:
        raise DomainError("no_regions", _("The registry has no regions with a population."), status=404)
    if not cached:
        return _fiscal_view(reform, regions, households)
    parameters = sorted(reform.parameters.items())
    raw = repr((reform.name, parameters, reform.formulas, regions, households, translation.get_language()))
    key = "modelling:fiscal:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()
    hit = cache.get(key)
    if isinstance(hit, FiscalView):
        return hit
    view = _fiscal_view(reform, regions, households)
    cache.set(key, view, FISCAL_TTL)
    return view


def _fiscal_view(reform: fiscal.Reform, regions: tuple[fiscal.Region, ...], households: int) -> FiscalView:
    from kurultai.modelling.openfisca_kz.simulation import engine

    result = fiscal.compare(_population(regions, households), reform.parameters, reform.formulas, engine=engine)
    reformed = fiscal.values(reform.parameters)
    biggest = max((abs(g.mean_change) for g in result.deciles), default=0.0) or 1.0
    bars = []
    for g in result.deciles:
        width = 50 * abs(g.mean_change) / biggest
        x = 50 if g.mean_change >= 0 else 50 - width
        bars.append((g.label, g.mean_change, f"{x:.2f}", f"{width:.2f}"))
    typical = [(str(TYPICAL_LABELS.get(label, label)), now, new) for label, now, new in result.typical]
    return FiscalView(
        reform=reform,
        result=dataclasses.replace(result, typical=typical),
        parameters=[(name, p, reformed[name]) for name, p in fiscal.PARAMETERS.items()],
        formulas=[(name, str(FORMULA_LABELS[name])) for name in reform.formulas],
        decile_bars=bars,
    )


def bill_reform(bill: Bill) -> fiscal.Reform | None:
    record = BillReform.objects.filter(bill=bill).first()
    if record is None:
        return None
    return fiscal.Reform(
        name=record.name,
        parameters={k: float(v) for k, v in record.parameters.items()},
        formulas=tuple(record.formulas or ()),
    )
