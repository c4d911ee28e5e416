"""`kurultai power FILE.csv --quota Q [--json]`: exact power indices of a weighted voting game.

Imported on every start of the ``kurultai`` command, so it imports no Django, and numpy
only once a game is read (through the pure core). Exit codes: 0 on success, 2 on bad
input with one sentence on stderr.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

_WHOLE = re.compile(r"[0-9]+")
_MAX_DIGITS = 12


class InputError(Exception):
    """Bad input; the message is one sentence for the user."""


def _fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=2)


def parse_players(text: str, name: str) -> list[tuple[str, int]]:
    """Rows of a CSV with the header ``player,weight``; weights are positive integers."""
    if not text.strip():
        raise InputError(f"The file {name} is empty.")
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise InputError(f"The file {name} is not valid CSV ({error}).") from error
    header = [h.strip().lower() for h in records[0]]
    if header != ["player", "weight"]:
        found = ",".join(records[0]) or "nothing"
        raise InputError(f"The header of {name} must be player,weight (found: {found}).")
    players: list[tuple[str, int]] = []
    seen: set[str] = set()
    for line, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != 2:
            raise InputError(f"Line {line} must have exactly two fields, player and weight.")
        player, weight = record[0].strip(), record[1].strip()
        if not player:
            raise InputError(f"Line {line} has no player name.")
        if not _WHOLE.fullmatch(weight) or int(weight) <= 0:
            raise InputError(f"The weight of {player!r} on line {line} must be a positive integer, not {weight!r}.")
        if len(weight) > _MAX_DIGITS:
            raise InputError(f"The weight of {player!r} on line {line} is implausibly large.")
        if player in seen:
            raise InputError(f"The player {player!r} appears more than once (line {line}).")
        seen.add(player)
        players.append((player, int(weight)))
    if not players:
        raise InputError(f"The file {name} has a header but no players.")
    return players


def read_players(path: str) -> list[tuple[str, int]]:
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
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"The file {path} is not UTF-8 text.") from error
    return parse_players(text, path)


def parse_quota(text: str, total: int) -> int:
    value = text.strip()
    if not _WHOLE.fullmatch(value) or len(value) > _MAX_DIGITS + 3:
        raise InputError(f"The quota must be a positive whole number, not {text!r}.")
    quota = int(value)
    if not 0 < quota <= total:
        raise InputError(f"The quota must be between 1 and the total weight {total}, not {quota}.")
    return quota


def to_document(players: list[tuple[str, int]], quota: int, banzhaf: list[float], ss: list[float]) -> dict[str, Any]:
    return {
        "quota": quota,
        "players": [
            {"player": name, "weight": weight, "banzhaf": b, "shapley_shubik": s}
            for (name, weight), b, s in zip(players, banzhaf, ss, strict=True)
        ],
    }


def _print_table(document: dict[str, Any], total: int) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        title=f"Weighted voting game: quota {document['quota']} of {total}",
    )
    table.add_column("Player", overflow="fold", min_width=10)
    table.add_column("Weight", justify="right", no_wrap=True)
    table.add_column("Weight %", justify="right", no_wrap=True)
    table.add_column("Banzhaf", justify="right", no_wrap=True)
    table.add_column("Shapley-Shubik", justify="right", no_wrap=True)
    for row in document["players"]:
        table.add_row(
            row["player"],
            str(row["weight"]),
            f"{100 * row['weight'] / total:.2f}",
            f"{row['banzhaf']:.6f}",
            f"{row['shapley_shubik']:.6f}",
        )
    Console().print(table)


def power(
    file: Annotated[str, typer.Argument(metavar="FILE.csv", help="CSV with the header player,weight.")],
    quota: Annotated[str, typer.Option("--quota", metavar="Q", help="Weight a coalition needs to win.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Exact Banzhaf and Shapley-Shubik indices of a weighted voting game."""
    from kurultai.modelling.power import PowerError, power_indices

    try:
        players = read_players(file)
        total = sum(w for _, w in players)
        q = parse_quota(quota, total)
        result = power_indices([w for _, w in players], q)
    except (InputError, PowerError) as error:
        _fail(str(error))
    document = to_document(players, q, result.banzhaf, result.shapley_shubik)
    if json_output:
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _print_table(document, total)


REGIONS_CSV = Path(__file__).resolve().parents[1] / "registry" / "data" / "regions.csv"
MAX_HOUSEHOLDS = 20_000_000


def read_regions(path: Path = REGIONS_CSV) -> list[Any]:
    """Regions and populations from the registry's reference data (the file the registry loads)."""
    from kurultai.modelling.fiscal import Region

    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Region(
                code=r["iso_code"], name=r["name_en"], population=int(r["population"] or r["population_approx"] or 0)
            )
            for r in csv.DictReader(fh)
        ]


def impact_simulate(
    reform_file: Annotated[str, typer.Option("--reform", metavar="FILE.yaml", help="The reform: name and parameters.")],
    households: Annotated[
        int, typer.Option("--households", metavar="N", help="Synthetic households to simulate.")
    ] = 100_000,
    seed: Annotated[int, typer.Option("--seed", metavar="S", help="Seed of the synthetic population.")] = 2026,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    engine: Annotated[
        str,
        typer.Option("--engine", metavar="E", help="openfisca (the country package) or numpy (the fast cross-check)."),
    ] = "openfisca",
) -> None:
    """Simulate a tax-benefit reform against the current law on synthetic households."""
    import yaml

    from kurultai.modelling import fiscal

    try:
        file = Path(reform_file)
        if not file.is_file():
            raise InputError(f"The file {reform_file} does not exist.")
        if engine not in ("openfisca", "numpy"):
            raise InputError(f"The engine must be openfisca or numpy, not {engine!r}.")
        if not 0 < households <= MAX_HOUSEHOLDS:
            raise InputError(f"The number of households must be between 1 and {MAX_HOUSEHOLDS:,}.")
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise InputError(f"The file {reform_file} is not valid YAML ({type(error).__name__}).") from error
        reform = fiscal.parse_reform(data)
        population = fiscal.synthesise(read_regions(), households, seed=seed)
        run: fiscal.Engine = fiscal.numpy_engine
        if engine == "openfisca":
            from kurultai.modelling.openfisca_kz.simulation import engine as openfisca_engine

            run = openfisca_engine
        result = fiscal.compare(population, reform.parameters, reform.formulas, engine=run)
    except (InputError, fiscal.FiscalError) as error:
        _fail(str(error))
    document = fiscal.comparison_document(reform, result)
    if json_output:
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"Reform: {reform.name} ({households:,} synthetic households)")
    console.print(f"Budget effect: {result.budget_effect / 1e9:+,.1f} bn KZT a year (positive: more net revenue)")
    table = Table(title="Change in disposable income by decile (KZT a month per household)")
    for column in ("Decile", "Mean change", "Winners", "Losers"):
        table.add_column(column, justify="right")
    for g in result.deciles:
        table.add_row(g.label, f"{g.mean_change:+,.0f}", f"{100 * g.winners:.1f}%", f"{100 * g.losers:.1f}%")
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``kurultai power`` and ``kurultai impact simulate`` to the root app."""
    app.command("power")(power)
    impact_app = typer.Typer(help="Fiscal and social impact of reforms.", no_args_is_help=True)
    impact_app.command("simulate")(impact_simulate)
    app.add_typer(impact_app, name="impact")
