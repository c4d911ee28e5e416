"""News services: who writes, what a valid article is, views without personal data, comments and moderation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kurultai.common.errors import DomainError
from kurultai.news import selectors, services
from kurultai.news.models import ArticleStatus, ArticleViewDay


def test_staff_writes_a_draft_and_publishes_it(make_article, staff) -> None:
    article = make_article(publish=False)
    assert article.status == ArticleStatus.DRAFT
    assert not selectors.published().filter(pk=article.pk).exists()
    services.article_publish(article=article, actor=staff)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at is not None
    assert selectors.published().filter(pk=article.pk).exists()
    with pytest.raises(DomainError) as exc:
        services.article_publish(article=article, actor=staff)
    assert exc.value.code == "already_published"


@pytest.mark.parametrize("username", ["citizen", "moderator", "deputy1"])
def test_only_staff_clerks_and_admins_write(username, django_user_model) -> None:
    user = django_user_model.objects.get(username=username)
    with pytest.raises(DomainError) as exc:
        services.article_create(actor=user, slug="not-allowed", texts={"title_kk": "a", "body_kk": "b"})
    assert exc.value.status == 403


@pytest.mark.parametrize("slug", ["", "Has Space", "2026", "write", "-x", "a" * 121, "кириллица"])
def test_bad_addresses_are_refused(staff, slug) -> None:
    with pytest.raises(DomainError) as exc:
        services.article_create(actor=staff, slug=slug, texts={"title_kk": "a", "body_kk": "b"})
    assert (exc.value.status, exc.value.code) == (422, "invalid_slug")


def test_a_taken_address_is_a_conflict(make_article) -> None:
    make_article(slug="same-slug")
    with pytest.raises(DomainError) as exc:
        make_article(slug="same-slug")
    assert (exc.value.status, exc.value.code) == (409, "slug_taken")


def test_a_title_needs_a_text_and_markup_is_removed(staff) -> None:
    with pytest.raises(DomainError) as exc:
        services.article_create(actor=staff, slug="only-title", texts={"title_ru": "Заголовок"})
    assert exc.value.status == 422
    with pytest.raises(DomainError):
        services.article_create(actor=staff, slug="nothing", texts={})
    with pytest.raises(DomainError) as unknown:
        services.article_create(actor=staff, slug="unknown", texts={"title_xx": "a"})
    assert unknown.value.status == 422
    article = services.article_create(
        actor=staff, slug="clean", texts={"title_kk": "<b>Тақырып</b>", "body_kk": "<script>x()</script>Мәтін"}
    )
    assert article.title_kk == "Тақырып"
    assert article.body_kk == "Мәтін"


def test_editing_moves_last_updated(make_article, staff) -> None:
    article = make_article()
    before = article.updated_at
    updated = services.article_update(article=article, actor=staff, texts={"title_en": "New title", "body_en": "x"})
    assert updated.title_en == "New title"
    assert updated.updated_at > before
    with pytest.raises(DomainError):  # would leave an English title without a text
        services.article_update(article=article, actor=staff, texts={"body_en": ""})


def test_views_are_counted_per_day_in_one_row(make_article) -> None:
    article = make_article()
    today = timezone.localdate()
    services.article_view_record(article=article, day=today)
    services.article_view_record(article=article, day=today)
    services.article_view_record(article=article, day=today - timedelta(days=1), count=5)
    rows = dict(ArticleViewDay.objects.filter(article=article).values_list("day", "count"))
    assert rows == {today: 2, today - timedelta(days=1): 5}
    assert selectors.view_count(article) == 7
    # Nothing but the article, the day and a number is stored.
    assert {f.name for f in ArticleViewDay._meta.get_fields()} == {"id", "article", "day", "count"}


def test_most_read_counts_only_this_week(make_article) -> None:
    old, recent = make_article(), make_article()
    today = timezone.localdate()
    services.article_view_record(article=old, day=today - timedelta(days=8), count=10_000)
    services.article_view_record(article=recent, day=today, count=9_000)
    ranked = dict(selectors.most_read(limit=50))
    assert ranked[recent] == 9_000
    assert old not in ranked
    assert selectors.most_read(limit=1)[0][0] == recent


def test_citizens_comment_and_moderators_hide(make_article, citizen, citizen2, moderator, staff) -> None:
    article = make_article()
    first = services.comment_create(article=article, actor=citizen, text="<i>Первый</i> комментарий")
    assert first.text == "Первый комментарий"
    for _ in range(3):
        services.comment_create(article=article, actor=citizen2, text="Ещё")
    discussed = dict(selectors.most_discussed(limit=50))
    assert discussed[article] == 4
    assert selectors.most_discussed(limit=1)[0] == (article, 4)
    with pytest.raises(DomainError) as denied:
        services.comment_hide(comment=first, actor=staff, reason="spam")
    assert denied.value.status == 403
    with pytest.raises(DomainError) as bad_reason:
        services.comment_hide(comment=first, actor=moderator, reason="ugly")
    assert (bad_reason.value.status, bad_reason.value.code) == (422, "invalid_reason")
    services.comment_hide(comment=first, actor=moderator, reason="spam", note="реклама")
    assert dict(selectors.most_discussed(limit=50))[article] == 3
    assert first.pk not in {c.pk for c in selectors.comments_of(article)}
    assert first.pk in {c.pk for c in selectors.comments_of(article, with_hidden=True)}
    with pytest.raises(DomainError) as twice:
        services.comment_hide(comment=first, actor=moderator, reason="spam")
    assert twice.value.status == 409
    services.comment_restore(comment=first, actor=moderator)
    assert dict(selectors.most_discussed(limit=50))[article] == 4


def test_old_comments_do_not_make_an_article_most_discussed(make_article, citizen) -> None:
    article = make_article()
    services.comment_create(article=article, actor=citizen, text="давно", at=timezone.now() - timedelta(days=8))
    assert article not in dict(selectors.most_discussed(limit=50))


def test_who_may_comment_and_what(make_article, staff, citizen) -> None:
    article = make_article()
    with pytest.raises(DomainError) as not_citizen:
        services.comment_create(article=article, actor=staff, text="x")
    assert (not_citizen.value.status, not_citizen.value.code) == (403, "not_verified")
    with pytest.raises(DomainError) as empty:
        services.comment_create(article=article, actor=citizen, text="  <b></b> ")
    assert empty.value.status == 422
    with pytest.raises(DomainError) as too_long:
        services.comment_create(article=article, actor=citizen, text="x" * (services.MAX_COMMENT + 1))
    assert too_long.value.status == 422
    draft = make_article(publish=False)
    with pytest.raises(DomainError) as unpublished:
        services.comment_create(article=draft, actor=citizen, text="x")
    assert unpublished.value.status == 409


def test_archive_by_month(make_article, staff) -> None:
    article = make_article(publish=False)
    services.article_publish(article=article, actor=staff, at=timezone.now() - timedelta(days=400))
    article.refresh_from_db()
    local = timezone.localtime(article.published_at)
    assert article in selectors.article_list(year=local.year, month=local.month)
    assert article in selectors.article_list(year=local.year)
    assert article not in selectors.article_list(year=local.year + 5)
    months = {(m.year, m.month): m.count for m in selectors.archive_months()}
    assert months[(local.year, local.month)] >= 1
