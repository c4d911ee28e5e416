"""Server time of the bill page with a 2,000-provision version, against baselines in the same run.

    .venv/bin/python bench/legislation_page.py [--chapters 25] [--articles-per-chapter 20] [--runs 15] [--comments 200]

1. Migrate a throwaway SQLite database in a temporary ``KURULTAI_VAR_DIR`` and load the
   reference data; register a bill through the real services and publish a generated text in
   Kazakh and Russian (default 25 chapters x 20 articles x 3 paragraphs = 2,025 provisions),
   then a second version with a few changes, so the page shows the automatic change
   summary; open it for comment and add ``--comments`` comments on the first version (they
   are placed on the second through the diff's eId mapping).
2. Time ``GET /ru/bills/<id>/`` with Django's test client in this process (middleware,
   views, selectors, templates, the database: the server's time, no network): the first
   request after the per-process caches of parsed texts and diffs are emptied (cold for
   this bill; the process itself, its templates and catalogues, warmed up on one request
   before) and the median and best of ``--runs`` warm ones. Target: < 300 ms.
3. Baselines in the same run: ``GET /healthz`` (a request with one query) and the core's
   ``to_html`` of the same document alone; the ratios say what the page adds to rendering
   the text.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_MS = 300.0

VOCABULARY = {
    "kk": "мемлекеттік орган азаматтардың ақпаратқа қол жеткізуін заңнамада белгіленген тәртіппен он жұмыс күні "
    "ішінде қамтамасыз етеді және сұрау салуды тіркеген күннен бастап есептейді",
    "ru": "государственный орган обеспечивает доступ граждан к информации в порядке установленном "
    "законодательством в течение десяти рабочих дней со дня регистрации запроса",
}


def sentence(words: list[str], i: int, n: int = 16) -> str:
    return " ".join(words[(i * 7 + k * 3) % len(words)] for k in range(n)).capitalize() + "."


def generate(chapters: int, per_chapter: int, language: str, change: bool = False) -> str:
    """The authoring text of a generated code (``change``: a few paragraphs reworded)."""
    from kurultai.legislation.authoring import serialise
    from kurultai.legislation.text import Document, Kind, Provision

    words = VOCABULARY[language].split()
    body = []
    number = 0
    for c in range(chapters):
        articles = []
        for _ in range(per_chapter):
            number += 1
            paragraphs = []
            for p in (1, 2, 3):
                text = sentence(words, number * 3 + p)
                if change and number % 97 == 0 and p == 2:
                    text = text.replace(words[3], words[5], 1) + " " + words[0]
                paragraphs.append(Provision(Kind.PARAGRAPH, str(p), content=text))
            heading = sentence(words, number, 5)[:-1]
            articles.append(Provision(Kind.ARTICLE, str(number), heading, children=tuple(paragraphs)))
        body.append(Provision(Kind.CHAPTER, str(c + 1), sentence(words, c, 3)[:-1].upper(), children=tuple(articles)))
    title = "Ақпаратқа қол жеткізу кодексі" if language == "kk" else "Кодекс о доступе к информации"
    return serialise(Document(title=title, body=tuple(body), language=language))


def timed(fn, runs: int) -> tuple[float, float, float]:
    """(first, median of the rest, best of the rest) in milliseconds."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    rest = times[1:]
    return times[0], statistics.median(rest), min(rest)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chapters", type=int, default=25)
    ap.add_argument("--articles-per-chapter", type=int, default=20)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--comments", type=int, default=200)
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="kurultai-bench-page-")
    os.environ.update(
        KURULTAI_VAR_DIR=tmp.name,
        DJANGO_SETTINGS_MODULE="kurultai.settings",
        DEBUG="false",
        KURULTAI_PAGE_CACHE="false",
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from kurultai.accounts.iin import make_iin
    from kurultai.accounts.permissions import SYSTEM
    from kurultai.accounts.services import citizen_verify, roles_ensure, user_create
    from kurultai.legislation import selectors, services
    from kurultai.legislation.akn import to_html
    from kurultai.registry import services as registry
    from kurultai.registry.models import Organization

    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    start = time.perf_counter()
    call_command("migrate", "--no-input", verbosity=0)
    roles_ensure()
    registry.reference_load()
    committee = Organization.objects.get(slug="committee-legislation")
    bill = services.bill_register(
        number=1,
        titles={"kk": "Ақпаратқа қол жеткізу кодексі", "ru": "Кодекс о доступе к информации"},
        initiator_kind="government",
        lead_committee=committee,
        actor=SYSTEM,
    )
    services.bill_summary_set(bill=bill, summary={"kk": "Кодекс.", "ru": "Кодекс."}, actor=SYSTEM)
    v1 = services.version_publish(
        bill=bill,
        sources={lang: generate(args.chapters, args.articles_per_chapter, lang) for lang in ("kk", "ru")},
        actor=SYSTEM,
    )
    services.consultation_open(version=v1, actor=SYSTEM)
    user = user_create(username="bench-citizen", password=None, roles=[])
    from datetime import date

    citizen_verify(user=user, iin=make_iin(date(1990, 5, 5), "F", serial=4321), region_code="KZ-75")
    user.refresh_from_db()
    eids = [e for e in selectors.document_of(v1, "kk").eids() if "__para_" in e]
    for i in range(args.comments):
        services.comment_create(version=v1, eid=eids[(i * 37) % len(eids)], text=f"Комментарий {i}", actor=user)
    v2 = services.version_publish(
        bill=bill,
        sources={lang: generate(args.chapters, args.articles_per_chapter, lang, change=True) for lang in ("kk", "ru")},
        actor=SYSTEM,
    )
    document = selectors.document_of(v2, "ru")
    print(
        f"bill {bill.slug}: version 2 has {document.size()} provisions ({len(document.articles())} articles), "
        f"{args.comments} comments on version 1; set up in {time.perf_counter() - start:.1f} s"
    )

    client = Client()
    url = f"/ru/bills/{bill.slug}/"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    size = len(response.content)
    selectors._documents.data.clear()
    selectors._diffs.data.clear()
    selectors._readability.data.clear()
    page = timed(lambda: client.get(url), args.runs)
    health = timed(lambda: client.get("/healthz"), args.runs)
    html = timed(lambda: to_html(document), args.runs)
    ok = page[1] < TARGET_MS

    print(f"{'measurement':<34} {'first ms':>9} {'median ms':>10} {'best ms':>8}")
    verdict = "ok" if ok else "SLOW"
    label = f"GET {url} (bill page)"
    print(f"{label:<34} {page[0]:9.1f} {page[1]:10.1f} {page[2]:8.1f}   target < {TARGET_MS:.0f} ms: {verdict}")
    print(f"{'GET /healthz (baseline)':<34} {health[0]:9.1f} {health[1]:10.1f} {health[2]:8.1f}")
    print(f"{'to_html of the text (baseline)':<34} {html[0]:9.1f} {html[1]:10.1f} {html[2]:8.1f}")
    print(f"ratio page/healthz {page[1] / health[1]:.1f}x; page/to_html {page[1] / html[1]:.1f}x; "
          f"page size {size // 1024} KiB")
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
