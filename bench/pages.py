"""Queries and server time per public page, in process, against ``/healthz`` measured in the same run.

    .venv/bin/python bench/pages.py [--var-dir DIR] [--requests 40] [--scale 100] [--postgres URL] [--all] [--json]

Uses the demo parliament in ``--var-dir`` (``KURULTAI_VAR_DIR``; a fresh temporary one is
migrated and loaded when it has no database). Every page is requested through Django's test
client (full middleware and templates, no network), with the page cache off; the figures are
the number of SQL queries of one request, and p50/p95 of the server time. Targets (issue 11):
at most 15 queries and p95 < 100 ms per public page.

``--scale N`` first multiplies the demo data N times in a throw-away instance (a fresh temporary
``KURULTAI_VAR_DIR``, or with ``--postgres postgres://user@host:port/anything`` a throw-away
database on that server, dropped at the end): every row of the listed tables (bills, sittings,
agenda items, vote events with their ballots, petitions, proposals, appeals, inquiries, hearings, regional
initiatives, news) is copied N-1 times with its unique fields made unique, by bulk_create.
``--all`` measures every public page of ``kurultai/portal/tests/public_pages.py`` (the list the
accessibility and query-count tests use) instead of the short list.
"""

from __future__ import annotations

import argparse
import copy
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


# Copied in this order, so a copy of a parent is made before its children point to it.
SCALED = [
    "legislation.Bill",
    "plenary.Sitting",
    "plenary.AgendaItem",
    "plenary.VoteEvent",
    "plenary.Ballot",
    "participation.Petition",
    "participation.Proposal",
    "participation.Appeal",
    "oversight.Inquiry",
    "oversight.Hearing",
    "regions.RegionalInitiative",
    "news.Article",
]


def unique_fields(model) -> list:
    """The concrete fields taking part in a unique rule (the primary key left out)."""
    names: set[str] = {f.name for f in model._meta.concrete_fields if f.unique and not f.primary_key}
    for group in model._meta.unique_together:
        names.update(group)
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    return [model._meta.get_field(n) for n in sorted(names)]


def scale_data(factor: int) -> dict[str, int]:
    """Copy every row of the SCALED tables ``factor - 1`` times; returns the row count per table."""
    from django.apps import apps
    from django.db import IntegrityError, models, transaction

    copies: dict[type, list[dict[int, int]]] = {}  # model -> per copy k-1: old pk -> new pk
    counts: dict[str, int] = {}
    for label in SCALED:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        rows = list(model.objects.all())
        if not rows:
            continue
        uniq = unique_fields(model)
        offsets = {
            f.attname: (model.objects.aggregate(m=models.Max(f.attname))["m"] or 0) + 1
            for f in uniq
            if isinstance(f, models.IntegerField)
        }
        fks = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model in copies]
        made: list[dict[int, int]] = []
        try:
            with transaction.atomic():
                for k in range(1, factor):
                    batch = []
                    for row in rows:
                        new = copy.copy(row)
                        new.pk = None
                        new._state = copy.copy(row._state)
                        new._state.adding = True
                        for f in fks:
                            old = getattr(row, f.attname)
                            if old is not None:
                                setattr(new, f.attname, copies[f.related_model][k - 1].get(old, old))
                        for f in uniq:
                            value = getattr(row, f.attname)
                            if f.is_relation:
                                if f not in fks and f.null:
                                    setattr(new, f.attname, None)
                            elif isinstance(f, models.IntegerField):
                                setattr(new, f.attname, value + k * offsets[f.attname])
                            elif isinstance(f, models.CharField) and value:
                                tail = f"-x{k}"
                                setattr(new, f.attname, str(value)[: f.max_length - len(tail)] + tail)
                        batch.append(new)
                    created = model.objects.bulk_create(batch, batch_size=500)
                    made.append({old.pk: new.pk for old, new in zip(rows, created, strict=True)})
        except IntegrityError as exc:
            print(f"not scaled: {label} ({exc})", file=sys.stderr)
            continue
        copies[model] = made
        counts[label] = model.objects.count()
    return counts


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
    ap.add_argument("--scale", type=int, default=1, help="multiply the demo data this many times (throw-away)")
    ap.add_argument("--postgres", default=None, help="with --scale: a throw-away database on this server")
    ap.add_argument("--all", action="store_true", help="every public page, in Russian")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if a.scale < 1:
        ap.error("--scale must be at least 1")
    if a.scale > 1 and a.var_dir:
        ap.error("--scale works on a throw-away instance; leave out --var-dir")
    if a.postgres and a.scale == 1:
        ap.error("--postgres goes with --scale")
    sys.path.insert(0, str(ROOT))
    if a.postgres:
        from bench.plenary import throwaway_postgres

        with throwaway_postgres(a.postgres) as url:
            os.environ["DATABASE_URL"] = url
            return run(a)
    return run(a)


def demo_instance(var_dir: Path | None, prefix: str) -> None:
    """Django set up on the demo parliament in ``var_dir`` (a fresh temporary one if None), page cache off."""
    var = var_dir or Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["KURULTAI_VAR_DIR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurultai.settings")
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PAGE_CACHE_DISABLED = True
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", "--no-input", verbosity=0)
    from kurultai.registry.models import Person

    if not Person.objects.exists():
        from kurultai.portal.demo import demo_load

        demo_load()


def run(a: argparse.Namespace) -> int:
    demo_instance(a.var_dir, "kurultai-bench-pages-")
    from django.test import Client
    if a.scale > 1:
        started = time.perf_counter()
        counts = scale_data(a.scale)
        print(
            f"scaled ×{a.scale} in {time.perf_counter() - started:.0f} s: "
            + ", ".join(f"{k.split('.')[1]} {v}" for k, v in counts.items()),
            file=sys.stderr,
        )
    from kurultai.opendata.export import publish

    publish()  # the /data/ page lists a real export
    client = Client()
    paths = pages()
    if a.all:
        from kurultai.portal.tests.public_pages import public_paths

        paths = [BASELINE] + [p for _name, p in public_paths("ru")]
    rows = [measure(client, p, a.requests) for p in paths]
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
