"""Reads of news: published articles, the archive by month, "most read" and "most discussed"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kurultai.common.errors import NotFound
from kurultai.news.models import Article, ArticleComment, ArticleStatus, ArticleViewDay

WEEK_DAYS = 7
SIDEBAR_SIZE = 5


def published() -> QuerySet[Article]:
    return Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now())


def article_list(*, year: int | None = None, month: int | None = None) -> QuerySet[Article]:
    qs = published().order_by("-published_at", "-id")
    if year is not None:
        start = timezone.make_aware(datetime(year, month or 1, 1))  # noqa: DTZ001 - made aware in Asia/Almaty
        end_month = (month or 12) + 1
        end = timezone.make_aware(datetime(year + (end_month > 12), (end_month - 1) % 12 + 1, 1))  # noqa: DTZ001
        qs = qs.filter(published_at__gte=start, published_at__lt=end)
    return qs


def article_get(slug: str, *, drafts: bool = False) -> Article:
    qs = Article.objects.all() if drafts else published()
    article = qs.filter(slug=slug).first()
    if article is None:
        raise NotFound("No such article.", data={"id": slug[:120]})
    return article


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    count: int

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def archive_months() -> list[Month]:
    """Months that have published articles, newest first, with how many (one query)."""
    rows = (
        published()
        .annotate(m=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
        .values("m")
        .annotate(n=Count("id"))
        .order_by("-m")
    )
    return [Month(r["m"].year, r["m"].month, r["n"]) for r in rows]


def week_start(today: date | None = None) -> date:
    """The first day of "this week": the last seven days, today included."""
    return (today or timezone.localdate()) - timedelta(days=WEEK_DAYS - 1)


def most_read(*, limit: int = SIDEBAR_SIZE, today: date | None = None) -> list[tuple[Article, int]]:
    """Published articles with the most views in the last seven days (one query)."""
    rows = (
        published()
        .annotate(week_views=Sum("view_days__count", filter=Q(view_days__day__gte=week_start(today))))
        .filter(week_views__gt=0)
        .order_by("-week_views", "-published_at")[:limit]
    )
    return [(a, int(a.week_views)) for a in rows]


def most_discussed(*, limit: int = SIDEBAR_SIZE, now: datetime | None = None) -> list[tuple[Article, int]]:
    """Published articles with the most visible (not hidden) comments in the last seven days (one query)."""
    since = (now or timezone.now()) - timedelta(days=WEEK_DAYS)
    rows = (
        published()
        .annotate(
            week_comments=Count("comments", filter=Q(comments__created_at__gte=since, comments__hidden_at__isnull=True))
        )
        .filter(week_comments__gt=0)
        .order_by("-week_comments", "-published_at")[:limit]
    )
    return [(a, int(a.week_comments)) for a in rows]


def view_count(article: Article) -> int:
    return int(ArticleViewDay.objects.filter(article=article).aggregate(n=Sum("count"))["n"] or 0)


def comments_of(article: Article, *, with_hidden: bool = False) -> QuerySet[ArticleComment]:
    qs = ArticleComment.objects.filter(article=article).select_related("author")
    return qs if with_hidden else qs.filter(hidden_at__isnull=True)


def comment_get(ref: str) -> ArticleComment:
    comment = ArticleComment.objects.select_related("article").filter(ref=ref).first()
    if comment is None:
        raise NotFound("No such comment.", data={"id": ref[:40]})
    return comment


def sidebar() -> dict[str, Any]:
    return {"most_read": most_read(), "most_discussed": most_discussed(), "months": archive_months()}
