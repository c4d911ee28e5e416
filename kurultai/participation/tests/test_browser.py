"""A citizen signs a petition in a real browser: log in, open the petition, press the button (htmx),
see the signature, with no console or CSP errors; then proposals suggest similar ones while typing.

Run with ``pytest -m browser -p no:xdist`` (``make browser-test``). Uses Debian's chromium.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kurultai.participation.models import Petition, PetitionStatus, Signature
from kurultai.portal.demo import DEMO_PASSWORD, demo_load

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


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


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/en/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")  # not the header's search box
    page.wait_for_url(re.compile(r".*/en/$"))


def test_a_citizen_signs_a_petition_with_the_button(site: str, page: Page, errors: list[str]):
    petition = Petition.objects.filter(status=PetitionStatus.LISTED, addressee_kind="government").first()
    log_in(page, site, "citizen2")
    page.goto(f"{site}/en/petitions/{petition.slug}/")
    expect(page.get_by_role("img", name="Signatures by region")).to_be_visible()
    page.get_by_label("Tell me when the addressee answers").check()
    page.get_by_role("button", name="Sign this petition").click()
    expect(page.locator("#sign-box")).to_contain_text("You signed this petition")
    assert Signature.objects.filter(petition=petition, citizen__user__username="citizen2", notify=True).exists()
    assert errors == []


def test_similar_proposals_appear_while_typing(site: str, page: Page, errors: list[str]):
    log_in(page, site, "citizen3")
    page.goto(f"{site}/en/proposals/new/")
    page.locator("#id_title").press_sequentially("Открытые данные о ДТП", delay=20)
    expect(page.locator("#similar")).to_contain_text("Открытые данные о ДТП")
    assert errors == []
