"""Analytics at national scale: near-duplicates, topics and opinion groups, each against a
baseline measured in the same run. Pure cores only (no database); not part of the test suite.

    .venv/bin/python -m bench.analytics [--dedup N] [--sample 20000] [--topics N] [--opinion P C]
                                        [--no-red-dwarf] [--json]

* **near-duplicates**: ``N`` synthetic appeals (``kurultai.analytics.synth``, 5% planted campaign
  copies) → word 3-shingles → MinHash (64 values) → LSH bands (16 × 4) → groups. Baseline: exact
  all-pairs Jaccard (sparse products) on a random ``--sample`` of the same texts, timed and
  extrapolated quadratically to ``N`` and to 1,000,000; recall = share of the sample's pairs with
  Jaccard ≥ 0.8 that LSH put in one group. Peak memory is the process's maximum RSS.
* **topics**: ``--topics`` texts → tokens (normalise, stop words, Snowball / Kazakh stemmer) →
  TF-IDF → NMF and mini-batch k-means; the adjusted Rand index against the planted (topic,
  language) labels.
* **opinion groups**: a planted ``P × C`` vote matrix (4 groups; about 340,000 votes for
  10,000 × 500), from the same list of vote records: ours against ``red-dwarf`` (the PyPI
  reproduction of the Pol.is pipeline), time and adjusted Rand index against the planted groups.

Every figure comes with CPU seconds (``time.process_time`` per process, summed over the worker
processes) next to the wall time, and the load average around it: other sessions share the
machine, and CPU time does not grow with their load.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import sys
import time
from datetime import date
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score

from kurultai.analytics import dedup, opinion, synth, text, topics

END = date(2026, 11, 1)


def _log(*args: Any) -> None:
    print(*args, file=sys.stderr, flush=True)


def _rss_mb() -> float:
    """The largest resident set of this process or of any worker process it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _cpu() -> float:
    """CPU seconds (user + system) of this process and of the worker processes it waited for:
    unlike wall time, it does not grow when other sessions load the machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _chunk(args: tuple[int, int, int]) -> tuple[np.ndarray, list[list[int]], float, float]:
    """Generate one chunk of texts (its own seed), sign it, and keep the hashes of its sample rows
    (so a million texts never sit in memory at once). Returns the generation's wall time and the
    CPU time of shingling and signing."""
    index, size, keep = args
    t0 = time.perf_counter()
    texts = [x.text for x in synth.generate(size, seed=1000 + index, end=END)]
    gen = time.perf_counter() - t0
    c0 = time.process_time()
    hashes = [dedup.shingle_hashes(t) for t in texts]
    sigs = dedup.signatures(hashes)
    cpu = time.process_time() - c0
    picked = random.Random(index).sample(range(size), min(keep, size))
    return sigs, [hashes[i] for i in sorted(picked)], gen, cpu


def bench_dedup(n: int, sample: int, workers: int) -> dict[str, Any]:
    step = 20_000
    jobs = [(i, min(step, n - i * step), 0) for i in range((n + step - 1) // step)]
    per_chunk = -(-sample // len(jobs))
    jobs = [(i, size, per_chunk) for i, size, _k in jobs]
    load_before = _load()
    t0 = time.perf_counter()
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_chunk, jobs)
    else:
        parts = [_chunk(j) for j in jobs]
    wall = time.perf_counter() - t0
    gen = sum(p[2] for p in parts) / max(workers, 1)
    cpu_sign = sum(p[3] for p in parts)
    # Generation is not part of the measurement: subtract its share of the wall time.
    t_shingle = wall - gen
    sigs = np.vstack([p[0] for p in parts])
    offsets = np.cumsum([0] + [len(p[0]) for p in parts])
    sample_rows: list[int] = []
    sample_hashes: list[list[int]] = []
    for (i, size, keep), (_s, hs, _g, _c) in zip(jobs, parts, strict=True):
        picked = sorted(random.Random(i).sample(range(size), min(keep, size)))
        sample_rows += [int(offsets[i]) + r for r in picked]
        sample_hashes += hs
    del parts
    _log(f"dedup: {n} texts; generation about {gen:.1f} s, shingles and signatures about {t_shingle:.1f} s")
    t0, c0 = time.perf_counter(), time.process_time()
    labels = dedup.group_labels(sigs)
    groups = dedup.groups_of(labels)
    t_group = time.perf_counter() - t0
    cpu_group = time.process_time() - c0
    total = t_shingle + t_group
    _log(f"dedup: grouping {t_group:.1f} s")

    t0 = time.perf_counter()
    exact = dedup.exact_similar_pairs(sample_hashes, threshold=0.8)
    t_exact = time.perf_counter() - t0
    idx = sample_rows
    found = sum(1 for a, b in exact if labels[idx[a]] == labels[idx[b]])
    recall = found / len(exact) if exact else 1.0
    s = len(idx)
    extrapolated_n = t_exact * (n / s) ** 2
    extrapolated_1m = t_exact * (1_000_000 / s) ** 2
    per_text = total / n
    return {
        "texts": n,
        "workers": workers,
        "generate_seconds": round(gen, 1),
        "shingle_signature_seconds": round(t_shingle, 1),
        "group_seconds": round(t_group, 1),
        "lsh_seconds": round(total, 2),
        "cpu_seconds_shingle_signature": round(cpu_sign, 1),
        "cpu_seconds_group": round(cpu_group, 1),
        "cpu_seconds_total": round(cpu_sign + cpu_group, 1),
        "load_average_before": load_before,
        "load_average_after": _load(),
        "lsh_seconds_per_million": round(per_text * 1_000_000, 1),
        "groups": len(groups),
        "flagged_campaign_groups": sum(1 for g in groups if len(g) >= 3),
        "sample": s,
        "exact_pairs_ge_0_8": len(exact),
        "recall": round(recall, 4),
        "all_pairs_sample_seconds": round(t_exact, 2),
        "all_pairs_extrapolated_seconds": round(extrapolated_n, 0),
        "all_pairs_extrapolated_1m_seconds": round(extrapolated_1m, 0),
        "speedup_vs_all_pairs": round(extrapolated_n / total, 1),
        "max_rss_mb": round(_rss_mb(), 0),
    }


def bench_topics(n: int) -> dict[str, Any]:
    items = list(synth.generate(n, seed=3, end=END, campaign_share=0))
    truth = [f"{x.topic}/{x.language}" for x in items]
    load_before = _load()
    t0, c0 = time.perf_counter(), time.process_time()
    docs = [text.tokens(x.text, x.language) for x in items]
    t_tok = time.perf_counter() - t0
    c_tok = time.process_time() - c0
    out: dict[str, Any] = {
        "texts": n,
        "tokenise_seconds": round(t_tok, 1),
        "tokenise_cpu_seconds": round(c_tok, 1),
        "load_average_before": load_before,
    }
    for method in ("nmf", "kmeans"):
        t0, c0 = time.perf_counter(), time.process_time()
        _model, labels = topics.fit(docs, 20, method=method, seed=1)
        t_fit = time.perf_counter() - t0
        c_fit = time.process_time() - c0
        out[method] = {
            "fit_seconds": round(t_fit, 1),
            "fit_cpu_seconds": round(c_fit, 1),
            "total_seconds": round(t_tok + t_fit, 1),
            "total_cpu_seconds": round(c_tok + c_fit, 1),
            "ari": round(float(adjusted_rand_score(truth, labels)), 3),
        }
        _log(f"topics {method}: {out[method]}")
    out["load_average_after"] = _load()
    return out


def _red_dwarf(votes: list[dict[str, Any]]) -> tuple[float, float, dict[int, int]] | str:
    try:
        from reddwarf.implementations.polis import run_pipeline
    except ImportError as exc:
        return f"red-dwarf is not installed ({exc})"
    t0, c0 = time.perf_counter(), time.process_time()
    result = run_pipeline(votes=votes, random_state=1)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    df = result.participants_df
    column = "cluster_id" if "cluster_id" in df.columns else df.columns[-1]
    labels = {int(pid): int(c) for pid, c in df[column].items() if c == c and c is not None}
    return elapsed, cpu, labels


def bench_opinion(p: int, c: int, with_red_dwarf: bool) -> dict[str, Any]:
    density = 340_000 / (10_000 * 500)
    matrix, truth = opinion.planted(p, c, 4, density=density, seed=1)
    rows, cols = np.nonzero(~np.isnan(matrix))
    votes = [
        {"participant_id": int(r), "statement_id": int(s), "vote": int(matrix[r, s]), "modified": 0}
        for r, s in zip(rows.tolist(), cols.tolist(), strict=True)
    ]
    out: dict[str, Any] = {"participants": p, "comments": c, "votes": len(votes)}
    out["load_average_before"] = _load()
    t0, c0 = time.perf_counter(), time.process_time()
    m = np.full((p, c), np.nan)
    m[[v["participant_id"] for v in votes], [v["statement_id"] for v in votes]] = [v["vote"] for v in votes]
    result = opinion.compute(m, seed=1)
    ours = time.perf_counter() - t0
    ours_cpu = time.process_time() - c0
    assert result is not None
    out["ours"] = {
        "seconds": round(ours, 2),
        "cpu_seconds": round(ours_cpu, 2),
        "k": result.k,
        "ari": round(float(adjusted_rand_score(truth[result.participants], result.labels)), 4),
    }
    _log(f"opinion ours: {out['ours']}")
    if with_red_dwarf:
        rd = _red_dwarf(votes)
        if isinstance(rd, str):
            out["red_dwarf"] = rd
        else:
            seconds, cpu, labels = rd
            keys = sorted(labels)
            out["red_dwarf"] = {
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "k": len(set(labels.values())),
                "ari": round(float(adjusted_rand_score(truth[keys], [labels[k] for k in keys])), 4),
            }
            out["speedup"] = round(seconds / ours, 1)
            out["cpu_ratio"] = round(cpu / ours_cpu, 1)
        _log(f"opinion red-dwarf: {out['red_dwarf']}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dedup", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2, help="processes for shingling and signatures")
    parser.add_argument("--topics", type=int, default=200_000)
    parser.add_argument("--opinion", type=int, nargs=2, default=[10_000, 500], metavar=("P", "C"))
    parser.add_argument("--no-red-dwarf", action="store_true")
    parser.add_argument("--only", choices=["dedup", "topics", "opinion"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    if args.only in (None, "opinion"):
        report["opinion"] = bench_opinion(args.opinion[0], args.opinion[1], not args.no_red_dwarf)
    if args.only in (None, "topics"):
        report["topics"] = bench_topics(args.topics)
    if args.only in (None, "dedup"):
        report["dedup"] = bench_dedup(args.dedup, args.sample, args.workers)
    print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
