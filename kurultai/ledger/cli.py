"""`kurultai audit verify` and `kurultai audit export`: check and publish the public record.

``kurultai audit verify --log FILE`` checks an export offline: it imports no Django and
opens no database, so anyone with the file and the published public key can run it
(kurultai.ledger.offline). The other two forms read the database; Django is imported
inside them only.

Exit codes follow the project's CLI contract: 0 the log verifies (or the export was
written), 1 the log is broken, 2 bad usage; errors are one sentence on stderr.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

PUBLISHED_AT = "/en/ledger/"


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurultai.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        _fail(f"Configuration error: {error}")


def _print_json(doc: dict[str, Any]) -> None:
    typer.echo(json.dumps(doc, ensure_ascii=False))


def _verify_export(log: str, public_key: str | None, as_json: bool) -> None:
    from kurultai.ledger import heads, offline

    key = None
    if public_key is not None:
        try:
            key = heads.b64decode(public_key, size=heads.KEY_SIZE, what="public key")
        except heads.FormatError as error:
            _fail(f"--public-key: {error}")
    path = Path(log)
    if not path.is_file():
        _fail(f"The file {log} does not exist." if not path.exists() else f"{log} is not a file.")
    try:
        report = offline.verify_file(path, public_key=key)
    except UnicodeDecodeError:
        _fail(f"The export {log} is broken: it is not UTF-8 text.", 1)
    except OSError as error:
        _fail(f"The file {log} cannot be read ({error.strerror}).")
    if as_json:
        _print_json(report.as_dict())
    if report.problem is not None:
        _fail(f"The export {log} is broken at {report.problem}.", 1)
    if report.key_from_file:
        typer.echo(
            f"Warning: the signature was checked with the public key written in the file ({report.public_key}); "
            f"compare it with the key published at {PUBLISHED_AT} or pass it with --public-key.",
            err=True,
        )
    if not as_json:
        typer.echo(
            f"ok: {report.entries} entries, root {report.root_hash}, signed tree head of {report.timestamp} verifies"
        )


def _verify_database(as_json: bool) -> None:
    _django()
    from django.db import DatabaseError

    from kurultai.ledger.services import ledger_verify

    try:
        report = ledger_verify()
    except DatabaseError as error:
        _fail(f"The ledger cannot be read from the database ({error}).")
    if as_json:
        _print_json(report.as_dict())
    if not report.ok:
        where = f" at entry {report.bad_entry}" if report.bad_entry is not None else ""
        _fail(f"The ledger is broken{where}: {report.problem}.", 1)
    if not as_json:
        typer.echo(
            f"ok: {report.tree_size} entries, root {report.root_hash}, "
            f"{report.tree_heads} signed tree heads verify (the latest covers {report.signed_tree_size})"
        )


def verify(
    log: Annotated[
        str | None, typer.Option("--log", help="Verify this export offline, with no database.", show_default=False)
    ] = None,
    public_key: Annotated[
        str | None,
        typer.Option("--public-key", help="The published public key (base64); default: the key in the file."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Recompute the log from the database (or verify an export with --log); exit 1 when it is broken."""
    if log is None:
        if public_key is not None:
            _fail("--public-key applies only together with --log FILE.")
        _verify_database(as_json)
    else:
        _verify_export(log, public_key, as_json)


def export(
    out: Annotated[str | None, typer.Option("--out", help="Write the JSON Lines export here.")] = None,
) -> None:
    """Write every entry and the latest signed tree head as JSON Lines (signing a fresh head if the log grew)."""
    if not out:
        _fail("Name the file to write with --out FILE.")
    target = Path(out)
    if target.is_dir():
        _fail(f"{out} is a directory; --out names a file.")
    if not target.parent.is_dir():
        _fail(f"The directory {target.parent} does not exist.")
    _django()
    from django.db import DatabaseError

    from kurultai.ledger.services import export_lines, tree_head_current

    partial = target.with_name(f".{target.name}.partial")
    try:
        head = tree_head_current()
        with partial.open("wb") as file:
            for line in export_lines(head):
                file.write(line + b"\n")
        partial.replace(target)  # readers never see half an export
    except DatabaseError as error:
        partial.unlink(missing_ok=True)
        _fail(f"The ledger cannot be read from the database ({error}).")
    except OSError as error:
        partial.unlink(missing_ok=True)
        _fail(f"Cannot write {out} ({error.strerror}).")
    typer.echo(f"{head.tree_size} entries and the tree head (root {head.root_hash}) written to {out}")


def register(app: typer.Typer) -> None:
    """Add ``verify`` and ``export`` to the ``kurultai audit`` group."""
    app.command("verify")(verify)
    app.command("export")(export)


def main() -> None:
    """``python -m kurultai.ledger.cli verify --log FILE``: the same commands without the root CLI."""
    app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False)
    register(app)
    app()


if __name__ == "__main__":
    main()
