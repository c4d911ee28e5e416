"""Reads for the Council of Regions and the regional dashboard.

The dashboard reads inquiries about a region from ``kurultai.oversight`` (the one app besides the
foundation that ``regions`` depends on; see docs/council-of-regions.md and pyproject.toml).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kurultai.common.errors import NotFound
from kurultai.oversight.selectors import AreaInquiries, inquiries_about_area
from kurultai.regions.models import (
    BillSubmission,
    CouncilSession,
    InitiativeStatus,
    InitiativeStatusChange,
    MaslikhatDelegate,
    MaslikhatNotification,
    RegionalInitiative,
    SessionAgendaItem,
    SessionDecision,
)
from kurultai.regions.tiles import Tile, TileMap, tile_map
from kurultai.registry.models import Area, AreaClassification, Membership, Organization, OrganizationClassification
from kurultai.registry.selectors import open_memberships

COUNCIL_SLUG = "council-of-regions"
PEOPLE_COUNCIL_SLUG = "halyk-kenesi"
PER = 10_000  # rates are given per 10,000 people
REGION_WORD = re.compile(r"\s*\b(облысы|область|Region)\b\s*")
SEARCH_LANGS = ("kk", "ru", "en")


def open_delegate_links() -> QuerySet[MaslikhatDelegate]:
    today = timezone.localdate()
    return MaslikhatDelegate.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).filter(
        start_date__lte=today
    )


def delegate_link_of(user: Any) -> MaslikhatDelegate | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        open_delegate_links().filter(user=user).select_related("maslikhat__area").order_by("start_date", "id").first()
    )


def council_get() -> Organization:
    org = Organization.objects.filter(slug=COUNCIL_SLUG).first()
    if org is None:
        raise NotFound(_("The Council of Regions is not set up yet."), data={"id": COUNCIL_SLUG})
    return org


def council_members(council: Organization) -> QuerySet[Membership]:
    return (
        open_memberships()
        .filter(organization=council)
        .select_related("person", "on_behalf_of", "area")
        .order_by("area__identifier", "on_behalf_of__slug", "person__sort_name")
    )


def maslikhat_list() -> QuerySet[Organization]:
    return (
        Organization.objects.filter(classification=OrganizationClassification.MASLIKHAT)
        .select_related("area")
        .order_by("area__identifier", "slug")
    )


def session_list(*, when: str | None = None) -> QuerySet[CouncilSession]:
    qs = CouncilSession.objects.select_related("council")
    now = timezone.now()
    if when == "upcoming":
        return qs.filter(starts_at__gte=now).order_by("starts_at")
    if when == "past":
        qs = qs.filter(starts_at__lt=now)
    return qs.order_by("-starts_at", "slug")


def session_get(slug: str) -> CouncilSession:
    session = (
        CouncilSession.objects.select_related("council")
        .prefetch_related(
            Prefetch("agenda_items", queryset=SessionAgendaItem.objects.select_related("initiative")),
            Prefetch("decisions", queryset=SessionDecision.objects.select_related("initiative")),
        )
        .filter(slug=slug)
        .first()
    )
    if session is None:
        raise NotFound(_("No session with this identifier."), data={"id": slug})
    return session


@dataclass
class InitiativeFilters:
    region: str | None = None
    maslikhat: str | None = None
    status: str | None = None
    kind: str | None = None
    q: str | None = None


def initiative_list(filters: InitiativeFilters | None = None) -> QuerySet[RegionalInitiative]:
    f = filters or InitiativeFilters()
    qs = RegionalInitiative.objects.select_related("maslikhat", "area", "committee", "session")
    if f.region:
        qs = qs.filter(Q(area__slug=f.region) | Q(area__identifier=f.region))
    if f.maslikhat:
        qs = qs.filter(maslikhat__slug=f.maslikhat)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.q:
        cond = Q()
        for lang in SEARCH_LANGS:
            cond |= Q(**{f"title_{lang}__icontains": f.q}) | Q(**{f"text_{lang}__icontains": f.q})
        qs = qs.filter(cond)
    return qs.order_by("-submitted_at", "-number")


def initiative_get(slug: str) -> RegionalInitiative:
    initiative = (
        RegionalInitiative.objects.select_related("maslikhat", "area", "committee", "session", "delegate")
        .prefetch_related(
            Prefetch("history", queryset=InitiativeStatusChange.objects.select_related("session").order_by("at", "id"))
        )
        .filter(slug=slug)
        .first()
    )
    if initiative is None:
        raise NotFound(_("No initiative with this identifier."), data={"id": slug})
    return initiative


def notifications_for(maslikhat: Organization) -> QuerySet[MaslikhatNotification]:
    return (
        MaslikhatNotification.objects.filter(maslikhat=maslikhat)
        .select_related("initiative", "change")
        .order_by("-created_at", "-id")
    )


def initiative_counts_by_area() -> dict[int, int]:
    qs = RegionalInitiative.objects.exclude(status=InitiativeStatus.WITHDRAWN)
    # order_by() first: a default ordering would otherwise join the GROUP BY and split the counts.
    return dict(qs.order_by().values_list("area").annotate(n=Count("id")).values_list("area", "n"))


# ---------------------------------------------------------------- the regional dashboard


def per_10k(count: int, population: int | None) -> float | None:
    return count * PER / population if population else None


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    count: int
    per_10k: float | None


@dataclass(frozen=True)
class RegionDashboard:
    area: Area
    population: int | None
    population_is_approximate: bool
    maslikhat: Organization | None
    initiatives_total: int
    initiatives: list[RegionalInitiative]
    inquiries: AreaInquiries
    rates: list[Rate]


def region_dashboard(area: Area, *, deputies: int, limit: int = 5) -> RegionDashboard:
    """Deputies' and the Council's work for one region, with per-10,000-people rates where a population is known."""
    population = area.population_best
    initiatives = RegionalInitiative.objects.filter(area=area).exclude(status=InitiativeStatus.WITHDRAWN)
    latest = list(initiatives.select_related("maslikhat").order_by("-submitted_at")[:limit])
    total = initiatives.count()
    inquiries = inquiries_about_area(area.pk, limit=limit)
    rates = [
        Rate("deputies", _("Deputies from the region"), deputies, per_10k(deputies, population)),
        Rate("initiatives", _("Regional initiatives"), total, per_10k(total, population)),
        Rate(
            "inquiries", _("Deputy inquiries about the region"), inquiries.total, per_10k(inquiries.total, population)
        ),
    ]
    return RegionDashboard(
        area=area,
        population=population,
        population_is_approximate=area.population is None and population is not None,
        maslikhat=Organization.objects.filter(classification=OrganizationClassification.MASLIKHAT, area=area).first(),
        initiatives_total=total,
        initiatives=latest,
        inquiries=inquiries,
        rates=rates,
    )


# ---------------------------------------------------------------- the tile map


@dataclass(frozen=True)
class RegionTiles:
    map: TileMap
    rows: list[tuple[Tile, Area]]
    caption: str


def short_names(areas: Iterable[Area]) -> dict[str, str]:
    """Names without the word "region", unless that would confuse a region with a city."""
    areas = list(areas)
    cities = {a.name for a in areas if a.classification == AreaClassification.CITY}
    names = {}
    for a in areas:
        short = REGION_WORD.sub(" ", a.name).strip()
        names[a.identifier] = a.name if short in cities and a.classification != AreaClassification.CITY else short
    return names


def region_tiles(
    areas: Iterable[Area], values_by_area: Mapping[int, float | None], *, caption: str, decimals: int = 0
) -> RegionTiles:
    """A tile map of the given areas; no query (the caller has the areas and the values)."""
    areas = [a for a in areas if a.classification != AreaClassification.COUNTRY]
    by_code = {a.identifier: a for a in areas}
    tm = tile_map({a.identifier: values_by_area.get(a.pk) for a in areas}, short_names(areas), decimals=decimals)
    rows = [(t, by_code[t.code]) for t in tm.tiles if t.code in by_code]
    return RegionTiles(map=tm, rows=rows, caption=caption)


def deputies_tiles(areas: Iterable[Area], deputies_by_area: Mapping[int, int]) -> RegionTiles:
    areas = list(areas)
    return region_tiles(
        areas, {a.pk: deputies_by_area.get(a.pk, 0) for a in areas}, caption=_("Deputies from each region")
    )


def initiatives_tiles() -> RegionTiles:
    areas = list(Area.objects.exclude(classification=AreaClassification.COUNTRY).order_by("identifier"))
    counts = initiative_counts_by_area()
    return region_tiles(areas, {a.pk: counts.get(a.pk, 0) for a in areas}, caption=_("Regional initiatives by region"))


# ---------------------------------------------------------------- Halyk Kenesi


def people_council_get() -> Organization:
    org = Organization.objects.prefetch_related("sources").filter(slug=PEOPLE_COUNCIL_SLUG).first()
    if org is None:
        raise NotFound(_("The Halyk Kenesi is not set up yet."), data={"id": PEOPLE_COUNCIL_SLUG})
    return org


def bill_submissions(org: Organization) -> QuerySet[BillSubmission]:
    return BillSubmission.objects.filter(organization=org).order_by("-submitted_on", "bill_ref")
