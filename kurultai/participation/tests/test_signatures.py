"""Signing: one signature per citizen (a database constraint), 403/409 with codes, counts by region,
the public record without personal data, rate limits, bursts and bulk invalidation."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from kurultai.common.models import AuditEntry
from kurultai.ledger.models import LedgerEntry
from kurultai.ledger.services import ledger_verify
from kurultai.participation import services, tasks
from kurultai.participation.models import BurstStatus, Signature, SignatureBurst
from kurultai.participation.rules import RuleKey
from kurultai.participation.tests.factories import CitizenFactory, MinorProfileFactory, PetitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(citizen):
    return PetitionFactory(author=citizen)


def sign(client, slug, headers, **body):
    return client.post(
        f"/api/v1/petitions/{slug}/signatures", json.dumps(body), content_type="application/json", **headers
    )


def test_the_database_refuses_a_second_signature(petition, other_citizen):
    first = services.petition_sign(petition=petition, actor=other_citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        # Straight past the service: the rule holds in the database itself.
        Signature.objects.bulk_create(
            [Signature(petition=petition, citizen=first.citizen, region_code="KZ-71", signed_at=timezone.now())]
        )


def test_second_signature_is_409_with_the_first_ones_date(client, bearer, petition, other_citizen):
    headers = bearer(other_citizen)
    first = sign(client, petition.slug, headers)
    assert first.status_code == 201
    again = sign(client, petition.slug, headers)
    assert again.status_code == 409
    doc = again.json()
    assert again["Content-Type"] == "application/problem+json"
    assert doc["code"] == "already_signed"
    assert doc["signed_at"] == first.json()["signed_at"]
    assert Signature.objects.filter(petition=petition).count() == 1


def test_unverified_and_under_age_are_403_with_codes(client, bearer, petition, make_user):
    r = sign(client, petition.slug, bearer(make_user()))
    assert (r.status_code, r.json()["code"]) == (403, "not_verified")
    minor = MinorProfileFactory().user
    r = sign(client, petition.slug, bearer(minor))
    assert (r.status_code, r.json()["code"]) == (403, "under_age")
    assert sign(client, petition.slug, {}).status_code == 401
    assert not Signature.objects.filter(petition=petition).exists()


def test_a_petition_not_collecting_refuses_signatures(client, bearer, citizen, other_citizen):
    draft = PetitionFactory(author=citizen, stage="draft")
    assert sign(client, draft.slug, bearer(other_citizen)).status_code == 404
    withdrawn = services.petition_withdraw(petition=PetitionFactory(author=citizen), actor=citizen)
    r = sign(client, withdrawn.slug, bearer(other_citizen))
    assert r.status_code == 404
    assert sign(client, "no-such-petition", bearer(other_citizen)).status_code == 404


def test_signing_answers_with_a_receipt_in_the_public_record(client, bearer, petition, other_citizen):
    r = sign(client, petition.slug, bearer(other_citizen), notify=True)
    doc = r.json()
    entry = LedgerEntry.objects.get(index=doc["ledger_index"])
    assert entry.kind == "participation.signature.added"
    assert entry.data == {"petition": petition.slug, "signer": doc["signer_hash"], "region": "KZ-71"}
    assert Signature.objects.get(petition=petition).notify is True
    assert ledger_verify().ok


def test_ledger_leaves_carry_no_personal_data(petition, other_citizen, make_citizen):
    third = make_citizen(region="KZ-39")
    s1 = services.petition_sign(petition=petition, actor=other_citizen)
    s2 = services.petition_sign(petition=petition, actor=third)
    other = PetitionFactory(author=third)
    s3 = services.petition_sign(petition=other, actor=other_citizen)
    leaves = list(LedgerEntry.objects.filter(index__in=[s1.ledger_index, s2.ledger_index, s3.ledger_index]))
    identities = set()
    for user in (other_citizen, third):
        profile = user.citizen
        identities |= {str(user.pk), user.username, user.display_name, str(profile.pk), profile.iin_hash}
    for leaf in leaves:
        assert set(leaf.data) == {"petition", "signer", "region"}
        assert not set(leaf.data.values()) & identities
        assert all(
            profile_hash not in json.dumps(leaf.data)
            for profile_hash in (other_citizen.citizen.iin_hash, third.citizen.iin_hash)
        )
        assert len(leaf.data["signer"]) == 64
    # The same citizen stands behind different hashes on different petitions: not linkable.
    by_index = {leaf.index: leaf.data["signer"] for leaf in leaves}
    assert by_index[s1.ledger_index] != by_index[s3.ledger_index]


def test_counts_by_region_never_identities(client, bearer, petition, make_citizen):
    for region in ("KZ-75", "KZ-75", "KZ-71", "KZ-39"):
        services.petition_sign(petition=petition, actor=make_citizen(region=region))
    tasks.petition_recount.call(petition.pk)
    doc = client.get(f"/api/v1/petitions/{petition.slug}/signatures").json()
    assert doc["total"] == 4
    counts = {r["region"]: r["signatures"] for r in doc["regions"]}
    assert len(counts) == 20
    assert (counts["KZ-75"], counts["KZ-71"], counts["KZ-39"], counts["KZ-10"]) == (2, 1, 1, 0)
    assert set(doc) == {"petition", "total", "threshold", "counted_at", "regions"}
    assert set(doc["regions"][0]) == {"region", "name", "signatures"}


def test_the_count_lags_until_the_background_job_runs(client, bearer, petition, other_citizen):
    assert sign(client, petition.slug, bearer(other_citizen)).status_code == 201
    assert client.get(f"/api/v1/petitions/{petition.slug}/signatures").json()["total"] == 0
    from django.core.cache import cache

    cache.clear()
    assert tasks.petition_recount.call(petition.pk) == 1
    assert client.get(f"/api/v1/petitions/{petition.slug}/signatures").json()["total"] == 1


def test_signing_asks_for_one_recount_per_burst(petition, make_citizen):
    from django_tasks_db.models import DBTaskResult

    path = tasks.petition_recount.module_path
    before = DBTaskResult.objects.filter(task_path=path).count()
    for _ in range(5):
        services.petition_sign(petition=petition, actor=make_citizen())
    assert DBTaskResult.objects.filter(task_path=path).count() == before + 1


def test_rate_limit_per_account_and_per_ip(client, bearer, citizen, make_citizen, make_user):
    admin = make_user("admin")
    services.rule_set(key=RuleKey.SIGN_RATE_PER_ACCOUNT_PER_HOUR, value=2, citation="test", actor=admin)
    services.rule_set(key=RuleKey.SIGN_RATE_PER_IP_PER_MINUTE, value=4, citation="test", actor=admin)
    petitions = [PetitionFactory(author=citizen) for _ in range(3)]
    signer = bearer(make_citizen())
    assert [sign(client, p.slug, signer).status_code for p in petitions] == [201, 201, 429]
    assert sign(client, petitions[0].slug, signer).json()["code"] == "rate_limited"
    # Other accounts from the same address: the per-IP limit (4 a minute, 4 requests counted so far) says no.
    r = sign(client, petitions[0].slug, bearer(make_citizen()))
    assert r.status_code == 429


def test_a_burst_from_one_network_is_flagged_and_invalidated_in_bulk(petition, make_citizen, moderator, make_user):
    services.rule_set(key=RuleKey.BURST_SIGNATURES, value=5, citation="test", actor=make_user("admin"))
    for _ in range(6):
        services.petition_sign(petition=petition, actor=make_citizen(), network="203.0.113.0/24")
    for _ in range(2):
        services.petition_sign(petition=petition, actor=make_citizen(), network="198.51.100.0/24")
    services.petition_recount(petition_id=petition.pk)
    burst = SignatureBurst.objects.get(petition=petition)
    assert (burst.network, burst.count, burst.status) == ("203.0.113.0/24", 6, BurstStatus.OPEN)
    with pytest.raises(services.DomainError):
        services.signatures_invalidate(petition=petition, actor=make_citizen(), network=burst.network, reason="x")
    inv = services.signatures_invalidate(
        petition=petition, actor=moderator, network=burst.network, reason="Bot network."
    )
    assert inv.count == 6
    burst.refresh_from_db()
    assert burst.status == BurstStatus.INVALIDATED
    assert Signature.objects.filter(petition=petition, invalidated_at__isnull=False).count() == 6
    assert Signature.objects.filter(petition=petition).count() == 8  # the rows stay
    entry = AuditEntry.objects.get(action="participation.signatures.invalidated")
    assert entry.data["count"] == 6
    assert entry.actor == moderator
    leaf = LedgerEntry.objects.filter(kind="participation.signatures.invalidated").latest("index")
    assert leaf.data == {"petition": petition.slug, "count": 6, "reason": "Bot network."}
    petition = services.petition_recount(petition_id=petition.pk)
    assert petition.signature_count == 2


def test_network_is_kept_as_a_prefix_never_the_address(client, bearer, petition, other_citizen):
    sign(client, petition.slug, bearer(other_citizen), REMOTE_ADDR="192.0.2.77")
    r = client.post(
        f"/api/v1/petitions/{petition.slug}/signatures",
        "{}",
        content_type="application/json",
        REMOTE_ADDR="192.0.2.77",
        **bearer(CitizenFactory()),
    )
    assert r.status_code == 201
    assert set(Signature.objects.filter(petition=petition).values_list("network", flat=True)) == {
        "192.0.2.0/24",
        "127.0.0.0/24",
    }


def test_the_sign_button_works_with_htmx(client, petition, other_citizen):
    client.force_login(other_citizen)
    page = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert 'hx-post="/en/petitions/' in page
    r = client.post(f"/en/petitions/{petition.slug}/sign/", {"notify": "on"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    html = r.content.decode()
    assert html.lstrip().startswith('<div id="sign-box"')
    assert "You signed this petition" in html
    again = client.post(f"/en/petitions/{petition.slug}/sign/", HTTP_HX_REQUEST="true")
    # htmx swaps only 2xx answers: the refusal is in the box, its status in a header.
    assert again.status_code == 200
    assert again["X-Kurultai-Status"] == "409"
    assert "You signed this petition" in again.content.decode()


def test_the_petition_page_shows_counts_as_a_table_and_an_accessible_map(client, petition, make_citizen):
    services.petition_sign(petition=petition, actor=make_citizen(region="KZ-63"))
    services.petition_recount(petition_id=petition.pk)
    html = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert html.count("<rect") == 20
    assert 'role="img"' in html
    assert '<title id="map-title-' in html
    assert "East Kazakhstan" in html
    assert " style=" not in html  # the CSP forbids inline styles


def test_signing_from_the_page_without_verification_is_refused(client, petition, make_user):
    client.force_login(make_user())
    r = client.post(f"/en/petitions/{petition.slug}/sign/", HTTP_HX_REQUEST="true")
    assert r["X-Kurultai-Status"] == "403"
    assert "verified" in r.content.decode()


def test_signatures_in_a_past_window_still_count_from_the_table(petition, make_citizen):
    s = services.petition_sign(petition=petition, actor=make_citizen(), at=timezone.now() - timedelta(hours=1))
    assert s.signed_at < timezone.now()
    assert services.petition_recount(petition_id=petition.pk).signature_count == 1


def test_a_dismissed_burst_is_not_flagged_again_within_its_window(petition, make_citizen, moderator, make_user):
    services.rule_set(key=RuleKey.BURST_SIGNATURES, value=3, citation="test", actor=make_user("admin"))
    for _ in range(3):
        services.petition_sign(petition=petition, actor=make_citizen(), network="192.0.2.0/24")
    services.petition_recount(petition_id=petition.pk)
    burst = SignatureBurst.objects.get(petition=petition)
    services.burst_dismiss(burst=burst, actor=moderator)
    services.petition_sign(petition=petition, actor=make_citizen(), network="192.0.2.0/24")
    services.petition_recount(petition_id=petition.pk)
    assert list(SignatureBurst.objects.filter(petition=petition).values_list("status", flat=True)) == ["dismissed"]
