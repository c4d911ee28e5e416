"""Another citizen's appeal is never visible: every role, through the API and the pages; and files."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.roles import Role
from kurultai.participation import services, text
from kurultai.participation.models import AppealAttachment
from kurultai.participation.tests.factories import AppealFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, fmt)
    return out.getvalue()


PNG = _image("PNG")
JPEG = _image("JPEG")


@pytest.fixture
def appeal(citizen, deputy):
    return AppealFactory(author=citizen, addressee_kind="deputy", addressee=deputy.person_slug)


# (who, may see): the author, the addressed deputy and clerks see it; nobody else, whatever the role.
def _viewers(citizen, other_citizen, deputy, other_deputy, make_user, committee):
    staff = make_user(Role.COMMITTEE_STAFF)
    services.responder_assign(user=staff, organization=committee, actor=SYSTEM)
    return [
        ("author", citizen, True),
        ("another citizen", other_citizen, False),
        ("the addressed deputy", deputy, True),
        ("another deputy", other_deputy, False),
        ("clerk", make_user(Role.CLERK), True),
        ("committee staff of a committee", User.objects.get(pk=staff.pk), False),
        ("moderator", make_user(Role.MODERATOR), False),
        ("party operator", make_user(Role.PARTY_OPERATOR), False),
        ("government respondent", make_user(Role.GOVERNMENT_RESPONDENT), False),
        ("maslikhat delegate", make_user(Role.MASLIKHAT_DELEGATE), False),
        ("admin", make_user(Role.ADMIN), False),
        ("account without a role", make_user(), False),
    ]


def test_every_role_sees_only_what_it_may(
    client, bearer, appeal, citizen, other_citizen, deputy, other_deputy, make_user, committee
):
    for who, user, visible in _viewers(citizen, other_citizen, deputy, other_deputy, make_user, committee):
        headers = bearer(user)
        detail = client.get(f"/api/v1/appeals/{appeal.number}", **headers)
        listed = [a["id"] for a in client.get("/api/v1/appeals?limit=500", **headers).json()["items"]]
        receipt = client.get(f"/api/v1/appeals/{appeal.number}", **headers)
        assert detail.status_code == (200 if visible else 404), who
        assert (appeal.number in listed) is visible, who
        if not visible:
            # The same answer as for a number that does not exist: no hint that it does.
            missing = client.get("/api/v1/appeals/A-1999-000001", **headers)
            assert receipt.json()["code"] == missing.json()["code"] == "not_found", who


def test_anonymous_gets_401_from_the_api_and_the_login_page_from_the_site(client, appeal):
    assert client.get(f"/api/v1/appeals/{appeal.number}").status_code == 401
    assert client.get("/api/v1/appeals").status_code == 401
    r = client.get(f"/en/appeals/{appeal.number}/")
    assert r.status_code == 302
    assert "/accounts/login/" in r["Location"]


def test_pages_hide_another_citizens_appeal(client, appeal, citizen, other_citizen):
    client.force_login(other_citizen)
    assert client.get(f"/en/appeals/{appeal.number}/").status_code == 404
    assert client.get(f"/en/appeals/{appeal.number}/receipt/").status_code == 404
    client.force_login(citizen)
    page = client.get(f"/en/appeals/{appeal.number}/")
    assert page.status_code == 200
    assert appeal.subject in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_an_appeal_with_a_pdf_and_a_png_keeps_safe_names_and_hashes(citizen):
    files = [
        SimpleUploadedFile("../../scan <1>.pdf", PDF, content_type="text/html"),
        SimpleUploadedFile("photo.exe", PNG, content_type="application/octet-stream"),
    ]
    appeal = AppealFactory(author=citizen, files=files)
    stored = list(appeal.attachments.order_by("id"))
    assert [(a.name, a.content_type) for a in stored] == [("scan_1.pdf", "application/pdf"), ("photo.png", "image/png")]
    assert stored[0].size == len(PDF)
    assert len(stored[0].sha256) == 64


def test_oversize_attachment_is_413_and_no_appeal_is_made(client, bearer, citizen, appeal):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * text.MAX_ATTACHMENT_BYTES, content_type="application/pdf")
    r = client.post(f"/api/v1/appeals/{appeal.number}/attachments", {"file": big}, **bearer(citizen))
    assert r.status_code == 413
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["code"] == "attachment_too_large"
    assert r.json()["max_bytes"] == text.MAX_ATTACHMENT_BYTES
    assert not AppealAttachment.objects.filter(appeal=appeal).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", b"<html><script>x</script></html>"), ("doc.png", b"MZ\x90\x00binary"), ("a.jpg", b"GIF89a")],
)
def test_wrong_type_attachment_is_415_whatever_its_name(client, bearer, citizen, appeal, name, content):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    r = client.post(f"/api/v1/appeals/{appeal.number}/attachments", {"file": upload}, **bearer(citizen))
    assert r.status_code == 415
    assert r.json()["code"] == "attachment_type_not_allowed"


def test_the_author_attaches_a_jpeg_over_the_api(client, bearer, citizen, appeal):
    upload = SimpleUploadedFile("скан.jpeg", JPEG, content_type="image/jpeg")
    r = client.post(f"/api/v1/appeals/{appeal.number}/attachments", {"file": upload}, **bearer(citizen))
    assert r.status_code == 201
    assert r.json()["name"] == "скан.jpg"


def test_page_form_refuses_a_wrong_type_with_415(client, citizen):
    client.force_login(citizen)
    data = {
        "addressee_kind": "parliament",
        "category": "transport",
        "subject": "Bus",
        "text": "Please.",
        "attachments": [SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")],
    }
    r = client.post("/en/appeals/new/", data)
    assert r.status_code == 415
    assert "Only PDF, PNG and JPEG" in r.content.decode()


def test_page_form_registers_and_shows_the_receipt(client, citizen):
    client.force_login(citizen)
    data = {
        "addressee_kind": "parliament",
        "category": "transport",
        "subject": "Bus to the village",
        "text": "Please restore the bus.",
        "attachments": [SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")],
    }
    r = client.post("/en/appeals/new/", data, follow=True)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Receipt for appeal A-" in html
    assert "Answer due by" in html


def test_files_are_served_to_those_who_see_the_appeal_only(client, citizen, other_citizen):
    appeal = AppealFactory(author=citizen, files=[SimpleUploadedFile("scan.pdf", PDF)])
    stored = appeal.attachments.get().stored_name
    client.force_login(citizen)
    r = client.get(f"/en/appeals/{appeal.number}/files/{stored}/")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in r["Content-Disposition"]
    assert b"".join(r.streaming_content) == PDF
    client.force_login(other_citizen)
    assert client.get(f"/en/appeals/{appeal.number}/files/{stored}/").status_code == 404


def test_api_create_returns_the_receipt_and_problems_have_codes(client, bearer, citizen, committee):
    body = {
        "addressee_kind": "committee",
        "addressee_id": committee.slug,
        "category": "health",
        "subject": "Clinic",
        "text": "No doctor.",
    }
    r = client.post("/api/v1/appeals", json.dumps(body), content_type="application/json", **bearer(citizen))
    assert r.status_code == 201
    doc = r.json()
    assert doc["id"].startswith("A-")
    assert doc["status"] == "registered"
    assert doc["deadlines"][0]["working_days_left"] >= 14
    bad = client.post(
        "/api/v1/appeals", json.dumps({**body, "category": "nope"}), content_type="application/json", **bearer(citizen)
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_category")


def test_staff_act_through_the_api(client, bearer, citizen, deputy):
    appeal = AppealFactory(author=citizen, addressee_kind="deputy", addressee=deputy.person_slug)
    r = client.post(
        f"/api/v1/appeals/{appeal.number}/answer",
        json.dumps({"text": "Answered."}),
        content_type="application/json",
        **bearer(deputy),
    )
    assert r.status_code == 200
    assert r.json()["status"] == "answered"
    assert r.json()["answered_on_time"] is True
    r = client.post(
        f"/api/v1/appeals/{appeal.number}/rating",
        json.dumps({"rating": 5}),
        content_type="application/json",
        **bearer(citizen),
    )
    assert r.json()["rating"] == 5
