"""Appeal deadlines and petition thresholds (pure core): Kazakhstan's calendar, Nauryz 2026 included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurultai.common.workdays import kazakhstan_calendar
from kurultai.participation import terms
from kurultai.participation.terms import AddresseeKind, AnswerRecord

calendar = kazakhstan_calendar()


@pytest.mark.parametrize(
    ("received", "registered", "answer_due", "forward_due"),
    [
        # Friday before Nauryz: 21-23 March are holidays, 24-25 March the days off moved from the
        # weekend (Law "On holidays", Art. 5), so the count resumes on Thursday 26 March.
        (date(2026, 3, 20), date(2026, 3, 20), date(2026, 4, 15), date(2026, 3, 30)),
        # Received on a non-working day: registered on the next working day [A3].
        (date(2026, 3, 21), date(2026, 3, 26), date(2026, 4, 16), date(2026, 3, 31)),
        (date(2026, 3, 22), date(2026, 3, 26), date(2026, 4, 16), date(2026, 3, 31)),
        (date(2026, 3, 23), date(2026, 3, 26), date(2026, 4, 16), date(2026, 3, 31)),
        (date(2026, 3, 24), date(2026, 3, 26), date(2026, 4, 16), date(2026, 3, 31)),
        (date(2026, 3, 25), date(2026, 3, 26), date(2026, 4, 16), date(2026, 3, 31)),
        # 8 March fell on a Sunday, so Monday 9 March is a day off.
        (date(2026, 3, 6), date(2026, 3, 6), date(2026, 4, 2), date(2026, 3, 12)),
        (date(2026, 3, 9), date(2026, 3, 10), date(2026, 4, 3), date(2026, 3, 13)),
        # An ordinary September: 15 working days are three weeks.
        (date(2026, 9, 1), date(2026, 9, 1), date(2026, 9, 22), date(2026, 9, 4)),
    ],
)
def test_appeal_deadlines_count_working_days_from_registration(received, registered, answer_due, forward_due):
    deadlines = terms.appeal_deadlines(received, calendar)
    assert deadlines.registered_on == registered
    assert deadlines.answer_due == answer_due
    assert deadlines.forward_due == forward_due


def test_the_decreed_nauryz_days_are_not_working_days():
    assert [calendar.is_working_day(date(2026, 3, d)) for d in range(20, 27)] == [
        True,  # Fri 20
        False,  # Sat 21 Nauryz
        False,  # Sun 22 Nauryz
        False,  # Mon 23 Nauryz
        False,  # Tue 24, moved from Saturday 21
        False,  # Wed 25, moved from Sunday 22
        True,  # Thu 26
    ]


def test_extension_is_limited_to_two_months_from_registration():
    assert terms.extension_limit(date(2026, 3, 26)) == date(2026, 5, 26)
    assert terms.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert terms.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert terms.add_months(date(2026, 12, 15), 2) == date(2027, 2, 15)


def test_reminder_day_lies_the_given_working_days_before_the_deadline_over_nauryz():
    assert terms.working_days_before(date(2026, 3, 27), 2, calendar) == date(2026, 3, 20)
    assert terms.working_days_before(date(2026, 4, 16), 2, calendar) == date(2026, 4, 14)


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 1)), st.integers(min_value=0, max_value=30))
def test_working_days_before_undoes_adding_them(day, n):
    due = calendar.next_working_day(day)
    assert calendar.add_working_days(terms.working_days_before(due, n, calendar), n) == due


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 1)))
def test_deadlines_are_working_days_after_registration(day):
    d = terms.appeal_deadlines(day, calendar)
    assert calendar.is_working_day(d.registered_on)
    assert calendar.is_working_day(d.answer_due)
    assert d.registered_on >= day
    assert calendar.working_days_between(d.registered_on, d.answer_due) == terms.ANSWER_WORKING_DAYS
    assert calendar.working_days_between(d.registered_on, d.forward_due) == terms.FORWARD_WORKING_DAYS


@pytest.mark.parametrize(
    ("kind", "population", "expected"),
    [
        (AddresseeKind.GOVERNMENT, None, 50_000),
        (AddresseeKind.REGIONAL_AKIMAT, 1_596_331, 15_964),  # 1% rounded up
        (AddresseeKind.REGIONAL_MASLIKHAT, 1_596_331, 31_927),  # 2% rounded up
        (AddresseeKind.REGIONAL_AKIMAT, 218_900, 2_189),  # exact: no rounding
        (AddresseeKind.DISTRICT_AKIMAT, None, 2_500),
        (AddresseeKind.DISTRICT_MASLIKHAT, None, 5_000),
        (AddresseeKind.PARLIAMENT, None, 50_000),
    ],
)
def test_thresholds(kind, population, expected):
    assert terms.petition_threshold(terms.PETITION_TERMS[kind], population) == expected


def test_every_term_has_a_citation_and_a_review_term():
    assert set(terms.PETITION_TERMS) == set(AddresseeKind)
    for term in terms.PETITION_TERMS.values():
        assert term.citation
        assert term.review_working_days == (20 if term.local else 40)
        assert (term.signatures is None) != (term.population_percent is None)


def test_the_parliament_threshold_is_configurable_and_a_percentage_needs_a_population():
    parliament = terms.PETITION_TERMS[AddresseeKind.PARLIAMENT]
    assert terms.petition_threshold(parliament, None, override=1_000) == 1_000
    with pytest.raises(ValueError, match="population"):
        terms.petition_threshold(terms.PETITION_TERMS[AddresseeKind.REGIONAL_AKIMAT], None)
    with pytest.raises(ValueError, match="at least 1"):
        terms.petition_threshold(parliament, None, override=0)


def test_responsiveness_counts_on_time_answers_and_the_median():
    start = date(2026, 9, 1)
    due = calendar.add_working_days(start, 15)
    records = [
        AnswerRecord(start, due, calendar.add_working_days(start, 5)),
        AnswerRecord(start, due, calendar.add_working_days(start, 15)),  # on the deadline day: on time
        AnswerRecord(start, due, calendar.add_working_days(start, 20)),  # late
        AnswerRecord(start, due, None),  # overdue on the day asked
        AnswerRecord(date(2026, 10, 20), date(2026, 11, 10), None),  # still within its term
    ]
    r = terms.responsiveness(records, today=date(2026, 10, 30), calendar=calendar)
    assert (r.received, r.answered, r.answered_on_time, r.overdue, r.due) == (5, 3, 2, 1, 4)
    assert r.median_working_days == 15.0
    assert r.on_time_share == 0.5


def test_responsiveness_of_nothing_has_no_share_and_no_median():
    r = terms.responsiveness([], today=date(2026, 10, 30), calendar=calendar)
    assert r.on_time_share is None
    assert r.median_working_days is None


def test_days_left_is_negative_when_overdue():
    assert terms.working_days_left(date(2026, 3, 26), date(2026, 3, 20), calendar) == 1
    assert terms.working_days_left(date(2026, 3, 20), date(2026, 3, 26), calendar) == -1
    assert terms.working_days_left(date(2026, 3, 20), date(2026, 3, 20), calendar) == 0
    assert terms.working_days_left(date(2026, 3, 20) + timedelta(days=0), date(2026, 3, 20), calendar) == 0
