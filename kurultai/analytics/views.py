"""Analytics pages: thin, the figures come from selectors and the pure cores."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurultai.accounts.permissions import is_clerk, is_moderator, require
from kurultai.analytics import metrics, responsiveness, selectors, services
from kurultai.common.errors import DomainError, NotFound

GROUP_COLOURS = 5


def responsiveness_view(request: HttpRequest) -> HttpResponse:
    d = responsiveness.dashboard()
    kinds = [(k, str(responsiveness.KIND_LABELS[k])) for k in metrics.KINDS]
    return render(
        request,
        "analytics/responsiveness.html",
        {"d": d, "kinds": kinds, "trend_rows": list(zip(d.trend, d.chart.bars, strict=True))},
    )


def topics_view(request: HttpRequest) -> HttpResponse:
    o = selectors.topics_overview()
    can_edit = is_clerk.test(request.user)
    max_region = max((n for t in o.topics for n in t.by_region.values()), default=0)
    return render(
        request,
        "analytics/topics.html",
        {"o": o, "can_edit": can_edit, "max_region": max_region, "region_codes": sorted(o.regions)},
    )


@require_POST
def topic_action_view(request: HttpRequest, key: str) -> HttpResponse:
    try:
        topic = selectors.topic_get(key)
    except NotFound as exc:
        raise Http404(exc.message) from None
    try:
        if request.POST.get("action") == "merge":
            services.topic_merge(
                topic=topic, into=selectors.topic_get(request.POST.get("into", "")), actor=request.user
            )
            messages.success(request, _("The topics were merged."))
        else:
            services.topic_rename(topic=topic, name=request.POST.get("name", ""), actor=request.user)
            messages.success(request, _("The topic name was saved."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("analytics:topics")


def campaigns_view(request: HttpRequest) -> HttpResponse:
    """Moderators: groups of near-identical texts (possible organised campaigns)."""
    try:
        require(request.user, is_moderator, action="analytics.campaigns.view")
    except DomainError as exc:
        return render(request, "analytics/forbidden.html", {"message": exc.message}, status=exc.status)
    return render(request, "analytics/campaigns.html", {"groups": selectors.campaign_groups()})


def opinion_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    try:
        consultation = selectors.consultation_for(slug, number)
    except NotFound as exc:
        raise Http404(exc.message) from None
    view = selectors.opinion_groups(consultation)
    groups = []
    if view.result is not None:
        r = view.result
        groups = [
            {
                "index": g,
                "label": chr(ord("A") + g),
                "size": r.group_sizes[g],
                "colour": g % GROUP_COLOURS,
                "reps": [(view.comments[rep.comment], rep) for rep in r.representative[g]],
            }
            for g in range(r.k)
        ]
        consensus = [(view.comments[c], v) for c, v in r.consensus]
    else:
        consensus = []
    return render(
        request,
        "analytics/opinion.html",
        {"v": view, "groups": groups, "consensus": consensus, "min_votes": 7},
    )
