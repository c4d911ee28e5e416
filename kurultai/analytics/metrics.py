"""Responsiveness figures: how fast citizens and deputies are answered, counted in working days.

Pure Python: nothing here imports Django. Every record is one thing that asked for an answer
(an appeal, a petition sent to its addressee, a deputy inquiry, a proposal) with the day it was
registered, the day the answer was due (``None`` when the law sets no term, as for proposals),
and the day it was answered. Records carry the keys of the groups they count in (deputy,
committee, faction, state body, region), so one pass over the records fills every table.

Definitions (docs/analytics.md):

- *working days to answer*: ``calendar.working_days_between(registered_on, answered_on)``, the
  working days after registration up to and including the answer day (0 for a same-day answer);
- *median* and *90th percentile* over the answered records, the percentile by the
  nearest-rank method (the smallest value with at least 90% of the answers at or below it),
  so it is always a number of days someone actually waited;
- *on time*: answered on or before the due day; the share is over the records whose answer is
  in or was owed (answered, or unanswered past the due day), so a record still within its term
  does not count against anyone;
- *overdue now*: unanswered and past the due day on ``today``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

__all__ = [
    "DIMENSIONS",
    "KINDS",
    "Calendar",
    "Figures",
    "MonthPoint",
    "Record",
    "figures",
    "group_figures",
    "month_key",
    "percentile_nearest_rank",
    "summary",
    "trend",
]

KINDS = ("appeal", "petition", "inquiry", "proposal")
DIMENSIONS = ("deputy", "committee", "faction", "state_body", "region")


class Calendar(Protocol):
    def working_days_between(self, a: date, b: date) -> int: ...


@dataclass(frozen=True, slots=True)
class Record:
    kind: str
    registered_on: date
    due_on: date | None
    answered_on: date | None
    # dimension -> keys (a slug or region code); an inquiry with three authors counts for each.
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Figures:
    received: int
    answered: int
    answered_on_time: int
    due: int
    overdue: int
    median_days: float | None
    p90_days: int | None

    @property
    def on_time_share(self) -> float | None:
        return self.answered_on_time / self.due if self.due else None


@dataclass(frozen=True, slots=True)
class MonthPoint:
    month: str  # "2026-03"
    figures: Figures


def percentile_nearest_rank(sorted_values: Sequence[int], q: float) -> int | None:
    """The nearest-rank percentile of ascending ``sorted_values`` (``q`` in (0, 1])."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def _median(sorted_values: Sequence[int]) -> float | None:
    n = len(sorted_values)
    if n == 0:
        return None
    mid = n // 2
    if n % 2:
        return float(sorted_values[mid])
    return (sorted_values[mid - 1] + sorted_values[mid]) / 2


def figures(records: Iterable[Record], *, today: date, calendar: Calendar) -> Figures:
    received = answered = on_time = overdue = answered_with_term = 0
    days: list[int] = []
    for r in records:
        received += 1
        if r.answered_on is not None:
            answered += 1
            days.append(max(0, calendar.working_days_between(r.registered_on, r.answered_on)))
            if r.due_on is not None:
                answered_with_term += 1
                on_time += r.answered_on <= r.due_on
        elif r.due_on is not None and today > r.due_on:
            overdue += 1
    days.sort()
    return Figures(
        received=received,
        answered=answered,
        answered_on_time=on_time,
        # The on-time base: records with a term whose answer is in or was owed.
        due=answered_with_term + overdue,
        overdue=overdue,
        median_days=_median(days),
        p90_days=percentile_nearest_rank(days, 0.9),
    )


def summary(records: Sequence[Record], *, today: date, calendar: Calendar) -> dict[str, Figures]:
    """Figures per kind, plus ``"all"``."""
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_kind[r.kind].append(r)
    out = {kind: figures(by_kind.get(kind, []), today=today, calendar=calendar) for kind in KINDS}
    out["all"] = figures(records, today=today, calendar=calendar)
    return out


def group_figures(
    records: Sequence[Record], dimension: str, *, today: date, calendar: Calendar
) -> dict[tuple[str, str], Figures]:
    """Figures per (kind, key) of one dimension; records without a key there are left out."""
    groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in records:
        for key in r.groups.get(dimension, ()):
            groups[(r.kind, key)].append(r)
    return {g: figures(recs, today=today, calendar=calendar) for g, recs in groups.items()}


def month_key(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def trend(
    records: Sequence[Record], *, today: date, calendar: Calendar, kind: str | None = None, months: int = 12
) -> list[MonthPoint]:
    """Figures per month of registration for the last ``months`` months up to ``today`` (gaps are
    months with nothing received). ``kind`` None means every kind together."""
    chosen = [r for r in records if kind is None or r.kind == kind]
    last = month_key(today)
    y, m = today.year, today.month - (months - 1)
    while m < 1:
        y, m = y - 1, m + 12
    first = f"{y:04d}-{m:02d}"
    by_month: dict[str, list[Record]] = defaultdict(list)
    for r in chosen:
        key = month_key(r.registered_on)
        if first <= key <= last:
            by_month[key].append(r)
    return [
        MonthPoint(mk, figures(by_month.get(mk, []), today=today, calendar=calendar))
        for mk in _months_between(first, last)
    ]
