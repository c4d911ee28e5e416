"""Every public page answers in each language within 15 SQL queries (issue 11), and none is forgotten.

The pages come from ``public_pages``, the same list the accessibility browser test and
``bench/pages.py`` use; the first test keeps that list in step with the URLconf.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurultai.portal.tests import public_pages

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def test_every_localised_page_is_listed_or_declared_not_public():
    assert public_pages.unlisted_url_names() == set(), "add the page to public_pages.page_urls or NOT_PUBLIC"
    assert not set(public_pages.NOT_PUBLIC) & set(public_pages.page_urls())
    assert set(public_pages.CITIZEN_PAGES) <= set(public_pages.page_urls())


@pytest.mark.parametrize("lang", public_pages.LANGS)
def test_every_public_page_stays_within_15_queries(client, lang, django_assert_max_num_queries):
    over: list[str] = []
    for name, path in public_pages.public_paths(lang):
        client.get(path)  # the first request warms per-process caches (translations, templates)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        assert f'<html lang="{lang}"'.encode() in response.content, path
        if len(ctx.captured_queries) > MAX_QUERIES:
            over.append(f"{path}: {len(ctx.captured_queries)} queries")
    assert over == []
    # And the plain fixture on the busiest page, so a regression there reads like every other count.
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(f"/{lang}/")


def test_citizen_pages_stay_within_15_queries(client, django_assert_max_num_queries):
    from kurultai.accounts.models import User

    client.force_login(User.objects.get(username="citizen"))
    for name, path in public_pages.citizen_paths("ru"):
        client.get(path)
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(path)
        assert response.status_code == 200, (name, path)


def test_a_signed_out_visitor_is_sent_to_log_in_from_the_citizen_pages(client):
    for _name, path in public_pages.citizen_paths("en"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/en/accounts/login/" in response["Location"]
