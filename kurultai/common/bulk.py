"""One multi-row INSERT without model instances, for the hottest batch writes (ballots, signatures).

``QuerySet.bulk_create`` builds a model instance per row, runs every field's ``pre_save`` and
compiles the statement through the ORM's generic machinery: on a batch of a dozen ballots with
their audit entries, ledger entries and tree nodes that is a third of the web process's CPU.
``insert_rows`` writes the same rows with one statement, each value adapted by its own model
field exactly as the ORM adapts it (``get_db_prep_save``: JSON, date-times, ...), so the
database holds what ``bulk_create`` would have stored. What it leaves to the caller: defaults
and ``auto_now_add`` values (pass them), and signals (``bulk_create`` sends none either).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models

__all__ = ["insert_rows"]


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    returning: str | None = None,
    using: str = "default",
) -> list[Any]:
    """INSERT ``rows`` (values in ``fields`` order) into ``model``'s table in one statement.

    Returns the ``returning`` column of each row, in the rows' order (PostgreSQL and SQLite
    return ``INSERT … RETURNING`` rows in VALUES order, as ``bulk_create`` relies on), or [].
    """
    connection = connections[using]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    params: list[Any] = []
    count = 0
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"a row has {len(row)} values for {len(columns)} fields")
        params += [field.get_db_prep_save(value, connection) for field, value in zip(columns, row, strict=True)]
        count += 1
    if not count:
        return []
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in columns)  # type: ignore[arg-type]
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * count)
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES {values}"  # noqa: S608 - names quoted, values bound
    if returning is not None:
        sql += f" RETURNING {quote(meta.get_field(returning).column)}"  # type: ignore[arg-type]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()] if returning is not None else []
