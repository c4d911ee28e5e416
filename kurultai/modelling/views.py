"""Modelling pages: thin; the work is in the selectors and the pure cores."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kurultai.accounts.permissions import is_admin, is_clerk
from kurultai.common.errors import DomainError, NotFound
from kurultai.common.ratelimit import check_rate
from kurultai.modelling import fiscal, selectors, services
from kurultai.modelling import forecast as fc
from kurultai.modelling.models import VoteForecast
from kurultai.plenary.selectors import DECIDED_VOTE_STATES, vote_event_get

RECORD_RATE = "30/h"
POSITION_LABELS = {
    fc.Position.YES: _("for"),
    fc.Position.NO: _("against"),
    fc.Position.FREE: _("free vote"),
}

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def power_view(request: HttpRequest) -> HttpResponse:
    """Seat share against power for each majority rule; ``?party=..&seats=..`` for a what-if."""
    names = request.GET.getlist("party")
    whatif = bool(names)
    error = ""
    tables: list[selectors.PowerTable] = []
    try:
        if whatif:
            players = selectors.parse_whatif(names, request.GET.getlist("seats"))
            colours = request.GET.getlist("colour")
            if len(colours) == len(names):
                by_name = {n.strip()[:120]: c for n, c in zip(names, colours, strict=True) if _COLOUR.fullmatch(c)}
                players = [
                    selectors.Player(key=p.key, name=p.name, colour=by_name.get(p.name, p.colour), weight=p.weight)
                    for p in players
                ]
            total = sum(p.weight for p in players)
        else:
            players, total = selectors.parliament_players()
        tables = [selectors.power_table(players, rule=rule, total=total) for rule in selectors.RULES]
    except DomainError as exc:
        error = exc.message
    context = {
        "whatif": whatif,
        "tables": [(t, selectors.rule_label(t.rule)) for t in tables],
        "error": error,
    }
    return render(request, "modelling/power.html", context, status=422 if error and whatif else 200)


def _positions(request: HttpRequest) -> dict[str, fc.Position]:
    data = request.POST if request.method == "POST" else request.GET
    return fc.parse_positions({key: data.get(key, "") for key in data})


def vote_forecast_view(request: HttpRequest, slug: str) -> HttpResponse:
    staff = request.user.is_authenticated and (is_clerk | is_admin).test(request.user)
    try:
        vote = vote_event_get(slug, drafts=staff)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    positions = _positions(request)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            check_rate(request, group="modelling-forecast", rate=RECORD_RATE)
            services.forecast_record(vote=vote, positions=positions, actor=request.user)
            return HttpResponseRedirect(reverse("modelling:vote", args=[vote.slug]))
        except DomainError as exc:
            error, status = exc.message, exc.status
    view = selectors.vote_forecast(vote, positions=positions)
    recorded = VoteForecast.objects.filter(vote_event=vote).first()
    context = {
        "view": view,
        "vote": vote,
        "recorded": recorded,
        "decided": vote.state in DECIDED_VOTE_STATES,
        "passed": vote.result == "pass",
        "error": error,
        "choices": [(p.value, POSITION_LABELS[p]) for p in fc.Position],
        "can_record": staff and not recorded and vote.state not in DECIDED_VOTE_STATES,
        "defector_share": round(100 * fc.DEFECTOR_YES_SHARE),
    }
    return render(request, "modelling/vote_forecast.html", context, status=status)


def calibration_view(request: HttpRequest) -> HttpResponse:
    return render(request, "modelling/calibration.html", {"c": selectors.calibration()})


def bill_impact_view(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        impact = selectors.bill_legal_impact(slug)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    reform = selectors.bill_reform(impact.bill)
    context = {"impact": impact, "fiscal": selectors.fiscal_view(reform, cached=True) if reform else None}
    return render(request, "modelling/bill_impact.html", context)


EXAMPLE_REFORM = {"ipn.rate_high": 0.20, "ipn.threshold_mrp_year": 6000.0}


def fiscal_view(request: HttpRequest) -> HttpResponse:
    """Any reform as ``p-<parameter>=<value>`` fields; without any, an example reform."""
    overrides: dict[str, float] = {}
    error = ""
    for key in request.GET:
        if key.startswith("p-") and request.GET.get(key, "").strip():
            try:
                overrides[key[2:]] = float(request.GET[key])
            except ValueError:
                error = str(_("Every parameter must be a number."))
    formulas = [f for f in request.GET.getlist("f") if f]
    view = None
    try:
        if not error:
            reform = fiscal.parse_reform(
                {
                    "name": str(_("Your reform")),
                    "parameters": overrides or ({} if formulas else EXAMPLE_REFORM),
                    "formulas": formulas,
                }
            )
            # The example (no fields filled in) is what nearly every visit shows: keep its result.
            view = selectors.fiscal_view(reform, cached=not overrides and not formulas)
    except fiscal.FiscalError as exc:
        error = str(exc)
    except DomainError as exc:
        error = exc.message
    context = {
        "fiscal": view,
        "error": error,
        "parameters": fiscal.PARAMETERS,
        "overrides": overrides or ({} if formulas else EXAMPLE_REFORM),
        "formulas": [(name, selectors.FORMULA_LABELS[name], name in formulas) for name in fiscal.FORMULAS],
    }
    return render(request, "modelling/fiscal.html", context, status=422 if error else 200)
