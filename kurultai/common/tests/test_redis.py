"""With REDIS_URL: the cache, sessions (cached_db), rate limits and counters live in Redis.

The live tests use the real Redis at 127.0.0.1:6379 (database 15, a key prefix of their own)
and are skipped when it does not answer.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import RequestFactory

from kurultai.common.errors import DomainError
from kurultai.common.ratelimit import check_rate

ROOT = Path(__file__).resolve().parents[3]
REDIS = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


live = pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379")


def test_redis_url_turns_on_redis_sessions_and_cache():
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    code = (
        "import kurultai.settings as s; print(s.CACHES['default']['BACKEND']); print(s.SESSION_ENGINE); "
        "print(s.DJANGO_REDIS_IGNORE_EXCEPTIONS)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={**clean, "REDIS_URL": REDIS},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == [
        "django_redis.cache.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "True",
    ]


def test_without_redis_url_the_embedded_defaults_stay():
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    code = "import kurultai.settings as s; print(s.CACHES['default']['BACKEND']); print(hasattr(s, 'SESSION_ENGINE'))"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=clean, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache", "False"]


@pytest.fixture
def redis_cache(settings):
    """Point the default cache at the real Redis (own prefix), as REDIS_URL does; empty it after."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": f"kurultai-test-{uuid.uuid4().hex[:8]}",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SOCKET_TIMEOUT": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache = caches["default"]
    yield cache
    cache.delete_pattern("*")


@live
@pytest.mark.django_db
def test_a_session_is_in_redis_and_in_the_database(redis_cache):
    session = SessionStore()
    session["citizen"] = "demo"
    session.save()
    assert redis_cache.get(session.cache_key) == {"citizen": "demo"}
    assert Session.objects.filter(session_key=session.session_key).exists()
    # Redis lost the key (a restart): the session still loads, from the database.
    redis_cache.delete(session.cache_key)
    assert SessionStore(session_key=session.session_key).load() == {"citizen": "demo"}


@live
@pytest.mark.django_db
def test_rate_limits_count_in_redis_across_processes(redis_cache):
    request = RequestFactory().post("/api/v1/x", REMOTE_ADDR="10.9.8.7")
    request.user = type("Anon", (), {"is_authenticated": False})()
    for _ in range(3):
        check_rate(request, group="test.redis", rate="3/m")
    with pytest.raises(DomainError) as refused:
        check_rate(request, group="test.redis", rate="3/m")
    assert refused.value.status == 429
    # The counter is a Redis key any other web process increments too.
    keys = redis_cache.keys("*")
    assert any(key.startswith("rl:") for key in keys)


@live
def test_counters_are_atomic_in_redis(redis_cache):
    redis_cache.set("hot:petition:1", 0)
    for _ in range(50):
        redis_cache.incr("hot:petition:1")
    assert redis_cache.get("hot:petition:1") == 50


def test_a_redis_that_is_down_fails_soft(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    cache = caches["default"]
    assert cache.get("anything") is None
    assert not cache.set("anything", 1)
