"""Popolo API: /api/v1/persons, organizations, memberships, posts, areas."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kurultai.common.api import LimitOffsetPage, Mapped, Problem
from kurultai.registry import selectors
from kurultai.registry.models import Area, Membership, Organization, Person, Post

router = Router(tags=["registry"])

Classification = Literal[
    "parliament", "party", "faction", "committee", "council", "maslikhat", "state_body", "people_council"
]


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


class Link(Schema):
    url: str
    note: str | None = None


class OtherName(Schema):
    name: str
    note: str | None = None


class PersonOut(Schema):
    id: str
    name: str
    other_names: list[OtherName]
    family_name: str | None
    given_name: str | None
    patronymic_name: str | None
    sort_name: str | None
    gender: str | None
    birth_date: str | None
    summary: str | None
    updated_at: str | None
    demo: bool = Field(description="True for fictional people of the demo parliament.")

    @staticmethod
    def from_model(p: Person) -> dict[str, Any]:
        others = [
            {"name": getattr(p, f"name_{lang}"), "note": lang}
            for lang in ("kk", "ru", "en")
            if getattr(p, f"name_{lang}", None)
        ]
        return {
            "id": p.slug,
            "name": p.name,
            "other_names": others,
            "family_name": p.family_name or None,
            "given_name": p.given_name or None,
            "patronymic_name": p.patronymic_name or None,
            "sort_name": p.sort_name or None,
            "gender": p.gender or None,
            "birth_date": _date(p.birth_date),
            "summary": p.summary or None,
            "updated_at": p.updated_at.isoformat().replace("+00:00", "Z") if p.updated_at else None,
            "demo": p.is_demo,
        }


class MembershipOut(Schema):
    id: str
    label: str | None
    role: str
    person_id: str
    organization_id: str
    on_behalf_of_id: str | None
    post_id: str | None
    area_id: str | None
    start_date: str | None
    end_date: str | None

    @staticmethod
    def from_model(m: Membership) -> dict[str, Any]:
        return {
            "id": m.slug,
            "label": m.label or None,
            "role": m.role,
            "person_id": m.person.slug,
            "organization_id": m.organization.slug,
            "on_behalf_of_id": m.on_behalf_of.slug if m.on_behalf_of_id else None,
            "post_id": m.post.slug if m.post_id else None,
            "area_id": m.area.slug if m.area_id else None,
            "start_date": _date(m.start_date),
            "end_date": _date(m.end_date),
        }


class PersonDetailOut(PersonOut):
    memberships: list[MembershipOut]


class OrganizationOut(Schema):
    id: str
    name: str
    other_names: list[OtherName]
    classification: str
    parent_id: str | None
    area_id: str | None
    description: str | None
    founding_date: str | None
    dissolution_date: str | None
    sources: list[Link]

    @staticmethod
    def from_model(o: Organization) -> dict[str, Any]:
        others = [{"name": o.short_name, "note": "short name"}] if o.short_name else []
        return {
            "id": o.slug,
            "name": o.name,
            "other_names": others,
            "classification": o.classification,
            "parent_id": o.parent.slug if o.parent_id else None,
            "area_id": o.area.slug if o.area_id else None,
            "description": o.description or None,
            "founding_date": _date(o.founding_date),
            "dissolution_date": _date(o.dissolution_date),
            "sources": [{"url": s.url or "about:blank", "note": s.note} for s in o.sources.all()],
        }


class PostOut(Schema):
    id: str
    label: str
    role: str
    organization_id: str
    area_id: str | None
    start_date: str | None
    end_date: str | None

    @staticmethod
    def from_model(p: Post) -> dict[str, Any]:
        return {
            "id": p.slug,
            "label": p.label,
            "role": p.role,
            "organization_id": p.organization.slug,
            "area_id": p.area.slug if p.area_id else None,
            "start_date": _date(p.start_date),
            "end_date": _date(p.end_date),
        }


class AreaOut(Schema):
    id: str
    name: str
    identifier: str
    classification: str
    parent_id: str | None
    population: int | None = Field(description="Official population, or null when no sourced figure is known.")
    population_date: str | None
    population_approx: int | None = Field(description="Unsourced approximation used for demo data only.")
    sources: list[Link]

    @staticmethod
    def from_model(a: Area) -> dict[str, Any]:
        sources = []
        if a.population_source_id:
            sources.append({"url": a.population_source.url or "about:blank", "note": a.population_source.note})
        return {
            "id": a.slug,
            "name": a.name,
            "identifier": a.identifier,
            "classification": a.classification,
            "parent_id": a.parent.slug if a.parent_id else None,
            "population": a.population,
            "population_date": _date(a.population_date),
            "population_approx": a.population_approx,
            "sources": sources,
        }


class PersonFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Part of a name, in any language.")
    organization: str | None = Field(None, max_length=120, description="Organization id the person belongs to.")
    gender: Literal["male", "female"] | None = None


class DeputyFilterSchema(Schema):
    party: str | None = Field(None, max_length=120)
    faction: str | None = Field(None, max_length=120)
    committee: str | None = Field(None, max_length=120)
    region: str | None = Field(None, max_length=60)
    gender: Literal["male", "female"] | None = None


ERRORS: dict[int, type[Schema]] = {422: Problem}
NOT_FOUND: dict[int, type[Schema]] = {404: Problem, 422: Problem}


@router.get("/persons", response={200: list[PersonOut], **ERRORS}, summary="List persons")
@paginate(LimitOffsetPage)
def list_persons(request: HttpRequest, filters: Query[PersonFilters]) -> Any:
    return Mapped(selectors.person_list(**filters.dict()), PersonOut.from_model)


@router.get("/persons/{person_id}", response={200: PersonDetailOut, **NOT_FOUND}, summary="One person")
def get_person(request: HttpRequest, person_id: str) -> Any:
    person = selectors.person_get(person_id)
    data = PersonOut.from_model(person)
    data["memberships"] = [MembershipOut.from_model(m) for m in person.memberships.all()]
    return data


@router.get("/deputies", response={200: list[PersonOut], **ERRORS}, summary="Sitting deputies, filtered")
@paginate(LimitOffsetPage)
def list_deputies(request: HttpRequest, filters: Query[DeputyFilterSchema]) -> Any:
    qs = selectors.deputy_list(selectors.DeputyFilters(**filters.dict()))
    return Mapped(qs, PersonOut.from_model)


@router.get("/organizations", response={200: list[OrganizationOut], **ERRORS}, summary="List organizations")
@paginate(LimitOffsetPage)
def list_organizations(
    request: HttpRequest, classification: Classification | None = None, parent: str | None = None
) -> Any:
    return Mapped(selectors.organization_list(classification=classification, parent=parent), OrganizationOut.from_model)


@router.get("/organizations/{organization_id}", response={200: OrganizationOut, **NOT_FOUND})
def get_organization(request: HttpRequest, organization_id: str) -> Any:
    return OrganizationOut.from_model(selectors.organization_get(organization_id))


@router.get("/memberships", response={200: list[MembershipOut], **ERRORS}, summary="List memberships")
@paginate(LimitOffsetPage)
def list_memberships(
    request: HttpRequest,
    person: str | None = None,
    organization: str | None = None,
    classification: Classification | None = None,
    current: bool | None = None,
) -> Any:
    qs = selectors.membership_list(
        person=person, organization=organization, classification=classification, current=current
    )
    return Mapped(qs, MembershipOut.from_model)


@router.get("/posts", response={200: list[PostOut], **ERRORS}, summary="List posts")
@paginate(LimitOffsetPage)
def list_posts(request: HttpRequest, organization: str | None = None) -> Any:
    return Mapped(selectors.post_list(organization=organization), PostOut.from_model)


@router.get("/areas", response={200: list[AreaOut], **ERRORS}, summary="List areas (the 20 regions and the country)")
@paginate(LimitOffsetPage)
def list_areas(request: HttpRequest, classification: Literal["country", "region", "city"] | None = None) -> Any:
    return Mapped(selectors.area_list(classification=classification), AreaOut.from_model)


@router.get("/areas/{area_id}", response={200: AreaOut, **NOT_FOUND})
def get_area(request: HttpRequest, area_id: str) -> Any:
    return AreaOut.from_model(selectors.area_get(area_id))
