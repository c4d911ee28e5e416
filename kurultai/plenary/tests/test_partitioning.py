"""Ballots are hash-partitioned by vote on PostgreSQL (migration 0003, kurultai.common.partitioning,
docs/adr/0005-partitioning.md); the open-vote trigger holds on every partition; plain on SQLite."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from kurultai.accounts.permissions import SYSTEM
from kurultai.common.errors import DomainError
from kurultai.common.partitioning import partitions_list
from kurultai.common.tests.partition_helpers import catalog, migrate
from kurultai.plenary import services
from kurultai.plenary.models import Ballot
from kurultai.plenary.tests.factories import VoteEventFactory

TABLE = "plenary_ballot"
pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitioning is PostgreSQL's")


@pytest.fixture
def votes(seated) -> list:
    """Three closed votes with three ballots each."""
    return [VoteEventFactory(state="closed", ballots={d.slug: "yes" for d in seated[:3]}) for _ in range(3)]


@postgresql_only
def test_ballots_are_hash_partitioned_by_vote_into_8(db):
    assert catalog(
        "SELECT partstrat, pg_get_partkeydef(partrelid) FROM pg_partitioned_table WHERE partrelid = %s::regclass",
        [TABLE],
    ) == [("h", "HASH (vote_event_id)")]
    (table,) = [t for t in partitions_list(connection) if t.table == TABLE]
    assert [p.name for p in table.partitions] == [f"{TABLE}_p{r}" for r in range(8)]
    assert catalog(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('p', 'u') ORDER BY conname",
        [TABLE],
    ) == [
        ("plenary_ballot_one_per_deputy", "UNIQUE (vote_event_id, deputy_id)"),
        ("plenary_ballot_pkey", "PRIMARY KEY (id, vote_event_id)"),
    ]


@postgresql_only
def test_a_votes_ballots_share_one_partition(votes):
    rows = catalog(
        f"SELECT vote_event_id, array_agg(DISTINCT tableoid::regclass::text) FROM {TABLE} "  # noqa: S608
        "WHERE vote_event_id = ANY(%s) GROUP BY vote_event_id",
        [[v.pk for v in votes]],
    )
    assert len(rows) == 3
    for vote_id, (partition,) in rows:
        remainder = int(partition.rpartition("_p")[2])
        assert catalog(
            "SELECT satisfies_hash_partition(%s::regclass, 8, %s, %s::bigint)", [TABLE, remainder, vote_id]
        ) == [(True,)]


@postgresql_only
def test_one_ballot_per_deputy_is_still_the_databases_rule(seated):
    vote = VoteEventFactory(ballots={seated[0].slug: "yes"})
    # Each partition enforces its copy of the parent's unique index (named after the partition).
    with pytest.raises(IntegrityError, match=r"Key \(vote_event_id, deputy_id\)"), transaction.atomic():
        Ballot.objects.bulk_create([Ballot(vote_event=vote, deputy=seated[0], option="no", cast_at=timezone.now())])
    with pytest.raises(DomainError) as refused:
        services.ballot_cast(vote_event=vote, user=SYSTEM, option="no", deputy=seated[0].slug)
    assert refused.value.status == 409


@postgresql_only
def test_the_open_vote_trigger_refuses_changes_on_the_partition_itself(votes):
    (partition,) = catalog(
        f"SELECT DISTINCT tableoid::regclass::text FROM {TABLE} WHERE vote_event_id = %s",  # noqa: S608
        [votes[0].pk],
    )[0]
    for sql in (f"UPDATE {partition} SET option = 'no'", f"DELETE FROM {partition}"):  # noqa: S608 - catalog name
        with (
            pytest.raises(DatabaseError, match="only while their vote is open"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql + " WHERE vote_event_id = %s", [votes[0].pk])


@postgresql_only
def test_the_migration_reverses_to_a_plain_table_and_back_keeping_rows_and_the_trigger(votes):
    rows = list(Ballot.objects.order_by("pk").values_list("pk", "vote_event_id", "deputy_id", "option"))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    migrate("plenary", "0002_immutable_results")
    assert catalog("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = %s::regclass", [TABLE]) == [(0,)]
    assert list(Ballot.objects.order_by("pk").values_list("pk", "vote_event_id", "deputy_id", "option")) == rows

    migrate("plenary")
    assert len(next(t for t in partitions_list(connection) if t.table == TABLE).partitions) == 8
    assert list(Ballot.objects.order_by("pk").values_list("pk", "vote_event_id", "deputy_id", "option")) == rows
    with pytest.raises(DatabaseError, match="only while their vote is open"), transaction.atomic():
        Ballot.objects.filter(vote_event=votes[0]).update(option="no")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plain-table case")
def test_on_sqlite_ballots_are_a_plain_table(votes):
    assert partitions_list(connection) == []
    assert catalog("SELECT type FROM sqlite_master WHERE name = %s", [TABLE]) == [("table",)]
    assert Ballot.objects.filter(vote_event__in=votes).count() == 9
