"""The open-data pages speak kk, ru and en (catalogues: kurultai/tests/test_app_catalogues.py)."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "text"),
    [("kk", "Ашық деректер"), ("ru", "Открытые данные"), ("en", "Open data")],
)
def test_the_data_page_speaks_the_language(client, lang, text):
    assert f"<h1>{text}</h1>" in client.get(f"/{lang}/data/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "text"), [("kk", "Сайттан іздеу"), ("ru", "Поиск по сайту"), ("en", "Search the site")]
)
def test_the_search_box_speaks_the_language(client, lang, text):
    assert text in client.get(f"/{lang}/bills/").content.decode()
