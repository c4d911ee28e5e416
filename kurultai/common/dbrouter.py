"""Reads to PostgreSQL read replicas, everything else to the primary (docs/deployment.md).

Only the reads of a *safe* web request (GET, HEAD, OPTIONS) go to a replica, and only while
that request is outside a transaction and has not written. The primary answers:

- every write (``db_for_write``), and every read after a write in the same request;
- every read inside ``transaction.atomic`` (a service's check-then-do must see the rows it locks);
- every read of an unsafe request (POST, PUT, PATCH, DELETE), whatever the handler does;
- the reads of a client who wrote in the last ``DATABASE_PIN_SECONDS``: after a write the
  response carries a short-lived signed cookie, so the next page load - served by any web
  process on any machine - still reads from the primary and shows the client's own write;
- reads outside a web request (commands, background jobs): they are rare and often decide a
  write, so they do not risk a stale answer.

A process reads from one replica (chosen by its process id, so processes spread over the
replicas) and stays on it: a public page cached under the newest audit entry id it read
(``pagecache.py``) was built from the same replica, never from one further behind. A replica
that refuses connections, or that lags more than ``DATABASE_REPLICA_MAX_LAG`` seconds, is
skipped for a few seconds; the primary takes its reads.

Without ``DATABASE_REPLICA_URL`` this router is not installed and nothing changes.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

DEFAULT = "default"
PIN_COOKIE = "kurultai_rw"
PIN_SALT = "kurultai.common.dbrouter.pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HEALTH_TTL = 2.0  # seconds a process trusts its last check of a replica

log = logging.getLogger(__name__)


@dataclass
class RequestState:
    """Where this request's reads go: ``replica`` (an alias) unless pinned or written."""

    replica: str | None
    pinned: bool = False
    wrote: bool = False


_state: ContextVar[RequestState | None] = ContextVar("kurultai_db_request", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def _in_write() -> bool:
    """True inside a transaction on the primary (the test runner's own wrapping one aside)."""
    conn = connections[DEFAULT]
    if conn.in_atomic_block:
        return any(not getattr(block, "_from_testcase", False) for block in conn.atomic_blocks)
    return conn.connection is not None and not conn.autocommit


def read_alias() -> str:
    state = _state.get()
    if state is None or state.replica is None or state.pinned or state.wrote or _in_write():
        return DEFAULT
    return state.replica


class PrimaryReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        state = _state.get()
        if state is not None:
            state.wrote = True
        return DEFAULT

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT  # standbys replay the primary's schema


@contextmanager
def request_scope(*, replica: str | None, pinned: bool = False) -> Iterator[RequestState]:
    """Route this context's reads as one web request's (used by the middleware and tests)."""
    state = RequestState(replica=replica, pinned=pinned)
    token = _state.set(state)
    try:
        yield state
    finally:
        _state.reset(token)


# ---------------------------------------------------------------- replica health

_health: dict[str, tuple[float, bool]] = {}


def replica_lag_seconds(alias: str) -> float:
    """Seconds the standby's replay is behind what it has received (0 when caught up)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN pg_last_wal_receive_lsn() IS NULL"
            " OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
            " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
        )
        row = cursor.fetchone()
    return float(row[0]) if row else 0.0


def _check(alias: str) -> bool:
    try:
        lag = replica_lag_seconds(alias)
    except DatabaseError as exc:
        log.warning("read replica %s is unavailable; reading from the primary: %s", alias, exc.__class__.__name__)
        connections[alias].close()
        return False
    if lag > settings.DATABASE_REPLICA_MAX_LAG:
        log.warning("read replica %s lags %.0f s; reading from the primary", alias, lag)
        return False
    return True


def healthy(alias: str, *, check: Callable[[str], bool] = _check, now: float | None = None) -> bool:
    moment = time.monotonic() if now is None else now
    checked_at, ok = _health.get(alias, (float("-inf"), True))
    if moment - checked_at > HEALTH_TTL:
        ok = check(alias)
        _health[alias] = (moment, ok)
    return ok


def choose_replica(aliases: list[str], *, pid: int | None = None, check: Callable[[str], bool] = _check) -> str | None:
    """This process's replica, or the next healthy one after it, or None (read from the primary)."""
    if not aliases:
        return None
    start = (os.getpid() if pid is None else pid) % len(aliases)
    for offset in range(len(aliases)):
        alias = aliases[(start + offset) % len(aliases)]
        if healthy(alias, check=check):
            return alias
    return None


# ---------------------------------------------------------------- middleware


def is_pinned(request: HttpRequest) -> bool:
    value = request.get_signed_cookie(PIN_COOKIE, default=None, salt=PIN_SALT, max_age=settings.DATABASE_PIN_SECONDS)
    return value is not None


def pin(response: HttpResponse) -> None:
    seconds = settings.DATABASE_PIN_SECONDS
    response.set_signed_cookie(
        PIN_COOKIE,
        "1",
        salt=PIN_SALT,
        max_age=seconds,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


class ReadYourWritesMiddleware:
    """Give each request its read routing; pin a client that wrote to the primary for a while."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.aliases = replica_aliases()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.aliases:
            return self.get_response(request)
        unsafe = request.method not in SAFE_METHODS
        pinned = unsafe or is_pinned(request)
        replica = None if pinned else choose_replica(self.aliases)
        with request_scope(replica=replica, pinned=pinned) as state:
            response = self.get_response(request)
        # An unsafe request may have written through another thread (the signing desk's
        # leader writes for the others), so its success pins the client as a write would.
        if state.wrote or (unsafe and response.status_code < 400):
            pin(response)
        return response


def _reset_health_for_tests() -> None:
    _health.clear()
