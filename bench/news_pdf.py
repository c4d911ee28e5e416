"""News pages and printable PDFs, each against a baseline page measured in the same run.

    .venv/bin/python bench/news_pdf.py [--var-dir DIR] [--requests 20] [--json]

In process through the full middleware stack (bench/pages.py's method, page cache off):
the news list and an article against ``/healthz``; the view pixel against ``/healthz``; the
roll-call PDF against the HTML vote page; the amendment-table PDF against its HTML page.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--var-dir", type=Path, default=None)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.pages import demo_instance

    demo_instance(a.var_dir, "kurultai-bench-news-")
    from django.test import Client

    from bench.pages import measure
    from kurultai.plenary.models import VoteEvent

    vote = VoteEvent.objects.filter(state="published").first()
    client = Client()
    client.get(f"/ru/plenary/votes/{vote.slug}/roll-call.pdf")  # font discovery, once per process
    pairs = [
        ("/healthz", "/ru/news/"),
        ("/healthz", "/ru/news/public-consultation-on-budget-code/"),
        ("/healthz", "/ru/news/public-consultation-on-budget-code/seen.gif"),
        (f"/ru/plenary/votes/{vote.slug}/", f"/ru/plenary/votes/{vote.slug}/roll-call.pdf"),
        ("/ru/bills/2026-12/amendments/", "/ru/bills/2026-12/amendments.pdf"),
    ]
    rows = []
    for base_path, path in pairs:
        base = measure(client, base_path, a.requests)
        row = measure(client, path, a.requests)
        row["baseline"] = base_path
        row["baseline_p50_ms"] = base["p50_ms"]
        row["p50_ratio"] = round(float(row["p50_ms"]) / max(float(base["p50_ms"]), 0.01), 1)
        rows.append(row)
    out = sys.stderr if a.json else sys.stdout
    print(f"load average: {os.getloadavg()}", file=out)
    print(f"{'page':58} {'status':>6} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'×base p50':>9}  baseline", file=out)
    for r in rows:
        print(
            f"{r['path'][:58]:58} {r['status']:>6} {r['queries']:>7} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
            f"{r['p50_ratio']:>9}  {r['baseline']} ({r['baseline_p50_ms']:.1f} ms)",
            file=out,
        )
    if a.json:
        print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
