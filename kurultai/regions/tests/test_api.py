"""The Council of Regions API: shapes, filters, writes with permissions, problem+json on bad input."""

from __future__ import annotations

import json

import pytest

from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.roles import Role
from kurultai.regions import services
from kurultai.regions.models import RegionalInitiative

pytestmark = pytest.mark.django_db

INITIATIVE_FIELDS = {
    "id", "registration_number", "kind", "title", "language", "maslikhat_id", "area_id", "status", "bill_ref",
    "committee_id", "result_bill_ref", "initiator", "session_id", "submitted_at", "decided_at",
}  # fmt: skip
BODY = {"kind": "bill", "title": "Village schools", "text": "Keep small schools open.", "language": "kk"}


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    return response.json()


def post(client, path, body, headers):
    return client.post(f"/api/v1/{path}", json.dumps(body), content_type="application/json", **headers)


def test_initiatives_list_and_detail(client):
    body = ok(client.get("/api/v1/initiatives", {"limit": 3}))
    assert body["count"] == 10
    assert set(body["items"][0]) == INITIATIVE_FIELDS
    assert {i["initiator"] for i in body["items"]} == {"regional_initiative"}
    became = ok(client.get("/api/v1/initiatives", {"status": "became_bill"}))["items"]
    assert became
    assert all(i["result_bill_ref"] for i in became)
    detail = ok(client.get(f"/api/v1/initiatives/{became[0]['id']}"))
    assert [h["to_status"] for h in detail["history"]] == ["submitted", "on_agenda", "became_bill"]


@pytest.mark.parametrize(
    ("params", "key", "value"),
    [
        ({"region": "kostanay"}, "area_id", "kostanay"),
        ({"region": "KZ-39"}, "area_id", "kostanay"),
        ({"kind": "amendment"}, "kind", "amendment"),
    ],
)
def test_initiative_filters(client, params, key, value):
    items = ok(client.get("/api/v1/initiatives", params))["items"]
    assert items
    assert {i[key] for i in items} == {value}


@pytest.mark.parametrize("params", [{"status": "approved"}, {"kind": "law"}, {"limit": "501"}, {"q": "x" * 101}])
def test_bad_initiative_filters_are_422(client, params):
    problem(client.get("/api/v1/initiatives", params), 422, "validation_error")


def test_a_delegate_submits_over_the_api(client, bearer, delegate):
    created = ok(post(client, "initiatives", BODY, bearer(delegate)), 201)
    assert (created["maslikhat_id"], created["status"], created["history"][0]["to_status"]) == (
        "maslikhat-kostanay",
        "submitted",
        "submitted",
    )
    notes = ok(client.get("/api/v1/maslikhat-notifications", **bearer(delegate)))
    assert notes["items"][0]["initiative_id"] == created["id"]
    assert notes["items"][0]["read"] is False


@pytest.mark.parametrize("role", [r for r in Role if r != Role.MASLIKHAT_DELEGATE])
def test_a_non_delegate_submitting_is_403(client, bearer, make_user, role):
    problem(post(client, "initiatives", BODY, bearer(make_user(role))), 403, "permission_denied")


def test_an_anonymous_submission_is_401(client):
    problem(post(client, "initiatives", BODY, {}), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({**BODY, "kind": "wish"}, "validation_error"),
        ({**BODY, "title": ""}, "validation_error"),
        ({**BODY, "language": "de"}, "validation_error"),
        ({**BODY, "kind": "amendment"}, "invalid_text"),
        ({**BODY, "text": "nul\u0000"}, "invalid_text"),
    ],
)
def test_bad_initiatives_are_422(client, bearer, delegate, body, code):
    problem(post(client, "initiatives", body, bearer(delegate)), 422, code)


def test_the_clerk_records_the_council_s_decision(client, bearer, delegate, make_user):
    initiative = RegionalInitiative.objects.filter(status="on_agenda").first()
    clerk = bearer(make_user(Role.CLERK))
    problem(
        post(
            client,
            f"initiatives/{initiative.slug}/decision",
            {"decision": "sent_to_committee", "committee": "amanat"},
            clerk,
        ),
        422,
        "unknown_committee",
    )
    done = ok(
        post(
            client,
            f"initiatives/{initiative.slug}/decision",
            {"decision": "sent_to_committee", "committee": "committee-economy"},
            clerk,
        )
    )
    assert (done["status"], done["committee_id"]) == ("sent_to_committee", "committee-economy")
    problem(
        post(client, f"initiatives/{initiative.slug}/decision", {"decision": "rejected"}, clerk),
        409,
        "invalid_transition",
    )
    problem(
        post(client, f"initiatives/{initiative.slug}/decision", {"decision": "rejected"}, bearer(delegate)),
        403,
        "permission_denied",
    )


def test_notifications_are_for_delegates_only(client, bearer, make_user):
    problem(client.get("/api/v1/maslikhat-notifications", **bearer(make_user(Role.CITIZEN))), 403, "not_a_delegate")


def test_council_sessions_and_members(client):
    council = ok(client.get("/api/v1/council-of-regions"))
    assert council["maslikhats"] == 20
    assert len(council["members"]) == 22
    sessions = ok(client.get("/api/v1/council-of-regions/sessions"))["items"]
    held = next(s for s in sessions if s["status"] == "held")
    detail = ok(client.get(f"/api/v1/council-of-regions/sessions/{held['id']}"))
    assert detail["agenda"]
    assert detail["decisions"]
    assert {d["initiative_id"] for d in detail["decisions"]} <= {a["initiative_id"] for a in detail["agenda"]}


def test_region_dashboard(client):
    data = ok(client.get("/api/v1/region-dashboards/kostanay"))
    assert data["maslikhat_id"] == "maslikhat-kostanay"
    assert data["population_is_approximate"] is True
    assert [r["key"] for r in data["rates"]] == ["deputies", "initiatives", "inquiries"]
    assert data["rates"][1]["count"] == 2
    problem(client.get("/api/v1/region-dashboards/kazakhstan"), 404, "not_a_region")
    problem(client.get("/api/v1/region-dashboards/atlantis"), 404, "not_found")


def test_halyk_kenesi_bills(client):
    items = ok(client.get("/api/v1/halyk-kenesi/bills"))["items"]
    assert {b["initiator"] for b in items} == {"people_council"}


@pytest.mark.parametrize(
    ("path", "bound"), [("initiatives?limit=100", 3), ("council-of-regions/sessions", 3), ("council-of-regions", 4)]
)
def test_lists_take_a_constant_number_of_queries(client, django_assert_max_num_queries, path, bound):
    with django_assert_max_num_queries(bound):
        assert client.get(f"/api/v1/{path}").status_code == 200


def test_the_notifications_list_takes_a_constant_number_of_queries(
    client, bearer, delegate, django_assert_max_num_queries
):
    for n in range(3):
        services.initiative_submit(actor=delegate, kind="bill", title=f"T{n}", text="x", language="ru")
    headers = bearer(delegate)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/maslikhat-notifications", **headers).status_code == 200
    assert SYSTEM
