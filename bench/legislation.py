"""Consolidation and diff of a large code, against difflib on the whole text, in the same run.

    .venv/bin/python bench/legislation.py [--articles N] [--amendments M] [--runs R] [--seed S]

1. Generate a code of N articles (default 2,000) in chapters of 20, three paragraphs each,
   and M accepted amendments (default 500) aimed at distinct articles: new wordings of
   paragraphs and headings, repeals (kept as markers and removed), new articles and
   paragraphs, renumberings.
2. Time ``consolidate`` (target < 2 s) and the structural diff with the word diff of every
   changed provision (target < 1 s), best of R runs.
3. Baseline: ``difflib.unified_diff`` on the whole plain text of both versions, timed the
   same way; the ratios say how the structural work compares with a plain line diff.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kurultai.legislation.akn import AknMeta, to_akn, to_html, to_text, validate  # noqa: E402
from kurultai.legislation.amend import (  # noqa: E402
    Amendment,
    Insert,
    Position,
    Renumber,
    Repeal,
    Replace,
    conflicts,
    consolidate,
)
from kurultai.legislation.diff import ChangeKind, diff  # noqa: E402
from kurultai.legislation.summary import summarise  # noqa: E402
from kurultai.legislation.text import Document, Kind, Provision  # noqa: E402

VOCABULARY = (
    "государственный орган обязан обеспечить доступ граждан к информации о своей деятельности в порядке "
    "установленном настоящим кодексом а также иными нормативными правовыми актами республики казахстан "
    "срок рассмотрения обращения не может превышать пятнадцати рабочих дней со дня его регистрации"
)
WORDS = VOCABULARY.split()
PER_CHAPTER = 20
T = TypeVar("T")


def sentence(rng: random.Random, n: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate(articles: int, rng: random.Random) -> Document:
    chapters = []
    number = 0
    for c in range((articles + PER_CHAPTER - 1) // PER_CHAPTER):
        arts = []
        for _ in range(min(PER_CHAPTER, articles - number)):
            number += 1
            paragraphs = tuple(Provision(Kind.PARAGRAPH, str(i), content=sentence(rng)) for i in (1, 2, 3))
            arts.append(Provision(Kind.ARTICLE, str(number), sentence(rng, 5)[:-1], children=paragraphs))
        chapters.append(Provision(Kind.CHAPTER, str(c + 1), sentence(rng, 4)[:-1].upper(), children=tuple(arts)))
    return Document(title="Кодекс Республики Казахстан о доступе к информации", body=tuple(chapters), language="ru")


def amendments(doc: Document, count: int, rng: random.Random) -> list[Amendment]:
    articles = rng.sample(doc.articles(), count)
    result: list[Amendment] = []
    for i, art in enumerate(articles):
        eid, num = art.eid, art.provision.num
        para = f"{eid}__para_{rng.choice((1, 2, 3))}"
        kind = i % 10
        if kind < 5:  # new wording of a paragraph: a few words changed
            words = doc.get(para).provision.content.split()
            words[rng.randrange(len(words))] = "изменённое"
            words.insert(rng.randrange(len(words)), "дополнительно")
            result.append(Replace(para, content=" ".join(words), ref=str(i)))
        elif kind == 5:
            result.append(Replace(eid, heading=sentence(rng, 6)[:-1], ref=str(i)))
        elif kind == 6:
            result.append(Repeal(para, ref=str(i)))
        elif kind == 7:
            new = Provision(Kind.ARTICLE, f"{num}-1", sentence(rng, 5)[:-1], sentence(rng, 25))
            result.append(Insert(eid, new, Position.AFTER, ref=str(i)))
        elif kind == 8:
            new = Provision(Kind.PARAGRAPH, "4", content=sentence(rng, 22))
            result.append(Insert(eid, new, Position.APPEND, ref=str(i)))
        elif rng.random() < 0.5:
            result.append(Repeal(para, keep=False, ref=str(i)))
        else:
            result.append(Renumber(para, f"{para.rsplit('_', 1)[1]}-0", ref=str(i)))
    return result


def best(fn: Callable[[], T], runs: int) -> tuple[float, T]:
    times = []
    result: T | None = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    assert result is not None
    return min(times), result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--amendments", type=int, default=500)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    start = time.perf_counter()
    old = generate(args.articles, rng)
    accepted = amendments(old, args.amendments, rng)
    assert not conflicts(accepted)
    print(
        f"code: {len(old.articles())} articles, {old.size()} provisions; {len(accepted)} accepted amendments "
        f"(generated in {time.perf_counter() - start:.2f} s)"
    )

    t_consolidate, new = best(lambda: consolidate(old, accepted), args.runs)
    t_diff, d = best(lambda: diff(old, new), args.runs)
    old_text, new_text = to_text(old), to_text(new)
    t_baseline, lines = best(
        lambda: list(difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), lineterm="")), args.runs
    )
    counts = {k.value: len(d.of_kind(k)) for k in ChangeKind}
    words = sum(1 for c in d.changes if c.content_diff or c.heading_diff)

    print(f"consolidate          {t_consolidate * 1000:8.1f} ms   target < 2000 ms   {_ok(t_consolidate < 2)}")
    print(f"structural+word diff {t_diff * 1000:8.1f} ms   target < 1000 ms   {_ok(t_diff < 1)}")
    print(f"difflib.unified_diff {t_baseline * 1000:8.1f} ms   (baseline: {len(lines)} lines of output)")
    print(f"ratio diff/difflib        {t_diff / t_baseline:6.2f}x")
    print(f"ratio consolidate/difflib {t_consolidate / t_baseline:6.2f}x")
    print(f"changes found: {counts}; {words} with a word diff")
    print(f"one reported change per accepted amendment: {'yes' if len(d) == len(accepted) else 'NO'} ({len(d)})")

    # Context for the bill page and exports (not targets of this benchmark).
    t_html, _ = best(lambda: to_html(new), args.runs)
    t_summary, sentences = best(lambda: summarise(d), args.runs)
    meta = AknMeta(number="1", work_date=date(2026, 3, 1), expression_date=date(2026, 3, 10))
    t_akn, xml = best(lambda: to_akn(new, meta), 1)
    t_validate, errors = best(lambda: validate(xml), 1)
    print(
        f"to_html {t_html * 1000:.1f} ms; summary {t_summary * 1000:.1f} ms ({len(sentences['ru'])} sentences); "
        f"to_akn {t_akn * 1000:.1f} ms ({len(xml) // 1024} KiB); schema validation {t_validate * 1000:.1f} ms "
        f"({len(errors)} errors)"
    )
    return 0 if t_consolidate < 2 and t_diff < 1 and not errors else 1


def _ok(passed: bool) -> str:
    return "ok" if passed else "SLOW"


if __name__ == "__main__":
    sys.exit(main())
