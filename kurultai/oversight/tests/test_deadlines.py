"""The inquiry deadline and responsiveness core: worked examples over Kazakhstan's holidays, and laws."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurultai.common.workdays import kazakhstan_calendar
from kurultai.oversight import workflow
from kurultai.oversight.config import DEFAULTS, RuleKey, RuleStatus
from kurultai.oversight.deadlines import (
    InquiryRecord,
    inquiry_deadline,
    is_overdue,
    responsiveness,
    working_days_late,
)

calendar = kazakhstan_calendar()


@pytest.mark.parametrize(
    ("received", "registered", "due"),
    [
        # Thursday before Nauryz: 21-25 March 2026 are days off (23 March, and 21-22 moved to 24-25).
        (date(2026, 3, 19), date(2026, 3, 19), date(2026, 4, 14)),
        # Friday just before Nauryz: the count resumes on Thursday 26 March.
        (date(2026, 3, 20), date(2026, 3, 20), date(2026, 4, 15)),
        # Received during the holiday: registered on the next working day, 26 March.
        (date(2026, 3, 21), date(2026, 3, 26), date(2026, 4, 16)),
        (date(2026, 3, 23), date(2026, 3, 26), date(2026, 4, 16)),
        # Over Independence Day (16 Dec) and the New Year (1-2 Jan, 7 Jan).
        (date(2026, 12, 15), date(2026, 12, 15), date(2027, 1, 11)),
        # An ordinary September: 15 working days are three calendar weeks.
        (date(2026, 9, 1), date(2026, 9, 1), date(2026, 9, 22)),
    ],
)
def test_fifteen_working_days_over_holidays(received, registered, due):
    term = inquiry_deadline(received, 15, calendar)
    assert (term.registered_on, term.due_on) == (registered, due)


def test_the_default_is_fifteen_days_and_says_it_was_not_found():
    rule = DEFAULTS[RuleKey.INQUIRY_ANSWER_WORKING_DAYS]
    assert rule.value == 15
    assert rule.status == RuleStatus.NOT_FOUND
    assert not rule.found
    assert "Art. 76" in rule.citation
    assert "not found" in rule.citation


def test_committee_limit_default_is_eight_with_citation():
    rule = DEFAULTS[RuleKey.MAX_STANDING_COMMITTEES]
    assert rule.value == 8
    assert "[K12]" in rule.citation


def test_an_answer_period_must_be_positive():
    with pytest.raises(ValueError, match="at least one"):
        inquiry_deadline(date(2026, 9, 1), 0, calendar)


def test_overdue_starts_the_day_after_the_deadline():
    due = date(2026, 4, 15)
    assert not is_overdue(due_on=due, answered_on=None, today=due)
    assert is_overdue(due_on=due, answered_on=None, today=due + timedelta(days=1))
    assert not is_overdue(due_on=due, answered_on=due + timedelta(days=5), today=due + timedelta(days=9))


def test_days_late_count_working_days_only():
    due = date(2026, 3, 20)  # Friday before Nauryz
    assert working_days_late(due, date(2026, 3, 25), calendar) == 0
    assert working_days_late(due, date(2026, 3, 26), calendar) == 1
    assert working_days_late(due, date(2026, 3, 10), calendar) == 0


def test_responsiveness_of_one_body():
    day = date(2026, 10, 1)
    records = [
        InquiryRecord(registered_on=day, due_on=date(2026, 10, 22), answered_on=date(2026, 10, 8), rating="formal"),
        InquiryRecord(
            registered_on=day, due_on=date(2026, 10, 22), answered_on=date(2026, 10, 29), rating="unsatisfactory"
        ),
        InquiryRecord(registered_on=day, due_on=date(2026, 10, 22), answered_on=None),  # overdue on 1 Nov
        InquiryRecord(registered_on=day, due_on=date(2026, 11, 30), answered_on=None),  # still within its term
        InquiryRecord(registered_on=day, due_on=date(2026, 10, 22), answered_on=None, withdrawn=True),
    ]
    r = responsiveness(records, today=date(2026, 11, 2), calendar=calendar)
    assert (r.received, r.answered, r.answered_on_time, r.overdue, r.due) == (4, 2, 1, 1, 3)
    # 1 Oct -> 8 Oct is 5 working days; 1 Oct -> 29 Oct is 19 (Republic Day moved to Monday 26 Oct).
    assert r.median_working_days == 12.0
    assert (r.rated, r.unsatisfactory) == (2, 1)
    assert r.on_time_share == pytest.approx(1 / 3)
    assert r.unsatisfactory_share == 0.5


def test_responsiveness_of_a_body_without_inquiries():
    r = responsiveness([], today=date(2026, 11, 2), calendar=calendar)
    assert (r.received, r.median_working_days, r.on_time_share, r.unsatisfactory_share) == (0, None, None, None)


@given(
    received=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    days=st.integers(min_value=1, max_value=60),
)
def test_the_deadline_is_exactly_n_working_days_after_registration(received, days):
    term = inquiry_deadline(received, days, calendar)
    assert calendar.is_working_day(term.registered_on)
    assert calendar.is_working_day(term.due_on)
    assert term.registered_on >= received
    assert calendar.working_days_between(term.registered_on, term.due_on) == days


@given(
    received=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30)),
    days=st.integers(min_value=1, max_value=40),
)
def test_a_longer_period_never_ends_earlier(received, days):
    assert inquiry_deadline(received, days, calendar).due_on < inquiry_deadline(received, days + 1, calendar).due_on


@pytest.mark.parametrize(
    "table",
    [workflow.INQUIRY, workflow.HEARING, workflow.INVESTIGATION, workflow.FOLLOW_UP],
    ids=lambda t: next(iter(t)),
)
def test_transition_tables_are_closed(table):
    states = set(table)
    assert set().union(*table.values()) <= states
    assert any(not targets for targets in table.values()), "a workflow has at least one final state"
    assert all(not workflow.allowed(table, s, s) for s in states), "no state moves to itself"


def test_an_inquiry_is_answered_then_rated_then_raised():
    assert workflow.allowed(workflow.INQUIRY, "registered", "answered")
    assert not workflow.allowed(workflow.INQUIRY, "registered", "rated")
    assert workflow.allowed(workflow.INQUIRY, "rated", "raised")
    assert not workflow.allowed(workflow.INQUIRY, "answered", "withdrawn")
