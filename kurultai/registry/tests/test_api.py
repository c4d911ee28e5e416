"""Contract tests of the Popolo API: /api/v1/persons, organizations, memberships, posts, areas, deputies.

Every answer is checked the way a client sees it: field names, pagination, filters, the
language switch and the problem+json errors. Lists must stay constant in queries whatever
the page size, so each is measured at a small and a large limit under the same bound.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.utils import timezone
from referencing import Registry, Resource

from kurultai.registry import services as registry
from kurultai.registry.models import Membership

API = "/api/v1"
PROBLEM = "application/problem+json"
TODAY_ISO = timezone.localdate().isoformat()

# Popolo's own JSON schemas (draft 3), copied from ../shared/tools/contracts-data/popolo so the
# suite runs from a bare clone.
POPOLO_DIR = Path(__file__).resolve().parent / "popolo"

# Largest number of queries each list may take, whatever the limit: a count, the page,
# and one prefetch where a list carries a to-many relation.
LIST_QUERY_BOUNDS = {
    "persons": 2,
    "organizations": 3,  # + sources
    "memberships": 2,
    "posts": 2,
    "areas": 2,
    "deputies": 3,  # + open memberships
}
LIST_ENDPOINTS = sorted(LIST_QUERY_BOUNDS)

PERSON_FIELDS = {
    "id", "name", "other_names", "family_name", "given_name", "patronymic_name", "sort_name",
    "gender", "birth_date", "summary", "updated_at",
}
ORGANIZATION_FIELDS = {
    "id", "name", "other_names", "classification", "parent_id", "area_id", "description",
    "founding_date", "dissolution_date", "sources",
}
MEMBERSHIP_FIELDS = {
    "id", "label", "role", "person_id", "organization_id", "on_behalf_of_id", "post_id", "area_id",
    "start_date", "end_date",
}
POST_FIELDS = {"id", "label", "role", "organization_id", "area_id", "start_date", "end_date"}
AREA_FIELDS = {"id", "name", "identifier", "classification", "parent_id", "sources"}


def get(client: Any, path: str, **params: Any) -> Any:
    return client.get(f"{API}/{path}", params)


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """An RFC 9457 document with the stable ``code``."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["title"]
    assert body["detail"]
    return body


def all_items(client: Any, path: str, **params: Any) -> list[dict[str, Any]]:
    body = ok(get(client, path, limit=500, **params))
    assert body["next"] is None  # the demo fits one page of 500
    return body["items"]


