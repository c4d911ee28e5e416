"""Deputy-inquiry deadlines and the executive's responsiveness, counted in working days.

Pure Python: nothing here imports Django. Callers pass calendar dates in Asia/Almaty and a
calendar (``kurultai.common.workdays.kazakhstan_calendar()`` in the platform).

The answer deadline for a deputy inquiry under the 2026 Constitution was NOT FOUND
(../shared/data/law-kurultai.md). The platform counts it the way the appeals deadline is
counted (Administrative Procedural and Process Code, Art. 76: N working days from receipt, the
day of receipt not counted; something received on a non-working day is registered on the next
working day, ../shared/data/law-appeals-petitions.md section 1, [A1][A3]). The number of days is
configuration (``OversightRule``), 15 by default.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

__all__ = [
    "Calendar",
    "Deadline",
    "InquiryRecord",
    "Responsiveness",
    "inquiry_deadline",
    "is_overdue",
    "responsiveness",
    "working_days_late",
]

UNSATISFACTORY = "unsatisfactory"


class Calendar(Protocol):
    def next_working_day(self, d: date) -> date: ...

    def add_working_days(self, d: date, n: int) -> date: ...

    def working_days_between(self, a: date, b: date) -> int: ...


@dataclass(frozen=True, slots=True)
class Deadline:
    registered_on: date  # the working day the count starts from
    due_on: date  # the last day on which an answer is on time


def inquiry_deadline(received_on: date, working_days: int, calendar: Calendar) -> Deadline:
    """Registration day and answer deadline of an inquiry received on ``received_on``."""
    if working_days < 1:
        raise ValueError(f"An answer period must be at least one working day, not {working_days}.")
    registered_on = calendar.next_working_day(received_on)
    return Deadline(registered_on, calendar.add_working_days(registered_on, working_days))


def is_overdue(*, due_on: date, answered_on: date | None, today: date) -> bool:
    """Unanswered after its deadline day has passed (an answer on the deadline day is on time)."""
    return answered_on is None and today > due_on


def working_days_late(due_on: date, day: date, calendar: Calendar) -> int:
    """Working days between the deadline and ``day`` (an answer, or today); 0 when on time."""
    return max(0, calendar.working_days_between(due_on, day))


@dataclass(frozen=True, slots=True)
class InquiryRecord:
    registered_on: date
    due_on: date
    answered_on: date | None
    rating: str = ""  # "" until the deputy rates the answer
    withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class Responsiveness:
    """How one state body answers deputies' inquiries.

    ``due`` counts the inquiries whose answer is in or was owed (answered, or unanswered past the
    deadline): the base of the on-time share, so inquiries still within their term do not count
    against the body. ``median_working_days`` is over answered inquiries, from registration to answer.
    """

    received: int
    answered: int
    answered_on_time: int
    overdue: int
    due: int
    median_working_days: float | None
    rated: int
    unsatisfactory: int

    @property
    def on_time_share(self) -> float | None:
        return self.answered_on_time / self.due if self.due else None

    @property
    def unsatisfactory_share(self) -> float | None:
        return self.unsatisfactory / self.rated if self.rated else None


def responsiveness(records: Iterable[InquiryRecord], *, today: date, calendar: Calendar) -> Responsiveness:
    received = answered = on_time = overdue = rated = unsatisfactory = 0
    days: list[int] = []
    for r in records:
        if r.withdrawn:
            continue
        received += 1
        if r.answered_on is not None:
            answered += 1
            on_time += r.answered_on <= r.due_on
            days.append(calendar.working_days_between(r.registered_on, r.answered_on))
        elif is_overdue(due_on=r.due_on, answered_on=None, today=today):
            overdue += 1
        if r.rating:
            rated += 1
            unsatisfactory += r.rating == UNSATISFACTORY
    return Responsiveness(
        received=received,
        answered=answered,
        answered_on_time=on_time,
        overdue=overdue,
        due=answered + overdue,
        median_working_days=float(statistics.median(days)) if days else None,
        rated=rated,
        unsatisfactory=unsatisfactory,
    )
