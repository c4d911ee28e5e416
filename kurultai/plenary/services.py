"""Writes for plenary: sittings, agenda, registration, vote events and personal ballots.

Every service checks who may act, locks what it changes (``select_for_update``), writes in
one transaction with its audit entry, and appends what is public for ever (each ballot and
each published result) to the ledger in that same transaction.

Who may act:

* a clerk or an administrator runs sittings and votes, from a session whose second factor
  (TOTP) is confirmed: an API token never carries one, so it cannot run a sitting;
* only the deputy themself casts their ballot (no proxies), registered at the sitting, from a
  session whose TOTP code is confirmed (``user.is_verified()``, django-otp). A bearer token
  is refused with ``totp_required``;
* ``SYSTEM`` (the demo loader, never an HTTP request: ADR 0002) passes these checks and names
  the deputy whose ballot it records explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kurultai.accounts.permissions import SYSTEM, is_admin, is_clerk, is_deputy, require
from kurultai.common.bulk import insert_rows
from kurultai.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from kurultai.common.i18n import set_translations
from kurultai.common.models import AuditEntry
from kurultai.common.services import audit_log
from kurultai.ledger.desk import GroupCommitDesk, Job, commit_leaves, settle
from kurultai.ledger.services import PendingLeaf, ledger_append, ledger_append_many
from kurultai.plenary import rules, selectors
from kurultai.plenary.errors import PlenaryErrorCode as Code
from kurultai.plenary.models import (
    AgendaItem,
    AgendaItemKind,
    Ballot,
    Registration,
    Sitting,
    SittingDocument,
    SittingState,
    VoteEvent,
    VoteResult,
    VoteState,
)
from kurultai.registry.models import Convocation, Person

can_run_sittings = is_clerk | is_admin
can_register = is_clerk | is_admin | is_deputy

STATE_LABELS = dict(SittingState.choices) | dict(VoteState.choices)
MIN_VOTE_DURATION = timedelta(seconds=10)
MAX_VOTE_DURATION = timedelta(hours=24)

LEAF_BALLOT = "plenary.ballot.cast"
LEAF_BALLOT_CHANGED = "plenary.ballot.changed"
LEAF_RESULT = "plenary.vote.result"

CHECK_DEPUTY_SQL = """
SELECT p.id,
       EXISTS (SELECT 1 FROM plenary_registration r WHERE r.sitting_id = %s AND r.deputy_id = p.id),
       (SELECT b.id FROM plenary_ballot b WHERE b.vote_event_id = %s AND b.deputy_id = p.id)
