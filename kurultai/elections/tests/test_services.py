"""Election services end to end: who may act, list rules, results, certification, formation, vacancies.

Every election here is built through the real services with fictional candidates made by the
registry service; the demo parliament (its factions and convocation 1) is already loaded.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from kurultai.accounts.roles import Role
from kurultai.common.errors import Conflict, DomainError, PermissionDenied
from kurultai.common.models import AuditEntry
from kurultai.elections import services
from kurultai.elections.models import Candidate, CandidateStatus, Election, ElectionStatus, PartyList
from kurultai.registry import services as registry
from kurultai.registry.models import Area, Membership, MembershipRole, Organization, Person

POLLING = date(2031, 8, 31)
START = date(2031, 9, 8)
MAZHILIS_2023 = Path(services.__file__).resolve().parent / "data" / "kz_mazhilis_2023.csv"
# The CSV names the parties as the Central Election Commission did; these are their registry ids.
PARTY_SLUGS = {
    "Amanat": "amanat",
    "Auyl": "auyl",
    "Respublica": "respublica",
    "Ak Zhol": "ak-zhol",
    "People's Party of Kazakhstan": "ppk",
    "Nationwide Social Democratic Party (OSDP/JSDP)": "osdp",
    "Baytaq": "baytaq",
}


@dataclass
class Vote:
    """One row of a test election: a party's list (or a non-list row when ``party`` is None)."""

    party: str | None
    votes: int
    candidates: int = 0


@pytest.fixture
def clerk(user_with_role):
    return user_with_role(Role.CLERK)


@pytest.fixture
def citizen(user_with_role):
    return user_with_role(Role.CITIZEN)


@pytest.fixture
def people(db) -> Callable[..., list[Person]]:
    """Fictional candidates through the registry service; every third is a woman unless told."""
    counter = {"n": 0}

    def make(n: int, *, women: int | None = None, born: date = date(1980, 1, 1)) -> list[Person]:
        women = -(-n // 3) if women is None else women
        made = []
        for i in range(n):
            counter["n"] += 1
            k = counter["n"]
            made.append(
                registry.person_create(
                    slug=f"test-candidate-{k:04d}",
                    names={"kk": f"Үміткер {k}", "ru": f"Кандидат {k}", "en": f"Candidate {k}"},
                    gender="female" if i < women else "male",
                    birth_date=born,
                    is_demo=True,
                )
            )
        return made

    return make


@pytest.fixture
def new_election(clerk) -> Callable[..., Election]:
    def make(*, slug: str = "test-election", seats: int = 10, threshold: Decimal = Decimal(5)) -> Election:
        return services.election_create(
            slug=slug,
            names={"kk": "Сынақ сайлау", "ru": "Тестовые выборы", "en": "Test election"},
            polling_date=POLLING,
            seats=seats,
            threshold_percent=threshold,
            actor=clerk,
        )

    return make


@pytest.fixture
def register(clerk, people) -> Callable[..., PartyList]:
    def make(election: Election, party: str, n: int) -> PartyList:
        candidates = [services.CandidateIn(person=p, area=Area.objects.get(slug="almaty")) for p in people(n)]
        return services.party_list_register(
            election=election, party=Organization.objects.get(slug=party), candidates=candidates, actor=clerk
        )

    return make


@pytest.fixture
def run_election(clerk, new_election, register) -> Callable[..., Election]:
    """Register the lists, enter the votes and certify, all through the services."""

    def run(rows: list[Vote], *, seats: int, slug: str = "test-election") -> Election:
        election = new_election(slug=slug, seats=seats)
        votes: dict[int, int] = {}
        for row in rows:
            plist = (
                register(election, row.party, row.candidates)
                if row.party
                else services.non_list_row_add(election=election, labels={"en": "Against all"}, actor=clerk)
            )
            votes[plist.pk] = row.votes
        services.results_enter(election=election, votes=votes, actor=clerk)
        return services.election_certify(election=election, actor=clerk)

    return run


def seats_of(election: Election) -> dict[str, int]:
    return {p.party.slug: p.seats for p in election.lists.filter(party__isnull=False).select_related("party")}


def candidate(election: Election, party: str, position: int) -> Candidate:
    return Candidate.objects.select_related("person").get(
        party_list__election=election, party_list__party__slug=party, position=position
    )


def deputy_membership(person: Person, convocation_slug: str = "convocation-2") -> Membership:
    return Membership.objects.get(
        person=person, organization__slug="kazakhstan-parliament", role=MembershipRole.DEPUTY,
        convocation__slug=convocation_slug,
    )


SMALL = [Vote("ak-zhol", 600, 8), Vote("baytaq", 400, 5), Vote(None, 50)]  # 10 seats: 6 and 4


# ---------------------------------------------------------------- who may act


def demo_election() -> Election:
    return Election.objects.get(slug="kurultai-2026-demo")


SERVICE_CALLS: dict[str, Callable[[Any], Any]] = {
    "election_create": lambda actor: services.election_create(
        slug="x", names={"en": "x"}, polling_date=POLLING, seats=10, actor=actor
    ),
    "party_list_register": lambda actor: services.party_list_register(
        election=demo_election(), party=Organization.objects.get(slug="amanat"), candidates=[], actor=actor
    ),
    "non_list_row_add": lambda actor: services.non_list_row_add(
        election=demo_election(), labels={"en": "x"}, actor=actor
    ),
    "results_enter": lambda actor: services.results_enter(election=demo_election(), votes={}, actor=actor),
    "election_certify": lambda actor: services.election_certify(election=demo_election(), actor=actor),
    "convocation_form": lambda actor: services.convocation_form(
        election=demo_election(), number=9, start_date=START, actor=actor
    ),
    "candidate_decline": lambda actor: services.candidate_decline(
        candidate=Candidate.objects.filter(status=CandidateStatus.LISTED).first(), actor=actor
    ),
    "vacancy_fill": lambda actor: services.vacancy_fill(
        membership=Membership.objects.filter(role=MembershipRole.DEPUTY).first(), end_date=START, actor=actor
    ),
}


@pytest.mark.parametrize("call", SERVICE_CALLS.values(), ids=SERVICE_CALLS.keys())
def test_a_citizen_may_not_run_elections(citizen, call):
    entries = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied) as caught:
        call(citizen)
    assert caught.value.status == 403
    assert caught.value.code == "permission_denied"
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("call", SERVICE_CALLS.values(), ids=SERVICE_CALLS.keys())
def test_an_anonymous_visitor_must_log_in(db, call):
    with pytest.raises(DomainError) as caught:
        call(AnonymousUser())
    assert caught.value.status == 401
    assert caught.value.code == "not_authenticated"


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.MODERATOR, Role.PARTY_OPERATOR])
def test_other_roles_may_not_certify(user_with_role, role):
    with pytest.raises(PermissionDenied):
        services.election_certify(election=demo_election(), actor=user_with_role(role))


