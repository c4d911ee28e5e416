"""Kazakhstan's individual identification number (IIN / ЖСН / ИИН): a pure core.

An IIN has twelve digits::

    YY MM DD  C  SSSS  K
    birth     |  |     check digit
    date      |  serial (registration number)
              century and sex: 1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s; odd = male, even = female

The check digit is the weighted sum of the first eleven digits with weights 1..11, mod 11.
A result of 10 is not a digit, so the sum is taken again with weights 3..11, 1, 2; if that is
10 too, no check digit exists and the number is never issued. (The IIN and its structure come
from the Law "On national registers of identification numbers", 12 January 2007 No. 223-III.)

Nothing here imports Django: the accounts services call it, and so does the CLI. Messages are
English msgids marked with ``gettext_noop`` so ``makemessages`` extracts them; the caller
translates ``result.message`` (or maps the stable ``reason`` code) in the user's language.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

__all__ = [
    "IINCheck",
    "IINReason",
    "Sex",
    "check_digit",
    "iin_hash",
    "make_iin",
    "validate_iin",
]

Sex = Literal["M", "F"]

IIN_LENGTH = 12
SERIAL_COUNT = 10_000  # four serial digits

_FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

# Seventh digit -> first year of the birth century. Odd digits are men, even are women.
_CENTURY_START = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


def gettext_noop(message: str) -> str:
    """Mark a msgid for extraction without translating it here (the core has no locale)."""
    return message


class IINReason(StrEnum):
    """Why an IIN is invalid. Stable codes: the CLI's ``--json`` and the API expose them."""

    LENGTH = "length"
    NOT_DIGITS = "not_digits"
    CENTURY = "century"
    DATE = "date"
    FUTURE = "future"
    CHECKSUM = "checksum"


_MESSAGES: dict[IINReason | None, str] = {
    None: gettext_noop("The IIN is valid."),
    IINReason.LENGTH: gettext_noop("An IIN has exactly 12 digits."),
    IINReason.NOT_DIGITS: gettext_noop("An IIN contains digits only."),
    IINReason.CENTURY: gettext_noop("The seventh digit of an IIN must be from 1 to 6."),
    IINReason.DATE: gettext_noop("The first six digits of the IIN are not a real birth date."),
    IINReason.FUTURE: gettext_noop("The birth date in the IIN is in the future."),
    IINReason.CHECKSUM: gettext_noop("The last digit of the IIN does not match its check digit."),
}


@dataclass(frozen=True, slots=True)
class IINCheck:
    """The answer for one IIN: either valid with birth date and sex, or invalid with a reason."""

    iin: str
    valid: bool
    birth_date: date | None = None
    sex: Sex | None = None
    reason: IINReason | None = None

    @property
    def message(self) -> str:
        """One English sentence (a gettext msgid) for a person; translate it at the edge."""
        return _MESSAGES[self.reason]


def check_digit(first_eleven: str) -> int | None:
    """The check digit for the first eleven digits, or None when both weightings give 10.

    ``first_eleven`` must be eleven ASCII digits (callers validate first).
    """
    digits = [int(c) for c in first_eleven]
    total = sum(w * d for w, d in zip(_FIRST_WEIGHTS, digits, strict=True)) % 11
    if total == 10:
        total = sum(w * d for w, d in zip(_SECOND_WEIGHTS, digits, strict=True)) % 11
    if total == 10:
        return None
    return total


def _invalid(iin: str, reason: IINReason) -> IINCheck:
    return IINCheck(iin=iin, valid=False, reason=reason)


def validate_iin(iin: str, *, today: date | None = None) -> IINCheck:
    """Check an IIN and decode its birth date and sex.

    The checks run from the cheapest to the most specific, so the reason names the first thing
    wrong: length, digits, century digit, birth date, (optionally) a future birth date, check
    digit. Input is taken as given: no whitespace is stripped, because an IIN typed with spaces
    is the form layer's job to clean, not a silent guess here.

    ``today``: when given, a birth date after it is invalid (``reason="future"``). It is a
    parameter rather than ``date.today()`` so the core stays pure and the caller decides the
    time zone (Asia/Almaty).
    """
    if len(iin) != IIN_LENGTH:
        return _invalid(iin, IINReason.LENGTH)
    # str.isdigit() alone accepts non-ASCII digits such as Arabic-Indic ones.
    if not (iin.isascii() and iin.isdigit()):
        return _invalid(iin, IINReason.NOT_DIGITS)

    century_sex = int(iin[6])
    century_start = _CENTURY_START.get(century_sex)
    if century_start is None:
        return _invalid(iin, IINReason.CENTURY)

    try:
        birth_date = date(century_start + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return _invalid(iin, IINReason.DATE)
    if today is not None and birth_date > today:
        return _invalid(iin, IINReason.FUTURE)

    expected = check_digit(iin[:11])
    if expected is None or expected != int(iin[11]):
        return _invalid(iin, IINReason.CHECKSUM)

    sex: Sex = "M" if century_sex % 2 == 1 else "F"
    return IINCheck(iin=iin, valid=True, birth_date=birth_date, sex=sex)


def _century_start(year: int) -> int | None:
    start = year // 100 * 100
    return start if start in (1800, 1900, 2000) else None


def make_iin(birth_date: date, sex: Sex, serial: int) -> str:
    """Build a valid IIN (for demo citizens and tests; real IINs come from the state registers).

    ``serial`` (0..9999) is where the search starts: when no check digit exists for it (both
    weightings give 10), the next serial is tried, wrapping after 9999, so every call returns a
    valid IIN. About one serial in 121 has no check digit, so the search ends at once.
    """
    start = _century_start(birth_date.year)
    if start is None:
        raise ValueError(f"An IIN encodes birth years 1800-2099 only, not {birth_date.year}.")
    if sex not in ("M", "F"):
        raise ValueError(f'Sex must be "M" or "F", not {sex!r}.')
    if not 0 <= serial < SERIAL_COUNT:
        raise ValueError(f"The serial must be from 0 to {SERIAL_COUNT - 1}, not {serial}.")

    # 1/3/5 for men, 2/4/6 for women: odd means male.
    century_sex = (start - 1800) // 100 * 2 + (1 if sex == "M" else 2)
    prefix = f"{birth_date:%y%m%d}{century_sex}"
    for offset in range(SERIAL_COUNT):
        first_eleven = f"{prefix}{(serial + offset) % SERIAL_COUNT:04d}"
        digit = check_digit(first_eleven)
        if digit is not None:
            return f"{first_eleven}{digit}"
    # Unreachable: the last serial digit weighs 11 (= 0 mod 11) in the first sum but 2 in the
    # second, so next to a serial without a check digit there is always one with it.
    raise AssertionError("no serial yields a check digit")  # pragma: no cover


def iin_hash(iin: str, *, key: bytes) -> str:
    """The keyed hash an IIN is stored as: HMAC-SHA256, lowercase hex.

    IINs are never stored in the clear (DESIGN.md, "Data and identifiers"). A plain hash would
    not do: there are only about 10^9 plausible IINs, so anyone holding the table could hash
    them all. The server-side key makes that impossible without the key, which is why an empty
    key is refused.
    """
    if not key:
        raise ValueError("iin_hash needs a non-empty secret key.")
    return hmac.new(key, iin.encode("utf-8"), hashlib.sha256).hexdigest()
