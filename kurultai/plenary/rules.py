"""The rules of a plenary sitting as configuration, with their citations (pure core, no Django).

Quorum, the majority each question type needs, whether a ballot may be changed while the
vote is open, and the allowed state transitions of sittings and vote events are data here,
so a test can enumerate them and a page can show where each rule comes from.

Every decision is exact integer arithmetic: "more than a half" of N is ``2·yes > N`` and
"at least two thirds" of N is ``3·yes ≥ 2·N``, never a float compared with a float.

The 2026 Constitution's text on quorum and majorities was not found
(shared/data/law-kurultai.md, "NOT FOUND"): the values below are the 1995 Constitution's,
kept as configuration until the Kurultai's own constitutional law is published.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class RuleError(ValueError):
    """A value the rules refuse; the message is one sentence."""


class Base(StrEnum):
    """What a share is counted of."""

    TOTAL = "total"  # the total number of deputies (the seats of the convocation)
    PRESENT = "present"  # the deputies registered at the sitting


@dataclass(frozen=True, slots=True)
class Threshold:
    """``numerator/denominator`` of a base; ``strict`` means "more than", otherwise "at least"."""

    numerator: int
    denominator: int
    base: Base
    strict: bool

    def __post_init__(self) -> None:
        if not 0 < self.numerator <= self.denominator:
            raise ValueError("a threshold is a fraction in (0, 1]")

    def base_size(self, *, total: int, present: int) -> int:
        return total if self.base is Base.TOTAL else present

    def needed(self, *, total: int, present: int) -> int:
        """The smallest count that meets the threshold."""
        size = self.base_size(total=total, present=present)
        if self.strict:
            return self.numerator * size // self.denominator + 1
        return -(-self.numerator * size // self.denominator)

    def met(self, count: int, *, total: int, present: int) -> bool:
        size = self.base_size(total=total, present=present)
        if self.strict:
            return count * self.denominator > self.numerator * size
        return count * self.denominator >= self.numerator * size


MAJORITY_OF_TOTAL = Threshold(1, 2, Base.TOTAL, strict=True)
TWO_THIRDS_OF_TOTAL = Threshold(2, 3, Base.TOTAL, strict=False)
MAJORITY_OF_PRESENT = Threshold(1, 2, Base.PRESENT, strict=True)

NOT_FOUND_2026 = "The 2026 Constitution's rule was not found (shared/data/law-kurultai.md)."

# 1995 Constitution, Art. 59(5): joint and separate sittings of the chambers are competent
# when at least two thirds of the total number of deputies of each chamber are present.
QUORUM = TWO_THIRDS_OF_TOTAL
QUORUM_CITATION = "Constitution of 1995, Art. 59(5): at least two thirds of the total number of deputies present."


class QuestionType(StrEnum):
    ORDINARY_LAW = "ordinary_law"
    BILL_REJECTION = "bill_rejection"
    CONSTITUTIONAL_LAW = "constitutional_law"
    VETO_OVERRIDE = "veto_override"
    RESOLUTION = "resolution"
    APPOINTMENT = "appointment"
    NO_CONFIDENCE = "no_confidence"
    PROCEDURAL = "procedural"


@dataclass(frozen=True, slots=True)
class QuestionRule:
    question_type: QuestionType
    threshold: Threshold
    citation: str
    # Whether a deputy may change a ballot while the vote is open. No rule found allows it.
    allow_change: bool = False


QUESTION_RULES: Mapping[QuestionType, QuestionRule] = {
    rule.question_type: rule
    for rule in (
        QuestionRule(
            QuestionType.ORDINARY_LAW,
            MAJORITY_OF_TOTAL,
            "Constitution of 1995, Art. 62(5): laws are adopted by a majority of the total number of deputies. "
            + NOT_FOUND_2026,
        ),
        QuestionRule(
            QuestionType.BILL_REJECTION,
            MAJORITY_OF_TOTAL,
            "Constitution of 2026 (draft, [K15] in shared/data/law-kurultai.md): the Kurultai rejects a bill "
            "by a majority of the total number of deputies.",
        ),
        QuestionRule(
            QuestionType.CONSTITUTIONAL_LAW,
            TWO_THIRDS_OF_TOTAL,
            "Constitution of 1995, Art. 62(4): constitutional laws need at least two thirds of the total number "
            "of deputies. " + NOT_FOUND_2026,
        ),
        QuestionRule(
            QuestionType.VETO_OVERRIDE,
            TWO_THIRDS_OF_TOTAL,
            "Constitution of 1995: the President's objections are overcome by two thirds of the total number "
            "of deputies ([K18], context only). " + NOT_FOUND_2026,
        ),
        QuestionRule(
            QuestionType.RESOLUTION,
            MAJORITY_OF_TOTAL,
            "Constitution of 1995, Art. 62(5): resolutions are adopted by a majority of the total number of "
            "deputies unless the Constitution says otherwise. " + NOT_FOUND_2026,
        ),
        QuestionRule(
            QuestionType.APPOINTMENT,
            MAJORITY_OF_TOTAL,
            "Constitution of 2026 (draft, [K9]): consent to an appointment by a majority vote of the deputies; "
            "counted of the total number.",
        ),
        QuestionRule(
            QuestionType.NO_CONFIDENCE,
            MAJORITY_OF_TOTAL,
            "Constitution of 1995, Art. 62(5) (majority of the total number of deputies). " + NOT_FOUND_2026,
        ),
        QuestionRule(
            QuestionType.PROCEDURAL,
            MAJORITY_OF_PRESENT,
            "Procedural questions: a majority of the deputies present (parliamentary practice; a configurable "
            "default). " + NOT_FOUND_2026,
        ),
    )
}


def rule_for(question_type: str) -> QuestionRule:
    try:
        return QUESTION_RULES[QuestionType(question_type)]
    except ValueError:
        raise RuleError(f"{question_type!r} is not a question type.") from None


# ---------------------------------------------------------------- options (Popolo)


class Option(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    NOT_VOTING = "not voting"  # registered at the sitting, cast no ballot
    ABSENT = "absent"  # not registered at the sitting


BALLOT_OPTIONS = (Option.YES, Option.NO, Option.ABSTAIN)
ALL_OPTIONS = (*BALLOT_OPTIONS, Option.NOT_VOTING, Option.ABSENT)


def ballot_option(value: str) -> Option:
    """A castable option, or RuleError: "not voting" and "absent" are recorded, never cast."""
    try:
        option = Option(value)
    except ValueError:
        raise RuleError(f"{value!r} is not a ballot option; use yes, no or abstain.") from None
    if option not in BALLOT_OPTIONS:
        raise RuleError(f"{value!r} is not a ballot option; use yes, no or abstain.")
    return option


# ---------------------------------------------------------------- states


class SittingState(StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"


class VoteState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"


SITTING_TRANSITIONS: frozenset[tuple[SittingState, SittingState]] = frozenset(
    {(SittingState.SCHEDULED, SittingState.OPEN), (SittingState.OPEN, SittingState.CLOSED)}
)
VOTE_TRANSITIONS: frozenset[tuple[VoteState, VoteState]] = frozenset(
    {
        (VoteState.DRAFT, VoteState.OPEN),
        (VoteState.OPEN, VoteState.CLOSED),
        (VoteState.CLOSED, VoteState.PUBLISHED),
    }
)


def can_transition(table: frozenset[tuple[StrEnum, StrEnum]], current: str, target: str) -> bool:
    return any(a == current and b == target for a, b in table)


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Tally:
    yes: int = 0
    no: int = 0
    abstain: int = 0
    not_voting: int = 0
    absent: int = 0

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def present(self) -> int:
        return self.cast + self.not_voting

    def as_counts(self) -> list[tuple[Option, int]]:
        return [
            (Option.YES, self.yes),
            (Option.NO, self.no),
            (Option.ABSTAIN, self.abstain),
            (Option.NOT_VOTING, self.not_voting),
            (Option.ABSENT, self.absent),
        ]


@dataclass(frozen=True, slots=True)
class Decision:
    passed: bool
    needed: int  # yes votes needed to pass
    base_size: int  # the number the share was counted of


def quorum_needed(total: int) -> int:
    return QUORUM.needed(total=total, present=0)


def quorum_met(present: int, total: int) -> bool:
    return QUORUM.met(present, total=total, present=present)


def decide(rule: QuestionRule, tally: Tally, *, total: int) -> Decision:
    """Pass or fail: the yes votes against the rule's threshold of the total or of those present."""
    present = tally.present
    return Decision(
        passed=rule.threshold.met(tally.yes, total=total, present=present),
        needed=rule.threshold.needed(total=total, present=present),
        base_size=rule.threshold.base_size(total=total, present=present),
    )


