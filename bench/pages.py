"""Queries and server time per public page, in process, against ``/healthz`` measured in the same run.

    .venv/bin/python bench/pages.py [--var-dir DIR] [--requests 40] [--json]

Uses the demo parliament in ``--var-dir`` (``KURULTAI_VAR_DIR``; a fresh temporary one is
migrated and loaded when it has no database). Every page is requested through Django's test
client (full middleware and templates, no network), with the page cache off; the figures are
the number of SQL queries of one request, and p50/p95 of the server time. Targets (issue 11):
at most 15 queries and p95 < 100 ms per public page.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "/healthz"
TARGET_QUERIES = 15
TARGET_P95_MS = 100.0


def pages() -> list[str]:
    from kurultai.legislation.models import Bill
    from kurultai.participation.models import Petition, Proposal
    from kurultai.plenary.models import Sitting, VoteEvent
    from kurultai.registry.models import Organization, Person

    person = Person.objects.filter(plenary_ballots__isnull=False).first()
    committee = Organization.objects.filter(classification="committee").first()
    bill = Bill.objects.order_by("slug").first()
    vote = VoteEvent.objects.filter(state="published").first()
    sitting = Sitting.objects.first()
    petition = Petition.objects.filter(status="listed").first()
    proposal = Proposal.objects.filter(hidden_at__isnull=True).first()
    return [
        BASELINE,
        "/ru/",
        "/ru/deputies/",
        f"/ru/deputies/{person.slug}/",
        "/ru/committees/",
        f"/ru/committees/{committee.slug}/",
        "/ru/bills/",
        f"/ru/bills/{bill.slug}/",
        "/ru/plenary/",
        f"/ru/plenary/{sitting.slug}/",
        f"/ru/plenary/votes/{vote.slug}/",
        "/ru/petitions/",
        f"/ru/petitions/{petition.slug}/",
        "/ru/proposals/",
        f"/ru/proposals/{proposal.slug}/",
        "/ru/data/",
        "/ru/search/?q=закон",
        "/ru/activity/",
        "/ru/feeds/activity/",
        "/sitemap-deputies.xml",
        "/api/v1/search?q=" + (person.family_name or "a"),
    ]


def measure(client, path: str, n: int) -> dict[str, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        status = client.get(path).status_code
    queries = len(ctx.captured_queries)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"path": path, "status": status, "queries": queries, "p50_ms": statistics.median(times), "p95_ms": p95}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--var-dir", type=Path, default=None)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    var = a.var_dir or Path(tempfile.mkdtemp(prefix="kurultai-bench-pages-"))
    os.environ["KURULTAI_VAR_DIR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurultai.settings")
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.PAGE_CACHE_DISABLED = True
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", "--no-input", verbosity=0)
    from kurultai.registry.models import Person

    if not Person.objects.exists():
        from kurultai.portal.demo import demo_load

        demo_load()
    from kurultai.opendata.export import publish

    publish()  # the /data/ page lists a real export
    client = Client()
    rows = [measure(client, p, a.requests) for p in pages()]
    base = rows[0]["p95_ms"] or 1.0
    for r in rows:
        r["p95_ratio"] = round(float(r["p95_ms"]) / float(base), 1)
        r["ok"] = r["queries"] <= TARGET_QUERIES and float(r["p95_ms"]) < TARGET_P95_MS
    out = sys.stderr if a.json else sys.stdout
    print(f"{'page':48} {'status':>6} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'×base':>6}", file=out)
    for r in rows:
        print(
            f"{r['path'][:48]:48} {r['status']:>6} {r['queries']:>7} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
            f"{r['p95_ratio']:>6}{'' if r['ok'] else '  over target'}",
            file=out,
        )
    if a.json:
        print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
