"""The forecast core: cohesion, records, the Poisson-binomial distribution and scoring."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kurultai.modelling import forecast as fc


def test_rice_index() -> None:
    assert fc.rice_index(10, 0) == 1
    assert fc.rice_index(5, 5) == 0
    assert fc.rice_index(6, 2) == 0.5
    assert fc.rice_index(0, 0) is None


def test_majority_option_has_no_line_on_a_tie() -> None:
    assert fc.majority_option(["yes", "yes", "no"]) == "yes"
    assert fc.majority_option(["yes", "no"]) is None
    assert fc.majority_option([]) is None


def test_history_counts_cohesion_attendance_and_loyalty() -> None:
    factions = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "x": None}
    past = [
        fc.PastVote({"a1": "yes", "a2": "yes", "a3": "no", "b1": "no", "x": None}),
        fc.PastVote({"a1": "yes", "a2": "yes", "a3": "yes", "b1": None, "x": "yes"}),
    ]
    h = fc.history(past, factions)
    a = next(c for c in h.factions if c.faction == "A")
    assert a.rice == pytest.approx((1 / 3 + 1) / 2)
    assert a.agreement == pytest.approx(5 / 6)
    assert a.yes_line_share == 1
    records = {r.deputy: r for r in h.deputies}
    assert records["a3"].loyalty == 0.5
    assert records["b1"].attendance == 0.5
    assert records["x"].loyalty is None
    assert fc.inferred_position(a) is fc.Position.YES
    assert fc.inferred_position(None) is fc.Position.FREE


probabilities = st.lists(st.fractions(min_value=0, max_value=1, max_denominator=50), max_size=30)


@settings(max_examples=150, deadline=None)
@given(probabilities)
def test_the_distribution_equals_the_exact_one(ps: list[Fraction]) -> None:
    fast = fc.poisson_binomial([float(p) for p in ps])
    exact = fc.poisson_binomial_exact(ps)
    assert len(fast) == len(exact) == len(ps) + 1
    assert fast.tolist() == pytest.approx([float(x) for x in exact], abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=160))
def test_the_distribution_sums_to_one_and_has_the_right_mean(ps: list[float]) -> None:
    dist = fc.poisson_binomial(ps)
    assert dist.sum() == pytest.approx(1)
    assert sum(k * x for k, x in enumerate(dist)) == pytest.approx(sum(ps), abs=1e-9)
    assert (dist >= 0).all()


def test_certain_votes_give_a_certain_result() -> None:
    f = fc.forecast([1.0] * 80 + [0.0] * 65, 73)
    assert f.probability == 1
    assert f.low == f.high == 80
    assert fc.forecast([1.0] * 70 + [0.0] * 75, 73).probability == 0


def test_bad_probabilities_are_refused() -> None:
    with pytest.raises(fc.ForecastError):
        fc.poisson_binomial([0.5, 1.5])
    with pytest.raises(fc.ForecastError):
        fc.poisson_binomial([float("nan")])


def test_yes_probability_follows_the_line() -> None:
    loyal = fc.DeputyRecord("d", "A", seated_votes=100, ballots=100, with_faction=100, yes=50)
    kwargs = {"mean_attendance": 0.9, "mean_loyalty": 0.9}
    assert fc.yes_probability(loyal, fc.Position.YES, **kwargs) > 0.98
    assert fc.yes_probability(loyal, fc.Position.NO, **kwargs) < 0.01
    assert fc.yes_probability(loyal, fc.Position.FREE, **kwargs) == pytest.approx(0.5, abs=0.02)
    newcomer = fc.DeputyRecord("n", "A", seated_votes=0, ballots=0, with_faction=0, yes=0)
    assert fc.yes_probability(newcomer, fc.Position.YES, **kwargs) == pytest.approx(0.81)


def test_brier_and_calibration() -> None:
    assert fc.brier(1.0, True) == 0
    assert fc.brier(0.5, False) == 0.25
    bins = fc.calibration([(0.1, False), (0.15, True), (0.9, True), (1.0, True)], bins=5)
    assert [b.forecasts for b in bins] == [2, 0, 0, 0, 2]
    assert bins[0].observed == 0.5
    assert bins[4].mean_forecast == pytest.approx(0.95)


def test_a_deputy_who_switched_factions_counts_for_the_faction_of_the_day() -> None:
    today = {"a1": "A", "a2": "A", "b1": "B", "b2": "B", "s": "B"}
    then = {**today, "s": "A"}
    ballots_1 = {"a1": "yes", "a2": "yes", "b1": "no", "b2": "no", "s": "yes"}
    ballots_2 = {"a1": "yes", "a2": "yes", "b1": "no", "b2": "no", "s": "no"}
    historical = fc.history([fc.PastVote(ballots_1, then), fc.PastVote(ballots_2, today)], today)
    records = {r.deputy: r for r in historical.deputies}
    assert records["s"].loyalty == 1
    assert records["s"].faction == "B"  # the forecast places them in today's faction
    cohesion = {c.faction: c for c in historical.factions}
    assert cohesion["A"].rice == 1
    assert cohesion["B"].rice == 1
    # with today's factions for every vote, the switch would look like a rebellion
    naive = fc.history([fc.PastVote(ballots_1), fc.PastVote(ballots_2)], today)
    assert {r.deputy: r for r in naive.deputies}["s"].loyalty == 0.5
    assert {c.faction: c for c in naive.factions}["B"].rice == pytest.approx((1 / 3 + 1) / 2)


def test_a_faction_that_no_longer_exists_keeps_its_past_cohesion() -> None:
    today = {"a1": "A", "a2": "A"}
    then = {"a1": "Old", "a2": "Old"}
    h = fc.history([fc.PastVote({"a1": "yes", "a2": "no"}, then)], today)
    cohesion = {c.faction: c for c in h.factions}
    assert cohesion["Old"].rice == 0
    assert cohesion["A"].votes == 0
    assert cohesion["A"].rice is None
