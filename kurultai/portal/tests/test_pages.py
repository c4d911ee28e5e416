"""The public pages in the three languages, on the demo parliament loaded by the real loader."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kurultai.accounts.models import User
from kurultai.registry import selectors

LANGS = ["kk", "ru", "en"]
# A number that could be an IIN: twelve digits not part of a longer run.
IIN_LIKE = re.compile(r"(?<!\d)\d{12}(?!\d)")

PAGES = [
    "",
    "deputies/",
    "deputies/?party=amanat",
    "deputies/?faction=faction-auyl",
    "deputies/?committee=committee-finance",
    "deputies/?region=almaty",
    "deputies/?gender=female",
    "deputies/?q=ov",
    "deputies/?party=amanat&gender=male&committee=committee-social&region=astana",
    "deputies/{deputy}/",
    "parties/",
    "parties/amanat/",
    "parties/baytaq/",
    "factions/faction-amanat/",
    "committees/",
    "committees/committee-finance/",
    "regions/",
    "regions/almaty/",
    "regions/KZ-75/",
    "accounts/login/",
]

NOT_FOUND = [
    "deputies/no-such-deputy/",
    "parties/no-such-party/",
    "parties/faction-amanat/",  # a faction is not a party
    "factions/amanat/",
    "committees/amanat/",
    "committees/no-such-committee/",
    "regions/atlantis/",
    "no-such-page/",
]


@pytest.fixture
def deputy_slug(db) -> str:
    return selectors.deputy_list().values_list("slug", flat=True).first()


@pytest.fixture
def citizen(db) -> User:
    return User.objects.get(username="citizen")


def page(client: Any, lang: str, path: str, **headers: Any) -> Any:
    return client.get(f"/{lang}/{path}", headers=headers)


def html_of(response: Any, status: int = 200) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def cards(html: str) -> int:
    return html.count('class="card deputy-card"')


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_page_answers_in_every_language(client, deputy_slug, lang, path):
    html = html_of(page(client, lang, path.format(deputy=deputy_slug)))
    assert f'<html lang="{lang}">' in html
    assert 'aria-current="true" data-lang="' + lang + '"' in html
    assert "<main" in html


@pytest.mark.parametrize("path", PAGES)
def test_no_page_shows_an_iin_like_number(client, deputy_slug, path):
    pages = [html_of(page(client, lang, path.format(deputy=deputy_slug))) for lang in LANGS]
    assert [IIN_LIKE.findall(html) for html in pages] == [[], [], []]


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_security_headers(client, deputy_slug, path):
    response = page(client, "ru", path.format(deputy=deputy_slug))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "http" not in csp
    assert "*" not in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_from_other_hosts(client, deputy_slug, path):
    html = html_of(page(client, "en", path.format(deputy=deputy_slug)))
    assets = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets
    assert [a for a in assets if not a.startswith("/")] == []


@pytest.mark.parametrize("path", NOT_FOUND)
@pytest.mark.parametrize("lang", LANGS)
def test_unknown_object_is_a_404_page(client, db, lang, path):
    html = html_of(page(client, lang, path), status=404)
    assert f'<html lang="{lang}">' in html


def test_unknown_language_prefix_is_a_404(client, db):
    assert client.get("/de/deputies/").status_code == 404


@pytest.mark.parametrize(("accept", "target"), [("", "/kk/"), ("ru", "/ru/"), ("en-GB,en;q=0.8", "/en/")])
def test_root_redirects_to_a_language(client, db, accept, target):
    response = client.get("/", headers={"accept-language": accept})
    assert response.status_code == 302
    assert response["Location"] == target


def test_language_switcher_keeps_the_page_and_filters(client, db):
    html = html_of(page(client, "kk", "deputies/?party=amanat"))
    assert 'href="/ru/deputies/?party=amanat"' in html
    assert 'href="/en/deputies/?party=amanat"' in html


def test_the_interface_is_translated(client, db):
    titles = [re.search(r"<h1>(.*?)</h1>", html_of(page(client, lang, "deputies/"))).group(1) for lang in LANGS]
    assert titles == ["Депутаттар", "Депутаты", "Deputies"]


# ---------------------------------------------------------------- deputies list and filters


def test_deputies_list_shows_all_145(client, db):
    assert cards(html_of(page(client, "en", "deputies/"))) == 145


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("party=amanat", {"party": "amanat"}),
        ("faction=faction-ppk", {"faction": "faction-ppk"}),
        ("committee=committee-ecology", {"committee": "committee-ecology"}),
        ("region=almaty", {"region": "almaty"}),
        ("gender=female", {"gender": "female"}),
        ("party=auyl&gender=male", {"party": "auyl", "gender": "male"}),
    ],
)
def test_deputies_filters_match_the_selector(client, db, query, filters):
    expected = selectors.deputy_list(selectors.DeputyFilters(**filters)).count()
    html = html_of(page(client, "en", f"deputies/?{query}"))
    assert 0 < expected < 145
    assert cards(html) == expected


@pytest.mark.parametrize(
    "query",
    ["party=no-such-party", "gender=robot", "q=" + "x" * 1000, "region=", "committee=%D0%B6"],
)
def test_odd_filter_values_never_fail(client, db, query):
    html = html_of(page(client, "en", f"deputies/?{query}"))
    assert '<html lang="en">' in html


def test_nul_in_a_filter_is_a_400(client, db):
    assert page(client, "en", "deputies/?party=%00").status_code == 400


@pytest.mark.parametrize("lang", LANGS)
def test_htmx_request_gets_the_results_partial_only(client, db, lang):
    response = page(client, lang, "deputies/?party=respublica", HX_Request="true")
    html = html_of(response)
    expected = selectors.deputy_list(selectors.DeputyFilters(party="respublica")).count()
    assert html.lstrip().startswith('<div id="deputy-results"')
    assert "<html" not in html
    assert "<form" not in html
    assert cards(html) == expected
    assert response["Vary"].count("HX-Request") <= 1


def test_the_filter_form_targets_the_results_with_htmx(client, db):
    html = html_of(page(client, "en", "deputies/"))
    assert 'hx-get="/en/deputies/"' in html
    assert 'hx-target="#deputy-results"' in html
    assert '<option value="amanat"' in html
    assert '<option value="baytaq"' not in html  # no seats, nothing to filter


# ---------------------------------------------------------------- query counts


@pytest.mark.parametrize(
    "path",
    [
        "deputies/",
        "deputies/?party=amanat",
        "deputies/?committee=committee-finance&gender=female",
        "deputies/?region=almaty",
        "deputies/?q=a",
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_deputies_page_takes_a_constant_number_of_queries(client, db, django_assert_max_num_queries, lang, path):
    with django_assert_max_num_queries(6):
        html_of(page(client, lang, path))


def test_deputies_partial_takes_no_more_queries(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        html_of(page(client, "en", "deputies/", HX_Request="true"))


@pytest.mark.parametrize("lang", LANGS)
def test_home_takes_a_constant_number_of_queries(client, db, django_assert_max_num_queries, lang):
    with django_assert_max_num_queries(11):  # + 5: what the parliament did (opendata activity, news included)
        html_of(page(client, lang, ""))


@pytest.mark.parametrize(
    ("path", "bound"),
    [
        ("deputies/{deputy}/", 9),  # + the plenary record: seat, sittings, votes, faction majorities
        ("parties/", 2),
        ("parties/amanat/", 5),
        ("factions/faction-amanat/", 3),
        ("committees/", 2),
        ("committees/committee-finance/", 8),  # + the committee's work: meetings, hearings, investigations, reports
        ("regions/", 3),
        ("regions/almaty/", 10),  # + the regional dashboard: maslikhat, initiatives, inquiries
    ],
)
def test_other_pages_take_a_constant_number_of_queries(client, deputy_slug, django_assert_max_num_queries, path, bound):
    with django_assert_max_num_queries(bound):
        html_of(page(client, "en", path.format(deputy=deputy_slug)))


# ---------------------------------------------------------------- content


def test_home_tells_what_the_parliament_is_now(client, db):
    html = html_of(page(client, "en", ""))
    assert "<strong>145</strong>" in html
    assert "<strong>20</strong>" in html
    assert 'href="/en/parties/amanat/"' in html


def test_deputy_profile_shows_party_faction_region_and_committee(client, deputy_slug):
    html = html_of(page(client, "en", f"deputies/{deputy_slug}/"))
    assert 'href="/en/parties/' in html
    assert 'href="/en/factions/faction-' in html
    assert 'href="/en/regions/' in html
    assert f'href="/api/v1/persons/{deputy_slug}"' in html


def test_party_page_lists_its_deputies(client, db):
    expected = selectors.deputy_list(selectors.DeputyFilters(party="ak-zhol")).count()
    assert cards(html_of(page(client, "en", "parties/ak-zhol/"))) == expected


def test_committee_page_lists_its_members(client, db):
    html = html_of(page(client, "en", "committees/committee-finance/"))
    expected = selectors.deputy_list(selectors.DeputyFilters(committee="committee-finance")).count()
    assert len(re.findall(r'href="/en/deputies/[a-z0-9-]+/"', html)) == expected


def test_regions_page_lists_the_twenty_regions(client, db):
    html = html_of(page(client, "en", "regions/"))
    assert len(set(re.findall(r'href="/en/regions/[a-z0-9-]+/"', html))) == 20  # the table, the tile map and its table


# ---------------------------------------------------------------- demo marking


@pytest.mark.parametrize("lang", LANGS)
def test_demo_mode_shows_the_banner(client, db, settings, lang):
    settings.DEMO_MODE = True
    html = html_of(page(client, lang, ""))
    assert 'class="demo-banner"' in html


def test_no_banner_outside_demo_mode(client, db, settings):
    settings.DEMO_MODE = False
    assert 'class="demo-banner"' not in html_of(page(client, "en", ""))


def test_demo_banner_says_the_deputies_are_fictional(client, db, settings):
    settings.DEMO_MODE = True
    assert "the deputies are fictional people" in html_of(page(client, "en", "deputies/"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_fictional_deputy_is_marked_as_demo_data(client, deputy_slug, lang):
    html = html_of(page(client, lang, f"deputies/{deputy_slug}/"))
    assert '<p class="badge">' in html


def test_the_demo_marker_says_demo_data(client, deputy_slug):
    assert "demo data" in html_of(page(client, "en", f"deputies/{deputy_slug}/"))


# ---------------------------------------------------------------- log-in and verification


@pytest.mark.parametrize("lang", LANGS)
def test_verify_page_requires_login(client, db, lang):
    response = page(client, lang, "me/verify/")
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/accounts/login/?next=/{lang}/me/verify/"


@pytest.mark.parametrize("lang", LANGS)
def test_verify_page_for_a_verified_citizen(client, citizen, lang):
    client.force_login(citizen)
    html = html_of(page(client, lang, "me/verify/"))
    assert f'<html lang="{lang}">' in html
    assert 'class="notice"' in html
    assert IIN_LIKE.findall(html) == []


def test_verify_page_for_an_unverified_account_shows_the_form(client, user_with_role):
    client.force_login(user_with_role())
    html = html_of(page(client, "en", "me/verify/"))
    assert 'name="iin"' in html
    assert 'name="region"' in html


def test_login_page_has_a_csrf_protected_form(client, db):
    html = html_of(page(client, "kk", "accounts/login/"))
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="username"' in html
    assert 'name="password"' in html
