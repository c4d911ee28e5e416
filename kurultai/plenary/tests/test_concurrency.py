"""145 deputies press their buttons at the same moment, over HTTP, against the live server (PostgreSQL).

Every ballot must be stored exactly once, the tallies must be exact and the public record
must verify; a second wave of the same ballots is refused, one 409 each.

The live server is given what a production server has: a listen backlog for 145 waiting
connections (Django's test server keeps 10) and a bounded pool of request threads, so the
requests stay within PostgreSQL's connection limit (100) while all 145 arrive at once.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from django.db import connection

from kurultai.ledger.models import LedgerEntry
from kurultai.ledger.services import ledger_verify
from kurultai.plenary import selectors, services
from kurultai.plenary.models import Ballot
from kurultai.plenary.tests.factories import ClerkUserFactory, VoteEventFactory, second_factor
from kurultai.plenary.tests.helpers import deputy_session
from kurultai.portal.demo import demo_load

OPTIONS = ("yes", "no", "abstain")
SERVER_THREADS = 32


@pytest.fixture
def crowded_live_server(live_server) -> Iterator[Any]:
    httpd = live_server.thread.httpd
    httpd.socket.listen(512)  # listen() again only resizes the backlog
    slots = threading.BoundedSemaphore(SERVER_THREADS)
    serve = httpd.process_request_thread

    def bounded(request: Any, client_address: Any) -> None:
        with slots:
            serve(request, client_address)

    httpd.process_request_thread = bounded
    yield live_server
    del httpd.process_request_thread


def cast_all(url: str, sessions: dict[str, dict[str, str]], options: dict[str, str]) -> Counter[int]:
    """Every deputy's request released by one barrier, each from its own thread and connection."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    gate = threading.Barrier(len(sessions))

    def cast(slug: str) -> None:
        cookies = sessions[slug]
        with httpx.Client(cookies=cookies, timeout=120) as http:
            gate.wait()
            response = http.post(url, json={"option": options[slug]}, headers={"X-CSRFToken": cookies["csrftoken"]})
        with lock:
            statuses[response.status_code] += 1

    threads = [threading.Thread(target=cast, args=(slug,)) for slug in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is measured on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_145_deputies_cast_at_once_and_each_ballot_is_stored_exactly_once(crowded_live_server):
    demo_load()  # a transactional test may have emptied the database before this one
    vote = VoteEventFactory(duration=timedelta(minutes=30))
    seated = [p.slug for p in selectors.seated_deputies(selectors.sitting_date(vote.agenda_item.sitting))]
    assert len(seated) == 145
    options = {slug: OPTIONS[i % 3] for i, slug in enumerate(sorted(seated))}
    sessions = {slug: deputy_session(slug) for slug in seated}
    url = f"{crowded_live_server.url}/api/v1/vote-events/{vote.slug}/ballots"
    size_before = LedgerEntry.objects.count()

    assert cast_all(url, sessions, options) == Counter({201: 145})
    assert cast_all(url, sessions, options) == Counter({409: 145})

    stored = dict(Ballot.objects.filter(vote_event=vote).values_list("deputy__slug", "option"))
    assert stored == options
    leaves = LedgerEntry.objects.filter(index__gte=size_before, kind="plenary.ballot.cast")
    assert Counter(e.data["deputy"] for e in leaves) == Counter(dict.fromkeys(seated, 1))
    assert LedgerEntry.objects.count() == size_before + 145
    vote = services.vote_close(vote_event=vote, actor=second_factor(ClerkUserFactory()))
    expected = Counter(options.values())
    assert (vote.yes_count, vote.no_count, vote.abstain_count) == (expected["yes"], expected["no"], expected["abstain"])
    assert (vote.not_voting_count, vote.absent_count) == (0, 0)
    report = ledger_verify()
    assert report.ok, report.problem
    assert report.tree_size == size_before + 145
