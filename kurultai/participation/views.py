"""Participation pages: petitions, proposals, appeals, responsiveness, the citizen's cabinet and
the moderation queue. Thin: parse the request, call selectors or services, render; a
``DomainError`` is shown as a form error with its status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kurultai.accounts.roles import Role
from kurultai.common.errors import DomainError, NotFound
from kurultai.participation import forms, messages, selectors, services, terms
from kurultai.participation.edge import check_sign_rate, check_write_rate, network_of
from kurultai.participation.models import (
    PUBLIC_PETITION_STATES,
    Appeal,
    AppealStatus,
    Category,
    ContentKind,
    Petition,
    PetitionAddressee,
    PetitionStatus,
    ProposalAddressee,
    ProposalStatus,
    Report,
    SignatureBurst,
    SubscriptionKind,
)
from kurultai.registry.models import Area, AreaClassification, Organization
from kurultai.registry.selectors import deputy_list

PAGE_SIZE = 30
T = TypeVar("T")


def _or_404(fn: Callable[..., T], *args: Any) -> T:
    try:
        return fn(*args)
    except NotFound as exc:
        raise Http404(str(exc)) from None


def _page(request: HttpRequest, qs: Any) -> Any:
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    return Paginator(qs, PAGE_SIZE).get_page(number)


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


def _regions() -> Any:
    return Area.objects.exclude(classification=AreaClassification.COUNTRY).order_by("identifier")


def _is_verified(user: Any) -> bool:
    return bool(user.is_authenticated and getattr(user, "citizen", None) is not None)


def _follow_state(request: HttpRequest, kind: str, key: str) -> Any:
    return selectors.subscription_get(request.user, kind, key)


# ---------------------------------------------------------------- petitions


def petition_list_view(request: HttpRequest) -> HttpResponse:
    raw = {
        k: (request.GET.get(k) or "").strip()[:100] for k in ("q", "status", "category", "addressee", "region", "sort")
    }
    filters = selectors.PetitionFilters(
        q=raw["q"] or None,
        status=raw["status"] if raw["status"] in PUBLIC_PETITION_STATES else None,
        category=raw["category"] if raw["category"] in Category.values else None,
        addressee=raw["addressee"] if raw["addressee"] in PetitionAddressee.values else None,
        region=raw["region"] or None,
        sort=raw["sort"] if raw["sort"] in selectors.PETITION_SORTS else "popular",
    )
    context = {
        "page": _page(request, selectors.petition_list(filters)),
        "filters": raw,
        "query": _query(request),
        "statuses": [(s, PetitionStatus(s).label) for s in PUBLIC_PETITION_STATES],
        "categories": Category.choices,
        "addressees": PetitionAddressee.choices,
        "regions": _regions(),
        "sorts": [("popular", _("most signed")), ("newest", _("newest")), ("ending", _("closing soonest"))],
    }
    template = (
        "participation/_petition_results.html"
        if getattr(request, "htmx", False)
        else "participation/petition_list.html"
    )
    return render(request, template, context)


@never_cache
@login_required
def petition_new_view(request: HttpRequest) -> HttpResponse:
    form = forms.PetitionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check_write_rate(request, "petition")
            area = Area.objects.filter(identifier=data["region"]).first() if data["region"] else None
            petition = services.petition_create(
                author=request.user,
                title=data["title"],
                body=data["text"],
                category=data["category"],
                addressee_kind=data["addressee_kind"],
                area=area,
                district_name=data["district_name"] or "",
                district_population=data["district_population"],
                language=request.LANGUAGE_CODE,
            )
            services.petition_submit(petition=petition, actor=request.user)
            return HttpResponseRedirect(reverse("participation:petition", args=[petition.slug]))
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
    context = {
        "form": form,
        "verified": _is_verified(request.user),
        "terms": [(PetitionAddressee(t.kind).label, t) for t in terms.PETITION_TERMS.values()],
        "moderation_days": terms.MODERATION_WORKING_DAYS,
        "support_minimum": terms.SUPPORT_MINIMUM,
        "support_days": terms.SUPPORT_WORKING_DAYS,
    }
    return render(request, "participation/petition_form.html", context, status=status)


def _petition_context(request: HttpRequest, petition: Petition, **extra: Any) -> dict[str, Any]:
    user = request.user
    counts = selectors.signature_counts(petition)
    is_mod = user.is_authenticated and user.has_role(Role.MODERATOR)
    context = {
        "petition": petition,
        "counts": counts,
        "map": selectors.signature_map(counts),
        "percent": min(100, round(100 * counts.total / petition.threshold)) if petition.threshold else 0,
        "signature": selectors.signature_of(user, petition),
        "verified": _is_verified(user),
        "signable": petition.status in (PetitionStatus.LINK_ONLY, PetitionStatus.LISTED) and petition.hidden_at is None,
        "is_author": user.is_authenticated and petition.author_id == user.pk,
        "is_moderator": is_mod,
        "answers": services.petition_answers(user, petition) and petition.status == PetitionStatus.SENT,
        "following": _follow_state(request, SubscriptionKind.PETITION, petition.slug),
        "support_minimum": terms.SUPPORT_MINIMUM,
        "moderate_form": forms.ModerateForm() if is_mod and petition.status == PetitionStatus.MODERATION else None,
        "answer_form": forms.AnswerForm(),
        "bursts": list(SignatureBurst.objects.filter(petition=petition, status="open")) if is_mod else [],
        "error": "",
    }
    context.update(extra)
    return context


def petition_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    petition = _or_404(selectors.petition_get, request.user, slug)
    response = render(request, "participation/petition_detail.html", _petition_context(request, petition))
    if petition.status not in PUBLIC_PETITION_STATES:
        # Shared by link only (or a draft its author sees): keep it out of search engines.
        response["X-Robots-Tag"] = "noindex"
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def petition_sign_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign from the page: the htmx button swaps in the answer; without JavaScript, a redirect."""
    petition = _or_404(selectors.petition_get, request.user, slug)
    error, status = "", 201
    try:
        check_sign_rate(request)
        services.petition_sign(
            petition=petition,
            actor=request.user,
            network=network_of(request),
            notify_me=request.POST.get("notify") == "on",
        )
    except DomainError as exc:
        error, status = exc.message, exc.status
    if not getattr(request, "htmx", False):
        return HttpResponseRedirect(reverse("participation:petition", args=[petition.slug]))
    context = _petition_context(request, petition, error=error, just_signed=not error)
    # htmx swaps only 2xx answers, so a refusal comes back as 200 with the reason in the box;
    # the status is in a header for scripts and tests.
    response = render(request, "participation/_sign.html", context)
    response["X-Kurultai-Status"] = str(status)
    response["Cache-Control"] = "private, no-store"
    return response


