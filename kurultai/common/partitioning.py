"""Declarative partitioning of the large append-heavy tables on PostgreSQL (docs/adr/0005-partitioning.md).

``PartitionTable`` is a migration operation that turns an existing plain table into a
partitioned one with the same name, columns, constraints, indexes and triggers, and back.
On any other database (SQLite) it does nothing: the tables stay plain there.

PostgreSQL asks two things of a partitioned table: every primary key and unique constraint
includes the partition key, and no foreign key may reference it unless the referenced columns
hold such a unique constraint. So the primary key ``(id)`` becomes ``(id, key)`` (``id`` stays
unique by its identity sequence, and Django keeps treating ``id`` as the primary key), the
other unique constraints must already include the key (the operation fails loudly otherwise),
and a table that is referenced by a foreign key is refused.

The catalog helpers (``partitions_list``, ``range_partitions_ensure``) serve the
``kurultai db partitions`` command and the nightly job that keeps range partitions ahead of
the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import migrations


@dataclass(frozen=True)
class HashSpec:
    column: str
    partitions: int


@dataclass(frozen=True)
class RangeSpec:
    column: str
    size: int  # key values per partition
    ahead: int  # empty partitions kept ready above the highest key


# Range-partitioned tables that the maintenance job (``kurultai db partitions --ensure``, the
# nightly ``partitions_ensure`` task) keeps ahead of their data: table -> spec. Names, not
# imports, so the foundation app does not depend on the apps that own the tables.
RANGE_TABLES = {"ledger_ledgerentry": RangeSpec(column="index", size=1_000_000, ahead=2)}

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _ident(name: str) -> str:
    if not _NAME.match(name) or len(name) > 63:
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return f'"{name}"'


def _renamed(definition: str, old: str, new: str) -> str:
    """A captured DDL statement of ``old`` rewritten to apply to ``new`` (schema-qualified or not)."""
    return re.sub(rf'(?:"?[a-z_][a-z0-9_]*"?\.)?"?\b{re.escape(old)}\b"?', _ident(new), definition)


@dataclass(frozen=True)
class _Shape:
    """What the catalog says a table carries besides its columns."""

    primary_key: tuple[str, tuple[str, ...]] | None  # (name, columns)
    constraints: tuple[tuple[str, str], ...]  # (name, definition), primary key excluded
    indexes: tuple[str, ...]  # CREATE INDEX statements of indexes that back no constraint
    triggers: tuple[str, ...]  # CREATE TRIGGER statements, internal and cloned ones excluded


def _shape(cursor: Any, table: str) -> _Shape:
    cursor.execute(
        """
        SELECT c.conname, c.contype, pg_get_constraintdef(c.oid),
               ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o)
        FROM pg_constraint c
        WHERE c.conrelid = %s::regclass AND c.conparentid = 0
        ORDER BY c.contype DESC, c.conname
        """,
        [table],
    )
    primary_key = None
    constraints = []
    for name, kind, definition, columns in cursor.fetchall():
        if kind == "p":
            primary_key = (name, tuple(columns))
        else:
            constraints.append((name, definition))
    cursor.execute(
        """
        SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
        WHERE i.indrelid = %s::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY i.indexrelid
        """,
        [table],
    )
    indexes = tuple(row[0] for row in cursor.fetchall())
    cursor.execute(
        """
        SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t
        WHERE t.tgrelid = %s::regclass AND NOT t.tgisinternal AND t.tgparentid = 0
        ORDER BY t.tgname
        """,
        [table],
    )
    triggers = tuple(row[0] for row in cursor.fetchall())
    return _Shape(primary_key, tuple(constraints), indexes, triggers)


def is_partitioned(cursor: Any, table: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [table])
    return cursor.fetchone() is not None


def _referenced_by(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT conrelid::regclass::text || '.' || conname FROM pg_constraint "
        "WHERE contype = 'f' AND confrelid = %s::regclass AND conparentid = 0",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def _rebuild(schema_editor: Any, table: str, *, partition_by: str | None, key: str, partitions: list[str]) -> None:
    """Replace ``table`` by a copy (partitioned by ``partition_by``, or plain when None) with its rows.

    The copy keeps the name, columns, defaults, identity sequence position, constraints,
    indexes and triggers; the primary key gains ``key`` when partitioned and loses it when not.
    """
    execute = schema_editor.execute
    old = f"{table}_unpartitioned"
    with schema_editor.connection.cursor() as cursor:
        referencing = _referenced_by(cursor, table)
        if referencing:
            raise ValueError(f"{table} is referenced by foreign keys ({', '.join(referencing)}); drop them first")
        shape = _shape(cursor, table)
    execute(f"ALTER TABLE {_ident(table)} RENAME TO {_ident(old)}")
    tail = f" PARTITION BY {partition_by}" if partition_by else ""
    execute(
        f"CREATE TABLE {_ident(table)} (LIKE {_ident(old)} INCLUDING DEFAULTS INCLUDING IDENTITY "
        f"INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS){tail}"
    )
    for statement in partitions:
        execute(statement)
    # Rows first, then triggers: the copy is not a new insert, update or delete.
    execute(f"INSERT INTO {_ident(table)} SELECT * FROM {_ident(old)}")  # noqa: S608 - identifiers checked
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id'), pg_get_serial_sequence(%s, 'id')", [old, table])
        old_sequence, new_sequence = cursor.fetchone()
    if old_sequence and new_sequence:
        # The new sequence hands out exactly what the old one would have handed out next.
        execute(f"SELECT setval('{new_sequence}', nextval('{old_sequence}'), false)")
    execute(f"DROP TABLE {_ident(old)}")
    if old_sequence and new_sequence and old_sequence != new_sequence:
        sequence_name = old_sequence.rpartition(".")[2].strip('"')
        execute(f"ALTER SEQUENCE {new_sequence} RENAME TO {_ident(sequence_name)}")
    if shape.primary_key is not None:
        name, columns = shape.primary_key
        if partition_by:
            columns = (*columns, key) if key not in columns else columns
        elif columns != (key,):
            columns = tuple(column for column in columns if column != key)
        execute(
            f"ALTER TABLE {_ident(table)} ADD CONSTRAINT {_ident(name)} PRIMARY KEY ({', '.join(map(_ident, columns))})"
        )
    for name, definition in shape.constraints:
        execute(f"ALTER TABLE {_ident(table)} ADD CONSTRAINT {_ident(name)} {definition}")
    for statement in (*shape.indexes, *shape.triggers):
        execute(_renamed(statement, old, table))


def hash_partitions(table: str, spec: HashSpec) -> list[str]:
    width = len(str(spec.partitions - 1))
    return [
        f"CREATE TABLE {_ident(f'{table}_p{r:0{width}d}')} PARTITION OF {_ident(table)} "
        f"FOR VALUES WITH (MODULUS {spec.partitions}, REMAINDER {r})"
        for r in range(spec.partitions)
    ]


def _range_name(table: str, spec: RangeSpec, low: int, high: int) -> str:
    first, last = low // spec.size, (high - 1) // spec.size
    return f"{table}_p{first:04d}" if first == last else f"{table}_p{first:04d}_{last:04d}"


def _range_partition(table: str, spec: RangeSpec, low: int, high: int) -> str:
    return (
        f"CREATE TABLE {_ident(_range_name(table, spec, low, high))} PARTITION OF {_ident(table)} "
        f"FOR VALUES FROM ({low}) TO ({high})"
    )


class PartitionTable(migrations.operations.base.Operation):
    """On PostgreSQL, partition an existing table by HASH or RANGE of one column; no-op elsewhere.

    ``PartitionTable("t", "petition_id", partitions=16)``: HASH, partitions ``t_p00`` … ``t_p15``.
    ``PartitionTable("t", "index", range_size=1_000_000, ahead=2)``: RANGE, ``t_p0000`` … up to
    ``ahead`` empty partitions above the highest key, and ``t_default`` for anything beyond.
    Reversible: backwards, the rows go back into one plain table.
    """

    reversible = True
    reduces_to_sql = False

    def __init__(
        self, table: str, column: str, *, partitions: int | None = None, range_size: int | None = None, ahead: int = 2
    ) -> None:
        if (partitions is None) == (range_size is None):
            raise ValueError("give either partitions (HASH) or range_size (RANGE)")
        self.table = table
        self.column = column
        self.partitions = partitions
        self.range_size = range_size
        self.ahead = ahead
        self.spec: HashSpec | RangeSpec = (
            HashSpec(column, partitions) if partitions is not None else RangeSpec(column, range_size or 0, ahead)
        )

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # the model is the same; only the storage changes

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        table, spec = self.table, self.spec
        with schema_editor.connection.cursor() as cursor:
            if is_partitioned(cursor, table):
                return
            if isinstance(spec, RangeSpec):
                cursor.execute(f"SELECT max({_ident(spec.column)}) FROM {_ident(table)}")  # noqa: S608
                highest = cursor.fetchone()[0]
        if isinstance(spec, HashSpec):
            strategy, partitions = f"HASH ({_ident(spec.column)})", hash_partitions(table, spec)
        else:
            top = ((highest // spec.size + 1) if highest is not None else 1) * spec.size + spec.ahead * spec.size
            strategy = f"RANGE ({_ident(spec.column)})"
            partitions = [_range_partition(table, spec, low, low + spec.size) for low in range(0, top, spec.size)]
            partitions.append(f"CREATE TABLE {_ident(f'{table}_default')} PARTITION OF {_ident(table)} DEFAULT")
        _rebuild(schema_editor, table, partition_by=strategy, key=spec.column, partitions=partitions)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            if not is_partitioned(cursor, self.table):
                return
        _rebuild(schema_editor, self.table, partition_by=None, key=self.spec.column, partitions=[])

    def describe(self) -> str:
        return f"Partition {self.table} on PostgreSQL"

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs: dict[str, Any] = (
            {"partitions": self.partitions}
            if self.partitions is not None
            else {"range_size": self.range_size, "ahead": self.ahead}
        )
        return ("kurultai.common.partitioning.PartitionTable", [self.table, self.column], kwargs)


# ---------------------------------------------------------------- the catalog, for operators


@dataclass(frozen=True)
class Partition:
    table: str
    name: str
    bound: str  # PostgreSQL's own words: "FOR VALUES WITH (modulus 16, remainder 3)", "DEFAULT"
    rows: int  # the planner's estimate (pg_class.reltuples); exact when asked or never analysed


@dataclass(frozen=True)
class PartitionedTable:
    table: str
    strategy: str  # "hash", "range" or "list"
    key: str
    partitions: tuple[Partition, ...]


_STRATEGIES = {"h": "hash", "r": "range", "l": "list"}


def partitions_list(connection: Any, *, exact: bool = False) -> list[PartitionedTable]:
    """Every partitioned table of the database with its partitions; [] on a database without them."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, p.partstrat, pg_get_partkeydef(c.oid)
            FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND NOT c.relispartition
            ORDER BY c.relname
            """
        )
        parents = cursor.fetchall()
        tables = []
        for table, strategy, keydef in parents:
            cursor.execute(
                """
                SELECT c.relname, pg_get_expr(c.relpartbound, c.oid), c.reltuples::bigint
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = %s::regclass
                ORDER BY c.relname
                """,
                [table],
            )
            rows = cursor.fetchall()
            partitions = []
            for name, bound, estimate in rows:
                count = estimate
                if exact or estimate < 0:  # -1: never analysed, so no estimate yet
                    cursor.execute(f"SELECT count(*) FROM {_ident(name)}")  # noqa: S608 - catalog names
                    count = cursor.fetchone()[0]
                partitions.append(Partition(table, name, bound, count))
            key = keydef.partition("(")[2].rstrip(")").strip('"')
            tables.append(PartitionedTable(table, _STRATEGIES.get(strategy, strategy), key, tuple(partitions)))
    return tables


_RANGE_BOUND = re.compile(r"^FOR VALUES FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)$")


def range_partitions_ensure(connection: Any, table: str, spec: RangeSpec) -> list[str]:
    """Create the range partitions ``spec.ahead`` beyond the highest key; the names created.

    Rows that went to the DEFAULT partition (the ranges ran out) are not moved row by row —
    the ledger refuses DELETE — but the DEFAULT partition itself is detached, renamed and
    attached back as the range partition that covers them, and a new empty DEFAULT is made.
    Run in one transaction: a failure leaves the table as it was.
    """
    if connection.vendor != "postgresql":
        return []
    from django.db import transaction

    created: list[str] = []
    default = f"{table}_default"
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if not is_partitioned(cursor, table):
            return []
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"partitions:{table}"])
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
            [table],
        )
        top = 0
        has_default = False
        for name, bound in cursor.fetchall():
            match = _RANGE_BOUND.match(bound)
            if match:
                top = max(top, int(match.group(2)))
            elif bound == "DEFAULT" and name == default:
                has_default = True
        column = _ident(spec.column)
        if has_default:
            cursor.execute(f"SELECT min({column}), max({column}) FROM {_ident(default)}")  # noqa: S608
            low, high = cursor.fetchone()
            if low is not None:
                # Rows below ``top`` went to their range partitions, so the DEFAULT's start at or above it.
                low = top if top else low // spec.size * spec.size
                high = (high // spec.size + 1) * spec.size
                name = _range_name(table, spec, low, high)
                cursor.execute(f"ALTER TABLE {_ident(table)} DETACH PARTITION {_ident(default)}")
                cursor.execute(f"ALTER TABLE {_ident(default)} RENAME TO {_ident(name)}")
                cursor.execute(
                    f"ALTER TABLE {_ident(table)} ATTACH PARTITION {_ident(name)} FOR VALUES FROM ({low}) TO ({high})"
                )
                cursor.execute(f"CREATE TABLE {_ident(default)} PARTITION OF {_ident(table)} DEFAULT")
                created.append(name)
                top = max(top, high)
        cursor.execute(f"SELECT max({column}) FROM {_ident(table)}")  # noqa: S608
        highest = cursor.fetchone()[0]
        wanted = ((highest // spec.size + 1) if highest is not None else 1) * spec.size + spec.ahead * spec.size
        while top < wanted:
            cursor.execute(_range_partition(table, spec, top, top + spec.size))
            created.append(_range_name(table, spec, top, top + spec.size))
            top += spec.size
    return created
