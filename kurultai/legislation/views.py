"""Bill and act pages: list, bill with timeline and text, versions side by side, diffs, amendment
table, comments on provisions (htmx reactions), consultation report, acts at a date.

Thin: parse the request, call selectors or services, render. Refusals of a service are shown
as a form error (STYLE.md) with the status the API would answer.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurultai.common.errors import DomainError, NotFound
from kurultai.legislation import selectors, services
from kurultai.legislation.akn import to_html
from kurultai.legislation.models import (
    STAGE_CHOICES,
    Bill,
    BillType,
    BillVersion,
    CommentStatus,
    InitiatorKind,
)
from kurultai.legislation.stages import Stage
from kurultai.legislation.text import Kind
from kurultai.registry.models import Organization, OrganizationClassification

FILTER_KEYS = ("stage", "type", "committee", "initiator", "open", "q")
# The stages a bill passes through in order, for the progress line on its page.
MAIN_LINE = (
    Stage.REGISTERED,
    Stage.IN_COMMITTEE,
    Stage.FIRST_READING,
    Stage.AMENDMENT_PERIOD,
    Stage.SECOND_READING,
    Stage.THIRD_READING,
    Stage.ADOPTED,
    Stage.SENT_TO_PRESIDENT,
    Stage.SIGNED,
)
COMMENTABLE = frozenset({Kind.ARTICLE, Kind.PARAGRAPH, Kind.POINT})


def _or_404(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except NotFound as exc:
        raise Http404(str(exc)) from None


def _lang() -> str:
    code = (get_language() or "kk")[:2]
    return code if code in ("kk", "ru", "en") else "kk"


def _is_verified(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and hasattr(user, "citizen"))


def _is_moderator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.has_role("moderator") or user.has_role("admin")))


# ---------------------------------------------------------------- list


BILL_PAGE_SIZE = 50


def bill_list_view(request: HttpRequest) -> HttpResponse:
    raw = {k: (request.GET.get(k) or "").strip()[:120] for k in FILTER_KEYS}
    filters = selectors.BillFilters(
        stage=raw["stage"] if raw["stage"] in {s.value for s in Stage} else None,
        bill_type=raw["type"] if raw["type"] in BillType.values else None,
        committee=raw["committee"] or None,
        initiator=raw["initiator"] if raw["initiator"] in InitiatorKind.values else None,
        open_for_comment=True if raw["open"] == "1" else None,
        q=raw["q"] or None,
    )
    # Paginated so a parliament with thousands of bills still answers quickly (issue 11).
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    page = Paginator(selectors.bill_list(filters), BILL_PAGE_SIZE).get_page(number)
    context = {
        "bills": page.object_list,
        "total": page.paginator.count,
        "page": page,
        "query": urlencode({k: v for k, v in raw.items() if v}),
        "filters": raw,
        "stages": STAGE_CHOICES,
        "types": BillType.choices,
        "initiators": InitiatorKind.choices,
        "committees": Organization.objects.filter(classification=OrganizationClassification.COMMITTEE).order_by("slug"),
    }
    template = "legislation/_bill_results.html" if getattr(request, "htmx", False) else "legislation/bill_list.html"
    return render(request, template, context)


# ---------------------------------------------------------------- bill and its texts


def _comment_links(
    bill: Bill, version: BillVersion, document: Any, counts: dict[str, int], can_comment: bool, lang: str
) -> dict[str, str]:
    """For each provision: a link to its comments (with their number), when it has some or may get some.

    Built with plain escaping (``html.escape``) rather than ``format_html``: a long code has
    thousands of provisions, and this runs on every view of its page.
    """
    links: dict[str, str] = {}
    base = reverse("bills:provision", args=[bill.slug, version.number, "EID"])
    invite = escape(_("Comment"))
    for loc in document.walk():
        n = counts.get(loc.eid, 0)
        if not n and not (can_comment and loc.kind in COMMENTABLE):
            continue
        eid = escape(loc.eid)
        text = escape(ngettext("%(n)s comment", "%(n)s comments", n) % {"n": n}) if n else invite
        label = escape(_("Comments on %(provision)s") % {"provision": selectors.provision_name(loc.eid, lang)})
        url = escape(base.replace("EID", loc.eid))
        # With htmx the thread opens in place under the provision; without it the link leads to its page.
        links[loc.eid] = (
            f'<p class="prov-comments"><a href="{url}" hx-get="{url}" hx-target="#thread-{eid}" '
            f'hx-swap="innerHTML" aria-label="{label}: {text}">{text}</a></p>'
            f'<div id="thread-{eid}" class="prov-thread" aria-live="polite"></div>'
        )
    return links


ROLE_LABELS = {
    "clerk": gettext_lazy("clerk's office"),
    "committee_staff": gettext_lazy("committee staff"),
    "admin": gettext_lazy("administrator"),
    "system": gettext_lazy("recorded by the platform"),
}


def _timeline(bill: Bill) -> dict[str, Any]:
    history = selectors.transitions(bill)
    for t in history:
        t.role_label = ROLE_LABELS.get(t.actor_role, t.actor_role)
    reached = {t.to_stage for t in history}
    return {
        "history": history,
        "progress": [(s.value, selectors.stage_label(s), s.value in reached, s.value == bill.stage) for s in MAIN_LINE],
        "deadlines": selectors.bill_deadlines(bill, history),
    }


def _text_page(request: HttpRequest, bill: Bill, version: BillVersion, *, is_current: bool) -> HttpResponse:
    page_lang = _lang()
    text_lang = selectors.text_language(version, request.GET.get("text"), page_lang)
    document = selectors.document_of(version, text_lang)
    consultation = selectors.consultation_of(version)
    open_now = bool(consultation and consultation.is_open())
    counts = selectors.comment_counts(bill, version, text_lang)
    links = _comment_links(bill, version, document, counts, open_now, page_lang) if document else {}
    versions = list(selectors.version_list(bill))
    summary: list[str] = []
    if version.based_on_id:
        previous = next((v for v in versions if v.pk == version.based_on_id), None)
        if previous is not None:
            summary = selectors.version_diff(
                selectors.version_get(bill, previous.number), version, text_lang, page_lang
            ).summary
    context = {
        **_timeline(bill),
        "bill": bill,
        "version": version,
        "is_current": is_current,
        "versions": versions,
        "text_lang": text_lang,
        "languages": selectors.version_languages(version),
        "text_html": to_html(document, extra=links) if document else "",
        "consultation": consultation,
        "consultation_open": open_now,
        "comment_total": sum(counts.values()),
        "summary_scores": selectors.summary_readability(bill),
        "text_scores": selectors.text_readability(version),
        "change_summary": summary,
        "outcomes": selectors.outcome_counts(bill),
        "next_stages": selectors.allowed_next(bill),
        "co_committees": list(bill.co_committees.all()),
    }
    return render(request, "legislation/bill_detail.html", context)


def bill_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    bill = _or_404(selectors.bill_get, slug)
    version = selectors.current_version(bill)
    if version is None:
        context = {"bill": bill, "versions": [], **_timeline(bill)}
        return render(request, "legislation/bill_no_text.html", context)
    return _text_page(request, bill, version, is_current=True)


def version_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    bill = _or_404(selectors.bill_get, slug)
    version = _or_404(selectors.version_get, bill, number)
    return _text_page(request, bill, version, is_current=version.pk == bill.current_version_id)


def parallel_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    bill = _or_404(selectors.bill_get, slug)
    version = _or_404(selectors.version_get, bill, number)
    left, right = "kk", request.GET.get("right", "ru")
    if right not in version.languages or right == left:
        right = "ru"
    context = {
        "bill": bill,
        "version": version,
        "left": left,
        "right": right,
        "languages": version.languages,
        "rows": selectors.parallel_rows(version, left, right),
        "titles": (selectors.document_of(version, left), selectors.document_of(version, right)),
    }
    return render(request, "legislation/parallel.html", context)


def diff_view(request: HttpRequest, slug: str) -> HttpResponse:
    bill = _or_404(selectors.bill_get, slug)
    versions = list(selectors.version_list(bill))
    if len(versions) < 2:
        return render(request, "legislation/diff.html", {"bill": bill, "versions": versions, "view": None})
    numbers = [v.number for v in versions]

    def pick(name: str, default: int) -> int:
        try:
            value = int(request.GET.get(name, default))
        except ValueError:
            return default
        return value if value in numbers else default

    old_n = pick("from", numbers[-2])
    new_n = pick("to", numbers[-1])
    old = selectors.version_get(bill, old_n)
    new = selectors.version_get(bill, new_n)
    text_lang = selectors.text_language(new, request.GET.get("text"), _lang())
    if selectors.document_of(old, text_lang) is None:
        text_lang = selectors.text_language(old, text_lang, _lang())
    mode = "side" if request.GET.get("mode") == "side" else "inline"
    context = {
        "bill": bill,
        "versions": versions,
        "view": selectors.version_diff(old, new, text_lang, _lang()),
        "mode": mode,
        "text_lang": text_lang,
        "languages": [lang for lang in new.languages if lang in old.languages],
    }
    context["mode_links"] = {
        m: "?" + urlencode({"from": old_n, "to": new_n, "mode": m, "text": text_lang}) for m in ("inline", "side")
    }
    context["lang_links"] = {
        lang: "?" + urlencode({"from": old_n, "to": new_n, "mode": mode, "text": lang}) for lang in context["languages"]
    }
    return render(request, "legislation/diff.html", context)


def amendments_view(request: HttpRequest, slug: str) -> HttpResponse:
    bill = _or_404(selectors.bill_get, slug)
    version = selectors.current_version(bill)
    text_lang = selectors.text_language(version, request.GET.get("text"), _lang()) if version else "kk"
    context = {
        "bill": bill,
        "rows": selectors.amendment_table(bill, text_lang, _lang()),
        "text_lang": text_lang,
        "languages": version.languages if version else ["kk", "ru"],
        "outcomes": selectors.outcome_counts(bill),
        "today": timezone.localdate(),
    }
    return render(request, "legislation/amendments.html", context)


def amendments_pdf_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The amendment table for printing, A4 landscape PDF, in the text language asked for."""
    from kurultai.common.pdf import render_pdf

    bill = _or_404(selectors.bill_get, slug)
    version = selectors.current_version(bill)
    text_lang = selectors.text_language(version, request.GET.get("text"), _lang()) if version else "kk"
    context = {
        "bill": bill,
        "rows": selectors.amendment_table(bill, text_lang, _lang()),
        "text_lang": text_lang,
        "outcomes": selectors.outcome_counts(bill),
        "now": timezone.now(),
    }
    return render_pdf(request, "legislation/amendments_pdf.html", context, filename=f"amendments-{bill.slug}.pdf")


