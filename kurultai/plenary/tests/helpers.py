"""Helpers shared by the plenary tests: signing in with TOTP, reading problem+json answers."""

from __future__ import annotations

import secrets
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from kurultai.plenary.tests.factories import DeputyUserFactory

PROBLEM = "application/problem+json"


def login(client: Any, user: Any, *, totp: bool = True) -> Any:
    """Sign ``user`` in on the test client; with ``totp`` the session has confirmed their TOTP code."""
    client.force_login(user)
    if totp:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = user.totp_device.persistent_id
        session.save()
    return client


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["detail"]
    return body


def deputy_session(person_slug: str) -> dict[str, str]:
    """Cookies of a deputy's browser session in which their TOTP code is confirmed."""
    user = DeputyUserFactory(person_slug=person_slug)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totp_device.persistent_id
    session.save()
    return {"sessionid": session.session_key, "csrftoken": secrets.token_hex(16)}
