"""Kill -9 the server in the middle of a vote, restart it: every ballot that got a 2xx is there, none twice,
and the public record verifies (PostgreSQL; the production server, granian, on the test database)."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from kurultai.ledger.models import LedgerEntry
from kurultai.ledger.services import ledger_verify
from kurultai.plenary import selectors
from kurultai.plenary.models import Ballot
from kurultai.plenary.tests.factories import VoteEventFactory
from kurultai.plenary.tests.helpers import deputy_session
from kurultai.portal.demo import demo_load

GRANIAN = Path(settings.BASE_DIR) / ".venv" / "bin" / "granian"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def server() -> Iterator[dict[str, object]]:
    """Start and hard-kill granian serving the test database; yields its port and a restart function."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "false", "KURULTAI_PAGE_CACHE": "false"}
    env["LOG_LEVEL"] = "ERROR"
    args = [str(GRANIAN), "--interface", "wsgi", "--host", HOST, "--port", str(port), "--workers", "2"]
    args += ["--blocking-threads", "4", "--no-ws", "kurultai.wsgi:application"]
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        proc = subprocess.Popen(  # noqa: S603 - our own server binary
            args, cwd=settings.BASE_DIR, env=env, start_new_session=True, stdout=subprocess.DEVNULL
        )
        procs.append(proc)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def kill() -> None:
        os.killpg(procs[-1].pid, signal.SIGKILL)
        procs[-1].wait(timeout=10)

    yield {"port": port, "start": start, "kill": kill}
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def post_ballot(port: int, path: str, cookies: dict[str, str], option: str) -> int | None:
    """The status of one ballot, or None when the connection died before an answer."""
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.request(
            "POST",
            path,
            body=f'{{"option": "{option}"}}',
            headers={
                "Content-Type": "application/json",
                "Cookie": f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}",
                "X-CSRFToken": cookies["csrftoken"],
            },
        )
        return conn.getresponse().status
    except (OSError, http.client.HTTPException):
        return None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the production set-up: PostgreSQL and granian")
@pytest.mark.django_db(transaction=True)
def test_a_server_killed_mid_vote_loses_no_acknowledged_ballot(server):
    demo_load()
    vote = VoteEventFactory(duration=timedelta(minutes=30))
    seated = sorted(p.slug for p in selectors.seated_deputies(selectors.sitting_date(vote.agenda_item.sitting)))
    sessions = {slug: deputy_session(slug) for slug in seated}
    path = f"/api/v1/vote-events/{vote.slug}/ballots"
    size_before = LedgerEntry.objects.count()
    server["start"]()

    statuses: dict[str, int | None] = {}
    lock = threading.Lock()
    acknowledged = threading.Event()

    def cast(slug: str) -> None:
        status = post_ballot(server["port"], path, sessions[slug], "yes")
        with lock:
            statuses[slug] = status
            if sum(s == 201 for s in statuses.values()) >= 30:
                acknowledged.set()

    threads = [threading.Thread(target=cast, args=(slug,)) for slug in seated]
    for t in threads:
        t.start()
    acknowledged.wait(timeout=60)
    server["kill"]()
    for t in threads:
        t.join()

    answered = {slug for slug, status in statuses.items() if status == 201}
    stored = set(Ballot.objects.filter(vote_event=vote).values_list("deputy__slug", flat=True))
    assert len(answered) >= 30
    assert answered <= stored  # every acknowledged ballot survived the crash
    assert len(stored) < 145  # the kill did cut the vote short

    server["start"]()
    retried = {
        slug: post_ballot(server["port"], path, sessions[slug], "yes") for slug in seated if slug not in answered
    }
    # A ballot stored before the kill but never acknowledged is refused now, never counted twice.
    assert {slug for slug, status in retried.items() if status == 409} == stored - answered
    assert {slug for slug, status in retried.items() if status == 201} == set(seated) - stored
    assert Ballot.objects.filter(vote_event=vote).count() == 145
    leaves = LedgerEntry.objects.filter(index__gte=size_before, kind="plenary.ballot.cast")
    assert sorted(e.data["deputy"] for e in leaves) == seated
    report = ledger_verify()
    assert report.ok, report.problem
