"""Every app's own catalogue (kurultai/<app>/locale/) is complete in Kazakh and Russian.

Apps keep their messages in their own ``locale/`` (makemessages writes an app's strings there);
GNU msgfmt checks each: no untranslated or fuzzy message, placeholders that match (``--check``),
the same messages in kk and ru, and a compiled .mo no older than its .po. A new app's catalogue
is found here by itself; the project catalogue (kurultai/locale) has its own test in portal.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parents[1]
APP_LOCALES = sorted(p for p in APPS.glob("*/locale") if p.is_dir())
CATALOGUES = [loc / lang / "LC_MESSAGES" / "django.po" for loc in APP_LOCALES for lang in ("kk", "ru", "en")]
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


def test_the_apps_with_their_own_catalogues_are_found() -> None:
    names = {loc.parent.name for loc in APP_LOCALES}
    assert {"participation", "oversight", "regions", "plenary", "analytics", "modelling"} <= names


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parts[-5]}-{p.parts[-3]}")
def test_catalogue_is_valid_and_complete(path: Path) -> None:
    translated, fuzzy, untranslated = statistics(path)
    assert fuzzy == 0
    if path.parts[-3] == "en":
        assert translated + untranslated > 0
    else:
        assert untranslated == 0
        assert translated > 0


@pytest.mark.parametrize("locale", APP_LOCALES, ids=lambda p: p.parent.name)
def test_kazakh_and_russian_hold_the_same_messages(locale: Path) -> None:
    kk, ru = (statistics(locale / lang / "LC_MESSAGES" / "django.po") for lang in ("kk", "ru"))
    assert kk == ru


@pytest.mark.parametrize("locale", APP_LOCALES, ids=lambda p: p.parent.name)
def test_compiled_catalogues_are_not_older_than_their_sources(locale: Path) -> None:
    for lang in ("kk", "ru"):
        po = locale / lang / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} is missing: run make install"
        assert mo.stat().st_mtime >= po.stat().st_mtime - 1
