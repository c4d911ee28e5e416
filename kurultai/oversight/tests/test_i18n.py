"""The oversight and Council of Regions catalogues are complete in Kazakh and Russian.

Their messages live in each app's own ``locale/`` (makemessages writes an app's strings there),
so this checks them the way ``kurultai/portal/tests/test_i18n.py`` checks the project catalogue,
with GNU msgfmt: no untranslated or fuzzy message, and placeholders that match (``--check``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parents[2]
CATALOGUES = [
    APPS / app / "locale" / lang / "LC_MESSAGES" / "django.po"
    for app in ("oversight", "regions")
    for lang in ("kk", "ru", "en")
]
pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")


def statistics(path: Path) -> tuple[int, int, int]:
    done = subprocess.run(  # noqa: S603 - a fixed tool on our own files
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    numbers = {kind: int(n) for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", done.stderr)}
    return numbers.get("translated", 0), numbers.get("fuzzy", 0), numbers.get("untranslated", 0)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parts[-5]}-{p.parts[-3]}")
def test_catalogue_is_valid_and_complete(path):
    translated, fuzzy, untranslated = statistics(path)
    assert fuzzy == 0
    if path.parts[-3] == "en":
        assert translated + untranslated > 0
    else:
        assert untranslated == 0
        assert translated > 0


@pytest.mark.parametrize("app", ["oversight", "regions"])
def test_kazakh_and_russian_hold_the_same_messages(app):
    kk, ru = (statistics(APPS / app / "locale" / lang / "LC_MESSAGES" / "django.po") for lang in ("kk", "ru"))
    assert kk == ru
