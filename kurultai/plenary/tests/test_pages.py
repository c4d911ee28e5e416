"""Plenary pages: sittings, the vote page with its roll call, the live board, the deputy's voting page, the console."""

from __future__ import annotations

import re

import pytest

from kurultai.plenary import selectors
from kurultai.plenary.models import Ballot, VoteEvent
from kurultai.plenary.tests.factories import ClerkUserFactory, DeputyUserFactory, SittingFactory, VoteEventFactory
from kurultai.plenary.tests.helpers import login

pytestmark = pytest.mark.django_db


def page(client, url: str, status: int = 200, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def no_inline_code(html: str) -> None:
    """The CSP forbids inline styles and scripts: none may appear."""
    assert " style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert not re.search(r"<[^>]+\son[a-z]+=", html)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_sittings_list_in_every_language(client, lang):
    html = page(client, f"/{lang}/plenary/")
    assert f'lang="{lang}"' in html
    assert html.count("/plenary/convocation-1-sitting-") >= 7
    no_inline_code(html)


def test_the_nav_links_the_sittings(client):
    assert 'href="/en/plenary/"' in page(client, "/en/")


def test_a_sitting_page_shows_the_quorum_rule_and_that_the_2026_text_was_not_found(client):
    html = page(client, "/en/plenary/convocation-1-sitting-2/")
    assert "97 of the 145 deputies" in html
    assert "Art. 59(5)" in html
    assert "2026 Constitution on quorum was not found" in html
    assert "demo-budget-code-amendments" in html
    no_inline_code(html)


def test_a_vote_page_has_the_result_factions_and_the_roll_call_of_145(client):
    vote = VoteEvent.objects.filter(state="published").order_by("closed_at").first()
    html = page(client, f"/en/plenary/votes/{vote.slug}/")
    roll = html[html.index('class="roll-call"') :]
    assert roll.count('<th scope="row">') == 145
    assert html.count("<circle") == 145
    assert vote.summary_en in html
    assert "Faction majority" in html
    no_inline_code(html)


def test_dissent_is_flagged_on_the_vote_page(client, seated):
    call = selectors.roll_call(VoteEventFactory(state="draft", registered=0))
    amanat = [r.person.slug for r in call.rows if r.faction and r.faction.slug == "faction-amanat"]
    vote = VoteEventFactory(state="closed", ballots=dict.fromkeys(amanat, "yes") | {amanat[0]: "no"})
    html = page(client, f"/en/plenary/votes/{vote.slug}/")
    assert html.count('class="dissent"') == 1
    assert "Voted against their faction" in html


def test_the_live_board_polls_while_the_vote_is_open(client, vote):
    html = page(client, f"/en/plenary/votes/{vote.slug}/live/")
    assert 'hx-trigger="every 2s"' in html
    partial = page(client, f"/en/plenary/votes/{vote.slug}/live/", HTTP_HX_REQUEST="true")
    assert partial.lstrip().startswith('<div id="board"')
    assert "<html" not in partial
    assert partial.count("<circle") == 145
    no_inline_code(html)


def test_the_live_board_stops_polling_and_shows_the_result_when_closed(client):
    vote = VoteEventFactory(state="published")
    partial = page(client, f"/en/plenary/votes/{vote.slug}/live/", HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in partial
    assert "result-fail" in partial


def test_the_live_board_without_a_vote_shows_the_current_one(client):
    assert "<circle" in page(client, "/en/plenary/live/")


# ---------------------------------------------------------------- the deputy's voting page


def test_a_deputy_votes_with_a_confirmation_step(client, vote, seated):
    user = DeputyUserFactory(person_slug=seated[0].slug)
    client = login(client, user)
    url = f"/en/plenary/votes/{vote.slug}/ballot/"
    html = page(client, url)
    assert html.count('name="option"') == 3
    no_inline_code(html)
    confirm = client.post(url, {"option": "no"})
    assert confirm.status_code == 200
    assert 'name="confirm" value="1"' in confirm.content.decode()
    assert not Ballot.objects.filter(vote_event=vote).exists()
    done = client.post(url, {"option": "no", "confirm": "1"})
    assert done.status_code == 302
    assert Ballot.objects.get(vote_event=vote).option == "no"
    shown = page(client, url)
    assert 'id="own-ballot"' in shown
    assert 'name="option"' not in shown
    again = client.post(url, {"option": "yes", "confirm": "1"})
    assert again.status_code == 409
    assert "already voted" in again.content.decode()


def test_an_unregistered_deputy_registers_from_the_voting_page(client, seated):
    vote = VoteEventFactory(registered=144)
    client = login(client, DeputyUserFactory(person_slug=seated[-1].slug))
    html = page(client, f"/en/plenary/votes/{vote.slug}/ballot/")
    assert "register" in html
    response = client.post(f"/en/plenary/{vote.agenda_item.sitting.slug}/register/", {"next": vote.slug})
    assert response.status_code == 302
    assert response["Location"] == f"/en/plenary/votes/{vote.slug}/ballot/"
    assert page(client, f"/en/plenary/votes/{vote.slug}/ballot/").count('name="option"') == 3


def test_a_deputy_without_totp_is_sent_to_confirm_a_code(client, vote, seated):
    client = login(client, DeputyUserFactory(person_slug=seated[0].slug), totp=False)
    response = client.get(f"/en/plenary/votes/{vote.slug}/ballot/")
    assert response.status_code == 302
    assert "/accounts/otp/" in response["Location"]


def test_only_deputies_have_a_voting_page(client, vote):
    client = login(client, ClerkUserFactory())
    assert client.get(f"/en/plenary/votes/{vote.slug}/ballot/").status_code == 403


def test_the_voting_page_needs_a_login(client, vote):
    assert client.get(f"/en/plenary/votes/{vote.slug}/ballot/").status_code == 302


# ---------------------------------------------------------------- the clerk's console


def test_a_clerk_runs_a_sitting_from_the_console(client, seated):
    sitting = SittingFactory()
    client = login(client, ClerkUserFactory())
    url = f"/en/plenary/console/{sitting.slug}/"
    assert "Open the sitting" in page(client, url)
    steps = [
        {"action": "sitting_open"},
        {"action": "register", "deputies": [p.slug for p in seated[:100]]},
        {"action": "agenda_add", "kind": "resolution", "title_kk": "Қаулы", "title_en": "A resolution"},
        {"action": "vote_create", "position": "1", "question_type": "resolution", "title_en": "Adopting it"},
    ]
    for step in steps:
        assert client.post(url, step).status_code == 302, step
    vote = VoteEvent.objects.get(agenda_item__sitting=sitting)
    for action in ("vote_open", "vote_close", "vote_publish"):
        assert client.post(url, {"action": action, "vote": vote.slug, "seconds": "60"}).status_code == 302
    vote.refresh_from_db()
    assert (vote.state, vote.present_count, vote.result) == ("published", 100, "fail")
    html = page(client, url)
    no_inline_code(html)


def test_console_errors_are_shown_with_their_status(client, vote):
    client = login(client, ClerkUserFactory())
    response = client.post(f"/en/plenary/console/{vote.agenda_item.sitting.slug}/", {"action": "sitting_close"})
    assert response.status_code == 409
    assert "Close the open vote" in response.content.decode()


def test_a_clerk_schedules_a_sitting(client):
    client = login(client, ClerkUserFactory())
    body = {"number": "777", "starts_at": "2026-12-24T10:00", "title_kk": "Отырыс", "title_en": "A sitting"}
    response = client.post("/en/plenary/console/", body)
    assert response.status_code == 302
    assert response["Location"] == "/en/plenary/console/convocation-1-sitting-777/"


def test_the_console_is_for_clerks(client, seated):
    client = login(client, DeputyUserFactory(person_slug=seated[0].slug))
    assert client.get("/en/plenary/console/").status_code == 403


# ---------------------------------------------------------------- the deputy's profile


def test_a_deputy_profile_shows_votes_and_attendance(client, seated):
    html = page(client, f"/en/deputies/{seated[0].slug}/")
    assert "Votes and attendance" in html
    assert re.search(r"Present at \d+ of \d+ plenary sittings", html)
    filtered = page(client, f"/en/deputies/{seated[0].slug}/", data={"vote_option": "yes"})
    section = filtered[filtered.index('id="record-h"') :]
    assert "option-no" not in section.split("<tbody>")[1].split("</tbody>")[0]


def test_the_profile_record_takes_a_bounded_number_of_queries(client, seated, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        page(client, f"/en/deputies/{seated[0].slug}/")
