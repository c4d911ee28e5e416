"""The public page cache: hits after a miss, invalidated by any write, never for signed-in users."""

import pytest
from django.core.cache import cache

from kurultai.common import pagecache
from kurultai.common.services import audit_log

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_DISABLED = False
    cache.clear()
    pagecache._generation = (0.0, -1)


def fresh_generation():
    pagecache._generation = (0.0, -1)


def test_second_anonymous_read_is_a_hit(client):
    assert client.get("/api/v1/persons?limit=5")["X-Cache"] == "miss"
    assert client.get("/api/v1/persons?limit=5")["X-Cache"] == "hit"
    assert client.get("/ru/deputies/")["X-Cache"] == "miss"
    assert client.get("/ru/deputies/")["X-Cache"] == "hit"


def test_a_write_invalidates_every_cached_response(client):
    client.get("/en/regions/")
    audit_log(action="test.write")
    fresh_generation()
    assert client.get("/en/regions/")["X-Cache"] == "miss"


def test_languages_and_htmx_partials_are_cached_apart(client):
    client.get("/en/deputies/")
    assert client.get("/ru/deputies/")["X-Cache"] == "miss"
    partial = client.get("/en/deputies/", HTTP_HX_REQUEST="true")
    assert partial["X-Cache"] == "miss"
    assert b"<html" not in partial.content


def test_signed_in_users_and_tokens_bypass_the_cache(client, user_with_role):
    client.get("/en/regions/")
    client.force_login(user_with_role())
    assert "X-Cache" not in client.get("/en/regions/")
    assert "X-Cache" not in client.get("/api/v1/areas", HTTP_AUTHORIZATION="Bearer klt_x")


def test_errors_and_pages_that_set_cookies_are_not_cached(client):
    client.get("/api/v1/persons/nobody")
    assert "X-Cache" not in client.get("/api/v1/persons/nobody")
    client.get("/en/accounts/login/")
    assert "X-Cache" not in client.get("/en/accounts/login/")
