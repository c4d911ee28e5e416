"""insert_rows stores exactly what bulk_create stores, in one statement."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurultai.accounts.services import user_create
from kurultai.common.bulk import insert_rows
from kurultai.common.models import AuditEntry

FIELDS = ("at", "action", "actor", "object_type", "object_id", "data")
AT = datetime(2026, 9, 1, 10, 0, 0, 123456, tzinfo=UTC)


@pytest.mark.django_db
def test_the_rows_are_those_bulk_create_stores():
    user = user_create(username="bulk-clerk", password=None, roles=[])
    data = {"deputy": "Әлия Қасымова", "option": "yes", "nested": {"n": [1, 2, None]}}
    orm = AuditEntry.objects.bulk_create(
        [AuditEntry(action="test.bulk", actor=user, object_type="plenary.voteevent", object_id="v-1", data=data)]
    )[0]
    with CaptureQueriesContext(connection) as queries:
        ids = insert_rows(
            AuditEntry,
            FIELDS,
            [(AT, "test.bulk", user.pk, "plenary.voteevent", "v-1", data), (AT, "test.bulk", None, "", "", {})],
            returning="id",
        )
    assert len(queries) == 1
    first, second = (AuditEntry.objects.get(pk=pk) for pk in ids)
    ours = AuditEntry.objects.get(pk=orm.pk)
    for field in ("action", "actor_id", "object_type", "object_id", "data"):
        assert getattr(first, field) == getattr(ours, field), field
    assert first.at == AT
    assert (second.actor_id, second.data) == (None, {})
    assert AuditEntry.objects.filter(data__deputy="Әлия Қасымова").count() == 2  # JSON queries still match


@pytest.mark.django_db
def test_returning_follows_the_rows_order():
    rows = [(AT, f"test.order.{n}", None, "", str(n), {"n": n}) for n in range(40)]
    ids = insert_rows(AuditEntry, FIELDS, rows, returning="id")
    assert [AuditEntry.objects.get(pk=pk).object_id for pk in ids] == [str(n) for n in range(40)]


@pytest.mark.django_db
def test_nothing_to_insert_runs_no_query_and_a_short_row_is_refused():
    with CaptureQueriesContext(connection) as queries:
        assert insert_rows(AuditEntry, FIELDS, [], returning="id") == []
    assert len(queries) == 0
    with pytest.raises(ValueError, match="5 values for 6 fields"):
        insert_rows(AuditEntry, FIELDS, [(AT, "test.short", None, "", "")])
    assert not AuditEntry.objects.filter(action="test.short").exists()
