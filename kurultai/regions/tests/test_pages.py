"""Council of Regions pages, the region dashboard and the tile map, in three languages."""

from __future__ import annotations

import re

import pytest

from kurultai.accounts.roles import Role
from kurultai.regions.models import MaslikhatNotification, RegionalInitiative

pytestmark = pytest.mark.django_db
LANGS = ["kk", "ru", "en"]
PAGES = [
    "council-of-regions/",
    "council-of-regions/sessions/council-of-regions-session-1/",
    "initiatives/",
    "initiatives/?region=kostanay&status=on_agenda&kind=bill&q=a",
    "initiatives/?status=bogus&page=x",
    "initiatives/{initiative}/",
    "halyk-kenesi/",
    "regions/",
    "regions/kostanay/",
]


@pytest.fixture
def initiative(db) -> str:
    return RegionalInitiative.objects.filter(status="became_bill").values_list("slug", flat=True).first()


def html(response, status=200) -> str:
    assert response.status_code == status
    return response.content.decode()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_pages_answer_in_every_language(client, initiative, lang, path):
    page = html(client.get(f"/{lang}/{path.format(initiative=initiative)}"))
    assert f'<html lang="{lang}">' in page
    assert " style=" not in page


def test_the_nav_links_to_the_council(client):
    assert 'href="/kk/council-of-regions/"' in html(client.get("/kk/"))


def test_the_tile_map_links_all_twenty_regions_and_has_a_table(client):
    page = html(client.get("/en/council-of-regions/"))
    svg = page[page.index("<svg viewBox") : page.index("</svg>")]
    assert len(re.findall(r'<a href="/en/regions/[a-z-]+/" aria-label="', svg)) == 20
    assert svg.count("<rect ") == 20
    assert "<title" in svg
    assert "The same data as a table" in page
    assert 'aria-label="Kostanay: 2"' in svg


def test_the_regions_page_shows_deputies_on_the_tile_map(client):
    page = html(client.get("/ru/regions/"))
    assert page.count('<a href="/ru/regions/') >= 40  # the map and the table


def test_the_region_page_has_the_dashboard(client):
    page = html(client.get("/en/regions/kostanay/"))
    assert "The region in the Kurultai" in page
    assert "Kostanay Regional Maslikhat" in page
    assert "Per 10,000 people" in page
    assert "approximate, unsourced population" in page
    assert 'href="/en/initiatives/?region=kostanay"' in page


@pytest.mark.parametrize(
    ("path", "bound"), [("council-of-regions/", 9), ("initiatives/", 5), ("regions/", 3), ("regions/kostanay/", 11)]
)
def test_pages_take_a_constant_number_of_queries(client, django_assert_max_num_queries, path, bound):
    with django_assert_max_num_queries(bound):
        html(client.get(f"/en/{path}"))


def test_a_delegate_submits_on_the_page(client, delegate):
    client.force_login(delegate)
    assert "You submit on behalf of" in html(client.get("/en/initiatives/new/"))
    response = client.post(
        "/en/initiatives/new/",
        {"kind": "oversight_question", "title": "Bridges", "text": "Check them.", "language": "en"},
    )
    assert response.status_code == 302
    assert RegionalInitiative.objects.filter(title_en="Bridges", maslikhat__slug="maslikhat-kostanay").exists()


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.COMMITTEE_STAFF, Role.GOVERNMENT_RESPONDENT])
def test_a_non_delegate_gets_403_on_the_page(client, make_user, role):
    client.force_login(make_user(role))
    assert "Only a delegate of a maslikhat" in html(client.get("/en/initiatives/new/"), 403)
    response = client.post("/en/initiatives/new/", {"kind": "bill", "title": "X", "text": "Y", "language": "en"})
    assert "Your role does not allow this." in html(response, 403)
    assert not RegionalInitiative.objects.filter(title_en="X").exists()


def test_the_delegate_reads_the_maslikhat_s_notifications(client, delegate):
    client.force_login(delegate)
    page = html(client.get("/en/council-of-regions/notifications/"))
    assert "Kostanay Regional Maslikhat" in page
    assert client.post("/en/council-of-regions/notifications/").status_code == 302
    assert not MaslikhatNotification.objects.filter(maslikhat__slug="maslikhat-kostanay", read_at__isnull=True).exists()


def test_the_halyk_kenesi_page_lists_its_bills(client):
    page = html(client.get("/en/halyk-kenesi/"))
    assert "demo-hk-public-councils" in page
    assert "The procedure by which it tables a bill was not found." in page
