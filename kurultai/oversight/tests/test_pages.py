"""Oversight pages in three languages, their forms by role, and their query counts."""

from __future__ import annotations

import re

import pytest

from kurultai.accounts.roles import Role
from kurultai.oversight import services
from kurultai.oversight.models import Hearing, Inquiry, InquiryStatus

pytestmark = pytest.mark.django_db
LANGS = ["kk", "ru", "en"]
PAGES = [
    "inquiries/",
    "inquiries/?overdue=1",
    "inquiries/?status=rated&rating=formal&state_body=ministry-of-health&area=almaty&q=a&year=2026",
    "inquiries/?page=99&status=bogus&year=x",
    "inquiries/{inquiry}/",
    "hearings/",
    "hearings/?committee=committee-finance",
    "hearings/{hearing}/",
    "investigations/",
    "investigations/regional-roads-funds/",
    "committee-meetings/committee-finance-meeting-1/",
    "state-bodies/",
    "state-bodies/?kind=akimat",
    "state-bodies/ministry-of-health/",
    "government-reports/budget-execution-2025/",
    "committees/committee-finance/",
]


@pytest.fixture
def slugs(db) -> dict[str, str]:
    return {
        "inquiry": Inquiry.objects.filter(status=InquiryStatus.RAISED).values_list("slug", flat=True).first(),
        "hearing": Hearing.objects.filter(status="closed").values_list("slug", flat=True).first(),
    }


def html(response, status=200) -> str:
    assert response.status_code == status
    return response.content.decode()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_pages_answer_in_every_language(client, slugs, lang, path):
    page = html(client.get(f"/{lang}/{path.format(**slugs)}"))
    assert f'<html lang="{lang}">' in page
    assert " style=" not in page


@pytest.mark.parametrize(
    "path",
    [
        "inquiries/1999-0001/",
        "hearings/nope/",
        "investigations/nope/",
        "state-bodies/amanat/",
        "government-reports/nope/",
        "committee-meetings/nope/",
    ],
)
def test_unknown_objects_are_404(client, path):
    assert client.get(f"/en/{path}").status_code == 404


def test_the_nav_links_to_inquiries(client):
    page = html(client.get("/ru/"))
    assert 'href="/ru/inquiries/"' in page


def test_the_register_shows_overdue_flags_and_the_rule(client):
    page = html(client.get("/en/inquiries/?overdue=1"))
    assert (
        page.count('class="error">Overdue')
        == Inquiry.objects.filter(status="registered")
        .filter(
            pk__in=[
                i.pk
                for i in Inquiry.objects.all()
                if i.deadline < __import__("django.utils.timezone", fromlist=["x"]).localdate()
            ]
        )
        .count()
    )
    assert "The 2026 rule was not found; this is a default." in page


def test_the_htmx_register_returns_only_the_results(client):
    page = html(client.get("/en/inquiries/?status=registered", headers={"HX-Request": "true"}))
    assert page.lstrip().startswith('<div id="inquiry-results"')
    assert "<html" not in page


def test_the_register_takes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        html(client.get("/en/inquiries/"))


@pytest.mark.parametrize(
    ("path", "bound"), [("state-bodies/", 6), ("hearings/", 6), ("committees/committee-finance/", 10)]
)
def test_other_lists_take_a_constant_number_of_queries(client, django_assert_max_num_queries, path, bound):
    with django_assert_max_num_queries(bound):
        html(client.get(f"/en/{path}"))


def test_the_committee_page_shows_its_work(client):
    page = html(client.get("/en/committees/committee-finance/"))
    assert "Committee work" in page
    assert 'href="/en/committee-meetings/committee-finance-meeting-1/"' in page
    assert 'href="/en/hearings/committee-finance-hearing-2/"' in page
    assert 'href="/en/investigations/regional-roads-funds/"' in page


def test_the_respondent_answers_on_the_page(client, respondent, inquiry):
    client.force_login(respondent)
    page = html(client.get(f"/en/inquiries/{inquiry.slug}/"))
    assert 'value="answer"' in page
    response = client.post(
        f"/en/inquiries/{inquiry.slug}/", {"action": "answer", "text": "Our answer", "language": "en"}
    )
    assert response.status_code == 302
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.ANSWERED


