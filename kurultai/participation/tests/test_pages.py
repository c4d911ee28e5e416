"""Pages in Kazakh, Russian and English, with a constant number of queries on the lists, and the demo."""

from __future__ import annotations

import pytest

from kurultai.accounts.models import User
from kurultai.participation.models import Appeal, AppealStatus, Petition, PetitionStatus, Proposal, SignatureBurst

pytestmark = pytest.mark.django_db

PUBLIC = ["/{}/petitions/", "/{}/proposals/", "/{}/responsiveness/", "/{}/appeals/published/"]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_in_every_language(client, lang, path):
    r = client.get(path.format(lang))
    assert r.status_code == 200
    assert f'<html lang="{lang}">' in r.content.decode()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_petition_and_a_proposal_page_in_every_language(client, lang):
    petition = Petition.objects.filter(status=PetitionStatus.LISTED).first()
    proposal = Proposal.objects.filter(hidden_at__isnull=True).first()
    assert client.get(f"/{lang}/petitions/{petition.slug}/").status_code == 200
    assert client.get(f"/{lang}/proposals/{proposal.slug}/").status_code == 200


def test_navigation_links_to_petitions_and_proposals(client):
    html = client.get("/en/petitions/").content.decode()
    assert 'href="/en/petitions/"' in html
    assert 'href="/en/proposals/"' in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_cabinet_shows_appeals_with_deadlines(client, lang):
    citizen = User.objects.get(username="citizen")
    client.force_login(citizen)
    r = client.get(f"/{lang}/me/participation/")
    assert r.status_code == 200
    html = r.content.decode()
    for appeal in Appeal.objects.filter(author=citizen):
        assert appeal.number in html
    assert 'id="subscriptions"' in html


def test_the_work_list_of_a_clerk(client):
    from kurultai.participation import selectors

    clerk = User.objects.get(username="clerk")
    overdue = list(selectors.overdue_appeals(clerk))
    assert overdue
    client.force_login(clerk)
    # Clerks confirm a TOTP code before any page: the redirect proves the rule, the selector the list.
    assert client.get("/en/appeals/").status_code == 302


def test_lists_take_a_constant_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get("/en/petitions/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/en/proposals/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/petitions?limit=100").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/proposals?limit=100").status_code == 200


def test_the_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/appeals",
        "/api/v1/appeals/{number}",
        "/api/v1/petitions",
        "/api/v1/petitions/{slug}/signatures",
        "/api/v1/proposals",
        "/api/v1/subscriptions",
    ):
        assert path in paths
    assert set(paths["/api/v1/petitions/{slug}/signatures"]) == {"get", "post"}


def test_pagination_and_bad_parameters(client):
    page = client.get("/api/v1/petitions?limit=1").json()
    assert page["count"] >= 2
    assert page["next"]
    r = client.get("/api/v1/petitions?limit=0")
    assert (r.status_code, r["Content-Type"]) == (422, "application/problem+json")
    assert client.get("/api/v1/petitions?sort=random").status_code == 422


def test_demo_has_every_state():
    assert set(Appeal.objects.values_list("status", flat=True)) == set(AppealStatus.values)
    assert set(Petition.objects.values_list("status", flat=True)) == set(PetitionStatus.values)
    from django.utils import timezone

    assert Appeal.objects.filter(status__in=["registered", "routed"], answer_due__lt=timezone.localdate()).exists()
    answered = Petition.objects.get(status=PetitionStatus.ANSWERED)
    assert answered.signature_count >= answered.threshold
    assert answered.answer_text
    parties = set(Proposal.objects.filter(addressee_kind="party").values_list("addressee_org__slug", flat=True))
    from kurultai.registry.models import Organization

    assert parties == set(Organization.objects.filter(classification="party").values_list("slug", flat=True))
    listed = Petition.objects.filter(status=PetitionStatus.LISTED).order_by("-signature_count").first()
    assert listed.tallies.count() >= 10  # signatures from many regions
    assert SignatureBurst.objects.exists()


def test_demo_loads_again_without_changes():
    import random

    from kurultai.participation.demo import demo_participation

    before = (Appeal.objects.count(), Petition.objects.count(), Proposal.objects.count())
    assert demo_participation(random.Random(1)) is False
    assert (Appeal.objects.count(), Petition.objects.count(), Proposal.objects.count()) == before


def test_the_work_list_of_committee_staff_shows_what_is_overdue(client):
    from kurultai.participation import selectors

    staff = User.objects.get(username="staff")  # answers for every committee in the demo
    overdue = list(selectors.overdue_appeals(staff))
    assert overdue
    client.force_login(staff)
    html = client.get("/en/appeals/").content.decode()
    for appeal in overdue:
        assert appeal.number in html
    assert "Overdue" in html
