"""``kurultai akn validate`` and ``kurultai akn export``: the Akoma Ntoso commands.

This module imports no Django. ``validate`` needs nothing else; ``export`` gets its files
from a loader the caller passes to :func:`register`, so the database side (which bills and
versions exist) stays in the Django app::

    def _akn_exporter() -> ExportSource:
        django_setup()
        from kurultai.legislation.selectors import akn_files
        return akn_files

    register_akn(app, load_exporter=_akn_exporter)

Exit codes follow the project's CLI contract: 0 success, 1 when a file is not valid Akoma
Ntoso (each schema error is printed with its line), 2 on bad usage (one sentence on stderr).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn, Protocol

import typer

from kurultai.legislation.akn import AknMeta, SchemaError, to_akn, validate
from kurultai.legislation.text import Document


@dataclass(frozen=True)
class AknFile:
    """One exported file: ``name`` is its path relative to the output directory."""

    name: str
    xml: bytes


def akn_file(document: Document, meta: AknMeta, folder: str = "") -> AknFile:
    """One exported expression, named ``[folder/]bill-2026-12-kaz-2026-03-10.xml``."""
    name = meta.file_name(document)
    return AknFile(f"{folder.strip('/')}/{name}" if folder else name, to_akn(document, meta))


class ExportSource(Protocol):
    """Yield the files to export: one bill (``bill``) or every bill (None).

    ``version`` None means every version for ``--all`` and the current one for a single
    bill; ``language`` None means every language. Raise ``LookupError`` with one sentence
    for an unknown bill or version.
    """

    def __call__(self, *, bill: str | None, version: str | None, language: str | None) -> Iterable[AknFile]: ...


LANGUAGE_CHOICES = ("kk", "ru", "en")


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _print_errors(name: str, errors: list[SchemaError]) -> None:
    for error in errors:
        typer.echo(f"{name}:{error.line}: {error.message}")


def validate_file(path: Path) -> list[SchemaError]:
    """The schema errors of one file; raises ``OSError`` if it cannot be read."""
    return validate(path.read_bytes())


def _safe_target(out: Path, name: str) -> Path:
    target = (out / name).resolve()
    if not target.is_relative_to(out.resolve()):
        raise ValueError(f"The export file name {name!r} leaves the output directory.")
    return target


def register(app: typer.Typer, load_exporter: Callable[[], ExportSource] | None = None) -> typer.Typer:
    """Add the ``akn`` command group to ``app``; ``export`` only when an exporter is given."""
    akn_app = typer.Typer(help="Akoma Ntoso 3.0 files (OASIS LegalDocML).", no_args_is_help=True)

    @akn_app.command("validate")
    def akn_validate(
        file: Annotated[Path, typer.Argument(help="The XML file to check against the strict OASIS schema.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    ) -> None:
        """Validate FILE against akomantoso30.xsd; print each error with its line, exit 1 if any."""
        try:
            errors = validate_file(file)
        except OSError as exc:
            _fail(f"Cannot read {file}: {exc.strerror or exc}.")
        if as_json:
            doc = {
                "file": str(file),
                "valid": not errors,
                "errors": [{"line": e.line, "message": e.message} for e in errors],
            }
            typer.echo(json.dumps(doc, ensure_ascii=False))
        elif errors:
            _print_errors(str(file), errors)
            typer.echo(f"{file} is not valid Akoma Ntoso 3.0: {len(errors)} error(s).", err=True)
        else:
            typer.echo(f"{file} is valid Akoma Ntoso 3.0 (strict OASIS schema).")
        raise typer.Exit(1 if errors else 0)

    if load_exporter is not None:

        @akn_app.command("export")
        def akn_export(
            out: Annotated[Path, typer.Option("--out", help="The file to write (a directory with --all).")],
            bill: Annotated[str | None, typer.Argument(help="The bill's number or slug.")] = None,
            version: Annotated[str | None, typer.Option("--version", help="A version (default: current).")] = None,
            language: Annotated[str, typer.Option("--language", help="kk, ru or en (default kk).")] = "kk",
            every: Annotated[bool, typer.Option("--all", help="Every version of every bill, every language.")] = False,
        ) -> None:
            """Export a bill version as Akoma Ntoso XML, or with --all every version in every language."""
            if every == (bill is not None):
                _fail("Name one bill, or give --all (not both).")
            if language not in LANGUAGE_CHOICES:
                _fail(f"The language must be one of {', '.join(LANGUAGE_CHOICES)}, not {language!r}.")
            if every and version is not None:
                _fail("--version applies to one bill; --all exports every version.")
            exporter = load_exporter()
            try:
                if every:
                    files = list(exporter(bill=None, version=None, language=None))
                else:
                    files = list(exporter(bill=bill, version=version, language=language))
            except LookupError as exc:
                _fail(str(exc).strip("'\""))
            if not files:
                _fail("There is nothing to export.")
            invalid = 0
            for f in files:
                errors = validate(f.xml)
                if errors:
                    invalid += 1
                    _print_errors(f.name, errors)
            if invalid:
                _fail(f"{invalid} of {len(files)} exported file(s) do not validate; nothing was written.", 1)
            try:
                if every:
                    out.mkdir(parents=True, exist_ok=True)
                    for f in files:
                        target = _safe_target(out, f.name)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(f.xml)
                else:
                    if len(files) != 1:
                        _fail(f"Expected one file for {bill}, got {len(files)}.")
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(files[0].xml)
            except (OSError, ValueError) as exc:
                _fail(f"Cannot write to {out}: {exc}.")
            where = f"{len(files)} files to {out}" if every else str(out)
            typer.echo(f"Wrote {where}; valid against the strict OASIS Akoma Ntoso schema.")

    app.add_typer(akn_app, name="akn")
    return akn_app
