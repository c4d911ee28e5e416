"""Plenary's own catalogues (kurultai/plenary/locale) are complete in Kazakh and Russian, like the project's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def entries(lang: str) -> list[tuple[str, str, str]]:
    """(flags, msgid, msgstr) of each entry, continuation lines joined."""
    out = []
    for block in (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8").split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        fields = {"msgid": "", "msgstr": ""}
        current = None
        for line in block.splitlines():
            key, _, value = line.partition(" ")
            if key in fields:
                current, fields[key] = key, value.strip('"')
            elif line.startswith('"') and current:
                fields[current] += line.strip('"')
            elif line.startswith("msgctxt"):
                current = None
        if "msgid" in block:
            out.append((flags, fields["msgid"], fields["msgstr"]))
    return out


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_plenary_message_is_translated_without_fuzzy_entries(lang):
    messages = entries(lang)[1:]
    assert len(messages) > 150
    assert [m for f, m, s in messages if "fuzzy" in f or not s] == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_translations_keep_the_placeholders(lang):
    wrong = [m for _, m, s in entries(lang)[1:] if set(PLACEHOLDER.findall(m)) != set(PLACEHOLDER.findall(s))]
    assert wrong == []
