"""Power indices: exact against brute-force enumeration, and the laws they obey."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kurultai.modelling import power as pw

# ../shared/tools/contracts-data/power_cases.json, copied so the suite runs from a bare clone.
CASES = Path(__file__).resolve().parent / "data" / "power_cases.json"


def brute_force(weights: list[int], quota: int) -> tuple[list[int], list[Fraction]]:
    """Swings and Shapley-Shubik values by visiting every coalition."""
    n = len(weights)
    swings = [0] * n
    ss = [Fraction(0)] * n
    for mask in range(1 << n):
        total = sum(weights[i] for i in range(n) if mask >> i & 1)
        if total >= quota:
            continue
        k = mask.bit_count()
        share = Fraction(math.factorial(k) * math.factorial(n - 1 - k), math.factorial(n))
        for i in range(n):
            if not mask >> i & 1 and total + weights[i] >= quota:
                swings[i] += 1
                ss[i] += share
    return swings, ss


def brute_minimal(weights: list[int], quota: int) -> set[tuple[int, ...]]:
    n = len(weights)
    found = set()
    for mask in range(1, 1 << n):
        members = [i for i in range(n) if mask >> i & 1]
        total = sum(weights[i] for i in members)
        if total >= quota and all(total - weights[i] < quota for i in members):
            found.add(tuple(members))
    return found


@st.composite
def games(draw: st.DrawFn, max_players: int = 9, max_weight: int = 15) -> tuple[list[int], int]:
    weights = draw(st.lists(st.integers(1, max_weight), min_size=1, max_size=max_players))
    quota = draw(st.integers(1, sum(weights)))
    return weights, quota


@settings(max_examples=300, deadline=None)
@given(games())
def test_indices_equal_brute_force(game: tuple[list[int], int]) -> None:
    weights, quota = game
    swings, ss = brute_force(weights, quota)
    result = pw.power_indices(weights, quota)
    assert [p.swings for p in result.players] == swings
    assert [p.shapley_shubik for p in result.players] == ss
    assert pw.swing_counts(weights, quota) == swings
    assert pw.shapley_shubik(weights, quota) == ss


@settings(max_examples=100, deadline=None)
@given(games())
def test_the_slow_exact_path_agrees(game: tuple[list[int], int]) -> None:
    weights, quota = game
    fast = pw.power_indices(weights, quota)
    limit = pw._PREFIX_LIMIT
    try:
        pw._PREFIX_LIMIT = 0  # force the per-weight deconvolution path used for huge quotas
        slow = pw.power_indices(weights, quota)
        slow_swings = pw.swing_counts(weights, quota)
    finally:
        pw._PREFIX_LIMIT = limit
    assert slow == fast
    assert slow_swings == [p.swings for p in fast.players]


@settings(max_examples=200, deadline=None)
@given(games(max_players=12, max_weight=40))
def test_both_indices_sum_to_one_and_respect_weight_order(game: tuple[list[int], int]) -> None:
    weights, quota = game
    result = pw.power_indices(weights, quota)
    assert sum(p.banzhaf for p in result.players) == 1
    assert sum(p.shapley_shubik for p in result.players) == 1
    by_weight = sorted(result.players, key=lambda p: p.weight)
    assert [p.banzhaf for p in by_weight] == sorted(p.banzhaf for p in by_weight)
    assert [p.shapley_shubik for p in by_weight] == sorted(p.shapley_shubik for p in by_weight)


@settings(max_examples=100, deadline=None)
@given(games(), st.integers(2, 5))
def test_scaling_weights_and_quota_changes_nothing(game: tuple[list[int], int], factor: int) -> None:
    weights, quota = game
    scaled = pw.power_indices([w * factor for w in weights], quota * factor)
    assert [p.shapley_shubik for p in scaled.players] == pw.shapley_shubik(weights, quota)


@settings(max_examples=150, deadline=None)
@given(games(max_players=8))
def test_minimal_winning_coalitions_equal_brute_force(game: tuple[list[int], int]) -> None:
    weights, quota = game
    result = pw.minimal_winning_coalitions(weights, quota, limit=10_000)
    assert result.complete
    assert len(result.coalitions) == len(set(result.coalitions))
    assert set(result.coalitions) == brute_minimal(weights, quota)


def test_the_minimal_winning_limit_stops_and_says_so() -> None:
    result = pw.minimal_winning_coalitions([1] * 20, 11, limit=50)
    assert len(result.coalitions) == 50
    assert not result.complete


def test_the_published_vectors() -> None:
    for case in json.loads(CASES.read_text()):
        result = pw.power_indices(case["weights"], case["quota"])
        assert result.banzhaf == pytest.approx(case["banzhaf"], abs=1e-12)
        assert result.shapley_shubik == pytest.approx(case["shapley_shubik"], abs=1e-12)


def test_a_large_game_beyond_64_bits_is_exact() -> None:
    # 150 equal players: every index is exactly 1/150 although the counts exceed 2^140.
    result = pw.power_indices([1] * 150, 76)
    assert {p.banzhaf for p in result.players} == {Fraction(1, 150)}
    assert {p.shapley_shubik for p in result.players} == {Fraction(1, 150)}
    assert result.players[0].swings == math.comb(149, 75)


def test_a_dictator_and_dummies() -> None:
    result = pw.power_indices([10, 1, 1], 10)
    assert [p.banzhaf for p in result.players] == [1, 0, 0]
    assert [p.shapley_shubik for p in result.players] == [1, 0, 0]


@pytest.mark.parametrize(
    ("weights", "quota"),
    [([], 1), ([0, 1], 1), ([-1, 3], 1), ([2, 2], 0), ([2, 2], 5), ([True, 2], 1)],
)
def test_games_without_indices_are_refused(weights: list[int], quota: int) -> None:
    with pytest.raises(pw.PowerError):
        pw.power_indices(weights, quota)


def test_quotas() -> None:
    assert pw.majority_quota(145) == 73
    assert pw.majority_quota(100) == 51
    assert pw.two_thirds_quota(145) == 97
    assert pw.two_thirds_quota(99) == 66


def test_a_mixed_game_adds_rebels_to_their_faction() -> None:
    blocs = [pw.Bloc("A", 70, ("a1", "a2")), pw.Bloc("B", 50), pw.Bloc("C", 25, ("c1",))]
    result = pw.mixed_game(blocs, pw.majority_quota(145))
    assert [p.label for p in result.players] == ["A", "a1", "a2", "B", "C", "c1"]
    assert [p.weight for p in result.players] == [68, 1, 1, 50, 24, 1]
    assert sum(f.banzhaf for f in result.factions) == 1
    assert sum(f.shapley_shubik for f in result.factions) == 1
    assert result.factions[0].seat_share == Fraction(70, 145)
    a_players = result.indices.players[:3]
    assert result.factions[0].shapley_shubik == sum(p.shapley_shubik for p in a_players)


def test_a_faction_cannot_have_more_rebels_than_seats() -> None:
    with pytest.raises(pw.PowerError):
        pw.mixed_game([pw.Bloc("A", 1, ("x", "y"))], 1)
