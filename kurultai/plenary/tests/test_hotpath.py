"""The ballot's shorter middleware chain (common/hotpath.py): same protections, same answers."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from kurultai.common.hotpath import NOT_FOR_HOT_WRITES, HotPathApplication, hot_write_middleware
from kurultai.plenary.models import Ballot
from kurultai.plenary.tests.factories import VoteEventFactory
from kurultai.plenary.tests.wsgi_client import CSRF, SAME_HEADERS, wsgi
from kurultai.wsgi import application


def test_the_chain_is_the_sites_minus_exactly_the_page_only_middleware():
    assert NOT_FOR_HOT_WRITES <= set(settings.MIDDLEWARE), "a left-out middleware is no longer in the site's chain"
    assert hot_write_middleware() == [m for m in settings.MIDDLEWARE if m not in NOT_FOR_HOT_WRITES]
    for kept in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
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
