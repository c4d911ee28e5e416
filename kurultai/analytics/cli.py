"""``kurultai analytics generate`` and ``kurultai analytics rebuild``.

Django is set up only when a command runs (the caller passes its ``setup``), so ``kurultai``
starts fast. Exit codes: 0 success, 1 a domain "no" (a recomputation already running), 2 bad usage.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, NoReturn

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

STAGES = {
    "ingest": "Copying new citizen texts",
    "generate": "Generating synthetic texts",
    "duplicates": "Finding near-duplicates",
    "tokens": "Normalising and stemming",
    "topics": "Fitting topics",
    "saving": "Saving",
}


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


class _Bar:
    """A rich progress bar with one task per stage, fed by the services' progress callback."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(STAGES.get(stage, stage), total=max(total, 1))
        self.progress.update(self.tasks[stage], completed=done, total=max(total, 1))


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=False
    )


def register(app: typer.Typer, *, setup: Callable[[], None]) -> None:
    analytics_app = typer.Typer(
        help="Analytics of citizen texts: synthetic data and recomputation.", no_args_is_help=True
    )
    app.add_typer(analytics_app, name="analytics")

    @analytics_app.command("generate")
    def generate(
        appeals: Annotated[int, typer.Option("--appeals", help="How many synthetic texts to add.")],
        seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same texts.")] = 1,
        end: Annotated[str | None, typer.Option(help="Last day of the texts, YYYY-MM-DD (default today).")] = None,
    ) -> None:
        """Add synthetic citizen texts in Kazakh and Russian (topics, regions, planted campaigns)."""
        if appeals < 0:
            _fail("--appeals must not be negative.")
        try:
            last = date.fromisoformat(end) if end else None
        except ValueError:
            _fail("--end must be a date as YYYY-MM-DD.")
        setup()
        from kurultai.analytics import services

        with _progress() as p:
            n = services.texts_generate(n=appeals, seed=seed, end=last, progress=_Bar(p))
        typer.echo(
            f"Added up to {n} synthetic texts (seed {seed}); run `kurultai analytics rebuild` to recompute topics."
        )

    @analytics_app.command("rebuild")
    def rebuild(
        topics: Annotated[
            int | None, typer.Option("--topics", help="Number of topics (default: from the corpus size).")
        ] = None,
        method: Annotated[str, typer.Option(help="nmf or kmeans.")] = "nmf",
        background: Annotated[bool, typer.Option("--background", help="Queue the job for `kurultai worker`.")] = False,
    ) -> None:
        """Recompute near-duplicate groups and topics over every citizen text."""
        if method not in ("nmf", "kmeans"):
            _fail("--method must be nmf or kmeans.")
        if topics is not None and not 1 <= topics <= 200:
            _fail("--topics must be between 1 and 200.")
        setup()
        from kurultai.accounts.permissions import SYSTEM
        from kurultai.analytics import services, tasks
        from kurultai.common.errors import DomainError

        if background:
            result = tasks.analytics_rebuild.enqueue(topics, method)
            typer.echo(f"Queued recomputation {result.id}.")
            return
        try:
            with _progress() as p:
                run = services.analytics_rebuild(actor=SYSTEM, k=topics, method=method, progress=_Bar(p))
        except DomainError as exc:
            _fail(exc.message, 1 if exc.status == 409 else 2)
        tasks.ensure_ingest_scheduled()
        typer.echo(
            f"{run.texts} texts, {run.duplicate_groups} near-duplicate groups, {run.topics} topics in {run.seconds} s."
        )
