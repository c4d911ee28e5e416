"""The bill list is paginated (issue 11: a public page stays fast with a hundred times the data)."""

from __future__ import annotations

import pytest

from kurultai.legislation import views
from kurultai.legislation.models import Bill

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(views, "BILL_PAGE_SIZE", 2)
    assert Bill.objects.count() == 3  # the demo parliament's bills


def cards(html: str) -> int:
    return html.count('class="card bill-card"')


def test_the_first_page_shows_a_page_of_bills_and_links_to_the_next(client, two_per_page):
    html = client.get("/en/bills/").content.decode()
    assert cards(html) == 2
    assert "3 bills" in html  # the count is of every match, not of this page
    assert 'href="?page=2" rel="next"' in html
    assert 'rel="prev"' not in html


def test_the_last_page_links_back(client, two_per_page):
    html = client.get("/en/bills/?page=2").content.decode()
    assert cards(html) == 1
    assert 'href="?page=1" rel="prev"' in html
    assert 'rel="next"' not in html


@pytest.mark.parametrize(("asked", "shown"), [("abc", 2), ("0", 2), ("-4", 2), ("99", 1)])
def test_a_bad_or_too_large_page_number_falls_back_to_a_real_page(client, two_per_page, asked, shown):
    response = client.get("/en/bills/", {"page": asked})
    assert response.status_code == 200
    assert cards(response.content.decode()) == shown


def test_the_page_links_keep_the_filters(client, two_per_page):
    html = client.get("/en/bills/", {"type": "ordinary", "initiator": "deputies", "page": "1"}).content.decode()
    assert cards(html) == 2  # two deputies' bills, two per page: no pager
    assert 'aria-label="Pages"' not in html
    html = client.get("/en/bills/", {"type": "ordinary"}).content.decode()
    assert 'href="?type=ordinary&amp;page=2" rel="next"' in html


def test_without_pagination_limits_the_list_stays_one_page(client):
    html = client.get("/en/bills/").content.decode()
    assert cards(html) == Bill.objects.count()
    assert 'aria-label="Pages"' not in html
