"""The life of a bill as an explicit state machine: the stages and the transitions between them.

Pure core: no Django. The table is data a test can enumerate; the service
(``services.stage_transition``) refuses anything not in it with 409 ``illegal_transition``
and the allowed transitions.

The main line follows the three readings of the 2026 Constitution ("bills are considered in
three readings", [K15] in ../shared/data/law-kurultai.md, draft-stage)::

    registered -> in_committee -> first_reading -> amendment_period -> second_reading
               -> third_reading -> adopted -> sent_to_president -> signed
                                                               \\-> returned_with_objections

Choices the sources leave open, made here and documented in docs/legislation.md:

* **Withdrawn and rejected** are reachable from every *working* stage (registered to
  third_reading): the initiator may withdraw a bill until it is adopted, and the Kurultai may
  reject it by a majority of the total number of deputies ([K15]) at any reading, or refuse
  it on the committee's conclusion. After adoption only the President's answer moves it.
* **Returned with objections** leads to a second look: ``second_reading`` (the Kurultai
  amends the law along the objections; it then passes the third reading and is sent again),
  ``overridden`` (the Kurultai confirms the adopted wording by a qualified majority; the
  2026 majority was not found, the 1995 Constitution asked for two thirds) or ``rejected``
  (the objections are not overcome and the law is not adopted).
* **Overridden** goes on the signing path: the President signs the confirmed law
  (``overridden -> signed``); nothing else follows it.
* **Signed**, **withdrawn** and **rejected** are final.

Transitions decided by a plenary vote (the readings, rejection, the override) must name the
vote event; the others (referral to committee, the committee's conclusion, sending to the
President, his signature or objections, a withdrawal) carry the decision instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    REGISTERED = "registered"
    IN_COMMITTEE = "in_committee"
    FIRST_READING = "first_reading"
    AMENDMENT_PERIOD = "amendment_period"
    SECOND_READING = "second_reading"
    THIRD_READING = "third_reading"
    ADOPTED = "adopted"
    SENT_TO_PRESIDENT = "sent_to_president"
    SIGNED = "signed"
    RETURNED_WITH_OBJECTIONS = "returned_with_objections"
    OVERRIDDEN = "overridden"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"


# The stages in which the Kurultai is still working on the text.
WORKING: tuple[Stage, ...] = (
    Stage.REGISTERED,
    Stage.IN_COMMITTEE,
    Stage.FIRST_READING,
    Stage.AMENDMENT_PERIOD,
    Stage.SECOND_READING,
    Stage.THIRD_READING,
)
FINAL: frozenset[Stage] = frozenset({Stage.SIGNED, Stage.WITHDRAWN, Stage.REJECTED})

_MAIN_LINE: dict[Stage, tuple[Stage, ...]] = {
    Stage.REGISTERED: (Stage.IN_COMMITTEE,),
    Stage.IN_COMMITTEE: (Stage.FIRST_READING,),
    Stage.FIRST_READING: (Stage.AMENDMENT_PERIOD,),
    Stage.AMENDMENT_PERIOD: (Stage.SECOND_READING,),
    Stage.SECOND_READING: (Stage.THIRD_READING,),
    Stage.THIRD_READING: (Stage.ADOPTED,),
    Stage.ADOPTED: (Stage.SENT_TO_PRESIDENT,),
    Stage.SENT_TO_PRESIDENT: (Stage.SIGNED, Stage.RETURNED_WITH_OBJECTIONS),
    Stage.RETURNED_WITH_OBJECTIONS: (Stage.SECOND_READING, Stage.OVERRIDDEN, Stage.REJECTED),
    Stage.OVERRIDDEN: (Stage.SIGNED,),
}

# stage -> the stages it may move to, in the order a page offers them.
TRANSITIONS: dict[Stage, tuple[Stage, ...]] = {
    stage: _MAIN_LINE.get(stage, ())
    + tuple(s for s in (Stage.WITHDRAWN, Stage.REJECTED) if stage in WORKING and s not in _MAIN_LINE.get(stage, ()))
    for stage in Stage
}

# Transitions a plenary vote decides: they must name the vote event.
VOTED: frozenset[tuple[Stage, Stage]] = frozenset(
    {
        (Stage.FIRST_READING, Stage.AMENDMENT_PERIOD),
        (Stage.SECOND_READING, Stage.THIRD_READING),
        (Stage.THIRD_READING, Stage.ADOPTED),
        (Stage.RETURNED_WITH_OBJECTIONS, Stage.OVERRIDDEN),
    }
    | {(stage, Stage.REJECTED) for stage in (*WORKING, Stage.RETURNED_WITH_OBJECTIONS) if stage is not Stage.REGISTERED}
)

# A bill is adopted (a law) from here on, even if the President later returns it.
ADOPTED_OR_LATER: frozenset[Stage] = frozenset(
    {Stage.ADOPTED, Stage.SENT_TO_PRESIDENT, Stage.SIGNED, Stage.RETURNED_WITH_OBJECTIONS, Stage.OVERRIDDEN}
)


@dataclass(frozen=True)
class IllegalTransition(ValueError):
    """``current -> requested`` is not in the table; ``allowed`` says what is."""

    current: Stage
    requested: str
    allowed: tuple[Stage, ...]

    def __str__(self) -> str:
        options = ", ".join(s.value for s in self.allowed) or "none (the stage is final)"
        return f"A bill in stage {self.current.value} cannot move to {self.requested}; allowed: {options}."


def allowed(stage: Stage | str) -> tuple[Stage, ...]:
    """The stages a bill in ``stage`` may move to (empty for a final stage)."""
    return TRANSITIONS[Stage(stage)]


def is_allowed(current: Stage | str, requested: Stage | str) -> bool:
    return requested in {s.value for s in allowed(current)}


def check(current: Stage | str, requested: str) -> Stage:
    """The requested stage, if the table allows it; raises :class:`IllegalTransition` otherwise."""
    stage = Stage(current)
    if not is_allowed(stage, requested):
        raise IllegalTransition(stage, str(requested), allowed(stage))
    return Stage(requested)


def needs_vote(current: Stage | str, requested: Stage | str) -> bool:
    """Whether the transition is decided by a plenary vote (and must name the vote event)."""
    return (Stage(current), Stage(requested)) in VOTED


def is_final(stage: Stage | str) -> bool:
    return Stage(stage) in FINAL