def popolo_validator(name: str) -> jsonschema.protocols.Validator:
    resources = []
    for file in POPOLO_DIR.glob("*.json"):
        schema = json.loads(file.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema)
        resources += [(schema["id"], resource), (schema["id"].rstrip("#"), resource)]
    schema = json.loads((POPOLO_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft3Validator(
        schema, registry=Registry().with_resources(resources), format_checker=jsonschema.Draft3Validator.FORMAT_CHECKER
    )


# ---------------------------------------------------------------- pagination


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_list_is_a_page_with_count_and_links(client, db, endpoint):
    body = ok(get(client, endpoint))
    assert set(body) == {"count", "next", "previous", "items"}
    assert body["count"] > 0
    assert len(body["items"]) == min(50, body["count"])
    assert body["previous"] is None


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_limit_bounds_are_inclusive(client, db, endpoint):
    one = ok(get(client, endpoint, limit=1))
    most = ok(get(client, endpoint, limit=500))
    assert len(one["items"]) == 1
    assert len(most["items"]) == min(500, most["count"])


def test_walking_next_links_visits_every_person_once(client, db):
    first = ok(get(client, "persons", limit=50))
    seen = [p["id"] for p in first["items"]]
    url = first["next"]
    pages = [first]
    while url:
        page = ok(client.get(url))
        pages.append(page)
        seen += [p["id"] for p in page["items"]]
        url = page["next"]
    assert len(seen) == first["count"]
    assert len(set(seen)) == len(seen)
    assert len(pages) == -(-first["count"] // 50)


def test_next_and_previous_links_keep_the_filters(client, db):
    body = ok(get(client, "deputies", party="amanat", limit=10, offset=10))
    assert "party=amanat" in body["next"]
    assert "offset=20" in body["next"]
    assert "party=amanat" in body["previous"]
    assert "offset=0" in body["previous"]


def test_offset_past_the_end_is_an_empty_page(client, db):
    body = ok(get(client, "persons", offset=100_000))
    assert body["items"] == []
    assert body["next"] is None
    assert body["count"] > 0


BAD_PAGINATION = [
    {"limit": "-1"},
    {"limit": "0"},
    {"limit": "501"},
    {"limit": "abc"},
    {"limit": "1.5"},
    {"limit": "99999999999999999999999"},
    {"offset": "-1"},
    {"offset": "abc"},
]


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
@pytest.mark.parametrize("params", BAD_PAGINATION, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
def test_bad_pagination_is_a_422_problem(client, db, endpoint, params):
    body = problem(get(client, endpoint, **params), 422, "validation_error")
    assert [e["loc"][-1] for e in body["errors"]] == list(params)


# ---------------------------------------------------------------- query counts


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
@pytest.mark.parametrize("limit", [5, 100, 500])
def test_list_queries_do_not_grow_with_the_page(client, db, django_assert_max_num_queries, endpoint, limit):
    with django_assert_max_num_queries(LIST_QUERY_BOUNDS[endpoint]):
        body = ok(get(client, endpoint, limit=limit))
    assert len(body["items"]) == min(limit, body["count"])


@pytest.mark.parametrize(
    "params",
    [
        {"party": "amanat"},
        {"faction": "faction-auyl"},
        {"committee": "committee-finance"},
        {"region": "almaty"},
        {"gender": "female"},
        {"party": "amanat", "gender": "male", "committee": "committee-social"},
    ],
)
def test_filtered_deputies_take_as_few_queries(client, db, django_assert_max_num_queries, params):
    with django_assert_max_num_queries(LIST_QUERY_BOUNDS["deputies"]):
        ok(get(client, "deputies", limit=500, **params))


def test_person_detail_takes_a_constant_number_of_queries(client, db, django_assert_max_num_queries):
    slug = ok(get(client, "deputies", limit=1))["items"][0]["id"]
    with django_assert_max_num_queries(3):
        ok(get(client, f"persons/{slug}"))


# ---------------------------------------------------------------- persons


def test_person_fields_are_popolo(client, db):
    person = ok(get(client, "persons", limit=1))["items"][0]
    assert PERSON_FIELDS <= set(person)
    assert isinstance(person["id"], str)
    assert not person["id"].isdigit()
    assert {"pk", "iin", "email"}.isdisjoint(person)


def test_demo_people_are_flagged(client, db):
    deputies = all_items(client, "deputies")
    assert {p["demo"] for p in deputies} == {True}


def test_person_names_exist_in_the_three_languages(client, db):
    person = ok(get(client, "deputies", limit=1))["items"][0]
    assert [n["note"] for n in person["other_names"]] == ["kk", "ru", "en"]


def test_person_detail_has_its_memberships(client, db):
    slug = ok(get(client, "deputies", limit=1))["items"][0]["id"]
    person = ok(get(client, f"persons/{slug}"))
    assert person["id"] == slug
    assert {m["person_id"] for m in person["memberships"]} == {slug}
    assert "kazakhstan-parliament" in {m["organization_id"] for m in person["memberships"]}
    assert MEMBERSHIP_FIELDS <= set(person["memberships"][0])


def test_person_list_filters_by_gender(client, db):
    women = ok(get(client, "persons", gender="female", limit=500))
    men = ok(get(client, "persons", gender="male", limit=500))
    everyone = ok(get(client, "persons"))
    assert {p["gender"] for p in women["items"]} == {"female"}
    assert {p["gender"] for p in men["items"]} == {"male"}
    assert women["count"] + men["count"] == everyone["count"]


def test_person_list_filters_by_organization(client, db):
    members = all_items(client, "memberships", organization="committee-finance")
    people = all_items(client, "persons", organization="committee-finance")
    assert {p["id"] for p in people} == {m["person_id"] for m in members}


@pytest.mark.parametrize("person_id", ["no-such-person", "12345", "%25", "a" * 300, "демо"])
def test_unknown_person_is_a_404_problem(client, db, person_id):
    body = problem(get(client, f"persons/{person_id}"), 404, "not_found")
    assert body["instance"].startswith(f"{API}/persons/")


# PostgreSQL text cannot hold NUL: without a guard these end in a 500 there.
@pytest.mark.parametrize(
    "url",
    [
        "persons/%00",
        "organizations/amanat%00",
        "areas/%00",
        "deputies?party=%00",
        "persons?q=a%00b",
        "memberships?person=%00",
        "persons?%00=1",
    ],
)
def test_nul_characters_are_a_400_problem(client, db, url):
    problem(client.get(f"{API}/{url}"), 400, "invalid")


def test_bad_person_filter_is_a_422_problem(client, db):
    problem(get(client, "persons", gender="other"), 422, "validation_error")


# ---------------------------------------------------------------- organizations


@pytest.mark.parametrize(
    ("classification", "expected"),
    [("parliament", 1), ("party", 7), ("faction", 6), ("committee", 7), ("maslikhat", 20)],
)
def test_organizations_filter_by_classification(client, db, classification, expected):
    body = ok(get(client, "organizations", classification=classification, limit=500))
    assert body["count"] == expected
    assert {o["classification"] for o in body["items"]} <= {classification}


def test_organization_fields_are_popolo(client, db):
    org = ok(get(client, "organizations/amanat"))
    assert ORGANIZATION_FIELDS <= set(org)
    assert org["id"] == "amanat"
    assert org["classification"] == "party"
    assert org["sources"]


def test_faction_belongs_to_the_parliament(client, db):
    faction = ok(get(client, "organizations/faction-amanat"))
    assert faction["parent_id"] == "kazakhstan-parliament"


@pytest.mark.parametrize("classification", ["senate", "Party", "", "1"])
def test_unknown_classification_is_a_422_problem(client, db, classification):
    body = problem(get(client, "organizations", classification=classification), 422, "validation_error")
    assert body["errors"][0]["loc"] == ["query", "classification"]


def test_unknown_organization_is_a_404_problem(client, db):
    problem(get(client, "organizations/no-such-party"), 404, "not_found")


# ---------------------------------------------------------------- memberships


def test_memberships_filter_by_person(client, db):
    slug = ok(get(client, "deputies", limit=1))["items"][0]["id"]
    items = all_items(client, "memberships", person=slug)
    assert items
    assert {m["person_id"] for m in items} == {slug}


def test_memberships_filter_by_organization(client, db):
    items = all_items(client, "memberships", organization="faction-auyl")
    assert items
    assert {m["organization_id"] for m in items} == {"faction-auyl"}
    assert {m["on_behalf_of_id"] for m in items if m["role"] == "member"} == {"auyl"}


def test_memberships_filter_by_classification(client, db):
    items = all_items(client, "memberships", classification="committee")
    assert len(items) >= 145
    assert {m["organization_id"] for m in items} == {
        o["id"] for o in all_items(client, "organizations", classification="committee")
    }


def test_parliament_memberships_of_deputies_carry_party_and_region(client, db):
    items = all_items(client, "memberships", organization="kazakhstan-parliament")
    deputies = [m for m in items if m["role"] == "deputy"]
    assert len(deputies) == 145
    assert None not in {m["on_behalf_of_id"] for m in deputies}
    assert None not in {m["area_id"] for m in deputies}


def test_current_memberships_leave_out_ended_ones(client, db):
    membership = Membership.objects.filter(organization__slug="committee-finance", role="member").first()
    registry.membership_end(membership=membership, end_date=date(2026, 9, 8), actor=None)
    current = all_items(client, "memberships", organization="committee-finance", current="true")
    everything = all_items(client, "memberships", organization="committee-finance")
    assert membership.slug not in {m["id"] for m in current}
    assert membership.slug in {m["id"] for m in everything}
    assert len(everything) == len(current) + 1
    assert {m["end_date"] for m in current} == {None}


def test_unknown_membership_filters_give_an_empty_page(client, db):
    body = ok(get(client, "memberships", person="no-such-person"))
    assert body["count"] == 0
    assert body["items"] == []


def test_bad_current_flag_is_a_422_problem(client, db):
    problem(get(client, "memberships", current="maybe"), 422, "validation_error")


# ---------------------------------------------------------------- posts and areas


def test_posts_of_the_parliament_are_the_chair_and_three_deputy_chairs(client, db):
    items = all_items(client, "posts", organization="kazakhstan-parliament")
    assert POST_FIELDS <= set(items[0])
    assert sorted(p["role"] for p in items) == ["chair", "deputy_chair", "deputy_chair", "deputy_chair"]
    assert {p["organization_id"] for p in items} == {"kazakhstan-parliament"}


def test_every_post_belongs_to_the_parliament_or_a_faction(client, db):
    organizations = {p["organization_id"] for p in all_items(client, "posts")}
    factions = {o["id"] for o in all_items(client, "organizations", classification="faction")}
    assert organizations <= factions | {"kazakhstan-parliament"}
    assert all_items(client, "posts", organization="committee-finance") == []


def test_post_holders_are_linked_by_membership(client, db):
    memberships = all_items(client, "memberships", classification="parliament") + all_items(
        client, "memberships", classification="faction"
    )
    holders = [m for m in memberships if m["post_id"]]
    assert sorted(m["post_id"] for m in holders) == sorted(p["id"] for p in all_items(client, "posts"))


def test_areas_are_the_country_and_twenty_regions(client, db):
    items = all_items(client, "areas")
    assert AREA_FIELDS <= set(items[0])
    assert len(items) == 21
    assert [a["identifier"] for a in items if a["classification"] == "country"] == ["KZ"]
    assert {a["parent_id"] for a in items if a["classification"] != "country"} == {"kazakhstan"}
    assert len({a["identifier"] for a in items}) == 21
    assert {a["identifier"][:3] for a in items if a["classification"] != "country"} == {"KZ-"}


@pytest.mark.parametrize(("classification", "expected"), [("country", 1), ("region", 17), ("city", 3)])
def test_areas_filter_by_classification(client, db, classification, expected):
    body = ok(get(client, "areas", classification=classification))
    assert body["count"] == expected


def test_area_by_slug_or_iso_code(client, db):
    by_slug = ok(get(client, "areas/almaty"))
    by_code = ok(get(client, f"areas/{by_slug['identifier']}"))
    assert by_code == by_slug


def test_sourced_population_has_a_date_and_a_source(client, db):
    sourced = [a for a in all_items(client, "areas") if a["population"] is not None]
    assert sourced
    assert None not in {a["population_date"] for a in sourced}
    assert [] not in [a["sources"] for a in sourced]


def test_unknown_area_is_a_404_problem(client, db):
    problem(get(client, "areas/atlantis"), 404, "not_found")


def test_unknown_area_classification_is_a_422_problem(client, db):
    problem(get(client, "areas", classification="province"), 422, "validation_error")


# ---------------------------------------------------------------- deputies


def test_there_are_145_sitting_deputies(client, db):
    assert ok(get(client, "deputies"))["count"] == 145


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("party", ["amanat", "auyl", "respublica", "ak-zhol", "ppk", "osdp", "baytaq"]),
        (
            "faction",
            ["faction-amanat", "faction-auyl", "faction-respublica", "faction-ak-zhol", "faction-ppk", "faction-osdp"],
        ),
        ("gender", ["male", "female"]),
    ],
)
def test_deputy_filters_partition_the_parliament(client, db, key, values):
    groups = [{p["id"] for p in all_items(client, "deputies", **{key: value})} for value in values]
    assert sum(len(g) for g in groups) == 145
    assert len(set().union(*groups)) == 145


def test_committee_filter_partitions_the_parliament(client, db):
    committees = [o["id"] for o in all_items(client, "organizations", classification="committee")]
    groups = [{p["id"] for p in all_items(client, "deputies", committee=c)} for c in committees]
    assert len(committees) == 7
    assert sum(len(g) for g in groups) == 145
    assert len(set().union(*groups)) == 145


def test_region_filter_partitions_the_parliament(client, db):
    regions = [a["id"] for a in all_items(client, "areas") if a["classification"] != "country"]
    groups = [{p["id"] for p in all_items(client, "deputies", region=r)} for r in regions]
    assert len(regions) == 20
    assert sum(len(g) for g in groups) == 145


def test_party_and_faction_filters_agree(client, db):
    by_party = {p["id"] for p in all_items(client, "deputies", party="respublica")}
    by_faction = {p["id"] for p in all_items(client, "deputies", faction="faction-respublica")}
    assert by_party
    assert by_party == by_faction


def test_deputy_filters_combine(client, db):
    women = {p["id"] for p in all_items(client, "deputies", gender="female")}
    amanat = {p["id"] for p in all_items(client, "deputies", party="amanat")}
    both = all_items(client, "deputies", party="amanat", gender="female")
    assert {p["id"] for p in both} == women & amanat
    assert {p["gender"] for p in both} == {"female"}


def test_a_party_without_seats_has_no_deputies(client, db):
    assert ok(get(client, "deputies", party="baytaq"))["count"] == 0


def test_deputy_filter_values_that_are_too_long_are_a_422_problem(client, db):
    problem(get(client, "deputies", party="x" * 121), 422, "validation_error")


def test_bad_deputy_gender_is_a_422_problem(client, db):
    problem(get(client, "deputies", gender="x"), 422, "validation_error")


# ---------------------------------------------------------------- languages


def test_default_names_are_kazakh(client, db):
    org = ok(get(client, "organizations/kazakhstan-parliament"))
    assert org["name"] == "Құрылтай"


@pytest.mark.parametrize(("lang", "name"), [("kk", "Құрылтай"), ("ru", "Курултай"), ("en", "Kurultai")])
def test_lang_chooses_the_language_of_names(client, db, lang, name):
    assert ok(get(client, "organizations/kazakhstan-parliament", lang=lang))["name"] == name


def test_lang_ru_changes_person_names_in_lists(client, db):
    kk = ok(get(client, "deputies", limit=20))["items"]
    ru = ok(get(client, "deputies", limit=20, lang="ru"))["items"]
    assert [p["id"] for p in kk] == [p["id"] for p in ru]
    assert [p["name"] for p in ru] == [p["other_names"][1]["name"] for p in ru]
    assert [p["name"] for p in kk] != [p["name"] for p in ru]


def test_lang_ru_changes_area_names(client, db):
    assert ok(get(client, "areas/KZ", lang="ru"))["name"] == "Казахстан"


@pytest.mark.parametrize("lang", ["de", "", "RU", "ru-RU", "x" * 50])
def test_unknown_language_is_a_422_problem(client, db, lang):
    body = problem(get(client, "persons", lang=lang), 422, "unknown_language")
    assert len(body["detail"]) < 120


# ---------------------------------------------------------------- other errors and OpenAPI


def test_unknown_api_path_is_a_404_problem(client, db):
    problem(client.get(f"{API}/no-such-resource"), 404, "not_found")


def test_writing_to_a_read_only_list_is_a_405_problem(client, db):
    problem(client.post(f"{API}/persons"), 405, "method_not_allowed")


def test_openapi_documents_every_list(client, db):
    schema = ok(client.get(f"{API}/openapi.json"))
    assert {f"{API}/{e}" for e in LIST_ENDPOINTS} <= set(schema["paths"])


# ---------------------------------------------------------------- Popolo JSON schemas


def test_persons_validate_against_popolo(client, db):
    validator = popolo_validator("person")
    people = ok(get(client, "persons", limit=30))["items"]
    slug = people[0]["id"]
    detail = ok(get(client, f"persons/{slug}"))
    for person in [*people, detail]:
        validator.validate(person)


def test_organizations_validate_against_popolo(client, db):
    validator = popolo_validator("organization")
    for org in all_items(client, "organizations"):
        validator.validate(org)


def test_memberships_validate_against_popolo(client, db):
    validator = popolo_validator("membership")
    for membership in ok(get(client, "memberships", limit=200))["items"]:
        validator.validate(membership)


def test_posts_validate_against_popolo(client, db):
    validator = popolo_validator("post")
    for post in all_items(client, "posts"):
        validator.validate(post)


def test_areas_validate_against_popolo(client, db):
    validator = popolo_validator("area")
    for area in all_items(client, "areas"):
        validator.validate(area)


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("person", {"id": 12}),
        # Only fails if the $ref to link.json resolves: a link's url is required.
        ("organization", {"id": "x", "sources": [{"note": "no url"}]}),
        ("membership", {"id": "x", "start_date": "7 September 2026"}),
    ],
)
def test_the_popolo_validator_does_reject_a_wrong_document(name, document):
    with pytest.raises(jsonschema.ValidationError):
        popolo_validator(name).validate(document)
