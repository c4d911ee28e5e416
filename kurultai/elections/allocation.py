"""Proportional seat allocation for party-list elections (pure core, no Django).

Every decision that gives or takes a seat is made with exact integer or
`fractions.Fraction` arithmetic; floats appear only in the disproportionality
indices, which describe a result and never change it.

Rules, in the order they are applied
------------------------------------
1. **Threshold base.** A list passes with at least P% of a base. The base is the
   sum of *all* rows in the input (party lists and non-list rows such as
   "against all") unless an explicit ``base_votes`` is given
   (Constitutional Law "On Elections", Art. 97-1: the threshold is a share of
   the votes of all voters who took part in the vote).
   A list whose votes equal the threshold exactly passes ("not less than").
2. **Non-lists.** Rows with ``eligible=False`` count toward the base but never
   take part in the distribution.
3. **Minorities.** Lists with ``minority=True`` are exempt from the threshold;
   an optional minority bonus multiplies their votes for the quotients
   (Serbia's rule for national-minority lists is 1.35).
4. **Minimum number of lists.** If fewer than ``min_lists`` lists with votes
   take part (passed or exempt), the runners-up by votes are admitted until
   that many do (Constitutional Law "On Elections", Art. 97-1: if only one
   party passes, the party with the next-highest vote is admitted too, i.e.
   ``min_lists=2``). Lists with no votes are never admitted this way.
5. **Distribution.** The quota or divisors are computed over the admitted lists
   only (Art. 97-1: the quota is the votes of the parties admitted to the
   distribution divided by the number of seats).

Methods
-------
Largest remainder with the quotas ``hare`` V/S, ``droop`` floor(V/(S+1))+1,
``hagenbach-bischoff`` V/(S+1) (an exact fraction) and ``imperiali`` V/(S+2);
highest averages ``dhondt`` (1, 2, 3, ...), ``sainte-lague`` (1, 3, 5, ...),
``modified-sainte-lague`` (1.4, 3, 5, ...) and ``huntington-hill``
(sqrt(s(s+1)); every admitted list with votes first gets one seat by
convention, because that divisor is zero for s = 0; with more such lists
than seats, the first seats follow the tie rule below). Divisor methods are
computed from a first guess at a common divisor, then corrected one exact
comparison at a time, which gives the same seats as handing them out one by
one.

Under a quota, lists first get the whole number of quotas they fill; the
seats left go one each to the largest remainders. A quota smaller than Hare's
(Hagenbach-Bischoff, Imperiali) can give out more seats than exist; the excess
is removed one seat at a time from the list with the smallest remainder, the
remainder being recomputed after each removal. If a quota is so large that
more seats are left than there are lists (only Droop with a handful of votes),
the remainder ranking is walked again from the top.

Ties
----
Whenever two claims are equal (equal remainders, equal quotients), the list
with **more votes** (as cast, before any minority bonus) wins, and if the votes
are equal too, the list that comes **earlier in the input** wins: the input
is expected in registration order, which is the tie-break Art. 97-1 names.
The same order, reversed, decides which list loses a seat when seats have to
be taken back. Rows that are not admitted never take part in a tie.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final, Literal, TypeGuard

Method = Literal[
    "hare",
    "droop",
    "hagenbach-bischoff",
    "imperiali",
    "dhondt",
    "sainte-lague",
    "modified-sainte-lague",
    "huntington-hill",
]

QUOTA_METHODS: Final[tuple[Method, ...]] = ("hare", "droop", "hagenbach-bischoff", "imperiali")
DIVISOR_METHODS: Final[tuple[Method, ...]] = (
    "dhondt",
    "sainte-lague",
    "modified-sainte-lague",
    "huntington-hill",
)
METHODS: Final[tuple[Method, ...]] = QUOTA_METHODS + DIVISOR_METHODS

# Modified Sainte-Laguë replaces the first divisor 1 by 1.4 (Norway, Sweden).
# All its divisors are scaled by 5 so they stay integers: 7, 15, 25, 35, ...
_MODIFIED_FIRST: Final = 7
_MODIFIED_SCALE: Final = 5


class AllocationError(ValueError):
    """The input or the rules make an allocation impossible; the message says why."""


def is_method(name: str) -> TypeGuard[Method]:
    return name in METHODS


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a result: a party list or a non-list choice such as "against all"."""

    party: str
    votes: int
    eligible: bool = True
    minority: bool = False


