"""The ballot endpoint's one-query session authentication answers as the standard path does."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurultai.accounts.roles import Role
from kurultai.accounts.services import user_create
from kurultai.accounts.tests.sessions import signed_in
from kurultai.plenary import selectors
from kurultai.plenary.models import Ballot
from kurultai.plenary.tests.factories import VoteEventFactory


@pytest.fixture
def deputy(db) -> tuple[Any, Any]:
    person = selectors.seated_deputies(timezone.localdate()).order_by("slug").first()
    user = user_create(username="fast-deputy", password=None, roles=[Role.DEPUTY], person_slug=person.slug)
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def ballot(client: Client, vote: Any, option: str = "yes") -> Any:
    client.cookies["csrftoken"] = "k" * 32
    return client.post(
        f"/api/v1/vote-events/{vote.slug}/ballots",
        data={"option": option},
        content_type="application/json",
        HTTP_X_CSRFTOKEN="k" * 32,
    )


def test_the_ballot_endpoint_takes_a_verified_deputys_ballot(deputy):
    user, device = deputy
    vote = VoteEventFactory()
    response = ballot(signed_in(user, device=device), vote)
    assert response.status_code == 201, response.content
    assert Ballot.objects.filter(vote_event=vote, deputy__slug=user.person_slug).exists()


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("no_device", 403, "totp_required"),
        ("role_withdrawn", 403, "not_a_deputy"),
        ("inactive", 401, None),
        ("password_changed", 401, None),
        ("no_csrf", 403, None),
    ],
)
def test_the_ballot_endpoint_refuses_as_the_standard_path_does(deputy, case, status, code):
    user, device = deputy
    vote = VoteEventFactory()
    client = signed_in(user, device=None if case == "no_device" else device)
    if case == "role_withdrawn":
        user.groups.clear()
    elif case == "inactive":
        user.is_active = False
        user.save()
    elif case == "password_changed":
        user.set_password("another-Kurultai-2026")
        user.save()
    if case == "no_csrf":
        client = Client(enforce_csrf_checks=True)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = client.post(
            f"/api/v1/vote-events/{vote.slug}/ballots", data={"option": "yes"}, content_type="application/json"
        )
    else:
        response = ballot(client, vote)
    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code
    assert not Ballot.objects.filter(vote_event=vote).exists()
