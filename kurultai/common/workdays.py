"""Kazakhstan working days: the calendar every legal deadline is counted in.

A day is a working day unless it is a Saturday or Sunday, a public holiday, a holiday moved off a
weekend, or a day off the Government decreed; a weekend day the Government made a working day
counts as one. The statutory part comes from the ``holidays`` package (country "KZ"):

- the non-working holidays of the Law "On holidays in the Republic of Kazakhstan" (13 December
  2001 No. 267), Art. 5, with their changes by year (Constitution Day on 30 August until 2025,
  none in 2026, on 15 March from 2027; holidays>=0.101 is needed for that);
- the rule that a holiday falling on a Saturday or Sunday makes the next working day a day off
  (Law "On holidays", Art. 5; Labour Code Art. 85). The package models it as
  ``SAT_SUN_TO_NEXT_WORKDAY`` and, as the law says, does not apply it to the religious days off,
  Orthodox Christmas (7 January) and the first day of Kurban Ait (Labour Code Art. 84 para 5);
- the Government's transfers of days off (Labour Code Art. 85 para 3) through 2025, including
  the weekend days that became working days (``weekend_workdays``).

So 9 March, 24-25 March and 11 May 2026 need no data here: they are the statutory moves of
8 March, 21-22 March and 9 May off a weekend, and the package already returns them. Transfers
decreed after the package was released, and corrections (for example a Kurban Ait date that
differs from the package's estimate), are given to ``WorkingCalendar`` as data.

Deadline rule (APPC Art. 76 counts an appeal's 15 days in working days): adding N working days to
a date gives the N-th working day after it; the date itself is not counted.

Pure Python: nothing here imports Django. Dates are calendar dates in Kazakhstan; convert a UTC
timestamp to Asia/Almaty before asking which day it is.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

import holidays

__all__ = [
    "GOVERNMENT_TRANSFERS",
    "DayTransfer",
    "WorkingCalendar",
    "kazakhstan_calendar",
]

COUNTRY = "KZ"
_SATURDAY = 5  # date.weekday(): Monday is 0; the five-day week rests on Saturday and Sunday


@dataclass(frozen=True, slots=True)
class DayTransfer:
    """One Government transfer (Labour Code Art. 85 para 3): ``day_off`` is rested,
    ``working_day`` (usually a Saturday) is worked instead, by the resolution in ``source``."""

    day_off: date
    working_day: date
    source: str


# Government transfers the installed ``holidays`` package does not know yet. The package carries
# every transfer resolution through 2025. For 2026 the Government decreed none: the egov.kz 2026
# calendar's extra days off (9 Mar, 24-25 Mar, 11 May, 26 Oct) are all statutory weekend moves
# the package models (../shared/data/law-appeals-petitions.md section 3, [A21], [A22]).
# Add a row when a resolution for a later year is adopted, with its adilet.zan.kz reference.
GOVERNMENT_TRANSFERS: tuple[DayTransfer, ...] = ()


@cache
def _supported_years() -> range:
    entity = holidays.country_holidays(COUNTRY)
    return range(entity.start_year, entity.end_year + 1)


@cache
def _statutory_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(holidays and days off, weekend days made working) of one year, from the package.

    Cached per process: building a year costs about a millisecond, a lookup a few nanoseconds.
    """
    if year not in _supported_years():
        years = _supported_years()
        raise ValueError(
            f"No Kazakhstan holiday data for {year}: working days can be counted "
            f"from {years.start} to {years.stop - 1} only."
        )
    entity = holidays.country_holidays(COUNTRY, years=year)
    # The package also lists a transferred working day of an adjacent year (a Saturday of
    # December worked for a day off in January), so keep only this year's dates.
    days_off = frozenset(d for d in entity if d.year == year)
    weekend_workdays = frozenset(d for d in entity.weekend_workdays if d.year == year)
    return days_off, weekend_workdays