FROM registry_person p
WHERE p.slug = %s
"""


def _moment(at: datetime | None) -> datetime:
    """The time of the act: now, unless an internal caller (the demo) records a past one."""
    return timezone.now() if at is None else at


def require_second_factor(actor: Any, *, action: str) -> None:
    """403 ``totp_required`` unless the actor confirmed a TOTP code in this session.

    django-otp's middleware gives a session user ``is_verified``; a user authenticated by an
    API token is a plain user without it, so a token never passes.
    """
    if actor is SYSTEM:
        return
    is_verified = getattr(actor, "is_verified", None)
    if not (callable(is_verified) and is_verified()):
        raise PermissionDenied(
            _("Confirm the code from your authenticator app first (two-factor authentication)."),
            code=Code.TOTP_REQUIRED,
            data={"action": action},
        )


def _require_clerk(actor: Any, *, action: str) -> None:
    require(actor, can_run_sittings, action=action)
    require_second_factor(actor, action=action)


def _transition(table: frozenset[Any], current: str, target: str, *, code: str) -> None:
    if not rules.can_transition(table, current, target):
        raise Conflict(
            _("This step is not possible now: it is %(current)s.") % {"current": STATE_LABELS.get(current, current)},
            code=code,
            data={"state": current, "to": target},
        )


def _locked_sitting(sitting: Sitting) -> Sitting:
    return Sitting.objects.select_for_update(of=("self",)).select_related("convocation").get(pk=sitting.pk)


VOTE_FOR_BALLOT_SQL = """
SELECT v.id, v.slug, v.agenda_item_id, v.question_type, v.state, v.closes_at, a.sitting_id
FROM plenary_voteevent v JOIN plenary_agendaitem a ON a.id = v.agenda_item_id
WHERE v.slug = %s
"""


def _vote_for_ballot(vote_event: VoteEvent) -> VoteEvent:
    """The vote event a ballot goes into, share-locked until the ballot commits.

    Ballots of one vote take ``FOR KEY SHARE`` on its row, so they never wait for each
    other (the unique constraint keeps one per deputy), while ``vote_close`` takes ``FOR
    UPDATE`` and so waits for every ballot in flight; a ballot arriving after the close
    commits sees the vote closed. SQLite serialises every writer already (BEGIN IMMEDIATE).
    One plain query locks and reads (it runs for every ballot).
    """
    sql = VOTE_FOR_BALLOT_SQL
    if connection.vendor == "postgresql":
        sql += " FOR KEY SHARE OF v"
    with connection.cursor() as cursor:
        cursor.execute(sql, [vote_event.slug])
        row = cursor.fetchone()
    if row is None:
        raise NotFound(_("No vote event with this identifier."), data={"id": vote_event.slug})
    vote_id, slug, agenda_item_id, question_type, state, closes_at, sitting_id = row
    if closes_at is not None and timezone.is_naive(closes_at):
        closes_at = closes_at.replace(tzinfo=UTC)  # SQLite's plain cursor: UTC without a zone
    loaded = {
        "id": vote_id,
        "slug": slug,
        "agenda_item_id": agenda_item_id,
        "question_type": question_type,
        "state": state,
        "closes_at": closes_at,
    }
    # from_db takes the loaded values in the model's field order; the rest load on access.
    names = [f.attname for f in VoteEvent._meta.concrete_fields if f.attname in loaded]
    vote: VoteEvent = VoteEvent.from_db(connection.alias, names, [loaded[n] for n in names])
    vote.agenda_item = AgendaItem.from_db(connection.alias, ["id", "sitting_id"], [agenda_item_id, sitting_id])
    return vote


def _locked_vote(vote_event: VoteEvent) -> VoteEvent:
    return (
        VoteEvent.objects.select_for_update(of=("self",))
        .select_related("agenda_item__sitting__convocation")
        .get(pk=vote_event.pk)
    )


# ---------------------------------------------------------------- sittings


def sitting_create(
    *,
    convocation: Convocation,
    number: int,
    starts_at: datetime,
    titles: dict[str, str],
    slug: str = "",
    actor: Any,
) -> Sitting:
    _require_clerk(actor, action="plenary.sitting.create")
    if timezone.is_naive(starts_at):
        raise DomainError("invalid", _("A sitting's time must carry a time zone."), status=422)
    slug = slug or f"{convocation.slug}-sitting-{number}"
    with transaction.atomic():
        if (
            Sitting.objects.filter(slug=slug).exists()
            or Sitting.objects.filter(convocation=convocation, number=number).exists()
        ):
            raise Conflict(_("A sitting with this number exists."), code=Code.SITTING_EXISTS, data={"id": slug})
        sitting = Sitting(slug=slug, convocation=convocation, number=number, starts_at=starts_at)
        set_translations(sitting, "title", titles)
        sitting.save()
        audit_log(action="plenary.sitting.created", actor=actor, obj=sitting, data={"number": number})
    return sitting


def sitting_open(*, sitting: Sitting, actor: Any, at: datetime | None = None) -> Sitting:
    _require_clerk(actor, action="plenary.sitting.open")
    with transaction.atomic():
        sitting = _locked_sitting(sitting)
        _transition(rules.SITTING_TRANSITIONS, sitting.state, SittingState.OPEN, code=Code.SITTING_BAD_TRANSITION)
        sitting.state = SittingState.OPEN
        sitting.opened_at = _moment(at)
        sitting.save(update_fields=["state", "opened_at", "updated_at"])
        audit_log(action="plenary.sitting.opened", actor=actor, obj=sitting)
    return sitting


def sitting_close(*, sitting: Sitting, actor: Any, at: datetime | None = None) -> Sitting:
    _require_clerk(actor, action="plenary.sitting.close")
    with transaction.atomic():
        sitting = _locked_sitting(sitting)
        _transition(rules.SITTING_TRANSITIONS, sitting.state, SittingState.CLOSED, code=Code.SITTING_BAD_TRANSITION)
        if VoteEvent.objects.filter(agenda_item__sitting=sitting, state=VoteState.OPEN).exists():
            raise Conflict(_("Close the open vote before closing the sitting."), code=Code.SITTING_HAS_OPEN_VOTE)
        sitting.state = SittingState.CLOSED
        sitting.closed_at = _moment(at)
        sitting.save(update_fields=["state", "closed_at", "updated_at"])
        audit_log(action="plenary.sitting.closed", actor=actor, obj=sitting)
    return sitting


def sitting_transcript_set(*, sitting: Sitting, transcripts: dict[str, str], actor: Any) -> Sitting:
    _require_clerk(actor, action="plenary.sitting.transcript")
    with transaction.atomic():
        sitting = _locked_sitting(sitting)
        set_translations(sitting, "transcript", transcripts)
        sitting.save()
        audit_log(
            action="plenary.sitting.transcript_set", actor=actor, obj=sitting, data={"languages": sorted(transcripts)}
        )
    return sitting


def sitting_document_add(*, sitting: Sitting, titles: dict[str, str], url: str, actor: Any) -> SittingDocument:
    _require_clerk(actor, action="plenary.sitting.document_add")
    if not url.startswith(("https://", "http://")):
        raise DomainError("invalid", _("A document is a link starting with https://."), status=422)
    with transaction.atomic():
        sitting = _locked_sitting(sitting)
        position = (sitting.documents.aggregate(m=Max("position"))["m"] or 0) + 1
        document = SittingDocument(sitting=sitting, position=position, url=url)
        set_translations(document, "title", titles)
        document.save()
        audit_log(action="plenary.sitting.document_added", actor=actor, obj=sitting, data={"url": url})
    return document


def agenda_item_add(
    *, sitting: Sitting, kind: str, titles: dict[str, str], subject_ref: str = "", actor: Any
) -> AgendaItem:
    _require_clerk(actor, action="plenary.agenda.add")
    if kind not in AgendaItemKind.values:
        raise DomainError("invalid", _("Unknown kind of agenda item."), status=422, data={"kind": kind})
    with transaction.atomic():
        sitting = _locked_sitting(sitting)
        if sitting.state == SittingState.CLOSED:
            raise Conflict(_("The sitting is closed."), code=Code.SITTING_NOT_OPEN)
        position = (sitting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
        item = AgendaItem(sitting=sitting, position=position, kind=kind, subject_ref=subject_ref)
        set_translations(item, "title", titles)
        item.save()
        audit_log(action="plenary.agenda.added", actor=actor, obj=sitting, data={"position": position, "kind": kind})
    return item


# ---------------------------------------------------------------- registration


def deputies_register(
    *, sitting: Sitting, deputies: Iterable[Person], actor: Any, at: datetime | None = None
) -> list[Registration]:
    """Register deputies as present at an open sitting: a clerk for anyone, a deputy for themself only."""
    action = "plenary.registration.create"
    require(actor, can_register, action=action)
    people = list(deputies)
    own = actor is SYSTEM or can_run_sittings.test(actor) or [p.slug for p in people] == [actor.person_slug]
    if not own:
        raise PermissionDenied(
            _("A deputy registers only themself."), code=Code.NOT_OWN_REGISTRATION, data={"action": action}
        )
    require_second_factor(actor, action=action)
    now = _moment(at)
    try:
        with transaction.atomic():
            sitting = _locked_sitting(sitting)
            if sitting.state != SittingState.OPEN:
                raise Conflict(_("The sitting is not open."), code=Code.SITTING_NOT_OPEN)
            seated = set(
                selectors.seated_deputies(selectors.sitting_date(sitting))
                .filter(pk__in=[p.pk for p in people])
                .values_list("pk", flat=True)
            )
            strangers = [p.slug for p in people if p.pk not in seated]
            if strangers:
                raise DomainError(
                    Code.UNKNOWN_DEPUTY,
                    _("Only deputies holding a seat on the day of the sitting can be registered."),
                    status=422,
                    data={"deputies": strangers},
                )
            already = set(
                Registration.objects.filter(sitting=sitting, deputy__in=people).values_list("deputy__slug", flat=True)
            )
            if already:
                raise Conflict(
                    _("This deputy is already registered."),
                    code=Code.ALREADY_REGISTERED,
                    data={"deputies": sorted(already)},
                )
            made = Registration.objects.bulk_create(
                [Registration(sitting=sitting, deputy=p, registered_at=now) for p in people]
            )
            audit_log(
                action="plenary.registration.created",
                actor=actor,
                obj=sitting,
                data={"deputies": [p.slug for p in people]},
            )
    except IntegrityError:
        raise Conflict(_("This deputy is already registered."), code=Code.ALREADY_REGISTERED) from None
    return made


def deputy_register(*, sitting: Sitting, deputy: Person, actor: Any, at: datetime | None = None) -> Registration:
    return deputies_register(sitting=sitting, deputies=[deputy], actor=actor, at=at)[0]


# ---------------------------------------------------------------- vote events


def vote_create(
    *,
    agenda_item: AgendaItem,
    question_type: str,
    titles: dict[str, str],
    summaries: dict[str, str],
    slug: str = "",
    actor: Any,
) -> VoteEvent:
    """A draft vote on an agenda item; ``summaries`` say in plain words what a "yes" decides."""
    _require_clerk(actor, action="plenary.vote.create")
    try:
        rules.rule_for(question_type)
    except rules.RuleError as exc:
        raise DomainError(Code.UNKNOWN_QUESTION_TYPE, str(exc), status=422) from None
    with transaction.atomic():
        sitting = _locked_sitting(agenda_item.sitting)
        if sitting.state == SittingState.CLOSED:
            raise Conflict(_("The sitting is closed."), code=Code.SITTING_NOT_OPEN)
        if not slug:
            n = VoteEvent.objects.filter(agenda_item__sitting=sitting).count() + 1
            slug = f"{sitting.slug}-vote-{n}"
        if VoteEvent.objects.filter(slug=slug).exists():
            raise Conflict(_("A vote with this identifier exists."), code=Code.VOTE_EXISTS, data={"id": slug})
        vote = VoteEvent(slug=slug, agenda_item=agenda_item, question_type=question_type)
        set_translations(vote, "title", titles)
        set_translations(vote, "summary", summaries)
        vote.save()
        audit_log(action="plenary.vote.created", actor=actor, obj=vote, data={"question_type": question_type})
    return vote


def vote_open(*, vote_event: VoteEvent, duration: timedelta, actor: Any, at: datetime | None = None) -> VoteEvent:
    """Open a draft vote for ``duration``; the sitting must be open, quorate and have no other open vote."""
    _require_clerk(actor, action="plenary.vote.open")
    # People open votes for a sitting's time; only the demo loader (SYSTEM) keeps one open for days.
    longest = None if actor is SYSTEM else MAX_VOTE_DURATION
    if duration < MIN_VOTE_DURATION or (longest is not None and duration > longest):
        raise DomainError(
            Code.BAD_DURATION,
            _("A vote stays open between 10 seconds and 24 hours."),
            status=422,
            data={"seconds": int(duration.total_seconds())},
        )
    now = _moment(at)
    with transaction.atomic():
        vote = _locked_vote(vote_event)
        sitting = _locked_sitting(vote.agenda_item.sitting)
        _transition(rules.VOTE_TRANSITIONS, vote.state, VoteState.OPEN, code=Code.VOTE_BAD_TRANSITION)
        if sitting.state != SittingState.OPEN:
            raise Conflict(_("The sitting is not open."), code=Code.SITTING_NOT_OPEN)
        if VoteEvent.objects.filter(agenda_item__sitting=sitting, state=VoteState.OPEN).exists():
            raise Conflict(_("Another vote of this sitting is open."), code=Code.VOTE_ALREADY_OPEN)
        quorum = selectors.sitting_quorum(sitting)
        if not quorum.met:
            raise Conflict(
                _("There is no quorum: %(present)s of %(needed)s deputies needed are registered.")
                % {"present": quorum.present, "needed": quorum.needed},
                code=Code.NO_QUORUM,
                data={"present": quorum.present, "needed": quorum.needed},
            )
        vote.state = VoteState.OPEN
        vote.opened_at = now
        vote.closes_at = now + duration
        vote.save(update_fields=["state", "opened_at", "closes_at"])
        audit_log(action="plenary.vote.opened", actor=actor, obj=vote, data={"seconds": int(duration.total_seconds())})
    return vote


def vote_close(*, vote_event: VoteEvent, actor: Any, at: datetime | None = None) -> VoteEvent:
    """Close an open vote and fix its counts and result by the rule of its question type."""
    _require_clerk(actor, action="plenary.vote.close")
    now = _moment(at)
    with transaction.atomic():
        vote = _locked_vote(vote_event)
        _transition(rules.VOTE_TRANSITIONS, vote.state, VoteState.CLOSED, code=Code.VOTE_BAD_TRANSITION)
        vote.state = VoteState.CLOSED
        vote.closed_at = min(now, vote.closes_at) if vote.closes_at else now
        tally, total = selectors.vote_tally(vote)
        decision = rules.decide(vote.rule, tally, total=total)
        vote.total_seats = total
        vote.present_count = tally.present
        vote.yes_count, vote.no_count, vote.abstain_count = tally.yes, tally.no, tally.abstain
        vote.not_voting_count, vote.absent_count = tally.not_voting, tally.absent
        vote.needed = decision.needed
        vote.result = VoteResult.PASS if decision.passed else VoteResult.FAIL
        vote.save()
        audit_log(
            action="plenary.vote.closed",
            actor=actor,
            obj=vote,
            data={"result": vote.result, "yes": tally.yes, "no": tally.no, "abstain": tally.abstain},
        )
    return vote


def result_leaf(vote: VoteEvent) -> dict[str, Any]:
    """What the public record keeps of an official result: integers and identifiers only."""
    return {
        "vote_event": vote.slug,
        "sitting": vote.agenda_item.sitting.slug,
        "question_type": vote.question_type,
        "result": vote.result,
        "total": vote.total_seats,
        "present": vote.present_count,
        "needed": vote.needed,
        "counts": {option.value: value for option, value in vote.tally().as_counts()},
    }


def vote_publish(*, vote_event: VoteEvent, actor: Any, at: datetime | None = None) -> VoteEvent:
    """Make a closed result official: from now on it is immutable, and its leaf is in the public record."""
    _require_clerk(actor, action="plenary.vote.publish")
    now = _moment(at)
    with transaction.atomic():
        vote = _locked_vote(vote_event)
        _transition(rules.VOTE_TRANSITIONS, vote.state, VoteState.PUBLISHED, code=Code.VOTE_BAD_TRANSITION)
        vote.state = VoteState.PUBLISHED
        vote.published_at = now
        vote.save(update_fields=["state", "published_at"])
        ledger_append(kind=LEAF_RESULT, data=result_leaf(vote), at=now)
        audit_log(action="plenary.vote.published", actor=actor, obj=vote, data={"result": vote.result})
    return vote


# ---------------------------------------------------------------- ballots


@dataclass(frozen=True)
class BallotCheck:
    vote: VoteEvent
    deputy: Person
    option: rules.Option
    current: int | None  # the id of the deputy's ballot in this vote, if any
    now: datetime


def _who_casts(*, user: Any, deputy: str | None) -> str:
    """The deputy whose ballot this is; raises unless ``user`` is that deputy with TOTP confirmed."""
    action = "plenary.ballot.cast"
    if user is SYSTEM:
        if not deputy:
            raise ValueError("SYSTEM records a ballot only for a named deputy")
        return deputy
    if not getattr(user, "is_authenticated", False):
        raise DomainError("not_authenticated", _("Log in to do this."), status=401, data={"action": action})
    if not is_deputy.test(user) or not user.person_slug:
        raise PermissionDenied(_("Only deputies vote."), code=Code.NOT_A_DEPUTY, data={"action": action})
    if deputy and deputy != user.person_slug:
        raise PermissionDenied(
            _("A deputy casts only their own ballot."), code=Code.NOT_OWN_BALLOT, data={"action": action}
        )
    require_second_factor(user, action=action)
    return str(user.person_slug)


def _ballot_option(option: str) -> rules.Option:
    try:
        return rules.ballot_option(option)
    except rules.RuleError as exc:
        raise DomainError(Code.UNKNOWN_OPTION, str(exc), status=422, data={"option": str(option)[:20]}) from None


def _require_vote_open(vote: VoteEvent, now: datetime) -> None:
    """409 unless the (locked) vote is open and its time is not over at ``now``."""
    if vote.state == VoteState.DRAFT:
        raise Conflict(_("This vote is not open."), code=Code.VOTE_NOT_OPEN)
    if vote.state != VoteState.OPEN:
        raise Conflict(_("This vote is closed."), code=Code.VOTE_CLOSED)
    if vote.closes_at is not None and now > vote.closes_at:
        raise Conflict(
            _("The time for this vote is over."), code=Code.VOTE_TIME_OVER, data={"closes_at": vote.closes_at}
        )


def _unknown_deputy() -> DomainError:
    return DomainError(Code.UNKNOWN_DEPUTY, _("No deputy with this identifier."), status=422)


def _not_registered() -> Conflict:
    return Conflict(_("Register at the sitting before voting."), code=Code.NOT_REGISTERED)


def _already_voted() -> Conflict:
    return Conflict(_("You have already voted in this vote."), code=Code.ALREADY_VOTED)


def check_ballot(*, vote_event: VoteEvent, deputy: str, option: str, now: datetime) -> BallotCheck:
    """Validate a ballot and lock its vote event; call inside the transaction that casts it."""
    chosen = _ballot_option(option)
    vote = _vote_for_ballot(vote_event)
    _require_vote_open(vote, now)
    # One plain query for the deputy, their registration and any ballot already cast: this
    # runs for every ballot, and the ORM's compilation of the same query costs more than it.
    with connection.cursor() as cursor:
        cursor.execute(CHECK_DEPUTY_SQL, [vote.agenda_item.sitting_id, vote.pk, deputy])
        row = cursor.fetchone()
    if row is None:
        raise _unknown_deputy()
    person_id, registered, ballot_id = row
    if not registered:
        raise _not_registered()
    if ballot_id is not None and not vote.rule.allow_change:
        raise _already_voted()
    person = Person(pk=person_id, slug=deputy)
    return BallotCheck(vote=vote, deputy=person, option=chosen, current=ballot_id, now=now)


def write_ballot(check: BallotCheck, *, actor: Any) -> tuple[Ballot, PendingLeaf | None]:
    """The ballot row and its audit entry; the leaf the caller appends in the same transaction (None: no change)."""
    leaf = {"vote_event": check.vote.slug, "deputy": check.deputy.slug, "option": check.option.value}
    if check.current is None:
        ballot = Ballot.objects.create(
            vote_event=check.vote, deputy=check.deputy, option=check.option, cast_at=check.now
        )
        kind = LEAF_BALLOT
    else:
        ballot = Ballot.objects.get(pk=check.current)
        if ballot.option == check.option:
            return ballot, None
        leaf["previous"] = ballot.option
        ballot.option, ballot.changed_at = check.option, check.now
        ballot.save(update_fields=["option", "changed_at"])
        kind = LEAF_BALLOT_CHANGED
    audit_log(action=kind, actor=actor, obj=check.vote, data=leaf)
    return ballot, PendingLeaf(kind, leaf, check.now)


def do_ballot(check: BallotCheck, *, actor: Any) -> Ballot:
    ballot, leaf = write_ballot(check, actor=actor)
    if leaf is not None:
        ledger_append(kind=leaf.kind, data=leaf.data, at=leaf.at)
    return ballot


class PendingBallot(NamedTuple):
    """What the ballot desk needs to cast one ballot in a batch (``cast_many``)."""

    vote_event: VoteEvent  # a reference (id and slug): the batch locks and reads the vote
    deputy: str
    option: str
    at: datetime | None
    actor: Any
    language: str


CHECK_DEPUTIES_SQL = """
SELECT p.slug, p.id,
       EXISTS (SELECT 1 FROM plenary_registration r WHERE r.sitting_id = %s AND r.deputy_id = p.id),
       (SELECT b.id FROM plenary_ballot b WHERE b.vote_event_id = %s AND b.deputy_id = p.id)
