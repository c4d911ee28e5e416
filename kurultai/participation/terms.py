"""Legal terms of citizen participation: appeal deadlines, petition thresholds and review terms.

Pure Python: nothing here imports Django. Dates are calendar days in Asia/Almaty; the calendar
is passed in (``kurultai.common.workdays.kazakhstan_calendar()`` in the platform). Every number
carries its citation; the sources are summarised in ../shared/data/law-appeals-petitions.md
(keys [A#]) and docs/participation.md.

Appeals (Administrative Procedural and Process Code of 29 June 2020 No. 350-VI, "APPC"):

- Art. 76: an appeal is answered within 15 working days of its registration [A1];
- the term may be extended once, by a reasoned decision, "for a reasonable period, but not more
  than up to two months"; the applicant is told within 3 working days of the decision [A1];
- an appeal outside the body's competence is forwarded to the competent body within 3 working
  days of receipt, telling the applicant at the same time [A1][A2];
- an appeal received on a non-working day is registered on the next working day [A3].

E-petitions (Law "On Public Control", 2 October 2023; APPC Chapter 12-1 [A6]-[A11]):

- moderation within 20 working days; then public by direct link only until 50 supporters;
- signature thresholds: Government 50,000; regional akimat 1% and regional maslikhat 2% of the
  region's residents; in a city or district of more than 50,000 people, akimat 2,500 and
  maslikhat 5,000 [A9][A10][A11];
- consideration: central state bodies within 40 working days, akimats and maslikhats within 20 [A11].
"""

from __future__ import annotations

import statistics
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

__all__ = [
    "ANSWER_WORKING_DAYS",
    "EXTENSION_MAX_MONTHS",
    "EXTENSION_NOTICE_WORKING_DAYS",
    "FORWARD_WORKING_DAYS",
    "MODERATION_WORKING_DAYS",
    "PETITION_TERMS",
    "SUPPORT_MINIMUM",
    "SUPPORT_WORKING_DAYS",
    "AddresseeKind",
    "AnswerRecord",
    "AppealDeadlines",
    "Calendar",
    "PetitionTerm",
    "Responsiveness",
    "RuleStatus",
    "add_months",
    "appeal_deadlines",
    "extension_limit",
    "petition_threshold",
    "responsiveness",
    "working_days_before",
    "working_days_left",
]

# APPC Art. 76 [A1]
ANSWER_WORKING_DAYS = 15
FORWARD_WORKING_DAYS = 3
EXTENSION_NOTICE_WORKING_DAYS = 3
EXTENSION_MAX_MONTHS = 2
APPC_CITATION = "Administrative Procedural and Process Code (29 June 2020 No. 350-VI), Art. 76 [A1]"

# Law "On Public Control" (2 October 2023) [A7][A8]
MODERATION_WORKING_DAYS = 20
SUPPORT_MINIMUM = 50
SUPPORT_WORKING_DAYS = 10
MODERATION_CITATION = (
    'Law "On Public Control" (2 October 2023): the authorised body checks a petition within 20 working days; '
    "it is then public by direct link only until it gathers 50 votes [A7][A8]"
)
# The law gives no term for the 50 votes; 10 working days is the platform's rule (the brief of issue 7).
SUPPORT_CITATION = (
    "50 supporters within 10 working days of publication by link: the platform's rule for the restricted-access "
    "stage [A7][A8] (the law sets the 50 votes, not the term)"
)


class Calendar(Protocol):
    def is_working_day(self, d: date) -> bool: ...

    def next_working_day(self, d: date) -> date: ...

    def add_working_days(self, d: date, n: int) -> date: ...

    def working_days_between(self, a: date, b: date) -> int: ...


class RuleStatus(StrEnum):
    CONFIRMED = "confirmed"  # stated in a cited source
    DRAFT_STAGE = "draft_stage"  # reported about the draft law, not re-checked against the final text
    CONFIGURED = "configured"  # no rule found: a default the administrator sets


