"""Reads of the text analytics and of opinion groups. Aggregates are cached for a few minutes
(they change with a recomputation or as texts and votes arrive, never per request)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kurultai.analytics import charts, opinion
from kurultai.analytics import topics as topic_model
from kurultai.analytics.metrics import month_key
from kurultai.analytics.models import CitizenText, DuplicateGroup, ModelRun, RunStatus, Topic
from kurultai.common.errors import NotFound
from kurultai.legislation.models import Bill, Comment, CommentReaction, CommentStatus, Consultation
from kurultai.registry.models import Area

CACHE_SECONDS = 300
MONTHS = 12


@dataclass
class TopicRow:
    key: str
    name: str
    terms: dict[str, list[str]]
    total: int
    by_month: dict[str, int]
    by_region: dict[str, int]
    merged: list[str] = field(default_factory=list)


@dataclass
class TopicsOverview:
    run: dict[str, Any] | None
    months: list[str]
    topics: list[TopicRow]
    emerging: list[topic_model.Emerging]
    regions: dict[str, str]  # code -> name
    texts: int
    counted: int
    duplicate_groups: int
    campaigns: int
    unassigned: int


def _months(today: date) -> list[str]:
    out = []
    y, m = today.year, today.month
    for _i in range(MONTHS):
        out.append(f"{y:04d}-{m:02d}")
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return out[::-1]


def _topic_generation() -> str:
    parts = [
        ModelRun.objects.aggregate(m=Max("finished_at"))["m"],
        CitizenText.objects.aggregate(m=Max("pk"))["m"],
        Topic.objects.aggregate(m=Max("updated_at"))["m"],
    ]
    return hashlib.sha256(str(parts).encode()).hexdigest()[:16]


def topic_display_name(topic: Topic, lang: str) -> str:
    if topic.name:
        return topic.name
    terms: list[str] = topic.terms.get(lang) or next(iter(topic.terms.values()), [])
    return ", ".join(terms[:3]) if terms else topic.key


def topics_overview(*, today: date | None = None) -> TopicsOverview:
    """Active topics with their volume (duplicates counted once, merged topics folded into
    their target), by month and region; emerging topics; campaign counts."""
    today = today or timezone.localdate()
    lang = (get_language() or "kk")[:2]
    key = f"analytics:topics:{lang}:{today.isoformat()}:{_topic_generation()}"
    hit = cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    months = _months(today)
    first = date(int(months[0][:4]), int(months[0][5:]), 1)
    all_topics = {t.pk: t for t in Topic.objects.all()}
    target = {pk: (t.merged_into_id or pk) for pk, t in all_topics.items()}
    counted = CitizenText.objects.filter(counts=True)
    totals: dict[int, int] = defaultdict(int)
    for topic_id, n in counted.exclude(topic=None).values_list("topic").annotate(n=Count("pk")):
        totals[target[topic_id]] += n
    by_month: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        counted.filter(received_on__gte=first)
        .exclude(topic=None)
        .annotate(month=TruncMonth("received_on"))
        .values_list("topic", "month")
        .annotate(n=Count("pk"))
    )
    for topic_id, month, n in rows:
        by_month[target[topic_id]][month_key(month)] += n
    by_region: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for topic_id, region, n in (
        counted.exclude(topic=None).exclude(region="").values_list("topic", "region").annotate(n=Count("pk"))
    ):
        by_region[target[topic_id]][region] += n
    shown = [t for t in all_topics.values() if t.merged_into_id is None and (t.active or totals.get(t.pk))]
    shown.sort(key=lambda t: (-totals.get(t.pk, 0), t.key))
    merged: dict[int, list[str]] = defaultdict(list)
    for t in all_topics.values():
        if t.merged_into_id:
            merged[target[t.pk]].append(topic_display_name(t, lang))
    result_rows = [
        TopicRow(
            key=t.key,
            name=topic_display_name(t, lang),
            terms=t.terms,
            total=totals.get(t.pk, 0),
            by_month={m: by_month[t.pk].get(m, 0) for m in months},
            by_region=dict(sorted(by_region[t.pk].items())),
            merged=merged.get(t.pk, []),
        )
        for t in shown
    ]
    volume = {r.key: r.by_month for r in result_rows}
    names = {r.key: r.name for r in result_rows}
    emerging = [
        topic_model.Emerging(names[e.topic], e.current, e.previous, e.growth)
        for e in topic_model.emerging(volume, current=months[-1], previous=months[-2])
    ]
    run = ModelRun.objects.filter(status=RunStatus.DONE).order_by("-started_at").first()
    stats = CitizenText.objects.aggregate(
        texts=Count("pk"), counted=Count("pk", filter=Q(counts=True)), unassigned=Count("pk", filter=Q(topic=None))
    )
    region_codes = {c for r in result_rows for c in r.by_region}
    result = TopicsOverview(
        run=(
            {
                "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                "texts": run.texts,
                "topics": run.topics,
                "method": run.method,
                "seconds": run.seconds,
            }
            if run
            else None
        ),
        months=months,
        topics=result_rows,
        emerging=emerging,
        regions=dict(Area.objects.filter(identifier__in=region_codes).values_list("identifier", "name")),
        texts=stats["texts"],
        counted=stats["counted"],
        duplicate_groups=DuplicateGroup.objects.count(),
        campaigns=DuplicateGroup.objects.filter(flagged=True).count(),
        unassigned=stats["unassigned"],
    )
    cache.set(key, result, CACHE_SECONDS)
    return result


def topic_get(key: str) -> Topic:
    topic = Topic.objects.filter(key=key).first()
    if topic is None:
        raise NotFound(_("No such topic."), data={"id": key[:40]})
    return topic


def campaign_groups(limit: int = 50) -> list[dict[str, Any]]:
    """Flagged duplicate groups with one sample text each (moderators only: texts may be appeals)."""
    groups = list(DuplicateGroup.objects.filter(flagged=True).order_by("-size", "key")[:limit])
    samples: dict[int | None, CitizenText] = {}
    for t in CitizenText.objects.filter(duplicate_group__in=groups, counts=True):
        samples[t.duplicate_group_id] = t
    return [
        {
            "group": g,
            "sample": samples.get(g.pk),
            "sources": dict(
                CitizenText.objects.filter(duplicate_group=g).values_list("source").annotate(n=Count("pk"))
            ),
        }
        for g in groups
    ]


# ---------------------------------------------------------------- opinion groups


@dataclass
class OpinionView:
    consultation: Consultation
    bill: Bill
    participants: int
    voters: int
    comments: list[Comment]
    result: opinion.OpinionGroups | None
    points: list[charts.ScatterPoint]


def consultation_for(bill_slug: str, number: int) -> Consultation:
    c = (
        Consultation.objects.select_related("bill", "version")
        .filter(bill__slug=bill_slug, version__number=number)
        .first()
    )
    if c is None:
        raise NotFound(_("No consultation on this version."), data={"id": f"{bill_slug[:40]}/{number}"})
    return c


def opinion_groups(consultation: Consultation) -> OpinionView:
    """Opinion groups of the consultation's comments, recomputed when votes change (the cache
    key carries the count and the newest reaction)."""
    comments = list(Comment.objects.filter(consultation=consultation, status=CommentStatus.VISIBLE).order_by("pk"))
    reactions = CommentReaction.objects.filter(comment__in=[c.pk for c in comments])
    state = reactions.aggregate(n=Count("pk"), last=Max("pk"), at=Max("created_at"))
    version = hashlib.sha256(f"{len(comments)}:{state['n']}:{state['last']}:{state['at']}".encode()).hexdigest()[:16]
    key = f"analytics:opinion:{consultation.pk}:{version}"
    cached = cache.get(key)
    if cached is None:
        col = {c.pk: i for i, c in enumerate(comments)}
        users: dict[int, int] = {}
        cells: list[tuple[int, int, float]] = []
        for comment_id, user_id, kind in reactions.values_list("comment_id", "user_id", "kind").iterator(
            chunk_size=10000
        ):
            row = users.setdefault(user_id, len(users))
            cells.append((row, col[comment_id], 1.0 if kind == "agree" else -1.0))
        matrix = np.full((len(users), len(comments)), np.nan)
        for r, c, v in cells:
            matrix[r, c] = v
        result = opinion.compute(matrix) if len(users) else None
        cached = (len(users), result)
        cache.set(key, cached, CACHE_SECONDS)
    voters, result = cached
    points = []
    if result is not None:
        points = charts.scatter(
            [(float(x), float(y), int(g)) for (x, y), g in zip(result.projection, result.labels, strict=True)]
        )
    return OpinionView(
        consultation=consultation,
        bill=consultation.bill,
        participants=len(result.participants) if result is not None else 0,
        voters=voters,
        comments=comments,
        result=result,
        points=points,
    )