@dataclass(frozen=True, slots=True)
class Rules:
    """How seats are distributed.

    ``threshold_percent`` is P in "at least P% of the base" (0 to 100);
    ``minority_bonus`` multiplies minority lists' votes for the quotients.
    """

    seats: int
    method: Method
    threshold_percent: Fraction = Fraction(0)
    base_votes: int | None = None
    minority_bonus: Fraction = Fraction(1)
    min_lists: int = 0

    def validate(self) -> None:
        if self.seats <= 0:
            raise AllocationError(f"The number of seats must be positive, not {self.seats}.")
        if not is_method(self.method):
            raise AllocationError(f"Unknown method {self.method!r}; choose one of: {', '.join(METHODS)}.")
        if not 0 <= self.threshold_percent <= 100:
            raise AllocationError(f"The threshold must be between 0% and 100%, not {float(self.threshold_percent):g}%.")
        if self.base_votes is not None and self.base_votes < 0:
            raise AllocationError(f"The base votes must not be negative, not {self.base_votes}.")
        if self.minority_bonus < 1:
            raise AllocationError(f"The minority bonus must be at least 1, not {float(self.minority_bonus):g}.")
        if self.min_lists < 0:
            raise AllocationError(f"The minimum number of lists must not be negative, not {self.min_lists}.")


@dataclass(frozen=True, slots=True)
class RowResult:
    """The outcome for one input row, in input order.

    ``passed_threshold`` is true for a list (eligible row) with at least the
    threshold votes; ``admitted`` is true for every list that took part in the
    distribution (passed, exempt as a minority, or admitted by ``min_lists``).
    """

    party: str
    votes: int
    seats: int
    passed_threshold: bool
    admitted: bool
    eligible: bool
    minority: bool


@dataclass(frozen=True, slots=True)
class Indices:
    """Disproportionality and fragmentation of a result, over the party lists.

    Non-list rows (``eligible=False``) are not parties and are left out of the
    vote shares. Gallagher and Loosemore-Hanby are in percentage points.
    """

    gallagher: float
    loosemore_hanby: float
    enp_votes: float
    enp_seats: float


@dataclass(frozen=True, slots=True)
class Allocation:
    rules: Rules
    base_votes: int
    threshold_votes: int  # the fewest votes a list needs to pass
    rows: tuple[RowResult, ...]
    indices: Indices

    def seats_by_party(self) -> dict[str, int]:
        return {r.party: r.seats for r in self.rows}


# --- validation and admission -------------------------------------------------


def validate_rows(rows: Sequence[Row]) -> None:
    if not rows:
        raise AllocationError("There are no rows to allocate seats to.")
    seen: set[str] = set()
    for row in rows:
        if not row.party.strip():
            raise AllocationError("A row has an empty party name.")
        if row.votes < 0:
            raise AllocationError(f"The votes for {row.party!r} are negative ({row.votes}).")
        if row.party in seen:
            raise AllocationError(f"The party {row.party!r} appears more than once.")
        seen.add(row.party)


def threshold_base(rows: Sequence[Row], rules: Rules) -> int:
    return rules.base_votes if rules.base_votes is not None else sum(r.votes for r in rows)


def threshold_votes(base: int, percent: Fraction) -> int:
    """The fewest whole votes v with v >= percent% of base."""
    return math.ceil(percent * base / 100)


def admitted_lists(rows: Sequence[Row], rules: Rules) -> tuple[list[bool], list[bool]]:
    """Which rows passed the threshold and which take part in the distribution."""
    need = threshold_votes(threshold_base(rows, rules), rules.threshold_percent)
    passed = [r.eligible and r.votes >= need for r in rows]
    admitted = [p or (r.eligible and r.minority) for p, r in zip(passed, rows, strict=True)]
    # Only lists with votes count: a list that cannot win a seat cannot make
    # the parliament plural, which is what the rule is for.
    missing = rules.min_lists - sum(a and r.votes > 0 for a, r in zip(admitted, rows, strict=True))
    if missing > 0:
        # Constitutional Law "On Elections", Art. 97-1: the runner-up by votes
        # is admitted when too few lists pass; equal votes go to the earlier row.
        runners_up = sorted(
            (i for i, r in enumerate(rows) if r.eligible and not admitted[i] and r.votes > 0),
            key=lambda i: (-rows[i].votes, i),
        )
        for i in runners_up[:missing]:
            admitted[i] = True
    return passed, admitted


