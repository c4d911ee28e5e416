"""/api/v1/search: one query across deputies, bills, votes, petitions, proposals, committees
and published answers, with facets by type, year, committee and region."""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import field_validator, model_validator

from kurultai.common.api import Problem
from kurultai.opendata import search
from kurultai.opendata.models import DocumentKind

router = Router(tags=["search"])


class SearchFilters(Schema):
    q: str = Field(..., min_length=1, max_length=200, description="Words to find; each matches as a prefix.")
    type: str | None = Field(None, description="Only this kind of record (see `facet_counts.type`).")
    committee: str | None = Field(None, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$", description="Committee slug.")
    region: str | None = Field(
        None, max_length=12, pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$", description="Region, ISO 3166-2 (KZ-75)."
    )
    date_from: date | None = Field(None, description="Records dated on or after this day.")
    date_to: date | None = Field(None, description="Records dated on or before this day.")
    lang: Literal["kk", "ru", "en"] | None = Field(None, description="Language of titles, labels and snippets.")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)

    @field_validator("type")
    @classmethod
    def known_type(cls, value: str | None) -> str | None:
        # Checked against the kinds at run time: an app adding a kind (news) changes no schema.
        if value is not None and value not in DocumentKind.values:
            raise ValueError(f"type must be one of: {', '.join(DocumentKind.values)}")
        return value

    @model_validator(mode="after")
    def ordered_dates(self) -> "SearchFilters":
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")
        return self


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


class FacetValueOut(Schema):
    value: str = Field(description="What to pass back as the filter (a type, year, committee slug or region code).")
    label: str
    count: int


class SearchOut(Schema):
    query: str
    count: int
    count_exact: bool = Field(description="False: more matches than the facets count; counts are lower bounds.")
    facets: list[FacetOut] = Field(description="Matches per type (kept for older clients; see facet_counts).")
    facet_counts: dict[str, list[FacetValueOut]] = Field(
        description="type, year, committee, region → values with their counts; each under every other filter."
    )
    corrections: dict[str, list[str]] = Field(description="Query words also read as these names (typos).")
    items: list[HitOut]


@router.get("/search", response={200: SearchOut, 422: Problem}, summary="Search every public record")
def search_all(request: HttpRequest, filters: Query[SearchFilters]) -> Any:
    f = search.Filters(filters.type, filters.committee, filters.region, filters.date_from, filters.date_to)
    r = search.search(filters.q, filters=f, limit=filters.limit, offset=filters.offset, lang=filters.lang)
    return {
        "query": r.query,
        "count": r.count,
        "count_exact": r.exact,
        "facets": [{"type": k, "count": n} for k, n in sorted(r.facets.items())],
        "facet_counts": {
            facet: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for facet, values in r.facet_values.items()
        },
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
