"""Opinion groups of a real consultation: planted groups of citizens voting through the real
legislation services are recovered by the API and drawn on the page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from sklearn.metrics import adjusted_rand_score

from kurultai.legislation import services as legislation
from kurultai.legislation.models import Comment, CommentReaction, Consultation
from kurultai.participation.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

GROUP_SIZE = 10
COMMENTS = 8


@pytest.fixture
def voted():
    consultation = Consultation.objects.filter(closes_on__gte=timezone.localdate()).select_related("bill", "version")
    consultation = consultation.order_by("-opened_at").first()
    eid = Comment.objects.filter(consultation=consultation).values_list("eid", flat=True).first()
    # The demo's voters (kurultai/analytics/demo.py) vote on this consultation too: start from a
    # matrix with only the planted groups' votes.
    CommentReaction.objects.filter(comment__consultation=consultation).delete()
    citizens = [CitizenFactory(region="KZ-71" if i % 2 else "KZ-75") for i in range(2 * GROUP_SIZE)]
    comments = [
        legislation.comment_create(
            version=consultation.version, eid=eid, text=f"Ұсыныс {i}: мерзімді нақтылау керек.", actor=citizens[i]
        )
        for i in range(COMMENTS)
    ]
    truth = {}
    for n, citizen in enumerate(citizens):
        group = n % 2
        truth[citizen.pk] = group
        for i, comment in enumerate(comments):
            # Comments 0-2 divide the groups, 3-5 divide them the other way, 6-7 everyone agrees with.
            agree = True if i >= 6 else (i < 3) == (group == 0)
            legislation.comment_react(comment=comment, kind="agree" if agree else "disagree", actor=citizen)
    return consultation, comments, truth


def test_api_recovers_the_planted_groups(client, voted):
    consultation, comments, _truth = voted
    url = (
        f"/api/v1/analytics/consultations/{consultation.bill.slug}/versions/"
        f"{consultation.version.number}/opinion-groups"
    )
    body = client.get(url).json()
    assert body["k"] == 2
    assert sorted(g["participants"] for g in body["groups"]) == [GROUP_SIZE, GROUP_SIZE]
    assert body["participants"] == 2 * GROUP_SIZE
    ids = [c.public_id for c in comments]
    for group in body["groups"]:
        assert group["representative"]
        assert {r["comment"] for r in group["representative"]} <= set(ids[:6])
    assert {c["comment"] for c in body["consensus"][:2]} == set(ids[6:])
    assert len(body["points"]) == body["participants"]


def test_groups_match_the_planted_ones(voted):
    from kurultai.analytics import selectors

    consultation, _comments, truth = voted
    view = selectors.opinion_groups(consultation)
    assert view.result is not None
    # Rows are voters in the order they first appear; map them back through the reactions.
    order: list[int] = []
    for user_id in CommentReaction.objects.filter(comment__consultation=consultation).values_list("user_id", flat=True):
        if user_id not in order:
            order.append(user_id)
    planted = [truth.get(order[i], -1) for i in view.result.participants]
    labels = [int(x) for x, p in zip(view.result.labels, planted, strict=True) if p >= 0]
    assert adjusted_rand_score([p for p in planted if p >= 0], labels) == 1.0


def test_page_draws_an_accessible_map(client, voted):
    consultation, _comments, _truth = voted
    html = client.get(f"/ru/analytics/consultations/{consultation.bill.slug}/{consultation.version.number}/opinion/")
    assert html.status_code == 200
    text = html.content.decode()
    assert 'role="img"' in text
    assert "<title" in text
    assert "<desc" in text
    assert text.count('class="analytics-g') >= 2 * GROUP_SIZE
