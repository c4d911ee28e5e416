"""Configurable rules of citizen participation with their defaults and citations (pure, no Django).

An administrator overrides a value in the ``ParticipationRule`` table (admin site), which wins
over the default here; the citation travels with the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["DEFAULTS", "Rule", "RuleKey"]


class RuleKey(StrEnum):
    PARLIAMENT_PETITION_THRESHOLD = "parliament_petition_threshold"
    SIGN_RATE_PER_ACCOUNT_PER_HOUR = "sign_rate_per_account_per_hour"
    SIGN_RATE_PER_IP_PER_MINUTE = "sign_rate_per_ip_per_minute"
    BURST_SIGNATURES = "burst_signatures"
    BURST_WINDOW_MINUTES = "burst_window_minutes"
    REMINDER_WORKING_DAYS = "reminder_working_days"


@dataclass(frozen=True, slots=True)
class Rule:
    key: str
    value: int
    citation: str


DEFAULTS: dict[str, Rule] = {
    r.key: r
    for r in (
        Rule(
            RuleKey.PARLIAMENT_PETITION_THRESHOLD,
            50_000,
            "No threshold for e-petitions to the Kurultai was found; the default is the Government's 50,000 "
            '(Law "On Public Control", 2 October 2023 [A9][A10][A11]).',
        ),
        Rule(
            RuleKey.SIGN_RATE_PER_ACCOUNT_PER_HOUR,
            60,
            "Platform rule against automated signing: at most this many signatures per account per hour.",
        ),
        Rule(
            RuleKey.SIGN_RATE_PER_IP_PER_MINUTE,
            120,
            "Platform rule against automated signing: at most this many signatures per IP address per minute "
            "(a household or an office shares one address, so it is generous).",
        ),
        Rule(
            RuleKey.BURST_SIGNATURES,
            30,
            "Signatures for one petition from one network within the burst window that flag it for moderators.",
        ),
        Rule(RuleKey.BURST_WINDOW_MINUTES, 10, "The window in which a burst from one network is counted."),
        Rule(
            RuleKey.REMINDER_WORKING_DAYS,
            2,
            "The addressee of an appeal is reminded this many working days before the answer is due.",
        ),
    )
}
