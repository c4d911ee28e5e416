"""What-if Monte Carlo over election results (pure core, no Django).

Each scenario multiplies every row's votes by ``1 + Normal(0, noise)``,
independently per row and scenario, clips the factor at 0 and rounds the
votes down to whole votes. Non-list rows ("against all") are perturbed too,
since they move the threshold base; an explicit ``base_votes`` stays fixed.
Every scenario is then allocated with the same rules as
:func:`kurultai.elections.allocation.allocate`.

Speed comes from numpy: scenarios are processed in chunks laid out as
(lists, scenarios), so that sums and maxima over the lists of one scenario
are cheap row-wise operations, and the chunks run on a few threads (numpy
releases the GIL). Chunk i always draws from the i-th child of
``SeedSequence(seed)``, so a result depends on the seed and the chunk size,
never on the number of threads; :func:`scenario_votes` replays the scenarios.

Floats, and why they are safe: the threshold and every largest-remainder
method are computed in 64-bit integers, exactly as the core does (inputs that
could overflow are refused). Divisor methods compare float quotients E/d of
integer effective votes E and integer divisors d. IEEE division rounds
correctly, so equal quotients stay equal and the tie-break (more votes, then
earlier row) is the core's; two different quotients cannot swap places while
E * d < 2^52, about 4.5 * 10^15, far beyond any electorate times any divisor.
Huntington-Hill compares squared quotients E^2 / (s(s+1)): exact ties stay
exact while E < 9.4 * 10^7 votes, and only quotients closer than one part in
10^15 could be misordered. Tests compare this module with the core on
thousands of scenarios, ties included.

A scenario in which no admitted list has a vote cannot be allocated (the core
raises for it); such scenarios are counted as void and left out of the
statistics.

Statistics per row: the mean seats; the 5th and 95th percentiles as the
smallest seat count whose cumulative share of scenarios reaches 5% or 95%
(the inverted CDF, so a percentile is always a seat count that occurred);
the probability of a simple majority, more than half of the seats; and the
probability of a two-thirds majority, at least two thirds of the seats, the
bar the Constitution of Kazakhstan sets for constitutional laws (Art. 62(4):
"not less than two thirds of the votes of the total number of deputies").
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from kurultai.elections.allocation import (
    QUOTA_METHODS,
    AllocationError,
    Method,
    Row,
    Rules,
    validate_rows,
)

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]

# 2**17 scenarios: arrays of a few MB each, large enough for the kernel's
# huge pages and small enough for modest memory (about 180 MB at 1M scenarios).
DEFAULT_CHUNK = 131_072
MAX_SCENARIOS = 10**9
MAX_SEATS = 100_000
# Keys rem * spread + tiebreak must stay below 2**63.
_KEY_LIMIT = 2**62


@dataclass(frozen=True, slots=True)
class ListSimulation:
    party: str
    mean_seats: float
    p5: int
    p95: int
    p_majority: float
    p_two_thirds: float


@dataclass(frozen=True, slots=True)
class SimulationResult:
    scenarios: int
    void_scenarios: int
    noise: float
    seed: int
    rows: tuple[ListSimulation, ...]


@dataclass(frozen=True, slots=True)
class _Plan:
    """Per-row constants of one allocation problem, prepared once.

    Only the lists (eligible rows) are allocated; the other rows matter for
    the threshold base alone. Vote arrays are kept with the lists first
    (``perm``), so the lists' block is a cheap view rather than a copy.
    """

    seats: int
    method: Method
    rows: int
    perm: IntArray  # input row of each position: the lists, then the other rows
    lists: int  # how many positions are lists
    exempt: BoolArray | None  # per list; None when no list is a minority
    weight: IntArray | None  # per list, effective votes = votes * weight / scale; None if all 1
    scale: int
    base_votes: int | None
    threshold: Fraction  # as a share of the base, 0..1
    min_lists: int
    order: IntArray  # per list, rows-1-row: larger is earlier in the input


def _plan(rows: Sequence[Row], rules: Rules) -> _Plan:
    rules.validate()
    validate_rows(rows)
    m = len(rows)
    lists = [i for i, r in enumerate(rows) if r.eligible]
    bonus = rules.minority_bonus
    exempt = [rows[i].minority for i in lists]
    weight = [bonus.numerator if rows[i].minority else bonus.denominator for i in lists]
    return _Plan(
        seats=rules.seats,
        method=rules.method,
        rows=m,
        perm=_lists_first(rows),
        lists=len(lists),
        exempt=np.array(exempt, dtype=np.bool_) if any(exempt) else None,
        weight=np.array(weight, dtype=np.int64) if any(w != 1 for w in weight) else None,
        scale=bonus.denominator,
        base_votes=rules.base_votes,
        threshold=rules.threshold_percent / 100,
        min_lists=rules.min_lists,
        order=np.array([m - 1 - i for i in lists], dtype=np.int64),
    )


def allocate_batch(votes: IntArray, rows: Sequence[Row], rules: Rules) -> tuple[IntArray, BoolArray]:
    """Allocate many scenarios at once.

    ``votes`` has shape (rows, scenarios): column j is scenario j, in the order
    of ``rows`` (whose own votes are ignored; their flags are used). Returns the
    seats, same shape, and a mask of void scenarios (all seats 0).
    """
    plan = _plan(rows, rules)
    votes = np.ascontiguousarray(np.asarray(votes, dtype=np.int64)[plan.perm])
    seats = np.zeros_like(votes)
    seats[plan.perm[: plan.lists]], void = _allocate(votes, plan)
    return seats, void


def _allocate(votes: IntArray, plan: _Plan) -> tuple[IntArray, BoolArray]:
    """Seats of the lists and the void mask, for all rows' votes in ``plan.perm`` order."""
    top = _check_range(votes, plan)
    if plan.base_votes is None:
        base = votes.sum(axis=0)
    else:
        base = np.full(votes.shape[1], plan.base_votes, dtype=np.int64)
    votes = votes[: plan.lists]
    # votes >= threshold * base, exactly: votes * den >= num * base.
    num, den = plan.threshold.numerator, plan.threshold.denominator
    admitted = (votes * den if den != 1 else votes) >= base * num
    if plan.exempt is not None:
        admitted |= plan.exempt[:, None]
    # More votes, then earlier row: unique per list within a scenario.
    tiebreak = votes * plan.rows
    tiebreak += plan.order[:, None]
    if plan.min_lists > 0:
        _admit_runners_up(admitted, votes, tiebreak, plan)
    eff = votes * admitted if plan.weight is None else votes * plan.weight[:, None] * admitted
    total = eff.sum(axis=0)
    void = total == 0
    if void.any():
        total[void] = 1
    if plan.method in QUOTA_METHODS:
        seats = _largest_remainder(eff, total, admitted, tiebreak, void, plan, top)
    else:
        seats = _highest_averages(eff, total, admitted, tiebreak, void, plan)
    if void.any():
        seats[:, void] = 0
    return seats, void


