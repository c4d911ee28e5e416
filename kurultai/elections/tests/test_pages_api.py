"""Election pages and the elections API, on the demo election formed by the real services."""

import json

import pytest

from kurultai.elections.demo import DEMO_ELECTION_SLUG

pytestmark = pytest.mark.django_db


def test_result_page_shows_hemicycle_table_and_illustrative_notice(client):
    r = client.get(f"/en/elections/{DEMO_ELECTION_SLUG}/")
    html = r.content.decode()
    assert r.status_code == 200
    assert html.count("<circle") == 145
    assert "illustrative" in html
    assert "Gallagher" in html


def test_whatif_page_recomputes_with_other_rules(client):
    r = client.get(
        f"/en/elections/{DEMO_ELECTION_SLUG}/what-if/", {"method": "dhondt", "seats": "100", "threshold": "7"}
    )
    assert r.status_code == 200
    assert r.content.decode().count("<circle") == 100


def test_whatif_partial_for_htmx(client):
    r = client.get(f"/en/elections/{DEMO_ELECTION_SLUG}/what-if/", {"seats": "50"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200
    assert html.lstrip().startswith('<div id="whatif-result"')
    assert "<html" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"seats": "0"}, "Seats"),
        ({"threshold": "150"}, "threshold"),
        ({"method": "borda"}, "method"),
        ({"seats": "x"}, "whole"),
    ],
)
def test_whatif_bad_input_is_a_clear_error(client, params, message):
    r = client.get(f"/en/elections/{DEMO_ELECTION_SLUG}/what-if/", params)
    assert r.status_code == 422
    assert message in r.content.decode()


def test_election_api_reports_the_certified_result(client):
    data = client.get(f"/api/v1/elections/{DEMO_ELECTION_SLUG}").json()
    seats = {row["party"]: row["seats"] for row in data["result"]["allocation"]}
    assert sum(seats.values()) == 145
    assert seats["baytaq"] == 0
    assert data["illustrative"] is True
    assert data["status"] == "formed"


def test_allocation_endpoint_matches_the_2023_official_result(client):
    rows = [
        {"party": "Amanat", "votes": 3431510},
        {"party": "Auyl", "votes": 693938},
        {"party": "Respublica", "votes": 547154},
        {"party": "Ak Zhol", "votes": 535139},
        {"party": "PPK", "votes": 432920},
        {"party": "OSDP", "votes": 331058},
        {"party": "Baytaq", "votes": 146431},
        {"party": "Against all", "votes": 248291, "eligible": False},
    ]
    body = {"seats": 69, "method": "hare", "threshold_percent": 5, "rows": rows}
    r = client.post("/api/v1/elections/allocations", json.dumps(body), content_type="application/json")
    seats = {row["party"]: row["seats"] for row in r.json()["allocation"]}
    assert seats == {
        "Amanat": 40,
        "Auyl": 8,
        "Respublica": 6,
        "Ak Zhol": 6,
        "PPK": 5,
        "OSDP": 4,
        "Baytaq": 0,
        "Against all": 0,
    }


@pytest.mark.parametrize(
    "body",
    [
        {"seats": 0, "method": "hare", "rows": [{"party": "A", "votes": 1}]},
        {"seats": 10, "method": "borda", "rows": [{"party": "A", "votes": 1}]},
        {"seats": 10, "method": "hare", "rows": [{"party": "A", "votes": -1}]},
        {"seats": 10, "method": "hare", "rows": [{"party": "A", "votes": 1}, {"party": "A", "votes": 2}]},
        {"seats": 10, "method": "hare", "threshold_percent": 101, "rows": [{"party": "A", "votes": 1}]},
        {"seats": 10, "method": "hare", "rows": []},
    ],
)
def test_allocation_endpoint_refuses_bad_input_with_problem_json(client, body):
    r = client.post("/api/v1/elections/allocations", json.dumps(body), content_type="application/json")
    assert r.status_code == 422
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["code"]


def test_certification_needs_a_clerk(client, user_with_role):
    from kurultai.accounts.roles import Role
    from kurultai.accounts.services import token_create

    url = f"/api/v1/elections/{DEMO_ELECTION_SLUG}/certification"
    assert client.post(url).status_code == 401
    _, citizen_key = token_create(user=user_with_role(Role.CITIZEN))
    assert client.post(url, HTTP_AUTHORIZATION=f"Bearer {citizen_key}").status_code == 403
    _, clerk_key = token_create(user=user_with_role(Role.CLERK))
    r = client.post(url, HTTP_AUTHORIZATION=f"Bearer {clerk_key}")
    assert r.status_code == 409
    assert r.json()["code"] == "not_certifiable"


def test_elections_list_is_paginated_with_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        data = client.get("/api/v1/elections?limit=10").json()
    assert data["count"] == 1
