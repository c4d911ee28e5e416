"""Moderation: reports with reasons, the queue, hide and restore with audit, the author told why."""

from __future__ import annotations

import json

import pytest

from kurultai.common.models import AuditEntry
from kurultai.participation import messages, selectors, services
from kurultai.participation.models import Notification, ReportStatus
from kurultai.participation.tests.factories import PetitionFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_report_hide_restore(client, bearer, citizen, other_citizen, moderator):
    proposal = ProposalFactory(author=citizen, title="Buy our windows")
    body = {"content_kind": "proposal", "content_id": proposal.slug, "reason": "spam", "note": "An advert."}
    r = client.post("/api/v1/reports", json.dumps(body), content_type="application/json", **bearer(other_citizen))
    assert r.status_code == 201
    again = client.post("/api/v1/reports", json.dumps(body), content_type="application/json", **bearer(other_citizen))
    assert (again.status_code, again.json()["code"]) == (409, "already_reported")
    queue = selectors.moderation_queue()
    [item] = [i for i in queue["reported"] if i.content_id == proposal.slug]
    assert [rep.reason for rep in item.reports] == ["spam"]

    hide = {"content_kind": "proposal", "content_id": proposal.slug, "reason": "spam", "note": "Advertising."}
    denied = client.post(
        "/api/v1/moderation/hidden", json.dumps(hide), content_type="application/json", **bearer(other_citizen)
    )
    assert denied.status_code == 403
    r = client.post("/api/v1/moderation/hidden", json.dumps(hide), content_type="application/json", **bearer(moderator))
    assert r.json()["hidden"] is True
    assert client.get(f"/api/v1/proposals/{proposal.slug}").status_code == 404
    assert proposal.slug not in [p["id"] for p in client.get("/api/v1/proposals?limit=500").json()["items"]]
    report = proposal.__class__.objects.get(pk=proposal.pk)
    assert report.hidden_reason == "spam"
    assert AuditEntry.objects.filter(action="participation.content.hidden", object_id=proposal.slug).exists()
    notice = Notification.objects.get(user=citizen, kind="content.hidden")
    assert messages.render(notice.kind, notice.params, "en") == (
        "Your proposal “Buy our windows” was hidden by a moderator: spam or advertising. Advertising."
    )
    from kurultai.participation.models import Report

    assert Report.objects.get(content_id=proposal.slug).status == ReportStatus.UPHELD
    # The author still sees it, with the reason.
    client.force_login(citizen)
    page = client.get(f"/en/proposals/{proposal.slug}/").content.decode()
    assert "A moderator hid this proposal" in page

    r = client.delete(f"/api/v1/moderation/hidden/proposal/{proposal.slug}", **bearer(moderator))
    assert r.json()["hidden"] is False
    assert client.get(f"/api/v1/proposals/{proposal.slug}").status_code == 200
    assert AuditEntry.objects.filter(action="participation.content.restored", object_id=proposal.slug).exists()
    assert Notification.objects.filter(user=citizen, kind="content.restored").exists()


def test_a_hidden_petition_is_neither_listed_nor_signable(client, bearer, citizen, other_citizen, moderator):
    petition = PetitionFactory(author=citizen)
    services.content_hide(content_kind="petition", content_id=petition.slug, actor=moderator, reason="abuse")
    assert client.get(f"/api/v1/petitions/{petition.slug}").status_code == 404
    r = client.post(
        f"/api/v1/petitions/{petition.slug}/signatures", "{}", content_type="application/json", **bearer(other_citizen)
    )
    assert r.status_code == 404
    with pytest.raises(services.DomainError):
        services.content_hide(content_kind="petition", content_id=petition.slug, actor=moderator, reason="abuse")


def test_comments_are_reported_and_hidden(citizen, other_citizen, moderator):
    proposal = ProposalFactory(author=citizen)
    comment = services.proposal_comment(proposal=proposal, actor=other_citizen, body="Rude words")
    services.report_create(reporter=citizen, content_kind="comment", content_id=comment.ref, reason="abuse")
    services.content_hide(content_kind="comment", content_id=comment.ref, actor=moderator, reason="abuse")
    assert list(selectors.proposal_comments(proposal)) == []
    assert Notification.objects.filter(user=other_citizen, kind="content.hidden").exists()


def test_reports_can_be_dismissed_and_need_a_listed_reason(citizen, other_citizen, moderator):
    proposal = ProposalFactory(author=citizen)
    with pytest.raises(services.DomainError) as err:
        services.report_create(reporter=other_citizen, content_kind="proposal", content_id=proposal.slug, reason="ugly")
    assert err.value.code == "invalid_reason"
    report = services.report_create(
        reporter=other_citizen, content_kind="proposal", content_id=proposal.slug, reason="off_topic"
    )
    assert services.report_dismiss(report=report, actor=moderator).status == ReportStatus.DISMISSED
    with pytest.raises(services.DomainError):
        services.report_dismiss(report=report, actor=moderator)


def test_the_queue_page_is_for_moderators(client, citizen, moderator):
    ProposalFactory(author=citizen)
    client.force_login(citizen)
    assert client.get("/en/moderation/").status_code == 404
    client.force_login(moderator)
    assert client.get("/en/moderation/").status_code == 200
