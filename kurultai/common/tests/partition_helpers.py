"""What the partitioning tests of ledger, plenary and participation share: catalog reads and migrating an app."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def catalog(sql: str, params: list[object] | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def migrate(app: str, name: str | None = None) -> None:
    """Migrate ``app`` to ``name``, or to its latest migration (later ones may build on the partitions)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([(app, name)] if name else executor.loader.graph.leaf_nodes(app))
