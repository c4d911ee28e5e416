"""Oversight pages: the inquiry register, inquiries, hearings, investigations, meetings, state bodies, reports.

Thin: parse the request, call selectors or services, render; a ``DomainError`` from a service is
shown as a form error with its status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kurultai.common.errors import DomainError, NotFound
from kurultai.common.ratelimit import check_rate
from kurultai.oversight import selectors, services
from kurultai.oversight.config import RuleKey
from kurultai.oversight.models import (
    AnswerRating,
    ApplicationKind,
    HearingStatus,
    InquiryStatus,
    InvestigationStatus,
    StateBodyKind,
)
from kurultai.registry.models import Area, AreaClassification, Organization, Person

PAGE_SIZE = 50
LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
APPLY_RATE = "20/h"
Obj = TypeVar("Obj")


def _get_or_404(fn: Callable[[str], Obj], slug: str) -> Obj:
    try:
        return fn(slug)
    except NotFound as exc:
        raise Http404(str(exc)) from None


def _page(request: HttpRequest, qs: Any, param: str = "page") -> Any:
    try:
        number = max(1, int(request.GET.get(param, "1")))
    except ValueError:
        number = 1
    return Paginator(qs, PAGE_SIZE).get_page(number)


# ---------------------------------------------------------------- inquiries


INQUIRY_FILTERS = ("state_body", "status", "rating", "overdue", "area", "q", "year")


def _inquiry_filters(request: HttpRequest) -> tuple[selectors.InquiryFilters, dict[str, str]]:
    raw = {k: (request.GET.get(k) or "").strip()[:100] for k in INQUIRY_FILTERS}
    year = int(raw["year"]) if raw["year"].isdigit() and len(raw["year"]) == 4 else None
    filters = selectors.InquiryFilters(
        state_body=raw["state_body"] or None,
        status=raw["status"] if raw["status"] in InquiryStatus.values else None,
        rating=raw["rating"] if raw["rating"] in AnswerRating.values else None,
        overdue=True if raw["overdue"] == "1" else None,
        area=raw["area"] or None,
        q=raw["q"] or None,
        year=year,
    )
    return filters, raw


def inquiry_list_view(request: HttpRequest) -> HttpResponse:
    filters, raw = _inquiry_filters(request)
    page = _page(request, selectors.inquiry_list(filters))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": raw,
        "query": query.urlencode(),
        "state_bodies": selectors.state_body_list(),
        "areas": Area.objects.exclude(classification=AreaClassification.COUNTRY).order_by("identifier"),
        "statuses": InquiryStatus.choices,
        "ratings": AnswerRating.choices,
        "rule": selectors.rule_get(RuleKey.INQUIRY_ANSWER_WORKING_DAYS),
    }
    template = "oversight/_inquiry_results.html" if getattr(request, "htmx", False) else "oversight/inquiry_list.html"
    return render(request, template, context)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=services.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 8}))
    language = forms.ChoiceField(label=_("Language of the answer"), choices=LANGUAGE_CHOICES)


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Your rating of the answer"), choices=AnswerRating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=services.MAX_STATEMENT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PlenaryForm(forms.Form):
    plenary_ref = forms.SlugField(label=_("Plenary sitting (identifier, optional)"), max_length=120, required=False)


def inquiry_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    inquiry = _get_or_404(selectors.inquiry_get, slug)
    user = request.user
    person_slug = getattr(user, "person_slug", "") if user.is_authenticated else ""
    authors = list(inquiry.authors.all())
    is_author = bool(person_slug) and any(a.person.slug == person_slug for a in authors)
    is_lead = bool(person_slug) and any(a.person.slug == person_slug and a.is_lead for a in authors)
    answers_for_body = inquiry.state_body_id in selectors.bodies_answered_by(user)
    forms_ = {
        "answer": AnswerForm(
            request.POST if request.POST.get("action") == "answer" else None, initial={"language": inquiry.language}
        ),
        "rate": RatingForm(request.POST if request.POST.get("action") == "rate" else None),
        "raise": PlenaryForm(request.POST if request.POST.get("action") == "raise" else None),
    }
    error, status = "", 200
    if request.method == "POST":
        if not user.is_authenticated:
            return HttpResponseRedirect(reverse("accounts:login") + "?next=" + request.path)
        action = request.POST.get("action", "")
        try:
            if action == "answer" and forms_["answer"].is_valid():
                data = forms_["answer"].cleaned_data
                services.inquiry_answer(inquiry=inquiry, actor=user, text=data["text"], language=data["language"])
            elif action == "rate" and forms_["rate"].is_valid():
                data = forms_["rate"].cleaned_data
                services.inquiry_rate(inquiry=inquiry, actor=user, rating=data["rating"], comment=data["comment"])
            elif action == "raise" and forms_["raise"].is_valid():
                services.inquiry_raise_at_plenary(
                    inquiry=inquiry, actor=user, plenary_ref=forms_["raise"].cleaned_data["plenary_ref"]
                )
            elif action == "withdraw":
                services.inquiry_withdraw(inquiry=inquiry, actor=user)
            else:
                raise DomainError("invalid_form", str(_("Check the form and try again.")), status=422)
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            return HttpResponseRedirect(reverse("oversight:inquiry", args=[inquiry.slug]))
    context = {
        "inquiry": inquiry,
        "authors": authors,
        "days_late": selectors.inquiry_days_late(inquiry),
        "can_answer": answers_for_body and inquiry.status == InquiryStatus.REGISTERED,
        "can_rate": is_author and inquiry.status == InquiryStatus.ANSWERED,
        "can_raise": is_author
        and inquiry.status == InquiryStatus.RATED
        and inquiry.rating == AnswerRating.UNSATISFACTORY,
        "can_withdraw": is_lead and inquiry.status == InquiryStatus.REGISTERED,
        "forms": forms_,
        "error": error,
    }
    return render(request, "oversight/inquiry_detail.html", context, status=status)


class InquiryForm(forms.Form):
    state_body: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("State body"), queryset=selectors.state_body_list(), to_field_name="slug"
    )
    subject = forms.CharField(label=_("Subject"), max_length=services.MAX_SUBJECT)
    text = forms.CharField(
        label=_("Text of the inquiry"), max_length=services.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 10})
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    area: forms.ModelChoiceField[Area] = forms.ModelChoiceField(
        label=_("Region it is about (optional)"),
        queryset=Area.objects.exclude(classification=AreaClassification.COUNTRY).order_by("identifier"),
        to_field_name="slug",
        required=False,
    )
    co_authors = forms.CharField(
        label=_("Co-authors (deputies' identifiers, separated by commas; optional)"), max_length=2000, required=False
    )


@login_required
def inquiry_new_view(request: HttpRequest) -> HttpResponse:
    form = InquiryForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        slugs = [s.strip() for s in data["co_authors"].split(",") if s.strip()]
        co_authors = list(Person.objects.filter(slug__in=slugs))
        try:
            if len(co_authors) != len(set(slugs)):
                raise DomainError("unknown_deputy", str(_("One of the co-authors is not a known deputy.")), status=422)
            inquiry = services.inquiry_create(
                actor=request.user,
                state_body=data["state_body"],
                subject=data["subject"],
                text=data["text"],
                language=data["language"],
                area=data["area"],
                co_authors=co_authors,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            return HttpResponseRedirect(reverse("oversight:inquiry", args=[inquiry.slug]))
    context = {"form": form, "rule": selectors.rule_get(RuleKey.INQUIRY_ANSWER_WORKING_DAYS)}
    return render(request, "oversight/inquiry_form.html", context, status=status)


# ---------------------------------------------------------------- hearings and investigations


def hearing_list_view(request: HttpRequest) -> HttpResponse:
    committee = (request.GET.get("committee") or "").strip()[:120] or None
    context = {
        "upcoming": _page(request, selectors.hearing_list(committee=committee, when="upcoming"), "upcoming_page"),
        "past": _page(request, selectors.hearing_list(committee=committee, when="past")),
        "committee": Organization.objects.filter(slug=committee).first() if committee else None,
    }
    return render(request, "oversight/hearing_list.html", context)


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("I want"), choices=ApplicationKind.choices, widget=forms.RadioSelect)
    statement = forms.CharField(
        label=_("What you want to say (required to speak)"),
        max_length=services.MAX_STATEMENT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def hearing_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    hearing = _get_or_404(selectors.hearing_get, slug)
    form = ApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return HttpResponseRedirect(reverse("accounts:login") + "?next=" + request.path)
        if form.is_valid():
            try:
                check_rate(request, group="oversight.hearing.apply", rate=APPLY_RATE)
                services.hearing_apply(
                    hearing=hearing,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    statement=form.cleaned_data["statement"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                return HttpResponseRedirect(reverse("oversight:hearing", args=[hearing.slug]))
        else:
            status = 422
    context = {
        "hearing": hearing,
        "counts": selectors.application_counts(hearing),
        "mine": selectors.application_of(request.user, hearing),
        "open": selectors.applications_open(hearing),
        "verified": hasattr(request.user, "citizen") if request.user.is_authenticated else False,
        "form": form,
        "closed": hearing.status == HearingStatus.CLOSED,
    }
    return render(request, "oversight/hearing_detail.html", context, status=status)


def investigation_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "oversight/investigation_list.html",
        {"investigations": selectors.investigation_list(), "statuses": InvestigationStatus},
    )


def investigation_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request,
        "oversight/investigation_detail.html",
        {"investigation": _get_or_404(selectors.investigation_get, slug)},
    )


def meeting_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "oversight/meeting_detail.html", {"meeting": _get_or_404(selectors.meeting_get, slug)})


# ---------------------------------------------------------------- state bodies and reports


def state_body_list_view(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind")
    bodies = list(selectors.state_body_list(kind=kind if kind in StateBodyKind.values else None))
    figures = selectors.responsiveness_by_body([b.pk for b in bodies])
    context = {
        "rows": [(b, figures[b.pk]) for b in bodies],
        "kinds": StateBodyKind.choices,
        "kind": kind,
        "rule": selectors.rule_get(RuleKey.INQUIRY_ANSWER_WORKING_DAYS),
    }
    return render(request, "oversight/state_body_list.html", context)


def state_body_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = _get_or_404(selectors.state_body_get, slug)
    context = {
        "body": body,
        "profile": selectors.state_body_profile(body),
        "figures": selectors.responsiveness_by_body([body.pk])[body.pk],
        "inquiries": selectors.inquiry_list(selectors.InquiryFilters(state_body=body.slug))[:20],
        "reports": selectors.report_list(state_body=body.slug)[:10],
        "rule": selectors.rule_get(RuleKey.INQUIRY_ANSWER_WORKING_DAYS),
    }
    return render(request, "oversight/state_body_detail.html", context)


def report_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "oversight/report_detail.html", {"report": _get_or_404(selectors.report_get, slug)})
