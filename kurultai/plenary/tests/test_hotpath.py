"""The ballot's shorter middleware chain (common/hotpath.py): same protections, same answers."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.conf import settings
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurultai.accounts.roles import Role
from kurultai.accounts.services import user_create
from kurultai.common.hotpath import NOT_FOR_HOT_WRITES, HotPathApplication, hot_write_middleware
from kurultai.plenary import selectors
from kurultai.plenary.models import Ballot
from kurultai.plenary.tests.factories import VoteEventFactory
from kurultai.wsgi import application

CSRF = "c" * 32
SAME_HEADERS = (
    "Content-Type",
    "Content-Length",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
    "Content-Language",
    "Vary",
)


def test_the_chain_is_the_sites_minus_exactly_the_page_only_middleware():
    assert NOT_FOR_HOT_WRITES <= set(settings.MIDDLEWARE), "a left-out middleware is no longer in the site's chain"
    assert hot_write_middleware() == [m for m in settings.MIDDLEWARE if m not in NOT_FOR_HOT_WRITES]
    for kept in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "kurultai.idempotency.middleware.IdempotencyMiddleware",
        "kurultai.security.middleware.RedactErrorBodyMiddleware",
        "kurultai.common.middleware.SecurityHeadersMiddleware",
    ):
        assert kept in hot_write_middleware()


def test_the_wsgi_application_is_the_dispatcher():
    assert isinstance(application, HotPathApplication)


@pytest.fixture
def deputy_cookie(db) -> str:
    person = selectors.seated_deputies(timezone.localdate()).order_by("slug").first()
    user = user_create(username="hot-deputy", password=None, roles=[Role.DEPUTY], person_slug=person.slug)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return f"sessionid={session.session_key}; csrftoken={CSRF}"


def wsgi(
    app: Any, method: str, path: str, body: dict[str, Any] | None, cookie: str = ""
) -> tuple[int, dict[str, str], Any]:
    raw = json.dumps(body).encode() if body is not None else b""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(raw),
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(raw)),
        "HTTP_COOKIE": cookie,
        "HTTP_X_CSRFTOKEN": CSRF,
        "HTTP_ACCEPT_LANGUAGE": "en",
        "REMOTE_ADDR": "127.0.0.1",
    }
    answer: dict[str, Any] = {}
    # As Django's test client does: a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    try:
        content = b"".join(app(environ, start_response))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], json.loads(content) if content else None


def test_a_ballot_through_the_lean_chain_is_stored_with_the_sites_headers(deputy_cookie):
    vote = VoteEventFactory()
    path = f"/api/v1/vote-events/{vote.slug}/ballots"
    status, headers, body = wsgi(application, "POST", path, {"option": "yes"}, deputy_cookie)
    assert status == 201, body
    assert body["option"] == "yes"
    assert int(headers["Content-Length"]) == len(json.dumps(body).encode())  # not chunked
    assert Ballot.objects.filter(vote_event=vote).count() == 1
    # The same request's refusal through the site's own handler carries the same headers.
    site_status, site_headers, site_body = wsgi(application.site, "POST", path, {"option": "no"}, deputy_cookie)
    lean_status, lean_headers, lean_body = wsgi(application, "POST", path, {"option": "no"}, deputy_cookie)
    assert site_status == lean_status == 409
    assert site_body == lean_body
    assert site_body["code"] == "already_voted"
    for name in SAME_HEADERS:
        assert lean_headers.get(name) == site_headers.get(name), name
    assert "default-src 'self'" in lean_headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("body", "cookie", "status", "code"),
    [
        ({"option": "maybe"}, True, 422, None),
        ({"option": "yes"}, False, 401, None),
    ],
)
def test_refusals_through_the_lean_chain_are_problem_json(deputy_cookie, body, cookie, status, code):
    vote = VoteEventFactory()
    path = f"/api/v1/vote-events/{vote.slug}/ballots"
    # Without a session: only the CSRF cookie (with no cookie at all, ninja's CSRF check answers 403 first).
    got, headers, answer = wsgi(application, "POST", path, body, deputy_cookie if cookie else f"csrftoken={CSRF}")
    assert got == status, answer
    assert headers["Content-Type"].startswith("application/")
    assert answer["status"] == status
    assert not Ballot.objects.filter(vote_event=vote).exists()


def test_other_requests_take_the_sites_chain(deputy_cookie):
    vote = VoteEventFactory()
    status, _headers, body = wsgi(application, "GET", f"/api/v1/vote-events/{vote.slug}/ballots", None, deputy_cookie)
    assert status == 405
    assert body["code"] == "method_not_allowed"
