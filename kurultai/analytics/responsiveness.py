"""Reads for the responsiveness dashboard: one query per source (appeals, petitions, inquiries,
proposals) plus the names, folded in the pure core ``kurultai.analytics.metrics``.

Forwarded appeals and appeals left without consideration are not the addressee's to answer and
are left out (as on the participation page); withdrawn inquiries and proposals too. Petitions
count from the day they were sent to the addressee. Proposals have no legal term: they count in
the time to answer, never in the on-time share or the overdue.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kurultai.analytics import charts, metrics
from kurultai.common.workdays import kazakhstan_calendar
from kurultai.oversight.models import Inquiry, InquiryAuthor, InquiryStatus
from kurultai.participation.models import (
    Appeal,
    AppealAddressee,
    AppealStatus,
    Petition,
    Proposal,
    ProposalAddressee,
    ProposalStatus,
)
from kurultai.registry.models import Area, Membership, Organization, OrganizationClassification, Person

CACHE_SECONDS = 300

KIND_LABELS = {
    "appeal": _("Appeals"),
    "petition": _("Petitions"),
    "inquiry": _("Deputy inquiries"),
    "proposal": _("Proposals"),
    "all": _("All together"),
}
DIMENSION_LABELS = {
    "deputy": _("By deputy"),
    "committee": _("By committee"),
    "faction": _("By faction"),
    "state_body": _("By state body"),
    "region": _("By region"),
}


def _day(value: datetime | None) -> date | None:
    return timezone.localdate(value) if value is not None else None


def _factions_of_deputies() -> dict[int, str]:
    """Current faction of each deputy (person id -> faction slug)."""
    rows = Membership.objects.filter(
        organization__classification=OrganizationClassification.FACTION, end_date__isnull=True
    ).values_list("person_id", "organization__slug")
    return dict(rows)


def records() -> list[metrics.Record]:
    """Every record of the four sources as plain data (five queries)."""
    factions = _factions_of_deputies()
    out: list[metrics.Record] = []
    appeals = Appeal.objects.exclude(status__in=[AppealStatus.FORWARDED, AppealStatus.DISMISSED]).values_list(
        "addressee_kind",
        "addressee_org__slug",
        "addressee_person_id",
        "addressee_person__slug",
        "region_code",
        "registered_on",
        "answer_due",
        "answered_on",
    )
    for kind, org, person_id, person, region, registered, due, answered in appeals:
        groups: dict[str, tuple[str, ...]] = {"region": (region,)} if region else {}
        if kind == AppealAddressee.DEPUTY and person:
            groups["deputy"] = (person,)
            if person_id in factions:
                groups["faction"] = (factions[person_id],)
        elif kind == AppealAddressee.COMMITTEE and org:
            groups["committee"] = (org,)
        elif kind == AppealAddressee.FACTION and org:
            groups["faction"] = (org,)
        out.append(metrics.Record("appeal", registered, due, answered, groups))

    petitions = Petition.objects.filter(sent_at__isnull=False).values_list(
        "addressee_org__slug",
        "addressee_org__classification",
        "area__identifier",
        "sent_at",
        "answer_due",
        "answered_on",
    )
    for org, classification, area, sent_at, petition_due, petition_answered in petitions:
        groups = {}
        if area:
            groups["region"] = (area,)
        if org and classification == OrganizationClassification.STATE_BODY:
            groups["state_body"] = (org,)
        out.append(metrics.Record("petition", _day(sent_at) or date.min, petition_due, petition_answered, groups))

    authors: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for inquiry_id, person_id, slug in InquiryAuthor.objects.values_list("inquiry_id", "person_id", "person__slug"):
        authors[inquiry_id].append((person_id, slug))
    inquiries = Inquiry.objects.exclude(status=InquiryStatus.WITHDRAWN).values_list(
        "pk", "state_body__slug", "area__identifier", "registered_on", "deadline", "answered_on"
    )
    for pk, body, region, registered, due, answered in inquiries:
        deputies = authors.get(pk, [])
        groups = {"state_body": (body,), "deputy": tuple(s for _p, s in deputies)}
        faction_keys = tuple(sorted({factions[p] for p, _s in deputies if p in factions}))
        if faction_keys:
            groups["faction"] = faction_keys
        if region:
            groups["region"] = (region,)
        out.append(metrics.Record("inquiry", registered, due, answered, groups))

    proposals = (
        Proposal.objects.filter(hidden_at__isnull=True)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .values_list("addressee_kind", "addressee_org__slug", "region_code", "created_at", "answered_at")
    )
    for kind, org, region, created, answered_at in proposals:
        groups = {"region": (region,)} if region else {}
        if kind == ProposalAddressee.COMMITTEE:
            groups["committee"] = (org,)
        out.append(metrics.Record("proposal", _day(created) or date.min, None, _day(answered_at), groups))
    return out


@dataclass(frozen=True)
class Row:
    kind: str
    key: str
    name: str
    figures: metrics.Figures
    url: str
    overdue_url: str


@dataclass(frozen=True)
class Dashboard:
    today: date
    summary: list[tuple[str, str, metrics.Figures, str, str]]  # kind, label, figures, url, overdue url
    tables: list[tuple[str, str, list[Row]]]  # dimension, label, rows
    trend: list[metrics.MonthPoint]
    trend_by_kind: dict[str, list[metrics.MonthPoint]]
    chart: charts.TrendChart


def _q(name: str, **params: Any) -> str:
    url = reverse(name)
    clean = {k: v for k, v in params.items() if v}
    return f"{url}?{urlencode(clean)}" if clean else url


def list_url(kind: str, dimension: str | None = None, key: str = "", *, overdue: bool = False) -> str:
    """The list page of the records behind a figure, filtered where the list has that filter.

    Appeals are private: their list is the staff work list (a sign-in page for the public)."""
    if kind == "inquiry":
        params = {"overdue": "1" if overdue else ""}
        if dimension == "state_body":
            params["state_body"] = key
        elif dimension == "region":
            params["area"] = key
        return _q("oversight:inquiries", **params)
    if kind == "petition":
        return _q(
            "participation:petitions", region=key if dimension == "region" else "", status="sent" if overdue else ""
        )
    if kind == "proposal":
        return _q("participation:proposals", addressee=key if dimension == "committee" else "")
    return reverse("participation:appeal_work")


def _names(tables: dict[str, dict[tuple[str, str], metrics.Figures]]) -> dict[str, dict[str, str]]:
    keys: dict[str, set[str]] = defaultdict(set)
    for dim, figs in tables.items():
        keys[dim].update(k for _kind, k in figs)
    persons = dict(Person.objects.filter(slug__in=keys["deputy"]).values_list("slug", "name"))
    orgs = dict(
        Organization.objects.filter(slug__in=keys["committee"] | keys["faction"] | keys["state_body"]).values_list(
            "slug", "name"
        )
    )
    areas = dict(Area.objects.filter(identifier__in=keys["region"]).values_list("identifier", "name"))
    return {"deputy": persons, "committee": orgs, "faction": orgs, "state_body": orgs, "region": areas}


def dashboard(*, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    key = f"analytics:responsiveness:{get_language()}:{today.isoformat()}:{_generation()}"
    hit = cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    calendar = kazakhstan_calendar()
    recs = records()
    summary = metrics.summary(recs, today=today, calendar=calendar)
    per_dim = {dim: metrics.group_figures(recs, dim, today=today, calendar=calendar) for dim in metrics.DIMENSIONS}
    names = _names(per_dim)
    tables = []
    for dim in metrics.DIMENSIONS:
        rows = [
            Row(
                kind=kind,
                key=k,
                name=names[dim].get(k, k),
                figures=f,
                url=list_url(kind, dim, k),
                overdue_url=list_url(kind, dim, k, overdue=True),
            )
            for (kind, k), f in per_dim[dim].items()
        ]
        rows.sort(key=lambda r: (metrics.KINDS.index(r.kind), str(r.name)))
        tables.append((dim, str(DIMENSION_LABELS[dim]), rows))
    trend = metrics.trend(recs, today=today, calendar=calendar)
    chart = charts.trend_chart(
        [p.month for p in trend], [p.figures.received for p in trend], [p.figures.median_days for p in trend]
    )
    result = Dashboard(
        today=today,
        summary=[
            (kind, str(KIND_LABELS[kind]), summary[kind], list_url(kind), list_url(kind, overdue=True))
            for kind in metrics.KINDS
        ],
        tables=tables,
        trend=trend,
        trend_by_kind={kind: metrics.trend(recs, today=today, calendar=calendar, kind=kind) for kind in metrics.KINDS},
        chart=chart,
    )
    cache.set(key, result, CACHE_SECONDS)
    return result


def _generation() -> str:
    """Changes whenever any source changes enough to move a figure (a cheap cache key)."""
    parts = [
        Appeal.objects.aggregate(m=Max("updated_at"))["m"],
        Petition.objects.aggregate(m=Max("updated_at"))["m"],
        Proposal.objects.aggregate(m=Max("updated_at"))["m"],
        Inquiry.objects.aggregate(m=Max("answered_at"), r=Max("registered_at")),
    ]
    return hashlib.sha256(str(parts).encode()).hexdigest()[:16]