class AddresseeKind(StrEnum):
    """Whom an e-petition is addressed to; each kind has its threshold and review term."""

    GOVERNMENT = "government"
    REGIONAL_AKIMAT = "regional_akimat"
    REGIONAL_MASLIKHAT = "regional_maslikhat"
    DISTRICT_AKIMAT = "district_akimat"
    DISTRICT_MASLIKHAT = "district_maslikhat"
    PARLIAMENT = "parliament"


@dataclass(frozen=True, slots=True)
class PetitionTerm:
    """Threshold and review term for one kind of addressee.

    Exactly one of ``signatures`` (an absolute number) and ``population_percent`` (a share of the
    region's residents) is set. ``min_population``: the area must have more residents than this.
    """

    kind: AddresseeKind
    signatures: int | None
    population_percent: int | None
    min_population: int | None
    review_working_days: int
    collecting_months: int
    local: bool
    needs_region: bool
    needs_district: bool
    citation: str
    status: RuleStatus


_THRESHOLDS = 'Law "On Public Control" (2 October 2023), thresholds for mandatory consideration [A9][A10][A11]'
_REVIEW_CENTRAL = "central state bodies consider a petition within 40 working days of registration [A11]"
_REVIEW_LOCAL = "akimats and maslikhats consider a petition within 20 working days [A11]"
_WINDOW = "collection period of 6 months (draft-stage report [A9])"

PETITION_TERMS: dict[AddresseeKind, PetitionTerm] = {
    t.kind: t
    for t in (
        PetitionTerm(
            kind=AddresseeKind.GOVERNMENT,
            signatures=50_000,
            population_percent=None,
            min_population=None,
            review_working_days=40,
            collecting_months=6,
            local=False,
            needs_region=False,
            needs_district=False,
            citation=f"{_THRESHOLDS}: the Government, 50,000 signatures; {_REVIEW_CENTRAL}; {_WINDOW}.",
            status=RuleStatus.CONFIRMED,
        ),
        PetitionTerm(
            kind=AddresseeKind.REGIONAL_AKIMAT,
            signatures=None,
            population_percent=1,
            min_population=None,
            review_working_days=20,
            collecting_months=6,
            local=True,
            needs_region=True,
            needs_district=False,
            citation=f"{_THRESHOLDS}: a regional akimat, 1% of the region's residents; {_REVIEW_LOCAL}; {_WINDOW}.",
            status=RuleStatus.CONFIRMED,
        ),
        PetitionTerm(
            kind=AddresseeKind.REGIONAL_MASLIKHAT,
            signatures=None,
            population_percent=2,
            min_population=None,
            review_working_days=20,
            collecting_months=6,
            local=True,
            needs_region=True,
            needs_district=False,
            citation=f"{_THRESHOLDS}: a regional maslikhat, 2% of the region's residents; {_REVIEW_LOCAL}; {_WINDOW}.",
            status=RuleStatus.CONFIRMED,
        ),
        PetitionTerm(
            kind=AddresseeKind.DISTRICT_AKIMAT,
            signatures=2_500,
            population_percent=None,
            min_population=50_000,
            review_working_days=20,
            collecting_months=6,
            local=True,
            needs_region=True,
            needs_district=True,
            citation=(
                f"{_THRESHOLDS}: the akimat of a city or district of more than 50,000 people, 2,500 signatures; "
                f"{_REVIEW_LOCAL}; {_WINDOW}."
            ),
            status=RuleStatus.CONFIRMED,
        ),
        PetitionTerm(
            kind=AddresseeKind.DISTRICT_MASLIKHAT,
            signatures=5_000,
            population_percent=None,
            min_population=50_000,
            review_working_days=20,
            collecting_months=6,
            local=True,
            needs_region=True,
            needs_district=True,
            citation=(
                f"{_THRESHOLDS}: the maslikhat of a city or district of more than 50,000 people, 5,000 signatures; "
                f"{_REVIEW_LOCAL}; {_WINDOW}."
            ),
            status=RuleStatus.CONFIRMED,
        ),
        PetitionTerm(
            kind=AddresseeKind.PARLIAMENT,
            signatures=50_000,
            population_percent=None,
            min_population=None,
            review_working_days=40,
            collecting_months=6,
            local=False,
            needs_region=False,
            needs_district=False,
            citation=(
                "No threshold for petitions to the Kurultai was found; the default is the Government's 50,000 "
                "signatures and 40 working days [A9][A11], set by the administrator (ParticipationRule "
                "'parliament_petition_threshold')."
            ),
            status=RuleStatus.CONFIGURED,
        ),
    )
}


