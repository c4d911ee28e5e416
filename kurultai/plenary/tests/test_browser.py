"""A deputy votes in a real browser: sign in, confirm the TOTP code, press "Yes", confirm, see the ballot.

Run with ``pytest -m browser -p no:xdist`` (``make browser-test``). Uses Debian's chromium.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import ConsoleMessage, Page, expect

from kurultai.accounts.models import User
from kurultai.plenary.models import Ballot, VoteEvent
from kurultai.portal.demo import DEMO_PASSWORD, demo_load

# The live server thread and Playwright's event loop share the process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def site(transactional_db, live_server) -> str:
    demo_load()  # the live server reads committed data; the loader is idempotent
    return live_server.url


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        errors.extend([message.text] * (message.type == "error"))

    page.on("console", collect)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_a_deputy_signs_in_with_totp_and_casts_a_ballot(site: str, page: Page, console_errors: list[str]):
    user = User.objects.get(username="deputy1")
    vote = VoteEvent.objects.get(state="open")
    ballot_url = f"{site}/en/plenary/votes/{vote.slug}/ballot/"

    page.goto(ballot_url)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/accounts/otp/"))
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.locator("#id_token").fill(f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(ballot_url)
    expect(page.locator("h2").first).to_have_text(vote.title_en)
    page.get_by_role("button", name="yes", exact=True).click()
    expect(page.locator(".confirm")).to_be_visible()
    page.get_by_role("button", name=re.compile("Confirm: yes")).click()

    expect(page.locator("#own-ballot")).to_be_visible()
    expect(page.locator("#own-ballot .option")).to_have_text("yes")
    assert Ballot.objects.get(vote_event=vote, deputy__slug=user.person_slug).option == "yes"

    page.goto(f"{site}/en/plenary/votes/{vote.slug}/live/")
    expect(page.locator("#board circle")).to_have_count(145)
    expect(page.locator("#board")).to_have_attribute("hx-trigger", "every 2s")
    assert console_errors == []
