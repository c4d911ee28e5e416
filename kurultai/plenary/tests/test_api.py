"""The plenary API as a client sees it: Popolo shapes, pages, query counts, ballots, clerk steps, problem+json."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kurultai.accounts.services import token_create
from kurultai.ledger.models import LedgerEntry
from kurultai.plenary.models import Ballot
from kurultai.plenary.tests.factories import ClerkUserFactory, DeputyUserFactory, SittingFactory, VoteEventFactory
from kurultai.plenary.tests.helpers import login, problem
from kurultai.registry.tests.test_api import popolo_validator

pytestmark = pytest.mark.django_db
API = "/api/v1"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def post(client: Any, path: str, body: dict[str, Any] | None = None, **headers: Any) -> Any:
    return client.post(f"{API}/{path}", json.dumps(body or {}), content_type="application/json", **headers)


def bearer(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)[1]}"}


# ---------------------------------------------------------------- reads


def test_sittings_are_popolo_events_with_a_page(client):
    body = ok(client.get(f"{API}/sittings"))
    assert set(body) == {"count", "next", "previous", "items"}
    assert body["count"] >= 7
    validator = popolo_validator("event")
    for item in body["items"]:
        assert list(validator.iter_errors(item)) == []
        assert item["classification"] == "plenary sitting"
    assert {"scheduled", "open", "closed"} <= {i["status"] for i in body["items"]}


def test_a_sitting_shows_its_quorum_rule_agenda_and_sources(client):
    sitting = ok(client.get(f"{API}/sittings", {"state": "closed", "limit": 1}))["items"][0]
    detail = ok(client.get(f"{API}/sittings/{sitting['id']}"))
    assert detail["quorum"]["total"] == 145
    assert detail["quorum"]["needed"] == 97
    assert "1995" in detail["quorum"]["citation"]
    assert "not found" in detail["quorum"]["note"]
    assert detail["agenda"]
    assert all(item["vote_event_ids"] for item in detail["agenda"])
    assert detail["sources"][0]["url"].startswith("https://")


def test_vote_events_are_popolo_vote_events_with_counts(client):
    body = ok(client.get(f"{API}/vote-events", {"state": "published", "limit": 100}))
    assert body["count"] >= 6
    validator = popolo_validator("vote_event")
    for item in body["items"]:
        assert list(validator.iter_errors(item)) == []
        counts = {c["option"]: c["value"] for c in item["counts"]}
        assert set(counts) == {"yes", "no", "abstain", "not voting", "absent"}
        assert sum(counts.values()) == 145
        assert item["result"] in {"pass", "fail"}
        assert item["decision"]


def test_a_vote_event_has_group_results_and_the_rule(client):
    vote = ok(client.get(f"{API}/vote-events", {"state": "published", "classification": "constitutional_law"}))
    detail = ok(client.get(f"{API}/vote-events/{vote['items'][0]['id']}"))
    assert detail["needed"] == 97
    assert detail["motion"]["requirement"] == "2/3 of the total number of deputies"
    assert "62(4)" in detail["rule_citation"]
    assert detail["ballot_change_allowed"] is False
    groups = {g["group_id"]: g for g in detail["group_results"]}
    assert "faction-amanat" in groups
    assert sum(sum(c["value"] for c in g["counts"]) for g in groups.values()) == 145
    validator = popolo_validator("vote_event")
    assert list(validator.iter_errors(detail)) == []


def test_an_open_vote_shows_the_ballots_so_far(client, vote, seated):
    VoteEventFactory  # noqa: B018 - the vote fixture made it
    from kurultai.accounts.permissions import SYSTEM
    from kurultai.plenary import services

    services.ballot_cast(vote_event=vote, user=SYSTEM, option="no", deputy=seated[3].slug)
    item = ok(client.get(f"{API}/vote-events/{vote.slug}"))
    assert item["state"] == "open"
    assert item["result"] is None
    assert {c["option"]: c["value"] for c in item["counts"]}["no"] == 1
    listed = ok(client.get(f"{API}/vote-events", {"sitting": vote.agenda_item.sitting.slug}))["items"][0]
    assert {c["option"]: c["value"] for c in listed["counts"]} == {"yes": 0, "no": 1, "abstain": 0}


def test_votes_of_a_vote_event_are_the_full_roll_call(client):
    vote_id = ok(client.get(f"{API}/vote-events", {"state": "published", "limit": 1}))["items"][0]["id"]
    body = ok(client.get(f"{API}/votes", {"vote_event": vote_id, "limit": 500}))
    assert body["count"] == 145
    assert len(body["items"]) == 145
    validator = popolo_validator("vote")
    for v in body["items"]:
        assert list(validator.iter_errors(v)) == []
    assert {v["option"] for v in body["items"]} <= {"yes", "no", "abstain", "not voting", "absent"}
    assert len({v["voter_id"] for v in body["items"]}) == 145
    assert all(v["group_id"].startswith("faction-") for v in body["items"])


def test_votes_of_a_deputy_are_their_record(client, seated):
    body = ok(client.get(f"{API}/votes", {"voter": seated[5].slug, "limit": 500}))
    assert body["count"] >= 10
    assert {v["voter_id"] for v in body["items"]} == {seated[5].slug}


def test_votes_need_a_filter(client):
    problem(client.get(f"{API}/votes"), 422, "filter_required")


@pytest.mark.parametrize("path", ["sittings/no-such", "vote-events/no-such", "votes?vote_event=no-such"])
def test_unknown_objects_are_404_problems(client, path):
    problem(client.get(f"{API}/{path}"), 404, "not_found")


@pytest.mark.parametrize("query", ["state=open-ish", "limit=0", "limit=501", "offset=-1"])
def test_bad_list_parameters_are_422_problems(client, query):
    problem(client.get(f"{API}/vote-events?{query}"), 422, "validation_error")


def test_a_draft_vote_is_not_public(client):
    vote = VoteEventFactory(state="draft", registered=0)
    problem(client.get(f"{API}/vote-events/{vote.slug}"), 404, "not_found")


@pytest.mark.parametrize(
    ("path", "params", "most"),
    [
        ("sittings", {}, 2),
        ("vote-events", {}, 2),
        ("votes", {"vote_event": "convocation-1-sitting-1-vote-1"}, 5),
    ],
)
def test_lists_take_a_constant_number_of_queries(client, django_assert_max_num_queries, path, params, most):
    for limit in (1, 500):
        with django_assert_max_num_queries(most):
            ok(client.get(f"{API}/{path}", {**params, "limit": limit}))


# ---------------------------------------------------------------- ballots


def test_a_deputy_with_totp_casts_a_ballot(client, vote, seated):
    user = DeputyUserFactory(person_slug=seated[0].slug)
    body = ok(post(login(client, user), f"vote-events/{vote.slug}/ballots", {"option": "yes"}), 201)
    assert body == {
        "id": f"{vote.slug}--{seated[0].slug}",
        "vote_event_id": vote.slug,
        "voter_id": seated[0].slug,
        "option": "yes",
        "group_id": None,
        "dissent": False,
    }
    problem(post(client, f"vote-events/{vote.slug}/ballots", {"option": "no"}), 409, "already_voted")
    problem(post(client, f"vote-events/{vote.slug}/ballots", {"option": "maybe"}), 422, "unknown_option")
    assert Ballot.objects.filter(vote_event=vote).count() == 1
    assert LedgerEntry.objects.filter(kind="plenary.ballot.cast", data__vote_event=vote.slug).count() == 1


def test_an_unknown_option_is_422(client, vote, seated):
    client = login(client, DeputyUserFactory(person_slug=seated[0].slug))
    problem(post(client, f"vote-events/{vote.slug}/ballots", {"option": "not voting"}), 422, "unknown_option")
    problem(post(client, f"vote-events/{vote.slug}/ballots", {}), 422, "validation_error")


def test_anonymous_ballots_are_401(client, vote):
    problem(post(client, f"vote-events/{vote.slug}/ballots", {"option": "yes"}), 401, "not_authenticated")


def test_a_bare_api_token_cannot_cast_a_deputys_ballot(client, vote, seated):
    user = DeputyUserFactory(person_slug=seated[0].slug)
    problem(post(client, f"vote-events/{vote.slug}/ballots", {"option": "yes"}, **bearer(user)), 403, "totp_required")


def test_a_session_without_a_confirmed_totp_code_cannot_vote(client, vote, seated):
    client = login(client, DeputyUserFactory(person_slug=seated[0].slug), totp=False)
    problem(post(client, f"vote-events/{vote.slug}/ballots", {"option": "yes"}), 403, "totp_required")


def test_another_deputys_session_cannot_cast_this_deputys_ballot(client, vote, seated):
    client = login(client, DeputyUserFactory(person_slug=seated[1].slug))
    body = {"option": "yes", "voter_id": seated[0].slug}
    problem(post(client, f"vote-events/{vote.slug}/ballots", body), 403, "not_own_ballot")


def test_a_non_deputy_cannot_vote(client, vote):
    client = login(client, ClerkUserFactory())
    problem(post(client, f"vote-events/{vote.slug}/ballots", {"option": "yes"}), 403, "not_a_deputy")


@pytest.mark.parametrize(
    ("state", "code"), [("draft", "vote_not_open"), ("closed", "vote_closed"), ("published", "vote_closed")]
)
def test_a_ballot_in_a_vote_that_is_not_open_is_409(client, seated, state, code):
    vote = VoteEventFactory(state=state)
    client = login(client, DeputyUserFactory(person_slug=seated[0].slug))
    problem(post(client, f"vote-events/{vote.slug}/ballots", {"option": "yes"}), 409, code)


def test_the_session_api_checks_csrf(vote, seated):
    from django.test import Client

    client = login(Client(enforce_csrf_checks=True), DeputyUserFactory(person_slug=seated[0].slug))
    response = post(client, f"vote-events/{vote.slug}/ballots", {"option": "yes"})
    assert response.status_code in (401, 403)
    assert not Ballot.objects.filter(vote_event=vote).exists()


# ---------------------------------------------------------------- clerk steps


def test_a_clerk_runs_a_vote_through_the_api(client, seated):
    vote = VoteEventFactory(state="draft")
    client = login(client, ClerkUserFactory())
    problem(post(client, f"vote-events/{vote.slug}/open", {"duration_seconds": 5}), 422, "bad_duration")
    opened = ok(post(client, f"vote-events/{vote.slug}/open", {"duration_seconds": 60}))
    assert opened["state"] == "open"
    assert opened["closes_at"]
    problem(post(client, f"vote-events/{vote.slug}/publish"), 409, "vote_bad_transition")
    closed = ok(post(client, f"vote-events/{vote.slug}/close"))
    assert closed["result"] == "fail"
    assert {c["option"]: c["value"] for c in closed["counts"]}["not voting"] == 145
    published = ok(post(client, f"vote-events/{vote.slug}/publish"))
    assert published["state"] == "published"
    assert LedgerEntry.objects.filter(kind="plenary.vote.result", data__vote_event=vote.slug).count() == 1


def test_a_clerk_opens_a_sitting_and_registers_deputies(client, seated):
    sitting = SittingFactory()
    client = login(client, ClerkUserFactory())
    assert ok(post(client, f"sittings/{sitting.slug}/open"))["status"] == "open"
    body = ok(post(client, f"sittings/{sitting.slug}/registrations", {"voter_id": seated[0].slug}), 201)
    assert body["voter_id"] == seated[0].slug
    problem(
        post(client, f"sittings/{sitting.slug}/registrations", {"voter_id": seated[0].slug}), 409, "already_registered"
    )
    problem(post(client, f"sittings/{sitting.slug}/registrations", {"voter_id": "nobody"}), 422, "unknown_deputy")
    assert ok(post(client, f"sittings/{sitting.slug}/close"))["status"] == "closed"


def test_a_deputy_registers_themself_through_the_api(client, seated):
    sitting = SittingFactory(open=True)
    client = login(client, DeputyUserFactory(person_slug=seated[0].slug))
    problem(
        post(client, f"sittings/{sitting.slug}/registrations", {"voter_id": seated[1].slug}),
        403,
        "not_own_registration",
    )
    ok(post(client, f"sittings/{sitting.slug}/registrations", {"voter_id": seated[0].slug}), 201)


@pytest.mark.parametrize("step", ["open", "close"])
def test_clerk_steps_need_a_clerk_with_totp(client, step):
    sitting = SittingFactory(open=step == "close")
    problem(post(client, f"sittings/{sitting.slug}/{step}"), 401, "not_authenticated")
    problem(post(client, f"sittings/{sitting.slug}/{step}", **bearer(ClerkUserFactory())), 403, "totp_required")
    deputy = login(client, DeputyUserFactory())
    problem(post(deputy, f"sittings/{sitting.slug}/{step}"), 403, "permission_denied")
