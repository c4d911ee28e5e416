"""News pages: the list, the archive by month, an article with its comments, the view pixel, staff writing.

Thin: parse the request, call selectors or services, render; a ``DomainError`` is shown as a
form error with its status.

Counting views without personal data and without breaking the page cache: anonymous pages
come from the shared page cache (kurultai/common/pagecache.py), so the article view cannot
count. Each article page carries a 1×1 ``<img>`` pointing at ``seen.gif`` (no JavaScript, so
nothing for the CSP to allow). That response is never cached (``no-store`` and it sets a
cookie); it counts the view once per browser session per article per day, remembered in a
signed session cookie holding the day and short hashes of the articles seen that day, never
an IP address or an account.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from kurultai.accounts.permissions import is_moderator
from kurultai.common.errors import DomainError, NotFound
from kurultai.news import selectors, services
from kurultai.news.models import ArticleStatus, HideReason

PAGE_SIZE = 20
SEEN_COOKIE = "news_seen"
SEEN_SALT = "kurultai.news.seen"
SEEN_MAX = 200  # article hashes remembered per day; beyond it the oldest may count again
# The smallest transparent GIF.
PIXEL = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


def _or_404(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except NotFound as exc:
        raise Http404(str(exc)) from None


def _page(request: HttpRequest, qs: Any) -> Any:
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    return Paginator(qs, PAGE_SIZE).get_page(number)


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {**selectors.sidebar(), "can_write": services.is_news_author.test(request.user), **extra}


def _latest_update(articles: Any) -> Any:
    stamps = [a.updated_at for a in articles]
    return max(stamps) if stamps else None


def news_list_view(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.article_list())
    return render(
        request,
        "news/list.html",
        _context(request, page=page, updated=_latest_update(page.object_list), heading=None),
    )


def news_archive_view(request: HttpRequest, year: int, month: int | None = None) -> HttpResponse:
    if not 1900 <= year <= 2999 or (month is not None and not 1 <= month <= 12):
        raise Http404("No such month.")
    page = _page(request, selectors.article_list(year=year, month=month))
    period = timezone.datetime(year, month or 1, 1).date()
    return render(
        request,
        "news/list.html",
        _context(
            request,
            page=page,
            updated=_latest_update(page.object_list),
            archive_year=year,
            archive_month=month,
            period=period,
        ),
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=services.MAX_COMMENT, widget=forms.Textarea)


class HideForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=HideReason.choices)
    note = forms.CharField(label=_("Note for the author"), required=False, max_length=services.MAX_NOTE)


def news_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    user: Any = request.user
    can_write = services.is_news_author.test(user)
    article = _or_404(selectors.article_get, slug, drafts=can_write)
    moderator = is_moderator.test(user)
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not user.is_authenticated:
            return HttpResponseRedirect(reverse("accounts:login") + "?next=" + request.path)
        if form.is_valid():
            try:
                comment = services.comment_create(
                    article=article, actor=user, text=form.cleaned_data["text"], request=request
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                return HttpResponseRedirect(reverse("news:detail", args=[article.slug]) + f"#c-{comment.ref}")
        else:
            status = 422
    context = _context(
        request,
        article=article,
        comments=list(selectors.comments_of(article, with_hidden=moderator)),
        views=selectors.view_count(article),
        form=form,
        reasons=HideReason.choices if moderator else [],
        moderator=moderator,
        citizen=getattr(user, "citizen", None) is not None if user.is_authenticated else False,
        draft=article.status == ArticleStatus.DRAFT,
        updated=article.updated_at,
    )
    return render(request, "news/detail.html", context, status=status)


def _seen_hash(slug: str) -> str:
    return hashlib.sha256(slug.encode("utf-8")).hexdigest()[:8]


@require_GET
def news_seen_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The view pixel: counts this browser session's first view of the article today."""
    article = _or_404(selectors.article_get, slug)
    today = timezone.localdate().isoformat()
    seen: list[str] = []
    raw = request.get_signed_cookie(SEEN_COOKIE, default="", salt=SEEN_SALT)
    day, _sep, hashes = str(raw).partition(":")
    if day == today and hashes:
        seen = hashes.split(".")
    mark = _seen_hash(article.slug)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store, private"
    if mark not in seen:
        services.article_view_record(article=article)
        seen = [*seen, mark][-SEEN_MAX:]
        from django.conf import settings

        # No max_age: a session cookie, gone when the browser closes.
        response.set_signed_cookie(
            SEEN_COOKIE,
            f"{today}:{'.'.join(seen)}",
            salt=SEEN_SALT,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            path="/",
        )
    return response


