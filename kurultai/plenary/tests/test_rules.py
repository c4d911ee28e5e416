"""The plenary rules core: quorum and majorities at their limits, options, transitions, roll calls. No database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurultai.plenary import rules
from kurultai.plenary.rules import Option, QuestionType, SittingState, Tally, VoteState

TOTAL = 145


def yes(n: int, *, present: int = TOTAL) -> Tally:
    """``n`` yes votes, the rest of those present voting no."""
    return Tally(yes=n, no=present - n, absent=TOTAL - present)


@pytest.mark.parametrize(
    ("question_type", "yes_votes", "passed"),
    [
        # A majority of the total number of deputies: more than 72.5.
        ("ordinary_law", 73, True),
        ("ordinary_law", 72, False),
        ("bill_rejection", 73, True),
        ("bill_rejection", 72, False),
        ("resolution", 73, True),
        ("no_confidence", 72, False),
        ("appointment", 73, True),
        # Two thirds of the total: at least 96.67, so 97.
        ("constitutional_law", 97, True),
        ("constitutional_law", 96, False),
        ("veto_override", 97, True),
        ("veto_override", 96, False),
    ],
)
def test_majorities_of_the_total_at_their_limits(question_type, yes_votes, passed):
    decision = rules.decide(rules.rule_for(question_type), yes(yes_votes), total=TOTAL)
    assert decision.passed is passed
    assert decision.base_size == TOTAL


def test_votes_needed_of_145():
    needed = {t.value: rules.decide(rules.rule_for(t), Tally(), total=TOTAL).needed for t in QuestionType}
    assert needed["ordinary_law"] == 73
    assert needed["constitutional_law"] == 97
    assert needed["veto_override"] == 97


@pytest.mark.parametrize(
    ("present", "yes_votes", "passed"),
    [(100, 51, True), (100, 50, False), (101, 51, True), (101, 50, False), (97, 49, True), (97, 48, False)],
)
def test_a_procedural_majority_is_counted_of_those_present(present, yes_votes, passed):
    decision = rules.decide(rules.rule_for("procedural"), yes(yes_votes, present=present), total=TOTAL)
    assert decision.passed is passed
    assert decision.base_size == present


def test_not_voting_deputies_count_as_present_for_a_procedural_majority():
    tally = Tally(yes=50, no=40, abstain=5, not_voting=5, absent=45)
    assert tally.present == 100
    assert rules.decide(rules.rule_for("procedural"), tally, total=TOTAL).passed is False


def test_abstentions_and_absences_never_help_a_majority_of_the_total():
    tally = Tally(yes=72, no=0, abstain=0, not_voting=0, absent=73)
    assert rules.decide(rules.rule_for("ordinary_law"), tally, total=TOTAL).passed is False


@pytest.mark.parametrize(("present", "met"), [(97, True), (96, False), (145, True), (0, False)])
def test_quorum_is_two_thirds_of_the_total(present, met):
    assert rules.quorum_needed(TOTAL) == 97
    assert rules.quorum_met(present, TOTAL) is met


def test_the_quorum_cites_the_1995_constitution_and_every_rule_has_a_citation():
    assert "1995" in rules.QUORUM_CITATION
    assert "not found" in rules.NOT_FOUND_2026
    assert all(rule.citation for rule in rules.QUESTION_RULES.values())
    assert set(rules.QUESTION_RULES) == set(QuestionType)


def test_no_question_type_allows_changing_a_ballot_by_default():
    assert not any(rule.allow_change for rule in rules.QUESTION_RULES.values())


@given(
    total=st.integers(min_value=1, max_value=1000),
    present=st.integers(min_value=0, max_value=1000),
    rule=st.sampled_from(list(rules.QUESTION_RULES.values())),
)
def test_needed_is_the_smallest_count_that_meets_the_threshold(total, present, rule):
    t = rule.threshold
    needed = t.needed(total=total, present=present)
    assert t.met(needed, total=total, present=present)
    assert not t.met(needed - 1, total=total, present=present)


@given(st.integers(min_value=1, max_value=1000))
def test_quorum_matches_the_ceiling_of_two_thirds(total):
    # ceil(2n/3) by integers only.
    assert rules.quorum_needed(total) == (2 * total + 2) // 3


def test_unknown_question_type_is_a_rule_error():
    with pytest.raises(rules.RuleError):
        rules.rule_for("referendum")


def test_a_threshold_is_a_proper_fraction():
    with pytest.raises(ValueError):
        rules.Threshold(3, 2, rules.Base.TOTAL, strict=False)


# ---------------------------------------------------------------- options


@pytest.mark.parametrize("value", ["yes", "no", "abstain"])
def test_ballot_options(value):
    assert rules.ballot_option(value) == Option(value)


@pytest.mark.parametrize("value", ["not voting", "absent", "paired", "YES", "", "да"])
def test_only_yes_no_and_abstain_are_cast(value):
    with pytest.raises(rules.RuleError):
        rules.ballot_option(value)


# ---------------------------------------------------------------- states


def test_sitting_transitions_are_scheduled_open_closed():
    allowed = {
        (a, b) for a in SittingState for b in SittingState if rules.can_transition(rules.SITTING_TRANSITIONS, a, b)
    }
    assert allowed == {(SittingState.SCHEDULED, SittingState.OPEN), (SittingState.OPEN, SittingState.CLOSED)}


def test_vote_transitions_are_draft_open_closed_published():
    allowed = {(a, b) for a in VoteState for b in VoteState if rules.can_transition(rules.VOTE_TRANSITIONS, a, b)}
    assert allowed == {
        (VoteState.DRAFT, VoteState.OPEN),
        (VoteState.OPEN, VoteState.CLOSED),
        (VoteState.CLOSED, VoteState.PUBLISHED),
    }


# ---------------------------------------------------------------- roll calls


def test_roll_call_gives_every_deputy_an_option_and_flags_dissent():
    voters = [rules.Voter(f"d{i}", "big" if i < 6 else "small") for i in range(9)] + [rules.Voter("ind", None)]
    ballots = {"d0": "yes", "d1": "yes", "d2": "yes", "d3": "no", "d6": "no", "d7": "abstain", "ind": "no"}
    rows, groups = rules.roll_call(
        voters, registered={"d0", "d1", "d2", "d3", "d4", "d6", "d7", "ind"}, ballots=ballots
    )
    options = {r.deputy: r.option for r in rows}
    assert len(rows) == len(voters)
    assert options["d4"] is Option.NOT_VOTING
    assert options["d5"] is Option.ABSENT
    assert options["d8"] is Option.ABSENT
    assert {r.deputy for r in rows if r.dissent} == {"d3"}
    by_group = {g.group: g for g in groups}
    assert by_group["big"].majority is Option.YES
    assert by_group["big"].tally == Tally(yes=3, no=1, not_voting=1, absent=1)
    # "small" is split one no, one abstain: no majority line, so nobody dissents from it.
    assert by_group["small"].majority is None


def test_group_majority_ignores_not_voting_and_absent():
    assert rules.group_majority([Option.ABSENT] * 5 + [Option.NO]) is Option.NO
    assert rules.group_majority([Option.ABSENT, Option.NOT_VOTING]) is None
    assert rules.group_majority([Option.YES, Option.NO]) is None


@given(st.lists(st.sampled_from(list(rules.ALL_OPTIONS)), min_size=1, max_size=200))
def test_roll_call_counts_sum_to_the_seated_deputies(options):
    voters = [rules.Voter(f"d{i}", f"g{i % 3}") for i in range(len(options))]
    ballots = {v.deputy: o.value for v, o in zip(voters, options, strict=True) if o in rules.BALLOT_OPTIONS}
    registered = {v.deputy for v, o in zip(voters, options, strict=True) if o is not Option.ABSENT}
    rows, groups = rules.roll_call(voters, registered=registered, ballots=ballots)
    assert [r.option for r in rows] == options
    assert sum(g.tally.present + g.tally.absent for g in groups) == len(options)
    tally = rules.tally_of(r.option for r in rows)
    assert tally.present + tally.absent == len(options)
