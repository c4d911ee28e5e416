"""Demo texts in the authoring format, Kazakh and Russian, for the demo parliament.

Fictional, simplified bills written in the style of Kazakhstan's laws (demo data, not the
law in force):

* ``access_to_information_act``: the current text of an act "On access to information";
* ``access_to_information_amendments``: a bill amending that act; the same amendments in
  machine form (by eId) are in ``access_to_information_amendments.<lang>.json``, so the
  act's consolidated version can be produced with :func:`consolidate`;
* ``e_petitions``: a bill "On electronic petitions";
* ``public_services_working_days``: a bill on counting public-service deadlines in working days.

Each text exists as ``<slug>.kk.txt`` and ``<slug>.ru.txt`` with the same structure, so the
eIds of the two expressions match.
"""

from __future__ import annotations

import json
from pathlib import Path

from kurultai.legislation.amend import Amendment, amendment_from_dict
from kurultai.legislation.authoring import parse
from kurultai.legislation.text import Document

DEMO_DIR = Path(__file__).resolve().parent
ACT = "access_to_information_act"
AMENDING_BILL = "access_to_information_amendments"
BILLS = (AMENDING_BILL, "e_petitions", "public_services_working_days")
LANGUAGES = ("kk", "ru")


def source(slug: str, language: str) -> str:
    """The authoring text of a demo text."""
    return (DEMO_DIR / f"{slug}.{language}.txt").read_text(encoding="utf-8")


def load(slug: str, language: str) -> Document:
    return parse(source(slug, language), language=language)


def amendments(language: str) -> list[Amendment]:
    """The amending bill's changes to the act, by eId, in one language."""
    data = json.loads((DEMO_DIR / f"{AMENDING_BILL}.{language}.json").read_text(encoding="utf-8"))
    return [amendment_from_dict(a) for a in data["amendments"]]