def _check_range(votes: IntArray, plan: _Plan) -> int:
    """Refuse inputs whose products could overflow 64-bit integers; return the largest vote count."""
    top = int(votes.max(initial=0))
    bound = max(top * plan.rows, plan.base_votes or 0, 1) * max(
        plan.threshold.numerator,
        plan.threshold.denominator,
        (1 if plan.weight is None else int(plan.weight.max())) * 10 * (plan.seats + 2),
    )
    if bound >= _KEY_LIMIT:
        raise AllocationError("The vote counts are too large to simulate exactly with 64-bit integers.")
    return top


def _admit_runners_up(admitted: BoolArray, votes: IntArray, tiebreak: IntArray, plan: _Plan) -> None:
    """Constitutional Law "On Elections", Art. 97-1: admit runners-up until min_lists take part."""
    missing = plan.min_lists - (admitted & (votes > 0)).sum(axis=0)
    for _ in range(plan.min_lists):
        cols = np.flatnonzero(missing > 0)
        if cols.size == 0:
            return
        can = ~admitted[:, cols] & (votes[:, cols] > 0)
        pick = np.where(can, tiebreak[:, cols], -1).argmax(axis=0)
        found = can[pick, np.arange(cols.size)]
        admitted[pick[found], cols[found]] = True
        missing[cols] -= 1
        missing[cols[~found]] = 0


