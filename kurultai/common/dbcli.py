"""``kurultai db partitions``: list the partitioned tables and keep range partitions ahead of the data.

No Django at import time: ``setup`` (the CLI's django_setup) runs inside the command.
Exit codes: 0 done, 1 the database is not set up, 2 bad usage.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated

import typer

from kurultai.common.errors import DATABASE_NOT_SET_UP


def register(app: typer.Typer, *, setup: Callable[[], None]) -> None:
    db_app = typer.Typer(help="The database: partitions of the large tables.", no_args_is_help=True)
    app.add_typer(db_app, name="db")

    @db_app.command("partitions")
    def partitions_command(
        ensure: Annotated[
            bool, typer.Option("--ensure", help="First create the range partitions that should be ready ahead.")
        ] = False,
        schedule: Annotated[
            bool, typer.Option("--schedule", help="Only make sure the nightly --ensure job is queued (for the worker).")
        ] = False,
        exact: Annotated[
            bool, typer.Option("--exact", help="Count rows exactly instead of the planner's estimate.")
        ] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """List partitioned tables with their partitions and rows (PostgreSQL; SQLite has none)."""
        setup()
        from django.db import DatabaseError, connection

        from kurultai.common import partitioning, tasks

        try:
            if schedule:
                queued = tasks.ensure_scheduled()
                typer.echo("The nightly partition job is queued." if queued else "The nightly job was queued already.")
                return
            created: list[str] = []
            if ensure:
                for table, spec in partitioning.RANGE_TABLES.items():
                    created += partitioning.range_partitions_ensure(connection, table, spec)
            tables = partitioning.partitions_list(connection, exact=exact)
        except DatabaseError:
            typer.echo(DATABASE_NOT_SET_UP, err=True)
            raise typer.Exit(1) from None
        if as_json:
            doc = {
                "vendor": connection.vendor,
                "created": created,
                "tables": [
                    {
                        "table": t.table,
                        "strategy": t.strategy,
                        "key": t.key,
                        "partitions": [{"name": p.name, "bound": p.bound, "rows": p.rows} for p in t.partitions],
                    }
                    for t in tables
                ],
            }
            typer.echo(json.dumps(doc, ensure_ascii=False))
            return
        if ensure:
            typer.echo(f"Created: {', '.join(created)}" if created else "Every range partition needed is there.")
        if not tables:
            typer.echo(f"No partitioned tables: on {connection.vendor} every table is plain.")
        rows_word = "rows" if exact else "rows (estimate)"
        for t in tables:
            total = sum(p.rows for p in t.partitions)
            typer.echo(f"{t.table}: {t.strategy} ({t.key}), {len(t.partitions)} partitions, {total} {rows_word}")
            for p in t.partitions:
                typer.echo(f"  {p.name:<40} {p.bound:<48} {p.rows:>12}")
