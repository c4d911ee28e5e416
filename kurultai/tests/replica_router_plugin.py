"""pytest plugin: run any test suite with the read-replica router on (``-p kurultai.tests.replica_router_plugin``).

With DATABASE_REPLICA_URL set the router sends the reads of safe requests to ``replica_1``.
A test's data lives in a transaction that is rolled back at its end, which a real standby
never sees; so for each test the replica aliases are given the primary's connection (what
Django's test mirrors once did). The routing - aliases on model instances, writes of objects
read from a replica, relations across aliases, pinning after writes - runs as in production.
Tests that declare ``REAL_REPLICA = True`` (test_replica_live.py) keep the real standby.
"""

from __future__ import annotations

import pytest
from django.db import connections

from kurultai.common import dbrouter
from kurultai.common.dbrouter import replica_aliases

DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def _replicas_share_the_test_transaction(request):
    aliases = replica_aliases()
    wants_db = request.node.get_closest_marker("django_db") is not None or bool(DB_FIXTURES & set(request.fixturenames))
    if not aliases or not wants_db or getattr(request.module, "REAL_REPLICA", False):
        yield
        return
    request.getfixturevalue("_django_db_helper")  # the test's own transaction first
    # The replica is the primary's connection here: its lag check would only add a query that
    # the suites' query-count assertions (rightly) do not expect.
    request.getfixturevalue("monkeypatch").setattr(dbrouter, "healthy", lambda alias, check=None: True)
    saved = {alias: connections[alias] for alias in aliases}
    for alias in aliases:
        connections[alias] = connections["default"]
    try:
        yield
    finally:
        for alias, conn in saved.items():
            connections[alias] = conn
