"""The signing desk: leaders and followers commit waiting signatures together; each request gets its
own answer; a duplicate fails alone; a failed transaction stores nothing."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import IntegrityError
from django.utils import timezone

from kurultai.ledger.models import LedgerEntry
from kurultai.participation import desk, services
from kurultai.participation.models import Signature
from kurultai.participation.tests.factories import PetitionFactory


def test_every_request_gets_its_own_result_and_batches_form_under_load():
    committed: list[list[int]] = []

    def commit(batch):
        time.sleep(0.02)  # a commit's flush to disk
        committed.append([job.write() for job in batch])
        for job in batch:
            job.result = (job.write(), job.record(None))

    signing = desk.SigningDesk(commit=commit)
    results: dict[int, object] = {}

    def request(n: int) -> None:
        results[n] = signing.run(lambda: n, lambda _row: f"leaf-{n}")

    threads = [threading.Thread(target=request, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert results == {n: (n, f"leaf-{n}") for n in range(40)}
    assert sorted(n for batch in committed for n in batch) == list(range(40))
    assert max(len(batch) for batch in committed) > 1  # requests arriving during a commit share the next
    assert not signing._leading
    assert signing._queue == []


def test_a_failed_commit_fails_every_request_in_the_batch_and_the_desk_goes_on():
    calls = {"n": 0}

    def commit(batch):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("the connection dropped")
        for job in batch:
            job.result = ("ok", None)

    signing = desk.SigningDesk(commit=commit)
    with pytest.raises(RuntimeError, match="dropped"):
        signing.run(lambda: None, lambda _row: None)
    assert signing.run(lambda: None, lambda _row: None) == ("ok", None)


@pytest.mark.django_db
def test_commit_batch_writes_rows_and_leaves_and_isolates_a_duplicate(citizen, make_citizen):
    petition = PetitionFactory(author=citizen)
    signers = [make_citizen(region=r) for r in ("KZ-75", "KZ-71")]

    def job(user):
        profile = user.citizen

        def write():
            return Signature.objects.create(
                petition=petition,
                citizen=profile,
                region_code=profile.region_code,
                signed_at=timezone.now(),
                signer=services.signer_hash(petition, profile),
            )

        def record(_row):
            return services.ledger_append(
                kind=services.SIGNATURE_KIND,
                data={"petition": petition.slug, "signer": services.signer_hash(petition, profile), "region": "KZ-75"},
            )

        return desk.Job(write, record)

    batch = [job(signers[0]), job(signers[1]), job(signers[0])]  # the third is a second signature
    size = LedgerEntry.objects.count()
    desk.commit_batch(batch)
    assert isinstance(batch[2].error, IntegrityError)
    assert batch[2].result is None
    rows = [j.result[0] for j in batch[:2]]
    leaves = [j.result[1] for j in batch[:2]]
    assert {r.citizen_id for r in rows} == {s.citizen.pk for s in signers}
    assert [leaf.index for leaf in leaves] == [size, size + 1]
    assert Signature.objects.filter(petition=petition).count() == 2


@pytest.mark.django_db
def test_sign_many_writes_a_batch_in_one_insert_and_refuses_second_signatures(citizen, make_citizen):
    from kurultai.common.models import AuditEntry
    from kurultai.ledger.services import ledger_verify

    petition = PetitionFactory(author=citizen)
    signers = [make_citizen(region=r) for r in ("KZ-75", "KZ-71", "KZ-19")]
    services.petition_sign(petition=petition, actor=signers[2])  # stored before the batch

    def job(user):
        profile = user.citizen
        leaf = {"petition": petition.slug, "signer": services.signer_hash(petition, profile), "region": "KZ-75"}
        pending = services.PendingSignature(petition, profile, user, timezone.now(), False, "", leaf)
        return desk.Job(lambda: None, None, pending)

    batch = [job(signers[0]), job(signers[1]), job(signers[0]), job(signers[2])]
    size, audits = LedgerEntry.objects.count(), AuditEntry.objects.filter(action=services.SIGNATURE_KIND).count()
    services.sign_many(batch)
    assert isinstance(batch[2].error, IntegrityError)  # the same citizen earlier in the batch
    assert isinstance(batch[3].error, IntegrityError)  # stored before
    rows = [j.result[0] for j in batch[:2]]
    leaves = [j.result[1] for j in batch[:2]]
    assert [leaf.index for leaf in leaves] == [size, size + 1]
    assert {r.pk for r in rows} == set(
        Signature.objects.filter(petition=petition, citizen__in=[s.citizen for s in signers[:2]]).values_list(
            "pk", flat=True
        )
    )
    assert Signature.objects.filter(petition=petition).count() == 3
    assert AuditEntry.objects.filter(action=services.SIGNATURE_KIND).count() == audits + 2
    assert ledger_verify().ok