@require_POST
@login_required
def comment_moderate_view(request: HttpRequest, ref: str) -> HttpResponse:
    comment = _or_404(selectors.comment_get, ref)
    action = request.POST.get("action", "hide")
    try:
        if action == "restore":
            services.comment_restore(comment=comment, actor=request.user)
        else:
            form = HideForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "portal/error.html",
                    {"status": 422, "message": _("Choose a reason from the list.")},
                    status=422,
                )
            services.comment_hide(
                comment=comment, actor=request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
    except DomainError as exc:
        return render(request, "portal/error.html", {"status": exc.status, "message": exc.message}, status=exc.status)
    return HttpResponseRedirect(reverse("news:detail", args=[comment.article.slug]) + f"#c-{comment.ref}")


# ---------------------------------------------------------------- staff: writing and publishing


class ArticleForm(forms.Form):
    slug = forms.SlugField(label=_("Address (Latin letters, digits, hyphens)"), max_length=120)
    title_kk = forms.CharField(label=_("Title in Kazakh"), max_length=services.MAX_TITLE, required=False)
    summary_kk = forms.CharField(label=_("Summary in Kazakh"), widget=forms.Textarea, required=False)
    body_kk = forms.CharField(label=_("Text in Kazakh"), widget=forms.Textarea, required=False)
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=services.MAX_TITLE, required=False)
    summary_ru = forms.CharField(label=_("Summary in Russian"), widget=forms.Textarea, required=False)
    body_ru = forms.CharField(label=_("Text in Russian"), widget=forms.Textarea, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=services.MAX_TITLE, required=False)
    summary_en = forms.CharField(label=_("Summary in English"), widget=forms.Textarea, required=False)
    body_en = forms.CharField(label=_("Text in English"), widget=forms.Textarea, required=False)
    publish = forms.BooleanField(label=_("Published"), required=False)

    def texts(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("slug", "publish")}


def _forbidden(request: HttpRequest) -> HttpResponse:
    message = _("Only parliament staff write news.")
    return render(request, "portal/error.html", {"status": 403, "message": message}, status=403)


@login_required
def article_write_view(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Write a new article, or edit one (and publish or unpublish it): committee staff, clerks, admins."""
    user: Any = request.user
    if not services.is_news_author.test(user):
        return _forbidden(request)
    article = _or_404(selectors.article_get, slug, drafts=True) if slug else None
    initial: dict[str, Any] = {}
    if article is not None:
        initial = {
            f"{f}_{lang}": getattr(article, f"{f}_{lang}") or ""
            for f in services.TEXT_FIELDS
            for lang in services.LANGS
        }
        initial.update(slug=article.slug, publish=article.status == ArticleStatus.PUBLISHED)
    form = ArticleForm(request.POST or None, initial=initial)
    if article is not None:
        form.fields["slug"].disabled = True
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                publish = form.cleaned_data["publish"]
                if article is None:
                    article = services.article_create(
                        actor=user, slug=form.cleaned_data["slug"], texts=form.texts(), publish=publish
                    )
                else:
                    article = services.article_update(article=article, actor=user, texts=form.texts())
                    if publish and article.status == ArticleStatus.DRAFT:
                        services.article_publish(article=article, actor=user)
                    elif not publish and article.status == ArticleStatus.PUBLISHED:
                        services.article_unpublish(article=article, actor=user)
            except DomainError as exc:
                field = exc.data.get("field")
                form.add_error(field if field in form.fields else None, exc.message)
                status = exc.status
            else:
                return HttpResponseRedirect(reverse("news:detail", args=[article.slug]))
        else:
            status = 422
    return render(request, "news/write.html", {"form": form, "article": article}, status=status)
