"""Plenary pages: sittings, vote events with their roll call, the live board (htmx), the
deputy's voting page and the clerk's console. Thin: parse, call a selector or a service, render.

No JavaScript of our own: the ballot is confirmed on a second server-rendered step, and
the live board is refreshed by htmx polling (``hx-trigger="every 2s"``) while the vote is open.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kurultai.accounts.permissions import is_deputy
from kurultai.common.errors import DomainError, NotFound
from kurultai.plenary import rules, selectors, services
from kurultai.plenary.models import AgendaItemKind, QuestionType, Sitting, VoteEvent, VoteState
from kurultai.registry.models import Person
from kurultai.registry.selectors import current_convocation


def _or_404(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except NotFound as exc:
        raise Http404(str(exc)) from None


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "portal/error.html", {"status": 403, "message": message}, status=403)


# ---------------------------------------------------------------- public pages


def sitting_list_view(request: HttpRequest) -> HttpResponse:
    context = {"sittings": selectors.sitting_list()[:200], "current_vote": selectors.vote_current()}
    return render(request, "plenary/sittings.html", context)


def sitting_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    sitting = _or_404(selectors.sitting_get, slug)
    context = {
        "sitting": sitting,
        "quorum": selectors.sitting_quorum(sitting, present=sitting.registered_count),
        "not_found_2026": rules.NOT_FOUND_2026,
    }
    return render(request, "plenary/sitting.html", context)


def vote_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    vote = _or_404(selectors.vote_event_get, slug)
    return render(request, "plenary/vote.html", {"vote": vote, "call": selectors.roll_call(vote)})


def vote_roll_call_pdf_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The roll call for printing: every seated deputy's vote, A4 PDF."""
    from kurultai.common.pdf import render_pdf

    vote = _or_404(selectors.vote_event_get, slug)
    context = {"vote": vote, "call": selectors.roll_call(vote), "now": timezone.now()}
    return render_pdf(request, "plenary/roll_call_pdf.html", context, filename=f"roll-call-{vote.slug}.pdf")


