"""/api/v1/news: published news articles, read-only."""

from datetime import datetime
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from kurultai.common.api import LimitOffsetPage, Mapped, Problem
from kurultai.news import selectors
from kurultai.news.models import Article

router = Router(tags=["news"])

ERRORS: dict[int, type[Schema]] = {422: Problem}
NOT_FOUND: dict[int, type[Schema]] = {404: Problem, 422: Problem}


def _dt(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


class ArticleOut(Schema):
    id: str
    title: str
    summary: str | None
    published_at: str
    updated_at: str
    url: str
    languages: list[str]

    @staticmethod
    def from_model(a: Article) -> dict[str, Any]:
        return {
            "id": a.slug,
            "title": a.title,
            "summary": a.summary or None,
            "published_at": _dt(a.published_at),
            "updated_at": _dt(a.updated_at),
            "url": reverse("news:detail", args=[a.slug]),
            # The languages the article was written in; the others show a fallback.
            "languages": [lang for lang in ("kk", "ru", "en") if getattr(a, f"title_{lang}")],
        }


class ArticleDetailOut(ArticleOut):
    body: str
    comment_count: int
    view_count: int


@router.get("/news", response={200: list[ArticleOut], **ERRORS}, summary="News articles, newest first")
@paginate(LimitOffsetPage)
def list_news(
    request: HttpRequest,
    year: int | None = Query(None, ge=1900, le=2999),
    month: int | None = Query(None, ge=1, le=12),
) -> Any:
    return Mapped(selectors.article_list(year=year, month=month if year else None), ArticleOut.from_model)


@router.get("/news/{slug}", response={200: ArticleDetailOut, **NOT_FOUND}, summary="One news article")
def get_news(request: HttpRequest, slug: str) -> Any:
    article = (
        selectors.published()
        .filter(slug=slug)
        .annotate(n_comments=Count("comments", filter=Q(comments__hidden_at__isnull=True)))
        .first()
    )
    if article is None:
        from django.http import Http404

        raise Http404
    data = ArticleOut.from_model(article)
    data.update(body=article.body, comment_count=article.n_comments, view_count=selectors.view_count(article))
    return data
