"""The ledger's leaves are range-partitioned on PostgreSQL and stay append-only in every partition
(migration 0002, kurultai.common.partitioning, docs/adr/0005-partitioning.md); plain on SQLite."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from kurultai.common.partitioning import RANGE_TABLES, RangeSpec, partitions_list, range_partitions_ensure
from kurultai.ledger.models import LedgerEntry
from kurultai.ledger.services import ledger_verify, tree_head_sign

TABLE = "ledger_ledgerentry"
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitioning is PostgreSQL's")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the plain-table case")


def catalog(sql: str, params: list[object] | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def partition_of(index: int) -> str:
    return catalog(f"SELECT tableoid::regclass::text FROM {TABLE} WHERE index = %s", [index])[0][0]  # noqa: S608


def partitions() -> dict[str, str]:
    (table,) = [t for t in partitions_list(connection) if t.table == TABLE]
    return {p.name: p.bound for p in table.partitions}


def migrate(app: str, name: str | None = None) -> None:
    """Migrate ``app`` to ``name``, or to its latest migration (later ones may build on the partitions)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([(app, name)] if name else executor.loader.graph.leaf_nodes(app))


@postgresql_only
def test_the_leaves_are_range_partitioned_by_index_a_million_a_partition(db):
    assert catalog(
        "SELECT partstrat, pg_get_partkeydef(partrelid) FROM pg_partitioned_table WHERE partrelid = %s::regclass",
        [TABLE],
    ) == [("r", "RANGE (index)")]
    assert partitions() == {
        "ledger_ledgerentry_p0000": "FOR VALUES FROM ('0') TO ('1000000')",
        "ledger_ledgerentry_p0001": "FOR VALUES FROM ('1000000') TO ('2000000')",
        "ledger_ledgerentry_p0002": "FOR VALUES FROM ('2000000') TO ('3000000')",
        "ledger_ledgerentry_default": "DEFAULT",
    }
    assert RANGE_TABLES[TABLE] == RangeSpec(column="index", size=1_000_000, ahead=2)
    # The primary key gained the partition key; the unique index on it is still there.
    assert catalog(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('p', 'u') ORDER BY conname",
        [TABLE],
    ) == [
        ("ledger_ledgerentry_index_key", "UNIQUE (index)"),
        ("ledger_ledgerentry_pkey", "PRIMARY KEY (id, index)"),
    ]


@postgresql_only
def test_leaves_go_to_their_partition_and_the_log_still_verifies(ballots):
    entries = ballots(3)
    tree_head_sign()
    assert {partition_of(e.index) for e in entries} == {"ledger_ledgerentry_p0000"}
    assert ledger_verify().ok


@postgresql_only
def test_a_second_leaf_at_the_same_index_is_refused_across_partitions(ballots):
    (entry,) = ballots(1)
    # The unique index of the parent is enforced by each partition's copy of it.
    with (
        pytest.raises(DatabaseError, match=r"unique constraint \"ledger_ledgerentry_p0000_index_key\""),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"INSERT INTO {TABLE} (index, kind, at, data, leaf_hash, created) "  # noqa: S608
            "SELECT index, kind, at, data, leaf_hash, created FROM ledger_ledgerentry WHERE id = %s",
            [entry.pk],
        )


@postgresql_only
@pytest.mark.parametrize("table", [TABLE, "ledger_ledgerentry_p0000", "ledger_ledgerentry_default"])
def test_every_partition_refuses_update_and_delete_even_addressed_directly(ballots, table):
    ballots(2)
    with connection.cursor() as cursor:
        # A row in the DEFAULT partition, as if the ranges had run out (the trigger fires on
        # UPDATE and DELETE only, so the insert itself is allowed).
        cursor.execute(
            f"INSERT INTO {TABLE} (index, kind, at, data, leaf_hash, created) "  # noqa: S608
            "VALUES (5000000, 'test', now(), '{}', repeat('0', 64), now())"
        )
    assert partition_of(5_000_000) == "ledger_ledgerentry_default"
    for sql in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608 - fixed names
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)


