"""Search: every public kind, facets, snippets, typo-tolerant names, index kept in step with records."""

from __future__ import annotations

import pytest
from django.db import transaction

from kurultai.opendata import search
from kurultai.opendata.models import SearchDocument
from kurultai.participation.models import Petition, PetitionStatus
from kurultai.registry.models import Person

pytestmark = pytest.mark.django_db


def deputy():
    return Person.objects.exclude(family_name="").order_by("slug").first()


def test_the_demo_is_indexed_in_every_kind():
    kinds = set(SearchDocument.objects.values_list("kind", flat=True))
    assert {"person", "bill", "vote_event", "petition", "proposal", "committee", "answer"} <= kinds


def test_a_deputy_is_found_by_family_name_through_the_api(client):
    p = deputy()
    data = client.get("/api/v1/search", {"q": p.family_name}).json()
    assert p.slug in [h["id"] for h in data["items"]]
    assert {"type": "person", "count": data["facets"][0]["count"]} in data["facets"]
    assert "<mark>" in "".join(h["snippet"] for h in data["items"])


def test_a_prefix_and_a_typo_still_find_the_name():
    p = deputy()
    name = p.family_name.casefold()
    assert p.slug in [h.id for h in search.search(name[:4]).hits + search.search(name[:4], kind="person").hits]
    typo = name[:2] + name[3] + name[2] + name[4:]  # two letters swapped
    if typo != name:
        results = search.search(typo, kind="person", limit=100)
        assert p.slug in [h.id for h in results.hits]


def test_the_type_facet_filters(client):
    data = client.get("/api/v1/search", {"q": "2026", "type": "bill"}).json()
    assert data["items"]
    assert {h["type"] for h in data["items"]} == {"bill"}


def test_bad_queries_are_problems(client):
    r = client.get("/api/v1/search", {"q": ""})
    assert r.status_code == 422
    assert r["Content-Type"].startswith("application/problem+json")
    assert client.get("/api/v1/search", {"q": "x", "type": "appeal"}).status_code == 422


def test_a_query_of_punctuation_finds_nothing(client):
    assert client.get("/api/v1/search", {"q": '"*)(:'}).json()["count"] == 0


def test_the_index_follows_a_record_in_its_own_transaction():
    p = deputy()
    with transaction.atomic():
        p.name_ru = "Зейнолла Қыдырбаевич Тестов"
        p.save()
        assert p.slug in [h.id for h in search.search("Тестов").hits]
    assert p.slug in [h.id for h in search.search("тестов").hits]


def test_a_petition_leaves_the_index_when_it_is_hidden():
    from django.utils import timezone

    petition = Petition.objects.filter(status=PetitionStatus.LISTED, hidden_at__isnull=True).first()
    assert SearchDocument.objects.filter(kind="petition", key=petition.slug).exists()
    petition.hidden_at = timezone.now()
    petition.save()
    assert not SearchDocument.objects.filter(kind="petition", key=petition.slug).exists()


def test_reindex_rebuilds_the_same_documents():
    before = set(SearchDocument.objects.values_list("kind", "key"))
    assert search.reindex() == len(before)
    assert set(SearchDocument.objects.values_list("kind", "key")) == before
    assert search.search(deputy().family_name).count >= 1


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_search_page_shows_facets_and_marks(client, lang, django_assert_max_num_queries):
    p = deputy()
    with django_assert_max_num_queries(15):
        r = client.get(f"/{lang}/search/", {"q": p.family_name})
    html = r.content.decode()
    assert r.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert "<mark>" in html
    assert f"/{lang}/deputies/{p.slug}/" in html


def test_every_page_has_the_search_box(client):
    html = client.get("/ru/bills/").content.decode()
    assert 'role="search"' in html
    assert 'action="/ru/search/"' in html
