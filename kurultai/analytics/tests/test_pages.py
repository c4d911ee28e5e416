"""Pages and API of the analytics app, on the demo parliament (participation, oversight and
legislation demo data plus the synthetic analytics demo)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_responsiveness_page_in_every_language(client, lang):
    response = client.get(f"/{lang}/analytics/responsiveness/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert "<table" in html
    assert 'href="/' + lang + "/inquiries/" in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_topics_page_in_every_language(client, lang):
    response = client.get(f"/{lang}/analytics/topics/")
    assert response.status_code == 200
    assert "<table" in response.content.decode()


def test_responsiveness_api_has_every_kind_and_dimension(client):
    body = client.get("/api/v1/analytics/responsiveness").json()
    assert [k["kind"] for k in body["kinds"]] == ["appeal", "petition", "inquiry", "proposal"]
    assert {g["dimension"] for g in body["groups"]} >= {"deputy", "committee", "state_body", "region"}
    inquiries = next(k for k in body["kinds"] if k["kind"] == "inquiry")
    assert inquiries["figures"]["received"] > 0
    assert "/inquiries/" in inquiries["records_url"]
    assert len([t for t in body["trend"] if t["kind"] == "all"]) == 12


def test_responsiveness_api_filters_and_rejects_unknown_dimension(client):
    body = client.get("/api/v1/analytics/responsiveness?dimension=region&kind=appeal").json()
    assert {(g["dimension"], g["kind"]) for g in body["groups"]} <= {("region", "appeal")}
    bad = client.get("/api/v1/analytics/responsiveness?dimension=planet")
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    assert bad.json()["code"] == "invalid_dimension"


def test_topics_api_counts_campaigns_once(client):
    body = client.get("/api/v1/analytics/topics").json()
    assert body["texts"] > body["counted"] > 0
    assert body["campaigns"] >= 1
    assert body["topics"]
    assert sum(t["texts"] for t in body["topics"]) <= body["counted"]
    assert all(set(t["terms"]) <= {"kk", "ru", "en"} for t in body["topics"])


def test_openapi_lists_the_contract_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for word in ("responsiveness", "topics", "opinion"):
        assert any(p.startswith("/api/v1/analytics/") and word in p for p in paths), word


def test_opinion_groups_unknown_consultation_is_a_problem(client):
    response = client.get("/api/v1/analytics/consultations/no-such-bill/versions/1/opinion-groups")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.get("/ru/analytics/consultations/no-such-bill/1/opinion/").status_code == 404


def test_pages_stay_within_a_query_budget(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        client.get("/ru/analytics/responsiveness/")
    with django_assert_max_num_queries(30):
        client.get("/ru/analytics/topics/")


def test_campaigns_page_is_for_moderators(client, user_with_role):
    from kurultai.accounts.roles import Role

    assert client.get("/ru/analytics/campaigns/").status_code == 401
    client.force_login(user_with_role(Role.MODERATOR))
    response = client.get("/ru/analytics/campaigns/")
    assert response.status_code == 200


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_chart_coordinates_never_take_the_page_languages_decimal_comma(client, lang):
    # kk and ru write 11,5; an SVG coordinate "50,9" is two numbers and the chart falls apart.
    html = client.get(f"/{lang}/analytics/responsiveness/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert not re.search(r'(?:x|y|x1|x2|y1|y2|width|height|cx|cy)="-?\d+,\d', svg)
    assert re.search(r'y1="\d+\.\d"', svg)
