"""The ballot desk's batch commit (``services.cast_many``): the same rules as one ballot at a time.

A web request's ballot waits at the desk and is written together with the ballots of the
requests arriving beside it. These tests hand ``cast_many`` whole batches directly, mixing good
ballots with every kind of refusal, and check each job's answer, the stored rows, their audit
entries and their leaves in the public record.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from kurultai.common.errors import DomainError
from kurultai.common.models import AuditEntry
from kurultai.ledger.desk import Job
from kurultai.ledger.models import LedgerEntry
from kurultai.ledger.services import ledger_verify
from kurultai.plenary import rules, services
from kurultai.plenary.models import Ballot
from kurultai.plenary.services import PendingBallot, cast_many
from kurultai.plenary.tests.factories import VoteEventFactory


def job(vote: Any, deputy: str, option: str = "yes", *, language: str = "en", at: Any = None) -> Job:
    ref = type(vote)(pk=vote.pk, slug=vote.slug)
    pending = PendingBallot(ref, deputy, option, at, None, language)
    return Job(
        write=lambda: services.write_ballot(
            services.check_ballot(vote_event=ref, deputy=deputy, option=option, now=at or timezone.now()), actor=None
        ),
        payload=pending,
    )


def code_of(result: BaseException | None) -> str:
    assert isinstance(result, DomainError), result
    return result.code


def test_a_batch_of_good_ballots_is_stored_with_audit_entries_and_leaves_in_order(vote, seated):
    before = LedgerEntry.objects.count()
    jobs = [job(vote, d.slug, option) for d, option in zip(seated[:6], ["yes", "no", "abstain"] * 2, strict=True)]
    cast_many(jobs)
    assert [j.error for j in jobs] == [None] * 6
    stored = dict(Ballot.objects.filter(vote_event=vote).values_list("deputy__slug", "option"))
    assert stored == {d.slug: o for d, o in zip(seated[:6], ["yes", "no", "abstain"] * 2, strict=True)}
    for j in jobs:
        ballot, entry = j.result
        assert ballot.pk
        assert ballot.deputy.slug == j.payload.deputy
        assert entry.data == {"vote_event": vote.slug, "deputy": j.payload.deputy, "option": j.payload.option}
    # Leaves in the batch's order, right after what was there.
    leaves = list(
        LedgerEntry.objects.filter(index__gte=before).order_by("index").values_list("data__deputy", flat=True)
    )
    assert leaves == [d.slug for d in seated[:6]]
    audit = AuditEntry.objects.filter(action="plenary.ballot.cast", object_id=vote.slug)
    assert audit.count() == 6
    assert ledger_verify().ok


def test_each_refusal_in_a_batch_is_its_own_and_the_good_ballots_still_land(seated):
    vote = VoteEventFactory(registered=144, ballots={seated[1].slug: "no"})
    closed = VoteEventFactory(state="closed")
    absent = seated[-1].slug  # not registered at this sitting
    late = vote.closes_at + timedelta(seconds=1)
    jobs = [
        job(vote, seated[0].slug, "yes"),
        job(vote, seated[1].slug, "yes"),  # voted before this batch
        job(vote, seated[2].slug, "maybe"),  # unknown option
        job(vote, absent, "yes"),
        job(vote, "nobody-at-all", "yes"),
        job(closed, seated[3].slug, "yes"),
        job(vote, seated[4].slug, "yes", at=late),
        job(vote, seated[5].slug, "abstain"),
        job(vote, seated[5].slug, "no"),  # the same deputy twice in one batch
    ]
    cast_many(jobs)
    assert [j.error and code_of(j.error) for j in jobs] == [
        None,
        "already_voted",
        "unknown_option",
        "not_registered",
        "unknown_deputy",
        "vote_closed",
        "vote_time_over",
        None,
        "already_voted",
    ]
    assert [j.error.status for j in jobs if j.error] == [409, 422, 409, 422, 409, 409, 409]
    stored = dict(Ballot.objects.filter(vote_event=vote).values_list("deputy__slug", "option"))
    assert stored == {seated[0].slug: "yes", seated[1].slug: "no", seated[5].slug: "abstain"}
    assert not Ballot.objects.filter(vote_event=closed).exists()
    assert ledger_verify().ok


def test_an_unknown_vote_is_a_404_for_its_ballots_only(vote, seated):
    ghost = type(vote)(pk=10**9, slug="no-such-vote")
    jobs = [
        job(vote, seated[0].slug),
        Job(write=lambda: None, payload=PendingBallot(ghost, seated[1].slug, "yes", None, None, "en")),
    ]
    cast_many(jobs)
    assert jobs[0].error is None
    assert jobs[1].error is not None
    assert jobs[1].error.status == 404


def test_refusals_speak_the_language_of_their_own_request(vote, seated):
    services.ballot_cast(vote_event=vote, user=services.SYSTEM, option="yes", deputy=seated[0].slug)
    jobs = [job(vote, seated[0].slug, language="ru"), job(vote, seated[0].slug, language="en")]
    cast_many(jobs)
    ru, en = (str(j.error) for j in jobs)
    assert en == "You have already voted in this vote."
    assert ru != en
    assert any("а" <= c <= "я" for c in ru.lower())


def test_a_batch_that_changes_a_ballot_goes_one_by_one_when_the_rule_allows_it(vote, seated, monkeypatch):
    allowing = rules.QuestionRule(rules.QuestionType.ORDINARY_LAW, rules.MAJORITY_OF_TOTAL, "test", allow_change=True)
    monkeypatch.setitem(rules.QUESTION_RULES, rules.QuestionType.ORDINARY_LAW, allowing)
    services.ballot_cast(vote_event=vote, user=services.SYSTEM, option="yes", deputy=seated[0].slug)
    jobs = [job(vote, seated[0].slug, "no"), job(vote, seated[1].slug, "abstain")]
    cast_many(jobs)
    assert [j.error for j in jobs] == [None, None]
    stored = dict(Ballot.objects.filter(vote_event=vote).values_list("deputy__slug", "option"))
    assert stored == {seated[0].slug: "no", seated[1].slug: "abstain"}
    kinds = list(LedgerEntry.objects.order_by("-index").values_list("kind", flat=True)[:2])
    assert kinds == ["plenary.ballot.cast", "plenary.ballot.changed"]
    assert ledger_verify().ok


@pytest.mark.django_db(transaction=True)
def test_the_desk_batches_concurrent_ballots_and_answers_each(seated_transactional):
    """Threads casting at once through the desk: every ballot stored once, batches bigger than one."""
    import threading

    from kurultai.plenary.services import BALLOT_DESK

    vote, deputies = seated_transactional
    gate = threading.Barrier(len(deputies))
    answers: dict[str, Any] = {}

    def cast(slug: str) -> None:
        from django.db import connection

        gate.wait()
        try:
            answers[slug] = services.ballot_cast(vote_event=vote, user=services.SYSTEM, option="yes", deputy=slug)
        finally:
            connection.close()

    BALLOT_DESK.batches = []
    threads = [threading.Thread(target=cast, args=(slug,)) for slug in deputies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == sorted(deputies)
    assert Ballot.objects.filter(vote_event=vote).count() == len(deputies)
    assert sum(BALLOT_DESK.batches) == len(deputies)
    assert ledger_verify().ok


@pytest.fixture
def seated_transactional(transactional_db) -> Any:
    from kurultai.plenary import selectors
    from kurultai.portal.demo import demo_load

    demo_load()
    vote = VoteEventFactory(registered=145)
    deputies = list(selectors.seated_deputies(timezone.localdate()).order_by("slug").values_list("slug", flat=True))[
        :12
    ]
    return vote, deputies
