"""A citizen reads a news article and comments on it in a real browser; the view pixel counts the visit.

Run with ``pytest -m browser -p no:xdist`` (``make browser-test``). Uses Debian's chromium.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kurultai.news import selectors
from kurultai.news.models import ArticleComment
from kurultai.portal.demo import DEMO_PASSWORD, demo_load

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SLUG = "hearing-on-water-resources"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def site(transactional_db, live_server) -> str:
    demo_load()
    return live_server.url


@pytest.fixture
def errors(page: Page) -> list[str]:
    found: list[str] = []
    page.on(
        "console", lambda m: found.extend([m.text] * (m.type == "error" and "favicon" not in m.location.get("url", "")))
    )
    page.on("pageerror", lambda exc: found.append(str(exc)))
    return found


def test_a_citizen_comments_on_an_article(site: str, page: Page, errors: list[str]) -> None:
    article = selectors.article_get(SLUG)
    before = selectors.view_count(article)
    page.goto(f"{site}/en/accounts/login/")
    page.fill("input[name=username]", "citizen2")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/en/$"))
    page.goto(f"{site}/en/news/")
    page.get_by_role("link", name="Hearing on water resources").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hearing on water resources")
    page.get_by_label("Your comment").fill("Thank you for publishing this.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#comments")).to_contain_text("Thank you for publishing this.")
    assert ArticleComment.objects.filter(article=article, author__username="citizen2").exists()
    assert selectors.view_count(article) == before + 1  # two page loads, one browser session
    assert errors == []
