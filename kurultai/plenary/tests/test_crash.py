"""Kill -9 the server in the middle of a vote, restart it: every ballot that got a 2xx is there, none twice,
and the public record verifies (PostgreSQL; the production server, granian, on the test database)."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection

from kurultai.common.tests.granian import granian_server
from kurultai.ledger.models import LedgerEntry
from kurultai.ledger.services import ledger_verify
from kurultai.plenary import selectors
from kurultai.plenary.models import Ballot
from kurultai.plenary.tests.factories import VoteEventFactory
from kurultai.plenary.tests.helpers import deputy_session
from kurultai.portal.demo import demo_load

HOST = "127.0.0.1"


@pytest.fixture
def server() -> Iterator[dict[str, object]]:
    """Start and hard-kill granian serving the test database; yields its port and a restart function."""
    with granian_server() as server:
        yield server


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
