"""News pages, the view pixel, the API, the feed, the sitemap, the search and the activity stream."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from kurultai.news import selectors, services
from kurultai.news.views import SEEN_COOKIE


def test_list_page_shows_articles_sidebar_and_last_updated(client, make_article, django_assert_max_num_queries) -> None:
    article = make_article()
    with django_assert_max_num_queries(12):
        response = client.get("/ru/news/")
    html = response.content.decode()
    assert response.status_code == 200
    assert article.title_ru in html
    assert "Чаще всего читают на этой неделе" in html
    assert "Больше всего обсуждают на этой неделе" in html
    assert 'class="updated"' in html
    assert 'type="application/atom+xml"' in html
    assert "/ru/feeds/news/" in html
    assert 'href="/kk/news/"' in client.get("/kk/").content.decode()  # in the main menu


@pytest.mark.parametrize(("lang", "word"), [("kk", "Жаңалықтар"), ("ru", "Новости"), ("en", "News")])
def test_pages_speak_three_languages(client, make_article, lang, word) -> None:
    article = make_article()
    assert word in client.get(f"/{lang}/news/").content.decode()
    page = client.get(f"/{lang}/news/{article.slug}/").content.decode()
    assert getattr(article, f"title_{lang}") in page


def test_article_page(client, make_article) -> None:
    article = make_article()
    response = client.get(f"/ru/news/{article.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>Текст на русском.</p>" in html
    assert "<p>Второй абзац.</p>" in html
    assert f'src="/ru/news/{article.slug}/seen.gif"' in html
    assert "Последнее обновление" in html
    assert "<script" not in html.split("</head>")[1]  # no inline JavaScript


def test_drafts_are_for_staff_only(client, make_article, staff) -> None:
    draft = make_article(publish=False)
    assert client.get(f"/ru/news/{draft.slug}/").status_code == 404
    assert client.get(f"/ru/news/{draft.slug}/seen.gif").status_code == 404
    client.force_login(staff)
    assert client.get(f"/ru/news/{draft.slug}/").status_code == 200


def test_archive_pages(client, make_article) -> None:
    article = make_article()
    local = timezone.localtime(article.published_at)
    month = client.get(f"/ru/news/{local.year}/{local.month}/")
    assert month.status_code == 200
    assert article.title_ru in month.content.decode()
    assert article.title_ru in client.get(f"/ru/news/{local.year}/").content.decode()
    assert article.title_ru not in client.get(f"/ru/news/{local.year - 3}/").content.decode()
    assert client.get(f"/ru/news/{local.year}/13/").status_code == 404
    assert client.get("/ru/news/99999/").status_code == 404


def test_the_pixel_counts_once_per_browser_session_per_day(make_article) -> None:
    article = make_article()
    url = f"/ru/news/{article.slug}/seen.gif"
    browser = Client()
    first = browser.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "image/gif"
    assert "no-store" in first["Cache-Control"]
    cookie = first.cookies[SEEN_COOKIE]
    assert cookie["max-age"] == ""  # a session cookie, not for scripts
    assert cookie["httponly"]
    assert "127.0.0.1" not in cookie.value
    browser.get(url)
    browser.get(url)
    assert selectors.view_count(article) == 1
    Client().get(url)  # another browser session
    assert selectors.view_count(article) == 2
    other = make_article()
    browser.get(f"/ru/news/{other.slug}/seen.gif")  # the same session, another article
    assert selectors.view_count(other) == 1
    assert selectors.view_count(article) == 2


def test_a_forged_or_old_cookie_counts_again(make_article) -> None:
    article = make_article()
    url = f"/ru/news/{article.slug}/seen.gif"
    browser = Client()
    browser.cookies[SEEN_COOKIE] = "2020-01-01:abcdef12"  # unsigned: ignored
    browser.get(url)
    assert selectors.view_count(article) == 1


def test_views_count_while_the_page_itself_comes_from_the_cache(settings, make_article) -> None:
    settings.PAGE_CACHE_DISABLED = False
    cache.clear()
    article = make_article()
    page = f"/ru/news/{article.slug}/"
    assert Client().get(page)["X-Cache"] == "miss"
    for _ in range(3):
        browser = Client()
        assert browser.get(page)["X-Cache"] == "hit"
        pixel = browser.get(f"/ru/news/{article.slug}/seen.gif")
        assert "X-Cache" not in pixel
    assert selectors.view_count(article) == 3


def test_a_citizen_comments_on_the_page(client, make_article, citizen) -> None:
    article = make_article()
    client.force_login(citizen)
    response = client.post(f"/ru/news/{article.slug}/", {"text": "Хорошая новость"})
    assert response.status_code == 302
    page = client.get(f"/ru/news/{article.slug}/").content.decode()
    assert "Хорошая новость" in page
    assert page.count(citizen.display_name) == 1  # the header only: a comment shows "verified citizen"
    assert client.post(f"/ru/news/{article.slug}/", {"text": ""}).status_code == 422


def test_comment_form_for_others(client, make_article, staff) -> None:
    article = make_article()
    anonymous = client.post(f"/ru/news/{article.slug}/", {"text": "x"})
    assert anonymous.status_code == 302
    assert "/accounts/login" in anonymous["Location"]
    client.force_login(staff)
    assert client.post(f"/ru/news/{article.slug}/", {"text": "x"}).status_code == 403


def test_comments_are_rate_limited(client, make_article, citizen) -> None:
    cache.clear()
    article = make_article()
    client.force_login(citizen)
    limit = int(services.COMMENT_RATE.split("/")[0])
    for i in range(limit):
        assert client.post(f"/ru/news/{article.slug}/", {"text": f"комментарий {i}"}).status_code == 302
    assert client.post(f"/ru/news/{article.slug}/", {"text": "ещё один"}).status_code == 429
    cache.clear()


def test_moderator_hides_from_the_page(client, make_article, citizen, moderator) -> None:
    article = make_article()
    comment = services.comment_create(article=article, actor=citizen, text="Спам спам")
    client.force_login(moderator)
    page = client.get(f"/ru/news/{article.slug}/").content.decode()
    assert f'<select id="reason-{comment.ref}" name="reason">' in page
    url = f"/ru/news/comments/{comment.ref}/moderate/"
    assert client.post(url, {"action": "hide", "reason": "nonsense"}).status_code == 422
    assert client.post(url, {"action": "hide", "reason": "spam"}).status_code == 302
    assert "Спам спам" not in Client().get(f"/ru/news/{article.slug}/").content.decode()
    client.force_login(citizen)
    assert client.post(url, {"action": "restore"}).status_code == 403
    assert client.get(url).status_code == 405


def test_staff_write_and_edit_pages(client, staff, citizen) -> None:
    client.force_login(citizen)
    assert client.get("/ru/news/write/").status_code == 403
    client.force_login(staff)
    assert client.get("/ru/news/write/").status_code == 200
    data = {"slug": "from-the-form", "title_ru": "Из формы", "body_ru": "Текст", "publish": "on"}
    response = client.post("/ru/news/write/", data)
    assert response.status_code == 302
    assert client.get("/ru/news/from-the-form/").status_code == 200
    assert client.post("/ru/news/write/", data).status_code == 409  # the address is taken
    bad = client.post("/ru/news/write/", {"slug": "no-text", "title_ru": "Без текста"})
    assert bad.status_code == 422
    edit = client.post("/ru/news/from-the-form/edit/", {"title_ru": "Исправлено", "body_ru": "Текст"})
    assert edit.status_code == 302
    assert Client().get("/ru/news/from-the-form/").status_code == 404  # the box was unticked: a draft again


def test_api_lists_and_shows_articles(client, make_article, citizen, django_assert_max_num_queries) -> None:
    article = make_article()
    draft = make_article(publish=False)
    services.comment_create(article=article, actor=citizen, text="x")
    services.article_view_record(article=article, count=4)
    with django_assert_max_num_queries(4):
        listing = client.get("/api/v1/news?limit=500&lang=ru").json()
    ids = [a["id"] for a in listing["items"]]
    assert article.slug in ids
    assert draft.slug not in ids
    item = next(a for a in listing["items"] if a["id"] == article.slug)
    assert item["title"] == article.title_ru
    assert item["languages"] == ["kk", "ru", "en"]
    detail = client.get(f"/api/v1/news/{article.slug}?lang=en").json()
    assert detail["title"] == "A test news article"
    assert (detail["comment_count"], detail["view_count"]) == (1, 4)
    missing = client.get(f"/api/v1/news/{draft.slug}")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    bad = client.get("/api/v1/news?month=13&year=2026")
    assert bad.status_code == 422
    assert bad.json()["code"] == "validation_error"


def test_atom_feed_sitemap_search_and_activity(client, make_article) -> None:
    article = make_article(title_ru="Уникальнаяновость о курултае")
    feed = client.get("/ru/feeds/news/")
    assert feed.status_code == 200
    assert "application/atom+xml" in feed["Content-Type"]
    assert "Уникальнаяновость" in feed.content.decode()
    assert f"/ru/news/{article.slug}/" in client.get("/sitemap-news.xml").content.decode()
    found = client.get("/api/v1/search?q=уникальнаяновость&lang=ru").json()
    assert any(hit["id"] == article.slug for hit in found["items"])
    assert "Уникальнаяновость" in client.get("/ru/activity/?type=news").content.decode()
    services.article_unpublish(article=article, actor=article.author)
    found = client.get("/api/v1/search?q=уникальнаяновость&lang=ru").json()
    assert not any(hit["id"] == article.slug for hit in found["items"])


def test_demo_articles_are_loaded(db) -> None:
    assert selectors.published().filter(slug="autumn-session-opens").exists()
    assert selectors.most_read()
    assert selectors.most_discussed()
