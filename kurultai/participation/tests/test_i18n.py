"""The participation catalogues are complete in Kazakh and Russian, and the pages use them.

Messages live in the app's own ``locale/`` (makemessages writes an app's strings there); GNU
msgfmt checks them: no untranslated or fuzzy message, placeholders that match (``--check``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"
CATALOGUES = [LOCALE / lang / "LC_MESSAGES" / "django.po" for lang in ("kk", "ru", "en")]
needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")


def statistics(path: Path) -> tuple[int, int, int]:
    done = subprocess.run(  # noqa: S603 - a fixed tool on our own files
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    numbers = {kind: int(n) for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", done.stderr)}
    return numbers.get("translated", 0), numbers.get("fuzzy", 0), numbers.get("untranslated", 0)


@needs_msgfmt
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_is_valid_and_complete(path):
    translated, fuzzy, untranslated = statistics(path)
    assert fuzzy == 0
    if path.parts[-3] == "en":
        assert translated + untranslated > 0
    else:
        assert untranslated == 0
        assert translated > 0


@needs_msgfmt
def test_kazakh_and_russian_hold_the_same_messages():
    assert statistics(CATALOGUES[0]) == statistics(CATALOGUES[1])


def test_compiled_catalogues_are_not_older_than_their_sources():
    for po in CATALOGUES[:2]:
        mo = po.with_suffix(".mo")
        assert mo.exists()
        assert mo.stat().st_mtime >= po.stat().st_mtime - 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "text"),
    [("kk", "Электрондық петициялар"), ("ru", "Электронные петиции"), ("en", "E-petitions")],
)
def test_pages_speak_the_language(client, lang, text):
    assert text in client.get(f"/{lang}/petitions/").content.decode()
