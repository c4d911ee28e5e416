"""Council of Regions pages: the Council, its sessions, regional initiatives, the delegate's inbox, Halyk Kenesi."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kurultai.common.errors import DomainError, NotFound
from kurultai.regions import selectors, services
from kurultai.regions.models import InitiativeKind, InitiativeStatus
from kurultai.registry.models import Area, AreaClassification

PAGE_SIZE = 50
LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
Obj = TypeVar("Obj")


def _get_or_404(fn: Callable[[str], Obj], slug: str) -> Obj:
    try:
        return fn(slug)
    except NotFound as exc:
        raise Http404(str(exc)) from None


def council_view(request: HttpRequest) -> HttpResponse:
    try:
        council = selectors.council_get()
    except NotFound as exc:
        raise Http404(str(exc)) from None
    context = {
        "council": council,
        "members": selectors.council_members(council),
        "upcoming": selectors.session_list(when="upcoming"),
        "past": selectors.session_list(when="past")[:10],
        "initiatives": selectors.initiative_list()[:10],
        "tiles": selectors.initiatives_tiles(),
        "delegate": selectors.delegate_link_of(request.user),
    }
    return render(request, "regions/council.html", context)


def session_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "regions/session_detail.html", {"session": _get_or_404(selectors.session_get, slug)})


def initiative_list_view(request: HttpRequest) -> HttpResponse:
    raw = {k: (request.GET.get(k) or "").strip()[:100] for k in ("region", "status", "kind", "q")}
    filters = selectors.InitiativeFilters(
        region=raw["region"] or None,
        status=raw["status"] if raw["status"] in InitiativeStatus.values else None,
        kind=raw["kind"] if raw["kind"] in InitiativeKind.values else None,
        q=raw["q"] or None,
    )
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": Paginator(selectors.initiative_list(filters), PAGE_SIZE).get_page(number),
        "filters": raw,
        "query": query.urlencode(),
        "areas": Area.objects.exclude(classification=AreaClassification.COUNTRY).order_by("identifier"),
        "statuses": InitiativeStatus.choices,
        "kinds": InitiativeKind.choices,
        "delegate": selectors.delegate_link_of(request.user),
    }
    return render(request, "regions/initiative_list.html", context)


def initiative_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _get_or_404(selectors.initiative_get, slug)
    link = selectors.delegate_link_of(request.user)
    return render(
        request,
        "regions/initiative_detail.html",
        {"initiative": initiative, "own": link is not None and link.maslikhat_id == initiative.maslikhat_id},
    )


class InitiativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InitiativeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text"), max_length=services.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 10}))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    bill_ref = forms.SlugField(label=_("Bill concerned (identifier; for an amendment)"), max_length=120, required=False)


@login_required
def initiative_new_view(request: HttpRequest) -> HttpResponse:
    form = InitiativeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            initiative = services.initiative_submit(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                language=data["language"],
                bill_ref=data["bill_ref"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            return HttpResponseRedirect(reverse("regions:initiative", args=[initiative.slug]))
    link = selectors.delegate_link_of(request.user)
    if link is None and request.method == "GET":
        status = 403
    return render(request, "regions/initiative_form.html", {"form": form, "delegate": link}, status=status)


@login_required
def notifications_view(request: HttpRequest) -> HttpResponse:
    link = selectors.delegate_link_of(request.user)
    if link is None:
        return render(request, "regions/notifications.html", {"delegate": None}, status=403)
    if request.method == "POST":
        for n in selectors.notifications_for(link.maslikhat).filter(read_at__isnull=True):
            services.notification_mark_read(notification=n, actor=request.user)
        return HttpResponseRedirect(reverse("regions:notifications"))
    notifications = selectors.notifications_for(link.maslikhat)[:100]
    return render(request, "regions/notifications.html", {"delegate": link, "notifications": notifications})


def people_council_view(request: HttpRequest) -> HttpResponse:
    try:
        org = selectors.people_council_get()
    except NotFound as exc:
        raise Http404(str(exc)) from None
    return render(request, "regions/halyk_kenesi.html", {"org": org, "bills": selectors.bill_submissions(org)})
