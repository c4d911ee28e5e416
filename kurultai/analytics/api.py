"""/api/v1/analytics: responsiveness, topics of citizen texts, opinion groups of consultations.

Everything here is public aggregate data: no text of an appeal and no person is exposed.
"""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from kurultai.accounts.auth import api_auth
from kurultai.analytics import metrics, responsiveness, selectors, services
from kurultai.common.api import Problem
from kurultai.common.errors import DomainError

router = Router(tags=["analytics"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


class FiguresOut(Schema):
    received: int
    answered: int
    answered_on_time: int
    due: int = Field(description="Records whose answer is in or was owed (the base of the on-time share).")
    overdue: int = Field(description="Unanswered and past the due day today.")
    on_time_share: float | None
    median_working_days: float | None
    p90_working_days: int | None = Field(description="90th percentile (nearest rank) of working days to answer.")

    @staticmethod
    def of(f: metrics.Figures) -> dict[str, Any]:
        return {
            "received": f.received,
            "answered": f.answered,
            "answered_on_time": f.answered_on_time,
            "due": f.due,
            "overdue": f.overdue,
            "on_time_share": round(f.on_time_share, 4) if f.on_time_share is not None else None,
            "median_working_days": f.median_days,
            "p90_working_days": f.p90_days,
        }


class KindOut(Schema):
    kind: str = Field(description="appeal | petition | inquiry | proposal")
    figures: FiguresOut
    records_url: str
    overdue_url: str


class GroupOut(Schema):
    dimension: str = Field(description="deputy | committee | faction | state_body | region")
    key: str = Field(description="Slug of the person or organization, or the region's ISO 3166-2 code.")
    name: str
    kind: str
    figures: FiguresOut
    records_url: str


class MonthOut(Schema):
    month: str
    kind: str = Field(description="all | appeal | petition | inquiry | proposal")
    figures: FiguresOut


class AnalyticsResponsivenessOut(Schema):
    today: date
    kinds: list[KindOut]
    groups: list[GroupOut]
    trend: list[MonthOut]


class AnalyticsResponsivenessIn(Schema):
    dimension: str | None = Field(None, description="Only this dimension's groups.")
    kind: str | None = Field(None, description="Only this kind of record.")


@router.get(
    "/analytics/responsiveness",
    response={200: AnalyticsResponsivenessOut, **ERRORS},
    summary="How fast citizens and deputies are answered: working days, share on time, overdue",
)
def get_responsiveness(request: HttpRequest, params: Query[AnalyticsResponsivenessIn]) -> Any:
    if params.dimension and params.dimension not in metrics.DIMENSIONS:
        raise DomainError(
            "invalid_dimension", _("Unknown dimension."), status=400, data={"dimension": params.dimension[:30]}
        )
    if params.kind and params.kind not in metrics.KINDS:
        raise DomainError("invalid_kind", _("Unknown kind."), status=400, data={"kind": params.kind[:30]})
    d = responsiveness.dashboard()
    abs_url = request.build_absolute_uri
    groups = [
        {
            "dimension": dim,
            "key": row.key,
            "name": str(row.name),
            "kind": row.kind,
            "figures": FiguresOut.of(row.figures),
            "records_url": abs_url(row.url),
        }
        for dim, _label, rows in d.tables
        if not params.dimension or dim == params.dimension
        for row in rows
        if not params.kind or row.kind == params.kind
    ]
    trend = [{"month": p.month, "kind": "all", "figures": FiguresOut.of(p.figures)} for p in d.trend]
    for kind, points in d.trend_by_kind.items():
        trend += [{"month": p.month, "kind": kind, "figures": FiguresOut.of(p.figures)} for p in points]
    return {
        "today": d.today,
        "kinds": [
            {"kind": kind, "figures": FiguresOut.of(f), "records_url": abs_url(url), "overdue_url": abs_url(overdue)}
            for kind, _label, f, url, overdue in d.summary
            if not params.kind or kind == params.kind
        ],
        "groups": groups,
        "trend": [t for t in trend if not params.kind or t["kind"] in ("all", params.kind)],
    }


# ---------------------------------------------------------------- topics


class TopicOut(Schema):
    id: str
    name: str
    terms: dict[str, list[str]] = Field(description="Top terms per language (kk, ru, en).")
    texts: int = Field(description="Texts on this topic, each near-duplicate group counted once.")
    by_month: dict[str, int]
    by_region: dict[str, int]
    merged: list[str]


class EmergingOut(Schema):
    topic: str
    current: int
    previous: int
    growth: float


class TopicsOut(Schema):
    texts: int
    counted: int = Field(description="Texts counted in statistics (one per near-duplicate group).")
    duplicate_groups: int
    campaigns: int = Field(description="Duplicate groups flagged for moderators as possible campaigns.")
    unassigned: int
    run: dict[str, Any] | None
    months: list[str]
    topics: list[TopicOut]
    emerging: list[EmergingOut]


@router.get("/analytics/topics", response={200: TopicsOut, **ERRORS}, summary="Topics of citizen texts")
def get_topics(request: HttpRequest) -> Any:
    o = selectors.topics_overview()
    return {
        "texts": o.texts,
        "counted": o.counted,
        "duplicate_groups": o.duplicate_groups,
        "campaigns": o.campaigns,
        "unassigned": o.unassigned,
        "run": o.run,
        "months": o.months,
        "topics": [
            {
                "id": t.key,
                "name": t.name,
                "terms": t.terms,
                "texts": t.total,
                "by_month": t.by_month,
                "by_region": t.by_region,
                "merged": t.merged,
            }
            for t in o.topics
        ],
        "emerging": [
            {"topic": e.topic, "current": e.current, "previous": e.previous, "growth": e.growth} for e in o.emerging
        ],
    }


class TopicNameIn(Schema):
    name: str = Field(max_length=200)


class TopicMergeIn(Schema):
    into: str


class TopicRefOut(Schema):
    id: str
    name: str
    merged_into: str | None


def _topic_ref(t: Any) -> dict[str, Any]:
    return {"id": t.key, "name": t.name, "merged_into": t.merged_into.key if t.merged_into_id else None}


@router.put(
    "/analytics/topics/{topic_id}/name",
    auth=api_auth,
    response={200: TopicRefOut, **ERRORS},
    summary="Name a topic (clerks)",
)
def name_topic(request: HttpRequest, topic_id: str, data: TopicNameIn) -> Any:
    topic = services.topic_rename(topic=selectors.topic_get(topic_id), name=data.name, actor=request.user)
    return _topic_ref(topic)


@router.post(
    "/analytics/topics/{topic_id}/merge",
    auth=api_auth,
    response={200: TopicRefOut, **ERRORS},
    summary="Merge a topic into another (clerks)",
)
def merge_topic(request: HttpRequest, topic_id: str, data: TopicMergeIn) -> Any:
    topic = services.topic_merge(
        topic=selectors.topic_get(topic_id), into=selectors.topic_get(data.into), actor=request.user
    )
    return _topic_ref(topic)


# ---------------------------------------------------------------- opinion groups


class RepresentativeOut(Schema):
    comment: str = Field(description="The comment's public identifier.")
    direction: str = Field(description="agree | disagree: how this group votes on it, unlike the others")
    share: float
    share_rest: float
    z: float
    z_rest: float


class GroupOpinionOut(Schema):
    group: int
    participants: int
    representative: list[RepresentativeOut]


class ConsensusOut(Schema):
    comment: str
    consensus: float = Field(description="Product over groups of each group's smoothed agree share.")


class PointOut(Schema):
    x: float
    y: float
    group: int


class OpinionGroupsOut(Schema):
    bill: str
    version: int
    voters: int
    participants: int = Field(description="Voters with at least 7 votes (or as many as there are comments).")
    comments: int
    k: int
    silhouette: float | None
    groups: list[GroupOpinionOut]
    consensus: list[ConsensusOut]
    points: list[PointOut]
    computed_at: str


@router.get(
    "/analytics/consultations/{bill_id}/versions/{number}/opinion-groups",
    response={200: OpinionGroupsOut, **ERRORS},
    summary="Opinion groups of a consultation (Pol.is method)",
)
def get_opinion_groups(request: HttpRequest, bill_id: str, number: int) -> Any:
    view = selectors.opinion_groups(selectors.consultation_for(bill_id, number))
    r = view.result
    ids = [c.public_id for c in view.comments]
    return {
        "bill": view.bill.slug,
        "version": view.consultation.version.number,
        "voters": view.voters,
        "participants": view.participants,
        "comments": len(ids),
        "k": r.k if r else 0,
        "silhouette": round(r.silhouette, 4) if r and r.silhouette is not None else None,
        "groups": [
            {
                "group": g,
                "participants": r.group_sizes[g],
                "representative": [
                    {
                        "comment": ids[rep.comment],
                        "direction": rep.direction,
                        "share": round(rep.share, 4),
                        "share_rest": round(rep.share_rest, 4),
                        "z": round(rep.z, 3),
                        "z_rest": round(rep.z_rest, 3),
                    }
                    for rep in r.representative[g]
                ],
            }
            for g in range(r.k)
        ]
        if r
        else [],
        "consensus": [{"comment": ids[c], "consensus": round(v, 4)} for c, v in r.consensus] if r else [],
        "points": [{"x": p.x, "y": p.y, "group": p.group} for p in view.points],
        "computed_at": timezone.now().isoformat(),
    }
