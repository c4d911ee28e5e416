"""Synthetic citizen texts in Kazakh and Russian from the templates in ``data/templates.json``.

Used by ``kurultai analytics generate --appeals N``, the demo data and the benchmarks, so every
figure in docs/analytics.md can be reproduced. Deterministic for a seed. Pure Python.

A text is a greeting, three sentences of one topic, a context sentence and a closing, with a
place, a number and a year filled in; about 5% of the texts (``campaign_share``) are copies of a
campaign text with the sender's name and, now and then, one word dropped. One topic
(``EMERGING_TOPIC``) grows in the last month, so "emerging topics" has something to find.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["EMERGING_TOPIC", "SynthText", "generate", "templates"]

DATA = Path(__file__).resolve().parent / "data" / "templates.json"
EMERGING_TOPIC = "digital"


@dataclass(frozen=True, slots=True)
class SynthText:
    text: str
    language: str
    region: str
    day: date
    topic: str  # the planted topic key
    campaign: str  # the planted campaign key, or ""


@cache
def templates() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def _fill(sentence: str, rng: random.Random, lang: str, t: dict[str, Any]) -> str:
    return (
        sentence.replace("{place}", rng.choice(t["places"][lang]))
        .replace("{number}", str(rng.randint(3, 90)))
        .replace("{year}", str(rng.randint(2005, 2025)))
    )


def _organic(rng: random.Random, lang: str, topic: dict[str, Any], t: dict[str, Any]) -> str:
    parts = [rng.choice(t["greetings"][lang])]
    parts += [_fill(s, rng, lang, t) for s in rng.sample(topic[lang], 3)]
    parts.insert(rng.randint(1, len(parts)), _fill(rng.choice(t["contexts"][lang]), rng, lang, t))
    parts.append(rng.choice(t["closings"][lang]))
    return " ".join(p[0].upper() + p[1:] for p in parts)


def _campaign_copy(rng: random.Random, campaign: dict[str, Any], t: dict[str, Any]) -> str:
    lang = campaign["language"]
    name = f"{rng.choice(t['names'][lang])} {rng.choice('АБДЕЖКМНСТ')}."
    words = campaign["text"].replace("{name}", name).split()
    if rng.random() < 0.3:
        del words[rng.randrange(len(words) - 3)]
    return " ".join(words)


def generate(
    n: int, *, seed: int = 1, end: date, months: int = 12, campaign_share: float = 0.05, kazakh_share: float = 0.55
) -> Iterator[SynthText]:
    """``n`` texts received over the ``months`` months ending on ``end`` (a lazy iterator)."""
    if n < 0:
        raise ValueError("n must not be negative")
    t = templates()
    rng = random.Random(seed)  # noqa: S311 — reproducible synthetic data, not secrets
    topics = t["topics"]
    weights = [1.0 / (i + 1) ** 0.5 for i in range(len(topics))]
    campaigns = t["campaigns"]
    span = months * 30
    last_month_start = end - timedelta(days=30)
    emerging = next(i for i, tp in enumerate(topics) if tp["key"] == EMERGING_TOPIC)
    for _ in range(n):
        day = end - timedelta(days=rng.randrange(span))
        region = rng.choice(t["regions"])
        if rng.random() < campaign_share:
            c = rng.choice(campaigns)
            yield SynthText(_campaign_copy(rng, c, t), c["language"], region, day, c["topic"], c["key"])
            continue
        w = list(weights)
        if day > last_month_start:
            w[emerging] *= 6  # the emerging topic: six times its usual share in the last month
        topic = topics[rng.choices(range(len(topics)), weights=w)[0]]
        lang = "kk" if rng.random() < kazakh_share else "ru"
        yield SynthText(_organic(rng, lang, topic, t), lang, region, day, topic["key"], "")