def petition_counts_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The counts block (table and map), for an htmx refresh every few seconds."""
    petition = _or_404(selectors.petition_get, request.user, slug)
    return render(request, "participation/_counts.html", _petition_context(request, petition))


@never_cache
@require_POST
@login_required
def petition_action_view(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    petition = _or_404(selectors.petition_get, request.user, slug)
    try:
        if action == "withdraw":
            services.petition_withdraw(petition=petition, actor=request.user)
        elif action == "submit":
            services.petition_submit(petition=petition, actor=request.user)
        elif action == "moderate":
            form = forms.ModerateForm(request.POST)
            if not form.is_valid():
                raise DomainError("invalid", _("Choose a decision."), status=422)
            services.petition_moderate(
                petition=petition,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        elif action == "answer":
            services.petition_answer(petition=petition, actor=request.user, answer=request.POST.get("text", ""))
        elif action == "invalidate":
            invalidate = forms.InvalidateForm(request.POST)
            if not invalidate.is_valid():
                raise DomainError("invalid", _("Name the network and the reason."), status=422)
            services.signatures_invalidate(
                petition=petition,
                actor=request.user,
                network=invalidate.cleaned_data["network"],
                reason=invalidate.cleaned_data["reason"],
            )
        elif action == "dismiss-burst":
            burst = SignatureBurst.objects.filter(petition=petition, pk=request.POST.get("burst", "0") or 0).first()
            if burst is None:
                raise Http404
            services.burst_dismiss(burst=burst, actor=request.user)
        else:
            raise Http404
    except DomainError as exc:
        context = _petition_context(request, selectors.petition_get(request.user, slug), error=exc.message)
        return render(request, "participation/petition_detail.html", context, status=exc.status)
    return HttpResponseRedirect(reverse("participation:petition", args=[petition.slug]))


# ---------------------------------------------------------------- proposals


def proposal_list_view(request: HttpRequest) -> HttpResponse:
    raw = {
        k: (request.GET.get(k) or "").strip()[:100] for k in ("q", "status", "category", "kind", "addressee", "sort")
    }
    filters = selectors.ProposalFilters(
        q=raw["q"] or None,
        status=raw["status"] if raw["status"] in ProposalStatus.values else None,
        category=raw["category"] if raw["category"] in Category.values else None,
        kind=raw["kind"] if raw["kind"] in ProposalAddressee.values else None,
        addressee=raw["addressee"] or None,
        sort=raw["sort"] if raw["sort"] in ("popular", "newest", "discussed") else "popular",
    )
    context = {
        "page": _page(request, selectors.proposal_list(filters)),
        "filters": raw,
        "query": _query(request),
        "statuses": [(s, ProposalStatus(s).label) for s in ("open", "under_review", "answered")],
        "categories": Category.choices,
        "kinds": ProposalAddressee.choices,
        "parties": Organization.objects.filter(classification="party").order_by("name"),
        "sorts": [("popular", _("most supported")), ("newest", _("newest")), ("discussed", _("most discussed"))],
    }
    template = (
        "participation/_proposal_results.html"
        if getattr(request, "htmx", False)
        else "participation/proposal_list.html"
    )
    return render(request, template, context)


def proposal_similar_view(request: HttpRequest) -> HttpResponse:
    """Similar existing proposals while the citizen types the title (htmx, debounced)."""
    title = (request.GET.get("title") or "")[:200]
    body = (request.GET.get("text") or "")[:1000]
    return render(request, "participation/_similar.html", {"similar": selectors.proposals_similar(title, body)})


@never_cache
@login_required
def proposal_new_view(request: HttpRequest) -> HttpResponse:
    initial = {k: request.GET[k] for k in ("addressee_kind", "party", "committee") if k in request.GET}
    form = forms.ProposalForm(request.POST or None, initial=initial)
    # While the citizen types the title, htmx asks for similar proposals (debounced).
    form.fields["title"].widget.attrs.update(
        {
            "hx-get": reverse("participation:proposal_similar"),
            "hx-trigger": "input changed delay:500ms",
            "hx-target": "#similar",
            "hx-swap": "outerHTML",
            "hx-include": "#id_text",
            "autocomplete": "off",
        }
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check_write_rate(request, "proposal")
            proposal = services.proposal_create(
                author=request.user,
                addressee_kind=data["addressee_kind"],
                addressee=form.addressee(),
                category=data["category"],
                title=data["title"],
                body=data["text"],
                language=request.LANGUAGE_CODE,
            )
            return HttpResponseRedirect(reverse("participation:proposal", args=[proposal.slug]))
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
    return render(
        request,
        "participation/proposal_form.html",
        {"form": form, "verified": _is_verified(request.user)},
        status=status,
    )


def _proposal_context(request: HttpRequest, proposal: Any, **extra: Any) -> dict[str, Any]:
    user = request.user
    context = {
        "proposal": proposal,
        "comments": selectors.proposal_comments(proposal),
        "supported": selectors.has_supported(user, proposal),
        "verified": _is_verified(user),
        "is_author": user.is_authenticated and proposal.author_id == user.pk,
        "handles": services.proposal_handles(user, proposal),
        "comment_form": forms.CommentForm(),
        "answer_form": forms.AnswerForm(),
        "error": "",
    }
    context.update(extra)
    return context


def proposal_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    proposal = _or_404(selectors.proposal_get, request.user, slug)
    response = render(request, "participation/proposal_detail.html", _proposal_context(request, proposal))
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def proposal_support_view(request: HttpRequest, slug: str) -> HttpResponse:
    proposal = _or_404(selectors.proposal_get, request.user, slug)
    error, status = "", 200
    try:
        check_write_rate(request, "support")
        services.proposal_support(proposal=proposal, actor=request.user)
    except DomainError as exc:
        error, status = exc.message, exc.status
    if not getattr(request, "htmx", False):
        return HttpResponseRedirect(reverse("participation:proposal", args=[slug]))
    fresh = selectors.proposal_get(request.user, slug)
    response = render(request, "participation/_support.html", _proposal_context(request, fresh, error=error))
    response["X-Kurultai-Status"] = str(status)
    return response


@never_cache
@require_POST
@login_required
def proposal_action_view(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    proposal = _or_404(selectors.proposal_get, request.user, slug)
    try:
        if action == "comment":
            check_write_rate(request, "comment")
            services.proposal_comment(proposal=proposal, actor=request.user, body=request.POST.get("text", ""))
        elif action == "review":
            services.proposal_review(proposal=proposal, actor=request.user)
        elif action == "answer":
            services.proposal_answer(proposal=proposal, actor=request.user, answer=request.POST.get("text", ""))
        elif action == "withdraw":
            services.proposal_withdraw(proposal=proposal, actor=request.user)
        else:
            raise Http404
    except DomainError as exc:
        fresh = selectors.proposal_get(request.user, slug)
        return render(
            request,
            "participation/proposal_detail.html",
            _proposal_context(request, fresh, error=exc.message),
            status=exc.status,
        )
    return HttpResponseRedirect(reverse("participation:proposal", args=[slug]))


# ---------------------------------------------------------------- appeals


def _deputy_choices() -> list[tuple[str, str]]:
    return list(deputy_list().prefetch_related(None).values_list("slug", "name"))


@never_cache
@login_required
def appeal_new_view(request: HttpRequest) -> HttpResponse:
    form = forms.AppealForm(request.POST or None, request.FILES or None, deputies=_deputy_choices())
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check_write_rate(request, "appeal")
            appeal = services.appeal_create(
                author=request.user,
                addressee_kind=data["addressee_kind"],
                addressee=form.addressee(),
                category=data["category"],
                subject=data["subject"],
                body=data["text"],
                consent_to_publish=data["consent_to_publish"],
                files=data["attachments"],
                language=request.LANGUAGE_CODE,
            )
            return HttpResponseRedirect(reverse("participation:appeal_receipt", args=[appeal.number]))
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
    elif request.method == "POST":
        status = 422
    context = {
        "form": form,
        "verified": _is_verified(request.user),
        "answer_days": terms.ANSWER_WORKING_DAYS,
        "forward_days": terms.FORWARD_WORKING_DAYS,
    }
    return render(request, "participation/appeal_form.html", context, status=status)


def _appeal_context(request: HttpRequest, appeal: Appeal, **extra: Any) -> dict[str, Any]:
    user = request.user
    is_clerk = user.has_role(Role.CLERK)
    handles = services.appeal_handles(user, appeal)
    open_ = appeal.status in (AppealStatus.REGISTERED, AppealStatus.ROUTED, AppealStatus.EXTENDED)
    context = {
        "appeal": appeal,
        "addressee": services.addressee_label(appeal),
        "deadlines": selectors.appeal_deadlines(appeal),
        "events": appeal.events.all(),
        "attachments": appeal.attachments.all(),
        "is_author": appeal.author_id == user.pk,
        "is_clerk": is_clerk,
        "handles": handles,
        "can_route": is_clerk and appeal.status in (AppealStatus.REGISTERED, AppealStatus.ROUTED),
        "can_forward": (is_clerk or handles) and appeal.status in (AppealStatus.REGISTERED, AppealStatus.ROUTED),
        "can_extend": (is_clerk or handles) and appeal.status in (AppealStatus.REGISTERED, AppealStatus.ROUTED),
        "can_answer": handles and open_,
        "can_dismiss": is_clerk and appeal.status in (AppealStatus.REGISTERED, AppealStatus.ROUTED),
        "can_rate": appeal.author_id == user.pk and appeal.status == AppealStatus.ANSWERED,
        "route_form": forms.RouteForm(),
        "forward_form": forms.ForwardForm(),
        "extend_form": forms.ExtendForm(),
        "answer_form": forms.AnswerForm(),
        "dismiss_form": forms.DismissForm(),
        "rating_form": forms.RatingForm(),
        "extension_limit": terms.extension_limit(appeal.registered_on),
        "error": "",
    }
    context.update(extra)
    return context


@never_cache
@login_required
def appeal_detail_view(request: HttpRequest, number: str) -> HttpResponse:
    appeal = _or_404(selectors.appeal_get, request.user, number)
    return render(request, "participation/appeal_detail.html", _appeal_context(request, appeal))


@never_cache
@login_required
def appeal_receipt_view(request: HttpRequest, number: str) -> HttpResponse:
    appeal = _or_404(selectors.appeal_get, request.user, number)
    return render(request, "participation/appeal_receipt.html", _appeal_context(request, appeal))


@never_cache
@login_required
def appeal_file_view(request: HttpRequest, number: str, stored: str) -> FileResponse:
    appeal = _or_404(selectors.appeal_get, request.user, number)
    attachment = appeal.attachments.filter(stored_name=stored).first()
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_POST
@login_required
def appeal_action_view(request: HttpRequest, number: str, action: str) -> HttpResponse:
    appeal = _or_404(selectors.appeal_get, request.user, number)
    user = request.user
    f: Any
    try:
        if action == "route":
            f = forms.RouteForm(request.POST)
            if not f.is_valid():
                raise DomainError("invalid", _("Choose where to route the appeal."), status=422)
            services.appeal_route(
                appeal=appeal,
                actor=user,
                addressee_kind=f.cleaned_data["addressee_kind"],
                addressee=f.cleaned_data["addressee"],
                note=f.cleaned_data["note"],
            )
        elif action == "forward":
            f = forms.ForwardForm(request.POST)
            if not f.is_valid():
                raise DomainError("invalid", _("Name the competent body."), status=422)
            services.appeal_forward(appeal=appeal, actor=user, to=f.cleaned_data["to"], note=f.cleaned_data["note"])
        elif action == "extend":
            f = forms.ExtendForm(request.POST)
            if not f.is_valid():
                raise DomainError("invalid", _("Give the new term and the reasons."), status=422)
            services.appeal_extend(
                appeal=appeal, actor=user, until=f.cleaned_data["until"], reason=f.cleaned_data["reason"]
            )
        elif action == "answer":
            services.appeal_answer(appeal=appeal, actor=user, answer=request.POST.get("text", ""))
        elif action == "dismiss":
            services.appeal_dismiss(appeal=appeal, actor=user, reason=request.POST.get("reason", ""))
        elif action == "rate":
            f = forms.RatingForm(request.POST)
            if not f.is_valid():
                raise DomainError("invalid_rating", _("Choose a rating from 1 to 5."), status=422)
            services.appeal_rate(
                appeal=appeal, actor=user, rating=f.cleaned_data["rating"], comment=f.cleaned_data["comment"]
            )
        else:
            raise Http404
    except DomainError as exc:
        fresh = selectors.appeal_get(user, number)
        return render(
            request,
            "participation/appeal_detail.html",
            _appeal_context(request, fresh, error=exc.message),
            status=exc.status,
        )
    return HttpResponseRedirect(reverse("participation:appeal", args=[number]))


@never_cache
@login_required
def appeal_work_view(request: HttpRequest) -> HttpResponse:
    """Staff: appeals to handle, earliest deadline first, and the overdue list."""
    user = request.user
    context = {
        "todo": selectors.appeals_to_handle(user)[:200],
        "overdue": selectors.overdue_appeals(user)[:200],
        "petitions": selectors.petitions_to_answer(user)[:100],
        "proposals": selectors.proposals_to_answer(user)[:100],
        "today": timezone.localdate(),
    }
    return render(request, "participation/work.html", context)


def published_appeals_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "participation/published_appeals.html", {"page": _page(request, selectors.published_appeals())}
    )


def responsiveness_view(request: HttpRequest) -> HttpResponse:
    context = {
        "by_addressee": selectors.responsiveness("addressee"),
        "by_region": selectors.responsiveness("region"),
        "answer_days": terms.ANSWER_WORKING_DAYS,
    }
    return render(request, "participation/responsiveness.html", context)


# ---------------------------------------------------------------- cabinet, follows, reports


@never_cache
@login_required
def cabinet_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    appeals = list(selectors.appeal_list(user, selectors.AppealFilters(mine=True))[:100])
    today = timezone.localdate()
    context = {
        "appeals": [(a, selectors.appeal_deadlines(a, today=today)[0]) for a in appeals],
        "petitions": selectors.my_petitions(user)[:100],
        "signatures": selectors.my_signatures(user)[:200],
        "proposals": selectors.my_proposals(user)[:100],
        "subscriptions": selectors.subscriptions_of(user),
        "notifications": [(n, messages.render(n.kind, n.params)) for n in selectors.notifications_of(user)[:50]],
        "hidden": selectors.hidden_content_of(user),
        "verified": _is_verified(user),
        "delivery_choices": forms.DeliveryForm().fields["delivery"].choices,
        "is_moderator": user.has_role(Role.MODERATOR),
        "is_staff_role": bool(
            user.role_names() & {"clerk", "deputy", "committee_staff", "party_operator", "government_respondent"}
        ),
    }
    return render(request, "participation/cabinet.html", context)


@never_cache
@require_POST
@login_required
def notifications_read_view(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    return HttpResponseRedirect(reverse("participation:cabinet") + "#notifications")


@never_cache
@require_POST
@login_required
def follow_view(request: HttpRequest) -> HttpResponse:
    kind, key = request.POST.get("kind", ""), request.POST.get("key", "")
    back = _back(request, reverse("participation:cabinet"))
    try:
        existing = selectors.subscription_get(request.user, kind, key)
        if request.POST.get("action") == "unfollow":
            if existing is not None:
                services.subscription_delete(subscription=existing, actor=request.user)
        elif request.POST.get("action") == "delivery" and existing is not None:
            services.subscription_update(
                subscription=existing, actor=request.user, delivery=request.POST.get("delivery", "")
            )
        elif existing is None:
            check_write_rate(request, "subscription")
            services.subscription_create(
                user=request.user,
                kind=kind,
                key=key,
                delivery=request.POST.get("delivery", "digest"),
                language=request.LANGUAGE_CODE,
            )
    except DomainError as exc:
        return render(
            request, "participation/message.html", {"title": _("Follow"), "message": exc.message}, status=exc.status
        )
    return HttpResponseRedirect(back)


@never_cache
# RFC 8058: mail clients POST the one-click unsubscribe without a session; the signed token is the credential.
@csrf_exempt
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            services.unsubscribe_with_token(token=token)
        except DomainError as exc:
            return render(
                request, "participation/message.html", {"title": _("Unsubscribe"), "message": exc.message}, status=404
            )
        return render(
            request,
            "participation/message.html",
            {"title": _("Unsubscribe"), "message": _("You will get no more e-mails about this.")},
        )
    return render(request, "participation/unsubscribe.html", {"token": token})


@never_cache
@login_required
def report_view(request: HttpRequest, kind: str, content_id: str) -> HttpResponse:
    if kind not in ContentKind.values:
        raise Http404
    try:
        _obj, _author, title = services.content_get(kind, content_id)
    except NotFound:
        raise Http404 from None
    form = forms.ReportForm(request.POST or None)
    status = 200
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            check_write_rate(request, "report")
            services.report_create(
                reporter=request.user,
                content_kind=kind,
                content_id=content_id,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            done = True
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
    context = {"form": form, "kind": ContentKind(kind).label, "title": title, "done": done}
    return render(request, "participation/report_form.html", context, status=status)


# ---------------------------------------------------------------- moderation


@never_cache
@login_required
def moderation_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(Role.MODERATOR):
        raise Http404
    context = {**selectors.moderation_queue(), "hide_form": forms.HideForm(), "today": timezone.localdate()}
    return render(request, "participation/moderation.html", context)


@never_cache
@require_POST
@login_required
def moderation_action_view(request: HttpRequest) -> HttpResponse:
    kind, content_id, action = request.POST.get("kind", ""), request.POST.get("id", ""), request.POST.get("action", "")
    try:
        if action == "hide":
            services.content_hide(
                content_kind=kind,
                content_id=content_id,
                actor=request.user,
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", ""),
            )
        elif action == "restore":
            services.content_restore(content_kind=kind, content_id=content_id, actor=request.user)
        elif action == "dismiss":
            reports = Report.objects.filter(content_kind=kind, content_id=content_id, status="open")
            for report in reports:
                services.report_dismiss(report=report, actor=request.user)
        else:
            raise Http404
    except DomainError as exc:
        return render(
            request, "participation/message.html", {"title": _("Moderation"), "message": exc.message}, status=exc.status
        )
    return HttpResponseRedirect(reverse("participation:moderation"))
