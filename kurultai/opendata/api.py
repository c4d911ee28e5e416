"""/api/v1/search: one query across deputies, bills, votes, petitions, proposals and committees."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from kurultai.common.api import Problem
from kurultai.opendata import search

router = Router(tags=["search"])

Kind = Literal["person", "bill", "vote_event", "petition", "proposal", "committee"]


class SearchFilters(Schema):
    q: str = Field(..., min_length=1, max_length=200, description="Words to find; each matches as a prefix.")
    type: Kind | None = Field(None, description="Only this kind of record.")
    lang: Literal["kk", "ru", "en"] | None = Field(None, description="Language of titles and snippets.")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)


class HitOut(Schema):
    type: str
    type_label: str
    id: str
    title: str
    snippet: str = Field(description="HTML-escaped text with the matched words in <mark>.")
    url: str
    date: str | None


class FacetOut(Schema):
    type: str
    count: int


class SearchOut(Schema):
    query: str
    count: int
    facets: list[FacetOut]
    corrections: dict[str, list[str]] = Field(description="Query words also read as these names (typos).")
    items: list[HitOut]


@router.get("/search", response={200: SearchOut, 422: Problem}, summary="Search every public record")
def search_all(request: HttpRequest, filters: Query[SearchFilters]) -> Any:
    r = search.search(filters.q, kind=filters.type, limit=filters.limit, offset=filters.offset, lang=filters.lang)
    return {
        "query": r.query,
        "count": r.count,
        "facets": [{"type": k, "count": n} for k, n in sorted(r.facets.items())],
        "corrections": r.corrected,
        "items": [
            {
                "type": h.kind,
                "type_label": h.kind_label,
                "id": h.id,
                "title": h.title,
                "snippet": h.snippet,
                "url": request.build_absolute_uri(h.url),
                "date": h.date.isoformat() if h.date else None,
            }
            for h in r.hits
        ],
    }
