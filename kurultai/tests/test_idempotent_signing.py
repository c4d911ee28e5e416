"""Idempotency-Key on a real citizen write: signing a petition through /api/v1.

A retried signature (after a timeout or a failover) gets the first 201 back and stores nothing
twice: one signature, one audit entry, one leaf in the public record.
"""

from __future__ import annotations

import json
import threading
from collections import Counter

import httpx
import pytest
from django.core.cache import cache
from django.db import connection

from kurultai.accounts.services import token_create
from kurultai.common.models import AuditEntry
from kurultai.idempotency.models import IdempotentRequest
from kurultai.ledger.models import LedgerEntry
from kurultai.participation.models import Signature
from kurultai.participation.tests.factories import CitizenFactory, PetitionFactory

LEAF = "participation.signature.added"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def petition(db):
    return PetitionFactory(author=CitizenFactory(region="KZ-75"))


@pytest.fixture
def signer(db):
    user = CitizenFactory(region="KZ-71")
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)[1]}"}


def sign(client, petition, headers, key=None, **body):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        f"/api/v1/petitions/{petition.slug}/signatures",
        json.dumps(body),
        content_type="application/json",
        **headers,
        **extra,
    )


def stored(petition):
    return (
        Signature.objects.filter(petition=petition).count(),
        AuditEntry.objects.filter(action=LEAF, object_id=petition.slug).count(),
    )


@pytest.mark.django_db
def test_a_retried_signature_returns_the_first_result_and_signs_once(client, petition, signer):
    leaves = LedgerEntry.objects.filter(kind=LEAF).count()
    first = sign(client, petition, signer, key="sign-1")
    assert first.status_code == 201
    retry = sign(client, petition, signer, key="sign-1")
    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert stored(petition) == (1, 1)
    assert LedgerEntry.objects.filter(kind=LEAF).count() == leaves + 1


@pytest.mark.django_db
def test_without_a_key_the_retry_is_the_usual_409(client, petition, signer):
    assert sign(client, petition, signer).status_code == 201
    again = sign(client, petition, signer)
    assert (again.status_code, again.json()["code"]) == (409, "already_signed")
    assert stored(petition) == (1, 1)


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_422(client, petition, signer):
    assert sign(client, petition, signer, key="sign-2", notify=False).status_code == 201
    other = sign(client, petition, signer, key="sign-2", notify=True)
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["code"] == "idempotency_key_reused"
    assert stored(petition) == (1, 1)


@pytest.mark.django_db
def test_two_citizens_may_use_the_same_key(client, petition, signer, db):
    other = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=CitizenFactory(region='KZ-39'))[1]}"}
    assert sign(client, petition, signer, key="same").status_code == 201
    assert sign(client, petition, other, key="same").status_code == 201
    assert stored(petition) == (2, 2)
    assert IdempotentRequest.objects.filter(key="same").count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent retries are measured on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_retries_racing_each_other_sign_once_and_all_get_the_first_answer(live_server):
    from kurultai.portal.demo import demo_load

    demo_load()  # a transactional test may have emptied the database before this one
    petition = PetitionFactory(author=CitizenFactory(region="KZ-75"))
    token = token_create(user=CitizenFactory(region="KZ-71"))[1]
    url = f"{live_server.url}/api/v1/petitions/{petition.slug}/signatures"
    attempts = 6
    gate = threading.Barrier(attempts)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def attempt() -> None:
        with httpx.Client(timeout=60) as http:
            gate.wait()
            r = http.post(url, json={}, headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "race-1"})
        with lock:
            answers.append((r.status_code, r.text))

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Counter(status for status, _ in answers) == Counter({201: attempts})
    assert len({text for _, text in answers}) == 1
    assert Signature.objects.filter(petition=petition).count() == 1
    assert LedgerEntry.objects.filter(kind=LEAF, data__signer=json.loads(answers[0][1])["signer_hash"]).count() == 1
