"""Writes for news: staff write and publish articles, citizens comment, moderators hide comments.

Every write is keyword-only, in one transaction, with an audit entry, except counting a view:
a view is not a change of the public record, and an audit entry per page view would also
invalidate the public page cache on every read (kurultai/common/pagecache.py).
"""

from __future__ import annotations

import html
import re
import secrets
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import nh3
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kurultai.accounts.permissions import is_admin, is_clerk, is_committee_staff, is_moderator, require
from kurultai.common.errors import CommonErrorCode, Conflict, DomainError, PermissionDenied
from kurultai.common.ratelimit import check_rate
from kurultai.common.services import audit_log
from kurultai.news.models import Article, ArticleComment, ArticleStatus, ArticleViewDay, HideReason

LANGS = ("kk", "ru", "en")
TEXT_FIELDS = ("title", "summary", "body")
MAX_TITLE = 300
MAX_SUMMARY = 1000
MAX_BODY = 50_000
MAX_COMMENT = 2000
MAX_NOTE = 500
COMMENT_RATE = "10/h"
RESERVED_SLUGS = frozenset({"write", "comments"})  # paths of news pages
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Committee staff and clerks write the parliament's news; administrators may too.
is_news_author = is_committee_staff | is_clerk | is_admin


class Code(StrEnum):
    INVALID_SLUG = "invalid_slug"
    SLUG_TAKEN = "slug_taken"
    INVALID_TEXT = "invalid_text"
    NOT_PUBLISHED = "not_published"
    ALREADY_PUBLISHED = "already_published"
    NOT_VERIFIED = "not_verified"
    INVALID_REASON = "invalid_reason"
    ALREADY_HIDDEN = "already_hidden"
    NOT_HIDDEN = "not_hidden"


def plain_text(value: str | None) -> str:
    """Plain text: markup removed with nh3, control characters dropped, paragraphs kept."""
    stripped = nh3.clean(value or "", tags=set(), strip_comments=True)
    text = html.unescape(stripped).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def _bounded(value: str | None, *, field: str, max_length: int) -> str:
    text = plain_text(value)
    if len(text) > max_length:
        raise DomainError(
            Code.INVALID_TEXT,
            _("This text is too long: at most %(n)s characters.") % {"n": max_length},
            status=422,
            data={"field": field, "max_length": max_length},
        )
    return text


def _texts(texts: dict[str, str]) -> dict[str, str]:
    """``title_kk`` … ``body_en`` cleaned; a title and a text in at least one language."""
    limits = {"title": MAX_TITLE, "summary": MAX_SUMMARY, "body": MAX_BODY}
    unknown = set(texts) - {f"{f}_{lang}" for f in TEXT_FIELDS for lang in LANGS}
    if unknown:
        raise DomainError(CommonErrorCode.INVALID, _("Unknown field."), status=422, data={"fields": sorted(unknown)})
    cleaned = {
        name: _bounded(value, field=name, max_length=limits[name.rsplit("_", 1)[0]]) for name, value in texts.items()
    }
    for lang in LANGS:
        if bool(cleaned.get(f"title_{lang}")) != bool(cleaned.get(f"body_{lang}")):
            raise DomainError(
                Code.INVALID_TEXT,
                _("Give both a title and a text in each language you write in."),
                status=422,
                data={"field": f"title_{lang}" if not cleaned.get(f"title_{lang}") else f"body_{lang}"},
            )
    return cleaned


def article_create(*, actor: Any, slug: str, texts: dict[str, str], publish: bool = False) -> Article:
    """A new article (draft unless ``publish``); staff only; ``texts`` maps ``title_kk`` etc. to text."""
    require(actor, is_news_author, action="news.article.create")
    slug = (slug or "").strip().lower()
    if not SLUG_RE.match(slug) or slug.isdigit() or len(slug) > 120 or slug in RESERVED_SLUGS:
        raise DomainError(
            Code.INVALID_SLUG,
            _("The address may hold Latin letters, digits and hyphens, not only digits."),
            status=422,
            data={"field": "slug"},
        )
    cleaned = _texts(texts)
    if not any(cleaned.get(f"title_{lang}") for lang in LANGS):
        raise DomainError(Code.INVALID_TEXT, _("Give a title and a text."), status=422, data={"field": "title_kk"})
    now = timezone.now()
    try:
        with transaction.atomic():
            article = Article.objects.create(
                slug=slug,
                author=actor if getattr(actor, "is_authenticated", False) else None,
                updated_at=now,
                status=ArticleStatus.PUBLISHED if publish else ArticleStatus.DRAFT,
                published_at=now if publish else None,
                **cleaned,
            )
            audit_log(action="news.article.created", actor=actor, obj=article, data={"published": publish})
    except IntegrityError:
        raise Conflict(_("Another article has this address."), code=Code.SLUG_TAKEN, data={"field": "slug"}) from None
    return article


