"""Public pages. Thin: parse the request, call selectors or services, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kurultai.accounts import services as account_services
from kurultai.common.errors import DomainError, NotFound
from kurultai.common.ratelimit import check_rate
from kurultai.oversight import selectors as oversight_selectors
from kurultai.plenary import selectors as plenary_selectors
from kurultai.portal.api import VERIFY_RATE
from kurultai.regions import selectors as regions_selectors
from kurultai.registry import selectors
from kurultai.registry.models import Area, Gender, Organization, OrganizationClassification

FILTER_KEYS = ("party", "faction", "committee", "region", "gender", "q")


def root_redirect(request: HttpRequest) -> HttpResponse:
    lang = translation.get_language_from_request(request, check_path=False) or "kk"
    return HttpResponseRedirect(f"/{lang}/")


def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("kurultai/favicon.svg"))


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "portal/error.html", {"status": 404, "message": _("This page does not exist.")}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/error.html", {"status": 500, "message": _("Something went wrong on our side.")}, status=500
    )


def _get_or_404(fn, slug: str):  # type: ignore[no-untyped-def]
    try:
        return fn(slug)
    except NotFound as exc:
        raise Http404(str(exc)) from None


def home(request: HttpRequest) -> HttpResponse:
    convocation = selectors.current_convocation()
    factions = selectors.organizations_with_seat_counts(OrganizationClassification.FACTION)
    parties = selectors.parties_with_seats().filter(seats__gt=0)
    committees = selectors.organizations_with_seat_counts(OrganizationClassification.COMMITTEE)
    deputy_count = selectors.deputy_list().count()
    context = {
        "convocation": convocation,
        "factions": [f for f in factions if f.member_count],
        "parties": parties,
        "committees": committees,
        "deputy_count": deputy_count,
        "region_count": Area.objects.exclude(classification="country").count(),
    }
    return render(request, "portal/home.html", context)


def deputies(request: HttpRequest) -> HttpResponse:
    filters: dict[str, Any] = {k: (request.GET.get(k) or "").strip()[:120] or None for k in FILTER_KEYS}
    if filters["gender"] not in (None, *Gender.values):
        filters["gender"] = None
    cards = selectors.deputy_cards(selectors.DeputyFilters(**filters))
    context = {
        "cards": cards,
        "total": len(cards),
        "filters": filters,
        "parties": selectors.parties_with_seats().filter(seats__gt=0),
        "factions": Organization.objects.filter(classification=OrganizationClassification.FACTION).order_by("slug"),
        "committees": Organization.objects.filter(classification=OrganizationClassification.COMMITTEE).order_by("slug"),
        "regions": Area.objects.exclude(classification="country").order_by("identifier"),
        "genders": Gender.choices,
    }
    template = "portal/_deputy_results.html" if getattr(request, "htmx", False) else "portal/deputies.html"
    return render(request, template, context)


def deputy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = _get_or_404(selectors.person_get, slug)
    card = selectors.deputy_card(person)
    record = plenary_selectors.deputy_record(
        person, option=request.GET.get("vote_option"), page=request.GET.get("page", 1)
    )
    return render(request, "portal/deputy_detail.html", {"person": person, "card": card, "plenary_record": record})


def parties(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/parties.html", {"parties": selectors.parties_with_seats()})


def committees(request: HttpRequest) -> HttpResponse:
    qs = selectors.organizations_with_seat_counts(OrganizationClassification.COMMITTEE)
    return render(request, "portal/committees.html", {"committees": qs})


def organization_detail(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    org = _get_or_404(selectors.organization_get, slug)
    if org.classification != kind:
        raise Http404("wrong kind")
    if kind == OrganizationClassification.PARTY:
        cards = selectors.deputy_cards(selectors.DeputyFilters(party=org.slug))
        memberships = []
    else:
        cards = []
        memberships = list(selectors.organization_members(org))
    context = {"org": org, "cards": cards, "memberships": memberships}
    if kind == OrganizationClassification.COMMITTEE:
        context["oversight"] = oversight_selectors.committee_work(org)
    return render(request, "portal/organization_detail.html", context)


def regions(request: HttpRequest) -> HttpResponse:
    counts = selectors.deputies_by_region()
    areas = [(a, counts.get(a.pk, 0)) for a in selectors.area_list().exclude(classification="country")]
    tiles = regions_selectors.deputies_tiles([a for a, _n in areas], counts)
    return render(request, "portal/regions.html", {"areas": areas, "tiles": tiles})


def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = _get_or_404(selectors.area_get, slug)
    cards = selectors.deputy_cards(selectors.DeputyFilters(region=area.slug))
    dashboard = regions_selectors.region_dashboard(area, deputies=len(cards))
    return render(request, "portal/region_detail.html", {"area": area, "cards": cards, "dashboard": dashboard})


class IinInput(forms.TextInput):
    """Never echoes an IIN back into the page, even when the form comes back with an error."""

    def format_value(self, value: Any) -> str | None:
        return None


class VerifyForm(forms.Form):
    iin = forms.CharField(
        label=_("IIN"),
        min_length=12,
        max_length=12,
        widget=IinInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    region: forms.ModelChoiceField[Area] = forms.ModelChoiceField(
        label=_("Region of residence"),
        queryset=Area.objects.exclude(classification="country").order_by("identifier"),
        to_field_name="identifier",
    )


@login_required
def citizen_verify_view(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None)
    done = hasattr(request.user, "citizen")
    if request.method == "POST" and form.is_valid() and not done:
        try:
            check_rate(request, group="citizen.verify", rate=VERIFY_RATE)
            account_services.citizen_verify(
                user=request.user,  # type: ignore[arg-type]
                iin=form.cleaned_data["iin"],
                region_code=form.cleaned_data["region"].identifier,
            )
        except DomainError as exc:
            form.add_error("iin", exc.message)
        else:
            return HttpResponseRedirect(reverse("portal:verify"))
    return render(request, "portal/verify.html", {"form": form, "done": done})
