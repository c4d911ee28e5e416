"""Roles are Django groups; their names are stable identifiers used in code and data."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CITIZEN = "citizen"
    DEPUTY = "deputy"
    COMMITTEE_STAFF = "committee_staff"
    CLERK = "clerk"
    MODERATOR = "moderator"
    GOVERNMENT_RESPONDENT = "government_respondent"
    MASLIKHAT_DELEGATE = "maslikhat_delegate"
    PARTY_OPERATOR = "party_operator"
    ADMIN = "admin"


# A deputy's ballot, a clerk's opening of a vote and an admin's configuration are too
# consequential for a password alone.
ROLES_REQUIRING_TOTP = frozenset({Role.DEPUTY, Role.CLERK, Role.ADMIN})
