"""Plenary services on the demo parliament: sittings, registration, votes, personal ballots, results, the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.roles import Role
from kurultai.common.errors import DomainError
from kurultai.common.models import AppendOnlyError, AuditEntry
from kurultai.ledger.models import LedgerEntry
from kurultai.plenary import rules, selectors, services
from kurultai.plenary.models import Ballot, Registration, VoteEvent
from kurultai.plenary.tests.factories import (
    AgendaItemFactory,
    ClerkUserFactory,
    DeputyUserFactory,
    SittingFactory,
    UserFactory,
    VoteEventFactory,
    second_factor,
)

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")


def refused(code: str, status: int, fn, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as info:
        fn(**kwargs)
    assert (info.value.code, info.value.status) == (code, status)
    return info.value


# ---------------------------------------------------------------- sittings


def test_a_sitting_goes_scheduled_open_closed(clerk):
    sitting = SittingFactory()
    assert sitting.state == "scheduled"
    sitting = services.sitting_open(sitting=sitting, actor=clerk)
    assert sitting.state == "open"
    assert sitting.opened_at
    refused("sitting_bad_transition", 409, services.sitting_open, sitting=sitting, actor=clerk)
    sitting = services.sitting_close(sitting=sitting, actor=clerk)
    assert sitting.state == "closed"
    assert sitting.closed_at >= sitting.opened_at
    refused("sitting_bad_transition", 409, services.sitting_open, sitting=sitting, actor=clerk)
    actions = set(AuditEntry.objects.filter(object_id=sitting.slug).values_list("action", flat=True))
    assert {"plenary.sitting.created", "plenary.sitting.opened", "plenary.sitting.closed"} <= actions


def test_a_scheduled_sitting_cannot_be_closed(clerk):
    refused("sitting_bad_transition", 409, services.sitting_close, sitting=SittingFactory(), actor=clerk)


def test_a_sitting_with_an_open_vote_cannot_be_closed(vote, clerk):
    refused("sitting_has_open_vote", 409, services.sitting_close, sitting=vote.agenda_item.sitting, actor=clerk)


def test_a_sitting_number_is_unique_in_the_convocation(clerk):
    sitting = SittingFactory()
    refused(
        "sitting_exists",
        409,
        services.sitting_create,
        convocation=sitting.convocation,
        number=sitting.number,
        starts_at=timezone.now(),
        titles={"kk": "x"},
        slug="another-slug",
        actor=clerk,
    )


@pytest.mark.parametrize("roles", [(), (Role.CITIZEN,), (Role.DEPUTY,), (Role.MODERATOR,)])
def test_only_clerks_and_admins_run_sittings(roles):
    user = second_factor(UserFactory(roles=roles, totp=True))
    refused("permission_denied", 403, services.sitting_open, sitting=SittingFactory(), actor=user)


def test_a_clerk_without_a_confirmed_totp_code_cannot_run_a_sitting():
    clerk = second_factor(ClerkUserFactory(), confirmed=False)
    refused("totp_required", 403, services.sitting_open, sitting=SittingFactory(), actor=clerk)


def test_an_unknown_agenda_kind_is_refused(clerk):
    refused(
        "invalid", 422, services.agenda_item_add, sitting=SittingFactory(), kind="coup", titles={"kk": "x"}, actor=clerk
    )


# ---------------------------------------------------------------- registration


def test_registration_is_once_per_sitting(seated, clerk):
    sitting = SittingFactory(open=True)
    services.deputy_register(sitting=sitting, deputy=seated[0], actor=clerk)
    refused("already_registered", 409, services.deputy_register, sitting=sitting, deputy=seated[0], actor=clerk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.bulk_create(
            [Registration(sitting=sitting, deputy=seated[0], registered_at=timezone.now())]
        )


def test_registration_needs_an_open_sitting(seated, clerk):
    refused("sitting_not_open", 409, services.deputy_register, sitting=SittingFactory(), deputy=seated[0], actor=clerk)


def test_only_seated_deputies_are_registered(clerk):
    from kurultai.registry.models import Person

    stranger = Person.objects.exclude(pk__in=selectors.seated_deputies(timezone.localdate())).first()
    sitting = SittingFactory(open=True)
    refused("unknown_deputy", 422, services.deputy_register, sitting=sitting, deputy=stranger, actor=clerk)


def test_a_deputy_registers_themself_only(seated, deputy):
    sitting = SittingFactory(open=True)
    refused("not_own_registration", 403, services.deputy_register, sitting=sitting, deputy=seated[1], actor=deputy)
    registration = services.deputy_register(sitting=sitting, deputy=seated[0], actor=deputy)
    assert registration.deputy == seated[0]


def test_registrations_are_append_only(seated):
    sitting = SittingFactory(open=True)
    registration = services.deputy_register(sitting=sitting, deputy=seated[0], actor=SYSTEM)
    with pytest.raises(AppendOnlyError):
        registration.delete()
    with pytest.raises(AppendOnlyError):
        Registration.objects.filter(pk=registration.pk).update(registered_at=timezone.now())


# ---------------------------------------------------------------- opening and closing votes


@pytest.mark.parametrize(("registered", "opens"), [(97, True), (96, False)])
def test_a_vote_opens_only_with_a_quorum(registered, opens, clerk):
    vote = VoteEventFactory(state="draft", registered=registered)
    if opens:
        assert services.vote_open(vote_event=vote, duration=timedelta(minutes=1), actor=clerk).state == "open"
    else:
        error = refused(
            "no_quorum", 409, services.vote_open, vote_event=vote, duration=timedelta(minutes=1), actor=clerk
        )
        assert error.data == {"present": 96, "needed": 97}


def test_one_vote_at_a_time_in_a_sitting(vote, clerk):
    second = VoteEventFactory(
        state="draft", registered=0, agenda_item=AgendaItemFactory(sitting=vote.agenda_item.sitting)
    )
    refused("another_vote_open", 409, services.vote_open, vote_event=second, duration=timedelta(minutes=1), actor=clerk)


@pytest.mark.parametrize("seconds", [0, 9, 24 * 3600 + 1])
def test_a_vote_stays_open_between_ten_seconds_and_a_day(seconds, clerk):
    vote = VoteEventFactory(state="draft", registered=0)
    refused("bad_duration", 422, services.vote_open, vote_event=vote, duration=timedelta(seconds=seconds), actor=clerk)


def test_a_vote_cannot_be_reopened_or_published_before_it_closes(vote, clerk):
    refused("vote_bad_transition", 409, services.vote_open, vote_event=vote, duration=timedelta(minutes=1), actor=clerk)
    refused("vote_bad_transition", 409, services.vote_publish, vote_event=vote, actor=clerk)


def test_an_unknown_question_type_is_refused(clerk):
    item = AgendaItemFactory()
    refused(
        "unknown_question_type",
        422,
        services.vote_create,
        agenda_item=item,
        question_type="referendum",
        titles={"kk": "x"},
        summaries={"kk": "x"},
        actor=clerk,
    )


# ---------------------------------------------------------------- who casts a ballot


def test_a_deputy_with_totp_casts_their_own_ballot(vote, deputy):
    ballot = services.ballot_cast(vote_event=vote, user=deputy, option="yes")
    assert (ballot.deputy.slug, ballot.option) == (deputy.person_slug, "yes")
    assert ballot.cast_at <= timezone.now()


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("anonymous", 401, "not_authenticated"),
        ("citizen", 403, "not_a_deputy"),
        ("clerk", 403, "not_a_deputy"),
        ("another deputy", 403, "not_own_ballot"),
        ("deputy without totp", 403, "totp_required"),
        ("deputy from a token", 403, "totp_required"),
    ],
)
def test_the_ballot_permission_matrix(vote, seated, who, status, code):
    from django.contrib.auth.models import AnonymousUser

    users = {
        "anonymous": lambda: AnonymousUser(),
        "citizen": lambda: second_factor(UserFactory(roles=(Role.CITIZEN,), totp=True)),
        "clerk": lambda: second_factor(ClerkUserFactory()),
        "another deputy": lambda: second_factor(DeputyUserFactory(person_slug=seated[1].slug)),
        "deputy without totp": lambda: second_factor(DeputyUserFactory(person_slug=seated[0].slug), confirmed=False),
        # An API token's user comes straight from the database: no django-otp state at all.
        "deputy from a token": lambda: User.objects.get(pk=DeputyUserFactory(person_slug=seated[0].slug).pk),
    }
    refused(code, status, services.ballot_cast, vote_event=vote, user=users[who](), option="yes", deputy=seated[0].slug)
    assert not Ballot.objects.filter(vote_event=vote).exists()


# ---------------------------------------------------------------- what a ballot may be


@pytest.mark.parametrize("option", ["maybe", "not voting", "absent", "", "YES"])
def test_an_unknown_option_is_422(vote, deputy, option):
    refused("unknown_option", 422, services.ballot_cast, vote_event=vote, user=deputy, option=option)


def test_a_second_ballot_is_refused(vote, deputy):
    services.ballot_cast(vote_event=vote, user=deputy, option="yes")
    refused("already_voted", 409, services.ballot_cast, vote_event=vote, user=deputy, option="no")
    assert Ballot.objects.get(vote_event=vote, deputy__slug=deputy.person_slug).option == "yes"


def test_the_database_holds_one_ballot_per_deputy_per_vote(vote, deputy):
    ballot = services.ballot_cast(vote_event=vote, user=deputy, option="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.bulk_create([Ballot(vote_event=vote, deputy=ballot.deputy, option="no", cast_at=timezone.now())])


def test_a_rule_that_allows_it_lets_a_deputy_change_while_open(vote, deputy, monkeypatch):
    allowing = rules.QuestionRule(rules.QuestionType.ORDINARY_LAW, rules.MAJORITY_OF_TOTAL, "test", allow_change=True)
    monkeypatch.setitem(rules.QUESTION_RULES, rules.QuestionType.ORDINARY_LAW, allowing)
    services.ballot_cast(vote_event=vote, user=deputy, option="yes")
    changed = services.ballot_cast(vote_event=vote, user=deputy, option="abstain")
    assert changed.option == "abstain"
    assert changed.changed_at
    kinds = list(LedgerEntry.objects.order_by("-index").values_list("kind", "data")[:2])
    assert kinds[0] == (
        "plenary.ballot.changed",
        {"vote_event": vote.slug, "deputy": deputy.person_slug, "option": "abstain", "previous": "yes"},
    )


def test_a_deputy_not_registered_at_the_sitting_cannot_vote(seated):
    vote = VoteEventFactory(registered=144)  # everyone but the last by name
    late = second_factor(DeputyUserFactory(person_slug=seated[-1].slug))
    refused("not_registered", 409, services.ballot_cast, vote_event=vote, user=late, option="yes")


def test_a_draft_vote_is_not_open(deputy):
    vote = VoteEventFactory(state="draft")
    refused("vote_not_open", 409, services.ballot_cast, vote_event=vote, user=deputy, option="yes")


@pytest.mark.parametrize("state", ["closed", "published"])
def test_a_closed_vote_takes_no_ballots(state, deputy):
    vote = VoteEventFactory(state=state)
    refused("vote_closed", 409, services.ballot_cast, vote_event=vote, user=deputy, option="yes")


def test_a_late_ballot_is_refused(vote, deputy):
    late = vote.closes_at + timedelta(seconds=1)
    refused("vote_time_over", 409, services.ballot_cast, vote_event=vote, user=deputy, option="yes", at=late)
    on_time = services.ballot_cast(vote_event=vote, user=deputy, option="yes", at=vote.closes_at)
    assert on_time.cast_at == vote.closes_at


# ---------------------------------------------------------------- the public record


def test_each_ballot_is_a_leaf_of_the_public_record_with_no_personal_data(vote, deputy):
    services.ballot_cast(vote_event=vote, user=deputy, option="no")
    entry = LedgerEntry.objects.order_by("-index").first()
    assert entry.kind == "plenary.ballot.cast"
    assert entry.data == {"vote_event": vote.slug, "deputy": deputy.person_slug, "option": "no"}
    audit = AuditEntry.objects.filter(action="plenary.ballot.cast").order_by("-id").first()
    assert audit.actor_id == deputy.pk
    assert audit.data["option"] == "no"


def test_a_published_result_is_a_leaf_and_immutable(seated, clerk):
    ballots = dict.fromkeys((p.slug for p in seated[:80]), "yes") | dict.fromkeys(
        (p.slug for p in seated[80:140]), "no"
    )
    vote = services.vote_close(vote_event=VoteEventFactory(ballots=ballots), actor=clerk)
    size = LedgerEntry.objects.count()
    vote = services.vote_publish(vote_event=vote, actor=clerk)
    entry = LedgerEntry.objects.order_by("-index").first()
    assert LedgerEntry.objects.count() == size + 1
    assert entry.kind == "plenary.vote.result"
    assert entry.data["counts"] == {"yes": 80, "no": 60, "abstain": 0, "not voting": 5, "absent": 0}
    assert (entry.data["result"], entry.data["needed"], entry.data["total"]) == ("pass", 73, 145)
    stored = VoteEvent.objects.get(pk=vote.pk)
    stored.yes_count = 1
    with pytest.raises(AppendOnlyError):
        stored.save()
    with pytest.raises(AppendOnlyError):
        VoteEvent.objects.filter(pk=vote.pk).update(result="fail")
    refused("vote_bad_transition", 409, services.vote_publish, vote_event=vote, actor=clerk)


@postgres_only
def test_postgresql_refuses_changing_a_published_result_even_from_raw_sql():
    vote = VoteEventFactory(state="published")
    with pytest.raises(Exception, match="immutable"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE plenary_voteevent SET result = 'fail' WHERE id = %s", [vote.pk])


@postgres_only
def test_postgresql_refuses_ballots_of_a_closed_vote_even_from_raw_sql(seated):
    vote = VoteEventFactory(state="closed", ballots={seated[0].slug: "yes"})
    with (
        pytest.raises(Exception, match="only while their vote is open"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE plenary_ballot SET option = 'no' WHERE vote_event_id = %s", [vote.pk])


# ---------------------------------------------------------------- results at the limits


@pytest.mark.parametrize(
    ("question_type", "yes_votes", "result"),
    [
        ("ordinary_law", 73, "pass"),
        ("ordinary_law", 72, "fail"),
        ("constitutional_law", 97, "pass"),
        ("constitutional_law", 96, "fail"),
    ],
)
def test_results_are_exact_at_the_limits(seated, clerk, question_type, yes_votes, result):
    ballots = {p.slug: ("yes" if i < yes_votes else "abstain") for i, p in enumerate(seated)}
    vote = VoteEventFactory(question_type=question_type, ballots=ballots)
    vote = services.vote_close(vote_event=vote, actor=clerk)
    assert (vote.yes_count, vote.abstain_count, vote.result) == (yes_votes, 145 - yes_votes, result)


def test_a_procedural_majority_counts_those_present(seated, clerk):
    # 100 registered; 51 yes of 100 present passes, though 51 is far from a majority of 145.
    ballots = {p.slug: ("yes" if i < 51 else "no") for i, p in enumerate(seated[:100])}
    vote = services.vote_close(
        vote_event=VoteEventFactory(question_type="procedural", registered=100, ballots=ballots), actor=clerk
    )
    assert (vote.present_count, vote.absent_count, vote.needed, vote.result) == (100, 45, 51, "pass")


# ---------------------------------------------------------------- roll call


def test_the_roll_call_lists_all_145_deputies_with_dissent_flagged(seated, clerk):
    call_before = selectors.roll_call(VoteEventFactory(registered=0, state="draft"))
    factions = {r.person.slug: r.faction.slug for r in call_before.rows if r.faction}
    amanat = [s for s, f in factions.items() if f == "faction-amanat"]
    ballots = dict.fromkeys(amanat, "yes") | {amanat[0]: "no"}
    # Everyone is registered but the last by name; only amanat votes.
    vote = services.vote_close(vote_event=VoteEventFactory(registered=144, ballots=ballots), actor=clerk)
    call = selectors.roll_call(vote)
    options = {r.person.slug: r.option for r in call.rows}
    assert len(call.rows) == 145
    assert len({r.seat for r in call.rows}) == 145
    assert options[amanat[0]] == "no"
    assert options[seated[-1].slug] == ("yes" if seated[-1].slug in ballots else "absent")
    assert [r.person.slug for r in call.dissenters] == [amanat[0]]
    assert call.tally == vote.tally()
    assert call.tally.present + call.tally.absent == 145
    amanat_result = next(g for g in call.factions if g.faction.slug == "faction-amanat")
    assert amanat_result.majority == "yes"
    assert amanat_result.tally.no == 1


def test_the_roll_call_takes_a_constant_number_of_queries(vote, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        call = selectors.roll_call(vote)
    assert len(call.rows) == 145


def test_a_deputys_record_shows_votes_dissent_and_attendance(seated, clerk):
    person = seated[0]
    vote = services.vote_close(vote_event=VoteEventFactory(ballots={person.slug: "abstain"}), actor=clerk)
    record = selectors.deputy_record(person)
    row = next(r for r in record.rows if r.vote == vote)
    assert row.option == "abstain"
    assert record.sittings_attended <= record.sittings_held
    only_abstentions = selectors.deputy_record(person, option="abstain")
    assert {r.option for r in only_abstentions.rows} == {"abstain"}


def test_a_person_who_never_held_a_seat_has_no_record():
    from kurultai.registry.models import Person

    stranger = Person.objects.exclude(memberships__organization__slug="kazakhstan-parliament").first()
    assert selectors.deputy_record(stranger) is None
