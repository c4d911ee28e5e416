"""The ballot's fast lane (plenary/fastlane.py): successes answered as the lean chain would, the rest passed on."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from kurultai.plenary.fastlane import BallotFastLane
from kurultai.plenary.models import Ballot
from kurultai.plenary.tests.factories import VoteEventFactory
from kurultai.plenary.tests.wsgi_client import CSRF, SAME_HEADERS, deputy_session, wsgi
from kurultai.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def lane() -> BallotFastLane:
    assert isinstance(application.hot, BallotFastLane)
    return application.hot


def path(vote) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/vote-events/{vote.slug}/ballots"


def counted(lane: BallotFastLane, *args, **extra):  # type: ignore[no-untyped-def]
    served, passed_on = lane.served, lane.passed_on
    answer = wsgi(application, *args, **extra)
    return (*answer, lane.served - served, lane.passed_on - passed_on)


def test_a_ballot_is_answered_here_exactly_as_the_lean_chain_answers(lane, deputy_cookie):
    fast_vote, lean_vote = VoteEventFactory(), VoteEventFactory()
    status, headers, body, served, passed_on = counted(lane, "POST", path(fast_vote), {"option": "yes"}, deputy_cookie)
    assert (status, served, passed_on) == (201, 1, 0), body
    lean_status, lean_headers, lean_body = wsgi(
        application.lean, "POST", path(lean_vote), {"option": "yes"}, deputy_cookie
    )
    assert lean_status == 201
    assert body == {**lean_body, "id": body["id"], "vote_event_id": fast_vote.slug}
    assert body["id"] == f"{fast_vote.slug}--{body['voter_id']}"
    for name in SAME_HEADERS:
        if name != "Content-Length":  # the two votes' identifiers differ in length
            assert headers.get(name) == lean_headers.get(name), name
    assert int(headers["Content-Length"]) == len(json.dumps(body).encode())
    assert Ballot.objects.filter(vote_event=fast_vote).count() == 1
    assert Ballot.objects.get(vote_event=fast_vote).option == "yes"


@pytest.mark.parametrize(
    ("body", "cookie", "extra", "status"),
    [
        pytest.param({"option": "maybe"}, True, {}, 422, id="unknown option"),
        pytest.param({"option": "yes", "voter_id": "someone-else"}, True, {}, 403, id="another deputy"),
        pytest.param({"option": "yes"}, False, {}, 401, id="no session"),
        pytest.param({"option": "yes"}, True, {"HTTP_X_CSRFTOKEN": "d" * 32}, 403, id="wrong CSRF token"),
        pytest.param({"option": 1}, True, {}, 422, id="option not a string"),
        pytest.param({"option": "yes"}, True, {"QUERY_STRING": "lang=xx"}, 422, id="unknown language"),
    ],
)
def test_every_refusal_is_passed_on_and_answered_in_problem_json(lane, deputy_cookie, body, cookie, extra, status):
    vote = VoteEventFactory()
    cookies = deputy_cookie if cookie else f"csrftoken={CSRF}"
    got, headers, answer, served, passed_on = counted(lane, "POST", path(vote), body, cookies, **extra)
    assert (got, served, passed_on) == (status, 0, 1), answer
    assert headers["Content-Type"].startswith("application/problem+json")
    assert answer["status"] == status
    assert not Ballot.objects.filter(vote_event=vote).exists()


def test_a_host_not_allowed_is_passed_on_and_refused_as_by_the_site(lane, deputy_cookie):
    vote = VoteEventFactory()
    status, _headers, _page, served, passed_on = counted(
        lane, "POST", path(vote), {"option": "yes"}, deputy_cookie, HTTP_HOST="evil.example"
    )
    assert (status, served, passed_on) == (400, 0, 1)
    assert wsgi(application.site, "GET", "/api/v1/vote-events", None, HTTP_HOST="evil.example")[0] == 400
    assert not Ballot.objects.filter(vote_event=vote).exists()


def test_a_second_ballot_is_refused_by_the_lean_chain_with_the_body_intact(lane, deputy_cookie):
    vote = VoteEventFactory()
    assert counted(lane, "POST", path(vote), {"option": "no"}, deputy_cookie)[3] == 1
    status, _headers, answer, served, passed_on = counted(lane, "POST", path(vote), {"option": "yes"}, deputy_cookie)
    assert (status, answer["code"], served, passed_on) == (409, "already_voted", 0, 1)
    assert Ballot.objects.get(vote_event=vote).option == "no"


def test_a_session_without_totp_is_passed_on_and_refused(lane):
    vote = VoteEventFactory()
    cookie = deputy_session("no-totp-deputy", totp=False)
    status, _headers, answer, served, passed_on = counted(lane, "POST", path(vote), {"option": "yes"}, cookie)
    assert (status, served, passed_on) == (403, 0, 1), answer
    assert not Ballot.objects.filter(vote_event=vote).exists()


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({"HTTP_IDEMPOTENCY_KEY": "ballot-key-1"}, id="idempotency key"),
        pytest.param({"QUERY_STRING": "lang=ru"}, id="query string"),
        pytest.param({"CONTENT_TYPE": "text/plain"}, id="not declared JSON"),
    ],
)
def test_requests_the_lane_does_not_take_still_vote(lane, deputy_cookie, extra):
    vote = VoteEventFactory()
    status, _headers, answer, served, passed_on = counted(
        lane, "POST", path(vote), {"option": "abstain"}, deputy_cookie, **extra
    )
    assert (status, served, passed_on) == (201, 0, 1), answer
    assert Ballot.objects.get(vote_event=vote).option == "abstain"


@override_settings(BALLOT_FAST_LANE=False)
def test_the_lane_can_be_turned_off(lane, deputy_cookie):
    vote = VoteEventFactory()
    status, _headers, _answer, served, passed_on = counted(lane, "POST", path(vote), {"option": "yes"}, deputy_cookie)
    assert (status, served, passed_on) == (201, 0, 1)