# ---------------------------------------------------------------- comments


def _provision_context(request: HttpRequest, bill: Bill, version: BillVersion, eid: str) -> dict[str, Any]:
    text_lang = selectors.text_language(version, request.GET.get("text"), _lang())
    document = selectors.document_of(version, text_lang)
    located = document.find(eid) if document else None
    if located is None:
        raise Http404(eid)
    consultation = selectors.consultation_of(version)
    return {
        "bill": bill,
        "version": version,
        "eid": eid,
        "name": selectors.provision_name(eid, _lang()),
        "provision_text": selectors.provision_text(located.provision, text_lang),
        "anchor": eid,
        "text_lang": text_lang,
        "consultation": consultation,
        "consultation_open": bool(consultation and consultation.is_open()),
        "comments": selectors.comments_for(
            bill, version, eid=eid, viewer=request.user, include_hidden=_is_moderator(request.user)
        ),
        "verified": _is_verified(request.user),
        "moderator": _is_moderator(request.user),
        "is_current": version.pk == bill.current_version_id,
    }


def provision_view(request: HttpRequest, slug: str, number: int, eid: str) -> HttpResponse:
    bill = _or_404(selectors.bill_get, slug)
    version = _or_404(selectors.version_get, bill, number)
    error = ""
    status = 200
    text = ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            services.comment_create(version=version, eid=eid, text=text, actor=request.user, request=request)
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            return HttpResponseRedirect(request.path + "#comments")
    context = _provision_context(request, bill, version, eid)
    context.update(error=error, text=text)
    if getattr(request, "htmx", False) and request.method == "GET":
        return render(request, "legislation/_provision_thread.html", context)
    return render(request, "legislation/provision.html", context, status=status)


