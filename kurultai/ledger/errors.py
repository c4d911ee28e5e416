"""Stable error codes of the public record (saleor's per-app ``error_codes.py``)."""

from __future__ import annotations

from enum import StrEnum


class LedgerErrorCode(StrEnum):
    INVALID_LEAF = "ledger_invalid_leaf"
    UNKNOWN_ENTRY = "ledger_unknown_entry"
    BAD_TREE_SIZE = "ledger_bad_tree_size"
    NO_TREE_HEAD = "ledger_no_tree_head"
    INCONSISTENT = "ledger_inconsistent"
