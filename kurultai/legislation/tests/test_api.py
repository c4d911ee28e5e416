"""/api/v1/bills and /api/v1/acts: shapes, problem+json codes, Akoma Ntoso downloads, query counts."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.services import token_create
from kurultai.legislation import akn, services
from kurultai.legislation.stages import TRANSITIONS, Stage
from kurultai.legislation.tests.factories import BillFactory, CitizenFactory, current, in_amendment_period, replace_op

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def bearer(user) -> dict[str, str]:
    _token, key = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, url, body, user=None):
    return client.post(url, json.dumps(body), content_type="application/json", **(bearer(user) if user else {}))


def test_the_paths_name_bills_versions_amendments_and_comments(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/bills",
        "/api/v1/bills/{bill_id}",
        "/api/v1/bills/{bill_id}/versions",
        "/api/v1/bills/{bill_id}/versions/{number}",
        "/api/v1/bills/{bill_id}/versions/{number}/provisions",
        "/api/v1/bills/{bill_id}/versions/{number}/akn",
        "/api/v1/bills/{bill_id}/amendments",
        "/api/v1/bills/{bill_id}/comments",
        "/api/v1/bills/{bill_id}/stages",
        "/api/v1/acts",
        "/api/v1/acts/{act_id}",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/bills/{bill_id}/stages"]) == {"get", "post"}
    assert set(paths["/api/v1/bills/{bill_id}/comments"]) == {"get", "post"}
    assert set(paths["/api/v1/bills/{bill_id}/amendments"]) == {"get", "post"}


def test_the_bill_list_is_paginated_and_filtered(client, django_assert_max_num_queries):
    for _ in range(5):
        BillFactory()
    with django_assert_max_num_queries(4):
        data = client.get("/api/v1/bills?limit=100").json()
    assert data["count"] >= 8
    first = data["items"][0]
    assert set(first) >= {
        "id",
        "number",
        "year",
        "title",
        "titles",
        "type",
        "initiator_kind",
        "lead_committee_id",
        "co_committee_ids",
        "stage",
        "current_version",
        "open_for_comment",
    }
    open_ = client.get("/api/v1/bills?open_for_comment=true").json()
    assert [b["id"] for b in open_["items"]] == ["2026-15"]
    assert [b["id"] for b in client.get("/api/v1/bills?stage=signed").json()["items"]] == ["2026-7"]
    by_committee = client.get("/api/v1/bills?committee=committee-social").json()["items"]
    assert {"2026-7", "2026-12"} <= {b["id"] for b in by_committee}
    assert [b["id"] for b in client.get("/api/v1/bills?initiator=government").json()["items"]] == ["2026-15"]
    bad = client.get("/api/v1/bills?stage=enacted")
    assert bad.status_code == 422
    assert bad["Content-Type"] == PROBLEM


def test_one_bill_with_deadlines_versions_and_next_stages(client):
    data = client.get("/api/v1/bills/2026-7?lang=en").json()
    assert data["stage"] == "signed"
    assert data["next_stages"] == []
    assert data["amends_act_id"] == "access-to-information"
    assert [v["number"] for v in data["versions"]] == [1, 2]
    assert data["versions"][1]["based_on"] == 1
    assert data["versions"][0]["akn"]["kk"] == "/api/v1/bills/2026-7/versions/1/akn?language=kk"
    assert {d["key"] for d in data["deadlines"]} == {"send_to_president", "president_decision"}
    decision = next(d for d in data["deadlines"] if d["key"] == "president_decision")
    assert decision["assumed"] is True
    assert "1995-Constitution value: one month" in decision["citation"]
    assert data["citizen_summary"]["en"].startswith("State bodies")
    assert {s["language"] for s in data["text_readability"]} == {"kk", "ru"}
    open_bill = client.get("/api/v1/bills/2026-15").json()
    assert open_bill["open_for_comment"] is True
    assert open_bill["priority"] is True
    assert [(n["stage"], n["needs_vote_event"]) for n in open_bill["next_stages"]] == [
        ("amendment_period", True),
        ("withdrawn", False),
        ("rejected", True),
    ]
    missing = client.get("/api/v1/bills/1999-1")
    assert (missing.status_code, missing.json()["code"]) == (404, "bill_not_found")


def test_a_version_with_its_provisions_and_change_summary(client):
    data = client.get("/api/v1/bills/2026-7/versions/2?language=ru&lang=en").json()
    assert data["language"] == "ru"
    assert data["title"].startswith("О внесении изменений")
    eids = [p["eid"] for p in data["provisions"]]
    assert eids[:2] == ["art_1", "art_1__point_1"]
    assert data["change_summary"] == ["In Article 3, the words “не позднее 1 марта” are added after “ежегодно”."]
    page = client.get("/api/v1/bills/2026-7/versions/2/provisions?language=kk&limit=3&offset=1").json()
    assert page["count"] == len(eids)
    assert [p["eid"] for p in page["items"]] == eids[1:4]
    assert set(page["items"][0]) == {"eid", "kind", "label", "heading", "content", "depth", "repealed", "comments"}
    assert client.get("/api/v1/bills/2026-7/versions/9").json()["code"] == "version_not_found"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_akn_download_validates_with_the_frbr_identifiers(client, language):
    r = client.get(f"/api/v1/bills/2026-12/versions/1/akn?language={language}")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/akn+xml"
    assert akn.validate(r.content) == []
    root = etree.fromstring(r.content)
    ns = {"a": akn.NS}
    code = akn.LANGUAGE_CODES[language]
    assert root.find(".//a:FRBRWork/a:FRBRthis", ns).get("value") == "/akn/kz/bill/2026/12/!main"
    assert root.find(".//a:FRBRExpression/a:FRBRuri", ns).get("value") == f"/akn/kz/bill/2026/12/{code}@2026-10-01"
    assert root.find(".//a:FRBRlanguage", ns).get("language") == code
    assert f'filename="bill-2026-12-{code}-2026-10-01.xml"' in r["Content-Disposition"]
    assert client.get("/api/v1/bills/2026-12/versions/1/akn?language=de").status_code == 422


def test_the_diff_between_two_versions(client):
    data = client.get("/api/v1/bills/2026-7/diff?from=1&to=2&language=ru&lang=ru").json()
    assert data["summary"] == ["Статья 3 после слова «ежегодно» дополняется словами «не позднее 1 марта»."]
    change = data["changes"][0]
    assert (change["kind"], change["new_eid"]) == ("changed", "art_3")
    assert [w["op"] for w in change["words"]] == ["equal", "insert", "equal"]
    assert change["words"][1] == {"op": "insert", "text": ", не позднее 1 марта,"}


def test_the_amendment_table_shape(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/bills/2026-12/amendments?language=ru").json()
    assert data["count"] == 5
    row = data["items"][1]
    assert set(row) >= {
        "number",
        "target_eid",
        "provision",
        "current_wording",
        "proposed_wording",
        "author",
        "justification",
        "recommendation",
        "outcome",
        "operations",
    }
    assert row["current_wording"].startswith("1. Комитет рассматривает петицию в течение тридцати")
    assert "двадцати" in row["proposed_wording"]
    assert (row["recommendation"], row["outcome"]) == ("support", "accepted")
    inserted = data["items"][2]
    assert inserted["current_wording"] == ""
    assert inserted["author_committee_id"] == "committee-legislation"


def test_tabling_an_amendment_to_a_missing_provision_is_422_problem(client, deputy):
    bill = in_amendment_period()
    r = post(
        client,
        f"/api/v1/bills/{bill.slug}/amendments",
        {"target_eid": "art_9", "operations": replace_op("art_9", "а", "б")},
        deputy,
    )
    assert r.status_code == 422
    assert r["Content-Type"] == PROBLEM
    assert (r.json()["code"], r.json()["eid"]) == ("provision_not_found", "art_9")
    ok = post(
        client,
        f"/api/v1/bills/{bill.slug}/amendments",
        {
            "target_eid": "art_2__para_1",
            "operations": replace_op("art_2__para_1", "Жаңа тармақ.", "Новый пункт."),
            "justification": {"ru": "Яснее."},
        },
        deputy,
    )
    assert ok.status_code == 201, ok.content
    assert (ok.json()["number"], ok.json()["outcome"], ok.json()["author_person_id"]) == (
        1,
        "pending",
        deputy.person_slug,
    )
    anonymous = post(client, f"/api/v1/bills/{bill.slug}/amendments", {"target_eid": "art_1", "operations": {}})
    assert anonymous.status_code == 401


def test_the_stage_endpoint_refuses_illegal_transitions_with_the_allowed_list(client, clerk):
    bill = BillFactory()
    r = post(client, f"/api/v1/bills/{bill.slug}/stages", {"to": "adopted"}, clerk)
    assert r.status_code == 409
    assert r["Content-Type"] == PROBLEM
    body = r.json()
    assert body["code"] == "illegal_transition"
    assert body["allowed"] == [s.value for s in TRANSITIONS[Stage.REGISTERED]]
    ok = post(client, f"/api/v1/bills/{bill.slug}/stages", {"to": "in_committee", "decision": "Referred"}, clerk)
    assert ok.status_code == 201
    assert (ok.json()["from_stage"], ok.json()["to_stage"], ok.json()["acting_as"]) == (
        "registered",
        "in_committee",
        "clerk",
    )
    history = client.get(f"/api/v1/bills/{bill.slug}/stages").json()
    assert [t["to_stage"] for t in history["items"]] == ["registered", "in_committee"]


def test_publishing_a_version_through_the_api_reports_the_parse_error_line(client, staff):
    bill = BillFactory(text=False)
    r = post(
        client,
        f"/api/v1/bills/{bill.slug}/versions",
        {"texts": {"kk": "Атауы\n\n1-бап. Бір\n1. Мәтін\n1. Қайта", "ru": "Название\n\nСтатья 1. Один\n1. Текст"}},
        staff,
    )
    assert r.status_code == 422
    assert (r.json()["code"], r.json()["line"], r.json()["language"], r.json()["reason"]) == (
        "parse_error",
        5,
        "kk",
        "duplicate_number",
    )


def test_comments_through_the_api(client, citizen, unverified):
    bill = BillFactory()
    services.consultation_open(version=current(bill), actor=SYSTEM)
    refused = post(client, f"/api/v1/bills/{bill.slug}/comments", {"eid": "art_1", "text": "Да"}, unverified)
    assert (refused.status_code, refused.json()["code"]) == (403, "not_verified")
    made = post(
        client, f"/api/v1/bills/{bill.slug}/comments?lang=en", {"eid": "art_3__para_1", "text": "Долго."}, citizen
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["eid"], body["version"], body["text"], body["agree"]) == ("art_3__para_1", 1, "Долго.", 0)
    assert body["author"] == "verified citizen (Almaty)"
    assert citizen.username not in json.dumps(body)
    listed = client.get(f"/api/v1/bills/{bill.slug}/comments?eid=art_3__para_1").json()
    assert [c["id"] for c in listed["items"]] == [body["id"]]
    other = CitizenFactory()
    reacted = post(client, f"/api/v1/bills/{bill.slug}/comments/{body['id']}/reactions", {"kind": "agree"}, other)
    assert reacted.json() == {"comment": body["id"], "reaction": "agree", "agree": 1, "disagree": 0}
    report = client.get(f"/api/v1/bills/{bill.slug}/versions/1/consultation").json()
    assert report["provisions"][0]["eid"] == "art_3__para_1"
    assert report["provisions"][0]["most_supported"][0]["id"] == body["id"]


def test_comments_on_a_closed_consultation_are_409_problem(client, citizen):
    r = post(client, "/api/v1/bills/2026-12/comments", {"eid": "chp_1__art_1", "text": "Поздно", "version": 1}, citizen)
    assert r.status_code == 409
    assert r["Content-Type"] == PROBLEM
    assert r.json()["code"] == "consultation_closed"


def test_comment_list_query_count(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        data = client.get("/api/v1/bills/2026-15/comments?limit=50").json()
    assert data["count"] >= 3


def test_acts_at_a_date(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        acts = client.get("/api/v1/acts").json()
    act = next(a for a in acts["items"] if a["id"] == "access-to-information")
    assert [v["valid_from"] for v in act["versions"]] == ["2016-01-18", "2026-11-16"]
    assert act["versions"][1]["amended_by"] == "2026-7"
    before = client.get("/api/v1/acts/access-to-information?date=2026-11-15&language=ru").json()
    after = client.get("/api/v1/acts/access-to-information?date=2026-11-16&language=ru").json()
    assert before["in_force"]["valid_from"] == "2016-01-18"
    assert after["in_force"]["valid_from"] == "2026-11-16"
    assert "chp_2__art_5-1" not in [p["eid"] for p in before["provisions"]]
    assert "chp_2__art_5-1" in [p["eid"] for p in after["provisions"]]
    none = client.get("/api/v1/acts/access-to-information?date=2000-01-01").json()
    assert (none["in_force"], none["provisions"]) == (None, [])
    assert client.get("/api/v1/acts/access-to-information?date=2026-13-40").status_code == 422
    assert client.get("/api/v1/acts/nothing").json()["code"] == "act_not_found"


def test_consolidation_through_the_api_lists_conflicts(client, staff):
    bill = in_amendment_period()
    for text in ("Бір.", "Екі."):
        a = services.amendment_propose(
            bill=bill,
            target_eid="art_1",
            operations=replace_op("art_1", text, text),
            author_person_slug="someone",
            actor=SYSTEM,
        )
        services.amendment_decide(amendment=a, outcome="accepted", actor=staff)
    r = post(client, f"/api/v1/bills/{bill.slug}/consolidation", {}, staff)
    assert r.status_code == 409
    assert r.json()["code"] == "amendment_conflict"
    assert r.json()["conflicts"][0]["code"] == "different_replacements"
