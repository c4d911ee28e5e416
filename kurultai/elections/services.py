"""Writes for elections: lists, results, certification, formation of the convocation, vacancies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurultai.accounts.permissions import is_admin, is_clerk, require
from kurultai.common.errors import Conflict, DomainError
from kurultai.common.i18n import set_translations
from kurultai.common.services import audit_log
from kurultai.elections.allocation import AllocationError, Row, Rules, allocate
from kurultai.elections.models import Candidate, CandidateStatus, Election, ElectionStatus, PartyList
from kurultai.registry import services as registry
from kurultai.registry.models import (
    Area,
    Convocation,
    Gender,
    Membership,
    MembershipRole,
    Organization,
    OrganizationClassification,
    Person,
)
from kurultai.registry.selectors import PARLIAMENT_SLUG

can_run_elections = is_clerk | is_admin


@dataclass(frozen=True)
class CandidateIn:
    person: Person
    area: Area | None = None
    youth: bool = False
    disability: bool = False


def _age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def election_create(
    *,
    slug: str,
    names: dict[str, str],
    polling_date: date,
    seats: int,
    method: str = "hare",
    threshold_percent: Decimal = Decimal(5),
    min_lists: int = 2,
    illustrative: bool = False,
    actor: Any,
) -> Election:
    require(actor, can_run_elections, action="elections.election.create")
    parliament = Organization.objects.get(slug=PARLIAMENT_SLUG)
    with transaction.atomic():
        if Election.objects.filter(slug=slug).exists():
            raise Conflict(_("An election with this identifier exists."), code="election_exists")
        election = Election(
            slug=slug,
            parliament=parliament,
            polling_date=polling_date,
            seats=seats,
            method=method,
            threshold_percent=threshold_percent,
            min_lists=min_lists,
            illustrative=illustrative,
        )
        set_translations(election, "name", names)
        election.save()
        audit_log(
            action="elections.election.created", actor=actor, obj=election, data={"seats": seats, "method": method}
        )
    return election


def check_list_composition(election: Election, candidates: Sequence[CandidateIn]) -> None:
    """The combined quota of women, youth and persons with disabilities on a list (data, with citation)."""
    if not candidates:
        raise DomainError("list_empty", _("A party list needs at least one candidate."), status=422)
    too_young = [
        c.person.slug
        for c in candidates
        if c.person.birth_date and _age_on(c.person.birth_date, election.polling_date) < election.candidate_min_age
    ]
    if too_young:
        raise DomainError(
            "candidate_too_young",
            _("Candidates must be at least %(age)s years old on polling day.") % {"age": election.candidate_min_age},
            status=422,
            data={"candidates": too_young},
        )
    covered = sum(1 for c in candidates if c.person.gender == Gender.FEMALE or c.youth or c.disability)
    # Integer comparison: covered / n >= quota / 100.
    if covered * 100 < election.list_quota_percent * len(candidates):
        raise DomainError(
            "list_quota_not_met",
            _(
                "At least %(quota)s%% of the list must be women, young people or persons with disabilities "
                "(%(citation)s)."
            )
            % {"quota": election.list_quota_percent, "citation": election.list_quota_citation},
            status=422,
            data={"covered": covered, "candidates": len(candidates), "quota_percent": election.list_quota_percent},
        )


def party_list_register(
    *, election: Election, party: Organization, candidates: Sequence[CandidateIn], actor: Any
) -> PartyList:
    require(actor, can_run_elections, action="elections.list.register")
    if party.classification != OrganizationClassification.PARTY:
        raise DomainError("not_a_party", _("Only a political party can register a list."), status=422)
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status != ElectionStatus.REGISTRATION:
            raise Conflict(_("Lists can only be registered before results are entered."), code="registration_closed")
        if PartyList.objects.filter(election=election, party=party).exists():
            raise Conflict(_("This party already has a list in this election."), code="list_exists")
        check_list_composition(election, candidates)
        order = _next_registration_order(election)
        plist = PartyList(election=election, party=party, registration_order=order, eligible=True)
        for lang in ("kk", "ru", "en"):
            setattr(plist, f"label_{lang}", getattr(party, f"name_{lang}") or party.name)
        plist.label = party.name
        plist.save()
        Candidate.objects.bulk_create(
            Candidate(
                party_list=plist, person=c.person, area=c.area, position=i, youth=c.youth, disability=c.disability
            )
            for i, c in enumerate(candidates, start=1)
        )
        audit_log(
            action="elections.list.registered",
            actor=actor,
            obj=plist,
            data={"party": party.slug, "candidates": len(candidates)},
        )
    return plist


def _next_registration_order(election: Election) -> int:
    last = election.lists.order_by("-registration_order").values_list("registration_order", flat=True).first()
    return (last or 0) + 1


def non_list_row_add(*, election: Election, labels: dict[str, str], actor: Any) -> PartyList:
    """A result row that is not a list, such as "against all": counts toward the threshold base only."""
    require(actor, can_run_elections, action="elections.row.add")
    with transaction.atomic():
        order = _next_registration_order(election)
        row = PartyList(election=election, party=None, registration_order=order, eligible=False)
        set_translations(row, "label", labels)
        row.save()
        audit_log(action="elections.row.added", actor=actor, obj=row)
    return row


def results_enter(*, election: Election, votes: dict[int, int], actor: Any) -> Election:
    """Enter votes per row (PartyList pk → votes); every row needs a non-negative integer."""
    require(actor, can_run_elections, action="elections.results.enter")
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status not in (ElectionStatus.REGISTRATION, ElectionStatus.RESULTS):
            raise Conflict(_("Certified results cannot be changed."), code="results_certified")
        rows = list(election.lists.all())
        missing = [r.pk for r in rows if r.pk not in votes]
        if missing or set(votes) - {r.pk for r in rows}:
            raise DomainError(
                "results_incomplete", _("Enter votes for every row of the result, and only for them."), status=422
            )
        for row in rows:
            value = votes[row.pk]
            if not isinstance(value, int) or value < 0:
                raise DomainError("invalid_votes", _("Votes must be whole numbers, zero or more."), status=422)
            row.votes = value
        PartyList.objects.bulk_update(rows, ["votes"])
        election.status = ElectionStatus.RESULTS
        election.save(update_fields=["status"])
        audit_log(
            action="elections.results.entered",
            actor=actor,
            obj=election,
            data={str(r.registration_order): r.votes for r in rows},
        )
    return election


def election_rules(election: Election) -> Rules:
    return Rules(
        seats=election.seats,
        method=election.method,  # type: ignore[arg-type]
        threshold_percent=Fraction(str(election.threshold_percent)),
        min_lists=election.min_lists,
    )


def election_rows(election: Election) -> list[Row]:
    return [
        Row(
            party=r.party.slug if r.party_id else f"row-{r.registration_order}",
            votes=r.votes or 0,
            eligible=r.eligible,
            minority=r.minority,
        )
        for r in election.lists.select_related("party").order_by("registration_order")
    ]


def election_certify(*, election: Election, actor: Any) -> Election:
    """A clerk certifies the results: the allocation is computed and stored, then frozen."""
    require(actor, can_run_elections, action="elections.election.certify")
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status != ElectionStatus.RESULTS:
            raise Conflict(_("Only entered, uncertified results can be certified."), code="not_certifiable")
        try:
            result = allocate(election_rows(election), election_rules(election))
        except AllocationError as exc:
            raise DomainError("allocation_failed", str(exc), status=422) from None
        lists = list(election.lists.order_by("registration_order"))
        for row, outcome in zip(lists, result.rows, strict=True):
            row.seats = outcome.seats
            row.passed_threshold = outcome.passed_threshold
        PartyList.objects.bulk_update(lists, ["seats", "passed_threshold"])
        election.status = ElectionStatus.CERTIFIED
        election.certified_at = timezone.now()
        election.threshold_votes = result.threshold_votes
        election.save(update_fields=["status", "certified_at", "threshold_votes"])
        audit_log(
            action="elections.election.certified",
            actor=actor,
            obj=election,
            data={"seats": {r.party: r.seats for r in result.rows}, "threshold_votes": result.threshold_votes},
        )
    return election


def candidate_decline(*, candidate: Candidate, actor: Any) -> Candidate:
    """A candidate declines (or withdraws before formation): the mandate goes further down the list."""
    require(actor, can_run_elections, action="elections.candidate.decline")
    with transaction.atomic():
        if candidate.status not in (CandidateStatus.LISTED,):
            raise Conflict(_("Only a listed candidate can decline."), code="candidate_not_listed")
        candidate.status = CandidateStatus.DECLINED
        candidate.save(update_fields=["status"])
        audit_log(action="elections.candidate.declined", actor=actor, obj=candidate.person)
    return candidate


def _faction_for(party: Organization, parliament: Organization, actor: Any) -> Organization:
    slug = f"faction-{party.slug}"
    faction = Organization.objects.filter(slug=slug).first()
    if faction is None:
        names = {
            "kk": f"«{party.short_name_kk or party.short_name or party.name}» фракциясы",
            "ru": f"Фракция «{party.short_name_ru or party.short_name or party.name}»",
            "en": f"{party.short_name_en or party.short_name or party.name} faction",
        }
        faction = registry.organization_create(
            slug=slug,
            names=names,
            classification=OrganizationClassification.FACTION,
            actor=actor,
            parent=parliament,
            color=party.color,
        )
    return faction


def _faction_leader(faction: Organization, deputy: Membership, *, convocation: Convocation, actor: Any) -> None:
    """The party's post in the chamber: its faction leader, first of its elected list until the faction decides."""
    post = registry.post_create(
        slug=f"{faction.slug}-leader-{convocation.slug}",
        labels={"kk": "Фракция жетекшісі", "ru": "Руководитель фракции", "en": "Faction leader"},
        role="leader",
        organization=faction,
        actor=actor,
    )
    registry.membership_create(
        person=deputy.person,
        organization=faction,
        role=MembershipRole.LEADER,
        post=post,
        start_date=deputy.start_date,
        convocation=convocation,
        actor=actor,
    )


