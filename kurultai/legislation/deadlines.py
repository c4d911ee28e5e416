"""The legal terms of a bill's life, as data with their citations.

Pure core: no Django. The values that the 2026 Constitution's published text did not give
are configuration (``LEGISLATION_TERMS`` in the settings may replace any of them, read at
call time by ``selectors.terms``), ship the 1995 Constitution's value and say so.

Sources are in ../shared/data/law-kurultai.md ([K15] is the Qazinform report of 26 January
2026 on the draft; [K18] the 1995-Constitution procedure, context only).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True)
class Term:
    """A period counted in calendar days and/or months from a start date, with its source."""

    key: str
    days: int = 0
    months: int = 0
    citation: str = ""
    # True when the value is a stand-in because the 2026 text was not found.
    assumed: bool = False

    def due(self, start: date) -> date:
        return add_months(start, self.months) + timedelta(days=self.days)


# Adopted -> sent to the President (calendar days: the source says "within 10 days").
SEND_TO_PRESIDENT = Term(
    key="send_to_president",
    days=10,
    citation="A law adopted by the Kurultai is submitted to the President for signature within 10 days "
    "(2026 Constitution, draft-stage report [K15])",
)
# Sent -> signed or returned.
PRESIDENT_DECISION = Term(
    key="president_decision",
    months=1,
    citation="2026 text not found; 1995-Constitution value: one month [K18]",
    assumed=True,
)
# Priority bills (set by the President) must be adopted within two months.
PRIORITY = Term(
    key="priority",
    months=2,
    citation="Bills the President declares priority are adopted within two months "
    "(2026 Constitution, draft-stage report [K15])",
)
DEFAULT_TERMS: dict[str, Term] = {t.key: t for t in (SEND_TO_PRESIDENT, PRESIDENT_DECISION, PRIORITY)}


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    if months < 0:
        raise ValueError("A term runs forward; the number of months must be 0 or more.")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def configured(overrides: Mapping[str, Mapping[str, object]] | None) -> dict[str, Term]:
    """The default terms with ``overrides`` (``{"president_decision": {"months": 1, "citation": ...}}``) applied.

    Raises ``ValueError`` for an unknown term or a value of the wrong type, so a bad setting
    fails loudly instead of shifting a legal deadline.
    """
    terms = dict(DEFAULT_TERMS)
    for key, values in (overrides or {}).items():
        if key not in terms:
            raise ValueError(f"Unknown legislative term {key!r}; expected one of {', '.join(sorted(terms))}.")
        changes: dict[str, object] = {}
        for name, value in values.items():
            if name in ("days", "months"):
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise ValueError(f"{key}.{name} must be a whole number, 0 or more.")
            elif name == "citation":
                if not isinstance(value, str) or not value.strip():
                    raise ValueError(f"{key}.citation must be a non-empty text.")
            elif name == "assumed":
                if not isinstance(value, bool):
                    raise ValueError(f"{key}.assumed must be true or false.")
            else:
                raise ValueError(f"Unknown field {name!r} of the term {key!r}.")
            changes[name] = value
        terms[key] = replace(terms[key], **changes)  # type: ignore[arg-type]
    return terms
