"""Stable error codes of citizen participation (saleor's per-app ``error_codes.py``)."""

from __future__ import annotations

from enum import StrEnum


class ParticipationErrorCode(StrEnum):
    NOT_VERIFIED = "not_verified"
    UNDER_AGE = "under_age"
    INVALID_TEXT = "invalid_text"
    INVALID_ADDRESSEE = "invalid_addressee"
    INVALID_CATEGORY = "invalid_category"
    INVALID_TRANSITION = "invalid_transition"
    INVALID_DATE = "invalid_date"
    INVALID_RATING = "invalid_rating"
    INVALID_REASON = "invalid_reason"
    NOT_ADDRESSEE = "not_addressee"
    NOT_AUTHOR = "not_author"
    DEADLINE_PASSED = "deadline_passed"
    ALREADY_EXTENDED = "already_extended"
    ATTACHMENT_TOO_LARGE = "attachment_too_large"
    ATTACHMENT_TYPE = "attachment_type_not_allowed"
    TOO_MANY_ATTACHMENTS = "too_many_attachments"
    STORAGE_FULL = "storage_full"
    ALREADY_SIGNED = "already_signed"
    NOT_COLLECTING = "not_collecting"
    POPULATION_UNKNOWN = "population_unknown"
    DISTRICT_TOO_SMALL = "district_too_small"
    ALREADY_SUPPORTED = "already_supported"
    ALREADY_SUBSCRIBED = "already_subscribed"
    INVALID_SUBSCRIPTION = "invalid_subscription"
    INVALID_TOKEN = "invalid_unsubscribe_token"  # noqa: S105 - an error code, not a secret
    ALREADY_REPORTED = "already_reported"
    INVALID_CONTENT = "invalid_content"
    NOT_HIDDEN = "not_hidden"
    ALREADY_HIDDEN = "already_hidden"
    INVALID_NETWORK = "invalid_network"
