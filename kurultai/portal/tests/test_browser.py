"""A person's first visit, in a real browser: home in Kazakh, switch to Russian, filter deputies, open a profile.

Run with ``pytest -m browser -p no:xdist`` (``make browser-test``). Uses Debian's chromium.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from kurultai.portal.demo import demo_load
from kurultai.registry import selectors

# The live server thread and Playwright's event loop share the process; the database calls
# made from the test itself are ordinary synchronous ones.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def site(transactional_db, live_server) -> str:
    # The live server reads committed data: load the demo through the real loader (idempotent).
    demo_load()
    return live_server.url


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Every error the page logs, CSP violations included.

    The browser's own request for /favicon.ico is left out: the site declares no icon yet.
    """
    errors: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        own_request = message.location.get("url", "").endswith("/favicon.ico")
        errors.extend([message.text] * (message.type == "error" and not own_request))

    page.on("console", collect)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_home_switch_to_russian_filter_deputies_open_a_profile(site: str, page: Page, console_errors: list[str]):
    party = "amanat"
    expected = selectors.deputy_list(selectors.DeputyFilters(party=party)).count()

    page.goto(f"{site}/kk/")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.locator("h1")).to_be_visible()

    page.locator('.lang-switch a[data-lang="ru"]').click()
    expect(page).to_have_url(f"{site}/ru/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    page.locator('.main-nav a[href="/ru/deputies/"]').click()
    expect(page).to_have_url(f"{site}/ru/deputies/")
    expect(page.locator(".deputy-card")).to_have_count(145)

    # Choosing a party swaps only the results (htmx) and keeps the address shareable.
    page.locator("#f-party").select_option(party)
    expect(page.locator(".deputy-card")).to_have_count(expected)
    expect(page).to_have_url(re.compile(rf"/ru/deputies/\?.*party={party}"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#f-party")).to_have_value(party)

    first = page.locator(".deputy-card .card-title").first
    name = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(r"/ru/deputies/[a-z0-9-]+/$"))
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator(".profile .badge")).to_be_visible()
    expect(page.locator(".profile .facts a[href^='/ru/parties/']")).to_have_attribute("href", f"/ru/parties/{party}/")

    assert console_errors == []


def test_the_filters_work_without_javascript_too(site: str, browser: Any):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/en/deputies/")
    page.locator("#f-gender").select_option("female")
    page.locator("form.filters button[type=submit]").click()
    expected = selectors.deputy_list(selectors.DeputyFilters(gender="female")).count()
    expect(page).to_have_url(re.compile(r"gender=female"))
    expect(page.locator(".deputy-card")).to_have_count(expected)
    context.close()