def _as_date(value: date, name: str) -> date:
    # A datetime is a date subclass, but it would never equal a date in the sets below, and which
    # calendar day it falls on depends on the time zone the caller must choose.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date (a day in Asia/Almaty), not {value!r}.")
    return value


class WorkingCalendar:
    """Kazakhstan working days: weekends, statutory holidays and transfers, plus decreed extras.

    ``extra_days_off``: weekdays the Government made days off (or holidays the package misses).
    ``extra_working_days``: days made working days (a Saturday worked under a transfer, or an
    estimated Kurban Ait date the package gives that turned out wrong). The extras win over the
    package, and a day cannot be in both.
    """

    def __init__(
        self,
        *,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self._extra_days_off = frozenset(_as_date(d, "extra_days_off") for d in extra_days_off)
        self._extra_working_days = frozenset(_as_date(d, "extra_working_days") for d in extra_working_days)
        both = self._extra_days_off & self._extra_working_days
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"A day cannot be both an extra day off and an extra working day: {listed}.")
        # Sorted ordinals of each year's working days, so adding and counting are bisections
        # instead of a walk over every day.
        self._working_ordinals: dict[int, tuple[int, ...]] = {}

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day in Kazakhstan (five-day week)."""
        _as_date(d, "date")
        if d in self._extra_working_days:
            return True
        if d in self._extra_days_off:
            return False
        days_off, weekend_workdays = _statutory_year(d.year)
        if d.weekday() >= _SATURDAY:
            return d in weekend_workdays
        return d not in days_off

    def next_working_day(self, d: date) -> date:
        """The first working day on or after ``d``.

        An appeal received on a non-working day is registered on the next working day (APPC;
        ../shared/data/law-appeals-petitions.md section 1, [A3]).
        """
        return d if self.is_working_day(d) else self.add_working_days(d, 1)

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d``; ``d`` itself is not counted (APPC Art. 76).

        ``n == 0`` returns ``d`` unchanged, even when ``d`` is not a working day: no time has
        passed, and a caller that needs a working day asks ``next_working_day``. A negative
        ``n`` is refused; deadlines only run forward.
        """
        _as_date(d, "date")
        if n < 0:
            raise ValueError(f"The number of working days to add must be 0 or more, not {n}.")
        if n == 0:
            return d
        year = d.year
        ordinals = self._year_ordinals(year)
        index = bisect_right(ordinals, d.toordinal()) + n - 1
        while index >= len(ordinals):
            index -= len(ordinals)
            year += 1
            ordinals = self._year_ordinals(year)
        return date.fromordinal(ordinals[index])

    def working_days_between(self, a: date, b: date) -> int:
        """How many working days lie in (a, b]: after ``a``, up to and including ``b``.

        So ``working_days_between(d, add_working_days(d, n)) == n``. When ``b`` is before ``a``
        the count is negative (``-working_days_between(b, a)``), which reads as "overdue by".
        """
        _as_date(a, "a")
        _as_date(b, "b")
        if b < a:
            return -self.working_days_between(b, a)
        first, last = a.toordinal(), b.toordinal()
        count = 0
        for year in range(a.year, b.year + 1):
            ordinals = self._year_ordinals(year)
            count += bisect_right(ordinals, last) - bisect_right(ordinals, first)
        return count

    def _year_ordinals(self, year: int) -> tuple[int, ...]:
        ordinals = self._working_ordinals.get(year)
        if ordinals is None:
            first = date(year, 1, 1)
            days = (first + timedelta(days=i) for i in range(date(year, 12, 31).toordinal() - first.toordinal() + 1))
            ordinals = tuple(d.toordinal() for d in days if self.is_working_day(d))
            self._working_ordinals[year] = ordinals
        return ordinals


@cache
def kazakhstan_calendar() -> WorkingCalendar:
    """The calendar the platform counts deadlines in: the package plus ``GOVERNMENT_TRANSFERS``."""
    return WorkingCalendar(
        extra_days_off=(t.day_off for t in GOVERNMENT_TRANSFERS),
        extra_working_days=(t.working_day for t in GOVERNMENT_TRANSFERS),
    )