def _seat(
    candidate: Candidate,
    *,
    convocation: Convocation,
    parliament: Organization,
    faction: Organization,
    party: Organization,
    start_date: date,
    actor: Any,
) -> Membership:
    candidate.status = CandidateStatus.ELECTED
    candidate.save(update_fields=["status"])
    deputy = registry.membership_create(
        person=candidate.person,
        organization=parliament,
        role=MembershipRole.DEPUTY,
        start_date=start_date,
        on_behalf_of=party,
        area=candidate.area,
        convocation=convocation,
        label="Deputy of the Kurultai",
        actor=actor,
        slug=f"{candidate.person.slug}--{convocation.slug}--{start_date:%Y%m%d}",
    )
    registry.membership_create(
        person=candidate.person,
        organization=faction,
        role=MembershipRole.MEMBER,
        start_date=start_date,
        on_behalf_of=party,
        convocation=convocation,
        actor=actor,
        slug=f"{candidate.person.slug}--{faction.slug}--{start_date:%Y%m%d}",
    )
    return deputy


def convocation_form(*, election: Election, number: int, start_date: date, actor: Any) -> Convocation:
    """Form the convocation from certified results: mandates down each list, one faction per party."""
    require(actor, can_run_elections, action="elections.convocation.form")
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status != ElectionStatus.CERTIFIED:
            raise Conflict(_("Only certified results can form a convocation."), code="not_certified")
        parliament = election.parliament
        convocation = registry.convocation_create(
            slug=f"convocation-{number}",
            number=number,
            parliament=parliament,
            start_date=start_date,
            seats=election.seats,
            names={
                "kk": f"{number}-шақырылым Құрылтай",
                "ru": f"Курултай {number}-го созыва",
                "en": f"Kurultai, convocation {number}",
            },
            actor=actor,
        )
        for plist in election.lists.filter(seats__gt=0).select_related("party").order_by("registration_order"):
            party = plist.party
            if party is None:  # a non-list row never wins seats; the database forbids it
                continue
            faction = _faction_for(party, parliament, actor)
            listed = list(
                plist.candidates.filter(status=CandidateStatus.LISTED).select_related("person").order_by("position")
            )
            if len(listed) < (plist.seats or 0):
                raise DomainError(
                    "list_exhausted",
                    _("A list has fewer candidates than the seats it won."),
                    status=422,
                    data={"party": party.slug},
                )
            seated = [
                _seat(
                    candidate,
                    convocation=convocation,
                    parliament=parliament,
                    faction=faction,
                    party=party,
                    start_date=start_date,
                    actor=actor,
                )
                for candidate in listed[: plist.seats]
            ]
            _faction_leader(faction, seated[0], convocation=convocation, actor=actor)
        election.status = ElectionStatus.FORMED
        election.convocation = convocation
        election.save(update_fields=["status", "convocation"])
        audit_log(
            action="elections.convocation.formed", actor=actor, obj=election, data={"convocation": convocation.slug}
        )
    return convocation


