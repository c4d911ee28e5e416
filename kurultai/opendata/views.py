"""Open-data pages: /data/ (the bulk files), /search/, /robots.txt."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kurultai.opendata import catalogue as cat
from kurultai.opendata import export, search, selectors
from kurultai.opendata.models import DocumentKind

PAGE = 20


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


def search_view(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("type") or None
    if kind not in DocumentKind.values:
        kind = None
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    results = search.search(q, kind=kind, limit=PAGE, offset=(page - 1) * PAGE) if q else None
    labels = dict(DocumentKind.choices)
    facets = []
    if results:
        facets = [(k, labels[k], results.facets[k]) for k in DocumentKind.values if results.facets.get(k)]
    pages = ((results.count - 1) // PAGE + 1) if results and results.count else 0
    return render(
        request,
        "opendata/search.html",
        {
            "q": q,
            "kind": kind,
            "results": results,
            "facets": facets,
            "page": page,
            "pages": pages,
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
    return [("vote", _("Votes")), ("stage", _("Bills")), ("petition", _("Petitions")), ("hearing", _("Hearings"))]


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
