"""The stage machine and the legal terms: pure data, enumerated (no database)."""

from __future__ import annotations

from collections import deque
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurultai.legislation import deadlines, stages
from kurultai.legislation.stages import FINAL, TRANSITIONS, WORKING, Stage

ALL_PAIRS = [(a, b) for a in Stage for b in Stage]
ILLEGAL = [(a, b) for a, b in ALL_PAIRS if b not in TRANSITIONS[a]]


def test_the_main_line_of_three_readings():
    line = [Stage.REGISTERED]
    while TRANSITIONS[line[-1]] and TRANSITIONS[line[-1]][0] not in line:
        line.append(TRANSITIONS[line[-1]][0])
    assert line == [
        Stage.REGISTERED,
        Stage.IN_COMMITTEE,
        Stage.FIRST_READING,
        Stage.AMENDMENT_PERIOD,
        Stage.SECOND_READING,
        Stage.THIRD_READING,
        Stage.ADOPTED,
        Stage.SENT_TO_PRESIDENT,
        Stage.SIGNED,
    ]


def test_every_stage_is_reachable_from_registration():
    seen = {Stage.REGISTERED}
    queue = deque([Stage.REGISTERED])
    while queue:
        for nxt in TRANSITIONS[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    assert seen == set(Stage)


@pytest.mark.parametrize("stage", WORKING)
def test_a_working_bill_can_be_withdrawn_or_rejected(stage):
    assert {Stage.WITHDRAWN, Stage.REJECTED} <= set(TRANSITIONS[stage])


@pytest.mark.parametrize("stage", sorted(FINAL))
def test_final_stages_lead_nowhere(stage):
    assert TRANSITIONS[stage] == ()
    assert stages.is_final(stage)


def test_after_adoption_only_the_president_moves_it():
    assert TRANSITIONS[Stage.ADOPTED] == (Stage.SENT_TO_PRESIDENT,)
    assert set(TRANSITIONS[Stage.SENT_TO_PRESIDENT]) == {Stage.SIGNED, Stage.RETURNED_WITH_OBJECTIONS}
    assert set(TRANSITIONS[Stage.RETURNED_WITH_OBJECTIONS]) == {Stage.SECOND_READING, Stage.OVERRIDDEN, Stage.REJECTED}
    assert TRANSITIONS[Stage.OVERRIDDEN] == (Stage.SIGNED,)


@pytest.mark.parametrize(("current", "requested"), ILLEGAL)
def test_every_illegal_transition_names_the_allowed_ones(current, requested):
    with pytest.raises(stages.IllegalTransition) as caught:
        stages.check(current, requested)
    assert caught.value.allowed == TRANSITIONS[current]
    assert caught.value.current is current


def test_unknown_stage_names_are_illegal():
    with pytest.raises(stages.IllegalTransition):
        stages.check(Stage.REGISTERED, "enacted")


def test_votes_decide_the_readings_rejection_and_the_override():
    assert stages.needs_vote(Stage.FIRST_READING, Stage.AMENDMENT_PERIOD)
    assert stages.needs_vote(Stage.THIRD_READING, Stage.ADOPTED)
    assert stages.needs_vote(Stage.RETURNED_WITH_OBJECTIONS, Stage.OVERRIDDEN)
    assert stages.needs_vote(Stage.SECOND_READING, Stage.REJECTED)
    assert not stages.needs_vote(Stage.REGISTERED, Stage.IN_COMMITTEE)
    assert not stages.needs_vote(Stage.SENT_TO_PRESIDENT, Stage.SIGNED)
    assert all(b in TRANSITIONS[a] for a, b in stages.VOTED)


@given(st.lists(st.integers(min_value=0, max_value=12), max_size=30))
def test_a_walk_along_allowed_transitions_always_stays_in_the_table(choices):
    stage = Stage.REGISTERED
    for choice in choices:
        options = TRANSITIONS[stage]
        if not options:
            assert stages.is_final(stage)
            break
        stage = stages.check(stage, options[choice % len(options)])


# ---------------------------------------------------------------- terms


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 10, 16), 1, date(2026, 11, 16)),
        (date(2026, 11, 30), 2, date(2027, 1, 30)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_month_end(start, months, expected):
    assert deadlines.add_months(start, months) == expected


def test_the_shipped_terms_and_their_citations():
    terms = deadlines.configured(None)
    assert terms["send_to_president"].due(date(2026, 10, 13)) == date(2026, 10, 23)
    assert terms["president_decision"].due(date(2026, 10, 16)) == date(2026, 11, 16)
    assert terms["priority"].due(date(2026, 11, 16)) == date(2027, 1, 16)
    assert terms["president_decision"].assumed
    assert "1995-Constitution value: one month" in terms["president_decision"].citation
    assert "2026 text not found" in terms["president_decision"].citation


def test_configuration_replaces_a_term_and_refuses_bad_values():
    terms = deadlines.configured({"president_decision": {"days": 30, "months": 0, "citation": "Constitution, Art. 44"}})
    assert terms["president_decision"].due(date(2026, 10, 16)) == date(2026, 11, 15)
    for bad in (
        {"president_term": {"months": 1}},
        {"priority": {"months": -1}},
        {"priority": {"months": "two"}},
        {"priority": {"citation": ""}},
        {"priority": {"weeks": 8}},
    ):
        with pytest.raises(ValueError):
            deadlines.configured(bad)