def vacancy_fill(*, membership: Membership, end_date: date, actor: Any) -> Membership:
    """A mandate ends during the term: it passes to the next candidate on the same list."""
    require(actor, can_run_elections, action="elections.vacancy.fill")
    with transaction.atomic():
        membership = (
            # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins.
            Membership.objects.select_for_update(of=("self",))
            .select_related("convocation", "on_behalf_of", "person")
            .get(pk=membership.pk)
        )
        if (
            membership.end_date is not None
            or membership.role != MembershipRole.DEPUTY
            or membership.convocation is None
        ):
            raise Conflict(_("Only a sitting deputy's mandate can be vacated."), code="not_sitting")
        election = Election.objects.get(convocation=membership.convocation)
        plist = PartyList.objects.get(election=election, party=membership.on_behalf_of)
        Candidate.objects.filter(party_list=plist, person=membership.person).update(status=CandidateStatus.VACATED)
        registry.membership_end(membership=membership, end_date=end_date, actor=actor)
        ended = open_person_memberships(membership.person, membership.convocation)
        for other in ended:
            registry.membership_end(membership=other, end_date=end_date, actor=actor)
        successor = (
            plist.candidates.filter(status=CandidateStatus.LISTED).select_related("person").order_by("position").first()
        )
        if successor is None:
            raise DomainError("list_exhausted", _("No candidate is left on this list to take the mandate."), status=422)
        party = plist.party
        if party is None:
            raise Conflict(_("Only a party list can fill a mandate."), code="not_a_list")
        faction = _faction_for(party, election.parliament, actor)
        new = _seat(
            successor,
            convocation=membership.convocation,
            parliament=election.parliament,
            faction=faction,
            party=party,
            start_date=end_date,
            actor=actor,
        )
        leader_post = next((m.post for m in ended if m.role == MembershipRole.LEADER and m.post_id), None)
        if leader_post is not None:
            # The faction keeps a leader: the highest-placed sitting deputy of the list, until
            # the faction elects another.
            heir = plist.candidates.filter(status=CandidateStatus.ELECTED).select_related("person").order_by("position")
            first = heir.first()
            if first is not None:
                registry.membership_create(
                    person=first.person,
                    organization=faction,
                    role=MembershipRole.LEADER,
                    post=leader_post,
                    start_date=end_date,
                    convocation=membership.convocation,
                    actor=actor,
                    slug=f"{first.person.slug}--{faction.slug}--leader-{end_date:%Y%m%d}",
                )
        audit_log(
            action="elections.vacancy.filled",
            actor=actor,
            obj=new,
            data={"vacated": membership.person.slug, "successor": successor.person.slug},
        )
    return new


def open_person_memberships(person: Person, convocation: Convocation) -> list[Membership]:
    return list(Membership.objects.filter(person=person, convocation=convocation, end_date__isnull=True))
