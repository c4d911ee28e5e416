"""Bill and act pages on the demo data: list with filters, bill page, versions side by side, diffs,
the printable amendment table, comments with htmx reactions and moderation, acts at a date."""

from __future__ import annotations

import pytest

from kurultai.accounts.permissions import SYSTEM
from kurultai.legislation import services
from kurultai.legislation.models import Comment, CommentReaction
from kurultai.legislation.tests.factories import PASSWORD, BillFactory, CitizenFactory, current

pytestmark = pytest.mark.django_db


def test_the_main_navigation_links_to_bills(client):
    html = client.get("/en/").content.decode()
    assert 'href="/en/bills/"' in html


def test_the_bill_list_filters_without_n_plus_one(client, django_assert_max_num_queries):
    for _ in range(6):
        BillFactory()
    with django_assert_max_num_queries(6):
        r = client.get("/en/bills/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "On electronic petitions" in html
    only_open = client.get("/en/bills/", {"open": "1"}).content.decode()
    assert "On counting the terms of public services" in only_open
    assert "On electronic petitions" not in only_open
    partial = client.get("/ru/bills/", {"stage": "signed"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="bill-results"')
    assert "«О доступе к информации»" in partial
    assert "Об электронных петициях" not in partial


def test_the_bill_page_shows_timeline_deadlines_summary_and_anchored_text(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        r = client.get("/en/bills/2026-7/")
    html = r.content.decode()
    assert r.status_code == 200
    for text in (
        "In plain words",
        "State bodies will answer requests",
        "Readability",
        "Timeline",
        "Deadlines",
        "one month is used",
        "sent to the President",
        "What this version changes",
        "/api/v1/bills/2026-7/versions/2/akn?language=kk",
    ):
        assert text in html, text
    assert 'id="art_1__point_2"' in html
    assert 'id="art_3"' in html
    assert "/en/bills/2026-7/versions/2/provisions/art_1__point_2/" in html  # a comment made on version 1


def test_the_open_bill_invites_comments_on_each_provision(client):
    html = client.get("/kk/bills/2026-15/").content.decode()
    assert "/kk/bills/2026-15/versions/1/provisions/art_2__para_1/" in html
    assert 'class="consultation-box is-open"' in html


def test_the_texts_side_by_side(client):
    html = client.get("/en/bills/2026-12/versions/1/parallel/").content.decode()
    assert "Электрондық петициялар туралы" in html
    assert "Об электронных петициях" in html
    assert html.count('<tr id="') > 10
    assert '<tr id="chp_3__art_6"' in html


@pytest.mark.parametrize("mode", ["inline", "side"])
def test_the_diff_page_in_both_modes(client, mode):
    html = client.get("/ru/bills/2026-7/diff/", {"from": "1", "to": "2", "mode": mode, "text": "ru"}).content.decode()
    assert "Статья 3 после слова «ежегодно» дополняется словами «не позднее 1 марта»." in html
    assert "<ins>, не позднее 1 марта,</ins>" in html
    assert ('class="diff-side"' in html) is (mode == "side")


def test_the_amendment_table_is_printable(client):
    html = client.get("/ru/bills/2026-12/amendments/").content.decode()
    assert 'class="amend-table"' in html
    assert "Петиция, набравшая не менее десяти тысяч подписей" in html
    assert html.count('<tr id="amendment-') == 5
    css = client.get("/static/kurultai/css/site.css")
    assert b"@media print" in b"".join(css.streaming_content if css.streaming else [css.content])


def test_the_consultation_report_page(client):
    html = client.get("/en/bills/2026-12/versions/1/consultation/").content.decode()
    assert "Comments per provision" in html
    assert "The committee supports a shorter term" in html


def test_a_verified_citizen_comments_and_reacts_with_htmx(client):
    bill = BillFactory()
    services.consultation_open(version=current(bill), actor=SYSTEM)
    author, reader = CitizenFactory(), CitizenFactory()
    client.login(username=author.username, password=PASSWORD)
    url = f"/en/bills/{bill.slug}/versions/1/provisions/art_3__para_1/"
    r = client.post(url, {"text": "<i>Десять</i> дней — много."})
    assert r.status_code == 302
    comment = Comment.objects.get(consultation__bill=bill)
    assert comment.text == "Десять дней — много."
    client.logout()
    client.login(username=reader.username, password=PASSWORD)
    react = f"/en/bills/{bill.slug}/comments/{comment.public_id}/react/"
    partial = client.post(react, {"kind": "agree"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    body = partial.content.decode()
    assert body.lstrip().startswith("<form")
    assert 'aria-pressed="true"' in body
    assert CommentReaction.objects.get(comment=comment, user=reader).kind == "agree"
    page = client.get(url).content.decode()
    assert "Десять дней — много." in page
    assert "Verified citizen" in page
    assert author.username not in page


def test_a_provision_thread_opens_in_place_on_the_bill_page(client):
    html = client.get("/en/bills/2026-15/").content.decode()
    assert 'hx-get="/en/bills/2026-15/versions/1/provisions/art_2__para_2/"' in html
    assert 'id="thread-art_2__para_2"' in html
    partial = client.get("/en/bills/2026-15/versions/1/provisions/art_2__para_2/", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert body.lstrip().startswith('<div class="thread">')
    assert "<html" not in body
    assert "Течение срока со следующего рабочего дня" in body
    assert 'class="reactions"' in body


def test_an_unverified_account_is_told_to_verify(client, unverified):
    bill = BillFactory()
    services.consultation_open(version=current(bill), actor=SYSTEM)
    client.login(username=unverified.username, password=PASSWORD)
    url = f"/en/bills/{bill.slug}/versions/1/provisions/art_1/"
    assert "verified their account" in client.get(url).content.decode()
    r = client.post(url, {"text": "Можно?"})
    assert r.status_code == 403
    assert not Comment.objects.filter(consultation__bill=bill).exists()


def test_a_moderator_hides_a_comment_from_the_page(client, moderator):
    bill = BillFactory()
    services.consultation_open(version=current(bill), actor=SYSTEM)
    comment = services.comment_create(version=current(bill), eid="art_1", text="Реклама", actor=CitizenFactory())
    client.login(username=moderator.username, password=PASSWORD)
    url = f"/en/bills/{bill.slug}/versions/1/provisions/art_1/"
    r = client.post(f"/en/bills/{bill.slug}/comments/{comment.public_id}/moderate/", {"action": "hide", "next": url})
    assert r.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "hidden"
    client.logout()
    assert "Реклама" not in client.get(url).content.decode()


def test_acts_and_the_point_in_time_picker(client):
    assert "On access to information" in client.get("/en/acts/").content.decode()
    before = client.get("/ru/acts/access-to-information/", {"date": "2026-11-15", "text": "ru"}).content.decode()
    after = client.get("/ru/acts/access-to-information/", {"date": "2026-11-16", "text": "ru"}).content.decode()
    assert 'type="date"' in before
    assert 'id="chp_2__art_5-1"' not in before
    assert 'id="chp_2__art_5-1"' in after
    assert "Открытые данные" in after
    bad = client.get("/en/acts/access-to-information/", {"date": "soon"})
    assert bad.status_code == 422


def test_unknown_bills_and_versions_are_404(client):
    assert client.get("/en/bills/1999-1/").status_code == 404
    assert client.get("/en/bills/2026-7/versions/9/").status_code == 404
    assert client.get("/en/bills/2026-7/versions/1/provisions/art_99/").status_code == 404