def article_update(*, article: Article, actor: Any, texts: dict[str, str]) -> Article:
    require(actor, is_news_author, action="news.article.update")
    cleaned = _texts(texts)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        merged = {f"{f}_{lang}": getattr(article, f"{f}_{lang}") or "" for f in TEXT_FIELDS for lang in LANGS}
        merged.update(cleaned)
        _texts(merged)  # the result must still pair titles with texts
        if not any(merged[f"title_{lang}"] for lang in LANGS):
            raise DomainError(Code.INVALID_TEXT, _("Give a title and a text."), status=422, data={"field": "title_kk"})
        changed = sorted(k for k, v in cleaned.items() if v != (getattr(article, k) or ""))
        for name, value in cleaned.items():
            setattr(article, name, value)
        article.updated_at = timezone.now()
        article.save()
        audit_log(action="news.article.updated", actor=actor, obj=article, data={"fields": changed})
    return article


def article_publish(*, article: Article, actor: Any, at: datetime | None = None) -> Article:
    require(actor, is_news_author, action="news.article.publish")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.status == ArticleStatus.PUBLISHED:
            raise Conflict(_("This article is already published."), code=Code.ALREADY_PUBLISHED)
        moment = at or timezone.now()
        article.status, article.published_at, article.updated_at = ArticleStatus.PUBLISHED, moment, moment
        article.save(update_fields=["status", "published_at", "updated_at"])
        audit_log(action="news.article.published", actor=actor, obj=article)
    return article


def article_unpublish(*, article: Article, actor: Any) -> Article:
    """Back to a draft (a correction in progress, a mistake); its views and comments stay."""
    require(actor, is_news_author, action="news.article.unpublish")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.status != ArticleStatus.PUBLISHED:
            raise Conflict(_("This article is not published."), code=Code.NOT_PUBLISHED)
        article.status, article.published_at, article.updated_at = ArticleStatus.DRAFT, None, timezone.now()
        article.save(update_fields=["status", "published_at", "updated_at"])
        audit_log(action="news.article.unpublished", actor=actor, obj=article)
    return article


def article_view_record(*, article: Article, day: date | None = None, count: int = 1) -> None:
    """Add ``count`` views to the article's day: one atomic increment, the row made on first view.

    Deliberately no audit entry (see the module docstring) and nothing about the reader.
    """
    day = day or timezone.localdate()
    if ArticleViewDay.objects.filter(article=article, day=day).update(count=F("count") + count):
        return
    try:
        with transaction.atomic():
            ArticleViewDay.objects.create(article=article, day=day, count=count)
    except IntegrityError:  # another request made the row first
        ArticleViewDay.objects.filter(article=article, day=day).update(count=F("count") + count)


def _require_citizen(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401)
    if getattr(actor, "citizen", None) is None:
        raise PermissionDenied(
            _("Only citizens who have verified their account with an IIN can do this."), code=Code.NOT_VERIFIED
        )


def comment_create(
    *, article: Article, actor: Any, text: str, request: HttpRequest | None = None, at: datetime | None = None
) -> ArticleComment:
    """A verified citizen's comment on a published article; shown at once, moderated after."""
    _require_citizen(actor)
    if article.status != ArticleStatus.PUBLISHED:
        raise Conflict(_("This article is not published."), code=Code.NOT_PUBLISHED)
    body = _bounded(text, field="text", max_length=MAX_COMMENT)
    if not body:
        raise DomainError(Code.INVALID_TEXT, _("Write a comment."), status=422, data={"field": "text"})
    if request is not None:
        check_rate(request, group="news.comment", rate=COMMENT_RATE)
    with transaction.atomic():
        comment = ArticleComment.objects.create(
            ref=secrets.token_hex(5), article=article, author=actor, text=body, created_at=at or timezone.now()
        )
        audit_log(action="news.comment.created", actor=actor, obj=article, data={"comment": comment.ref})
    return comment


def comment_hide(*, comment: ArticleComment, actor: Any, reason: str, note: str = "") -> ArticleComment:
    """A moderator hides a comment with a reason from the list (participation's reasons)."""
    require(actor, is_moderator, action="news.comment.hide")
    if reason not in HideReason.values:
        raise DomainError(
            Code.INVALID_REASON, _("Choose a reason from the list."), status=422, data={"field": "reason"}
        )
    note = _bounded(note, field="note", max_length=MAX_NOTE)
    with transaction.atomic():
        comment = ArticleComment.objects.select_for_update().get(pk=comment.pk)
        if comment.hidden_at is not None:
            raise Conflict(_("This is already hidden."), code=Code.ALREADY_HIDDEN)
        comment.hidden_at, comment.hidden_reason, comment.hidden_note = timezone.now(), reason, note
        comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_note"])
        audit_log(
            action="news.comment.hidden",
            actor=actor,
            obj=comment.article,
            data={"comment": comment.ref, "reason": reason},
        )
    return comment


def comment_restore(*, comment: ArticleComment, actor: Any) -> ArticleComment:
    require(actor, is_moderator, action="news.comment.restore")
    with transaction.atomic():
        comment = ArticleComment.objects.select_for_update().get(pk=comment.pk)
        if comment.hidden_at is None:
            raise Conflict(_("This is not hidden."), code=Code.NOT_HIDDEN)
        comment.hidden_at, comment.hidden_reason, comment.hidden_note = None, "", ""
        comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_note"])
        audit_log(action="news.comment.restored", actor=actor, obj=comment.article, data={"comment": comment.ref})
    return comment
