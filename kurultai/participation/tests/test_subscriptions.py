"""Following things: what can be followed, notices by delivery, e-mail at once or as a digest,
one-click unsubscribe with a signed token."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from kurultai.participation import services, tasks
from kurultai.participation.models import EmailState, Notification, Subscription
from kurultai.participation.tests.factories import PetitionFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def follower(make_citizen):
    user = make_citizen(region="KZ-63")
    user.email = "follower@example.org"
    user.save(update_fields=["email"])
    return user


@pytest.mark.parametrize(
    ("kind", "key", "stored"),
    [
        ("topic", "transport", "transport"),
        ("region", "almaty", "KZ-75"),
        ("region", "KZ-71", "KZ-71"),
        ("committee", "committee-social", "committee-social"),
        ("bill", "some-bill-2026", "some-bill-2026"),
    ],
)
def test_what_can_be_followed(follower, kind, key, stored):
    sub = services.subscription_create(user=follower, kind=kind, key=key)
    assert (sub.kind, sub.key) == (kind, stored)


@pytest.mark.parametrize(
    ("kind", "key"),
    [("topic", "astrology"), ("region", "KZ-99"), ("committee", "amanat"), ("bill", "not a slug!"), ("cat", "x")],
)
def test_nothing_to_follow_is_422(follower, kind, key):
    with pytest.raises(services.DomainError) as err:
        services.subscription_create(user=follower, kind=kind, key=key)
    assert (err.value.status, err.value.code) == (422, "invalid_subscription")


def test_following_twice_is_409_and_the_api_manages_follows(client, bearer, follower):
    headers = bearer(follower)
    body = {"kind": "topic", "id": "health", "delivery": "immediate"}
    assert (
        client.post("/api/v1/subscriptions", json.dumps(body), content_type="application/json", **headers).status_code
        == 201
    )
    again = client.post("/api/v1/subscriptions", json.dumps(body), content_type="application/json", **headers)
    assert (again.status_code, again.json()["code"]) == (409, "already_subscribed")
    r = client.patch(
        "/api/v1/subscriptions/topic/health",
        json.dumps({"delivery": "digest"}),
        content_type="application/json",
        **headers,
    )
    assert r.json()["delivery"] == "digest"
    assert [s["id"] for s in client.get("/api/v1/subscriptions", **headers).json()["items"]] == ["health"]
    assert client.delete("/api/v1/subscriptions/topic/health", **headers).status_code == 204
    assert client.delete("/api/v1/subscriptions/topic/health", **headers).status_code == 404


def test_immediate_followers_get_an_email_with_one_click_unsubscribe(
    client, follower, citizen, clerk, django_capture_on_commit_callbacks
):
    services.subscription_create(user=follower, kind="topic", key="housing", delivery="immediate", language="en")
    with django_capture_on_commit_callbacks() as callbacks:
        proposal = ProposalFactory(author=citizen, category="housing")
    notice = Notification.objects.get(user=follower, kind="proposal.created")
    assert notice.email_state == EmailState.IMMEDIATE
    assert callbacks  # the e-mail job is enqueued after the commit
    assert tasks.notifications_email.call([notice.pk]) == 1
    message = mail.outbox[-1]
    assert message.to == ["follower@example.org"]
    assert proposal.title in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("127.0.0.1:8000", 1)[1]
    # One click: a POST without session or CSRF token, as mail clients send it.
    assert client.get(path).status_code == 200
    r = client.post(path)
    assert r.status_code == 200
    assert not Subscription.objects.filter(user=follower, kind="topic", key="housing").exists()
    assert client.post(path).status_code == 200  # twice is fine


def test_a_forged_unsubscribe_token_is_refused(client):
    assert client.post("/en/unsubscribe/abc:forged/").status_code == 404


def test_digest_followers_get_one_email_a_day(follower, citizen):
    services.subscription_create(user=follower, kind="region", key="KZ-75", delivery="digest", language="ru")
    services.subscription_create(user=follower, kind="topic", key="transport", delivery="digest", language="ru")
    petition = PetitionFactory(author=citizen, area=None)
    services.followers_notify(
        targets=[("region", "KZ-75"), ("topic", "transport")], kind="petition.listed", params={"title": petition.title}
    )
    assert Notification.objects.filter(user=follower).count() == 1  # once, though two follows match
    sent = tasks.notifications_digest.call()
    assert sent >= 1
    message = next(m for m in mail.outbox if m.to == ["follower@example.org"])
    assert petition.title in message.body
    assert not Notification.objects.filter(user=follower, email_state=EmailState.DIGEST).exists()


def test_followers_on_the_site_only_get_no_email(follower):
    services.subscription_create(user=follower, kind="topic", key="digital", delivery="none")
    services.followers_notify(targets=[("topic", "digital")], kind="petition.listed", params={"title": "X"})
    assert Notification.objects.get(user=follower).email_state == EmailState.NONE


def test_notifications_are_rendered_in_the_readers_language_and_marked_read(client, bearer, follower):
    services.subscription_create(user=follower, kind="topic", key="digital", delivery="none", language="ru")
    services.followers_notify(targets=[("topic", "digital")], kind="petition.listed", params={"title": "Интернет"})
    headers = bearer(follower)
    items = client.get("/api/v1/notifications?lang=en", **headers).json()["items"]
    assert items[0]["text"] == "The petition “Интернет” is now listed and collecting signatures."
    assert client.post("/api/v1/notifications/read", **headers).json() == {"marked": 1}
    assert client.get("/api/v1/notifications?unread=true", **headers).json()["count"] == 0


def test_follow_from_a_page(client, follower, citizen):
    petition = PetitionFactory(author=citizen)
    client.force_login(follower)
    r = client.post(
        "/en/me/participation/follow/",
        {
            "kind": "petition",
            "key": petition.slug,
            "action": "follow",
            "delivery": "immediate",
            "next": "/en/petitions/",
        },
    )
    assert r.status_code == 302
    assert Subscription.objects.filter(user=follower, kind="petition", key=petition.slug, delivery="immediate").exists()
    html = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert "Stop following" in html
