"""Petition signatures are hash-partitioned by petition on PostgreSQL (migration 0002,
kurultai.common.partitioning, docs/adr/0005-partitioning.md); a plain table on SQLite."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kurultai.common.partitioning import partitions_list
from kurultai.common.tests.partition_helpers import catalog, migrate
from kurultai.participation import services
from kurultai.participation.models import Signature
from kurultai.participation.tests.factories import PetitionFactory

TABLE = "participation_signature"
pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitioning is PostgreSQL's")


@pytest.fixture
def signed(citizen, make_citizen) -> list[Signature]:
    """Two signatures on each of five petitions."""
    return [
        services.petition_sign(petition=petition, actor=make_citizen())
        for petition in [PetitionFactory(author=citizen) for _ in range(5)]
        for _ in range(2)
    ]


@postgresql_only
def test_signatures_are_hash_partitioned_by_petition_into_16(db):
    assert catalog(
        "SELECT partstrat, pg_get_partkeydef(partrelid) FROM pg_partitioned_table WHERE partrelid = %s::regclass",
        [TABLE],
    ) == [("h", "HASH (petition_id)")]
    (table,) = [t for t in partitions_list(connection) if t.table == TABLE]
    assert (table.strategy, table.key) == ("hash", "petition_id")
    assert {p.name: p.bound for p in table.partitions} == {
        f"{TABLE}_p{r:02d}": f"FOR VALUES WITH (modulus 16, remainder {r})" for r in range(16)
    }
    keys = dict(
        catalog(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('p', 'u')",
            [TABLE],
        )
    )
    assert keys["participation_signature_pkey"] == "PRIMARY KEY (id, petition_id)"
    assert keys["signature_one_per_citizen"] == "UNIQUE (petition_id, citizen_id)"
    # Every unique constraint includes the partition key: PostgreSQL refuses any other.
    assert all("petition_id" in definition for definition in keys.values())


@postgresql_only
def test_a_petitions_signatures_share_the_partition_its_hash_names(signed):
    rows = catalog(
        f"SELECT petition_id, tableoid::regclass::text FROM {TABLE} WHERE id = ANY(%s)",  # noqa: S608
        [[s.pk for s in signed]],
    )
    by_petition: dict[int, set[str]] = {}
    for petition_id, partition in rows:
        by_petition.setdefault(petition_id, set()).add(partition)
    assert len(by_petition) == 5
    for petition_id, (partition,) in by_petition.items():
        remainder = int(partition.rpartition("_p")[2])
        assert catalog(
            "SELECT satisfies_hash_partition(%s::regclass, 16, %s, %s::bigint)", [TABLE, remainder, petition_id]
        ) == [(True,)]


@postgresql_only
def test_the_unique_pair_still_refuses_a_second_signature_across_the_partitioned_table(signed):
    first = signed[0]
    # Each partition enforces its copy of the parent's unique index (named after the partition).
    with pytest.raises(IntegrityError, match=r"Key \(petition_id, citizen_id\)"), transaction.atomic():
        Signature.objects.bulk_create(
            [Signature(petition=first.petition, citizen=first.citizen, region_code="KZ-71", signed_at=timezone.now())]
        )
    with connection.cursor() as cursor:
        # The batch insert (services.sign_many) skips such a row on the partitioned table, it does not fail.
        cursor.execute(
            f"INSERT INTO {TABLE} (petition_id, citizen_id, region_code, signed_at, notify, network, signer) "  # noqa: S608
            "SELECT petition_id, citizen_id, 'KZ-71', now(), false, '', signer FROM participation_signature "
            "WHERE id = %s ON CONFLICT DO NOTHING RETURNING id",
            [first.pk],
        )
        assert cursor.fetchall() == []
        cursor.execute(
            f"INSERT INTO {TABLE} (petition_id, citizen_id, region_code, signed_at, notify, network, signer) "  # noqa: S608
            "SELECT petition_id, citizen_id, 'KZ-71', now(), false, '', signer FROM participation_signature "
            "WHERE id = %s ON CONFLICT (petition_id, citizen_id) DO NOTHING RETURNING id",
            [first.pk],
        )
        assert cursor.fetchall() == []


@postgresql_only
def test_a_second_signature_through_the_api_is_still_409(client, bearer, signed):
    first = signed[0]
    response = client.post(
        f"/api/v1/petitions/{first.petition.slug}/signatures",
        json.dumps({}),
        content_type="application/json",
        **bearer(first.citizen.user),
    )
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")


@postgresql_only
def test_the_migration_reverses_to_a_plain_table_and_back_keeping_rows(signed):
    rows = list(Signature.objects.order_by("pk").values_list("pk", "petition_id", "citizen_id", "region_code"))
    # Deferred foreign-key checks of this test's inserts must not be pending while the table is rebuilt.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    migrate("participation", "0001_initial")
    assert catalog("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = %s::regclass", [TABLE]) == [(0,)]
    assert list(Signature.objects.order_by("pk").values_list("pk", "petition_id", "citizen_id", "region_code")) == rows

    migrate("participation")
    assert len(next(t for t in partitions_list(connection) if t.table == TABLE).partitions) == 16
    assert list(Signature.objects.order_by("pk").values_list("pk", "petition_id", "citizen_id", "region_code")) == rows
    petition = signed[0].petition
    later = services.petition_sign(petition=petition, actor=signed[2].citizen.user)
    assert later.pk > rows[-1][0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plain-table case")
def test_on_sqlite_signatures_are_a_plain_table(signed):
    assert partitions_list(connection) == []
    assert catalog("SELECT type FROM sqlite_master WHERE name = %s", [TABLE]) == [("table",)]
    assert Signature.objects.filter(pk__in=[s.pk for s in signed]).count() == 10
