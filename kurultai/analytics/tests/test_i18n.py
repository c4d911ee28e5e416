"""The analytics pages speak kk, ru and en (catalogues: kurultai/tests/test_app_catalogues.py)."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("kk", "Парламент қаншалықты жылдам жауап береді?"),
        ("ru", "Как быстро отвечает парламент?"),
        ("en", "How fast does the parliament answer?"),
    ],
)
def test_responsiveness_page_speaks_the_language(client, lang, title):
    assert title in client.get(f"/{lang}/analytics/responsiveness/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "title"),
    [("kk", "Азаматтар не туралы жазады"), ("ru", "О чём пишут граждане"), ("en", "What citizens write about")],
)
def test_topics_page_speaks_the_language(client, lang, title):
    assert title in client.get(f"/{lang}/analytics/topics/").content.decode()
