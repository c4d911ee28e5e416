"""Reads of plenary: sittings, quorum, tallies, roll calls and a deputy's voting record.

Lists are built for a constant number of queries; a roll call takes four whatever the size
of the chamber (seated deputies, their factions, registrations, ballots).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kurultai.common.errors import NotFound
from kurultai.common.hemicycle import Seat, hemicycle
from kurultai.plenary import rules
from kurultai.plenary.models import (
    AgendaItem,
    Ballot,
    Option,
    Registration,
    Sitting,
    SittingState,
    VoteEvent,
    VoteState,
)
from kurultai.registry.models import Membership, MembershipRole, Organization, OrganizationClassification, Person
from kurultai.registry.selectors import PARLIAMENT_SLUG, open_memberships

PUBLIC_VOTE_STATES = (VoteState.OPEN, VoteState.CLOSED, VoteState.PUBLISHED)
DECIDED_VOTE_STATES = (VoteState.CLOSED, VoteState.PUBLISHED)
# Colours of the options on the hemicycle; each seat also carries its option as text.
OPTION_COLOURS = {
    rules.Option.YES: "#1b7f3b",
    rules.Option.NO: "#b3261e",
    rules.Option.ABSTAIN: "#c98a00",
    rules.Option.NOT_VOTING: "#6b7580",
    rules.Option.ABSENT: "#d5dbe1",
}
OPTION_LABELS = dict(Option.choices)


def sitting_date(sitting: Sitting) -> date:
    return timezone.localdate(sitting.starts_at)


def seated_deputies(on: date) -> QuerySet[Person]:
    """Deputies holding a seat in the parliament on ``on`` (the registry's dated memberships)."""
    seats = open_memberships(on).filter(organization__slug=PARLIAMENT_SLUG, role=MembershipRole.DEPUTY)
    return Person.objects.filter(Exists(seats.filter(person=OuterRef("pk"))))


def seated_with_factions(on: date) -> list[tuple[Person, Organization | None]]:
    """Seated deputies with their faction on ``on``, largest faction first, then by name (two queries)."""
    people = list(seated_deputies(on).order_by("sort_name", "slug"))
    factions = {
        m.person_id: m.organization
        for m in open_memberships(on)
        .filter(organization__classification=OrganizationClassification.FACTION, role=MembershipRole.MEMBER)
        .select_related("organization")
    }
    sizes: dict[int, int] = {}
    for org in factions.values():
        sizes[org.pk] = sizes.get(org.pk, 0) + 1

    def order(p: Person) -> tuple[int, str, str, str]:
        org = factions.get(p.pk)
        return (-sizes[org.pk] if org else 1, org.slug if org else "~", p.sort_name, p.slug)

    return [(p, factions.get(p.pk)) for p in sorted(people, key=order)]


# ---------------------------------------------------------------- sittings


@dataclass(frozen=True)
class Quorum:
    total: int
    needed: int
    present: int
    met: bool
    citation: str = rules.QUORUM_CITATION


def sitting_quorum(sitting: Sitting, *, present: int | None = None) -> Quorum:
    total = sitting.convocation.seats
    count = sitting.registrations.count() if present is None else present
    return Quorum(total=total, needed=rules.quorum_needed(total), present=count, met=rules.quorum_met(count, total))


def _count_of(model: Any, **filters: Any) -> Subquery:
    return Subquery(
        model.objects.filter(**filters).order_by().values(*filters).annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )


def sitting_list(*, state: str | None = None, convocation: str | None = None) -> QuerySet[Sitting]:
    qs = Sitting.objects.select_related("convocation").annotate(
        registered_count=Coalesce(_count_of(Registration, sitting=OuterRef("pk")), 0),
        vote_count=Coalesce(_count_of(VoteEvent, agenda_item__sitting=OuterRef("pk")), 0),
    )
    if state:
        qs = qs.filter(state=state)
    if convocation:
        qs = qs.filter(convocation__slug=convocation)
    return qs.order_by("-starts_at", "-number")


def sitting_get(slug: str) -> Sitting:
    sitting = (
        sitting_list()
        .prefetch_related(
            "documents",
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.order_by("position").prefetch_related(
                    Prefetch("vote_events", queryset=VoteEvent.objects.order_by("opened_at", "id"))
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if sitting is None:
        raise NotFound(_("No sitting with this identifier."), data={"id": slug})
    return sitting


def sitting_current() -> Sitting | None:
    """The open sitting, else the next scheduled one, else the latest."""
    return (
        Sitting.objects.filter(state=SittingState.OPEN).order_by("-starts_at").first()
        or Sitting.objects.filter(state=SittingState.SCHEDULED).order_by("starts_at").first()
        or Sitting.objects.order_by("-starts_at").first()
    )


def unregistered_deputies(sitting: Sitting) -> QuerySet[Person]:
    registered = Registration.objects.filter(sitting=sitting, deputy=OuterRef("pk"))
    return seated_deputies(sitting_date(sitting)).exclude(Exists(registered)).order_by("sort_name", "slug")


# ---------------------------------------------------------------- vote events


def vote_event_list(
    *,
    sitting: str | None = None,
    state: str | None = None,
    question_type: str | None = None,
    result: str | None = None,
    subject: str | None = None,
) -> QuerySet[VoteEvent]:
    """Public vote events (drafts are the clerk's), newest first, with live counts for open ones."""
    qs = (
        VoteEvent.objects.filter(state__in=PUBLIC_VOTE_STATES)
        .select_related("agenda_item__sitting")
        .annotate(
            live_yes=Count("ballots", filter=Q(ballots__option=Option.YES)),
            live_no=Count("ballots", filter=Q(ballots__option=Option.NO)),
            live_abstain=Count("ballots", filter=Q(ballots__option=Option.ABSTAIN)),
        )
    )
    if sitting:
        qs = qs.filter(agenda_item__sitting__slug=sitting)
    if state:
        qs = qs.filter(state=state)
    if question_type:
        qs = qs.filter(question_type=question_type)
    if result:
        qs = qs.filter(result=result)
    if subject:
        qs = qs.filter(agenda_item__subject_ref=subject)
    return qs.order_by("-opened_at", "-id")


def vote_event_get(slug: str, *, drafts: bool = False) -> VoteEvent:
    states = (VoteState.DRAFT, *PUBLIC_VOTE_STATES) if drafts else PUBLIC_VOTE_STATES
    vote = (
        VoteEvent.objects.select_related("agenda_item__sitting__convocation")
        .filter(slug=slug, state__in=states)
        .first()
    )
    if vote is None:
        raise NotFound(_("No vote event with this identifier."), data={"id": slug})
    return vote


_vote_ids: dict[str, int] = {}


def vote_event_ref(slug: str) -> VoteEvent:
    """Just enough of a vote event (any state) to hand to a service, which reads and locks the rest.

    A vote's identifier never changes and a vote is never deleted, so each process remembers the
    slug's id after the first read (the ballot hot path then reads nothing here; the ballot
    itself locks and reads the vote by its slug); unknown slugs are never remembered.
    """
    pk = _vote_ids.get(slug)
    if pk is None:
        pk = VoteEvent.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if pk is None:
            raise NotFound(_("No vote event with this identifier."), data={"id": slug})
        if len(_vote_ids) > 10_000:
            _vote_ids.clear()
        _vote_ids[slug] = pk
    # from_db: a reference with the other fields deferred, without the defaults of every
    # translated field that VoteEvent() would fill in (~50 us, on every ballot).
    ref: VoteEvent = VoteEvent.from_db(VoteEvent.objects.db, ["id", "slug"], [pk, slug])
    return ref


def vote_current() -> VoteEvent | None:
    """The vote open now, else the one that closed last."""
    qs = VoteEvent.objects.select_related("agenda_item__sitting__convocation")
    return (
        qs.filter(state=VoteState.OPEN).order_by("-opened_at").first()
        or qs.filter(state__in=DECIDED_VOTE_STATES).order_by("-closed_at", "-id").first()
    )


def _registered_until(vote: VoteEvent) -> datetime:
    """Registrations count for a vote if made before it closed (or by now, while it is open)."""
    return vote.closed_at or timezone.now()


def vote_tally(vote: VoteEvent) -> tuple[rules.Tally, int]:
    """The counts of a vote from its ballots and registrations, and the total number of deputies (three queries)."""
    sitting = vote.agenda_item.sitting
    cast = dict(vote.ballots.order_by().values_list("option").annotate(n=Count("pk")).values_list("option", "n"))
    present = Registration.objects.filter(sitting=sitting, registered_at__lte=_registered_until(vote)).count()
    seated = seated_deputies(sitting_date(sitting)).count()
    yes, no, abstain = cast.get(Option.YES, 0), cast.get(Option.NO, 0), cast.get(Option.ABSTAIN, 0)
    tally = rules.Tally(
        yes=yes,
        no=no,
        abstain=abstain,
        not_voting=max(0, present - yes - no - abstain),
        absent=max(0, seated - present),
    )
    return tally, sitting.convocation.seats


@dataclass(frozen=True)
class RollCallRow:
    person: Person
    faction: Organization | None
    option: str
    dissent: bool
    seat: Seat | None = None

    @property
    def label(self) -> str:
        return str(OPTION_LABELS[self.option])

    @property
    def colour(self) -> str:
        return OPTION_COLOURS[rules.Option(self.option)]


@dataclass(frozen=True)
class FactionResult:
    faction: Organization
    tally: rules.Tally
    majority: str | None

    @property
    def majority_label(self) -> str:
        return str(OPTION_LABELS[self.majority]) if self.majority else ""


@dataclass(frozen=True)
class RollCall:
    vote: VoteEvent
    rows: list[RollCallRow]
    factions: list[FactionResult]
    tally: rules.Tally
    total: int
    decision: rules.Decision
    counts: list[tuple[str, str, int, str]] = field(default_factory=list)  # option, label, value, colour

    @property
    def dissenters(self) -> list[RollCallRow]:
        return [r for r in self.rows if r.dissent]

    @property
    def rule(self) -> rules.QuestionRule:
        return self.vote.rule


def roll_call(vote: VoteEvent) -> RollCall:
    """Every seated deputy's option, seat by seat: a ballot, ``not voting`` (registered) or ``absent``."""
    sitting = vote.agenda_item.sitting
    seated = seated_with_factions(sitting_date(sitting))
    registered = set(
        Registration.objects.filter(sitting=sitting, registered_at__lte=_registered_until(vote)).values_list(
            "deputy__slug", flat=True
        )
    )
    ballots = dict(vote.ballots.values_list("deputy__slug", "option"))
    voters = [rules.Voter(deputy=p.slug, group=f.slug if f else None) for p, f in seated]
    rows, groups = rules.roll_call(voters, registered=registered, ballots=ballots)
    layout = hemicycle(len(rows))
    out = [
        RollCallRow(person=p, faction=f, option=r.option.value, dissent=r.dissent, seat=s)
        for (p, f), r, s in zip(seated, rows, layout, strict=True)
    ]
    orgs = {f.slug: f for _, f in seated if f is not None}
    factions = [
        FactionResult(faction=orgs[g.group], tally=g.tally, majority=g.majority.value if g.majority else None)
        for g in groups
    ]
    tally = vote.tally() if vote.state in DECIDED_VOTE_STATES else rules.tally_of(r.option for r in rows)
    total = vote.total_seats or sitting.convocation.seats
    counts = [(o.value, str(OPTION_LABELS[o.value]), n, OPTION_COLOURS[o]) for o, n in tally.as_counts()]
    return RollCall(
        vote=vote,
        rows=out,
        factions=factions,
        tally=tally,
        total=total,
        decision=rules.decide(vote.rule, tally, total=total),
        counts=counts,
    )


def vote_rows_for_api(vote: VoteEvent) -> list[dict[str, Any]]:
    """Popolo Vote objects of one vote event: every seated deputy, cast or computed option."""
    return [
        {
            "id": f"{vote.slug}--{r.person.slug}",
            "vote_event_id": vote.slug,
            "voter_id": r.person.slug,
            "option": r.option,
            "group_id": r.faction.slug if r.faction else None,
            "dissent": r.dissent,
        }
        for r in roll_call(vote).rows
    ]


def own_ballot(vote: VoteEvent, person_slug: str) -> Ballot | None:
    if not person_slug:
        return None
    return Ballot.objects.filter(vote_event=vote, deputy__slug=person_slug).first()


def is_registered(sitting: Sitting, person_slug: str) -> bool:
    return bool(person_slug) and Registration.objects.filter(sitting=sitting, deputy__slug=person_slug).exists()


# ---------------------------------------------------------------- a deputy's record


@dataclass(frozen=True)
class RecordRow:
    vote: VoteEvent
    option: str
    faction_majority: str | None
    dissent: bool

    @property
    def label(self) -> str:
        return str(OPTION_LABELS[self.option])


@dataclass(frozen=True)
class DeputyRecord:
    rows: list[RecordRow]  # the votes of this page, newest first
    counts: list[tuple[str, str, int]]  # option, label, number of votes
    votes_total: int
    sittings_held: int
    sittings_attended: int
    option: str | None
    options: list[tuple[str, Any]]
    page: Page[Any]

    @property
    def attendance_percent(self) -> int | None:
        if not self.sittings_held:
            return None
        return round(100 * self.sittings_attended / self.sittings_held)


Period = tuple[int, date | None, date | None]  # organisation id, start, end


def _record_memberships(person: Person) -> tuple[list[Period], list[Period]]:
    """The person's seats in the parliament and their faction memberships (one query)."""
    seats: list[Period] = []
    factions: list[Period] = []
    for org_id, slug, role, start, end in (
        Membership.objects.filter(person=person)
        .filter(
            Q(organization__slug=PARLIAMENT_SLUG, role=MembershipRole.DEPUTY)
            | Q(organization__classification=OrganizationClassification.FACTION, role=MembershipRole.MEMBER)
        )
        .order_by("start_date", "id")
        .values_list("organization_id", "organization__slug", "role", "start_date", "end_date")
    ):
        is_seat = slug == PARLIAMENT_SLUG and role == MembershipRole.DEPUTY
        (seats if is_seat else factions).append((org_id, start, end))
    return seats, factions


def _seat_periods(periods: Sequence[Period]) -> Q | None:
    """Sittings held while the person had a seat (a Q over the sitting's start), or None if they never had one."""
    if not periods:
        return None
    condition = Q(pk__in=[])
    for _org, start, end in periods:
        period = Q()
        if start:
            period &= Q(starts_at__date__gte=start)
        if end:
            period &= Q(starts_at__date__lte=end)
        condition |= period
    return condition


RECORD_PAGE_SIZE = 50


def deputy_record(
    person: Person, *, option: str | None = None, page: Any = 1, per_page: int | None = None
) -> DeputyRecord | None:
    """How a deputy voted in every decided vote while holding a seat, and their attendance.

    One page of votes (newest first), with the faction majority worked out for that page's
    votes only; the counts and attendance come from aggregates, so the cost does not grow
    with the length of the record (five queries). None for a person who never held a seat.
    """
    seats, factions = _record_memberships(person)
    periods = _seat_periods(seats)
    if periods is None:
        return None
    option = option if option in dict(Option.choices) else None
    held = Sitting.objects.filter(periods).exclude(state=SittingState.SCHEDULED)
    attendance = held.aggregate(
        held=Count("pk"),
        attended=Count("pk", filter=Q(Exists(Registration.objects.filter(sitting=OuterRef("pk"), deputy=person)))),
    )
    own_ballot = Ballot.objects.filter(vote_event=OuterRef("pk"), deputy=person).order_by().values("option")
    own_registration = Registration.objects.filter(sitting=OuterRef("agenda_item__sitting"), deputy=person)
    # Without a ballot: registered at the sitting before the vote closed is "not voting", else absent.
    registered_in_time = Q(Exists(own_registration.filter(registered_at__lte=OuterRef("closed_at")))) | Q(
        Q(closed_at__isnull=True), Exists(own_registration)
    )
    votes = (
        VoteEvent.objects.filter(state__in=DECIDED_VOTE_STATES, agenda_item__sitting__in=held)
        .annotate(own_option=Subquery(own_ballot[:1]))
        .annotate(
            record_option=Case(
                When(own_option__isnull=False, then=F("own_option")),
                When(registered_in_time, then=Value(Option.NOT_VOTING.value)),
                default=Value(Option.ABSENT.value),
                output_field=CharField(),
            )
        )
    )
    counts = dict.fromkeys(Option.values, 0)
    by_option = votes.order_by().values_list("record_option").annotate(n=Count("pk"))
    for chosen, n in by_option.values_list("record_option", "n"):
        counts[chosen] = n
    total = sum(counts.values())
    shown = votes.filter(record_option=option) if option else votes
    # Page over the ids alone (the database sorts the record without working out each row's
    # option unless a filter needs it), then load only this page's votes.
    ids = shown.order_by("-closed_at", "-id").values_list("pk", flat=True)
    paginator = Paginator(ids, per_page or RECORD_PAGE_SIZE)
    # The number of rows is known from the counts: no COUNT(*) over the record again.
    paginator.__dict__["count"] = counts[option] if option else total
    current = paginator.get_page(page)
    # The page's ids stay a (sliced) subquery: one query loads this page's votes.
    page_votes = list(
        votes.filter(pk__in=current.object_list).select_related("agenda_item__sitting").order_by("-closed_at", "-id")
    )
    majorities = _faction_majorities(factions, page_votes)
    rows: list[RecordRow] = []
    for v in page_votes:
        majority = majorities.get(v.pk)
        rows.append(
            RecordRow(
                vote=v,
                option=str(v.record_option),
                faction_majority=majority,
                dissent=majority is not None and v.own_option is not None and v.record_option != majority,
            )
        )
    return DeputyRecord(
        rows=rows,
        counts=[(o, str(OPTION_LABELS[o]), counts[o]) for o in Option.values],
        votes_total=total,
        sittings_held=attendance["held"],
        sittings_attended=attendance["attended"],
        option=option,
        options=list(Option.choices),
        page=current,
    )


def _faction_majorities(memberships: Sequence[Period], votes: Sequence[VoteEvent]) -> dict[int, str]:
    """For each vote, the option most ballots of the person's faction (on the vote's day) chose.

    One GROUP BY over the ballots of these votes cast by anyone who was ever a member of one
    of the person's factions, by vote, option and membership period; the periods that cover
    each vote's day are then summed, so members count only on the days they were members
    (as the roll call counts them), without a per-ballot date test in SQL.
    """
    if not votes or not memberships:
        return {}
    days = {v.pk: sitting_date(v.agenda_item.sitting) for v in votes}
    groups: dict[tuple[int, int], list[tuple[date | None, date | None, str, int]]] = {}
    for vote_id, org_id, start, end, chosen, n in (
        Ballot.objects.filter(
            vote_event__in=list(days),
            deputy__memberships__organization_id__in={org for org, _s, _e in memberships},
            deputy__memberships__role=MembershipRole.MEMBER,
        )
        .order_by()
        .values_list(
            "vote_event_id",
            "deputy__memberships__organization_id",
            "deputy__memberships__start_date",
            "deputy__memberships__end_date",
            "option",
        )
        .annotate(n=Count("pk"))
    ):
        groups.setdefault((vote_id, org_id), []).append((start, end, chosen, n))

    def covers(start: date | None, end: date | None, day: date) -> bool:
        return (start is None or start <= day) and (end is None or end >= day)

    result: dict[int, str] = {}
    for org_id, start, end in memberships:
        for vote_id, day in days.items():
            if not covers(start, end, day):
                continue
            options: list[rules.Option] = []
            for m_start, m_end, chosen, n in groups.get((vote_id, org_id), []):
                if covers(m_start, m_end, day):
                    options.extend([rules.Option(chosen)] * n)
            majority = rules.group_majority(options)
            if majority is not None:
                result[vote_id] = majority.value
    return result