@postgresql_only
def test_ensure_keeps_two_empty_partitions_ahead_and_is_idempotent(db):
    assert range_partitions_ensure(connection, TABLE, RANGE_TABLES[TABLE]) == []
    assert len(partitions()) == 4


@postgresql_only
def test_ensure_turns_a_filled_default_into_a_range_partition_and_keeps_it_append_only(db):
    spec = RangeSpec(column="index", size=10, ahead=2)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE scratch_leaf (id bigint GENERATED BY DEFAULT AS IDENTITY, index bigint NOT NULL, "
            "PRIMARY KEY (id, index)) PARTITION BY RANGE (index)"
        )
        cursor.execute("CREATE TABLE scratch_leaf_p0000 PARTITION OF scratch_leaf FOR VALUES FROM (0) TO (10)")
        cursor.execute("CREATE TABLE scratch_leaf_default PARTITION OF scratch_leaf DEFAULT")
        cursor.execute(
            "CREATE TRIGGER scratch_leaf_trg BEFORE UPDATE OR DELETE ON scratch_leaf "
            "FOR EACH ROW EXECUTE FUNCTION ledger_ledgerentry_append_only()"
        )
        cursor.execute("INSERT INTO scratch_leaf (index) SELECT generate_series(0, 24)")
    assert partition_of_scratch(24) == "scratch_leaf_default"

    created = range_partitions_ensure(connection, "scratch_leaf", spec)

    # Rows 10..24 were in the DEFAULT: it became the partition [10, 30); then two empty ones ahead.
    assert created == ["scratch_leaf_p0001_0002", "scratch_leaf_p0003", "scratch_leaf_p0004"]
    assert [partition_of_scratch(i) for i in (9, 10, 24)] == ["scratch_leaf_p0000", *["scratch_leaf_p0001_0002"] * 2]
    assert catalog("SELECT count(*) FROM scratch_leaf") == [(25,)]
    assert catalog("SELECT count(*) FROM scratch_leaf_default") == [(0,)]
    for table in ("scratch_leaf_p0001_0002", "scratch_leaf_p0004", "scratch_leaf_default"):
        assert catalog("SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass", [table]) == [(1,)]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM scratch_leaf_p0001_0002")
    assert range_partitions_ensure(connection, "scratch_leaf", spec) == []


def partition_of_scratch(index: int) -> str:
    return catalog("SELECT tableoid::regclass::text FROM scratch_leaf WHERE index = %s", [index])[0][0]


@postgresql_only
def test_the_migration_reverses_to_a_plain_table_and_back_keeping_rows_triggers_and_ids(ballots):
    entries = ballots(5)
    tree_head_sign()
    rows = list(LedgerEntry.objects.values_list("pk", "index", "leaf_hash"))

    migrate("ledger", "0001_initial")
    assert catalog("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = %s::regclass", [TABLE]) == [(0,)]
    assert list(LedgerEntry.objects.values_list("pk", "index", "leaf_hash")) == rows
    assert catalog("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s", [f"{TABLE}_pkey"]) == [
        ("PRIMARY KEY (id)",)
    ]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608

    migrate("ledger")
    assert set(partitions()) == {f"{TABLE}_p0000", f"{TABLE}_p0001", f"{TABLE}_p0002", f"{TABLE}_default"}
    assert list(LedgerEntry.objects.values_list("pk", "index", "leaf_hash")) == rows
    # The identity sequence carries on after the copied rows, under its old name.
    assert catalog("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE]) == [(f"public.{TABLE}_id_seq",)]
    (later,) = ballots(1)
    assert later.pk > entries[-1].pk
    assert ledger_verify().ok
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE}_p0000 SET kind = 'x'")  # noqa: S608


@sqlite_only
def test_on_sqlite_the_leaves_are_a_plain_table(ballots):
    before = LedgerEntry.objects.count()
    ballots(2)
    assert partitions_list(connection) == []
    assert range_partitions_ensure(connection, TABLE, RANGE_TABLES[TABLE]) == []
    assert catalog("SELECT type FROM sqlite_master WHERE name = %s", [TABLE]) == [("table",)]
    assert LedgerEntry.objects.count() == before + 2
