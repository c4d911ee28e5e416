"""A deputy's voting record on the demo parliament: paged, with dissent flagged as the roll call flags it."""

from __future__ import annotations

import pytest

from kurultai.plenary import selectors
from kurultai.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def voter() -> Person:
    """The demo deputy with the most ballots who also voted against their faction at least once."""
    for person in Person.objects.filter(plenary_ballots__isnull=False).distinct().order_by("slug"):
        record = selectors.deputy_record(person, per_page=1000)
        if any(r.dissent for r in record.rows) and record.votes_total >= 5:
            return person
    raise AssertionError("the demo has no dissenting deputy")


def key(record: selectors.DeputyRecord) -> list[tuple[str, str, bool]]:
    return [(r.vote.slug, r.option, r.dissent) for r in record.rows]


def test_the_record_is_paged_newest_first_and_the_pages_add_up_to_the_whole(voter):
    whole = selectors.deputy_record(voter, per_page=1000)
    first = selectors.deputy_record(voter, per_page=2)
    assert whole.page.paginator.num_pages == 1
    assert first.page.paginator.num_pages == -(-whole.votes_total // 2) >= 3
    pages = [selectors.deputy_record(voter, per_page=2, page=n) for n in first.page.paginator.page_range]
    assert all(len(p.rows) == 2 for p in pages[:-1])
    assert [row for p in pages for row in key(p)] == key(whole)
    closed = [r.vote.closed_at for r in whole.rows]
    assert closed == sorted(closed, reverse=True)
    # Counts and attendance describe the whole record on every page.
    assert {(p.votes_total, tuple(p.counts), p.sittings_held, p.sittings_attended) for p in pages} == {
        (whole.votes_total, tuple(whole.counts), whole.sittings_held, whole.sittings_attended)
    }
    assert sum(n for _o, _l, n in whole.counts) == whole.votes_total == len(whole.rows)


@pytest.mark.parametrize("bad", ["0", "-3", "x", "", None, "999999"])
def test_a_bad_page_number_gives_the_first_or_the_last_page(voter, bad):
    record = selectors.deputy_record(voter, per_page=2, page=bad)
    assert record.page.number in (1, record.page.paginator.num_pages)
    assert len(record.rows) in (1, 2)


def test_dissent_is_flagged_exactly_where_the_roll_call_flags_it():
    flagged = 0
    for person in Person.objects.filter(plenary_ballots__isnull=False).distinct().order_by("slug")[:40]:
        for row in selectors.deputy_record(person, per_page=1000).rows:
            dissenters = {r.person.pk for r in selectors.roll_call(row.vote).dissenters}
            assert row.dissent == (person.pk in dissenters), (person.slug, row.vote.slug)
            flagged += row.dissent
    assert flagged


def test_a_filtered_record_pages_only_the_chosen_option(voter):
    whole = selectors.deputy_record(voter, per_page=1000)
    counts = {o: n for o, _l, n in whole.counts}
    chosen = max(counts, key=lambda o: counts[o])
    first = selectors.deputy_record(voter, option=chosen, per_page=1)
    assert first.page.paginator.count == counts[chosen]
    assert {r.option for r in first.rows} == {chosen}
    assert selectors.deputy_record(voter, option="nonsense", per_page=1000).option is None


def test_the_record_takes_a_constant_number_of_queries(voter, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        record = selectors.deputy_record(voter, per_page=2, page=2)
    assert len(record.rows) == 2


def test_the_profile_shows_one_page_of_the_record_with_a_pager(client, voter, monkeypatch):
    monkeypatch.setattr(selectors, "RECORD_PAGE_SIZE", 2)
    whole = selectors.deputy_record(voter, per_page=1000)
    html = client.get(f"/en/deputies/{voter.slug}/").content.decode()
    assert f"/plenary/votes/{whole.rows[0].vote.slug}/" in html or whole.rows[0].vote.slug in html
    assert whole.rows[2].vote.slug not in html
    assert 'rel="next"' in html
    assert "page=2#record-h" in html
    second = client.get(f"/ru/deputies/{voter.slug}/?page=2").content.decode()
    assert whole.rows[2].vote.slug in second
    assert whole.rows[0].vote.slug not in second
    assert 'rel="prev"' in second
    assert "Страница 2 из" in second
    assert client.get(f"/kk/deputies/{voter.slug}/?page=abc&vote_option=bogus").status_code == 200