def effective_votes(rows: Sequence[Row], admitted: Sequence[bool], bonus: Fraction) -> list[int]:
    """Admitted lists' votes scaled by the bonus denominator, so a bonus stays an integer factor.

    The real effective votes are these divided by ``bonus.denominator``; every
    method below depends on them only through ratios, or divides the scale out.
    """
    return [
        r.votes * (bonus.numerator if r.minority else bonus.denominator) if a else 0
        for r, a in zip(rows, admitted, strict=True)
    ]


# --- largest remainder -----------------------------------------------------------


def quota_shares(method: Method, eff: Sequence[int], scale: int, seats: int) -> tuple[list[int], int]:
    """Each list's exact quota share as numerators over one common denominator.

    ``eff`` are the effective votes times ``scale``; the share of list i is
    ``num[i] / den`` quotas.
    """
    total = sum(eff)
    if method == "hare":
        return [e * seats for e in eff], total
    if method == "hagenbach-bischoff":
        return [e * (seats + 1) for e in eff], total
    if method == "imperiali":
        return [e * (seats + 2) for e in eff], total
    if method == "droop":
        # floor(V / (S + 1)) + 1 on the real votes V = total / scale.
        quota = total // (scale * (seats + 1)) + 1
        return list(eff), scale * quota
    raise AssertionError(method)


