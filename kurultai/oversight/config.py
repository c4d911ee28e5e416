"""Rules of committee work and oversight kept as configuration, each with its citation.

Pure data, no Django. These are the shipped defaults; an administrator changes a value (and
its citation) in the ``OversightRule`` table, which wins over the default here. Where the 2026
rule was not found the default is said to be one, on every page that applies it
(../shared/data/README.md: "Where a rule is 'not found' ... keep it as configuration with a
citation field ... and say so on the page that applies it").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RuleKey(StrEnum):
    MAX_STANDING_COMMITTEES = "max_standing_committees"
    STANDING_COMMITTEES_PER_DEPUTY = "standing_committees_per_deputy"
    INQUIRY_ANSWER_WORKING_DAYS = "inquiry_answer_working_days"


class RuleStatus(StrEnum):
    CONFIRMED = "confirmed"  # stated in a cited source
    DRAFT_STAGE = "draft_stage"  # stated about the draft Constitution, not re-checked
    NOT_FOUND = "not_found"  # no 2026 source: the value is a default, and pages say so


@dataclass(frozen=True, slots=True)
class Rule:
    key: str
    value: int
    citation: str
    status: str

    @property
    def found(self) -> bool:
        return self.status != RuleStatus.NOT_FOUND


DEFAULTS: dict[str, Rule] = {
    r.key: r
    for r in (
        Rule(
            key=RuleKey.MAX_STANDING_COMMITTEES,
            value=8,
            citation=(
                "The number of committees of the Kurultai is not to exceed eight: the President's address "
                "to the V National Kurultai, 20 January 2026 [K12] (shared/data/law-kurultai.md); "
                "the constitutional law on the Kurultai that will fix it was not found. "
                'The 1995-era Law "On committees and commissions of Parliament", Art. 4, allowed 7 per chamber [C7].'
            ),
            status=RuleStatus.DRAFT_STAGE,
        ),
        Rule(
            key=RuleKey.STANDING_COMMITTEES_PER_DEPUTY,
            value=1,
            citation=(
                "Each deputy sits on one standing committee: the practice of the Mazhilis carried into the "
                "Kurultai design (issue 8). No 2026 source was found for the rule; it is a default."
            ),
            status=RuleStatus.NOT_FOUND,
        ),
        Rule(
            key=RuleKey.INQUIRY_ANSWER_WORKING_DAYS,
            value=15,
            citation=(
                "The answer deadline for a deputy inquiry under the 2026 Constitution was not found "
                "(shared/data/law-kurultai.md). Default: 15 working days, the deadline for citizens' appeals "
                "(Administrative Procedural and Process Code, Art. 76 [A1])."
            ),
            status=RuleStatus.NOT_FOUND,
        ),
    )
}
