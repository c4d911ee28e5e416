"""Data retention rules as configuration (pure: the standard library only).

Each rule names one kind of personal data that is only needed for a while and says how many
days it is kept. ``DATA_RETENTION_DAYS`` in settings gives the days (environment variables
``KURULTAI_RETAIN_<RULE>_DAYS``); the background job (tasks.retention_sweep) applies them
nightly. Audit entries, appeals, signatures and the public record are not personal data in
this sense: they are records the law requires to keep, and they stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Rule:
    name: str
    default_days: int
    what: str


RULES: tuple[Rule, ...] = (
    Rule("read_notifications", 180, "in-app notifications the citizen has read"),
    Rule("signature_networks", 90, "the /24 or /48 network kept with a signature to detect bursts"),
    Rule("login_attempts", 30, "failed and successful log-in records (django-axes)"),
    Rule("revoked_tokens", 90, "API tokens after their revocation"),
    Rule("expired_sessions", 0, "sessions past their expiry"),
)
RULE_NAMES = frozenset(rule.name for rule in RULES)


class RetentionConfigError(ValueError):
    pass


def validated(config: Mapping[str, int]) -> dict[str, int]:
    """Every rule with its days; an unknown rule or a negative number is refused."""
    unknown = sorted(set(config) - RULE_NAMES)
    if unknown:
        raise RetentionConfigError(f"unknown retention rules: {', '.join(unknown)}")
    days = {rule.name: rule.default_days for rule in RULES}
    for name, value in config.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RetentionConfigError(f"retention of {name} must be a whole number of days, got {value!r}")
        days[name] = value
    return days


def cutoffs(config: Mapping[str, int], now: datetime) -> dict[str, datetime]:
    """For each rule, the instant before which its data goes."""
    return {name: now - timedelta(days=days) for name, days in validated(config).items()}
