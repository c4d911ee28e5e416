"""After a citizen deletes their account, their signatures stay only as anonymous counts, and the
same person (the same IIN, verified again under a new account) cannot sign the same petition a
second time to inflate its count."""

from __future__ import annotations

from datetime import date

import pytest

from kurultai.accounts.iin import make_iin
from kurultai.accounts.models import CitizenProfile
from kurultai.accounts.services import citizen_verify, user_create
from kurultai.common.errors import Conflict
from kurultai.participation import services as participation
from kurultai.participation.models import Petition, Signature
from kurultai.participation.tests.factories import PetitionFactory
from kurultai.security import services

PASSWORD = "pw-Kurultai-2026"
IIN = make_iin(date(1979, 3, 8), "F", serial=2024)


def verified(username: str):
    user = user_create(username=username, password=PASSWORD)
    citizen_verify(user=user, iin=IIN, region_code="KZ-75")
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def petitions(make_citizen):
    author = make_citizen(region="KZ-71")
    return [PetitionFactory(author=author), PetitionFactory(author=author)]


def count(petition: Petition) -> int:
    participation.petition_recount(petition_id=petition.pk)
    return Petition.objects.get(pk=petition.pk).signature_count


@pytest.mark.django_db
def test_a_deleted_account_cannot_be_remade_to_sign_again(petitions, make_citizen):
    signed, other = petitions
    first = verified("first-life")
    participation.petition_sign(petition=signed, actor=first)
    participation.petition_sign(petition=signed, actor=make_citizen())
    assert count(signed) == 2

    services.account_delete(user=first, password=PASSWORD)
    again = verified("second-life")  # the same person verifies a new account: allowed

    with pytest.raises(Conflict) as refused:
        participation.petition_sign(petition=signed, actor=again)
    assert refused.value.code == "already_signed"
    assert "signed_at" in refused.value.data
    assert count(signed) == 2  # the total did not change, before or after
    # The old signature names no one: its profile's identity hash is random now.
    old = Signature.objects.get(petition=signed, citizen__verification_method="deleted")
    assert old.citizen.iin_hash.startswith("deleted:")
    assert old.citizen.user.username.startswith("deleted-")
    # Only the petition they had signed is closed to them.
    participation.petition_sign(petition=other, actor=again)
    assert count(other) == 1


@pytest.mark.django_db
def test_the_kept_mark_is_the_public_records_and_is_not_linkable_across_petitions(petitions):
    citizen = verified("linkable")
    for petition in petitions:
        participation.petition_sign(petition=petition, actor=citizen)
    profile = CitizenProfile.objects.get(user=citizen)
    marks = [Signature.objects.get(petition=p, citizen=profile).signer for p in petitions]
    assert marks == [participation.signer_hash(p, profile) for p in petitions]
    assert marks[0] != marks[1]
    assert profile.iin_hash not in marks
    assert IIN not in "".join(marks)


@pytest.mark.django_db(transaction=True)
def test_the_signing_desk_refuses_the_second_life_with_409(client, bearer, make_citizen):
    # Outside a test transaction a web request goes through the signing desk (one multi-row
    # INSERT ... ON CONFLICT DO NOTHING): the signer constraint holds there too.
    petition = PetitionFactory(author=make_citizen(region="KZ-71"))
    first = verified("desk-first")
    url = f"/api/v1/petitions/{petition.slug}/signatures"
    assert client.post(url, "{}", content_type="application/json", **bearer(first)).status_code == 201
    services.account_delete(user=first, password=PASSWORD)
    again = verified("desk-again")
    r = client.post(url, "{}", content_type="application/json", **bearer(again))
    assert r.status_code == 409
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["code"] == "already_signed"
    assert Signature.objects.filter(petition=petition).count() == 1
    assert count(petition) == 1
