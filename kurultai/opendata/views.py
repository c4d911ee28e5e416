"""Open-data pages: /data/ (the bulk files), /search/, /robots.txt."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kurultai.opendata import catalogue as cat
from kurultai.opendata import export, search, selectors
from kurultai.opendata.models import DocumentKind

PAGE = 20
SLUG = re.compile(r"[-A-Za-z0-9_]+")


def data_view(request: HttpRequest) -> HttpResponse:
    document = export.published_catalogue()
    files = []
    if document:
        for entry in document.get("distribution", []):
            files.append({**entry, "modified_at": parse_datetime(str(entry.get("modified", "")))})
    groups = [
        (_("Popolo"), [f for f in files if f["path"] == "popolo.json"]),
        (_("Tables (CSV)"), [f for f in files if f["path"].startswith("csv/")]),
        (_("Bill texts (Akoma Ntoso)"), [f for f in files if f["path"].startswith("akn/")]),
        (_("Catalogue"), []),
    ]
    licence = document.get("license") if document else export.licence()
    return render(
        request,
        "opendata/data.html",
        {
            "catalogue": document,
            "groups": [(title, items) for title, items in groups if items],
            "licence": licence,
            "is_cc_by": licence == cat.CC_BY_4,
            "issued": parse_datetime(str(document.get("issued", ""))) if document else None,
            "total": sum(int(f.get("byteSize", 0)) for f in files),
        },
    )


def data_file_view(request: HttpRequest, path: str) -> FileResponse:
    """Serve one published file, only if the catalogue lists it (or the catalogue itself)."""
    root = export.export_dir()
    document = export.published_catalogue()
    if document is None:
        raise Http404
    listed = {str(e["path"]): str(e.get("mediaType", "")) for e in document.get("distribution", [])}
    listed["catalogue.json"] = "application/json"
    if path not in listed:
        raise Http404
    target = (root / path).resolve()
    if not target.is_relative_to(root.resolve()) or not target.is_file():
        raise Http404
    media = listed[path] or cat.media_type(path)
    if media == "text/csv":
        media = "text/csv; charset=utf-8"
    elif media.endswith("json"):
        media = "application/json; charset=utf-8"
    return FileResponse(
        target.open("rb"), content_type=media, as_attachment=path.endswith(".csv"), filename=Path(path).name
    )


def _date_param(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _search_filters(request: HttpRequest) -> search.Filters:
    kind = request.GET.get("type") or None
    committee = request.GET.get("committee", "")[:60] or None
    region = request.GET.get("region", "")[:12] or None
    return search.Filters(
        kind if kind in DocumentKind.values else None,
        committee if committee and SLUG.fullmatch(committee) else None,
        region if region and SLUG.fullmatch(region) else None,
        _date_param(request.GET.get("date_from", "")),
        _date_param(request.GET.get("date_to", "")),
    )


def _params(q: str, f: search.Filters, **change: str | None) -> str:
    """The query string of the page with ``change`` applied (None drops a parameter)."""
    values: dict[str, str | None] = {
        "q": q,
        "type": f.kind,
        "committee": f.committee,
        "region": f.region,
        "date_from": f.date_from.isoformat() if f.date_from else None,
        "date_to": f.date_to.isoformat() if f.date_to else None,
    }
    values.update(change)
    return "?" + urlencode({k: v for k, v in values.items() if v})


def _facet_groups(q: str, f: search.Filters, results: search.Results) -> list[dict[str, object]]:
    """The facet lists of the page: each value with its count, link and whether it is chosen."""
    chosen = {
        "type": f.kind,
        "committee": f.committee,
        "region": f.region,
        "year": f.date_from.isoformat()[:4]
        if f.date_from and f.date_to and f.date_from.year == f.date_to.year
        else None,
    }
    titles = {"type": _("Kind of record"), "year": _("Year"), "committee": _("Committee"), "region": _("Region")}
    groups: list[dict[str, object]] = []
    for facet in ("type", "year", "committee", "region"):
        values = results.facet_values.get(facet, [])
        if not values:
            continue
        items = []
        for v in values:
            if facet == "year":
                link = _params(q, f, date_from=f"{v.value}-01-01", date_to=f"{v.value}-12-31")
            else:
                link = _params(q, f, **{facet: v.value})
            items.append({"label": v.label, "count": v.count, "url": link, "current": chosen[facet] == v.value})
        if facet == "year":
            everything = _params(q, f, date_from=None, date_to=None)
        else:
            everything = _params(q, f, **{facet: None})
        groups.append(
            {"facet": facet, "title": titles[facet], "items": items, "all": everything, "any": bool(chosen[facet])}
        )
    return groups


def search_view(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    filters = _search_filters(request)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    page = min(page, 10_000 // PAGE)
    results = search.search(q, filters=filters, limit=PAGE, offset=(page - 1) * PAGE) if q else None
    pages = ((results.count - 1) // PAGE + 1) if results and results.count else 0
    here = _params(q, filters)
    return render(
        request,
        "opendata/search.html",
        {
            "q": q,
            "filters": filters,
            "results": results,
            "groups": _facet_groups(q, filters, results) if results else [],
            "page": page,
            "pages": pages,
            "here": here,
            "total": sum(results.facets.values()) if results else 0,
        },
    )


def activity_view(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("type") or None
    if kind not in selectors.ACTIVITY_KINDS:
        kind = None
    return render(
        request,
        "opendata/activity.html",
        {"items": selectors.activity(kind=kind, limit=40), "kind": kind, "kinds": activity_kinds()},
    )


def activity_kinds() -> list[tuple[str, str]]:
    return [
        ("vote", _("Votes")),
        ("stage", _("Bills")),
        ("petition", _("Petitions")),
        ("hearing", _("Hearings")),
        ("news", _("News")),
    ]


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/v1/me",
        "Disallow: /*/accounts/",
        "Disallow: /*/me/",
        "Disallow: /*/admin/",
        "Allow: /",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
