"""Vote outcome forecasts from past roll calls.

- Cohesion of a faction: the Rice index ``|yes - no| / (yes + no)`` of each vote, and the
  share of its ballots that follow the faction's majority, averaged over votes.
- Each deputy's attendance (share of past votes in which they cast a ballot) and loyalty
  (share of their ballots that followed their faction's majority).
- For a coming vote, with each faction's position (yes, no, or a free vote), every deputy
  votes yes independently with a probability built from those two numbers; the number of
  yes votes then follows a Poisson-binomial distribution, computed exactly by dynamic
  programming (O(n^2), under a millisecond for 145 deputies), and the chance of passing is
  the tail at the number of yes votes the rule needs.
- Forecasts recorded before a vote are scored after it (Brier score) and pooled into a
  calibration table.

Pure: no Django; numpy only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

YES, NO, ABSTAIN = "yes", "no", "abstain"
BALLOT_OPTIONS = (YES, NO, ABSTAIN)

# Assumptions, stated on the page in plain words.
PRIOR_VOTES = 2  # a deputy with little history is pulled towards the chamber's average
DEFECTOR_YES_SHARE = 0.5  # a deputy who leaves a "no" line votes yes half the time (else no/abstain)


class Position(StrEnum):
    YES = "yes"
    NO = "no"
    FREE = "free"  # no line: each deputy follows their own past share of yes votes


class ForecastError(ValueError):
    """Inputs a forecast cannot be made from; the message is one sentence."""


# --- cohesion, attendance, loyalty ----------------------------------------------------


def rice_index(yes: int, no: int) -> float | None:
    """``|yes - no| / (yes + no)``: 1 when a group votes as one, 0 when it splits evenly."""
    if yes + no == 0:
        return None
    return abs(yes - no) / (yes + no)


def majority_option(options: Iterable[str]) -> str | None:
    """The ballot option most of a group chose; None on a tie or with no ballots."""
    counts = Counter(o for o in options if o in BALLOT_OPTIONS).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


@dataclass(frozen=True, slots=True)
class PastVote:
    """One decided vote: every seated deputy's ballot option, or None when they cast none.

    ``factions``: each deputy's faction on the day of this vote (None outside factions); when
    not given, the factions passed to ``history`` (today's) are used for this vote too.
    """

    ballots: Mapping[str, str | None]
    factions: Mapping[str, str | None] | None = None


@dataclass(frozen=True, slots=True)
class FactionCohesion:
    faction: str
    votes: int
    rice: float | None  # mean Rice index over the votes in which the faction cast yes or no ballots
    agreement: float | None  # share of the faction's ballots that followed its majority
    yes_line_share: float | None  # share of votes in which the faction's majority was yes


@dataclass(frozen=True, slots=True)
class DeputyRecord:
    deputy: str
    faction: str | None
    seated_votes: int
    ballots: int
    with_faction: int
    yes: int

    @property
    def attendance(self) -> float | None:
        return self.ballots / self.seated_votes if self.seated_votes else None

    @property
    def loyalty(self) -> float | None:
        return self.with_faction / self.ballots if self.ballots and self.faction else None


@dataclass(frozen=True, slots=True)
class History:
    factions: tuple[FactionCohesion, ...]
    deputies: tuple[DeputyRecord, ...]
    votes: int


def history(past: Sequence[PastVote], factions: Mapping[str, str | None]) -> History:
    """Cohesion of each faction and the record of each deputy over ``past`` votes.

    ``factions`` maps each deputy to their faction today (or None); a deputy counts only in the
    votes where they appear in ``ballots`` (seated on the day). Cohesion and loyalty are taken
    against the faction each deputy was in at each vote (``PastVote.factions``), so a deputy
    who switched counts for their old faction in the votes before the switch.
    """

    def grouped(at: Mapping[str, str | None]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for deputy, faction in at.items():
            if faction is not None:
                out.setdefault(faction, []).append(deputy)
        return out

    today = grouped(factions)
    every_faction: set[str] = set(today)
    seated = Counter[str]()
    cast = Counter[str]()
    loyal = Counter[str]()
    yes = Counter[str]()
    rice_sum: dict[str, float] = {}
    rice_n = Counter[str]()
    agree = Counter[str]()
    agree_of = Counter[str]()
    yes_lines = Counter[str]()
    lines = Counter[str]()
    for vote in past:
        members = today if vote.factions is None else grouped(vote.factions)
        every_faction.update(members)
        for faction, deputies in members.items():
            options = [o for d in deputies if (o := vote.ballots.get(d)) is not None]
            line = majority_option(options)
            r = rice_index(options.count(YES), options.count(NO))
            if r is not None:
                rice_sum[faction] = rice_sum.get(faction, 0.0) + r
                rice_n[faction] += 1
            if line is not None:
                lines[faction] += 1
                yes_lines[faction] += line == YES
                agree[faction] += options.count(line)
                agree_of[faction] += len(options)
            for d in deputies:
                o = vote.ballots.get(d)
                if o is not None and line is not None:
                    loyal[d] += o == line
        for deputy, option in vote.ballots.items():
            seated[deputy] += 1
            if option is not None:
                cast[deputy] += 1
                yes[deputy] += option == YES
    cohesion = tuple(
        FactionCohesion(
            faction=f,
            votes=lines[f],
            rice=rice_sum.get(f, 0.0) / rice_n[f] if rice_n[f] else None,
            agreement=agree[f] / agree_of[f] if agree_of[f] else None,
            yes_line_share=yes_lines[f] / lines[f] if lines[f] else None,
        )
        for f in sorted(every_faction)
    )
    records = tuple(
        DeputyRecord(
            deputy=d,
            faction=factions.get(d),
            seated_votes=seated[d],
            ballots=cast[d],
            with_faction=loyal[d],
            yes=yes[d],
        )
        for d in sorted(factions)
    )
    return History(factions=cohesion, deputies=records, votes=len(past))


def parse_positions(fields: Mapping[str, str]) -> dict[str, Position]:
    """Declared positions from ``pos-<faction>`` fields; other fields and unknown values are ignored."""
    known = {p.value for p in Position}
    return {key[4:]: Position(value) for key, value in fields.items() if key.startswith("pos-") and value in known}


def inferred_position(cohesion: FactionCohesion | None) -> Position:
    """A faction's usual line: yes when most of its past majorities were yes, else free."""
    if cohesion is None or cohesion.yes_line_share is None:
        return Position.FREE
    return Position.YES if cohesion.yes_line_share >= 0.5 else Position.NO


# --- probabilities --------------------------------------------------------------------


def _smoothed(count: int, of: int, prior: float) -> float:
    return (count + PRIOR_VOTES * prior) / (of + PRIOR_VOTES)


def yes_probability(record: DeputyRecord, position: Position, *, mean_attendance: float, mean_loyalty: float) -> float:
    """Chance the deputy votes yes: attending, then following (or leaving) the faction line."""
    attend = _smoothed(record.ballots, record.seated_votes, mean_attendance)
    if position is Position.FREE or record.faction is None:
        return attend * _smoothed(record.yes, record.ballots, 0.5)
    loyal = _smoothed(record.with_faction, record.ballots, mean_loyalty)
    if position is Position.YES:
        return attend * loyal
    return attend * (1 - loyal) * DEFECTOR_YES_SHARE


_CHUNK = 8


def poisson_binomial(probabilities: Sequence[float] | FloatArray) -> FloatArray:
    """``P[k]``: the chance that exactly k of independent events with these probabilities happen.

    The product of the polynomials ``(1 - p + p x)``: chunks of a dozen events are multiplied
    out side by side (one vectorised step per event of a chunk), then the chunks' polynomials
    are convolved. Only sums of products of non-negative numbers: no cancellation.
    """
    p = np.asarray(probabilities, dtype=np.float64)
    n = len(p)
    if n == 0:
        return np.ones(1, dtype=np.float64)
    # NaN fails both comparisons, so this one test also refuses it (and infinities)
    if p.ndim != 1 or not (p.min() >= 0.0 and p.max() <= 1.0):
        raise ForecastError("Every probability must be a number from 0 to 1.")
    chunks = -(-n // _CHUNK)
    padded = np.zeros(chunks * _CHUNK, dtype=np.float64)  # p = 0 multiplies by 1
    padded[:n] = p
    grid = padded.reshape(chunks, _CHUNK)
    q = 1.0 - grid
    dist = np.zeros((chunks, _CHUNK + 1), dtype=np.float64)
    dist[:, 0] = 1.0
    for j in range(_CHUNK):
        # the right side is evaluated before the assignment, so it reads the previous step
        dist[:, 1 : j + 2] = dist[:, 1 : j + 2] * q[:, j : j + 1] + dist[:, : j + 1] * grid[:, j : j + 1]
        dist[:, 0] *= q[:, j]
    out: FloatArray = dist[0]
    for row in dist[1:]:
        out = np.convolve(out, row)
    return out[: n + 1].copy()


def poisson_binomial_exact(probabilities: Sequence[Fraction]) -> list[Fraction]:
    """The same distribution in exact fractions (for tests and small inputs)."""
    dist = [Fraction(1)]
    for p in probabilities:
        nxt = [Fraction(0)] * (len(dist) + 1)
        for k, v in enumerate(dist):
            nxt[k] += v * (1 - p)
            nxt[k + 1] += v * p
        dist = nxt
    return dist


@dataclass(frozen=True, slots=True)
class Forecast:
    needed: int
    probability: float  # chance of at least ``needed`` yes votes
    expected_yes: float
    low: int  # 5th percentile of yes votes
    high: int  # 95th percentile
    distribution: tuple[float, ...]


def _quantile(cdf: FloatArray, q: float) -> int:
    return int(np.searchsorted(cdf, q - 1e-12))


def forecast(probabilities: Sequence[float], needed: int) -> Forecast:
    """The distribution of yes votes and the chance of reaching ``needed``."""
    if needed < 0:
        raise ForecastError("The number of yes votes needed must not be negative.")
    dist = poisson_binomial(probabilities)
    cdf = np.cumsum(dist)
    pass_p = float(min(1.0, max(0.0, dist[needed:].sum()))) if needed <= len(dist) - 1 else 0.0
    return Forecast(
        needed=needed,
        probability=pass_p,
        expected_yes=float(sum(probabilities)),
        low=_quantile(cdf, 0.05),
        high=_quantile(cdf, 0.95),
        distribution=tuple(float(x) for x in dist),
    )


# --- scoring --------------------------------------------------------------------------


def brier(probability: float, passed: bool) -> float:
    return (probability - (1.0 if passed else 0.0)) ** 2


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    low: float
    high: float
    forecasts: int
    mean_forecast: float | None
    observed: float | None  # share that passed


def calibration(scored: Sequence[tuple[float, bool]], *, bins: int = 5) -> list[CalibrationBin]:
    """Forecasts grouped by probability: within each group, how often the vote passed."""
    out: list[CalibrationBin] = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(p, ok) for p, ok in scored if low <= p < high or (b == bins - 1 and p == 1.0)]
        out.append(
            CalibrationBin(
                low=low,
                high=high,
                forecasts=len(inside),
                mean_forecast=sum(p for p, _ in inside) / len(inside) if inside else None,
                observed=sum(ok for _, ok in inside) / len(inside) if inside else None,
            )
        )
    return out
