"""Feeds, the sitemap, robots.txt, sharing metadata, the /data/ page and the activity stream."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from kurultai.legislation.models import Bill
from kurultai.opendata import export
from kurultai.registry.models import Organization, Person

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    r = client.get(url)
    assert r.status_code == 200, url
    assert r["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(r.content).findall(f"{ATOM}entry")  # noqa: S314 - our own feed


def test_the_site_feed_is_advertised_on_every_page(client):
    html = client.get("/ru/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/ru/feeds/activity/"' in html
    assert entries(client, "/ru/feeds/activity/")


def test_detail_pages_advertise_their_own_feed(client):
    bill = Bill.objects.first()
    deputy = Person.objects.filter(plenary_ballots__isnull=False).first()
    committee = Organization.objects.filter(classification="committee").first()
    for page, feed in [
        (f"/ru/bills/{bill.slug}/", f"/ru/feeds/bills/{bill.slug}/"),
        (f"/ru/deputies/{deputy.slug}/", f"/ru/feeds/deputies/{deputy.slug}/"),
        (f"/ru/committees/{committee.slug}/", f"/ru/feeds/committees/{committee.slug}/"),
        ("/ru/petitions/", "/ru/feeds/petitions/"),
        ("/ru/bills/", "/ru/feeds/bills/"),
    ]:
        assert f'href="{feed}"' in client.get(page).content.decode(), page
        entries(client, feed)
    assert entries(client, f"/ru/feeds/deputies/{deputy.slug}/")
    assert entries(client, "/en/feeds/bills/")
    assert entries(client, "/kk/feeds/petitions/")


def test_an_unknown_feed_object_is_404(client):
    assert client.get("/ru/feeds/bills/1999-1/").status_code == 404
    assert client.get("/ru/feeds/committees/no-such/").status_code == 404


def test_the_sitemap_lists_every_public_object_in_every_language(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    sections = [e.text for e in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://testserver/sitemap-deputies.xml" in sections
    xml = client.get("/sitemap-deputies.xml").content.decode()
    assert xml.count("<loc>") == 3 * Person.objects.count()
    assert 'hreflang="kk"' in xml
    assert 'hreflang="ru"' in xml
    assert "xmlns:xhtml" in xml
    total = 0
    for url in sections:
        r = client.get(url.replace("http://testserver", ""))
        assert r.status_code == 200, url
        total += r.content.decode().count("<loc>")
    assert total > 600


def test_pages_carry_canonical_and_sharing_metadata(client):
    bill = Bill.objects.first()
    html = client.get(f"/ru/bills/{bill.slug}/?x=1").content.decode()
    assert f'<link rel="canonical" href="/ru/bills/{bill.slug}/">' in html
    assert f'<meta property="og:url" content="http://testserver/ru/bills/{bill.slug}/">' in html
    assert f'<meta property="og:title" content="{bill.slug} {bill.title_ru}">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert 'og:locale" content="ru_RU"' in html


@pytest.fixture
def published(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    export.publish()
    return tmp_path / "opendata" / "current"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_data_page_lists_files_with_sizes_dates_and_licence(client, published, lang):
    html = client.get(f"/{lang}/data/").content.decode()
    assert f'<html lang="{lang}">' in html
    assert "https://creativecommons.org/licenses/by/4.0/" in html
    assert f'href="/{lang}/data/popolo.json"' in html
    assert f'href="/{lang}/data/csv/persons.csv"' in html
    assert "<time datetime=" in html


def test_the_data_page_serves_listed_files_only(client, published):
    r = client.get("/ru/data/popolo.json")
    assert r.status_code == 200
    assert json.loads(b"".join(r.streaming_content))["persons"]
    r = client.get("/ru/data/csv/persons.csv")
    assert r["Content-Type"] == "text/csv; charset=utf-8"
    assert client.get("/ru/data/catalogue.json").status_code == 200
    (published / "secret.txt").write_text("x")
    assert client.get("/ru/data/secret.txt").status_code == 404
    assert client.get("/ru/data/../../kurultai.sqlite3").status_code == 404


def test_the_data_page_before_the_first_export(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    r = client.get("/en/data/")
    assert r.status_code == 200
    assert "kurultai export --out DIR" in r.content.decode()
    assert client.get("/en/data/popolo.json").status_code == 404


@pytest.mark.parametrize("kind", ["", "vote", "stage", "petition", "hearing"])
def test_the_activity_stream_filters_by_kind(client, kind, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        r = client.get("/ru/activity/", {"type": kind} if kind else {})
    assert r.status_code == 200
    assert "opendata-activity" in r.content.decode()


@pytest.mark.parametrize(
    "path", ["/ru/", "/ru/bills/", "/ru/data/", "/ru/search/?q=закон", "/ru/feeds/activity/", "/sitemap-pages.xml"]
)
def test_pages_stay_within_15_queries(client, path, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_home_page_shows_what_the_parliament_did(client, lang, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        html = client.get(f"/{lang}/").content.decode()
    assert 'id="activity-h"' in html
    assert f'href="/{lang}/activity/?type=vote"' in html
    assert 'class="opendata-activity-' in html
