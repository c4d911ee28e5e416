"""Fixtures for the public record: entries written by the real service, and a way to tamper with them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from kurultai.ledger import selectors
from kurultai.ledger.models import LedgerEntry
from kurultai.ledger.services import ledger_append

OPTIONS = ("yes", "no", "abstain")


@pytest.fixture
def ballots(db) -> Callable[[int], list[LedgerEntry]]:
    """Append n ballot-like entries after whatever the log holds (the demo may hold some)."""

    def append(n: int) -> list[LedgerEntry]:
        start = selectors.log_size()
        return [
            ledger_append(
                kind="test.ballot.cast",
                data={
                    "vote_event": f"test-ve-{(start + i) // 145}",
                    "deputy": f"demo-deputy-{(start + i) % 145:03d}",
                    "option": OPTIONS[(start + i) % 3],
                },
            )
            for i in range(n)
        ]

    return append


@pytest.fixture
def tamper(db) -> Callable[..., None]:
    """Run raw SQL past the append-only rule, as someone with database access could.

    On PostgreSQL the append-only triggers are switched off for this transaction only
    (session_replication_role, which needs a superuser, as the test database has);
    SQLite has no triggers to switch off.
    """

    def run(sql: str, params: list[object]) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = origin")

    return run
