"""Election pages: the result with its hemicycle, and the what-if model (htmx)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kurultai.common.errors import DomainError, NotFound
from kurultai.elections import selectors
from kurultai.elections.allocation import METHODS
from kurultai.elections.models import Election

WHATIF_SCENARIOS = 20_000


def _election_or_404(slug: str) -> Election:
    try:
        return selectors.election_get(slug)
    except NotFound:
        raise Http404(slug) from None


def election_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "elections/list.html", {"elections": selectors.election_list()})


def election_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    election = _election_or_404(slug)
    outcome = selectors.election_outcome(election) if all(p.votes is not None for p in election.lists.all()) else None
    context = {"election": election, "outcome": outcome, "method_label": selectors.method_label(election.method)}
    return render(request, "elections/detail.html", context)


def whatif_view(request: HttpRequest, slug: str) -> HttpResponse:
    election = _election_or_404(slug)
    lists = list(election.lists.all())
    data = request.POST if request.method == "POST" else request.GET
    method = data.get("method", election.method)
    seats_raw = data.get("seats", str(election.seats))
    threshold_raw = data.get("threshold", format(election.threshold_percent.normalize(), "f"))
    votes: dict[str, int] = {}
    error = ""
    try:
        seats = int(seats_raw)
        for p in lists:
            key = p.party.slug if p.party_id else f"row-{p.registration_order}"
            raw = data.get(f"votes-{key}")
            if raw not in (None, ""):
                value = int(str(raw).replace(" ", "").replace("\u00a0", ""))
                if not 0 <= value <= selectors.MAX_VOTES:
                    raise ValueError
                votes[key] = value
        rules = selectors.parse_rules(seats=seats, method=method, threshold=threshold_raw, min_lists=election.min_lists)
        outcome = selectors.election_outcome(election, votes=votes, rules=rules, simulate_scenarios=WHATIF_SCENARIOS)
    except ValueError:
        error = _("Seats and votes must be whole numbers, zero or more.")
        outcome = None
    except DomainError as exc:
        error = exc.message
        outcome = None
    context = {
        "election": election,
        "outcome": outcome,
        "error": error,
        "methods": [(m, selectors.method_label(m)) for m in METHODS],
        "method_label": selectors.method_label(election.method),
        "form": {"method": method, "seats": seats_raw, "threshold": threshold_raw},
        "rows": [(p, p.party.slug if p.party_id else f"row-{p.registration_order}") for p in lists],
        "votes": votes,
        "scenarios": WHATIF_SCENARIOS,
    }
    status = 422 if error else 200
    if getattr(request, "htmx", False):
        return render(request, "elections/_whatif_result.html", context, status=status)
    return render(request, "elections/whatif.html", context, status=status)