@dataclass(frozen=True, slots=True)
class Voter:
    """A deputy in a roll call: public identifier, faction (or None) and display order key."""

    deputy: str
    group: str | None


@dataclass(frozen=True, slots=True)
class RollCallRow:
    deputy: str
    group: str | None
    option: Option
    dissent: bool  # cast a ballot other than the faction majority's option


@dataclass(frozen=True, slots=True)
class GroupResult:
    group: str
    tally: Tally
    majority: Option | None  # the option most of the group's ballots chose; None on a tie or no ballots


def group_majority(options: Iterable[Option]) -> Option | None:
    """The ballot option chosen by more of the group than any other; a tie has no majority line."""
    counts = Counter(o for o in options if o in BALLOT_OPTIONS).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def tally_of(options: Iterable[Option]) -> Tally:
    c = Counter(options)
    return Tally(
        yes=c[Option.YES],
        no=c[Option.NO],
        abstain=c[Option.ABSTAIN],
        not_voting=c[Option.NOT_VOTING],
        absent=c[Option.ABSENT],
    )


def roll_call(
    voters: Iterable[Voter], *, registered: set[str], ballots: Mapping[str, str]
) -> tuple[list[RollCallRow], list[GroupResult]]:
    """Every deputy's option (a ballot, else ``not voting`` if registered, else ``absent``) and each group's result.

    ``voters`` is every deputy who held a seat on the day, in display order; a ballot of
    someone not in it is ignored (it cannot exist: ballots need a registration).
    """
    voters = list(voters)
    options: dict[str, Option] = {}
    for v in voters:
        if v.deputy in ballots:
            options[v.deputy] = Option(ballots[v.deputy])
        elif v.deputy in registered:
            options[v.deputy] = Option.NOT_VOTING
        else:
            options[v.deputy] = Option.ABSENT
    by_group: dict[str, list[Option]] = {}
    for v in voters:
        if v.group is not None:
            by_group.setdefault(v.group, []).append(options[v.deputy])
    groups = [GroupResult(group=g, tally=tally_of(opts), majority=group_majority(opts)) for g, opts in by_group.items()]
    majority = {g.group: g.majority for g in groups}
    rows = [
        RollCallRow(
            deputy=v.deputy,
            group=v.group,
            option=options[v.deputy],
            dissent=(
                v.group is not None
                and options[v.deputy] in BALLOT_OPTIONS
                and majority.get(v.group) is not None
                and options[v.deputy] != majority[v.group]
            ),
        )
        for v in voters
    ]
    return rows, groups
