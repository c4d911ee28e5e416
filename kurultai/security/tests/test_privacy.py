"""Download my data; delete my account, keeping signatures as anonymous counts."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from kurultai.accounts.iin import make_iin
from kurultai.accounts.models import ApiToken, CitizenProfile
from kurultai.accounts.services import citizen_verify, user_create
from kurultai.common.errors import Conflict, DomainError
from kurultai.common.models import AuditEntry
from kurultai.participation import services as participation
from kurultai.participation.models import Notification, Petition, Signature, Subscription
from kurultai.participation.tests.factories import AppealFactory, PetitionFactory, ProposalFactory
from kurultai.security import selectors, services

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Kurultai-2026"


@pytest.fixture
def citizen(db):
    from datetime import date

    user = user_create(username="sec-citizen", password=PASSWORD, display_name="Aigerim Test", email="a@example.kz")
    citizen_verify(user=user, iin=make_iin(date(1980, 5, 17), "F", serial=4321), region_code="KZ-75")
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def activity(citizen, make_citizen):
    """The citizen signs two petitions, files an appeal, proposes, follows a petition, gets a notice."""
    author = make_citizen(region="KZ-71")
    petitions = [PetitionFactory(author=author), PetitionFactory(author=author)]
    for petition in petitions:
        participation.petition_sign(petition=petition, actor=citizen, network="10.1.2.0/24", notify_me=True)
        participation.petition_sign(petition=petition, actor=make_citizen())
        participation.petition_recount(petition_id=petition.pk)
    appeal = AppealFactory(author=citizen)
    proposal = ProposalFactory(author=citizen)
    participation.subscription_create(user=citizen, kind="petition", key=petitions[0].slug)
    participation.notify(users=[citizen], kind="test.notice", params={"n": 1})
    return {"petitions": petitions, "appeal": appeal, "proposal": proposal}


def test_export_holds_the_citizens_own_data_and_no_iin(citizen, activity):
    data = selectors.citizen_data_export(user=citizen)
    assert data["profile"]["username"] == "sec-citizen"
    assert data["profile"]["citizen"]["region"] == "KZ-75"
    assert [a["number"] for a in data["appeals"]] == [activity["appeal"].number]
    assert {s["petition"] for s in data["petitions_signed"]} == {p.slug for p in activity["petitions"]}
    assert [p["slug"] for p in data["proposals"]] == [activity["proposal"].slug]
    assert [s["key"] for s in data["subscriptions"]] == [activity["petitions"][0].slug]
    assert len(data["notifications"]) >= 1
    text = json.dumps(data)
    iin = make_iin(__import__("datetime").date(1980, 5, 17), "F", serial=4321)
    assert iin not in text
    assert citizen.citizen.iin_hash not in text


def test_deletion_keeps_petition_totals_and_erases_identity(citizen, activity):
    petitions = activity["petitions"]
    before = {p.pk: Petition.objects.get(pk=p.pk).signature_count for p in petitions}
    assert all(n == 2 for n in before.values())
    profile_pk = citizen.citizen.pk
    old_hash = citizen.citizen.iin_hash

    report = services.account_delete(user=citizen, password=PASSWORD)

    assert report.signatures_kept == 2
    for petition in petitions:
        participation.petition_recount(petition_id=petition.pk)
        assert Petition.objects.get(pk=petition.pk).signature_count == before[petition.pk]
    user = get_user_model().objects.get(pk=citizen.pk)
    assert user.username.startswith("deleted-")
    assert (user.email, user.display_name, user.first_name, user.is_active) == ("", "", "", False)
    assert not user.has_usable_password()
    assert not user.groups.exists()
    profile = CitizenProfile.objects.get(pk=profile_pk)
    assert profile.iin_hash != old_hash
    assert profile.verification_method == "deleted"
    signatures = Signature.objects.filter(citizen=profile)
    assert signatures.count() == 2
    assert set(signatures.values_list("network", "notify")) == {("", False)}
    assert not Subscription.objects.filter(user=user).exists()
    assert not Notification.objects.filter(user=user).exists()
    assert not ApiToken.objects.filter(user=user).exists()
    # The appeal stays on the register, now without a name behind it.
    activity["appeal"].refresh_from_db()
    assert activity["appeal"].author_id == user.pk
    entry = AuditEntry.objects.filter(action="security.account.deleted").latest("id")
    assert entry.actor_id is None
    assert entry.data == {"signatures_kept": 2}


def test_the_same_iin_can_verify_a_new_account_after_deletion(citizen):
    from datetime import date

    services.account_delete(user=citizen, password=PASSWORD)
    fresh = user_create(username="sec-again", password=None)
    profile = citizen_verify(user=fresh, iin=make_iin(date(1980, 5, 17), "F", serial=4321), region_code="KZ-75")
    assert profile.user_id == fresh.pk


def test_deletion_needs_the_password(citizen):
    with pytest.raises(DomainError) as exc:
        services.account_delete(user=citizen, password="wrong")
    assert exc.value.code == "password_incorrect"
    assert get_user_model().objects.get(pk=citizen.pk).is_active


def test_officials_cannot_delete_their_own_account(db):
    clerk = user_create(username="sec-clerk", password=PASSWORD, roles=["clerk"])
    with pytest.raises(Conflict):
        services.account_delete(user=clerk, password=PASSWORD)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_my_data_page_in_every_language(client, citizen, lang):
    client.force_login(citizen)
    with translation.override(lang):
        url = reverse("security:my_data")
    assert url.startswith(f"/{lang}/")
    response = client.get(url)
    assert response.status_code == 200
    assert f'lang="{lang}"'.encode() in response.content
    assert b'action="/' + lang.encode() + b'/me/data/delete/"' in response.content


def test_download_page_gives_a_json_attachment(client, citizen, activity):
    client.force_login(citizen)
    response = client.get("/en/me/data/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["profile"]["username"] == "sec-citizen"


def test_pages_need_a_login(client):
    for path in ("/en/me/data/", "/en/me/data/download/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_delete_form_logs_out_and_keeps_counts(client, citizen, activity):
    client.force_login(citizen)
    petition = activity["petitions"][0]
    response = client.post("/en/me/data/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 422
    response = client.post("/en/me/data/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/en/me/deleted/"
    assert client.get("/en/me/data/").status_code == 302  # logged out
    participation.petition_recount(petition_id=petition.pk)
    assert Petition.objects.get(pk=petition.pk).signature_count == 2


def test_api_export_and_delete(client, citizen, activity, bearer):
    headers = bearer(citizen)
    assert client.get("/api/v1/me/data").status_code == 401
    data = client.get("/api/v1/me/data", **headers).json()
    assert data["format"] == "kurultai-personal-data/1"
    assert len(data["petitions_signed"]) == 2
    wrong = client.post("/api/v1/me/delete", {"password": "nope"}, content_type="application/json", **headers)
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "password_incorrect"
    done = client.post("/api/v1/me/delete", {"password": PASSWORD}, content_type="application/json", **headers)
    assert done.status_code == 200
    assert done.json()["signatures_kept"] == 2
    # The token went with the account.
    assert client.get("/api/v1/me/data", **headers).status_code == 401


def test_api_delete_refuses_an_official(client, bearer):
    deputy = user_create(username="sec-deputy", password=PASSWORD, roles=["deputy"])
    response = client.post(
        "/api/v1/me/delete", {"password": PASSWORD}, content_type="application/json", **bearer(deputy)
    )
    assert response.status_code == 409
    assert response.json()["code"] == "official_account"


def test_export_query_count_is_bounded(citizen, activity, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        selectors.citizen_data_export(user=citizen)


def test_export_stamp_is_today(client, citizen):
    client.force_login(citizen)
    response = client.get("/en/me/data/download/")
    assert timezone.localdate().isoformat() in response["Content-Disposition"]