@require_POST
def react_view(request: HttpRequest, slug: str, comment_id: str) -> HttpResponse:
    bill = _or_404(selectors.bill_get, slug)
    comment = _or_404(selectors.comment_get, bill, comment_id)
    error = ""
    status = 200
    try:
        services.comment_react(comment=comment, kind=request.POST.get("kind", ""), actor=request.user)
    except DomainError as exc:
        error, status = exc.message, exc.status
    if not getattr(request, "htmx", False):
        back = request.POST.get("next", "")
        if not back.startswith("/") or back.startswith("//"):
            back = reverse("bills:detail", args=[bill.slug])
        return HttpResponseRedirect(back)
    fresh = selectors.comment_get(bill, comment_id)
    mine = (
        fresh.reactions.filter(user=request.user).values_list("kind", flat=True).first()
        if request.user.is_authenticated
        else None
    )
    view = selectors.CommentView(fresh, fresh.version_number, fresh.eid, fresh.agree_count, fresh.disagree_count, mine)
    context = {
        "c": view,
        "bill": bill,
        "error": error,
        "verified": _is_verified(request.user),
        "open": True,
        "next": "",
    }
    return render(request, "legislation/_reactions.html", context, status=status)


@require_POST
def moderate_view(request: HttpRequest, slug: str, comment_id: str) -> HttpResponse:
    bill = _or_404(selectors.bill_get, slug)
    comment = _or_404(selectors.comment_get, bill, comment_id)
    status = CommentStatus.HIDDEN if request.POST.get("action") == "hide" else CommentStatus.VISIBLE
    try:
        services.comment_moderate(comment=comment, status=status, note=request.POST.get("note", ""), actor=request.user)
    except DomainError as exc:
        return render(request, "portal/error.html", {"status": exc.status, "message": exc.message}, status=exc.status)
    back = request.POST.get("next", "")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("bills:detail", args=[bill.slug])
    return HttpResponseRedirect(back)


