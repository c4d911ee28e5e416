"""Power indices of weighted voting games: exact Banzhaf and Shapley–Shubik, minimal winning
coalitions, and mixed games of disciplined blocs and individual rebels.

A weighted voting game is a list of positive integer weights and a quota: a coalition wins
when its total weight is at least the quota.

Both indices come from generating functions, by dynamic programming over weights, never by
enumerating coalitions:

- ``F[t]`` counts the coalitions of weight ``t`` (and ``F[k][t]`` those of size ``k`` and weight
  ``t`` for Shapley–Shubik), built by multiplying in ``(1 + x^w)`` one player at a time;
- a player's own table without them, ``G``, follows from ``F`` by deconvolution,
  ``G[t] = F[t] - G[t - w]`` (players of equal weight share it, so this is done once per
  distinct weight);
- a player of weight ``w`` swings exactly the losing coalitions without them whose weight lies
  in ``[q - w, q - 1]``; only weights below the quota are ever needed.

The counts reach ``2^(n-1)``, beyond 64 bits, so the tables are kept modulo a few primes
just below ``2^62`` (vectorised int64 arithmetic, no overflow: a sum of two residues stays
below ``2^63``) and each needed count is rebuilt exactly by the Chinese remainder theorem.
The indices are then exact fractions; floats are the correctly rounded fractions.

Pure: imports no Django. numpy only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.int64]

# Tables larger than this many cells (sizes x weights below the quota) are refused: they
# would take gigabytes. A parliament (a few hundred seats) is far below it.
MAX_CELLS = 40_000_000
_PRIME_BITS = 61  # every prime used is above 2^61, so k primes cover counts below 2^(61k)


class PowerError(ValueError):
    """A game the indices are not defined for; the message is one sentence."""


# --- the game -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlayerPower:
    weight: int
    swings: int
    banzhaf: Fraction
    shapley_shubik: Fraction


@dataclass(frozen=True, slots=True)
class PowerIndices:
    quota: int
    total_weight: int
    players: tuple[PlayerPower, ...]

    @property
    def banzhaf(self) -> list[float]:
        return [float(p.banzhaf) for p in self.players]

    @property
    def shapley_shubik(self) -> list[float]:
        return [float(p.shapley_shubik) for p in self.players]


def validate_game(weights: Sequence[int], quota: int) -> None:
    """Raise PowerError unless the weights are positive integers and 0 < quota <= total."""
    if not weights:
        raise PowerError("A game needs at least one player.")
    for w in weights:
        if isinstance(w, bool) or not isinstance(w, int) or w <= 0:
            raise PowerError(f"Every weight must be a positive integer, not {w!r}.")
    if isinstance(quota, bool) or not isinstance(quota, int):
        raise PowerError(f"The quota must be an integer, not {quota!r}.")
    total = sum(weights)
    if not 0 < quota <= total:
        raise PowerError(f"The quota must be between 1 and the total weight {total}, not {quota}.")


def _reduce(weights: Sequence[int], quota: int) -> tuple[list[int], int]:
    """The same game with weights divided by their common divisor (the quota rounded up)."""
    g = math.gcd(*weights)
    return [w // g for w in weights], -(-quota // g)


def majority_quota(total: int) -> int:
    """More than half of the total."""
    return total // 2 + 1


def two_thirds_quota(total: int) -> int:
    """At least two thirds of the total."""
    return -(-2 * total // 3)


# --- modular arithmetic -------------------------------------------------------------


def _is_prime(n: int) -> bool:
    if n < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
    for p in small:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in small:  # deterministic for every n below 3.3e24
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


@cache
def _primes(count: int) -> tuple[int, ...]:
    found: list[int] = []
    n = 2**62 - 1
    while len(found) < count:
        if _is_prime(n):
            found.append(n)
        n -= 2
    return tuple(found)


@cache
def _crt_basis(primes: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
    modulus = math.prod(primes)
    basis = []
    for p in primes:
        m = modulus // p
        basis.append(m * pow(m, -1, p) % modulus)
    return modulus, tuple(basis)


def _moduli(bits: int) -> tuple[int, ...]:
    """Enough primes that their product exceeds 2^bits."""
    return _primes(bits // _PRIME_BITS + 1)


def _crt(residues: Sequence[Sequence[int]], primes: tuple[int, ...]) -> list[int]:
    """Exact non-negative integers below the product of primes from their residues."""
    modulus, basis = _crt_basis(primes)
    if len(primes) == 1:
        return [int(r) for r in residues[0]]
    return [sum(r * b for r, b in zip(column, basis, strict=True)) % modulus for column in zip(*residues, strict=True)]


def _window_sums(table: Array, lo: int, hi: int, p: Array) -> list[list[int]]:
    """Sum of table[..., lo:hi] over the last axis, modulo p (per leading row), as Python ints.

    Residues are below 2^62, so they are split into 31-bit halves whose sums fit int64.
    """
    part = table[..., lo:hi]
    low = (part & 0x7FFFFFFF).sum(axis=-1)
    high = (part >> 31).sum(axis=-1)
    out: list[list[int]] = []
    for prime, lows, highs in zip(p.ravel().tolist(), low.tolist(), high.tolist(), strict=True):
        if isinstance(lows, int):
            out.append([((highs << 31) + lows) % prime])
        else:
            out.append([((h << 31) + lo_) % prime for lo_, h in zip(lows, highs, strict=True)])
    return out


# --- Banzhaf ------------------------------------------------------------------------


def _forward_1d(weights: Sequence[int], quota: int, p: Array) -> Array:
    table = np.zeros((len(p), quota), dtype=np.int64)
    table[:, 0] = 1
    pc = p.reshape(-1, 1)
    for w in weights:
        if w < quota:
            # numpy buffers overlapping operands, so the right side reads the old row: 0/1 knapsack
            s = table[:, w:] + table[:, :-w]
            s -= pc * (s >= pc)
            table[:, w:] = s
    return table


def _without_1d(table: Array, w: int, p: Array) -> Array:
    quota = table.shape[1]
    if w >= quota:
        return table
    out = table.copy()
    pc = p.reshape(-1, 1)
    for start in range(w, quota, w):
        stop = min(start + w, quota)
        d = out[:, start:stop] - out[:, start - w : stop - w]
        d += pc * (d < 0)
        out[:, start:stop] = d
    return out


def _prefix_halves(table: Array) -> tuple[Array, Array]:
    """Prefix sums over the weight axis of the low and high 31-bit halves of the residues.

    ``R[..., t]`` is the exact sum of ``table[..., :t]`` (split in halves so it fits int64).
    """
    shape = (*table.shape[:-1], table.shape[-1] + 1)
    low = np.zeros(shape, dtype=np.int64)
    high = np.zeros(shape, dtype=np.int64)
    np.cumsum(table & 0x7FFFFFFF, axis=-1, out=low[..., 1:])
    np.cumsum(table >> 31, axis=-1, out=high[..., 1:])
    return low, high


def _blocks(q: int, w: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Bounds of the weight blocks [q-(j+1)w, q-jw) for j = 0, 1, ... down to weight 0."""
    count = -(-q // w)
    hi = q - w * np.arange(count, dtype=np.intp)
    lo = np.maximum(hi - w, 0)
    return lo, hi


# Swings from the table F of all players, without building each player's own table G:
# G = F / (1 + x^w) = sum_j (-1)^j x^(jw) F, so the swing window [q-w, q) of G is the
# alternating sum of F over the blocks [q-(j+1)w, q-jw), read from prefix sums of F.
# (With sizes, the j-th term also shifts the size by j.) Exact while q^2 * 2^31 < 2^63.
_PREFIX_LIMIT = 2**16


def _combine(low: Array, high: Array, primes: tuple[int, ...]) -> list[list[int]]:
    out: list[list[int]] = []
    for prime, lows, highs in zip(primes, low.tolist(), high.tolist(), strict=True):
        if isinstance(lows, int):
            out.append([((highs << 31) + lows) % prime])
        else:
            out.append([((h << 31) + lo_) % prime for lo_, h in zip(lows, highs, strict=True)])
    return out


def swing_counts(weights: Sequence[int], quota: int) -> list[int]:
    """For each player, the number of losing coalitions without them that they turn winning."""
    validate_game(weights, quota)
    ws, q = _reduce(weights, quota)
    if len(_moduli(len(ws))) * q > MAX_CELLS:
        raise PowerError(f"The game is too large for exact indices (quota {q} after reducing the weights).")
    primes = _moduli(len(ws))
    p = np.array(primes, dtype=np.int64)
    table = _forward_1d(ws, q, p)
    by_weight: dict[int, int] = {}
    if q < _PREFIX_LIMIT:
        r_low, r_high = _prefix_halves(table)
        for w in sorted(set(ws)):
            lo, hi = _blocks(q, w)
            sign = np.where(np.arange(len(lo)) % 2 == 0, 1, -1)
            s_low = ((r_low[:, hi] - r_low[:, lo]) * sign).sum(axis=-1)
            s_high = ((r_high[:, hi] - r_high[:, lo]) * sign).sum(axis=-1)
            by_weight[w] = _crt(_combine(s_low, s_high, primes), primes)[0]
    else:
        for w in sorted(set(ws)):
            g = _without_1d(table, w, p)
            by_weight[w] = _crt(_window_sums(g, max(0, q - w), q, p), primes)[0]
    return [by_weight[w] for w in ws]


def banzhaf(weights: Sequence[int], quota: int) -> list[Fraction]:
    """Normalised Banzhaf index: a player's swings over all players' swings."""
    swings = swing_counts(weights, quota)
    total = sum(swings)  # positive: the grand coalition wins and the empty one loses
    return [Fraction(s, total) for s in swings]


# --- Shapley–Shubik -----------------------------------------------------------------


def _forward_2d(weights: Sequence[int], quota: int, p: Array) -> Array:
    n = len(weights)
    table = np.zeros((len(p), n + 1, quota), dtype=np.int64)
    table[:, 0, 0] = 1
    pc = p.reshape(-1, 1, 1)
    # only sizes up to the players multiplied in so far are non-zero, and only weights up to
    # their total
    reach = 0
    for size, w in enumerate(sorted(weights), start=1):
        reach = min(reach + w, quota - 1)
        if w <= reach:
            s = table[:, 1 : size + 1, w : reach + 1] + table[:, :size, : reach + 1 - w]
            np.subtract(s, pc, out=s, where=s >= pc)
            table[:, 1 : size + 1, w : reach + 1] = s
    return table


def _without_2d(table: Array, w: int, p: Array) -> Array:
    quota = table.shape[2]
    if w >= quota:
        return table
    out = table.copy()
    pc = p.reshape(-1, 1, 1)
    for start in range(w, quota, w):
        stop = min(start + w, quota)
        # G[k][t] = F[k][t] - G[k-1][t-w]; G[0][t] = F[0][t]
        d = out[:, 1:, start:stop] - out[:, :-1, start - w : stop - w]
        d += pc * (d < 0)
        out[:, 1:, start:stop] = d
    return out


def _skew_sum(blocks: Array) -> Array:
    """``c[..., k] = sum_j blocks[..., k - j, j]`` (terms with k - j < 0 are zero)."""
    m, n, count = blocks.shape
    padded = np.zeros((m, n + count, count), dtype=np.int64)
    padded[:, count:, :] = blocks
    s0, s1, s2 = padded.strides
    # element (k, j) of the view is padded[:, count + k - j, j]
    view: Array = np.lib.stride_tricks.as_strided(
        padded[:, count:, :], shape=(m, n, count), strides=(s0, s1, s2 - s1), writeable=False
    )
    summed: Array = view.sum(axis=-1)
    return summed


def _pivot_counts(ws: Sequence[int], q: int) -> dict[int, list[int]]:
    """For each distinct weight, swings by coalition size (k = 0 .. n-1)."""
    n = len(ws)
    if (n + 1) * q * len(_moduli(n)) > MAX_CELLS:
        raise PowerError(
            f"The game is too large for exact indices ({n} players, quota {q} after reducing the weights)."
        )
    primes = _moduli(n)
    p = np.array(primes, dtype=np.int64)
    table = _forward_2d(ws, q, p)
    out: dict[int, list[int]] = {}
    if q < _PREFIX_LIMIT:
        r_low, r_high = _prefix_halves(table[:, :n, :])
        for w in sorted(set(ws)):
            lo, hi = _blocks(q, w)
            sign = np.where(np.arange(len(lo)) % 2 == 0, 1, -1)
            s_low = _skew_sum((r_low[:, :, hi] - r_low[:, :, lo]) * sign)
            s_high = _skew_sum((r_high[:, :, hi] - r_high[:, :, lo]) * sign)
            out[w] = _crt(_combine(s_low, s_high, primes), primes)
    else:
        for w in sorted(set(ws)):
            g = _without_2d(table, w, p)[:, :n, :]
            out[w] = _crt(_window_sums(g, max(0, q - w), q, p), primes)
    return out


def _ss_from_counts(counts: Sequence[int], n: int) -> Fraction:
    # A coalition of size k before the player: k! (n-1-k)! of the n! orderings.
    numerator = sum(c * math.factorial(k) * math.factorial(n - 1 - k) for k, c in enumerate(counts) if c)
    return Fraction(numerator, math.factorial(n))


def shapley_shubik(weights: Sequence[int], quota: int) -> list[Fraction]:
    """Shapley–Shubik index: the share of the n! orderings in which the player is pivotal."""
    validate_game(weights, quota)
    ws, q = _reduce(weights, quota)
    by_weight = _pivot_counts(ws, q)
    n = len(ws)
    values = {w: _ss_from_counts(c, n) for w, c in by_weight.items()}
    return [values[w] for w in ws]


def power_indices(weights: Sequence[int], quota: int) -> PowerIndices:
    """Both indices (and raw swings) from one size-by-weight table."""
    validate_game(weights, quota)
    ws, q = _reduce(weights, quota)
    by_weight = _pivot_counts(ws, q)
    n = len(ws)
    swings = {w: sum(c) for w, c in by_weight.items()}
    ss = {w: _ss_from_counts(c, n) for w, c in by_weight.items()}
    total_swings = sum(swings[w] for w in ws)
    players = tuple(
        PlayerPower(weight=orig, swings=swings[w], banzhaf=Fraction(swings[w], total_swings), shapley_shubik=ss[w])
        for orig, w in zip(weights, ws, strict=True)
    )
    return PowerIndices(quota=quota, total_weight=sum(weights), players=players)


# --- minimal winning coalitions -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class MinimalWinning:
    coalitions: tuple[tuple[int, ...], ...]  # player positions, in input order
    complete: bool  # False when the limit stopped the enumeration


def minimal_winning_coalitions(weights: Sequence[int], quota: int, *, limit: int = 1000) -> MinimalWinning:
    """Coalitions that win but lose if any member leaves, up to ``limit`` of them.

    Depth-first over players by descending weight: once a coalition wins it is not extended
    (every superset is non-minimal), and it is minimal exactly when dropping its lightest
    member (the last one added) makes it lose. Branches that cannot reach the quota are cut.
    """
    validate_game(weights, quota)
    if limit < 0:
        raise PowerError("The limit must not be negative.")
    order = sorted(range(len(weights)), key=lambda i: (-weights[i], i))
    ws = [weights[i] for i in order]
    rest = [0] * (len(ws) + 1)
    for i in range(len(ws) - 1, -1, -1):
        rest[i] = rest[i + 1] + ws[i]
    found: list[tuple[int, ...]] = []
    chosen: list[int] = []
    stack: list[tuple[int, int, int]] = [(0, 0, 0)]  # (next position, weight, depth of chosen)
    complete = True
    while stack:
        pos, weight, depth = stack.pop()
        del chosen[depth:]
        if weight >= quota:
            if weight - ws[chosen[-1]] < quota:
                if len(found) >= limit:
                    complete = False
                    break
                found.append(tuple(sorted(order[j] for j in chosen)))
            continue
        if pos >= len(ws) or weight + rest[pos] < quota:
            continue
        # push "skip" first so "take" is explored first (heavier coalitions come out first)
        stack.append((pos + 1, weight, depth))
        chosen.append(pos)
        stack.append((pos + 1, weight + ws[pos], depth + 1))
    return MinimalWinning(coalitions=tuple(found), complete=complete)


# --- mixed games --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bloc:
    """A faction: its seats, and the members who broke ranks (they play alone, weight 1)."""

    name: str
    seats: int
    rebels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MixedPlayer:
    label: str
    faction: str
    weight: int
    is_bloc: bool


@dataclass(frozen=True, slots=True)
class FactionPower:
    faction: str
    seats: int
    seat_share: Fraction
    banzhaf: Fraction
    shapley_shubik: Fraction


@dataclass(frozen=True, slots=True)
class MixedResult:
    quota: int
    players: tuple[MixedPlayer, ...]
    indices: PowerIndices
    factions: tuple[FactionPower, ...]


def mixed_players(blocs: Sequence[Bloc]) -> list[MixedPlayer]:
    players: list[MixedPlayer] = []
    for bloc in blocs:
        if len(bloc.rebels) > bloc.seats:
            raise PowerError(f"The faction {bloc.name} has more rebels than seats.")
        core = bloc.seats - len(bloc.rebels)
        if core > 0:
            players.append(MixedPlayer(label=bloc.name, faction=bloc.name, weight=core, is_bloc=True))
        players.extend(MixedPlayer(label=r, faction=bloc.name, weight=1, is_bloc=False) for r in bloc.rebels)
    return players


def mixed_game(blocs: Sequence[Bloc], quota: int) -> MixedResult:
    """Indices for disciplined blocs plus rebels, and each faction's total (bloc + its rebels)."""
    players = mixed_players(blocs)
    if not players:
        raise PowerError("A game needs at least one player.")
    indices = power_indices([p.weight for p in players], quota)
    total = indices.total_weight
    factions = []
    for bloc in blocs:
        mine = [ix for pl, ix in zip(players, indices.players, strict=True) if pl.faction == bloc.name]
        factions.append(
            FactionPower(
                faction=bloc.name,
                seats=bloc.seats,
                seat_share=Fraction(bloc.seats, total),
                banzhaf=sum((ix.banzhaf for ix in mine), Fraction(0)),
                shapley_shubik=sum((ix.shapley_shubik for ix in mine), Fraction(0)),
            )
        )
    return MixedResult(quota=quota, players=tuple(players), indices=indices, factions=tuple(factions))
