"""The oversight API: shapes, pagination, writes with permissions, and bad input as problem+json."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from kurultai.accounts.roles import Role
from kurultai.oversight import services
from kurultai.oversight.models import Hearing, HearingStatus, Inquiry

pytestmark = pytest.mark.django_db

INQUIRY_FIELDS = {
    "id", "registration_number", "subject", "language", "state_body_id", "area_id", "authors", "registered_at",
    "registered_on", "deadline", "deadline_rule", "status", "overdue", "answered_late", "answered_on", "rating",
    "plenary_ref",
}  # fmt: skip
INQUIRY_DETAIL_FIELDS = INQUIRY_FIELDS | {"text", "answer", "answered_at", "rating_comment", "working_days_late"}
HEARING_FIELDS = {
    "id", "committee_id", "investigation_id", "topic", "starts_at", "location", "status", "applications_open",
    "applications_close_at", "speaker_seats", "attendee_seats",
}  # fmt: skip
RESPONSIVENESS_FIELDS = {
    "received", "answered", "answered_on_time", "overdue", "median_working_days", "on_time_share", "rated",
    "unsatisfactory", "unsatisfactory_share",
}  # fmt: skip


def get(client, path, **params):
    return client.get(f"/api/v1/{path}", params)


def post(client, path, body, headers):
    return client.post(f"/api/v1/{path}", json.dumps(body), content_type="application/json", **headers)


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code
    assert body["status"] == status
    return body


# ---------------------------------------------------------------- reads


def test_inquiry_register_is_paginated_and_popolo_like(client):
    body = ok(get(client, "inquiries", limit=5))
    assert set(body) == {"count", "next", "previous", "items"}
    assert body["count"] >= 28
    assert len(body["items"]) == 5
    assert "offset=5" in body["next"]
    item = body["items"][0]
    assert set(item) == INQUIRY_FIELDS
    assert set(item["deadline_rule"]) == {"working_days", "citation", "found"}
    assert item["deadline_rule"]["found"] is False


def test_inquiry_detail(client):
    slug = Inquiry.objects.filter(status="raised").values_list("slug", flat=True).first()
    data = ok(get(client, f"inquiries/{slug}"))
    assert set(data) == INQUIRY_DETAIL_FIELDS
    assert (data["status"], data["rating"]) == ("raised", "unsatisfactory")
    assert data["answer"]


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"overdue": "true"}, lambda i: i["overdue"] and i["status"] == "registered"),
        ({"status": "rated", "rating": "formal"}, lambda i: i["rating"] == "formal"),
        ({"state_body": "ministry-of-health"}, lambda i: i["state_body_id"] == "ministry-of-health"),
        ({"area": "almaty"}, lambda i: i["area_id"] == "almaty"),
    ],
)
def test_inquiry_filters(client, params, check):
    items = ok(get(client, "inquiries", limit=500, **params))["items"]
    assert items
    assert all(check(i) for i in items)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"rating": "great"}, "rating"),
        ({"overdue": "perhaps"}, "overdue"),
        ({"year": "20x6"}, "year"),
        ({"limit": "0"}, "limit"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_bad_inquiry_filters_are_422_problems(client, params, field):
    body = problem(get(client, "inquiries", **params), 422, "validation_error")
    assert body["errors"][0]["loc"][-1] == field


@pytest.mark.parametrize(
    "path",
    [
        "inquiries/1999-0001",
        "hearings/nope",
        "investigations/nope",
        "committees/amanat",
        "state-bodies/amanat",
        "government-reports/nope",
        "committee-meetings/nope",
    ],
)
def test_unknown_objects_are_404_problems(client, path):
    problem(get(client, path), 404, "not_found")


def test_committees_list_and_detail(client):
    body = ok(get(client, "committees"))
    assert body["count"] == 7
    assert {c["kind"] for c in body["items"]} == {"standing"}
    assert all(c["member_count"] > 0 for c in body["items"])
    detail = ok(get(client, "committees/committee-finance"))
    assert {m["role"] for m in detail["members"]} >= {"chair", "deputy_chair", "secretary", "member"}
    assert detail["upcoming_meetings"]
    assert detail["past_meetings"]
    assert {h["status"] for h in detail["hearings"]} >= {"announced", "closed"}
    assert [i["id"] for i in detail["investigations"]] == ["regional-roads-funds"]


def test_committee_meeting_detail(client):
    meeting = ok(get(client, "committees/committee-finance/meetings"))["items"][-1]
    data = ok(get(client, f"committee-meetings/{meeting['id']}"))
    assert data["agenda"]
    assert data["decisions"]
    assert data["minutes"]
    assert any(p["attended"] is False for p in data["participants"])


def test_hearings_upcoming_and_detail(client):
    upcoming = ok(get(client, "hearings", when="upcoming"))["items"]
    assert upcoming
    assert set(upcoming[0]) == HEARING_FIELDS
    assert all(h["applications_open"] for h in upcoming)
    closed = ok(get(client, "hearings", status="closed"))["items"][0]
    data = ok(get(client, f"hearings/{closed['id']}"))
    assert data["minutes"]
    assert data["recommendations"]
    assert set(data["applications"]) == {"received", "speak", "attend", "selected_speak", "selected_attend"}
    assert "user" not in json.dumps(data["applications"])


def test_investigation_detail(client):
    data = ok(get(client, "investigations/regional-roads-funds"))
    assert data["members"]
    assert {d["kind"] for d in data["documents"]} == {"evidence"}
    assert data["hearing_ids"] == ["regional-roads-funds-hearing"]
    assert data["final_report"]
    assert {r["status"] for r in data["recommendations"]} >= {"open", "in_progress"}


def test_state_bodies_carry_their_responsiveness(client):
    body = ok(get(client, "state-bodies", limit=100))
    assert body["count"] >= 16
    assert {b["kind"] for b in body["items"]} == {"ministry", "agency", "akimat"}
    assert all(set(b["responsiveness"]) == RESPONSIVENESS_FIELDS for b in body["items"])
    assert (
        sum(b["responsiveness"]["received"] for b in body["items"])
        == Inquiry.objects.exclude(status="withdrawn").count()
    )
    akimat = ok(get(client, "state-bodies/akimat-of-almaty"))
    assert akimat["area_id"] == "almaty"


def test_oversight_rules_name_their_sources(client):
    rules = {r["key"]: r for r in ok(get(client, "oversight-rules"))}
    assert rules["inquiry_answer_working_days"]["value"] == 15
    assert rules["inquiry_answer_working_days"]["found"] is False
    assert rules["max_standing_committees"]["value"] == 8


def test_government_reports(client):
    items = ok(get(client, "government-reports"))["items"]
    plenary = next(r for r in items if r["committee_id"] is None)
    data = ok(get(client, f"government-reports/{plenary['id']}"))
    assert data["questions"]
    assert any(q["answer"] for q in data["questions"])


@pytest.mark.parametrize(
    ("path", "bound"),
    [
        ("inquiries?limit=100", 4),
        ("hearings?limit=100", 3),
        ("committees", 3),
        ("state-bodies?limit=100", 4),
        ("investigations", 3),
        ("government-reports", 3),
    ],
)
def test_lists_take_a_constant_number_of_queries(client, django_assert_max_num_queries, path, bound):
    with django_assert_max_num_queries(bound):
        assert client.get(f"/api/v1/{path}").status_code == 200


# ---------------------------------------------------------------- writes


def test_a_deputy_sends_an_inquiry_and_the_respondent_answers(client, bearer, deputy, other_deputy, respondent):
    body = {
        "state_body": "ministry-of-health",
        "subject": "Ambulance times",
        "text": "How long does an ambulance take in villages?",
        "language": "ru",
        "co_authors": [other_deputy.person_slug],
        "area": "kostanay",
    }
    created = ok(post(client, "inquiries", body, bearer(deputy)), 201)
    assert created["status"] == "registered"
    assert [a["lead"] for a in created["authors"]] == [True, False]
    assert created["deadline_rule"]["working_days"] == 15
    answered = ok(
        post(
            client, f"inquiries/{created['id']}/answer", {"text": "Ten minutes.", "language": "ru"}, bearer(respondent)
        )
    )
    assert (answered["status"], answered["answer"]) == ("answered", "Ten minutes.")
    rated = ok(post(client, f"inquiries/{created['id']}/rating", {"rating": "unsatisfactory"}, bearer(other_deputy)))
    assert rated["rating"] == "unsatisfactory"
    raised = ok(post(client, f"inquiries/{created['id']}/plenary", {}, bearer(deputy)))
    assert raised["status"] == "raised"


@pytest.mark.parametrize("role", [r for r in Role if r != Role.GOVERNMENT_RESPONDENT])
def test_answering_over_the_api_is_403_for_every_other_role(client, bearer, make_user, inquiry, role):
    response = post(
        client, f"inquiries/{inquiry.slug}/answer", {"text": "x", "language": "ru"}, bearer(make_user(role))
    )
    problem(response, 403, "permission_denied")


def test_answering_without_credentials_is_401(client, inquiry):
    problem(
        post(client, f"inquiries/{inquiry.slug}/answer", {"text": "x", "language": "ru"}, {}), 401, "not_authenticated"
    )


def test_a_respondent_of_another_body_is_403(client, bearer, make_user, inquiry, other_body, system):
    other = make_user(Role.GOVERNMENT_RESPONDENT)
    services.respondent_link(user=other, state_body=other_body, actor=system)
    response = post(client, f"inquiries/{inquiry.slug}/answer", {"text": "x", "language": "ru"}, bearer(other))
    problem(response, 403, "not_respondent_of_body")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"state_body": "ministry-of-health", "subject": "s", "text": "t", "language": "fr"}, 422, "validation_error"),
        ({"state_body": "ministry-of-health", "subject": "", "text": "t", "language": "ru"}, 422, "validation_error"),
        ({"state_body": "ministry-of-health", "subject": "s", "language": "ru"}, 422, "validation_error"),
        ({"state_body": "no-such-body", "subject": "s", "text": "t", "language": "ru"}, 422, "unknown_organization"),
        ({"state_body": "amanat", "subject": "s", "text": "t", "language": "ru"}, 422, "not_a_state_body"),
        (
            {"state_body": "ministry-of-health", "subject": "s", "text": "a\u0000b", "language": "ru"},
            422,
            "invalid_text",
        ),
        (
            {"state_body": "ministry-of-health", "subject": "s", "text": "t", "language": "ru", "area": "atlantis"},
            422,
            "unknown_area",
        ),
        (
            {
                "state_body": "ministry-of-health",
                "subject": "s",
                "text": "t",
                "language": "ru",
                "co_authors": ["nobody"],
            },
            422,
            "not_a_sitting_deputy",
        ),
    ],
)
def test_bad_inquiries_are_problems(client, bearer, deputy, body, status, code):
    problem(post(client, "inquiries", body, bearer(deputy)), status, code)


def test_malformed_json_is_a_problem(client, bearer, deputy):
    response = client.post("/api/v1/inquiries", "{not json", content_type="application/json", **bearer(deputy))
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_a_citizen_cannot_send_an_inquiry(client, bearer, citizen):
    body = {"state_body": "ministry-of-health", "subject": "s", "text": "t", "language": "ru"}
    problem(post(client, "inquiries", body, bearer(citizen)), 403, "permission_denied")


def test_rating_twice_is_a_conflict(client, bearer, deputy, respondent, inquiry):
    services.inquiry_answer(inquiry=inquiry, actor=respondent, text="Answer", language="ru")
    ok(post(client, f"inquiries/{inquiry.slug}/rating", {"rating": "formal"}, bearer(deputy)))
    problem(
        post(client, f"inquiries/{inquiry.slug}/rating", {"rating": "formal"}, bearer(deputy)),
        409,
        "invalid_transition",
    )
    problem(
        post(client, f"inquiries/{inquiry.slug}/rating", {"rating": "meh"}, bearer(deputy)), 422, "validation_error"
    )


def test_a_verified_citizen_applies_to_a_hearing(client, bearer, citizen, hearing, make_user):
    url = f"hearings/{hearing.slug}/applications"
    created = ok(post(client, url, {"kind": "speak", "statement": "On prices"}, bearer(citizen)), 201)
    assert (created["kind"], created["status"]) == ("speak", "pending")
    problem(post(client, url, {"kind": "attend"}, bearer(citizen)), 409, "already_applied")
    problem(post(client, url, {"kind": "attend"}, bearer(make_user(Role.DEPUTY))), 403, "permission_denied")
    problem(post(client, url, {"kind": "shout"}, bearer(citizen)), 422, "validation_error")
    problem(post(client, url, {"kind": "attend"}, {}), 401, "not_authenticated")


def test_closing_a_hearing_without_minutes_over_the_api_is_409(client, bearer, make_user, hearing, system):
    services.hearing_record(hearing=hearing, actor=system)
    staff = bearer(make_user(Role.COMMITTEE_STAFF))
    problem(post(client, f"hearings/{hearing.slug}/closure", {}, staff), 409, "minutes_required")
    closed = ok(post(client, f"hearings/{hearing.slug}/closure", {"minutes": "Minutes", "language": "en"}, staff))
    assert closed["status"] == HearingStatus.CLOSED
    problem(
        post(client, f"hearings/{hearing.slug}/closure", {}, bearer(make_user(Role.CITIZEN))), 403, "permission_denied"
    )


def test_the_selection_draw_over_the_api(client, bearer, make_user, citizen, hearing):
    services.hearing_apply(hearing=hearing, actor=citizen, kind="attend")
    staff = bearer(make_user(Role.COMMITTEE_STAFF))
    problem(post(client, f"hearings/{hearing.slug}/selection", {}, staff), 409, "applications_still_open")
    Hearing.objects.filter(pk=hearing.pk).update(applications_close_at=timezone.now() - timedelta(seconds=1))
    assert ok(post(client, f"hearings/{hearing.slug}/selection", {}, staff)) == {"speak": 0, "attend": 1}