def live_view(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The public board: the vote open now (or the given one), redrawn every 2 s while it is open."""
    vote = _or_404(selectors.vote_event_get, slug) if slug else selectors.vote_current()
    call = selectors.roll_call(vote) if vote else None
    template = "plenary/_board.html" if getattr(request, "htmx", False) else "plenary/live.html"
    return render(request, template, {"vote": vote, "call": call, "now": timezone.now()})


# ---------------------------------------------------------------- the deputy's voting page


def _ballot_context(vote: VoteEvent, user: Any) -> dict[str, Any]:
    sitting = vote.agenda_item.sitting
    return {
        "vote": vote,
        "sitting": sitting,
        "ballot": selectors.own_ballot(vote, user.person_slug),
        "registered": selectors.is_registered(sitting, user.person_slug),
        "options": [(o.value, selectors.OPTION_LABELS[o.value]) for o in rules.BALLOT_OPTIONS],
        "now": timezone.now(),
    }


@login_required
def ballot_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Large buttons, then a confirmation step, then the deputy's own ballot is shown."""
    user: Any = request.user
    if not is_deputy.test(user) or not user.person_slug:
        return _forbidden(request, _("Only deputies vote."))
    vote = _or_404(selectors.vote_event_get, slug, drafts=True)
    context = _ballot_context(vote, user)
    status = 200
    if request.method == "POST":
        option = request.POST.get("option", "")
        if request.POST.get("confirm") != "1":
            context["confirm"] = option
            context["confirm_label"] = selectors.OPTION_LABELS.get(option, option)
        else:
            try:
                services.ballot_cast(vote_event=vote, user=user, option=option)
            except DomainError as exc:
                context["error"] = exc.message
                status = exc.status
            else:
                return HttpResponseRedirect(reverse("plenary:ballot", args=[vote.slug]) + "#own-ballot")
    return render(request, "plenary/ballot.html", context, status=status)


@login_required
def register_self_view(request: HttpRequest, slug: str) -> HttpResponse:
    """A deputy registers as present at an open sitting (POST), then goes back to the vote."""
    user: Any = request.user
    if request.method != "POST":
        return HttpResponseRedirect(reverse("plenary:sitting", args=[slug]))
    sitting = _or_404(selectors.sitting_get, slug)
    person = Person.objects.filter(slug=user.person_slug).first() if user.person_slug else None
    if person is None:
        return _forbidden(request, _("Only deputies vote."))
    back = request.POST.get("next", "")
    try:
        services.deputy_register(sitting=sitting, deputy=person, actor=user)
    except DomainError as exc:
        return render(request, "portal/error.html", {"status": exc.status, "message": exc.message}, status=exc.status)
    vote = VoteEvent.objects.filter(slug=back, agenda_item__sitting=sitting).first()
    if vote is not None:
        return HttpResponseRedirect(reverse("plenary:ballot", args=[vote.slug]))
    return HttpResponseRedirect(reverse("plenary:sitting", args=[sitting.slug]))


# ---------------------------------------------------------------- the clerk's console


def _is_clerk(user: Any) -> bool:
    return bool(services.can_run_sittings.test(user))


def _titles(data: Any, prefix: str) -> dict[str, str]:
    return {
        lang: data.get(f"{prefix}_{lang}", "").strip()[:500]
        for lang in ("kk", "ru", "en")
        if data.get(f"{prefix}_{lang}")
    }


@login_required
def console_view(request: HttpRequest) -> HttpResponse:
    """The clerk's list of sittings and the form to schedule one."""
    if not _is_clerk(request.user):
        return _forbidden(request, _("The console is for the parliament's clerks."))
    error, status = "", 200
    if request.method == "POST":
        try:
            sitting = _schedule(request)
        except (DomainError, ValueError) as exc:
            error = exc.message if isinstance(exc, DomainError) else _("Check the date, time and number.")
            status = exc.status if isinstance(exc, DomainError) else 422
        else:
            return HttpResponseRedirect(reverse("plenary:console_sitting", args=[sitting.slug]))
    context = {"sittings": selectors.sitting_list()[:100], "error": error, "convocation": current_convocation()}
    return render(request, "plenary/console.html", context, status=status)


def _schedule(request: HttpRequest) -> Sitting:
    convocation = current_convocation()
    if convocation is None:
        raise DomainError("invalid", _("There is no convocation yet."), status=409)
    starts = timezone.make_aware(datetime.fromisoformat(request.POST.get("starts_at", "")))
    titles = _titles(request.POST, "title")
    if not titles:
        raise DomainError("invalid", _("Give the sitting a title."), status=422)
    return services.sitting_create(
        convocation=convocation,
        number=int(request.POST.get("number", "")),
        starts_at=starts,
        titles=titles,
        actor=request.user,
    )


CONSOLE_ACTIONS = {
    "sitting_open",
    "sitting_close",
    "register",
    "agenda_add",
    "vote_create",
    "vote_open",
    "vote_close",
    "vote_publish",
}


def _console_action(request: HttpRequest, sitting: Sitting, action: str) -> None:
    actor, data = request.user, request.POST
    if action == "sitting_open":
        services.sitting_open(sitting=sitting, actor=actor)
    elif action == "sitting_close":
        services.sitting_close(sitting=sitting, actor=actor)
    elif action == "register":
        people = list(Person.objects.filter(slug__in=data.getlist("deputies")))
        if not people:
            raise DomainError("invalid", _("Choose at least one deputy."), status=422)
        services.deputies_register(sitting=sitting, deputies=people, actor=actor)
    elif action == "agenda_add":
        services.agenda_item_add(
            sitting=sitting,
            kind=data.get("kind", ""),
            titles=_titles(data, "title") or {"kk": ""},
            subject_ref=data.get("subject_ref", "").strip()[:120],
            actor=actor,
        )
    elif action == "vote_create":
        item = sitting.agenda_items.filter(position=int(data.get("position", "0") or 0)).first()
        if item is None:
            raise DomainError("invalid", _("Choose an agenda item."), status=422)
        services.vote_create(
            agenda_item=item,
            question_type=data.get("question_type", ""),
            titles=_titles(data, "title") or {"kk": item.title},
            summaries=_titles(data, "summary") or {"kk": ""},
            actor=actor,
        )
    else:
        vote = _or_404(selectors.vote_event_get, data.get("vote", ""), drafts=True)
        if vote.agenda_item.sitting_id != sitting.pk:
            raise Http404("vote of another sitting")
        if action == "vote_open":
            seconds = int(data.get("seconds", "0") or 0)
            services.vote_open(vote_event=vote, duration=timedelta(seconds=seconds), actor=actor)
        elif action == "vote_close":
            services.vote_close(vote_event=vote, actor=actor)
        else:
            services.vote_publish(vote_event=vote, actor=actor)


@login_required
def console_sitting_view(request: HttpRequest, slug: str) -> HttpResponse:
    """One sitting from the clerk's desk: open and close it, register, agenda, votes, publish."""
    if not _is_clerk(request.user):
        return _forbidden(request, _("The console is for the parliament's clerks."))
    sitting = _or_404(selectors.sitting_get, slug)
    error, status = "", 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action not in CONSOLE_ACTIONS:
                raise DomainError("invalid", _("Unknown action."), status=422)
            _console_action(request, sitting, action)
        except DomainError as exc:
            error, status = exc.message, exc.status
        except ValueError:
            error, status = _("Check the numbers you entered."), 422
        else:
            return HttpResponseRedirect(reverse("plenary:console_sitting", args=[sitting.slug]))
        sitting = _or_404(selectors.sitting_get, slug)
    votes = [v for item in sitting.agenda_items.all() for v in item.vote_events.all()]
    context = {
        "sitting": sitting,
        "quorum": selectors.sitting_quorum(sitting, present=sitting.registered_count),
        "unregistered": selectors.unregistered_deputies(sitting),
        "votes": votes,
        "kinds": AgendaItemKind.choices,
        "question_types": QuestionType.choices,
        "error": error,
        "VoteState": VoteState,
    }
    return render(request, "plenary/console_sitting.html", context, status=status)
