"""The vectorised what-if simulation agrees with the exact core and summarises scenarios as documented."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from kurultai.elections.allocation import METHODS, AllocationError, Method, Row, Rules, allocate
from kurultai.elections.simulate import _summarise, allocate_batch, scenario_votes, simulate

MAZHILIS_2023 = [
    Row("Amanat", 3431510),
    Row("Auyl", 693938),
    Row("Respublica", 547154),
    Row("Ak Zhol", 535139),
    Row("People's Party of Kazakhstan", 432920),
    Row("Nationwide Social Democratic Party", 331058),
    Row("Baytaq", 146431),
    Row("Against all", 248291, eligible=False),
]
HARE_145 = Rules(145, "hare", Fraction(5))


def exact_seats(votes: np.ndarray, rows: list[Row], rules: Rules) -> list[list[int]]:
    """The core's answer for every scenario (column) that can be allocated."""
    columns = []
    for j in range(votes.shape[1]):
        scenario = [Row(r.party, int(votes[i, j]), r.eligible, r.minority) for i, r in enumerate(rows)]
        columns.append([r.seats for r in allocate(scenario, rules).rows])
    return columns


def random_problem(rng: np.random.Generator, method: Method) -> tuple[list[Row], Rules, np.ndarray]:
    """A small random election and 250 scenarios of it, many of them with ties or tiny vote counts."""
    n = int(rng.integers(2, 9))
    rows = [Row(f"L{i}", 0, eligible=i == 0 or rng.random() < 0.9, minority=rng.random() < 0.15) for i in range(n)]
    rules = Rules(
        seats=int(rng.integers(1, 80)),
        method=method,
        threshold_percent=Fraction(int(rng.integers(0, 40)), 2),
        minority_bonus=Fraction(int(rng.choice([0, 7, 27])), int(rng.choice([1, 20]))) + 1,
        min_lists=int(rng.integers(1, 3)),
    )
    scale = int(rng.choice([20, 1000, 10**7]))
    votes = rng.integers(1, scale, size=(n, 250))
    votes[:, ::3] = votes[:, ::3] // 7 * 7 + 7  # multiples of 7 make equal quotients and remainders common
    return rows, rules, votes


@pytest.mark.parametrize("method", METHODS)
def test_vectorised_allocation_agrees_with_the_exact_core(method: Method) -> None:
    rng = np.random.default_rng(METHODS.index(method))
    for _ in range(4):
        rows, rules, votes = random_problem(rng, method)
        seats, void = allocate_batch(votes, rows, rules)
        assert not void.any()
        assert seats.T.tolist() == exact_seats(votes, rows, rules)


def test_vectorised_allocation_agrees_on_the_2023_scenarios() -> None:
    votes = scenario_votes(MAZHILIS_2023, scenarios=500, noise=0.05, seed=3)
    for method in METHODS:
        rules = Rules(145, method, Fraction(5))
        seats, _ = allocate_batch(votes, MAZHILIS_2023, rules)
        assert seats.T.tolist() == exact_seats(votes, MAZHILIS_2023, rules)


def test_vote_totals_too_large_for_one_sort_key_are_ranked_exactly() -> None:
    rows = [Row("A", 0), Row("B", 0), Row("C", 0)]
    votes = np.array([[3 * 10**11 + 1, 10**11], [2 * 10**11, 2 * 10**11 + 7], [10**11 + 5, 3 * 10**11]])
    seats, _ = allocate_batch(votes, rows, Rules(100, "hare"))
    assert seats.T.tolist() == exact_seats(votes, rows, Rules(100, "hare"))


def test_scenarios_where_no_list_has_votes_are_void() -> None:
    rows = [Row("A", 0), Row("B", 0), Row("Against all", 0, eligible=False)]
    votes = np.array([[0, 5], [0, 5], [9, 9]])
    seats, void = allocate_batch(votes, rows, Rules(4, "dhondt"))
    assert (void.tolist(), seats.T.tolist()) == ([True, False], [[0, 0, 0], [2, 2, 0]])


def test_without_noise_every_scenario_is_the_exact_result() -> None:
    exact = [r.seats for r in allocate(MAZHILIS_2023, HARE_145).rows]
    result = simulate(MAZHILIS_2023, HARE_145, scenarios=1000, noise=0.0, seed=1)
    assert [r.mean_seats for r in result.rows] == exact
    assert [(r.p5, r.p95) for r in result.rows] == [(s, s) for s in exact]
    assert (result.rows[0].p_majority, result.rows[0].p_two_thirds) == (1.0, 0.0)


