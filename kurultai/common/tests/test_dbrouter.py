"""The read-replica router: which alias answers which read, and the read-your-writes cookie.

These run without a replica (the router's decisions are plain data); test_replica_live.py
runs the same rules against a real streaming standby when KURULTAI_REPLICA_TEST_URL is set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import signing
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from kurultai.common import dbrouter
from kurultai.common.dbrouter import (
    PIN_COOKIE,
    PrimaryReplicaRouter,
    ReadYourWritesMiddleware,
    choose_replica,
    read_alias,
    request_scope,
)
from kurultai.common.models import AuditEntry

ROOT = Path(__file__).resolve().parents[3]
router = PrimaryReplicaRouter()


@pytest.fixture(autouse=True)
def _fresh_health():
    dbrouter._reset_health_for_tests()
    yield
    dbrouter._reset_health_for_tests()


# ---------------------------------------------------------------- routing decisions


def test_reads_outside_a_web_request_go_to_the_primary():
    assert router.db_for_read(AuditEntry) == "default"


def test_a_safe_request_reads_from_its_replica():
    with request_scope(replica="replica_1"):
        assert router.db_for_read(AuditEntry) == "replica_1"


def test_writes_go_to_the_primary_and_pin_the_rest_of_the_request():
    with request_scope(replica="replica_1") as state:
        assert router.db_for_write(AuditEntry) == "default"
        assert state.wrote
        assert router.db_for_read(AuditEntry) == "default"


def test_a_pinned_request_reads_from_the_primary():
    with request_scope(replica="replica_1", pinned=True):
        assert router.db_for_read(AuditEntry) == "default"


def test_without_a_healthy_replica_reads_go_to_the_primary():
    with request_scope(replica=None):
        assert router.db_for_read(AuditEntry) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_go_to_the_primary():
    with request_scope(replica="replica_1"):
        # The test runner's own wrapping transaction does not count as a write...
        assert read_alias() == "replica_1"
        with transaction.atomic():
            assert read_alias() == "default"
            with transaction.atomic():
                assert read_alias() == "default"
        assert read_alias() == "replica_1"


def test_the_scope_ends_with_the_request():
    with request_scope(replica="replica_1"):
        pass
    assert read_alias() == "default"


def test_only_the_primary_is_migrated_and_relations_cross_aliases():
    assert router.allow_migrate("default", "common")
    assert not router.allow_migrate("replica_1", "common")
    assert router.allow_relation(object(), object())


# ---------------------------------------------------------------- choosing a replica


def test_each_process_sticks_to_one_replica_and_processes_spread():
    aliases = ["replica_1", "replica_2"]

    def ok(alias):
        return True

    assert choose_replica(aliases, pid=10, check=ok) == "replica_1"
    assert choose_replica(aliases, pid=11, check=ok) == "replica_2"
    assert choose_replica(aliases, pid=11, check=ok) == "replica_2"


def test_an_unhealthy_replica_is_skipped_and_none_left_means_the_primary():
    aliases = ["replica_1", "replica_2"]
    assert choose_replica(aliases, pid=10, check=lambda alias: alias != "replica_1") == "replica_2"
    dbrouter._reset_health_for_tests()
    assert choose_replica(aliases, pid=10, check=lambda alias: False) is None
    assert choose_replica([], pid=10) is None


def test_a_health_answer_is_reused_for_a_moment_then_checked_again():
    calls = []

    def check(alias):
        calls.append(alias)
        return False

    assert not dbrouter.healthy("replica_1", check=check, now=100.0)
    assert not dbrouter.healthy("replica_1", check=lambda alias: True, now=101.0)  # cached
    assert dbrouter.healthy("replica_1", check=lambda alias: True, now=103.0)  # checked again
    assert calls == ["replica_1"]


# ---------------------------------------------------------------- the middleware and the cookie


@pytest.fixture
def replicated(monkeypatch):
    """A middleware that believes one healthy replica, replica_1, exists."""
    monkeypatch.setattr(dbrouter, "healthy", lambda alias, check=None: True)
    seen = {}

    def make(view):
        def get_response(request):
            response = view(request)
            seen["alias"] = read_alias()
            return response

        mw = ReadYourWritesMiddleware(get_response)
        mw.aliases = ["replica_1"]
        return mw

    return make, seen


def _reader(request):
    return HttpResponse("ok")


def _writer(request):
    router.db_for_write(AuditEntry)
    return HttpResponse("ok")


def test_a_get_reads_from_the_replica_and_sets_no_cookie(replicated):
    make, seen = replicated
    response = make(_reader)(RequestFactory().get("/ru/petitions/"))
    assert seen["alias"] == "replica_1"
    assert PIN_COOKIE not in response.cookies


def test_a_successful_post_reads_from_the_primary_and_pins_the_client(replicated, settings):
    make, seen = replicated
    response = make(_reader)(RequestFactory().post("/api/v1/petitions/x/signatures"))
    assert seen["alias"] == "default"
    morsel = response.cookies[PIN_COOKIE]
    assert morsel["max-age"] == settings.DATABASE_PIN_SECONDS
    assert morsel["httponly"]


def test_a_refused_post_does_not_pin(replicated):
    make, _seen = replicated
    response = make(lambda request: HttpResponse(status=409))(RequestFactory().post("/api/v1/x"))
    assert PIN_COOKIE not in response.cookies


def test_a_get_that_writes_pins_the_client(replicated):
    make, seen = replicated
    response = make(_writer)(RequestFactory().get("/ru/"))
    assert seen["alias"] == "default"
    assert PIN_COOKIE in response.cookies


def test_the_cookie_pins_the_next_reads_to_the_primary(replicated):
    make, seen = replicated
    first = make(_reader)(RequestFactory().post("/api/v1/x"))
    request = RequestFactory().get("/ru/petitions/")
    request.COOKIES[PIN_COOKIE] = first.cookies[PIN_COOKIE].value
    make(_reader)(request)
    assert seen["alias"] == "default"


def test_an_expired_or_forged_cookie_does_not_pin(replicated, monkeypatch, settings):
    make, seen = replicated
    settings.DATABASE_PIN_SECONDS = 5
    monkeypatch.setattr(signing.time, "time", lambda: 1_000_000.0)
    old = make(_reader)(RequestFactory().post("/api/v1/x")).cookies[PIN_COOKIE].value
    monkeypatch.undo()
    monkeypatch.setattr(dbrouter, "healthy", lambda alias, check=None: True)
    for value in (old, "1", old.replace(":", ";", 1)):
        request = RequestFactory().get("/ru/")
        request.COOKIES[PIN_COOKIE] = value
        make(_reader)(request)
        assert seen["alias"] == "replica_1"


def test_without_replicas_the_middleware_changes_nothing():
    seen = {}

    def get_response(request):
        seen["alias"] = read_alias()
        return HttpResponse("ok")

    response = ReadYourWritesMiddleware(get_response)(RequestFactory().post("/api/v1/x"))
    assert seen["alias"] == "default"
    assert PIN_COOKIE not in response.cookies


# ---------------------------------------------------------------- settings


def _settings_with(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    code = (
        "import json, kurultai.settings as s; "
        "print(json.dumps({a: [d['PORT'], d['TEST']] for a, d in s.DATABASES.items()}));"
        "print(getattr(s, 'DATABASE_ROUTERS', []))"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_replica_urls_become_mirrored_aliases_and_install_the_router():
    result = _settings_with(
        DATABASE_URL="postgres://k@db1:5432/kurultai",
        DATABASE_REPLICA_URL="postgres://k@db2:5433/kurultai, postgres://k@db3:5434/kurultai",
    )
    assert result.returncode == 0, result.stderr
    aliases, routers = result.stdout.strip().splitlines()
    databases = json.loads(aliases)
    assert list(databases) == ["default", "replica_1", "replica_2"]
    assert databases["replica_2"] == ["5434", {"MIRROR": "default"}]
    assert "PrimaryReplicaRouter" in routers


def test_no_replica_urls_no_router():
    result = _settings_with(DATABASE_URL="postgres://k@db1:5432/kurultai")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_REPLICA_URL": "postgres://k@db2/kurultai"}, "DATABASE_REPLICA_URL needs DATABASE_URL"),
        (
            {"DATABASE_URL": "postgres://k@db1/kurultai", "DATABASE_REPLICA_URL": "mysql://k@db2/kurultai"},
            "DATABASE_REPLICA_URL must be a postgres:// URL",
        ),
    ],
)
def test_bad_replica_settings_are_refused(env, message):
    result = _settings_with(**env)
    assert result.returncode != 0
    assert message in result.stderr