@pytest.mark.parametrize("role", [Role.CLERK, Role.ADMIN])
def test_clerks_and_admins_may_create_elections(user_with_role, role):
    election = services.election_create(
        slug="allowed", names={"en": "Allowed"}, polling_date=POLLING, seats=10, actor=user_with_role(role)
    )
    assert election.status == ElectionStatus.REGISTRATION
    assert AuditEntry.objects.filter(action="elections.election.created", object_id="allowed").exists()


def test_an_election_id_is_used_once(new_election):
    new_election(slug="twice")
    with pytest.raises(Conflict) as caught:
        new_election(slug="twice")
    assert caught.value.code == "election_exists"


# ---------------------------------------------------------------- list composition


@pytest.mark.parametrize(("n", "women"), [(10, 2), (11, 3), (3, 0), (7, 2)])
def test_a_list_below_the_quota_is_refused(clerk, new_election, people, n, women):
    election = new_election()
    candidates = [services.CandidateIn(person=p) for p in people(n, women=women)]
    with pytest.raises(DomainError) as caught:
        services.party_list_register(
            election=election, party=Organization.objects.get(slug="amanat"), candidates=candidates, actor=clerk
        )
    assert caught.value.code == "list_quota_not_met"
    assert caught.value.status == 422
    assert caught.value.data == {"covered": women, "candidates": n, "quota_percent": 30}
    assert not PartyList.objects.filter(election=election).exists()


@pytest.mark.parametrize(("n", "women"), [(10, 3), (20, 6), (3, 1), (1, 1), (4, 4)])
def test_a_list_at_the_quota_passes(clerk, new_election, people, n, women):
    candidates = [services.CandidateIn(person=p) for p in people(n, women=women)]
    plist = services.party_list_register(
        election=new_election(), party=Organization.objects.get(slug="amanat"), candidates=candidates, actor=clerk
    )
    assert list(plist.candidates.order_by("position").values_list("position", flat=True)) == list(range(1, n + 1))