def test_the_2023_result_simulated_a_million_times_is_stable() -> None:
    result = simulate(MAZHILIS_2023, HARE_145, scenarios=1_000_000, noise=0.02, seed=1)
    amanat = result.rows[0]
    assert (result.scenarios, result.void_scenarios) == (1_000_000, 0)
    assert (amanat.p5, amanat.p95, amanat.p_majority, amanat.p_two_thirds) == (82, 85, 1.0, 0.0)
    assert 83 < amanat.mean_seats < 84
    assert sum(r.mean_seats for r in result.rows) == pytest.approx(145)


def test_the_result_depends_on_the_seed_not_on_the_threads() -> None:
    one = simulate(MAZHILIS_2023, HARE_145, scenarios=5000, noise=0.1, seed=7, chunk_size=1000, workers=1)
    two = simulate(MAZHILIS_2023, HARE_145, scenarios=5000, noise=0.1, seed=7, chunk_size=1000, workers=2)
    other = simulate(MAZHILIS_2023, HARE_145, scenarios=5000, noise=0.1, seed=8, chunk_size=1000, workers=2)
    assert one == two
    assert one != other


def test_scenario_votes_replays_the_simulated_scenarios() -> None:
    rules = Rules(145, "sainte-lague", Fraction(5))
    result = simulate(MAZHILIS_2023, rules, scenarios=3000, noise=0.1, seed=5, chunk_size=1024)
    votes = scenario_votes(MAZHILIS_2023, scenarios=3000, noise=0.1, seed=5, chunk_size=1024)
    seats, _ = allocate_batch(votes, MAZHILIS_2023, rules)
    assert [r.mean_seats for r in result.rows] == [round(int(s.sum()) / 3000, 4) for s in seats]


def test_void_scenarios_are_counted_and_left_out() -> None:
    # With noise 5 the single list's factor 1 + N(0, 5) is clipped to 0 in about 42% of scenarios.
    result = simulate([Row("A", 1000)], Rules(3, "hare"), scenarios=10_000, noise=5.0, seed=2)
    assert 3800 < result.void_scenarios < 4600
    assert (result.rows[0].mean_seats, result.rows[0].p5, result.rows[0].p_majority) == (3.0, 3, 1.0)


def test_majorities_are_more_than_half_and_at_least_two_thirds() -> None:
    # 10 seats: 5 is not a majority; 9 seats: 6 is exactly two thirds.
    half = simulate([Row("A", 500), Row("B", 500)], Rules(10, "hare"), scenarios=10, noise=0.0, seed=1)
    thirds = simulate([Row("A", 600), Row("B", 300)], Rules(9, "hare"), scenarios=10, noise=0.0, seed=1)
    assert (half.rows[0].p_majority, thirds.rows[0].p_two_thirds) == (0.0, 1.0)


def test_percentiles_are_the_inverted_cdf() -> None:
    # 100 scenarios of one list: 4 with 0 seats, 1 with 1, 90 with 2, 5 with 3.
    hist = np.array([[4, 1, 90, 5]])
    (row,) = _summarise([Row("A", 1)], hist, 100, 3)
    assert (row.p5, row.p95, row.mean_seats) == (1, 2, 1.96)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scenarios": 0, "noise": 0.1, "seed": 1}, "number of scenarios"),
        ({"scenarios": 10**10, "noise": 0.1, "seed": 1}, "number of scenarios"),
        ({"scenarios": 10, "noise": -0.1, "seed": 1}, "noise"),
        ({"scenarios": 10, "noise": float("nan"), "seed": 1}, "noise"),
        ({"scenarios": 10, "noise": 0.1, "seed": -1}, "seed"),
        ({"scenarios": 10, "noise": 0.1, "seed": 1, "chunk_size": 0}, "chunk size"),
    ],
)
def test_bad_simulation_parameters_are_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(AllocationError, match=message):
        simulate(MAZHILIS_2023, HARE_145, **kwargs)  # type: ignore[arg-type]


def test_more_seats_than_the_histogram_holds_are_refused() -> None:
    with pytest.raises(AllocationError, match="at most 100,000 seats"):
        simulate(MAZHILIS_2023, Rules(10**6, "hare"), scenarios=10, noise=0.0, seed=1)


def test_vote_counts_beyond_64_bit_arithmetic_are_refused() -> None:
    with pytest.raises(AllocationError, match="too large"):
        simulate([Row("A", 10**17), Row("B", 1)], HARE_145, scenarios=10, noise=0.0, seed=1)
