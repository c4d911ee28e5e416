"""Settings parse the environment strictly; production refuses unsafe values; the audit trail is append-only."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction

from kurultai import settings as kurultai_settings
from kurultai.common.models import AppendOnlyError, AuditEntry
from kurultai.common.services import audit_log

ROOT = Path(__file__).resolve().parents[3]
GOOD_SECRET = "s" * 50
PG_URL = "postgres://kurultai:secret@db.internal:5432/kurultai"
LEDGER_KEY = base64.b64encode(bytes(range(32))).decode()
SAFE_PRODUCTION = {
    "KURULTAI_ENV": "production",
    "DATABASE_URL": PG_URL,
    "DEBUG": "false",
    "SECRET_KEY": GOOD_SECRET,
    "IIN_HASH_KEY": GOOD_SECRET,
    "LEDGER_SIGNING_KEY": LEDGER_KEY,
}


# ---------------------------------------------------------------- strict parsers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), (" on ", True), ("0", False), ("False", False), ("no", False),
     ("off", False)],
)
def test_env_bool_accepts_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("KURULTAI_TEST_FLAG", raw)
    assert kurultai_settings.env_bool("KURULTAI_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_default_when_unset_or_empty(monkeypatch, default):
    monkeypatch.delenv("KURULTAI_TEST_FLAG", raising=False)
    assert kurultai_settings.env_bool("KURULTAI_TEST_FLAG", default) is default
    monkeypatch.setenv("KURULTAI_TEST_FLAG", "")
    assert kurultai_settings.env_bool("KURULTAI_TEST_FLAG", default) is default


@pytest.mark.parametrize("raw", ["maybe", "2", "tru", "y e s", "да"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("KURULTAI_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="KURULTAI_TEST_FLAG must be a boolean"):
        kurultai_settings.env_bool("KURULTAI_TEST_FLAG", False)


@pytest.mark.parametrize(("raw", "expected"), [("0", 0), ("42", 42), ("007", 7)])
def test_env_int_parses_integers(monkeypatch, raw, expected):
    monkeypatch.setenv("KURULTAI_TEST_INT", raw)
    assert kurultai_settings.env_int("KURULTAI_TEST_INT", 5) == expected


def test_env_int_default_when_unset(monkeypatch):
    monkeypatch.delenv("KURULTAI_TEST_INT", raising=False)
    assert kurultai_settings.env_int("KURULTAI_TEST_INT", 5) == 5


@pytest.mark.parametrize("raw", ["abc", "1.5", "1e3", "ten", "0x10"])
def test_env_int_refuses_non_integers(monkeypatch, raw):
    monkeypatch.setenv("KURULTAI_TEST_INT", raw)
    with pytest.raises(ImproperlyConfigured, match="KURULTAI_TEST_INT must be an integer"):
        kurultai_settings.env_int("KURULTAI_TEST_INT", 5)


def test_env_int_refuses_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("KURULTAI_TEST_INT", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        kurultai_settings.env_int("KURULTAI_TEST_INT", 5)


def test_database_from_url_reads_every_part(monkeypatch):
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    db = kurultai_settings.database_from_url("postgresql://us%40er:p%2Fss@db.internal:6543/kurultai?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "kurultai", "us@er", "p/ss", "db.internal", "6543",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}
    assert db["TEST"] == {"NAME": "test_kurultai"}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "must be a postgres:// URL"),
        ("sqlite:///var/db.sqlite3", "must be a postgres:// URL"),
        ("not a url", "must be a postgres:// URL"),
        ("postgres://u@h", "must name a database"),
        ("postgres://u@h/", "must name a database"),
        ("postgres://u@h:port/db", "invalid port"),
        ("postgres://u@h:99999/db", "invalid port"),
    ],
)
def test_database_from_url_refuses_bad_urls(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        kurultai_settings.database_from_url(url)


def test_env_key32_reads_a_base64_key(monkeypatch):
    monkeypatch.setenv("KURULTAI_TEST_KEY", LEDGER_KEY)
    assert kurultai_settings.env_key32("KURULTAI_TEST_KEY") == bytes(range(32))


def test_env_key32_is_none_when_unset(monkeypatch):
    monkeypatch.delenv("KURULTAI_TEST_KEY", raising=False)
    assert kurultai_settings.env_key32("KURULTAI_TEST_KEY") is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("not base64!", "must be standard base64"),
        (base64.b64encode(b"short").decode(), "must decode to 32 bytes, got 5"),
        (base64.b64encode(bytes(64)).decode(), "must decode to 32 bytes, got 64"),
    ],
)
def test_env_key32_refuses_bad_keys(monkeypatch, raw, message):
    monkeypatch.setenv("KURULTAI_TEST_KEY", raw)
    with pytest.raises(ImproperlyConfigured, match=message):
        kurultai_settings.env_key32("KURULTAI_TEST_KEY")


def test_database_from_url_refuses_a_bad_connection_age(monkeypatch):
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "forever")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_CONN_MAX_AGE"):
        kurultai_settings.database_from_url(PG_URL)


# ---------------------------------------------------------------- start-up in a fresh process


def import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings module in a fresh interpreter with exactly these variables."""
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    return subprocess.run(
        [sys.executable, "-c", "import kurultai.settings"],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_default_configuration_starts():
    result = import_settings()
    assert result.returncode == 0, result.stderr


def test_a_safe_production_configuration_starts():
    result = import_settings(**SAFE_PRODUCTION)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": ""}, "production refuses SQLite"),
        ({"DEBUG": "true"}, "production refuses DEBUG"),
        ({"SECRET_KEY": ""}, "production refuses the default or a short SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "production refuses the default or a short SECRET_KEY"),
        ({"SECRET_KEY": kurultai_settings.DEFAULT_SECRET_KEY}, "production refuses the default or a short SECRET_KEY"),
        ({"IIN_HASH_KEY": kurultai_settings.DEFAULT_SECRET_KEY}, "production refuses the default IIN_HASH_KEY"),
        ({"LEDGER_SIGNING_KEY": ""}, "production refuses a missing LEDGER_SIGNING_KEY"),
    ],
    ids=["sqlite", "debug", "no-secret", "short-secret", "default-secret", "default-iin-key", "no-ledger-key"],
)
def test_production_refuses_unsafe_values(env, message):
    result = import_settings(**{**SAFE_PRODUCTION, **env})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_defaults_debug_to_off_and_still_refuses_sqlite():
    result = import_settings(**{k: v for k, v in SAFE_PRODUCTION.items() if k not in {"DEBUG", "DATABASE_URL"}})
    assert result.returncode != 0
    assert "production refuses SQLite" in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KURULTAI_ENV": "staging"}, "KURULTAI_ENV must be development, test or production"),
        ({"DEBUG": "sometimes"}, "DEBUG must be a boolean"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL must be a postgres:// URL"),
        ({"REDIS_URL": "memcached://h"}, "REDIS_URL must be a redis:// URL"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be a logging level"),
        ({"KURULTAI_DEMO": "2"}, "KURULTAI_DEMO must be a boolean"),
    ],
)
def test_bad_values_stop_the_start(env, message):
    result = import_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_redis_url_switches_the_cache():
    code = "import kurultai.settings as s; print(s.CACHES['default']['BACKEND'])"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={"PATH": os.environ["PATH"], "REDIS_URL": "redis://127.0.0.1:6379/1"},
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )
    assert result.stdout.strip() == "django_redis.cache.RedisCache"


# ---------------------------------------------------------------- the audit trail is append-only


@pytest.fixture
def entry(db) -> AuditEntry:
    return audit_log(action="common.test.appended", data={"n": 1})


def test_an_entry_cannot_be_saved_again(entry):
    entry.action = "common.test.rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_a_queryset_update_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="common.test.rewritten")


def test_a_queryset_delete_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_the_entry_is_unchanged_after_the_attempts(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(data={})
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.data) == ("common.test.appended", {"n": 1})


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


@postgresql_only
def test_postgresql_refuses_a_raw_update(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE common_auditentry SET action = %s WHERE id = %s", ["common.test.forged", entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "common.test.appended"


@postgresql_only
def test_postgresql_refuses_a_raw_delete(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM common_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
