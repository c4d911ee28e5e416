"""``kurultai privacy retention`` (apply the retention rules now, or schedule the nightly job) and
``kurultai security authz-matrix`` (keep the authorization matrix in step with the endpoints).

No Django at import time: ``setup`` (the CLI's django_setup) runs inside the command.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from kurultai.common.errors import DATABASE_NOT_SET_UP


def register(app: typer.Typer, *, setup: Callable[[], None]) -> None:
    privacy_app = typer.Typer(help="Personal data: retention.", no_args_is_help=True)
    app.add_typer(privacy_app, name="privacy")

    @privacy_app.command("retention")
    def retention_command(
        schedule: Annotated[
            bool, typer.Option("--schedule", help="Only make sure the nightly job is queued (for the worker).")
        ] = False,
    ) -> None:
        """Remove personal data past its retention period (DATA_RETENTION_DAYS)."""
        setup()
        from django.db import DatabaseError
        from django.utils import timezone

        from kurultai.security import services, tasks

        try:
            if schedule:
                queued = tasks.ensure_scheduled()
                typer.echo("The nightly retention job is queued." if queued else "The nightly job was queued already.")
                return
            done = services.retention_enforce(now=timezone.now())
        except DatabaseError:
            typer.echo(DATABASE_NOT_SET_UP, err=True)
            raise typer.Exit(1) from None
        typer.echo(", ".join(f"{name}: {count}" for name, count in sorted(done.items())))

    security_app = typer.Typer(help="Security reviews: the authorization matrix.", no_args_is_help=True)
    app.add_typer(security_app, name="security")

    @security_app.command("authz-matrix")
    def authz_matrix_command(
        write: Annotated[
            bool, typer.Option("--write", help="Add blank rows for new endpoints and drop rows of removed ones.")
        ] = False,
        file: Annotated[
            Path | None, typer.Option("--file", help="The table (default: kurultai/security/authz_matrix.csv).")
        ] = None,
    ) -> None:
        """Compare kurultai/security/authz_matrix.csv with the endpoints the configuration serves."""
        setup()
        from kurultai.security import authz

        path = file or authz.MATRIX_PATH
        try:
            sync = authz.synchronise(authz.load(path), authz.endpoints())
        except authz.MatrixError as exc:
            typer.echo(f"The authorization matrix cannot be read: {exc}.", err=True)
            raise typer.Exit(2) from None
        for endpoint in sync.added:
            typer.echo(f"+ {endpoint.method} {endpoint.route}")
        for endpoint in sync.removed:
            typer.echo(f"- {endpoint.method} {endpoint.route}")
        if write:
            path.write_text(authz.write_matrix(sync.rows), encoding="utf-8")
            added, removed = len(sync.added), len(sync.removed)
            typer.echo(f"{len(sync.rows)} rows; {added} added (fill their cells), {removed} removed.")
            return
        if sync.added or sync.removed:
            typer.echo("The matrix is out of date: run `kurultai security authz-matrix --write`.", err=True)
            raise typer.Exit(1)
        typer.echo(f"The matrix has a row for each of the {len(sync.rows)} endpoints.")