FROM registry_person p
WHERE p.slug IN ({slugs})
"""

CAST_MANY_SQL = (
    "INSERT INTO plenary_ballot (vote_event_id, deputy_id, option, cast_at) VALUES {values} "
    "ON CONFLICT (vote_event_id, deputy_id) DO NOTHING RETURNING id, vote_event_id, deputy_id"
)


class _ChangeNeeded(Exception):
    """A ballot in the batch changes an earlier one: the batch takes the one-by-one path."""


def cast_many(batch: list[Job]) -> None:
    """The ballot desk's commit: a batch of new ballots in one transaction and a few statements.

    The same checks as ``check_ballot``, per ballot and in its own request's language, against
    each vote locked once (``FOR KEY SHARE``) and one query for all the batch's deputies; then one
    multi-row INSERT of the ballots (the unique constraint still decides: a pair it skips is a
    409, as an ``IntegrityError`` would be), one INSERT of their audit entries and one ledger
    append of their leaves, committed together. A batch that changes an earlier ballot (a rule
    that allows changes) or fails for another database reason is done again one ballot per
    savepoint (``commit_leaves``), with nothing of the first attempt stored.
    """
    results = _cast_many([job.payload for job in batch])
    if results is None:
        commit_leaves(batch)
        return
    settle(batch, results)


def _cast_many(pending: list[PendingBallot]) -> list[Any] | None:
    with transaction.atomic():
        try:
            return _write_ballots(pending)
        except (DatabaseError, _ChangeNeeded):
            transaction.set_rollback(True)
            return None


def _write_ballots(pending: list[PendingBallot]) -> list[Any]:
    results: list[Any] = [None] * len(pending)
    votes: dict[str, VoteEvent | BaseException] = {}
    accepted: dict[str, list[tuple[int, rules.Option, datetime]]] = {}
    for i, p in enumerate(pending):
        with translation.override(p.language):
            try:
                option = _ballot_option(p.option)
                vote = votes.get(p.vote_event.slug)
                if vote is None:
                    try:
                        vote = votes[p.vote_event.slug] = _vote_for_ballot(p.vote_event)
                    except NotFound as exc:
                        vote = votes[p.vote_event.slug] = exc
                if isinstance(vote, BaseException):
                    raise vote
                now = _moment(p.at)
                _require_vote_open(vote, now)
            except DomainError as exc:
                results[i] = exc
                continue
        accepted.setdefault(p.vote_event.slug, []).append((i, option, now))
    rows: list[tuple[int, Ballot, PendingLeaf]] = []
    for slug, items in accepted.items():
        vote = votes[slug]
        if not isinstance(vote, VoteEvent):  # pragma: no cover - only found votes have accepted ballots
            continue
        slugs = sorted({pending[i].deputy for i, _, _ in items})
        with connection.cursor() as cursor:
            cursor.execute(
                CHECK_DEPUTIES_SQL.format(slugs=",".join(["%s"] * len(slugs))),
                [vote.agenda_item.sitting_id, vote.pk, *slugs],
            )
            found = {slug: (pk, registered, ballot_id) for slug, pk, registered, ballot_id in cursor.fetchall()}
        seen: set[str] = set()
        for i, option, now in items:
            p = pending[i]
            with translation.override(p.language):
                deputy = found.get(p.deputy)
                if deputy is None:
                    results[i] = _unknown_deputy()
                    continue
                person_id, registered, ballot_id = deputy
                if not registered:
                    results[i] = _not_registered()
                    continue
                if ballot_id is not None or p.deputy in seen:
                    if vote.rule.allow_change:
                        raise _ChangeNeeded
                    results[i] = _already_voted()
                    continue
            seen.add(p.deputy)
            # from_db: the deputy as a reference (id and slug; the rest loads on access), without
            # the translated fields' defaults a Person() would fill in (~40 us a ballot).
            deputy_ref = Person.from_db(connection.alias, ["id", "slug"], [person_id, p.deputy])
            ballot = Ballot(vote_event=vote, deputy=deputy_ref, option=option, cast_at=now)
            data = {"vote_event": vote.slug, "deputy": p.deputy, "option": option.value}
            rows.append((i, ballot, PendingLeaf(LEAF_BALLOT, data, now)))
    if not rows:
        return results
    params: list[Any] = []
    for _i, ballot, _leaf in rows:
        params += [ballot.vote_event.pk, ballot.deputy.pk, ballot.option, ballot.cast_at]
    with connection.cursor() as cursor:
        cursor.execute(CAST_MANY_SQL.format(values=",".join(["(%s, %s, %s, %s)"] * len(rows))), params)
        stored = {(vote_id, deputy_id): pk for pk, vote_id, deputy_id in cursor.fetchall()}
    written: list[tuple[int, Ballot, PendingLeaf]] = []
    for i, ballot, leaf in rows:
        pk = stored.pop((ballot.vote_event.pk, ballot.deputy.pk), None)
        if pk is None:  # stored by a request that committed after our check: the constraint said no
            with translation.override(pending[i].language):
                results[i] = _already_voted()
            continue
        ballot.pk = pk
        ballot._state.adding = False
        ballot._state.db = connection.alias
        written.append((i, ballot, leaf))
    if not written:
        return results
    # The same audit entries audit_log writes, in one INSERT.
    moment = timezone.now()
    insert_rows(
        AuditEntry,
        ("at", "action", "actor", "object_type", "object_id", "data"),
        [
            (
                moment,
                LEAF_BALLOT,
                _actor_id(pending[i].actor),
                VoteEvent._meta.label_lower,
                ballot.vote_event.slug,
                leaf.data,
            )
            for i, ballot, leaf in written
        ],
    )
    entries = ledger_append_many([leaf for _i, _b, leaf in written])
    for (i, ballot, _leaf), entry in zip(written, entries, strict=True):
        results[i] = (ballot, entry)
    return results


def _actor_id(actor: Any) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None


BALLOT_DESK = GroupCommitDesk(commit=cast_many)
"""Ballots of concurrent web requests in this process commit together, each with its leaf (ledger.desk)."""


def ballot_cast(
    *,
    vote_event: VoteEvent,
    user: Any,
    option: str,
    deputy: str | None = None,
    at: datetime | None = None,
) -> Ballot:
    """Cast the signed-in deputy's own ballot (yes, no, abstain) in an open vote.

    403 unless ``user`` is the deputy (``deputy``, when given, must be them) with TOTP
    confirmed in this session; 422 for an unknown option; 409 when the vote is not open,
    its time is over, the deputy is not registered at the sitting, or has voted already
    (unless the question type's rule allows a change while the vote is open).

    In a web request the ballot goes through the ballot desk: the ballots arriving together
    share one transaction and one append to the public record (group commit); each is still
    checked, with the vote share-locked, at the moment it is written, in its own savepoint.
    """
    slug = _who_casts(user=user, deputy=deputy)
    language = translation.get_language()

    def write() -> tuple[Ballot, PendingLeaf | None]:
        # The desk's leader may run this for another request: answer in this request's language.
        with translation.override(language):
            check = check_ballot(vote_event=vote_event, deputy=slug, option=option, now=_moment(at))
            return write_ballot(check, actor=user)

    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                ballot, leaf = write()
                if leaf is not None:
                    ledger_append(kind=leaf.kind, data=leaf.data, at=leaf.at)
            return ballot
        pending = PendingBallot(vote_event, slug, option, at, user, language)
        ballot, _entry = BALLOT_DESK.run(write, payload=pending)
        return ballot  # type: ignore[no-any-return]
    except IntegrityError:
        # The unique constraint (vote event, deputy) is the last word on a second ballot.
        raise Conflict(_("You have already voted in this vote."), code=Code.ALREADY_VOTED) from None
