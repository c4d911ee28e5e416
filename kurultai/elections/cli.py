"""`kurultai seats`: allocate seats from a CSV of results, optionally with a what-if simulation.

This module is imported on every start of the ``kurultai`` command, and its
start-up time counts in the simulation benchmark, so it imports no Django
and nothing heavy at module level: numpy comes in only with ``--simulate``,
rich only for the human-readable table.

Exit codes follow the project's CLI contract: 0 on success, 2 on bad input,
with one sentence on stderr and never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from kurultai.elections.allocation import (
    METHODS,
    Allocation,
    AllocationError,
    Row,
    Rules,
    allocate,
    is_method,
)

if TYPE_CHECKING:
    from kurultai.elections.simulate import SimulationResult

_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_WHOLE = re.compile(r"[0-9]+")
_MAX_DIGITS = 18  # a billion times any electorate; also far below int()'s digit limit
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
DEFAULT_NOISE = 0.02


class InputError(Exception):
    """Bad input to the command; the message is one sentence for the user."""


def _fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=2)


# --- input --------------------------------------------------------------------------


def _flag(text: str, default: bool, column: str, line: int) -> bool:
    value = text.strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise InputError(f"Line {line}: the {column} column must be true or false, not {text!r}.")


def parse_rows(text: str, name: str) -> list[Row]:
    """Rows from CSV text: a header with at least party and votes; eligible and minority optional."""
    if not text.strip():
        raise InputError(f"The file {name} is empty.")
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise InputError(f"The file {name} is not valid CSV ({error}).") from error
    header = [h.strip().lower() for h in records[0]]
    if "party" not in header or "votes" not in header:
        found = ", ".join(h for h in header if h) or "nothing"
        raise InputError(f"The header of {name} must name at least the columns party and votes (found: {found}).")
    for column in ("party", "votes", "eligible", "minority"):
        if header.count(column) > 1:
            raise InputError(f"The header of {name} names the column {column} twice.")
    at = {h: i for i, h in enumerate(header)}

    def field(record: Sequence[str], column: str) -> str:
        i = at.get(column)
        return record[i] if i is not None and i < len(record) else ""

    rows: list[Row] = []
    seen: set[str] = set()
    for line, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        party = field(record, "party").strip()
        if not party:
            raise InputError(f"Line {line} has no party name.")
        votes = field(record, "votes").strip()
        if not _WHOLE.fullmatch(votes):
            if votes.startswith("-") and _WHOLE.fullmatch(votes[1:]):
                raise InputError(f"The votes for {party!r} on line {line} are negative ({votes}).")
            raise InputError(f"The votes for {party!r} on line {line} are not a whole number ({votes!r}).")
        if len(votes) > _MAX_DIGITS:
            raise InputError(f"The votes for {party!r} on line {line} are implausibly large ({len(votes)} digits).")
        if party in seen:
            raise InputError(f"The party {party!r} appears more than once (line {line}).")
        seen.add(party)
        rows.append(
            Row(
                party=party,
                votes=int(votes),
                eligible=_flag(field(record, "eligible"), True, "eligible", line),
                minority=_flag(field(record, "minority"), False, "minority", line),
            )
        )
    if not rows:
        raise InputError(f"The file {name} has a header but no rows.")
    return rows


def read_rows(path: str) -> list[Row]:
    file = Path(path)
    if not file.exists():
        raise InputError(f"The file {path} does not exist.")
    if not file.is_file():
        raise InputError(f"{path} is not a file.")
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise InputError(f"The file {path} cannot be read ({error.strerror}).") from error
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is allowed
    except UnicodeDecodeError as error:
        raise InputError(f"The file {path} is not UTF-8 text.") from error
    return parse_rows(text, path)


def parse_percent(text: str) -> Fraction:
    """'5%', '5' or '7.5%' as an exact percentage between 0 and 100."""
    value = text.strip().removesuffix("%").strip()
    if not _DECIMAL.fullmatch(value) or Fraction(value) > 100:
        raise InputError(f"The threshold must be a percentage from 0% to 100%, such as 5% or 7.5, not {text!r}.")
    return Fraction(value)


def parse_bonus(text: str) -> Fraction:
    value = text.strip()
    if not _DECIMAL.fullmatch(value):
        raise InputError(f"The minority bonus must be a decimal number such as 1.35, not {text!r}.")
    return Fraction(value)


def _fresh_seed() -> int:
    import secrets  # rarely needed: kept off the start-up path

    return secrets.randbelow(2**63)


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


# --- output -------------------------------------------------------------------------


def to_document(allocation: Allocation, simulation: SimulationResult | None = None) -> dict[str, Any]:
    """The --json document: contract keys first, rows in input order."""
    rules = allocation.rules
    rows: list[dict[str, Any]] = [
        {
            "party": r.party,
            "votes": r.votes,
            "seats": r.seats,
            "passed_threshold": r.passed_threshold,
            "admitted": r.admitted,
        }
        for r in allocation.rows
    ]
    document: dict[str, Any] = {
        "method": rules.method,
        "seats_total": rules.seats,
        "threshold_votes": allocation.threshold_votes,
        "threshold_percent": _number(rules.threshold_percent),
        "base_votes": allocation.base_votes,
        "allocation": rows,
        "indices": {
            "gallagher": allocation.indices.gallagher,
            "loosemore_hanby": allocation.indices.loosemore_hanby,
            "enp_votes": allocation.indices.enp_votes,
            "enp_seats": allocation.indices.enp_seats,
        },
    }
    if simulation is not None:
        document["scenarios"] = simulation.scenarios
        document["void_scenarios"] = simulation.void_scenarios
        document["noise"] = simulation.noise
        document["seed"] = simulation.seed
        for row, sim in zip(rows, simulation.rows, strict=True):
            row["simulation"] = {
                "mean_seats": sim.mean_seats,
                "p5": sim.p5,
                "p95": sim.p95,
                "p_majority": sim.p_majority,
                "p_two_thirds": sim.p_two_thirds,
            }
    return document


def _print_table(allocation: Allocation, simulation: SimulationResult | None) -> None:
    # rich is imported here, not at the top: --json output never needs it.
    from rich import box
    from rich.console import Console
    from rich.table import Table

    rules = allocation.rules
    total_votes = sum(r.votes for r in allocation.rows) or 1
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        title=(
            f"{rules.seats} seats by {rules.method}, threshold "
            f"{float(rules.threshold_percent):g}% of {allocation.base_votes:,} votes "
            f"= {allocation.threshold_votes:,}"
        ),
    )
    table.add_column("Party", overflow="fold", min_width=12)
    table.add_column("Votes", justify="right", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Seats", justify="right", no_wrap=True)
    if simulation is not None:
        table.add_column("Mean", justify="right", no_wrap=True)
        table.add_column("5-95%", justify="right", no_wrap=True)
        table.add_column("P>1/2", justify="right", no_wrap=True)
        table.add_column("P>=2/3", justify="right", no_wrap=True)
    sims = simulation.rows if simulation is not None else [None] * len(allocation.rows)
    for row, sim in zip(allocation.rows, sims, strict=True):
        if not row.eligible:
            status = "not list"
        elif row.passed_threshold:
            status = "passed"
        elif row.admitted:
            status = "admitted"
        else:
            status = "below"
        cells = [row.party, f"{row.votes:,}", f"{100 * row.votes / total_votes:.1f}", status, str(row.seats)]
        if sim is not None:
            cells += [
                f"{sim.mean_seats:.2f}",
                f"{sim.p5}-{sim.p95}",
                f"{100 * sim.p_majority:.1f}%",
                f"{100 * sim.p_two_thirds:.1f}%",
            ]
        table.add_row(*cells)
    console = Console()
    console.print(table)
    ix = allocation.indices
    console.print(
        f"Gallagher {ix.gallagher:.2f}, Loosemore-Hanby {ix.loosemore_hanby:.2f}, "
        f"effective number of parties {ix.enp_votes:.2f} by votes, {ix.enp_seats:.2f} by seats."
    )
    if simulation is not None:
        console.print(
            f"{simulation.scenarios:,} scenarios, noise {simulation.noise:g}, "
            f"seed {simulation.seed}; {simulation.void_scenarios:,} void."
        )


# --- command ------------------------------------------------------------------------


def seats(
    file: Annotated[str, typer.Argument(metavar="FILE.csv", help="CSV with a header naming at least party,votes.")],
    seats_total: Annotated[int, typer.Option("--seats", metavar="N", help="Number of seats to fill.")],
    method: Annotated[str, typer.Option("--method", metavar="M", help=f"One of: {', '.join(METHODS)}.")],
    threshold: Annotated[
        str, typer.Option("--threshold", metavar="P%", help="Threshold as a percentage, e.g. 5% or 7.5.")
    ] = "0",
    base_votes: Annotated[
        int | None,
        typer.Option("--base-votes", metavar="N", help="Threshold base; default: the sum of all rows."),
    ] = None,
    minority_bonus: Annotated[
        str, typer.Option("--minority-bonus", metavar="F", help="Multiplier for minority lists' votes.")
    ] = "1",
    min_lists: Annotated[
        int, typer.Option("--min-lists", metavar="K", help="Admit runners-up until this many lists take part.")
    ] = 0,
    scenarios: Annotated[
        int | None, typer.Option("--simulate", metavar="K", help="Run this many noisy what-if scenarios.")
    ] = None,
    noise: Annotated[
        float | None,
        typer.Option("--noise", metavar="D", help=f"Standard deviation of the vote factor (default {DEFAULT_NOISE})."),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", metavar="S", help="Random seed; default: a fresh one, reported.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Allocate seats proportionally from election results."""
    try:
        if not is_method(method):
            raise InputError(f"Unknown method {method!r}; choose one of: {', '.join(METHODS)}.")
        if scenarios is None and (noise is not None or seed is not None):
            raise InputError("--noise and --seed apply only together with --simulate.")
        if scenarios is not None and scenarios <= 0:
            raise InputError(f"The number of scenarios must be positive, not {scenarios}.")
        sigma = DEFAULT_NOISE if noise is None else noise
        if not (math.isfinite(sigma) and sigma >= 0):
            raise InputError(f"The noise must be a finite number of at least 0, not {sigma}.")
        if seed is not None and seed < 0:
            raise InputError(f"The seed must not be negative, not {seed}.")
        rules = Rules(
            seats=seats_total,
            method=method,
            threshold_percent=parse_percent(threshold),
            base_votes=base_votes,
            minority_bonus=parse_bonus(minority_bonus),
            min_lists=min_lists,
        )
        rules.validate()
        rows = read_rows(file)
        allocation = allocate(rows, rules)
        simulation = None
        if scenarios is not None:
            # numpy comes in only when a simulation is asked for.
            from kurultai.elections.simulate import simulate

            simulation = simulate(
                rows,
                rules,
                scenarios=scenarios,
                noise=sigma,
                seed=_fresh_seed() if seed is None else seed,
            )
    except (InputError, AllocationError) as error:
        _fail(str(error))
    if json_output:
        typer.echo(json.dumps(to_document(allocation, simulation), ensure_ascii=False, indent=2))
    else:
        _print_table(allocation, simulation)


def register(app: typer.Typer) -> None:
    """Add the command to the root ``kurultai`` app as ``kurultai seats``."""
    app.command("seats")(seats)


def main() -> None:
    """``python -m kurultai.elections.cli seats ...``: the same command without the root CLI."""
    app = typer.Typer(add_completion=False, no_args_is_help=True)

    @app.callback()
    def _root() -> None:
        """Kurultai election tools."""

    register(app)
    app()


if __name__ == "__main__":
    main()
