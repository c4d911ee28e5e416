"""The router against a real streaming standby (run by .ci/run after the PostgreSQL suite).

Needs DATABASE_URL (the primary), DATABASE_REPLICA_URL (the standby, as ``replica_1``) and
KURULTAI_REPLICA_TEST_URL; skipped otherwise. Replay on the standby is paused with
``pg_wal_replay_pause()`` so a read that goes there is provably stale, and resumed after.
"""

from __future__ import annotations

import os
import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import RequestFactory

from kurultai.common import dbrouter
from kurultai.common.dbrouter import PIN_COOKIE, ReadYourWritesMiddleware, read_alias, request_scope
from kurultai.common.models import AuditEntry
from kurultai.common.services import audit_log

REAL_REPLICA = True  # kurultai/tests/replica_router_plugin.py leaves these tests on the real standby
LIVE = bool(os.environ.get("KURULTAI_REPLICA_TEST_URL")) and "replica_1" in settings.DATABASES

pytestmark = [
    pytest.mark.skipif(not LIVE, reason="no streaming replica (KURULTAI_REPLICA_TEST_URL unset)"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica_1"]),
]


def _one(alias: str, sql: str) -> object:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def wait_for_replay(timeout: float = 20.0) -> None:
    """Until the standby has replayed everything the primary has written so far."""
    target = _one("default", "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        behind = _one("replica_1", f"SELECT pg_wal_lsn_diff('{target}', pg_last_wal_replay_lsn())")
        if behind is not None and float(behind) <= 0:
            return
        time.sleep(0.05)
    raise AssertionError(f"the standby did not replay up to {target} within {timeout} s")


@pytest.fixture
def paused_replica():
    """The standby, caught up, then frozen: nothing the primary commits from now on shows there."""
    dbrouter._reset_health_for_tests()
    wait_for_replay()
    _one("replica_1", "SELECT pg_wal_replay_pause()::text")
    try:
        yield
    finally:
        _one("replica_1", "SELECT pg_wal_replay_resume()::text")
        dbrouter._reset_health_for_tests()


def _entry(action: str) -> AuditEntry:
    return audit_log(action=action, data={"test": "replica"})


def test_the_replica_is_a_standby_of_the_primary():
    assert _one("replica_1", "SELECT pg_is_in_recovery()") is True
    assert _one("default", "SELECT pg_is_in_recovery()") is False
    entry = _entry("test.replica.caught_up")
    wait_for_replay()
    with request_scope(replica="replica_1"):
        assert read_alias() == "replica_1"
        assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_routed_read_is_stale_while_replay_is_paused_and_catches_up_after(paused_replica):
    entry = _entry("test.replica.stale")
    with request_scope(replica="replica_1"):
        assert not AuditEntry.objects.filter(pk=entry.pk).exists()  # the standby has not seen it
        with transaction.atomic():
            assert AuditEntry.objects.filter(pk=entry.pk).exists()  # inside a write: the primary
    assert AuditEntry.objects.filter(pk=entry.pk).exists()  # outside a request: the primary
    lag = dbrouter.replica_lag_seconds("replica_1")
    assert lag >= 0
    _one("replica_1", "SELECT pg_wal_replay_resume()::text")
    wait_for_replay()
    with request_scope(replica="replica_1"):
        assert AuditEntry.objects.filter(pk=entry.pk).exists()


def _sign(request: HttpRequest) -> HttpResponse:
    entry = _entry("test.replica.own_write")
    return JsonResponse({"id": entry.pk}, status=201)


def _look(request: HttpRequest) -> HttpResponse:
    pk = int(request.GET["id"])
    return JsonResponse({"seen": AuditEntry.objects.filter(pk=pk).exists(), "alias": read_alias()})


def test_a_pinned_read_sees_the_users_own_write_in_another_process(paused_replica):
    import json

    factory = RequestFactory()
    # Two middleware instances stand for two web processes: they share only the cookie.
    writer_process = ReadYourWritesMiddleware(_sign)
    reader_process = ReadYourWritesMiddleware(_look)
    written = writer_process(factory.post("/api/v1/x"))
    pk = json.loads(written.content)["id"]
    cookie = written.cookies[PIN_COOKIE].value

    pinned = factory.get("/ru/x", {"id": pk})
    pinned.COOKIES[PIN_COOKIE] = cookie
    assert json.loads(reader_process(pinned).content) == {"seen": True, "alias": "default"}

    stranger = factory.get("/ru/x", {"id": pk})
    assert json.loads(reader_process(stranger).content) == {"seen": False, "alias": "replica_1"}


def test_a_lagging_replica_is_skipped(paused_replica, settings):
    _entry("test.replica.lag")
    time.sleep(1.2)
    _entry("test.replica.lag")  # received but not replayed: the standby is now behind
    settings.DATABASE_REPLICA_MAX_LAG = 1
    assert dbrouter.replica_lag_seconds("replica_1") > 1
    assert dbrouter.choose_replica(["replica_1"]) is None