def _largest_remainder(
    eff: IntArray,
    total: IntArray,
    admitted: BoolArray,
    tiebreak: IntArray,
    void: BoolArray,
    plan: _Plan,
    top_votes: int,
) -> IntArray:
    s = plan.seats
    if plan.method == "droop":
        den = plan.scale * (total // (plan.scale * (s + 1)) + 1)
        num = eff
    else:
        factor = {"hare": s, "hagenbach-bischoff": s + 1, "imperiali": s + 2}[plan.method]
        den = total
        num = eff * factor
    seats, rem = np.divmod(num, den[None, :])
    left = s - seats.sum(axis=0)
    left[void] = 0
    while (left < 0).any():
        # Over-allocation: the holder with the smallest remainder gives a seat
        # back; ties take it from fewer votes, then from the later row.
        cols = np.flatnonzero(left < 0)
        holders = admitted[:, cols] & (seats[:, cols] > 0)
        r = np.where(holders, rem[:, cols], np.iinfo(np.int64).max)
        cand = r == r.min(axis=0)
        loser = np.where(cand, tiebreak[:, cols], np.iinfo(np.int64).max).argmin(axis=0)
        seats[loser, cols] -= 1
        rem[loser, cols] += den[cols]
        left[cols] += 1
    if plan.method == "droop":
        # Only Droop's quota can exceed Hare's and leave more seats than lists
        # with a remainder; then the ranking is walked again, as in the core.
        n_admitted = admitted.sum(axis=0)
        rounds, left = np.divmod(left, np.maximum(n_admitted, 1))
        if rounds.any():
            seats += np.where(admitted, rounds[None, :], 0)
    if left.any():
        # With a quota no larger than Hare's, the seats left are fewer than the
        # lists with a positive remainder, so lists that were not admitted (and
        # have none) can never reach the top; Droop needs the explicit mask.
        mask = admitted if plan.method == "droop" else None
        spread = (top_votes + 1) * plan.rows
        seats += _top_k(rem, int(den.max()), tiebreak, spread, mask, left)
    return seats


def _top_k(
    primary: IntArray, primary_bound: int, tiebreak: IntArray, spread: int, mask: BoolArray | None, k: IntArray
) -> BoolArray:
    """True for the k[j] rows of column j ranked highest by (primary, tiebreak).

    Rows outside ``mask`` rank last. Requires k below the number of rows in the
    mask, primary < primary_bound, 0 <= tiebreak < spread, and tiebreak values
    unique per column.
    """
    m, c = primary.shape
    if primary_bound * spread < _KEY_LIMIT:
        key = primary * spread
        key += tiebreak
        if mask is not None:
            key[~mask] = -1
        kth = np.sort(key.T, axis=1)[np.arange(c), m - np.maximum(k, 1)]
        chosen: BoolArray = (key >= kth[None, :]) & (k > 0)[None, :]
        return chosen
    # Vote totals too large for one key: rank by two keys instead (slower).
    first = primary if mask is None else np.where(mask, primary, -1)
    order = np.lexsort((tiebreak.T, first.T), axis=-1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(m)[None, :].repeat(c, axis=0), axis=1)
    chosen = ranks.T >= m - k[None, :]
    return chosen


def _next_quotients(method: Method, eff: FloatArray, held: IntArray, admitted: BoolArray) -> FloatArray:
    """The quotient for each list's next seat; -inf for lists not admitted."""
    if method == "dhondt":
        q = eff / (held + 1)
    elif method == "sainte-lague":
        q = eff / (2 * held + 1)
    elif method == "modified-sainte-lague":
        q = eff / np.where(held == 0, 7, 5 * (2 * held + 1))
    else:
        # Huntington-Hill, squared: E^2 / (s(s+1)); the first seat is
        # conventional (infinite priority) for a list with votes.
        prod = held * (held + 1)
        q = np.where(
            held == 0,
            np.where(eff > 0, np.inf, 0.0),
            (eff * eff) / np.maximum(prod, 1),
        )
    return np.where(admitted, q, -np.inf)


def _divisor_estimate(method: Method, eff: IntArray, total: IntArray, s: int, lists: IntArray) -> IntArray:
    """A first guess like allocation.divisor_estimate; fewer corrections matter more here.

    D'Hondt's divisor total / (s + lists / 2) lands near the answer on both
    sides, where total / s always falls short by about half the lists.
    """
    if method == "dhondt":
        return eff * (2 * s + lists) // (2 * total)
    rounded = (2 * s * eff + total) // (2 * total)
    if method == "modified-sainte-lague":
        return np.where(10 * s * eff < 7 * total, 0, rounded)
    if method == "huntington-hill":
        return np.where(eff > 0, np.maximum(rounded, 1), 0)
    return rounded


def _highest_averages(
    eff: IntArray,
    total: IntArray,
    admitted: BoolArray,
    tiebreak: IntArray,
    void: BoolArray,
    plan: _Plan,
) -> IntArray:
    s = plan.seats
    seats = _divisor_estimate(plan.method, eff, total[None, :], s, admitted.sum(axis=0)[None, :])
    big = np.iinfo(np.int64).max
    cols = np.flatnonzero(~void)
    # The exact greedy correction of allocation._highest_averages, run on the
    # scenarios that still need a step: fill, give back, or swap one seat.
    while cols.size:
        sub = seats[:, cols]
        e = eff[:, cols].astype(np.float64)
        adm = admitted[:, cols]
        tb = tiebreak[:, cols]
        held = sub.sum(axis=0)
        q_next = _next_quotients(plan.method, e, sub, adm)
        prev = np.maximum(sub - 1, 0)
        q_last = np.where(sub > 0, _next_quotients(plan.method, e, prev, adm), np.inf)
        best = np.where(q_next == q_next.max(axis=0), tb, -1).argmax(axis=0)
        # Huntington-Hill's first seats are infinite claims too, so a list
        # without seats must be ruled out by its count, not by its quotient.
        worst = np.where((q_last == q_last.min(axis=0)) & (sub > 0), tb, big).argmin(axis=0)
        idx = np.arange(cols.size)
        qb, qw = q_next[best, idx], q_last[worst, idx]
        better = (qb > qw) | ((qb == qw) & (tb[best, idx] > tb[worst, idx]))
        add = (held < s) | ((held == s) & better)
        remove = (held > s) | ((held == s) & better)
        seats[best[add], cols[add]] += 1
        seats[worst[remove], cols[remove]] -= 1
        cols = cols[add | remove]
    return seats


# --- Monte Carlo -------------------------------------------------------------------


def scenario_votes(
    rows: Sequence[Row], *, scenarios: int, noise: float, seed: int, chunk_size: int = DEFAULT_CHUNK
) -> IntArray:
    """The first ``scenarios`` scenarios :func:`simulate` draws with this seed, shape (rows, scenarios).

    For benchmarks and tests that replay the very same scenarios elsewhere.
    """
    perm = _lists_first(rows)
    votes0 = np.array([rows[i].votes for i in perm], dtype=np.float64)
    children = np.random.SeedSequence(seed).spawn(-(-scenarios // chunk_size))
    drawn = [
        _draw(votes0, child, min(chunk_size, scenarios - i * chunk_size), noise) for i, child in enumerate(children)
    ]
    votes = np.empty((len(rows), scenarios), dtype=np.int64)
    votes[perm] = np.concatenate(drawn, axis=1)
    return votes


def _lists_first(rows: Sequence[Row]) -> IntArray:
    lists = [i for i, r in enumerate(rows) if r.eligible]
    others = [i for i, r in enumerate(rows) if not r.eligible]
    return np.array(lists + others, dtype=np.int64)


def _draw(votes0: FloatArray, seed: np.random.SeedSequence, n: int, noise: float) -> IntArray:
    """n scenarios of whole votes, shape (rows, n): votes * max(0, 1 + noise * Z), rounded down.

    The normals are drawn scenario by scenario, so the first k scenarios of a
    chunk are the same whatever its length.
    """
    rng = np.random.Generator(np.random.PCG64(seed))
    z = rng.standard_normal((n, votes0.size))
    votes = np.empty((votes0.size, n))
    np.multiply(z.T, (noise * votes0)[:, None], out=votes)
    votes += votes0[:, None]
    np.maximum(votes, 0.0, out=votes)
    # Truncation is the floor here: the votes were clipped at 0.
    return votes.astype(np.int64)


def _workers() -> int:
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    return max(1, min(n, 8))


def simulate(
    rows: Sequence[Row],
    rules: Rules,
    *,
    scenarios: int,
    noise: float,
    seed: int,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int | None = None,
) -> SimulationResult:
    """Run ``scenarios`` noisy scenarios and summarise the seats of every row."""
    if not 0 < scenarios <= MAX_SCENARIOS:
        raise AllocationError(f"The number of scenarios must be between 1 and {MAX_SCENARIOS:,}, not {scenarios}.")
    if rules.seats > MAX_SEATS:
        # The statistics keep a histogram of seats per list.
        raise AllocationError(f"Simulations handle at most {MAX_SEATS:,} seats, not {rules.seats:,}.")
    if not noise >= 0 or noise == float("inf"):
        raise AllocationError(f"The noise must be a finite number of at least 0, not {noise}.")
    if seed < 0:
        raise AllocationError(f"The seed must not be negative, not {seed}.")
    if chunk_size <= 0:
        raise AllocationError(f"The chunk size must be positive, not {chunk_size}.")
    plan = _plan(rows, rules)
    k, s = plan.lists, rules.seats
    votes0 = np.array([rows[i].votes for i in plan.perm], dtype=np.float64)
    n_chunks = -(-scenarios // chunk_size)
    children = np.random.SeedSequence(seed).spawn(n_chunks)
    offsets = (np.arange(k, dtype=np.int64) * (s + 1))[:, None]

    def run(i: int) -> tuple[IntArray, int]:
        n = min(chunk_size, scenarios - i * chunk_size)
        seats, void = _allocate(_draw(votes0, children[i], n, noise), plan)
        seats += offsets
        n_void = int(void.sum())
        if n_void:
            seats = seats[:, ~void]
        return np.bincount(seats.ravel(), minlength=k * (s + 1)).astype(np.int64), n_void

    n_workers = min(workers or _workers(), n_chunks)
    if n_workers == 1:
        parts = [run(i) for i in range(n_chunks)]
    else:
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            parts = list(pool.map(run, range(n_chunks)))
    n_void = sum(v for _, v in parts)
    # Rows that are not lists never win a seat: all their scenarios sit at 0.
    hist = np.zeros((len(rows), s + 1), dtype=np.int64)
    hist[:, 0] = scenarios - n_void
    hist[plan.perm[:k]] = np.sum([h for h, _ in parts], axis=0, dtype=np.int64).reshape(k, s + 1)
    return SimulationResult(
        scenarios=scenarios,
        void_scenarios=n_void,
        noise=noise,
        seed=seed,
        rows=_summarise(rows, hist, scenarios - n_void, s),
    )


def _summarise(rows: Sequence[Row], hist: IntArray, n: int, seats: int) -> tuple[ListSimulation, ...]:
    if n == 0:
        return tuple(ListSimulation(r.party, 0.0, 0, 0, 0.0, 0.0) for r in rows)
    values = np.arange(seats + 1, dtype=np.int64)
    cdf = hist.cumsum(axis=1)
    p5 = (cdf * 100 >= 5 * n).argmax(axis=1)
    p95 = (cdf * 100 >= 95 * n).argmax(axis=1)
    majority = seats // 2 + 1  # more than half
    two_thirds = -(-2 * seats // 3)  # at least two thirds
    return tuple(
        ListSimulation(
            party=r.party,
            mean_seats=round(int(hist[i] @ values) / n, 4),
            p5=int(p5[i]),
            p95=int(p95[i]),
            p_majority=round(int(hist[i, majority:].sum()) / n, 6),
            p_two_thirds=round(int(hist[i, two_thirds:].sum()) / n, 6),
        )
        for i, r in enumerate(rows)
    )
