"""Power indices and vote forecasts against baselines measured in the same run.

    .venv/bin/python bench/modelling.py [--runs R]

1. Exact Banzhaf and Shapley–Shubik indices of a mixed game of 120 players with unequal
   weights (12 disciplined blocs and 108 rebels playing alone), against the PyPI package
   ``powerindex`` (generating functions in pure Python) on the same game: the values must be
   identical (to 1e-12) and the targets are Banzhaf at least as fast, Shapley–Shubik at least
   3x faster. A second line does the same for the 145-seat parliament as a mixed game.
2. The exact Poisson-binomial distribution of yes votes for 145 deputies, per vote (target
   under 1 ms), against the textbook one-deputy-at-a-time numpy recursion.
3. The tax-benefit microsimulation: 1,000,000 synthetic households over the registry's 20
   regions, the current law against a reform, simulated by the OpenFisca country package
   (target under 60 s), with the numpy cross-check on the same households as the baseline
   (its time, the ratio, and whether the two give identical results).

Best of R runs for every timing (the machine is shared; the minimum is the least noisy).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import powerindex  # noqa: E402

from kurultai.modelling import forecast as fc  # noqa: E402
from kurultai.modelling import power as pw  # noqa: E402


def best(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def mixed_120() -> tuple[list[int], int]:
    """12 blocs of 4..60 seats and 108 rebels of 1..3 (their own small groups): 120 players."""
    rnd = random.Random(2026)
    blocs = [60, 44, 38, 31, 25, 19, 14, 11, 9, 7, 5, 4]
    rebels = [rnd.choice((1, 1, 1, 2, 3)) for _ in range(108)]
    weights = blocs + rebels
    return weights, pw.majority_quota(sum(weights))


def parliament_mixed() -> tuple[list[int], int]:
    """The 145 seats: five factions as blocs minus 40 deputies who broke ranks, playing alone."""
    seats, rebels = [62, 30, 24, 17, 12], [14, 9, 8, 5, 4]
    weights = [s - r for s, r in zip(seats, rebels, strict=True)] + [1] * sum(rebels)
    return weights, pw.majority_quota(145)


def power_line(name: str, weights: list[int], quota: int, runs: int) -> None:
    t_bz, ours_bz = best(lambda: pw.banzhaf(weights, quota), runs)
    t_ss, ours_ss = best(lambda: pw.shapley_shubik(weights, quota), runs)
    game = powerindex.Game(quota, weights)
    t_pbz, _ = best(game.calc_banzhaf, runs)
    t_pss, _ = best(game.calc_shapley_shubik, max(1, runs // 3))
    diff_bz = max(abs(float(a) - b) for a, b in zip(ours_bz, game.banzhaf, strict=True))
    diff_ss = max(abs(float(a) - b) for a, b in zip(ours_ss, game.shapley_shubik, strict=True))
    print(f"{name}: {len(weights)} players, total weight {sum(weights)}, quota {quota}")
    print(
        f"  Banzhaf        ours {t_bz * 1e3:8.2f} ms   powerindex {t_pbz * 1e3:8.2f} ms   "
        f"ratio {t_pbz / t_bz:6.1f}x   max |diff| {diff_bz:.1e}"
    )
    print(
        f"  Shapley-Shubik ours {t_ss * 1e3:8.2f} ms   powerindex {t_pss * 1e3:8.2f} ms   "
        f"ratio {t_pss / t_ss:6.1f}x   max |diff| {diff_ss:.1e}"
    )
    ok = t_bz <= t_pbz and t_pss >= 3 * t_ss and diff_bz < 1e-12 and diff_ss < 1e-12
    print(f"  targets (Banzhaf >= 1x, Shapley-Shubik >= 3x, identical values): {'met' if ok else 'NOT met'}")


def textbook_poisson_binomial(p: np.ndarray) -> np.ndarray:
    dist = np.zeros(len(p) + 1)
    dist[0] = 1.0
    for i, pi in enumerate(p, start=1):
        dist[1 : i + 1] = dist[1 : i + 1] * (1 - pi) + dist[:i] * pi
        dist[0] *= 1 - pi
    return dist


def forecast_line(runs: int) -> None:
    rng = np.random.default_rng(1)
    votes = [rng.uniform(0.02, 0.98, 145) for _ in range(200)]
    fc.poisson_binomial(votes[0])

    def ours() -> None:
        for p in votes:
            fc.poisson_binomial(p)

    def textbook() -> None:
        for p in votes:
            textbook_poisson_binomial(p)

    t_ours, _ = best(ours, runs)
    t_text, _ = best(textbook, runs)
    diff = max(float(np.abs(fc.poisson_binomial(p) - textbook_poisson_binomial(p)).max()) for p in votes[:20])
    per_ours, per_text = t_ours / len(votes), t_text / len(votes)
    print("Poisson-binomial, 145 deputies (200 votes)")
    print(
        f"  per vote       ours {per_ours * 1e3:8.3f} ms   textbook {per_text * 1e3:8.3f} ms   "
        f"ratio {per_text / per_ours:6.1f}x   max |diff| {diff:.1e}   target < 1 ms: "
        f"{'met' if per_ours < 1e-3 else 'NOT met'}"
    )


def microsimulation_line(households: int) -> None:
    from kurultai.modelling import fiscal
    from kurultai.modelling.cli import read_regions
    from kurultai.modelling.openfisca_kz import simulation

    reform = {"ipn.rate_high": 0.20, "ipn.threshold_mrp_year": 6000}
    start = time.perf_counter()
    population = fiscal.synthesise(read_regions(), households)
    built = time.perf_counter()
    simulation.baseline()  # the tax-benefit system, built once per process
    loaded = time.perf_counter()
    result = fiscal.compare(population, reform, engine=simulation.engine)
    done = time.perf_counter()
    baseline = fiscal.compare(population, reform)
    numpy_done = time.perf_counter()
    same = fiscal.comparison_document(fiscal.Reform("r", reform), result) == fiscal.comparison_document(
        fiscal.Reform("r", reform), baseline
    )
    total = done - start
    print(f"Microsimulation, {households:,} households, current law vs a reform")
    print(
        f"  OpenFisca: population {built - start:6.2f} s   system {loaded - built:5.2f} s   "
        f"both laws and the comparison {done - loaded:6.2f} s   total {total:6.2f} s   "
        f"budget effect {result.budget_effect / 1e9:+.1f} bn KZT/yr   "
        f"target < 60 s: {'met' if total < 60 else 'NOT met'}"
    )
    print(
        f"  numpy cross-check (baseline): both laws and the comparison {numpy_done - done:6.2f} s   "
        f"OpenFisca / numpy {(done - loaded) / (numpy_done - done):4.2f}x   identical results: {same}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--households", type=int, default=1_000_000)
    args = parser.parse_args()
    weights, quota = mixed_120()
    power_line("Mixed game", weights, quota, args.runs)
    weights, quota = parliament_mixed()
    power_line("Parliament as a mixed game", weights, quota, args.runs)
    forecast_line(args.runs)
    microsimulation_line(args.households)


if __name__ == "__main__":
    main()
