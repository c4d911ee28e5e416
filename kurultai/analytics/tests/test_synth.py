"""The synthetic text generator."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from kurultai.analytics import synth

END = date(2026, 11, 1)


def test_same_seed_same_texts():
    assert list(synth.generate(50, seed=4, end=END)) == list(synth.generate(50, seed=4, end=END))
    assert list(synth.generate(50, seed=4, end=END)) != list(synth.generate(50, seed=5, end=END))


def test_languages_regions_campaigns_and_dates():
    items = list(synth.generate(2000, seed=1, end=END))
    langs = Counter(x.language for x in items)
    assert set(langs) == {"kk", "ru"}
    assert len({x.region for x in items}) == 20
    assert 0.02 < sum(1 for x in items if x.campaign) / len(items) < 0.09
    assert all(END - timedelta(days=360) < x.day <= END for x in items)


def test_the_emerging_topic_grows_in_the_last_month():
    items = [x for x in synth.generate(6000, seed=2, end=END) if not x.campaign]
    recent = [x for x in items if x.day > END - timedelta(days=30)]
    older = [x for x in items if x.day <= END - timedelta(days=30)]

    def share(xs):
        return sum(1 for x in xs if x.topic == synth.EMERGING_TOPIC) / len(xs)

    assert share(recent) > 2 * share(older)


def test_negative_count_is_refused():
    with pytest.raises(ValueError, match="negative"):
        list(synth.generate(-1, end=END))
