"""The modelling pages speak kk, ru and en (catalogues: kurultai/tests/test_app_catalogues.py)."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "text"),
    [("kk", "Кім шешеді: фракциялардың билігі"), ("ru", "Кто решает: влияние фракций"), ("en", "Who decides")],
)
def test_pages_speak_the_language(client, lang: str, text: str) -> None:
    assert text in client.get(f"/{lang}/modelling/power/").content.decode()
