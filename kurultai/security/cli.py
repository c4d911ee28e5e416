"""``kurultai privacy retention``: apply the data retention rules now, or schedule the nightly job.

No Django at import time: ``setup`` (the CLI's django_setup) runs inside the command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

NOT_SET_UP = "The database is not set up yet: run `kurultai demo` or `python manage.py migrate` first."


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
            typer.echo(NOT_SET_UP, err=True)
            raise typer.Exit(1) from None
        typer.echo(", ".join(f"{name}: {count}" for name, count in sorted(done.items())))
