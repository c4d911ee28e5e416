"""Accessibility of the public site in a real browser (issue 11).

* axe-core (bundled by axe-playwright-python, no network) over one address of every public page
  template in Kazakh, Russian and English, and over the citizen's forms: no serious or
  critical violation.
* Keyboard only (Tab, Shift+Tab, Enter, Space): sign a petition, comment on a provision of a
  bill under consultation, cast a ballot as a deputy; every control reached shows a visible
  focus indicator.
* prefers-reduced-motion: nothing animates or transitions.
* A 390 px wide phone: no page scrolls sideways.

Run with ``pytest -m browser -p no:xdist`` (``make browser-test``). Uses Debian's chromium.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from kurultai.accounts.models import User
from kurultai.legislation.models import Comment, Consultation
from kurultai.participation.models import Petition, PetitionStatus, Signature
from kurultai.plenary.models import Ballot, VoteEvent
from kurultai.portal.demo import DEMO_PASSWORD, demo_load
from kurultai.portal.tests import public_pages

# The live server thread and Playwright's event loop share the process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BLOCKING = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def site(transactional_db, live_server) -> str:
    demo_load()  # the live server reads committed data; the loader is idempotent
    return live_server.url


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main form button[type=submit]")


def blocking_violations(axe: Axe, page: Page) -> list[str]:
    found = axe.run(page).response["violations"]
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {v['help']}\n    "
        + "\n    ".join(n["html"][:200] for n in v["nodes"][:5])
        for v in found
        if v["impact"] in BLOCKING
    ]


def test_no_serious_or_critical_axe_violation_on_any_public_page(site: str, page: Page):
    axe = Axe()
    problems: list[str] = []
    for lang in public_pages.LANGS:
        for name, path in public_pages.public_paths(lang):
            response = page.goto(site + path)
            assert response is not None, (name, path)
            assert response.ok, (name, path)
            problems += blocking_violations(axe, page)
    log_in(page, site, "citizen")
    page.wait_for_url(re.compile(r"/en/$"))
    for lang in public_pages.LANGS:
        for name, path in public_pages.citizen_paths(lang):
            response = page.goto(site + path)
            assert response is not None, (name, path)
            assert response.ok, (name, path)
            problems += blocking_violations(axe, page)
    print("\n".join(problems))  # noqa: T201 - the report a developer reads when this fails
    assert problems == []


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return {tag: el.tagName, name: el.getAttribute('name'), text: (el.innerText || el.value || '').trim().slice(0, 60),
          visible: outline || s.boxShadow !== 'none'};
}"""


def tab_to(page: Page, selector: str, *, backwards: bool = False, limit: int = 150) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``; check its focus ring."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(sel) => !!document.activeElement && document.activeElement.matches(sel)", selector):
            focused = page.evaluate(FOCUS_STYLE)
            assert focused["visible"], f"no visible focus indicator on {focused}"
            return
    raise AssertionError(f"{selector} is not reachable with {key} in {limit} presses")


def assert_focus_visible(page: Page) -> None:
    focused = page.evaluate(FOCUS_STYLE)
    assert focused is not None, "nothing has the focus"
    assert focused["visible"], f"no visible focus indicator on {focused}"


def test_a_citizen_signs_a_petition_with_the_keyboard_only(site: str, page: Page):
    petition = Petition.objects.filter(status=PetitionStatus.LISTED).order_by("slug").first()
    log_in(page, site, "citizen2")
    page.wait_for_url(re.compile(r"/en/$"))
    page.goto(f"{site}/en/petitions/{petition.slug}/")

    tab_to(page, "#sign-box input[name=notify]")
    page.keyboard.press("Space")
    expect(page.locator("#sign-box input[name=notify]")).to_be_checked()
    tab_to(page, "#sign-box button.sign-button")
    # Back and forth: Shift+Tab returns to the box, Tab to the button again.
    tab_to(page, "#sign-box input[name=notify]", backwards=True)
    tab_to(page, "#sign-box button.sign-button")
    page.keyboard.press("Enter")

    expect(page.locator("#sign-box")).to_contain_text("You signed this petition")
    assert Signature.objects.filter(petition=petition, citizen__user__username="citizen2", notify=True).exists()


