"""Seat allocation and the what-if simulation against votelib, measured in the same run.

    .venv/bin/python bench/seats.py [CSV] [--scenarios K] [--votelib-scenarios N] [--runs R]

1. One allocation: the exact core against votelib's largest remainder behind a threshold.
2. The simulation: votelib allocates the first N scenarios our simulation draws (the very
   same vote counts, checked to give the same seats); the ``kurultai seats ... --simulate K``
   command is then timed as a subprocess, start-up included, and the ratio is votelib's time
   per scenario over ours. Target: at least 100x for K = 1,000,000.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import votelib.evaluate.core as vc  # noqa: E402 - after the path set-up above
import votelib.evaluate.proportional as vp  # noqa: E402
import votelib.evaluate.threshold as vt  # noqa: E402

from kurultai.elections.allocation import Row, Rules, allocate, threshold_votes  # noqa: E402
from kurultai.elections.cli import read_rows  # noqa: E402
from kurultai.elections.simulate import allocate_batch, scenario_votes, simulate  # noqa: E402

DEFAULT_CSV = ROOT / ".." / "shared" / "data" / "elections" / "kz_mazhilis_2023.csv"
SEATS, METHOD, THRESHOLD, NOISE, SEED = 145, "hare", Fraction(5), 0.02, 1


def votelib_allocate(rows: list[Row]) -> dict[str, int]:
    """votelib with our rules: the base is every row; a list passes with at least 5% of it."""
    need = threshold_votes(sum(r.votes for r in rows), THRESHOLD)
    votes = {r.party: r.votes for r in rows if r.eligible}
    # votelib's AbsoluteThreshold keeps lists strictly above its value.
    evaluator = vc.Conditioned(vt.AbsoluteThreshold(need - 1), vp.LargestRemainder("hare"))
    seats = evaluator.evaluate(votes, SEATS)
    return {r.party: seats.get(r.party, 0) for r in rows}


def best_time(fn: object, repeat: int) -> float:
    assert callable(fn)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def command(csv_path: Path, scenarios: int) -> list[str]:
    kurultai = ROOT / ".venv" / "bin" / "kurultai"
    # Without the installed entry point, the module runs the same command itself.
    prefix = [str(kurultai)] if kurultai.exists() else [sys.executable, "-m", "kurultai.elections.cli"]
    return [
        *prefix,
        "seats",
        str(csv_path),
        "--seats",
        str(SEATS),
        "--method",
        METHOD,
        "--threshold",
        "5%",
        "--simulate",
        str(scenarios),
        "--noise",
        str(NOISE),
        "--seed",
        str(SEED),
        "--json",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV, help="results CSV (party,votes[,eligible])")
    parser.add_argument("--scenarios", type=int, default=1_000_000, help="scenarios for the CLI run")
    parser.add_argument("--votelib-scenarios", type=int, default=300, help="scenarios votelib allocates")
    parser.add_argument("--runs", type=int, default=3, help="CLI runs; the median counts")
    args = parser.parse_args()
    csv_path = args.csv.resolve()
    rows = read_rows(str(csv_path))
    rules = Rules(SEATS, METHOD, THRESHOLD)
    print(f"seats benchmark: {csv_path.name}, {SEATS} seats, {METHOD}, threshold {THRESHOLD}%")

    ours = best_time(lambda: allocate(rows, rules), 200)
    theirs = best_time(lambda: votelib_allocate(rows), 200)
    same = allocate(rows, rules).seats_by_party() == votelib_allocate(rows)
    print(
        f"one allocation: kurultai {ours * 1e6:.1f} us, votelib {theirs * 1e6:.1f} us, "
        f"{theirs / ours:.1f}x, same seats: {same}"
    )

    n = args.votelib_scenarios
    votes = scenario_votes(rows, scenarios=n, noise=NOISE, seed=SEED)
    scenarios = [[Row(r.party, int(votes[i, j]), r.eligible) for i, r in enumerate(rows)] for j in range(n)]
    start = time.perf_counter()
    expected = [votelib_allocate(s) for s in scenarios]
    votelib_per = (time.perf_counter() - start) / n
    seats, _ = allocate_batch(votes, rows, rules)
    agree = sum(seats[:, j].tolist() == [e[r.party] for r in rows] for j, e in enumerate(expected))
    print(
        f"votelib per scenario: {votelib_per * 1e6:.1f} us over the first {n} simulated scenarios "
        f"({agree}/{n} with the same seats as ours)"
    )

    k = args.scenarios
    start = time.perf_counter()
    simulate(rows, rules, scenarios=k, noise=NOISE, seed=SEED)
    inproc = time.perf_counter() - start
    print(
        f"simulation in process: {k:,} scenarios in {inproc:.3f} s, {inproc / k * 1e6:.3f} us per scenario, "
        f"{votelib_per / (inproc / k):.0f}x votelib"
    )

    cmd = command(csv_path, k)
    walls = []
    for _ in range(args.runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - start)
        if done.returncode != 0 or json.loads(done.stdout).get("scenarios") != k:
            sys.exit(f"the command failed: {done.stderr.strip()[:300]}")
    wall = statistics.median(walls)
    ratio = votelib_per / (wall / k)
    print(f"command: {' '.join(Path(cmd[0]).name if i == 0 else c for i, c in enumerate(cmd))}")
    print(
        f"CLI with start-up: runs {', '.join(f'{w:.2f}' for w in walls)} s; median {wall:.2f} s, "
        f"{wall / k * 1e6:.3f} us per scenario"
    )
    print(f"ratio: {ratio:.0f}x votelib per scenario (target >= 100x) {'PASS' if ratio >= 100 else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
