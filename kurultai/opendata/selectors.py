"""Reads of the public portal's open-data side: the activity stream ("what the parliament did")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

ACTIVITY_KINDS = ("vote", "stage", "petition", "hearing", "news")


@dataclass(frozen=True)
class Activity:
    kind: str  # one of ACTIVITY_KINDS
    key: str  # unique within the stream
    at: datetime
    title: str
    summary: str
    url: str
    committee: str = ""  # committee slug, when the item belongs to one


def _votes(limit: int) -> list[Activity]:
    from kurultai.plenary.models import VoteEvent
    from kurultai.plenary.selectors import DECIDED_VOTE_STATES

    items = []
    qs = VoteEvent.objects.filter(state__in=DECIDED_VOTE_STATES, closed_at__isnull=False).order_by("-closed_at")
    for v in qs.only(
        "slug",
        "title",
        "title_kk",
        "title_ru",
        "title_en",
        "closed_at",
        "result",
        "yes_count",
        "no_count",
        "abstain_count",
        "summary",
        "summary_kk",
        "summary_ru",
        "summary_en",
    )[:limit]:
        outcome = _("adopted") if v.result == "pass" else _("not adopted")
        counts = _("yes %(yes)s, no %(no)s, abstained %(abstain)s") % {
            "yes": v.yes_count or 0,
            "no": v.no_count or 0,
            "abstain": v.abstain_count or 0,
        }
        items.append(
            Activity(
                "vote",
                f"vote:{v.slug}",
                v.closed_at or v.opened_at or timezone.now(),
                f"{v.title}: {outcome}",
                f"{counts}. {v.summary}".strip(),
                reverse("plenary:vote", args=[v.slug]),
            )
        )
    return items


def _stages(limit: int, bill: str | None = None, committee: str | None = None) -> list[Activity]:
    from kurultai.legislation.models import StageTransition
    from kurultai.legislation.selectors import stage_label

    qs = StageTransition.objects.select_related("bill", "bill__lead_committee").order_by("-at", "-number")
    if bill:
        qs = qs.filter(bill__slug=bill)
    if committee:
        qs = qs.filter(bill__lead_committee__slug=committee)
    items = []
    for t in qs[:limit]:
        b = t.bill
        items.append(
            Activity(
                "stage",
                f"stage:{b.slug}:{t.number}",
                t.at,
                _("Bill %(bill)s: %(stage)s") % {"bill": b.title, "stage": stage_label(t.to_stage)},
                t.decision,
                reverse("bills:detail", args=[b.slug]),
                committee=b.lead_committee.slug if b.lead_committee_id else "",
            )
        )
    return items


def _petitions(limit: int) -> list[Activity]:
    from kurultai.participation.models import PUBLIC_PETITION_STATES, Petition

    qs = Petition.objects.filter(
        status__in=PUBLIC_PETITION_STATES, hidden_at__isnull=True, listed_at__isnull=False
    ).order_by("-listed_at")
    items = []
    for p in qs.only("slug", "title", "listed_at", "answered_at", "answer_text", "signature_count", "threshold")[
        :limit
    ]:
        if p.answered_at:
            items.append(
                Activity(
                    "petition",
                    f"petition:{p.slug}:answer",
                    p.answered_at,
                    _("Petition answered: %(title)s") % {"title": p.title},
                    p.answer_text[:300],
                    reverse("participation:petition", args=[p.slug]),
                )
            )
        items.append(
            Activity(
                "petition",
                f"petition:{p.slug}",
                p.listed_at or p.created_at,
                _("New petition: %(title)s") % {"title": p.title},
                _("%(count)s of %(needed)s signatures") % {"count": p.signature_count, "needed": p.threshold},
                reverse("participation:petition", args=[p.slug]),
            )
        )
    return items


def _hearings(limit: int, committee: str | None = None) -> list[Activity]:
    from kurultai.oversight.models import Hearing

    # Held ones only: announced hearings are plans, not something the parliament did yet.
    qs = Hearing.objects.select_related("committee").filter(starts_at__lte=timezone.now()).order_by("-starts_at")
    if committee:
        qs = qs.filter(committee__slug=committee)
    return [
        Activity(
            "hearing",
            f"hearing:{h.slug}",
            h.starts_at,
            _("Hearing: %(topic)s") % {"topic": h.topic},
            h.description[:300],
            reverse("oversight:hearing", args=[h.slug]),
            committee=h.committee.slug,
        )
        for h in qs[:limit]
    ]


def _news(limit: int) -> list[Activity]:
    from kurultai.news.selectors import article_list

    return [
        Activity(
            "news",
            f"news:{a.slug}",
            a.published_at or a.updated_at,
            _("News: %(title)s") % {"title": a.title},
            (a.summary or "")[:300],
            reverse("news:detail", args=[a.slug]),
        )
        for a in article_list()[:limit]
    ]


def activity(*, kind: str | None = None, committee: str | None = None, limit: int = 30) -> list[Activity]:
    """The newest things the parliament did, newest first; at most a few queries."""
    items: list[Activity] = []
    if committee:
        if kind in (None, "stage"):
            items += _stages(limit, committee=committee)
        if kind in (None, "hearing"):
            items += _hearings(limit, committee=committee)
    else:
        if kind in (None, "vote"):
            items += _votes(limit)
        if kind in (None, "stage"):
            items += _stages(limit)
        if kind in (None, "petition"):
            items += _petitions(limit)
        if kind in (None, "hearing"):
            items += _hearings(limit)
        if kind in (None, "news"):
            items += _news(limit)
    items.sort(key=lambda a: (a.at, a.key), reverse=True)
    return items[:limit]


def bill_activity(slug: str, *, limit: int = 30) -> list[Activity]:
    return _stages(limit, bill=slug)
