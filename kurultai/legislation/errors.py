"""Stable error codes of legislation (saleor's per-app ``error_codes.py``); clients branch on these."""

from __future__ import annotations

from enum import StrEnum


class LegislationErrorCode(StrEnum):
    # 403: who may act
    NOT_VERIFIED = "not_verified"
    NOT_A_DEPUTY_OR_STAFF = "not_a_deputy_or_committee_staff"
    # 404
    BILL_NOT_FOUND = "bill_not_found"
    VERSION_NOT_FOUND = "version_not_found"
    ACT_NOT_FOUND = "act_not_found"
    ACT_NOT_IN_FORCE = "act_not_in_force"
    AMENDMENT_NOT_FOUND = "amendment_not_found"
    COMMENT_NOT_FOUND = "comment_not_found"
    CONSULTATION_NOT_FOUND = "consultation_not_found"
    # 409: the state of a bill, a version or a consultation says no
    ILLEGAL_TRANSITION = "illegal_transition"
    CITIZEN_SUMMARY_REQUIRED = "citizen_summary_required"
    BILL_EXISTS = "bill_exists"
    ACT_EXISTS = "act_exists"
    BILL_FINAL = "bill_final"
    NO_CURRENT_VERSION = "no_current_version"
    AMENDMENT_CONFLICT = "amendment_conflict"
    AMENDMENT_OUTDATED = "amendment_outdated"
    AMENDMENT_DECIDED = "amendment_decided"
    NOTHING_TO_CONSOLIDATE = "nothing_to_consolidate"
    AMENDMENTS_CLOSED = "amendments_closed"
    CONSULTATION_EXISTS = "consultation_exists"
    CONSULTATION_CLOSED = "consultation_closed"
    CONSULTATION_OPEN = "consultation_still_open"
    NOT_ADOPTED = "bill_not_adopted"
    NOT_AN_AMENDING_BILL = "not_an_amending_bill"
    ACT_ALREADY_AMENDED = "act_already_amended"
    ACT_VERSION_EXISTS = "act_version_exists"
    COMMENT_HIDDEN = "comment_hidden"
    # 422: the input is wrong
    PARSE_ERROR = "parse_error"
    AKN_INVALID = "akn_invalid"
    TEXT_REQUIRED = "text_required"
    STRUCTURE_MISMATCH = "structure_mismatch"
    PROVISION_NOT_FOUND = "provision_not_found"
    INVALID_AMENDMENT = "invalid_amendment"
    UNKNOWN_STAGE = "unknown_stage"
    VOTE_EVENT_REQUIRED = "vote_event_required"
    NOT_A_COMMITTEE = "not_a_committee"
    AUTHOR_REQUIRED = "author_required"
    BAD_TERM = "bad_term"
    EMPTY_COMMENT = "empty_comment"
    UNKNOWN_REACTION = "unknown_reaction"
    BAD_DATE = "bad_date"