def test_youth_and_disability_count_toward_the_quota(clerk, new_election, people):
    men = people(10, women=0)
    candidates = [
        services.CandidateIn(person=men[0], youth=True),
        services.CandidateIn(person=men[1], disability=True),
        services.CandidateIn(person=men[2], youth=True, disability=True),
        *[services.CandidateIn(person=p) for p in men[3:]],
    ]
    plist = services.party_list_register(
        election=new_election(), party=Organization.objects.get(slug="auyl"), candidates=candidates, actor=clerk
    )
    assert plist.candidates.filter(youth=True).count() == 2


def test_a_candidate_counted_twice_still_counts_once(clerk, new_election, people):
    # A young woman with a disability is one person of the 30%, not three.
    [woman] = people(1, women=1)
    candidates = [services.CandidateIn(person=woman, youth=True, disability=True)] + [
        services.CandidateIn(person=p) for p in people(3, women=0)
    ]
    with pytest.raises(DomainError) as caught:
        services.party_list_register(
            election=new_election(), party=Organization.objects.get(slug="auyl"), candidates=candidates, actor=clerk
        )
    assert caught.value.data["covered"] == 1


def test_an_empty_list_is_refused(clerk, new_election):
    with pytest.raises(DomainError) as caught:
        services.party_list_register(
            election=new_election(), party=Organization.objects.get(slug="amanat"), candidates=[], actor=clerk
        )
    assert caught.value.code == "list_empty"


@pytest.mark.parametrize("born", [date(2006, 9, 1), date(2007, 1, 1), date(2013, 1, 1)])
def test_a_candidate_under_25_on_polling_day_is_refused(clerk, new_election, people, born):
    young = people(1, women=1, born=born)
    candidates = [services.CandidateIn(person=p) for p in [*young, *people(2)]]
    with pytest.raises(DomainError) as caught:
        services.party_list_register(
            election=new_election(), party=Organization.objects.get(slug="amanat"), candidates=candidates, actor=clerk
        )
    assert caught.value.code == "candidate_too_young"
    assert caught.value.data == {"candidates": [young[0].slug]}


def test_a_candidate_turning_25_on_polling_day_may_stand(clerk, new_election, people):
    candidates = [services.CandidateIn(person=p) for p in people(1, women=1, born=date(2006, 8, 31))]
    services.party_list_register(
        election=new_election(), party=Organization.objects.get(slug="amanat"), candidates=candidates, actor=clerk
    )


def test_only_a_party_registers_a_list(clerk, new_election, people):
    with pytest.raises(DomainError) as caught:
        services.party_list_register(
            election=new_election(),
            party=Organization.objects.get(slug="committee-finance"),
            candidates=[services.CandidateIn(person=p) for p in people(3)],
            actor=clerk,
        )
    assert caught.value.code == "not_a_party"


def test_a_party_registers_one_list(new_election, register):
    election = new_election()
    register(election, "amanat", 3)
    with pytest.raises(Conflict) as caught:
        register(election, "amanat", 3)
    assert caught.value.code == "list_exists"


def test_registration_order_follows_registration(new_election, register, clerk):
    election = new_election()
    lists = [register(election, "respublica", 3), register(election, "amanat", 3)]
    row = services.non_list_row_add(election=election, labels={"en": "Against all"}, actor=clerk)
    assert [p.registration_order for p in [*lists, row]] == [1, 2, 3]
    assert row.eligible is False


# ---------------------------------------------------------------- results


@pytest.fixture
def two_lists(new_election, register, clerk) -> tuple[Election, PartyList, PartyList, PartyList]:
    election = new_election()
    a = register(election, "amanat", 6)
    b = register(election, "auyl", 6)
    against = services.non_list_row_add(election=election, labels={"en": "Against all"}, actor=clerk)
    return election, a, b, against


def test_results_must_cover_every_row(clerk, two_lists):
    election, a, b, _against = two_lists
    with pytest.raises(DomainError) as caught:
        services.results_enter(election=election, votes={a.pk: 100, b.pk: 50}, actor=clerk)
    assert caught.value.code == "results_incomplete"
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.REGISTRATION


def test_results_may_not_name_other_rows(clerk, two_lists):
    election, a, b, against = two_lists
    other = demo_election().lists.first()
    with pytest.raises(DomainError) as caught:
        services.results_enter(
            election=election, votes={a.pk: 1, b.pk: 1, against.pk: 1, other.pk: 1}, actor=clerk
        )
    assert caught.value.code == "results_incomplete"


