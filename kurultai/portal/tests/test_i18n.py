"""The UI catalogues are complete: every message has a Kazakh and a Russian translation.

A new `{% translate %}` or `_()` string fails here until `make messages` has been run and
the string translated in kurultai/locale/{kk,ru}/LC_MESSAGES/django.po (no fuzzy entries).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
TRANSLATED = ("kk", "ru")
NPLURALS = {"kk": 2, "ru": 3, "en": 2}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list) and flags."""
    entries: list[dict] = []
    entry: dict = {}
    field = None

    def flush() -> None:
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):  # a blank line ends an entry; obsolete ones are unused
            if not line:
                flush()
            continue
        if line.startswith("#,"):
            if "msgid" in entry:
                flush()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if field == "msgstr":
                entry["msgstr"][-1] += value
            else:
                entry[field] += value
        else:
            keyword, _, value = line.partition(" ")
            field = keyword.split("[")[0]
            if field == "msgstr":
                entry.setdefault("msgstr", []).append(ast.literal_eval(value))
            else:
                entry[field] = ast.literal_eval(value)
    flush()
    return entries


def catalogue(lang: str) -> list[dict]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing; run `make messages`"
    return parse_po(path)


def label(entry: dict) -> str:
    return f"{entry.get('msgctxt', '')}|{entry['msgid']}".lstrip("|")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_catalogue_has_no_fuzzy_entries_and_the_right_plural_forms(lang: str) -> None:
    entries = catalogue(lang)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == ""
    assert f"nplurals={NPLURALS[lang]};" in header["msgstr"][0]
    assert messages, "the catalogue is empty"
    assert [label(e) for e in entries if "fuzzy" in e.get("flags", ())] == []
    wrong = [label(e) for e in messages if "msgid_plural" in e and len(e["msgstr"]) != NPLURALS[lang]]
    assert wrong == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated(lang: str) -> None:
    untranslated = [label(e) for e in catalogue(lang)[1:] if not all(e["msgstr"])]
    assert untranslated == [], f"{len(untranslated)} untranslated {lang} message(s)"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders(lang: str) -> None:
    wrong = []
    for e in catalogue(lang)[1:]:
        source = set(PLACEHOLDER.findall(e["msgid"] + e.get("msgid_plural", "")))
        for text in e["msgstr"]:
            names = set(PLACEHOLDER.findall(text))
            if names - source or ("msgid_plural" not in e and names != source):
                wrong.append(label(e))
    assert wrong == []


def test_kazakh_and_russian_catalogues_hold_the_same_messages() -> None:
    kk, ru = ({label(e) for e in catalogue(lang)} for lang in TRANSLATED)
    assert kk == ru, "run `make messages` so both catalogues are regenerated"