def petition_threshold(term: PetitionTerm, population: int | None, *, override: int | None = None) -> int:
    """Signatures a petition needs for mandatory consideration.

    A percentage is of the residents, rounded up: 1% of 1,596,331 is 15,964 (15,963.31 is not enough).
    """
    if override is not None:
        if override < 1:
            raise ValueError(f"A signature threshold must be at least 1, not {override}.")
        return override
    if term.signatures is not None:
        return term.signatures
    if term.population_percent is None:
        raise ValueError(f"The term for {term.kind} has neither a number nor a share of residents.")
    if not population or population < 1:
        raise ValueError("The region's population is not known, so the threshold cannot be computed.")
    return -(-population * term.population_percent // 100)


def add_months(d: date, months: int) -> date:
    """The same day ``months`` calendar months later, or the month's last day (31 Jan + 1 = 28/29 Feb)."""
    if months < 0:
        raise ValueError("months must be 0 or more")
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class AppealDeadlines:
    registered_on: date  # the working day the count starts from
    answer_due: date  # the last day an answer is on time (APPC Art. 76)
    forward_due: date  # the last day to forward a misdirected appeal, with notice


def appeal_deadlines(received_on: date, calendar: Calendar) -> AppealDeadlines:
    """Registration day and deadlines of an appeal received on ``received_on``.

    Received on a non-working day, it is registered on the next working day [A3]; the day of
    registration is not counted (APPC Art. 76: "within 15 working days").
    """
    registered_on = calendar.next_working_day(received_on)
    return AppealDeadlines(
        registered_on=registered_on,
        answer_due=calendar.add_working_days(registered_on, ANSWER_WORKING_DAYS),
        forward_due=calendar.add_working_days(registered_on, FORWARD_WORKING_DAYS),
    )


def extension_limit(registered_on: date) -> date:
    """The latest day an extended term may run to: two months from registration (APPC Art. 76)."""
    return add_months(registered_on, EXTENSION_MAX_MONTHS)


def working_days_left(due_on: date, today: date, calendar: Calendar) -> int:
    """Working days from today to the deadline: 0 on the deadline day, negative when overdue."""
    return calendar.working_days_between(today, due_on)


def working_days_before(due_on: date, n: int, calendar: Calendar) -> date:
    """The working day ``n`` working days before ``due_on`` (so adding ``n`` to it gives ``due_on``
    when ``due_on`` is a working day): the day a reminder goes out."""
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    day, left = due_on, n
    while left:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One appeal for the responsiveness figures: when registered, when due, when answered."""

    registered_on: date
    due_on: date
    answered_on: date | None


@dataclass(frozen=True, slots=True)
class Responsiveness:
    """How one addressee (or the appeals from one region) is answered.

    ``due`` counts appeals whose answer is in or was owed: answered, or unanswered past the
    deadline. It is the base of the on-time share, so appeals still within their term do not count
    against the addressee. The median is over answered appeals, in working days from registration.
    """

    received: int
    answered: int
    answered_on_time: int
    overdue: int
    due: int
    median_working_days: float | None

    @property
    def on_time_share(self) -> float | None:
        return self.answered_on_time / self.due if self.due else None


def responsiveness(records: Iterable[AnswerRecord], *, today: date, calendar: Calendar) -> Responsiveness:
    received = answered = on_time = overdue = 0
    days: list[int] = []
    for r in records:
        received += 1
        if r.answered_on is not None:
            answered += 1
            on_time += r.answered_on <= r.due_on
            days.append(max(0, calendar.working_days_between(r.registered_on, r.answered_on)))
        elif today > r.due_on:
            overdue += 1
    return Responsiveness(
        received=received,
        answered=answered,
        answered_on_time=on_time,
        overdue=overdue,
        due=answered + overdue,
        median_working_days=float(statistics.median(days)) if days else None,
    )