@pytest.mark.parametrize("bad", [-1, 1.5, "100", None])
def test_votes_are_whole_numbers_zero_or_more(clerk, two_lists, bad):
    election, a, b, against = two_lists
    with pytest.raises(DomainError) as caught:
        services.results_enter(election=election, votes={a.pk: 100, b.pk: bad, against.pk: 3}, actor=clerk)
    assert caught.value.code == "invalid_votes"
    assert PartyList.objects.filter(election=election, votes__isnull=False).count() == 0


def test_results_may_be_corrected_before_certification(clerk, two_lists):
    election, a, b, against = two_lists
    services.results_enter(election=election, votes={a.pk: 100, b.pk: 50, against.pk: 3}, actor=clerk)
    services.results_enter(election=election, votes={a.pk: 90, b.pk: 60, against.pk: 3}, actor=clerk)
    assert PartyList.objects.get(pk=a.pk).votes == 90


def test_certification_needs_results(clerk, two_lists):
    election, *_ = two_lists
    with pytest.raises(Conflict) as caught:
        services.election_certify(election=election, actor=clerk)
    assert caught.value.code == "not_certifiable"


def test_certification_with_no_list_over_the_threshold_is_refused(clerk, two_lists):
    election, a, b, against = two_lists
    services.results_enter(election=election, votes={a.pk: 0, b.pk: 0, against.pk: 100}, actor=clerk)
    with pytest.raises(DomainError) as caught:
        services.election_certify(election=election, actor=clerk)
    assert caught.value.code == "allocation_failed"
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.RESULTS


# ---------------------------------------------------------------- the 2023 Mazhilis result


