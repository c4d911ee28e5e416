"""Writes for the registry. Every write goes through here, in one transaction, with an audit entry."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from kurultai.common.errors import DomainError
from kurultai.common.i18n import set_translations
from kurultai.common.services import audit_log
from kurultai.registry.models import (
    Area,
    AreaClassification,
    Convocation,
    Membership,
    Organization,
    OrganizationClassification,
    Person,
    Post,
    Source,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
REFERENCE_SOURCE = "Kurultai reference data (shared/data, see docs/reference-data.md)"
POPULATION_SOURCE = "Bureau of National Statistics, population figures as quoted in shared/data/README.md [R16]-[R18]"
COMMITTEES_SOURCE = "Standing committees of the 8th-convocation Mazhilis (2023-2026), shared/data/committees.csv"
PARTIES_SOURCE = "Parties registered by the Ministry of Justice as of January 2023, shared/data/parties.csv"

# Party colours for charts and the hemicycle; chosen for contrast, not official.
PARTY_COLORS = {
    "amanat": "#1f5fa8",
    "auyl": "#3c9a3c",
    "respublica": "#e0782b",
    "ak-zhol": "#c9a227",
    "ppk": "#b22d30",
    "osdp": "#7b4fa0",
    "baytaq": "#2a9d8f",
}


@dataclass(frozen=True)
class LoadReport:
    areas: int
    committees: int
    parties: int


def _source(note: str, url: str = "") -> Source:
    source, _ = Source.objects.get_or_create(note=note, defaults={"url": url})
    return source


def _party_slug(short_name: str) -> str:
    first = re.split(r"\s*/\s*", short_name)[0]
    return {"PPK": "ppk", "OSDP": "osdp"}.get(first, slugify(first))


@transaction.atomic
def reference_load(*, data_dir: Path = DATA_DIR, actor: Any = None) -> LoadReport:
    """Load regions, committees and parties; idempotent, keeping admins' edits of figures."""
    country, _ = Organization.objects.get_or_create(
        slug="kazakhstan-parliament",
        defaults={
            "classification": OrganizationClassification.PARLIAMENT,
            "name_kk": "Құрылтай",
            "name_ru": "Курултай",
            "name_en": "Kurultai",
            "name": "Құрылтай",
        },
    )
    kz, _ = Area.objects.get_or_create(
        identifier="KZ",
        defaults={
            "slug": "kazakhstan",
            "classification": AreaClassification.COUNTRY,
            "name": "Қазақстан",
            "name_kk": "Қазақстан",
            "name_ru": "Казахстан",
            "name_en": "Kazakhstan",
            "population": 20_495_975,
            "population_date": date(2026, 1, 1),
            "population_source": _source(POPULATION_SOURCE),
        },
    )
    if country.area_id is None:
        Organization.objects.filter(pk=country.pk).update(area=kz)

    population_source = _source(POPULATION_SOURCE)
    areas = 0
    with open(data_dir / "regions.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            areas += 1
            defaults: dict[str, Any] = {
                "slug": slugify(row["name_en"]),
                "classification": AreaClassification.CITY if row["kind"] == "city" else AreaClassification.REGION,
                "parent": kz,
                "name": row["name_kk"] or row["name_ru"],
                "name_kk": row["name_kk"] or None,
                "name_ru": row["name_ru"],
                "name_en": row["name_en"],
                "admin_center_en": row["admin_center_en"],
                "population_approx": int(row["population_approx"]) if row["population_approx"] else None,
                "maslikhat_seats": int(row["maslikhat_seats"]) if row["maslikhat_seats"] else None,
            }
            if row["population"]:
                defaults.update(
                    population=int(row["population"]),
                    population_date=date.fromisoformat(row["population_date"]),
                    population_source=population_source,
                )
            # get_or_create keeps an admin's later correction of the population on reload.
            Area.objects.get_or_create(identifier=row["iso_code"], defaults=defaults)

    committees_source = _source(COMMITTEES_SOURCE)
    committees = 0
    with open(data_dir / "committees.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            committees += 1
            org, created = Organization.objects.get_or_create(
                slug=f"committee-{row['slug']}",
                defaults={
                    "classification": OrganizationClassification.COMMITTEE,
                    "parent": country,
                    "name": row["name_kk"] or row["name_ru"],
                    "name_kk": row["name_kk"] or None,
                    "name_ru": row["name_ru"],
                    "name_en": row["name_en"],
                },
            )
            if created:
                org.sources.add(committees_source)

    parties_source = _source(PARTIES_SOURCE)
    parties = 0
    with open(data_dir / "parties.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            parties += 1
            slug = _party_slug(row["short_name"])
            org, created = Organization.objects.get_or_create(
                slug=slug,
                defaults={
                    "classification": OrganizationClassification.PARTY,
                    "name": row["name_kk"] or row["name_ru"],
                    "name_kk": row["name_kk"] or None,
                    "name_ru": row["name_ru"],
                    "name_en": row["name_en"],
                    "short_name": row["short_name"].split(" / ")[0],
                    "founding_note": row["founded"],
                    "founding_date": date(int(row["founded"]), 1, 1) if row["founded"].isdigit() else None,
                    "color": PARTY_COLORS.get(slug, "#666666"),
                },
            )
            if created:
                org.sources.add(parties_source)
    audit_log(
        action="registry.reference.loaded",
        actor=actor,
        data={"areas": areas, "committees": committees, "parties": parties},
    )
    return LoadReport(areas=areas, committees=committees, parties=parties)


def area_set_population(
    *, area: Area, population: int, as_of: date, source_note: str, source_url: str = "", actor: Any
) -> Area:
    """An admin replaces a population with an official figure; the source and date go with it."""
    if population <= 0:
        raise DomainError("invalid_population", "A population must be a positive number.", status=422)
    with transaction.atomic():
        previous = area.population
        area.population = population
        area.population_date = as_of
        area.population_source = _source(source_note, source_url)
        area.save(update_fields=["population", "population_date", "population_source", "updated_at"])
        audit_log(
            action="registry.area.population_set",
            actor=actor,
            obj=area,
            data={"previous": previous, "population": population, "as_of": as_of.isoformat()},
        )
    return area


def person_create(*, slug: str, names: dict[str, str], actor: Any = None, **fields: Any) -> Person:
    with transaction.atomic():
        person = Person(slug=slug, **fields)
        set_translations(person, "name", names)
        person.save()
        audit_log(action="registry.person.created", actor=actor, obj=person)
    return person


def organization_create(
    *, slug: str, names: dict[str, str], classification: str, actor: Any = None, **fields: Any
) -> Organization:
    with transaction.atomic():
        org = Organization(slug=slug, classification=classification, **fields)
        set_translations(org, "name", names)
        org.save()
        audit_log(action="registry.organization.created", actor=actor, obj=org, data={"classification": classification})
    return org


def post_create(
    *, slug: str, labels: dict[str, str], role: str, organization: Organization, actor: Any = None, **fields: Any
) -> Post:
    with transaction.atomic():
        post = Post(slug=slug, role=role, organization=organization, **fields)
        set_translations(post, "label", labels)
        post.save()
        audit_log(action="registry.post.created", actor=actor, obj=post)
    return post


def membership_create(
    *,
    person: Person,
    organization: Organization,
    role: str,
    start_date: date | None = None,
    actor: Any = None,
    **fields: Any,
) -> Membership:
    with transaction.atomic():
        slug = fields.pop("slug", None) or f"{person.slug}--{organization.slug}--{role}"
        membership = Membership.objects.create(
            slug=slug[:200], person=person, organization=organization, role=role, start_date=start_date, **fields
        )
        audit_log(action="registry.membership.created", actor=actor, obj=membership)
    return membership


def membership_end(*, membership: Membership, end_date: date, actor: Any = None) -> Membership:
    with transaction.atomic():
        membership.end_date = end_date
        membership.save(update_fields=["end_date"])
        audit_log(
            action="registry.membership.ended", actor=actor, obj=membership, data={"end_date": end_date.isoformat()}
        )
    return membership


def convocation_create(
    *,
    slug: str,
    number: int,
    names: dict[str, str],
    parliament: Organization,
    start_date: date,
    seats: int,
    actor: Any = None,
) -> Convocation:
    with transaction.atomic():
        conv = Convocation(slug=slug, number=number, parliament=parliament, start_date=start_date, seats=seats)
        set_translations(conv, "name", names)
        conv.save()
        audit_log(action="registry.convocation.created", actor=actor, obj=conv)
    return conv
