"""The demo's plenary work, loaded by the real loader through the services (kurultai/conftest.py)."""

from __future__ import annotations

import random

import pytest

from kurultai.accounts.models import User
from kurultai.ledger.models import LedgerEntry
from kurultai.ledger.services import ledger_verify
from kurultai.plenary import selectors
from kurultai.plenary.demo import demo_plenary
from kurultai.plenary.models import Ballot, Sitting, VoteEvent

pytestmark = pytest.mark.django_db


def test_past_sittings_hold_published_votes_with_full_roll_calls():
    published = list(VoteEvent.objects.filter(state="published").select_related("agenda_item__sitting__convocation"))
    assert len(published) >= 6
    for vote in published:
        call = selectors.roll_call(vote)
        assert len(call.rows) == 145
        assert call.tally == vote.tally()
    assert sum(v.yes_count + v.no_count + v.abstain_count == 145 for v in published) >= 6
    assert {v.result for v in published} == {"pass", "fail"}
    assert any(selectors.roll_call(v).dissenters for v in published)
    assert any(v.absent_count for v in published)
    assert Sitting.objects.filter(state="closed").count() >= 5


def test_the_public_record_holds_every_ballot_and_result_and_verifies():
    ballots = LedgerEntry.objects.filter(kind="plenary.ballot.cast").count()
    assert ballots == Ballot.objects.count() >= 1000
    assert (
        LedgerEntry.objects.filter(kind="plenary.vote.result").count()
        == VoteEvent.objects.filter(state="published").count()
    )
    assert ledger_verify().ok


def test_a_vote_is_open_today_for_the_demo_deputies_and_a_sitting_is_scheduled():
    vote = VoteEvent.objects.get(state="open")
    demo_deputies = set(User.objects.filter(username__startswith="deputy").values_list("person_slug", flat=True))
    assert demo_deputies
    registered = set(vote.agenda_item.sitting.registrations.values_list("deputy__slug", flat=True))
    assert demo_deputies <= registered
    assert not vote.ballots.filter(deputy__slug__in=demo_deputies).exists()
    assert vote.ballots.count() > 100
    assert Sitting.objects.filter(state="scheduled", agenda_items__isnull=False).exists()


def test_loading_the_demo_again_changes_nothing():
    before = (Sitting.objects.count(), Ballot.objects.count(), LedgerEntry.objects.count())
    assert demo_plenary(random.Random(1)) is False
    assert (Sitting.objects.count(), Ballot.objects.count(), LedgerEntry.objects.count()) == before