def mazhilis_2023() -> list[dict[str, str]]:
    with open(MAZHILIS_2023, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def election_2023(run_election) -> Election:
    rows = [
        Vote(PARTY_SLUGS.get(r["party"]), int(r["votes"]), int(r["seats_official"] or 0) + 3)
        for r in mazhilis_2023()
    ]
    return run_election(rows, seats=69, slug="mazhilis-2023-replay")


def test_certification_reproduces_the_2023_mazhilis_result(election_2023):
    official = {PARTY_SLUGS[r["party"]]: int(r["seats_official"]) for r in mazhilis_2023() if r["eligible"] == "true"}
    assert seats_of(election_2023) == official
    assert sum(official.values()) == 69


def test_the_2023_threshold_counts_against_all_in_the_base(election_2023):
    total = sum(int(r["votes"]) for r in mazhilis_2023())
    assert election_2023.threshold_votes == -(-total * 5 // 100)
    passed = {p.party.slug: p.passed_threshold for p in election_2023.lists.filter(party__isnull=False)}
    assert passed == {"amanat": True, "auyl": True, "respublica": True, "ak-zhol": True, "ppk": True, "osdp": True,
                      "baytaq": False}


def test_certification_is_recorded(election_2023):
    assert election_2023.status == ElectionStatus.CERTIFIED
    assert election_2023.certified_at is not None
    entry = AuditEntry.objects.get(action="elections.election.certified", object_id="mazhilis-2023-replay")
    assert entry.data["seats"]["amanat"] == 40


def test_certified_results_cannot_be_changed(clerk, election_2023):
    votes = {p.pk: 1 for p in election_2023.lists.all()}
    with pytest.raises(Conflict) as caught:
        services.results_enter(election=election_2023, votes=votes, actor=clerk)
    assert caught.value.code == "results_certified"
    assert seats_of(Election.objects.get(pk=election_2023.pk))["amanat"] == 40


def test_certified_results_cannot_be_certified_again(clerk, election_2023):
    with pytest.raises(Conflict) as caught:
        services.election_certify(election=election_2023, actor=clerk)
    assert caught.value.code == "not_certifiable"


def test_no_list_can_be_added_after_the_results(clerk, election_2023, register):
    with pytest.raises(Conflict) as caught:
        register(election_2023, "amanat", 3)
    assert caught.value.code == "registration_closed"


def test_formed_results_cannot_be_changed(clerk, election_2023):
    services.convocation_form(election=election_2023, number=2, start_date=START, actor=clerk)
    with pytest.raises(Conflict) as caught:
        services.results_enter(election=election_2023, votes={p.pk: 1 for p in election_2023.lists.all()}, actor=clerk)
    assert caught.value.code == "results_certified"


# ---------------------------------------------------------------- formation


def test_formation_seats_the_top_of_each_list(clerk, election_2023):
    convocation = services.convocation_form(election=election_2023, number=2, start_date=START, actor=clerk)
    deputies = Membership.objects.filter(convocation=convocation, role=MembershipRole.DEPUTY)
    assert convocation.seats == 69
    assert deputies.count() == 69
    assert set(deputies.values_list("organization__slug", flat=True)) == {"kazakhstan-parliament"}
    by_party = {slug: deputies.filter(on_behalf_of__slug=slug).count() for slug in PARTY_SLUGS.values()}
    assert by_party == seats_of(election_2023)
    elected = Candidate.objects.filter(party_list__election=election_2023, status=CandidateStatus.ELECTED)
    assert elected.count() == 69
    assert set(elected.values_list("position", flat=True)) == set(range(1, 41))
    assert Election.objects.get(pk=election_2023.pk).status == ElectionStatus.FORMED


def test_formation_gives_each_party_with_seats_one_faction(clerk, election_2023):
    convocation = services.convocation_form(election=election_2023, number=2, start_date=START, actor=clerk)
    seats = seats_of(election_2023)
    members = Membership.objects.filter(
        convocation=convocation, organization__classification="faction", role=MembershipRole.MEMBER
    )
    factions = {
        slug: Organization.objects.filter(slug=f"faction-{slug}", classification="faction").count() for slug in seats
    }
    assert factions == {slug: int(n > 0) for slug, n in seats.items()}
    assert {slug: members.filter(organization__slug=f"faction-{slug}").count() for slug in seats} == seats
    assert {slug: members.filter(on_behalf_of__slug=slug).count() for slug in seats} == seats


def test_formation_creates_a_faction_a_party_did_not_have(clerk, run_election):
    assert not Organization.objects.filter(slug="faction-baytaq").exists()
    election = run_election(SMALL, seats=10)
    services.convocation_form(election=election, number=2, start_date=START, actor=clerk)
    faction = Organization.objects.get(slug="faction-baytaq")
    assert faction.classification == "faction"
    assert faction.parent.slug == "kazakhstan-parliament"
    assert faction.color == Organization.objects.get(slug="baytaq").color
    assert faction.memberships.filter(role=MembershipRole.MEMBER).count() == 4
    assert faction.memberships.filter(role=MembershipRole.LEADER).count() == 1


def test_deputies_sit_on_behalf_of_their_party_with_their_region(clerk, run_election):
    election = run_election(SMALL, seats=10)
    convocation = services.convocation_form(election=election, number=2, start_date=START, actor=clerk)
    deputy = deputy_membership(candidate(election, "ak-zhol", 1).person)
    assert deputy.on_behalf_of.slug == "ak-zhol"
    assert deputy.area.slug == "almaty"
    assert deputy.start_date == START
    assert deputy.convocation == convocation


def test_a_declined_candidate_is_skipped(clerk, run_election):
    election = run_election(SMALL, seats=10)
    first = candidate(election, "ak-zhol", 1)
    services.candidate_decline(candidate=first, actor=clerk)
    services.convocation_form(election=election, number=2, start_date=START, actor=clerk)
    elected = Candidate.objects.filter(party_list__party__slug="ak-zhol", party_list__election=election,
                                       status=CandidateStatus.ELECTED)
    assert sorted(elected.values_list("position", flat=True)) == [2, 3, 4, 5, 6, 7]
    assert Candidate.objects.get(pk=first.pk).status == CandidateStatus.DECLINED
    assert not Membership.objects.filter(person=first.person).exists()


def test_a_declined_candidate_cannot_decline_again(clerk, run_election):
    election = run_election(SMALL, seats=10)
    first = services.candidate_decline(candidate=candidate(election, "ak-zhol", 1), actor=clerk)
    with pytest.raises(Conflict) as caught:
        services.candidate_decline(candidate=first, actor=clerk)
    assert caught.value.code == "candidate_not_listed"


def test_a_list_too_short_for_its_seats_cannot_form(clerk, run_election):
    election = run_election([Vote("ak-zhol", 600, 1), Vote("baytaq", 400, 5)], seats=10)
    with pytest.raises(DomainError) as caught:
        services.convocation_form(election=election, number=2, start_date=START, actor=clerk)
    assert caught.value.code == "list_exhausted"
    assert not Membership.objects.filter(convocation__slug="convocation-2").exists()
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.CERTIFIED


def test_an_uncertified_election_cannot_form(clerk, two_lists):
    election, *_ = two_lists
    with pytest.raises(Conflict) as caught:
        services.convocation_form(election=election, number=2, start_date=START, actor=clerk)
    assert caught.value.code == "not_certified"


# ---------------------------------------------------------------- vacancies


@pytest.fixture
def formed(clerk, run_election) -> Election:
    election = run_election([Vote("ak-zhol", 600, 8), Vote("baytaq", 400, 4)], seats=10)
    services.convocation_form(election=election, number=2, start_date=START, actor=clerk)
    return election


def test_a_vacancy_goes_to_the_next_listed_candidate(clerk, formed):
    leaving = candidate(formed, "ak-zhol", 2)
    old = deputy_membership(leaving.person)
    ended_on = date(2032, 3, 1)
    new = services.vacancy_fill(membership=old, end_date=ended_on, actor=clerk)
    successor = candidate(formed, "ak-zhol", 7)
    assert new.person == successor.person
    assert new.on_behalf_of.slug == "ak-zhol"
    assert new.start_date == ended_on
    assert new.role == MembershipRole.DEPUTY
    assert successor.status == CandidateStatus.ELECTED
    assert candidate(formed, "ak-zhol", 2).status == CandidateStatus.VACATED


def test_a_vacancy_ends_every_membership_of_the_leaving_deputy(clerk, formed):
    leaving = candidate(formed, "ak-zhol", 1)  # first of the list: also the faction leader
    ended_on = date(2032, 3, 1)
    services.vacancy_fill(membership=deputy_membership(leaving.person), end_date=ended_on, actor=clerk)
    memberships = Membership.objects.filter(person=leaving.person, convocation__slug="convocation-2")
    assert memberships.count() >= 2
    assert set(memberships.values_list("end_date", flat=True)) == {ended_on}


def test_the_seat_count_stays_the_same_after_a_vacancy(clerk, formed):
    sitting = Membership.objects.filter(convocation__slug="convocation-2", role=MembershipRole.DEPUTY, end_date=None)
    before = sitting.count()
    services.vacancy_fill(
        membership=deputy_membership(candidate(formed, "ak-zhol", 4).person), end_date=date(2032, 3, 1), actor=clerk
    )
    assert sitting.count() == before == 10
    assert sitting.filter(on_behalf_of__slug="ak-zhol").count() == 6


def test_a_declined_candidate_is_skipped_for_a_vacancy(clerk, formed):
    services.candidate_decline(candidate=candidate(formed, "ak-zhol", 7), actor=clerk)
    new = services.vacancy_fill(
        membership=deputy_membership(candidate(formed, "ak-zhol", 3).person), end_date=date(2032, 3, 1), actor=clerk
    )
    assert new.person == candidate(formed, "ak-zhol", 8).person


def test_an_ended_mandate_cannot_be_vacated_again(clerk, formed):
    old = deputy_membership(candidate(formed, "ak-zhol", 2).person)
    services.vacancy_fill(membership=old, end_date=date(2032, 3, 1), actor=clerk)
    with pytest.raises(Conflict) as caught:
        services.vacancy_fill(membership=old, end_date=date(2032, 4, 1), actor=clerk)
    assert caught.value.code == "not_sitting"


def test_an_exhausted_list_leaves_the_mandate_untouched(clerk, formed):
    # Baytaq won 4 seats with 4 candidates: nobody is left to take a fifth mandate.
    old = deputy_membership(candidate(formed, "baytaq", 1).person)
    with pytest.raises(DomainError) as caught:
        services.vacancy_fill(membership=old, end_date=date(2032, 3, 1), actor=clerk)
    assert caught.value.code == "list_exhausted"
    assert Membership.objects.get(pk=old.pk).end_date is None
    assert candidate(formed, "baytaq", 1).status == CandidateStatus.ELECTED


def test_the_faction_leader_post_passes_to_the_highest_placed_sitting_deputy(clerk, formed):
    leader = candidate(formed, "ak-zhol", 1)
    ended_on = date(2032, 3, 1)
    services.vacancy_fill(membership=deputy_membership(leader.person), end_date=ended_on, actor=clerk)
    leaders = Membership.objects.filter(
        organization__slug="faction-ak-zhol", role=MembershipRole.LEADER, end_date__isnull=True,
        convocation__slug="convocation-2",
    ).select_related("person", "post")
    assert [m.person for m in leaders] == [candidate(formed, "ak-zhol", 2).person]
    assert leaders[0].start_date == ended_on
    assert leaders[0].post.role == "leader"