def _largest_remainder(
    method: Method, rows: Sequence[Row], admitted: Sequence[bool], eff: Sequence[int], scale: int, seats: int
) -> list[int]:
    nums, den = quota_shares(method, eff, scale, seats)
    won = [n // den if a else 0 for n, a in zip(nums, admitted, strict=True)]
    rem = [n - w * den for n, w in zip(nums, won, strict=True)]
    order = [i for i in range(len(rows)) if admitted[i]]
    # Remainders share the denominator, so comparing numerators is exact.
    order.sort(key=lambda i: (-rem[i], -rows[i].votes, i))
    left = seats - sum(won)
    while left < 0:
        # Over-allocation: take a seat back from the smallest remainder. The
        # remainder grows by a full quota afterwards, so the ranking is redone.
        holders = [i for i in order if won[i] > 0]
        loser = min(holders, key=lambda i: (rem[i], rows[i].votes, -i))
        won[loser] -= 1
        rem[loser] += den
        left += 1
    if left > 0:
        rounds, extra = divmod(left, len(order))
        for rank, i in enumerate(order):
            won[i] += rounds + (rank < extra)
    return won


# --- highest averages -------------------------------------------------------------


def _divisor_priority(method: Method, eff: int, held: int) -> tuple[int, int]:
    """The quotient for a list's next seat as (numerator, denominator); (x, 0) means infinite.

    Huntington-Hill returns the squared quotient so that the square root of
    s(s+1) never has to be taken; squares order like the quotients themselves.
    """
    if method == "dhondt":
        return eff, held + 1
    if method == "sainte-lague":
        return eff, 2 * held + 1
    if method == "modified-sainte-lague":
        return eff, _MODIFIED_FIRST if held == 0 else _MODIFIED_SCALE * (2 * held + 1)
    if method == "huntington-hill":
        if held == 0 and eff == 0:
            return 0, 1
        return eff * eff, held * (held + 1)
    raise AssertionError(method)


def _quotient_gt(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Compare two non-negative quotients exactly: 1 if a > b, 0 if equal, -1 if a < b."""
    (an, ad), (bn, bd) = a, b
    if ad == 0 or bd == 0:
        return (ad == 0) - (bd == 0)
    left, right = an * bd, bn * ad
    return 1 if left > right else -1 if left < right else 0


def divisor_estimate(method: Method, eff: int, total: int, seats: int) -> int:
    """A first guess of a list's seats from the common divisor total / seats.

    The guess only saves work: the exact greedy correction that follows fixes
    any list the guess got wrong.
    """
    if total == 0 or eff == 0:
        return 0
    if method == "dhondt":
        return eff * seats // total
    rounded = (2 * eff * seats + total) // (2 * total)
    if method == "modified-sainte-lague":
        return 0 if 10 * eff * seats < 7 * total else rounded
    if method == "huntington-hill":
        return max(1, rounded)
    return rounded


def _highest_averages(
    method: Method, rows: Sequence[Row], admitted: Sequence[bool], eff: Sequence[int], seats: int
) -> list[int]:
    n = len(rows)
    total = sum(eff)
    won = [divisor_estimate(method, eff[i], total, seats) if admitted[i] else 0 for i in range(n)]
    candidates = [i for i in range(n) if admitted[i]]

    def claim_gt(i: int, si: int, j: int, sj: int) -> bool:
        """Does list i's claim with si seats held beat list j's claim with sj held?"""
        c = _quotient_gt(_divisor_priority(method, eff[i], si), _divisor_priority(method, eff[j], sj))
        return c > 0 or (c == 0 and (rows[i].votes, -i) > (rows[j].votes, -j))

    def best_next() -> int:
        best = candidates[0]
        for i in candidates[1:]:
            if claim_gt(i, won[i], best, won[best]):
                best = i
        return best

    def worst_held() -> int | None:
        worst: int | None = None
        for i in candidates:
            if won[i] > 0 and (worst is None or claim_gt(worst, won[worst] - 1, i, won[i] - 1)):
                worst = i
        return worst

    # Greedy correction: the seats held must be exactly the best S claims in
    # the total order (quotient, votes, earlier row). Each step either fills
    # a missing seat, returns a surplus one, or swaps a worse held claim for a
    # better free one, so the loop ends with the sequential method's result.
    while True:
        held = sum(won)
        if held < seats:
            won[best_next()] += 1
            continue
        worst = worst_held()
        if worst is None:
            return won
        if held > seats:
            won[worst] -= 1
            continue
        best = best_next()
        if not claim_gt(best, won[best], worst, won[worst] - 1):
            return won
        won[best] += 1
        won[worst] -= 1


# --- indices -------------------------------------------------------------------------


def disproportionality(votes: Sequence[int], seats: Sequence[int]) -> Indices:
    total_votes, total_seats = sum(votes), sum(seats)
    if total_votes == 0 or total_seats == 0:
        raise AllocationError("Indices need at least one vote and one seat.")
    v = [x / total_votes for x in votes]
    s = [x / total_seats for x in seats]
    diff = [100 * (a - b) for a, b in zip(v, s, strict=True)]
    # Four decimals: more than any published table uses, and stable in JSON.
    return Indices(
        gallagher=round(math.sqrt(sum(d * d for d in diff) / 2), 4),
        loosemore_hanby=round(sum(abs(d) for d in diff) / 2, 4),
        enp_votes=round(1 / sum(x * x for x in v), 4),
        enp_seats=round(1 / sum(x * x for x in s), 4),
    )


# --- entry point -------------------------------------------------------------------


def allocate(rows: Sequence[Row], rules: Rules) -> Allocation:
    """Distribute ``rules.seats`` among ``rows``; raises AllocationError on bad input."""
    rules.validate()
    validate_rows(rows)
    base = threshold_base(rows, rules)
    need = threshold_votes(base, rules.threshold_percent)
    passed, admitted = admitted_lists(rows, rules)
    eff = effective_votes(rows, admitted, rules.minority_bonus)
    if sum(eff) == 0:
        raise AllocationError("No list can receive seats: no list passed the threshold with any votes.")
    if rules.method in QUOTA_METHODS:
        won = _largest_remainder(rules.method, rows, admitted, eff, rules.minority_bonus.denominator, rules.seats)
    else:
        won = _highest_averages(rules.method, rows, admitted, eff, rules.seats)
    results = tuple(
        RowResult(
            party=r.party,
            votes=r.votes,
            seats=w,
            passed_threshold=p,
            admitted=a,
            eligible=r.eligible,
            minority=r.minority,
        )
        for r, w, p, a in zip(rows, won, passed, admitted, strict=True)
    )
    lists = [r for r in results if r.eligible]
    indices = disproportionality([r.votes for r in lists], [r.seats for r in lists])
    return Allocation(rules=rules, base_votes=base, threshold_votes=need, rows=results, indices=indices)
