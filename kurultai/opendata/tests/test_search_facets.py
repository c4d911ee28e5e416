"""Search facets (type, year, committee, region, dates), published answers, Kazakh stems,
and the index sharing the record's transaction, on SQLite FTS5 and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kurultai.legislation.models import Bill
from kurultai.opendata import query as q
from kurultai.opendata import search
from kurultai.opendata.models import SearchDocument
from kurultai.oversight.models import Inquiry, InquiryStatus
from kurultai.participation.models import Appeal, AppealStatus, Petition, PetitionStatus
from kurultai.registry.models import Area, Person

pytestmark = pytest.mark.django_db


class Undo(Exception):
    pass


def listed_petition() -> Petition:
    return Petition.objects.filter(status=PetitionStatus.LISTED, hidden_at__isnull=True).order_by("id").first()


def facet(data: dict, name: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in data["facet_counts"][name]}


# ---------------------------------------------------------------- pure: the Kazakh stems


def test_an_inflected_kazakh_word_carries_its_stem():
    assert q.term("заңдар").stem == "заң"
    assert q.term("заң").stem == ""  # nothing stripped: the prefix already covers it
    assert q.kk_stems("Заңдарымызда мектептерге") == "заң мектеп"
    assert q.kk_stems("бір екі үш", limit=8) == "бір екі"


def test_the_stem_is_matched_exactly_and_highlighted():
    t = q.term("заңдар")
    assert q.fts5_match([t]) == '("заңдар"* OR stems_kk : "заң")'
    assert q.tsquery([t]) == "(заңдар:* | заң)"
    assert "<mark>заңға</mark>" in q.snippet("Бұл заңға өзгеріс", [t])


# ---------------------------------------------------------------- facets


def test_every_facet_is_counted_over_the_matches(client):
    data = client.get("/api/v1/search", {"q": "2026"}).json()
    assert set(data["facet_counts"]) == {"type", "year", "committee", "region"}
    types = facet(data, "type")
    assert types["bill"] >= 1
    assert data["count"] == sum(types.values())
    assert data["count_exact"] is True
    assert facet(data, "year")  # bills are dated
    committees = data["facet_counts"]["committee"]
    assert committees
    assert all(v["label"] and v["count"] > 0 for v in committees)


def test_the_committee_filter_keeps_that_committees_records(client):
    bill = Bill.objects.order_by("slug").first()
    slug = bill.lead_committee.slug
    data = client.get("/api/v1/search", {"q": bill.slug, "committee": slug, "limit": 100}).json()
    assert bill.slug in [h["id"] for h in data["items"]]
    keys = [(h["type"], h["id"]) for h in data["items"]]
    assert SearchDocument.objects.filter(committee=slug).count() >= len(keys)
    for kind, key in keys:
        assert SearchDocument.objects.get(kind=kind, key=key).committee == slug
    # The committee facet still shows the other committees (it ignores its own filter).
    assert facet(data, "committee")[slug] == data["count"]


def test_the_region_filter_and_the_facet_labels(client):
    petition = listed_petition()
    region = Area.objects.filter(classification="region").order_by("identifier").first()
    petition.area = region
    petition.text = f"{petition.text} ауылшаруашылықтандыру"
    petition.save()
    data = client.get("/api/v1/search", {"q": "ауылшаруашылықтандыру", "lang": "ru"}).json()
    regions = {v["value"]: v for v in data["facet_counts"]["region"]}
    assert regions[region.identifier]["count"] == 1
    assert regions[region.identifier]["label"]
    only = client.get("/api/v1/search", {"q": "ауылшаруашылықтандыру", "region": region.identifier}).json()
    assert [h["id"] for h in only["items"]] == [petition.slug]
    other = Area.objects.filter(classification="region").exclude(pk=region.pk).order_by("identifier").first()
    none = client.get("/api/v1/search", {"q": "ауылшаруашылықтандыру", "region": other.identifier}).json()
    assert none["count"] == 0
    assert none["items"] == []


def test_the_date_range_and_the_year_buckets(client):
    bill = Bill.objects.order_by("slug").first()
    day = bill.registered_on
    inside = client.get("/api/v1/search", {"q": bill.slug, "date_from": day, "date_to": day}).json()
    assert bill.slug in [h["id"] for h in inside["items"]]
    assert all(h["date"] == day.isoformat() for h in inside["items"])
    after = client.get("/api/v1/search", {"q": bill.slug, "date_from": date(day.year + 1, 1, 1)}).json()
    assert bill.slug not in [h["id"] for h in after["items"]]
    # The year facet ignores the date range, so the other years stay in view.
    assert str(day.year) in facet(after, "year")


def test_bad_facet_values_are_problems(client):
    for params in (
        {"q": "x", "date_from": "2026-13-01"},
        {"q": "x", "date_from": "2026-02-01", "date_to": "2026-01-01"},
        {"q": "x", "region": "almaty; drop"},
        {"q": "x", "committee": "a b"},
        {"q": "x", "type": "appeal"},
    ):
        r = client.get("/api/v1/search", params)
        assert r.status_code == 422, params
        assert r["Content-Type"].startswith("application/problem+json")


def test_an_unknown_committee_finds_nothing(client):
    data = client.get("/api/v1/search", {"q": "2026", "committee": "no-such-committee"}).json()
    assert data["count"] == 0
    assert data["facet_counts"]["type"] == []


def test_the_facet_counts_cap_says_it_is_a_lower_bound(client, monkeypatch):
    monkeypatch.setattr(search, "FACET_CAP", 2)
    data = client.get("/api/v1/search", {"q": "2026"}).json()
    assert data["count_exact"] is False
    assert sum(facet(data, "type").values()) <= 2
    assert data["items"]


def test_the_search_page_has_facet_links_within_its_query_budget(client, django_assert_max_num_queries):
    bill = Bill.objects.order_by("slug").first()
    committee = bill.lead_committee
    with django_assert_max_num_queries(15):
        r = client.get("/ru/search/", {"q": bill.slug, "committee": committee.slug, "date_from": "2000-01-01"})
    html = r.content.decode()
    assert r.status_code == 200
    assert f"committee={committee.slug}" in html
    assert 'name="date_from" value="2000-01-01"' in html
    assert str(committee.name_ru) in html
    assert 'aria-current="true"' in html


def test_the_search_page_ignores_bad_filters(client):
    r = client.get("/kk/search/", {"q": "2026", "date_from": "nonsense", "region": "<x>", "page": "999999"})
    assert r.status_code == 200


# ---------------------------------------------------------------- published answers


def answered_appeal() -> Appeal:
    return Appeal.objects.filter(status__in=[AppealStatus.ANSWERED, AppealStatus.RATED]).order_by("id").first()


def test_an_answer_is_indexed_only_with_consent_and_without_its_author():
    appeal = answered_appeal()
    key = f"appeal-{appeal.pk}"
    appeal.consent_to_publish = True
    appeal.subject = "Сұрақ жылытужүйесі туралы"
    appeal.save()
    doc = SearchDocument.objects.get(kind="answer", key=key)
    indexed = " ".join(str(getattr(doc, f.attname) or "") for f in SearchDocument._meta.fields)
    author = appeal.author
    for private in (appeal.number, author.username, author.email, author.get_full_name()):
        if private:
            assert private not in indexed
    assert doc.region == ""  # the author's region stays out
    hits = search.search("жылытужүйесі").hits
    assert [h.id for h in hits] == [key]
    assert hits[0].url == reverse("participation:appeals_published")
    appeal.consent_to_publish = False
    appeal.save()
    assert not SearchDocument.objects.filter(kind="answer", key=key).exists()


def test_an_unanswered_appeal_is_never_indexed():
    appeal = Appeal.objects.exclude(status__in=[AppealStatus.ANSWERED, AppealStatus.RATED]).order_by("id").first()
    appeal.consent_to_publish = True
    appeal.save()
    assert not SearchDocument.objects.filter(kind="answer", key=f"appeal-{appeal.pk}").exists()


def test_an_answered_inquiry_is_found_with_its_answer(client):
    inquiry = Inquiry.objects.filter(status=InquiryStatus.REGISTERED).order_by("id").first()
    key = f"inquiry-{inquiry.slug}"
    assert not SearchDocument.objects.filter(kind="answer", key=key).exists()
    now = timezone.now()
    inquiry.status = InquiryStatus.ANSWERED
    inquiry.answer_text = "Министрлік көпірқұрылысы бағдарламасын қарады."
    inquiry.answer_language = "kk"
    inquiry.answered_at = now
    inquiry.answered_on = timezone.localdate(now)
    inquiry.save()
    data = client.get("/api/v1/search", {"q": "көпірқұрылысы", "type": "answer", "lang": "kk"}).json()
    assert [h["id"] for h in data["items"]] == [key]
    assert data["items"][0]["url"].endswith(reverse("oversight:inquiry", args=[inquiry.slug]))
    assert "<mark>көпірқұрылысы</mark>" in data["items"][0]["snippet"]


# ---------------------------------------------------------------- Kazakh stems in the index


def test_an_inflected_kazakh_query_finds_the_other_forms():
    petition = listed_petition()
    petition.language = "kk"
    petition.text = "Біз шөптесінге қатысты өтініш жазамыз."
    petition.save()
    doc = SearchDocument.objects.get(kind="petition", key=petition.slug)
    assert "шөптесін" in doc.stems_kk.split()
    for word in ("шөптесіндер", "шөптесіндердің", "шөптесінге", "шөпт"):
        assert petition.slug in [h.id for h in search.search(word).hits], word
    assert petition.slug not in [h.id for h in search.search("шөптесінмен өтінішсіз").hits]


# ---------------------------------------------------------------- one transaction


def test_a_rolled_back_record_leaves_no_search_document():
    p = Person.objects.exclude(family_name="").order_by("slug").first()
    before = SearchDocument.objects.get(kind="person", key=p.slug).names
    petition = listed_petition()

    seen_inside: list[str] = []

    def rename_then_fail() -> None:
        with transaction.atomic():
            p.name_ru = "Кайратбек Жетпісбаев-Ұмытылған"
            p.save()
            petition.hidden_at = timezone.now()
            petition.save()
            seen_inside.extend(h.id for h in search.search("Ұмытылған").hits)
            raise Undo

    with pytest.raises(Undo):
        rename_then_fail()
    assert seen_inside == [p.slug]
    assert search.search("Ұмытылған").count == 0
    assert SearchDocument.objects.get(kind="person", key=p.slug).names == before
    assert SearchDocument.objects.filter(kind="petition", key=petition.slug).exists()


def test_a_bill_is_found_by_a_word_of_its_full_text():
    bill = Bill.objects.exclude(current_version=None).order_by("slug").first()
    text = search._bill_text(bill.current_version, "ru")
    summary = f"{bill.citizen_summary_ru} {bill.title_ru} {bill.initiator_ru}".casefold()
    words = [w for w in q.WORD.findall(text.casefold()) if len(w) > 8 and w not in summary]
    assert words  # the full text has words the title and summary lack
    hits = search.search(words[0], kind="bill", limit=100).hits
    assert bill.slug in [h.id for h in hits]
