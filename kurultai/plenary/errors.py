"""Stable error codes of plenary (saleor's per-app ``error_codes.py``); clients branch on these."""

from __future__ import annotations

from enum import StrEnum


class PlenaryErrorCode(StrEnum):
    # 403: who may act
    NOT_A_DEPUTY = "not_a_deputy"
    NOT_OWN_BALLOT = "not_own_ballot"
    NOT_OWN_REGISTRATION = "not_own_registration"
    TOTP_REQUIRED = "totp_required"
    # 409: the state of a sitting or a vote says no
    SITTING_NOT_OPEN = "sitting_not_open"
    SITTING_BAD_TRANSITION = "sitting_bad_transition"
    SITTING_HAS_OPEN_VOTE = "sitting_has_open_vote"
    SITTING_EXISTS = "sitting_exists"
    VOTE_NOT_OPEN = "vote_not_open"
    VOTE_CLOSED = "vote_closed"
    VOTE_TIME_OVER = "vote_time_over"
    VOTE_BAD_TRANSITION = "vote_bad_transition"
    VOTE_ALREADY_OPEN = "another_vote_open"
    VOTE_EXISTS = "vote_exists"
    NO_QUORUM = "no_quorum"
    NOT_REGISTERED = "not_registered"
    ALREADY_REGISTERED = "already_registered"
    ALREADY_VOTED = "already_voted"
    # 422: the input is wrong
    UNKNOWN_OPTION = "unknown_option"
    UNKNOWN_QUESTION_TYPE = "unknown_question_type"
    UNKNOWN_DEPUTY = "unknown_deputy"
    BAD_DURATION = "bad_duration"
    FILTER_REQUIRED = "filter_required"
