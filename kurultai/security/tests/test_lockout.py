"""Brute force: django-axes locks a username after AXES_FAILURE_LIMIT failures, on both logins."""

from __future__ import annotations

import pytest
from django.conf import settings

from kurultai.accounts.services import user_create

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Kurultai-2026"


@pytest.fixture
def account(db):
    return user_create(username="sec-lock", password=PASSWORD)


def _login(client, path, password, username="sec-lock", **extra):
    return client.post(path, {"username": username, "password": password, **extra}, REMOTE_ADDR="203.0.113.7")


def test_site_login_locks_after_the_limit_even_for_the_right_password(client, account):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "/en/accounts/login/", "wrong").status_code == 200  # the form again, with an error
    assert _login(client, "/en/accounts/login/", "wrong").status_code == 429  # the failure that reaches the limit
    locked = _login(client, "/en/accounts/login/", PASSWORD)
    assert locked.status_code == 429
    assert b"Too many failed log-ins" in locked.content
    assert b"sec-lock" not in locked.content
    assert "_auth_user_id" not in client.session


def test_lockout_follows_the_username_across_addresses(client, account):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": "sec-lock", "password": "x"}, REMOTE_ADDR=f"198.51.100.{n}")
    response = client.post(
        "/en/accounts/login/", {"username": "sec-lock", "password": PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, account):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "/en/accounts/login/", "wrong")
    assert _login(client, "/en/accounts/login/", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "/en/accounts/login/", "wrong")
    assert _login(client, "/en/accounts/login/", PASSWORD).status_code == 302


def test_admin_login_is_locked_too(client):
    user_create(username="sec-admin", password=PASSWORD, roles=["admin"])
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "/en/admin/login/", "wrong", username="sec-admin", otp_token="123456")
        assert response.status_code == 200
    response = _login(client, "/en/admin/login/", "wrong", username="sec-admin", otp_token="123456")
    assert response.status_code == 429
    locked = _login(client, "/en/admin/login/", PASSWORD, username="sec-admin", otp_token="123456")
    assert locked.status_code == 429


def test_login_posts_are_rate_limited_per_address(client, account, settings, monkeypatch):
    from kurultai.accounts import views

    settings.AXES_ENABLED = False  # the rate limit alone
    monkeypatch.setattr(views, "LOGIN_RATE", "3/h")
    form = {"username": "nobody", "password": "x"}
    statuses = [client.post("/en/accounts/login/", form, REMOTE_ADDR="203.0.113.9").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other = client.post("/en/accounts/login/", form, REMOTE_ADDR="203.0.113.10")
    assert other.status_code == 200
