"""``kurultai export --out DIR`` and ``kurultai search reindex``.

This module imports no Django at import time: ``setup`` (the CLI's django_setup) runs first
inside each command, so commands that need no database stay fast.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from kurultai.common.errors import DATABASE_NOT_SET_UP


def register(app: typer.Typer, *, setup: Callable[[], None]) -> None:
    search_app = typer.Typer(help="The full-text search index.", no_args_is_help=True)
    app.add_typer(search_app, name="search")

    @app.command("export")
    def export_command(
        out: Annotated[Path, typer.Option("--out", help="Directory to write the open data into.")],
    ) -> None:
        """Bulk open data: popolo.json, akn/, csv/ and catalogue.json in DIR."""
        if out.exists() and not out.is_dir():
            typer.echo(f"{out} exists and is not a directory.", err=True)
            raise typer.Exit(2)
        setup()
        from django.db import DatabaseError

        from kurultai.opendata.export import export

        try:
            report = export(out)
        except DatabaseError:
            typer.echo(DATABASE_NOT_SET_UP, err=True)
            raise typer.Exit(1) from None
        except OSError as exc:
            typer.echo(f"Cannot write the export to {out}: {exc.strerror or exc}.", err=True)
            raise typer.Exit(1) from None
        typer.echo(
            f"Wrote {report.persons} persons, {report.vote_events} vote events, {report.tables} CSV tables and "
            f"{report.akn_files} Akoma Ntoso files ({report.bytes} bytes) to {out}."
        )

    @search_app.command("reindex")
    def reindex_command() -> None:
        """Rebuild the search index from the public records."""
        setup()
        from django.db import DatabaseError

        from kurultai.opendata.search import reindex

        try:
            n = reindex()
        except DatabaseError:
            typer.echo(DATABASE_NOT_SET_UP, err=True)
            raise typer.Exit(1) from None
        typer.echo(f"Indexed {n} documents.")