def consultation_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    bill = _or_404(selectors.bill_get, slug)
    version = _or_404(selectors.version_get, bill, number)
    consultation = _or_404(selectors.consultation_get, version)
    consultation.bill = bill
    consultation.version = version
    context = {
        "bill": bill,
        "version": version,
        "report": selectors.consultation_report(consultation, lang=_lang()),
        "consultation_open": consultation.is_open(),
    }
    return render(request, "legislation/consultation.html", context)


# ---------------------------------------------------------------- acts


def act_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "legislation/act_list.html", {"acts": selectors.act_list(), "today": timezone.localdate()})


def act_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    act = _or_404(selectors.act_get, slug)
    error = ""
    raw = request.GET.get("date", "")
    try:
        day = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day, error = timezone.localdate(), _("Give the date as YYYY-MM-DD.")
    version = selectors.act_version_at(act, day)
    text_lang = selectors.text_language(version, request.GET.get("text"), _lang()) if version else _lang()
    document = selectors.document_of(version, text_lang) if version else None
    versions = list(act.versions.all())
    context = {
        "act": act,
        "day": day,
        "error": error,
        "version": version,
        "versions": versions,
        "latest": versions[-1] if versions else None,
        "text_lang": text_lang,
        "languages": version.languages if version else [],
        "text_html": to_html(document) if document else "",
    }
    return render(request, "legislation/act_detail.html", context, status=422 if error else 200)
