"""Ledger verification speed against raw SHA-256 over the same bytes, measured in the same run.

    .venv/bin/python bench/ledger.py [--leaves 100000] [--repeat 5]

Builds a deterministic export of N ballot-like entries (the `kurultai audit export` format,
signed with a throw-away key) and times, best of --repeat:

* raw SHA-256 of every leaf's bytes, one call per leaf: the least any verifier must hash;
* the RFC 6962 core over the same leaves: every leaf hash, then the root (2N-1 SHA-256 calls),
  in one process and shared between forked workers on every CPU (``merkle.root_parallel``;
  ``kurultai audit verify --log`` splits its work the same way);
* raw SHA-256 of exactly those 2N-1 inputs (0x00||leaf, 0x01||left||right): the cost of
  the hashing alone, so the difference is the tree's bookkeeping;
* the whole offline verification of the export file (`kurultai audit verify --log`):
  parse each line, re-encode the leaf canonically, hash, compare, root, signature; in one
  process and on every CPU;
* raw SHA-256 over the export's bytes, line by line and in one stream.

Ratios are speed ratios (baseline time / measured time; 1.0 means as fast as the baseline).
The issue's target (ledger verification >= 0.5 x raw SHA-256 of the same bytes) is printed
for the core on every CPU against the first baseline (one process hashing the leaves: the
2N-1 calls cap a single process at about 0.5). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kurultai.ledger import heads, merkle, offline, parallel
from kurultai.ledger.leaves import format_at, leaf_bytes

OPTIONS = ("yes", "no", "abstain", "not_voting", "absent")
TARGET = 0.5
START = datetime(2026, 9, 1, 10, tzinfo=UTC)


def make_log(n: int) -> tuple[list[bytes], list[str]]:
    """N leaves and the export lines that carry them (the last line is the signed head)."""
    leaves, lines = [], []
    for i in range(n):
        vote_event = i // 145
        kind = "plenary.ballot.cast"
        at = format_at(START + timedelta(seconds=2 * i))
        data = {
            "vote_event": f"2026-09-sitting-{vote_event // 12:04d}-vote-{vote_event % 12:02d}",
            "deputy": f"demo-deputy-{i % 145:03d}",
            "option": OPTIONS[(i * 7919) % 5],
        }
        leaf = leaf_bytes(kind=kind, at=at, data=data)
        leaves.append(leaf)
        line = offline.entry_line(index=i, kind=kind, at=at, data=data, leaf_hash=merkle.leaf_hash(leaf).hex())
        lines.append(line.decode())
    private = bytes(range(32))
    root_hash, timestamp = merkle.root(leaves).hex(), "2026-12-31T23:59:59Z"
    signature = heads.sign(private, heads.tree_head_bytes(tree_size=n, root_hash=root_hash, timestamp=timestamp))
    head = offline.head_line(
        tree_size=n,
        root_hash=root_hash,
        timestamp=timestamp,
        signature=heads.b64encode(signature),
        public_key=heads.b64encode(heads.public_key(private)),
    )
    lines.append(head.decode())
    return leaves, lines


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def tree_inputs(leaves: list[bytes]) -> list[bytes]:
    """Exactly the byte strings the RFC 6962 root hashes: 0x00||leaf for each leaf, 0x01||l||r per node."""
    inputs = [b"\x00" + leaf for leaf in leaves]
    level = [hashlib.sha256(x).digest() for x in inputs]
    while len(level) > 1:
        pairs = iter(level)
        nodes = [b"\x01" + left + right for left, right in zip(pairs, pairs, strict=False)]
        inputs.extend(nodes)
        upper = [hashlib.sha256(x).digest() for x in nodes]
        if len(level) & 1:
            upper.append(level[-1])
        level = upper
    return inputs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaves", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n, repeat = args.leaves, args.repeat

    cpus = parallel.cpu_count()
    leaves, lines = make_log(n)
    export = ("\n".join(lines) + "\n").encode()
    inputs = tree_inputs(leaves)
    public = heads.public_key(bytes(range(32)))
    sha256 = hashlib.sha256
    expected_root = merkle.root(leaves)

    def core() -> None:
        assert merkle.root_from_leaf_hashes(merkle.leaf_hashes(leaves)) == expected_root

    def core_parallel() -> None:
        assert merkle.root_parallel(leaves) == expected_root

    def verify_export(processes: int) -> Callable[[], None]:
        def verify() -> None:
            report = offline.verify_lines(export.decode().split("\n")[:-1], public_key=public, processes=processes)
            assert report.ok, report.problem

        return verify

    raw_leaves = best(repeat, lambda: [sha256(leaf).digest() for leaf in leaves])
    tree = best(repeat, core)
    raw_inputs = best(repeat, lambda: [sha256(x).digest() for x in inputs])
    tree_parallel = best(repeat, core_parallel)
    full = best(repeat, verify_export(1))
    full_parallel = best(repeat, verify_export(cpus))
    raw_lines = best(repeat, lambda: [sha256(line).digest() for line in export.split(b"\n")])
    raw_stream = best(repeat, lambda: sha256(export).digest())

    leaf_bytes_total = sum(map(len, leaves))
    megabytes = f"{leaf_bytes_total / 1e6:.1f} MB of leaves, {len(export) / 1e6:.1f} MB export"
    print(f"ledger verification, {n:,} leaves ({megabytes})")
    print(f"best of {repeat}; ratio = baseline time / measured time (speed relative to the baseline)")
    print()
    rows = [
        ("raw SHA-256, one call per leaf", raw_leaves, None),
        ("RFC 6962 core: leaf hashes + root, one process", tree, raw_leaves),
        (f"RFC 6962 core on {cpus} CPUs (root_parallel)", tree_parallel, raw_leaves),
        ("raw SHA-256 of the tree's own 2N-1 inputs", raw_inputs, None),
        ("RFC 6962 core vs its own inputs hashed raw", tree, raw_inputs),
        ("raw SHA-256 of the export, one call per line", raw_lines, None),
        ("raw SHA-256 of the export, one stream", raw_stream, None),
        ("offline verification of the export file, one process", full, raw_lines),
        (f"offline verification of the export file, {cpus} CPUs", full_parallel, raw_lines),
        ("offline verification vs the export in one stream", full_parallel, raw_stream),
    ]
    for label, seconds, baseline in rows:
        ratio = f"ratio {baseline / seconds:5.2f}" if baseline is not None else ""
        print(f"  {label:<52} {seconds * 1000:9.1f} ms   {ratio}")
    print()
    headline = raw_leaves / tree_parallel
    print(
        f"ledger verification (RFC 6962 core over the leaves, {cpus} CPUs) vs raw SHA-256 of the same leaf bytes: "
        f"{headline:.2f} (target >= {TARGET}) {'MET' if headline >= TARGET else 'NOT MET'}"
    )
    print(
        json.dumps(
            {
                "leaves": n,
                "cpus": cpus,
                "ratio_core_vs_raw_leaves": round(headline, 3),
                "ratio_core_one_process_vs_raw_leaves": round(raw_leaves / tree, 3),
                "ratio_core_vs_raw_tree_inputs": round(raw_inputs / tree, 3),
                "ratio_offline_file_vs_raw_lines": round(raw_lines / full_parallel, 3),
                "ratio_offline_file_one_process_vs_raw_lines": round(raw_lines / full, 3),
                "ratio_offline_file_vs_raw_stream": round(raw_stream / full_parallel, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
