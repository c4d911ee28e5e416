"""Citizens sign one petition at the same moment, over HTTP, against the live server (PostgreSQL).

Every signature is stored exactly once with its leaf (the signing desk batches them into shared
transactions); a second wave is refused with one 409 each, carrying the first signature's date;
the public record verifies.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from django.db import connection

from kurultai.accounts.services import token_create
from kurultai.ledger.models import LedgerEntry
from kurultai.ledger.services import ledger_verify
from kurultai.participation.models import Signature
from kurultai.participation.tests.factories import CitizenFactory, PetitionFactory
from kurultai.portal.demo import demo_load

SIGNERS = 60
SERVER_THREADS = 32


@pytest.fixture
def crowded_live_server(live_server) -> Iterator[Any]:
    """The live server with what a production server has: a listen backlog for everyone arriving at
    once (Django's test server keeps 10) and a bounded pool of request threads."""
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


def sign_all(url: str, tokens: list[str]) -> tuple[Counter[int], list[dict]]:
    statuses: Counter[int] = Counter()
    bodies: list[dict] = []
    lock = threading.Lock()
    gate = threading.Barrier(len(tokens))

    def sign(token: str) -> None:
        with httpx.Client(timeout=120) as http:
            gate.wait()
            response = http.post(url, json={"notify": False}, headers={"Authorization": f"Bearer {token}"})
        with lock:
            statuses[response.status_code] += 1
            bodies.append(response.json())

    threads = [threading.Thread(target=sign, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses, bodies


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is measured on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_citizens_sign_at_once_and_each_signature_is_stored_exactly_once(crowded_live_server):
    demo_load()  # a transactional test may have emptied the database before this one
    regions = ("KZ-75", "KZ-71", "KZ-39", "KZ-63")
    citizens = [CitizenFactory(region=regions[i % len(regions)]) for i in range(SIGNERS)]
    petition = PetitionFactory(author=citizens[0])
    tokens = [token_create(user=c)[1] for c in citizens]
    url = f"{crowded_live_server.url}/api/v1/petitions/{petition.slug}/signatures"
    size_before = LedgerEntry.objects.count()

    first, bodies = sign_all(url, tokens)
    assert first == Counter({201: SIGNERS})
    again, refusals = sign_all(url, tokens)
    assert again == Counter({409: SIGNERS})
    assert {r["code"] for r in refusals} == {"already_signed"}
    signed_at = {b["signer_hash"]: b["signed_at"] for b in bodies}
    assert len(signed_at) == SIGNERS

    assert Signature.objects.filter(petition=petition).count() == SIGNERS
    leaves = LedgerEntry.objects.filter(index__gte=size_before, kind="participation.signature.added")
    assert sorted(e.data["signer"] for e in leaves) == sorted(signed_at)
    assert sorted(e.index for e in leaves) == sorted(b["ledger_index"] for b in bodies)
    report = ledger_verify()
    assert report.ok, report.problem
