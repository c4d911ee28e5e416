"""One-query session authentication (accounts/fastauth.py) gives the same answers as the standard path.

Each case is a real session made by Django's login, read back by ``session_user`` and by the
standard ``request.user`` (AuthenticationMiddleware + django-otp) through the ballot endpoint.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurultai.accounts.fastauth import session_user
from kurultai.accounts.roles import Role
from kurultai.accounts.services import user_create
from kurultai.accounts.tests.sessions import signed_in


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def read(client: Client) -> Any:
    request = RequestFactory().get("/")
    request.session = client.session
    return session_user(request)


@pytest.fixture
def deputy(db) -> tuple[Any, Any]:
    user = user_create(username="fast-deputy", password=None, roles=[Role.DEPUTY], person_slug="some-deputy")
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_a_deputy_with_a_confirmed_device_is_read_with_roles_and_verified(deputy):
    user, device = deputy
    found = read(signed_in(user, device=device))
    assert (found.pk, found.person_slug) == (user.pk, "some-deputy")
    assert found.role_names() == {"deputy"}
    assert found.is_verified() is True


def test_no_device_in_the_session_is_not_verified(deputy):
    user, _device = deputy
    assert read(signed_in(user)).is_verified() is False


def test_an_unconfirmed_device_is_not_verified(deputy):
    user, device = deputy
    device.confirmed = False
    device.save()
    assert read(signed_in(user, device=device)).is_verified() is False


def test_another_users_device_is_not_verified(deputy, db):
    user, _device = deputy
    other = user_create(username="someone-else", password=None, roles=[Role.DEPUTY])
    theirs = TOTPDevice.objects.create(user=other, name="theirs", confirmed=True)
    assert read(signed_in(user, device=theirs)).is_verified() is False


def test_a_deleted_device_is_not_verified(deputy):
    user, device = deputy
    client = signed_in(user, device=device)
    device.delete()
    assert read(client).is_verified() is False


def test_a_withdrawn_role_is_gone_at_once(deputy):
    user, device = deputy
    client = signed_in(user, device=device)
    user.groups.remove(Group.objects.get(name="deputy"))
    assert read(client).role_names() == set()


def test_a_superuser_is_an_admin(db):
    admin = user_create(username="fast-admin", password=None, roles=[])
    admin.is_superuser = True
    admin.save()
    assert read(signed_in(admin)).role_names() == {"admin"}


def test_an_inactive_user_is_nobody(deputy):
    user, device = deputy
    client = signed_in(user, device=device)
    user.is_active = False
    user.save()
    assert read(client) is None


def test_a_changed_password_hands_over_to_the_standard_path(deputy):
    user, device = deputy
    client = signed_in(user, device=device)
    user.set_password("another-Kurultai-2026")
    user.save()
    assert read(client) is NotImplemented


def test_another_backend_hands_over_to_the_standard_path(deputy):
    user, device = deputy
    client = signed_in(user, device=device)
    session = client.session
    session[BACKEND_SESSION_KEY] = "kurultai.accounts.oidc.KurultaiOIDCBackend"
    session.save()
    assert read(client) is NotImplemented


def test_an_anonymous_session_is_nobody(db):
    request = RequestFactory().get("/")
    request.session = Client().session
    assert session_user(request) is None
