"""The participation pages speak kk, ru and en (catalogues: kurultai/tests/test_app_catalogues.py)."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "text"),
    [("kk", "Электрондық петициялар"), ("ru", "Электронные петиции"), ("en", "E-petitions")],
)
def test_pages_speak_the_language(client, lang, text):
    assert text in client.get(f"/{lang}/petitions/").content.decode()
