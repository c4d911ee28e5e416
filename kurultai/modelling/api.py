"""/api/v1/modelling: power indices of the sitting parliament's factions, or of any weighted
voting game posted by a client. Errors are problem+json with a stable ``code``."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from kurultai.common.api import Problem
from kurultai.common.errors import DomainError
from kurultai.modelling import fiscal, selectors
from kurultai.modelling.forecast import parse_positions
from kurultai.plenary.selectors import vote_event_get

router = Router(tags=["modelling"])

ERRORS = {400: Problem, 404: Problem, 422: Problem}


class PowerPlayerOut(Schema):
    player: str = Field(description="Faction slug, or a deputy's slug for a deputy outside every faction.")
    name: str
    weight: int
    seat_share: float
    banzhaf: float = Field(description="Normalised Banzhaf index.")
    shapley_shubik: float


class PowerOut(Schema):
    rule: str
    quota: int
    total_seats: int
    players: list[PowerPlayerOut]
    minimal_winning_coalitions: list[list[str]]
    minimal_winning_complete: bool


class GamePlayerIn(Schema):
    player: str = Field(min_length=1, max_length=120)
    weight: int = Field(gt=0, le=selectors.MAX_WEIGHT)


class GameIn(Schema):
    quota: int = Field(gt=0)
    players: list[GamePlayerIn] = Field(min_length=1, max_length=selectors.MAX_PLAYERS)


def _out(table: selectors.PowerTable, *, keys: bool = True) -> dict[str, Any]:
    return {
        "rule": table.rule,
        "quota": table.quota,
        "total_seats": table.total,
        "players": [
            {
                "player": r.player.key if keys else r.player.name,
                "name": r.player.name,
                "weight": r.player.weight,
                "seat_share": r.seat_share,
                "banzhaf": r.banzhaf,
                "shapley_shubik": r.shapley_shubik,
            }
            for r in table.rows
        ],
        "minimal_winning_coalitions": table.minimal_winning,
        "minimal_winning_complete": table.minimal_complete,
    }


@router.get("/modelling/power", response={200: PowerOut, **ERRORS}, summary="Faction power in the parliament")
def parliament_power(request: HttpRequest, quota: str = "majority") -> Any:
    """Banzhaf and Shapley–Shubik indices of the sitting factions (seats as weights).

    ``quota`` is ``majority`` (more than half of all deputies), ``two_thirds`` or a number of votes.
    """
    players, total = selectors.parliament_players()
    if quota in selectors.RULES:
        return _out(selectors.power_table(players, rule=quota, total=total))
    if not quota.isdigit():
        raise DomainError("invalid_quota", "quota must be majority, two_thirds or a whole number of votes.", status=422)
    return _out(selectors.power_table(players, rule="custom", total=total, quota=int(quota)))


@router.post("/modelling/power", response={200: PowerOut, **ERRORS}, summary="Power indices of any weighted game")
def game_power(request: HttpRequest, game: GameIn) -> Any:
    """Exact indices of a weighted voting game: a coalition wins when its weight reaches ``quota``."""
    names = [p.player for p in game.players]
    if len(set(names)) != len(names):
        raise DomainError("duplicate_player", "Every player must have a different name.", status=422)
    players = [selectors.Player(key=p.player, name=p.player, colour="", weight=p.weight) for p in game.players]
    total = sum(p.weight for p in players)
    return _out(selectors.power_table(players, rule="custom", total=total, quota=game.quota))


class FactionForecastOut(Schema):
    faction: str
    seats: int
    position: str
    declared: bool
    rice: float | None
    agreement: float | None
    expected_yes: float


class ForecastOut(Schema):
    vote: str
    needed: int
    total_seats: int
    probability: float = Field(description="Chance of at least `needed` yes votes.")
    expected_yes: float
    low: int = Field(description="5th percentile of yes votes.")
    high: int = Field(description="95th percentile of yes votes.")
    past_votes: int
    distribution: list[float] = Field(description="P(exactly k yes votes), k = 0 .. number of seated deputies.")
    factions: list[FactionForecastOut]


@router.get("/modelling/votes/{slug}/forecast", response={200: ForecastOut, **ERRORS}, summary="Vote outcome forecast")
def vote_forecast(request: HttpRequest, slug: str) -> Any:
    """Forecast from past roll calls; declare a faction's position with ``pos-<faction>=yes|no|free``."""
    vote = vote_event_get(slug)
    positions = parse_positions({key: request.GET.get(key, "") for key in request.GET})
    view = selectors.vote_forecast(vote, positions=positions)
    f = view.forecast
    return {
        "vote": vote.slug,
        "needed": f.needed,
        "total_seats": view.total,
        "probability": f.probability,
        "expected_yes": f.expected_yes,
        "low": f.low,
        "high": f.high,
        "past_votes": view.past_votes,
        "distribution": list(f.distribution),
        "factions": [
            {
                "faction": r.slug,
                "seats": r.seats,
                "position": r.position.value,
                "declared": r.declared,
                "rice": r.cohesion.rice if r.cohesion else None,
                "agreement": r.cohesion.agreement if r.cohesion else None,
                "expected_yes": r.expected_yes,
            }
            for r in view.factions
        ],
    }


class ReformIn(Schema):
    name: str = Field("reform", max_length=300)
    parameters: dict[str, float] = Field({}, description="Overrides of the model's parameters, by name.")
    formulas: list[str] = Field([], description="Named formula changes: ipn_flat, asp_excludes_large_family.")
    households: int = Field(20_000, gt=0, le=200_000)


@router.post("/modelling/fiscal/simulate", response={200: dict[str, Any], **ERRORS}, summary="Simulate a tax reform")
def fiscal_simulate(request: HttpRequest, payload: ReformIn) -> Any:
    """Current law against the reform on synthetic households: budget, deciles, regions."""
    try:
        reform = fiscal.parse_reform(
            {"name": payload.name, "parameters": payload.parameters, "formulas": payload.formulas}
        )
    except fiscal.FiscalError as exc:
        raise DomainError("invalid_reform", str(exc), status=422) from exc
    view = selectors.fiscal_view(reform, households=payload.households)
    return fiscal.comparison_document(reform, view.result)
