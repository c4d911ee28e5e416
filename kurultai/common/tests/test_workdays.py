"""The working-day calendar: contract vectors, Kazakhstan's holiday rules, and the counting laws."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count, islice

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurultai.common.workdays import GOVERNMENT_TRANSFERS, WorkingCalendar, kazakhstan_calendar

calendar = WorkingCalendar()

# ../shared/tools/contracts-data/workdays.json, copied so the suite runs from a bare clone;
# `kurultai calendar add-working-days` answers the same vectors in the contract checker.
CONTRACT = [
    (date(2026, 3, 19), 1, date(2026, 3, 20)),
    (date(2026, 12, 15), 3, date(2026, 12, 21)),  # over Independence Day, Wed 16 Dec
    (date(2026, 9, 1), 15, date(2026, 9, 22)),
]


@pytest.mark.parametrize(("start", "n", "expected"), CONTRACT)
def test_contract(start: date, n: int, expected: date) -> None:
    assert calendar.add_working_days(start, n) == expected
    assert kazakhstan_calendar().add_working_days(start, n) == expected


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),
        date(2026, 1, 2),
        date(2026, 1, 7),  # Orthodox Christmas (Labour Code Art. 84 para 5)
        date(2026, 3, 9),  # 8 March fell on a Sunday
        date(2026, 3, 23),  # Nauryz
        date(2026, 3, 24),  # Nauryz 21 March (Saturday) moved
        date(2026, 3, 25),  # Nauryz 22 March (Sunday) moved
        date(2026, 5, 1),
        date(2026, 5, 7),
        date(2026, 5, 11),  # Victory Day 9 May fell on a Saturday
        date(2026, 5, 27),  # Kurban Ait (the package's estimate, confirmed by egov.kz)
        date(2026, 7, 6),
        date(2026, 10, 26),  # Republic Day 25 October fell on a Sunday
        date(2026, 12, 16),
        date(2027, 3, 15),  # Constitution Day from 2027
    ],
)
def test_weekday_days_off(day: date) -> None:
    assert day.weekday() < 5
    assert not calendar.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 3, 20),
        date(2026, 3, 26),
        date(2026, 5, 12),
        date(2026, 8, 31),  # no Constitution Day in 2026, so nothing moves off Sunday 30 August
        date(2026, 12, 17),  # 17 December stopped being a holiday in 2022
        date(2023, 1, 9),  # 7 January 2023 was a Saturday: Christmas does not move
        date(2022, 7, 11),  # Kurban Ait on Saturday 9 July 2022 does not move
        date(2024, 6, 17),  # nor on Sunday 16 June 2024
        date(2025, 1, 5),  # a Sunday worked for Friday 3 January 2025 (Government transfer)
        date(2013, 12, 28),  # a Saturday worked for 3 January 2014, the year before
    ],
)
def test_working_days(day: date) -> None:
    assert calendar.is_working_day(day)


def test_holiday_on_saturday_moves_to_monday() -> None:
    assert not calendar.is_working_day(date(2027, 1, 2))
    assert not calendar.is_working_day(date(2027, 1, 4))
    assert calendar.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 5)


def test_fifteen_days_over_nauryz_2026() -> None:
    # APPC Art. 76: an appeal received on Thursday 19 March 2026 has 15 working days.
    # Fri 20 is day 1; 21-25 March are off; 26, 27, 30, 31 March, 1-3 April, 6-10, 13, 14 April.
    assert calendar.add_working_days(date(2026, 3, 19), 15) == date(2026, 4, 14)
    assert calendar.working_days_between(date(2026, 3, 20), date(2026, 3, 25)) == 0


def test_a_year_of_working_days() -> None:
    # 2026: 365 days - 104 weekend days - 14 holidays on weekdays
    # (1, 2, 7 Jan; 9, 23, 24, 25 Mar; 1, 7, 11, 27 May; 6 Jul; 26 Oct; 16 Dec) = 247.
    assert calendar.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 247


def test_counting_across_new_year() -> None:
    # 1-2 Jan holidays, 3-4 weekend, 5-6 work, 7 Christmas, 8 work.
    assert calendar.working_days_between(date(2025, 12, 31), date(2026, 1, 8)) == 3
    assert calendar.add_working_days(date(2025, 12, 30), 2) == date(2026, 1, 5)


def test_zero_days_returns_the_date_unchanged() -> None:
    assert calendar.add_working_days(date(2026, 3, 21), 0) == date(2026, 3, 21)
    assert calendar.add_working_days(date(2026, 3, 20), 0) == date(2026, 3, 20)


def test_next_working_day() -> None:
    assert calendar.next_working_day(date(2026, 3, 20)) == date(2026, 3, 20)
    assert calendar.next_working_day(date(2026, 3, 21)) == date(2026, 3, 26)
    assert calendar.next_working_day(date(2026, 12, 16)) == date(2026, 12, 17)


def test_between_is_signed() -> None:
    assert calendar.working_days_between(date(2026, 3, 19), date(2026, 3, 19)) == 0
    assert calendar.working_days_between(date(2026, 4, 14), date(2026, 3, 19)) == -15


def test_extra_days_off_and_working_days() -> None:
    decreed = WorkingCalendar(
        extra_days_off=[date(2026, 6, 1), date(2026, 12, 16)],
        extra_working_days=[date(2026, 6, 6), date(2026, 5, 27)],
    )
    assert not decreed.is_working_day(date(2026, 6, 1))
    assert decreed.is_working_day(date(2026, 6, 6))  # a Saturday
    assert decreed.is_working_day(date(2026, 5, 27))  # overrides the package's Kurban Ait estimate
    assert not decreed.is_working_day(date(2026, 12, 16))  # already a holiday: no change
    assert decreed.add_working_days(date(2026, 5, 29), 1) == date(2026, 6, 2)
    assert decreed.add_working_days(date(2026, 6, 5), 1) == date(2026, 6, 6)
    # The package-only calendar is untouched by another instance's data.
    assert calendar.add_working_days(date(2026, 5, 29), 1) == date(2026, 6, 1)


def test_extra_days_cannot_be_both() -> None:
    with pytest.raises(ValueError, match="2026-06-01"):
        WorkingCalendar(extra_days_off=[date(2026, 6, 1)], extra_working_days=[date(2026, 6, 1)])


def test_government_transfers_are_consistent() -> None:
    assert all(t.working_day.weekday() >= 5 for t in GOVERNMENT_TRANSFERS)
    assert all(t.day_off.weekday() < 5 and t.source for t in GOVERNMENT_TRANSFERS)
    assert kazakhstan_calendar() is kazakhstan_calendar()


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        calendar.add_working_days(date(2026, 3, 19), -1)


def test_datetimes_are_refused() -> None:
    with pytest.raises(TypeError, match="Asia/Almaty"):
        calendar.is_working_day(datetime(2026, 3, 19, 12, tzinfo=UTC))
    with pytest.raises(TypeError, match="extra_days_off"):
        WorkingCalendar(extra_days_off=[datetime(2026, 3, 19, tzinfo=UTC)])


@pytest.mark.parametrize("day", [date(1990, 12, 31), date(2101, 1, 1)])
def test_years_without_holiday_data_are_refused(day: date) -> None:
    with pytest.raises(ValueError, match="No Kazakhstan holiday data"):
        calendar.is_working_day(day)


def test_counting_past_the_last_year_of_data_is_refused() -> None:
    with pytest.raises(ValueError, match="2101"):
        calendar.add_working_days(date(2100, 12, 20), 15)


# Up to 2099, so adding a year and a half of working days stays inside the package's data.
days = st.dates(min_value=date(1991, 1, 2), max_value=date(2099, 6, 30))
counts = st.integers(min_value=0, max_value=400)


def walk(start: date, n: int) -> date:
    """The definition, slowly: the n-th working day after start, found day by day."""
    later = (start + timedelta(days=i) for i in count(1))
    return next(islice(filter(calendar.is_working_day, later), n - 1, None))


@given(days, st.integers(min_value=1, max_value=400))
def test_add_matches_the_definition(start: date, n: int) -> None:
    assert calendar.add_working_days(start, n) == walk(start, n)


@given(days, st.integers(min_value=1, max_value=400))
def test_add_lands_on_a_working_day_after_the_start(start: date, n: int) -> None:
    result = calendar.add_working_days(start, n)
    assert calendar.is_working_day(result)
    assert result > start


@given(days, counts)
def test_between_inverts_add(start: date, n: int) -> None:
    assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


@given(days, counts)
def test_add_is_strictly_monotonic_in_n(start: date, n: int) -> None:
    assert calendar.add_working_days(start, n) < calendar.add_working_days(start, n + 1)


@given(days, days, days)
def test_between_is_additive_and_antisymmetric(a: date, b: date, c: date) -> None:
    assert calendar.working_days_between(a, b) + calendar.working_days_between(b, c) == (
        calendar.working_days_between(a, c)
    )
    assert calendar.working_days_between(a, b) == -calendar.working_days_between(b, a)


@given(days)
def test_next_working_day_is_the_first_on_or_after(day: date) -> None:
    assert calendar.next_working_day(day) == calendar.add_working_days(day - timedelta(days=1), 1)