# Clerks, deputies and admins confirm a second factor before any page; the API tests cover them.
@pytest.mark.parametrize(
    "role", [Role.CITIZEN, Role.COMMITTEE_STAFF, Role.MODERATOR, Role.MASLIKHAT_DELEGATE, Role.PARTY_OPERATOR]
)
def test_other_roles_see_no_answer_form_and_cannot_post_one(client, make_user, inquiry, role):
    client.force_login(make_user(role))
    assert 'value="answer"' not in html(client.get(f"/en/inquiries/{inquiry.slug}/"))
    response = client.post(f"/en/inquiries/{inquiry.slug}/", {"action": "answer", "text": "No", "language": "en"})
    assert "Your role does not allow this." in html(response, 403)
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.REGISTERED


def test_the_author_rates_on_the_page(client, deputy, respondent, inquiry):
    services.inquiry_answer(inquiry=inquiry, actor=respondent, text="Answer", language="ru")
    client.force_login(deputy)
    client.get("/en/")  # the deputy's second factor is checked on pages; tests log in past it
    session = client.session
    session["otp_device_id"] = deputy.totpdevice_set.first().persistent_id
    session.save()
    page = html(client.get(f"/en/inquiries/{inquiry.slug}/"))
    assert 'value="rate"' in page
    response = client.post(f"/en/inquiries/{inquiry.slug}/", {"action": "rate", "rating": "substantive"})
    assert response.status_code == 302
    assert Inquiry.objects.get(pk=inquiry.pk).rating == "substantive"


def test_a_verified_citizen_applies_on_the_hearing_page(client, citizen, hearing):
    client.force_login(citizen)
    page = html(client.get(f"/en/hearings/{hearing.slug}/"))
    assert 'name="kind"' in page
    assert html(client.post(f"/en/hearings/{hearing.slug}/", {"kind": "speak", "statement": ""}), 422)
    response = client.post(f"/en/hearings/{hearing.slug}/", {"kind": "speak", "statement": "About prices"})
    assert response.status_code == 302
    page = html(client.get(f"/en/hearings/{hearing.slug}/"))
    assert "You applied to speak. Status: awaiting selection." in page


def test_an_anonymous_visitor_is_asked_to_log_in(client, hearing):
    page = html(client.get(f"/en/hearings/{hearing.slug}/"))
    assert "Log in to apply" in page
    assert client.post(f"/en/hearings/{hearing.slug}/", {"kind": "attend"}).status_code == 302


def test_no_applicant_is_named_on_the_page(client, citizen, hearing):
    services.hearing_apply(hearing=hearing, actor=citizen, kind="speak", statement="My private words")
    page = html(client.get(f"/en/hearings/{hearing.slug}/"))
    assert "My private words" not in page
    assert citizen.display_name not in page
    assert re.search(r"Applications received: 1\.", page)


def test_upcoming_hearings_are_paged_apart_from_the_held_ones(client, monkeypatch):
    from kurultai.oversight import selectors, views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    upcoming = list(selectors.hearing_list(when="upcoming").values_list("slug", flat=True))
    held = list(selectors.hearing_list(when="past").values_list("slug", flat=True))
    assert len(upcoming) >= 2
    assert held
    first = html(client.get("/en/hearings/"))
    assert f"/hearings/{upcoming[0]}/" in first
    assert f"/hearings/{upcoming[1]}/" not in first
    assert "?upcoming_page=2" in first
    assert f"Page 1 of {len(upcoming)}" in first
    second = html(client.get("/en/hearings/?upcoming_page=2"))
    assert f"/hearings/{upcoming[1]}/" in second
    assert f"/hearings/{upcoming[0]}/" not in second
    # Each list keeps its own page: the held list is still on its first page.
    assert f"/hearings/{held[0]}/" in second
    last = html(client.get("/ru/hearings/?upcoming_page=9999"))
    assert f"/hearings/{upcoming[-1]}/" in last
    assert f"Страница {len(upcoming)} из {len(upcoming)}" in last
    assert f"/hearings/{upcoming[0]}/" in html(client.get("/kk/hearings/?upcoming_page=abc"))