def test_a_citizen_comments_on_a_provision_with_the_keyboard_only(site: str, page: Page):
    consultation = next(c for c in Consultation.objects.select_related("bill", "version") if c.is_open())
    log_in(page, site, "citizen3")
    page.wait_for_url(re.compile(r"/en/$"))
    page.goto(f"{site}/en/bills/{consultation.bill.slug}/versions/{consultation.version.number}/consultation/")
    href = page.locator("a[href*='/provisions/']").first.get_attribute("href")
    page.goto(site + href)

    tab_to(page, "textarea#c-text")
    text = "Keyboard only: please define the term in this point."
    page.keyboard.type(text)
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator("#comments")).to_contain_text(text)
    assert Comment.objects.filter(consultation=consultation, text=text).exists()


def test_a_deputy_casts_a_ballot_with_the_keyboard_only(site: str, page: Page):
    user = User.objects.get(username="deputy1")
    vote = VoteEvent.objects.get(state="open")
    ballot_url = f"{site}/en/plenary/votes/{vote.slug}/ballot/"
    page.goto(ballot_url)  # sends the deputy to log in, then back

    tab_to(page, "#id_username")
    page.keyboard.type(user.username)
    tab_to(page, "#id_password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/otp/"))
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    tab_to(page, "#id_token")
    page.keyboard.type(f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.keyboard.press("Enter")
    expect(page).to_have_url(ballot_url)

    tab_to(page, "form.vote-buttons button[value=yes]")
    page.keyboard.press("Enter")
    expect(page.locator(".confirm")).to_be_visible()
    # The confirmation button takes the focus itself (autofocus) and shows it.
    expect(page.get_by_role("button", name=re.compile("Confirm: yes"))).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    expect(page.locator("#own-ballot .option")).to_have_text("yes")
    assert Ballot.objects.get(vote_event=vote, deputy__slug=user.person_slug).option == "yes"


MOVING = """() => {
  const seconds = (v) => Math.max(...v.split(',').map(
    (t) => t.trim().endsWith('ms') ? parseFloat(t) / 1000 : parseFloat(t)));
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      if ((s.animationName !== 'none' && seconds(s.animationDuration) > 0.01) || seconds(s.transitionDuration) > 0.01)
        out.push(el.tagName + (pseudo || '') + '.' + el.className);
    }
  }
  return {moving: out.slice(0, 10), running: document.getAnimations().length,
          reduce: matchMedia('(prefers-reduced-motion: reduce)').matches};
}"""


def test_nothing_moves_when_the_visitor_prefers_reduced_motion(site: str, page: Page):
    page.emulate_media(reduced_motion="reduce")
    vote = VoteEvent.objects.get(state="open")
    petition = Petition.objects.filter(status=PetitionStatus.LISTED).order_by("slug").first()
    for path in ["/kk/", f"/en/plenary/votes/{vote.slug}/live/", f"/ru/petitions/{petition.slug}/", "/en/deputies/"]:
        page.goto(site + path)
        state = page.evaluate(MOVING)
        assert state["reduce"], path
        assert state["moving"] == [], (path, state)
        assert state["running"] == 0, (path, state)


def test_no_public_page_scrolls_sideways_on_a_390px_phone(site: str, browser: Any):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    wide: list[str] = []
    for lang in public_pages.LANGS:
        for _name, path in public_pages.public_paths(lang):
            page.goto(site + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide.append(f"{path}: {width}px")
    # The site's navigation is still reachable: the header wraps instead of hiding links.
    expect(page.locator(".main-nav a").first).to_be_visible()
    context.close()
    assert wide == []
