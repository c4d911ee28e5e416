"""Writes for committee work and oversight. Each one checks who acts, writes in one transaction
and leaves an audit entry; rules of the domain say no with a ``DomainError``."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kurultai.accounts.permissions import (
    SYSTEM,
    is_admin,
    is_citizen,
    is_clerk,
    is_committee_staff,
    is_deputy,
    is_government_respondent,
    require,
)
from kurultai.accounts.roles import Role
from kurultai.common.errors import Conflict, DomainError, PermissionDenied
from kurultai.common.i18n import CONTENT_LANGUAGES, set_translations
from kurultai.common.services import audit_log
from kurultai.common.workdays import kazakhstan_calendar
from kurultai.oversight import selectors, workflow
from kurultai.oversight.config import RuleKey
from kurultai.oversight.deadlines import inquiry_deadline
from kurultai.oversight.models import (
    AgendaItem,
    AnswerRating,
    ApplicationKind,
    ApplicationStatus,
    CommitteeKind,
    CommitteeMeeting,
    CommitteeProfile,
    DocumentKind,
    FollowUpStatus,
    GovernmentReport,
    GovernmentRespondent,
    Hearing,
    HearingApplication,
    HearingInvitee,
    HearingStatus,
    Inquiry,
    InquiryAuthor,
    InquiryStatus,
    Investigation,
    InvestigationMember,
    InvestigationStatus,
    MeetingDecision,
    MeetingParticipant,
    MeetingStatus,
    OversightDocument,
    OversightRule,
    ParticipantRole,
    Recommendation,
    ReportQuestion,
    StateBodyProfile,
)
from kurultai.registry import services as registry
from kurultai.registry.models import (
    Area,
    Membership,
    MembershipRole,
    Organization,
    OrganizationClassification,
    Person,
)
from kurultai.registry.selectors import PARLIAMENT_SLUG, current_convocation, open_memberships

can_manage_parliament = is_clerk | is_admin
can_staff_committees = is_clerk | is_admin | is_committee_staff
# Who may try committee work: staff always; a deputy only for a committee where they are an officer.
can_try_committee_work = can_staff_committees | is_deputy

OFFICER_ROLES = (MembershipRole.CHAIR, MembershipRole.DEPUTY_CHAIR, MembershipRole.SECRETARY)
MAX_SUBJECT = 300
MAX_TEXT = 20_000
MAX_STATEMENT = 2_000
MAX_CO_AUTHORS = 30


class OversightErrorCode(StrEnum):
    COMMITTEE_LIMIT_REACHED = "committee_limit_reached"
    ALREADY_ON_STANDING_COMMITTEE = "already_on_standing_committee"
    ALREADY_A_MEMBER = "already_a_member"
    NOT_A_COMMITTEE = "not_a_committee"
    NOT_A_STATE_BODY = "not_a_state_body"
    NOT_A_SITTING_DEPUTY = "not_a_sitting_deputy"
    NOT_COMMITTEE_OFFICER = "not_committee_officer"
    NOT_RESPONDENT_OF_BODY = "not_respondent_of_body"
    NOT_A_RESPONDENT_ACCOUNT = "not_a_respondent_account"
    ALREADY_LINKED = "already_linked"
    NOT_AN_AUTHOR = "not_an_author"
    NOT_A_VERIFIED_CITIZEN = "not_a_verified_citizen"
    INVALID_TRANSITION = "invalid_transition"
    MINUTES_REQUIRED = "minutes_required"
    FINAL_REPORT_REQUIRED = "final_report_required"
    APPLICATIONS_CLOSED = "applications_closed"
    APPLICATIONS_STILL_OPEN = "applications_still_open"
    APPLICATION_CAP_REACHED = "application_cap_reached"
    SEATS_FULL = "seats_full"
    ALREADY_APPLIED = "already_applied"
    INVALID_RATING = "invalid_rating"
    INVALID_TEXT = "invalid_text"
    INVALID_DATES = "invalid_dates"
    SLUG_TAKEN = "slug_taken"


# ---------------------------------------------------------------- helpers


def clean_text(value: str | None, *, field: str, max_length: int, required: bool = True) -> str:
    """Plain user text: trimmed, no control characters but line breaks and tabs, bounded."""
    text = (value or "").strip()
    # PostgreSQL text cannot hold NUL, and other control characters are never meant.
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        raise DomainError(
            OversightErrorCode.INVALID_TEXT,
            _("The text contains a control character that is not allowed."),
            status=422,
            data={"field": field},
        )
    if required and not text:
        raise DomainError(
            OversightErrorCode.INVALID_TEXT, _("This text must not be empty."), status=422, data={"field": field}
        )
    if len(text) > max_length:
        raise DomainError(
            OversightErrorCode.INVALID_TEXT,
            _("This text is too long: at most %(n)s characters.") % {"n": max_length},
            status=422,
            data={"field": field, "max_length": max_length},
        )
    return text


def _clean_language(language: str) -> str:
    if language not in CONTENT_LANGUAGES:
        raise DomainError(
            OversightErrorCode.INVALID_TEXT,
            _("Unknown language; use kk, ru or en."),
            status=422,
            data={"field": "language"},
        )
    return language


def clean_texts(values: dict[str, str], *, field: str, max_length: int, required: bool = True) -> dict[str, str]:
    """Per-language values of a translated field: at least one language when required."""
    cleaned = {
        _clean_language(lang): clean_text(v, field=field, max_length=max_length, required=False)
        for lang, v in values.items()
    }
    cleaned = {lang: v for lang, v in cleaned.items() if v}
    if required and not cleaned:
        raise DomainError(
            OversightErrorCode.INVALID_TEXT, _("This text must not be empty."), status=422, data={"field": field}
        )
    return cleaned


def _set(obj: models.Model, field: str, values: dict[str, str]) -> None:
    if values:
        set_translations(obj, field, values)


def _transition(table: workflow.Transitions, obj: Any, target: str) -> None:
    if not workflow.allowed(table, obj.status, target):
        raise Conflict(
            _("This cannot be done in the current state (%(status)s).") % {"status": obj.get_status_display()},
            code=OversightErrorCode.INVALID_TRANSITION,
            data={"status": obj.status, "target": target},
        )


def _ensure_slug_free(model: type[models.Model], slug: str) -> None:
    if model._default_manager.filter(slug=slug).exists():
        raise Conflict(_("This identifier is taken."), code=OversightErrorCode.SLUG_TAKEN, data={"id": slug})


def _ensure_classification(org: Organization, classification: str) -> None:
    if org.classification != classification:
        code = (
            OversightErrorCode.NOT_A_STATE_BODY
            if classification == OrganizationClassification.STATE_BODY
            else OversightErrorCode.NOT_A_COMMITTEE
        )
        raise DomainError(code, _("This organization is of the wrong kind."), status=422, data={"id": org.slug})


def actor_person(actor: Any) -> Person | None:
    slug = getattr(actor, "person_slug", "")
    return Person.objects.filter(slug=slug).first() if slug else None


def is_sitting_deputy(person: Person) -> bool:
    return (
        open_memberships()
        .filter(person=person, organization__slug=PARLIAMENT_SLUG, role=MembershipRole.DEPUTY)
        .exists()
    )


def _require_sitting_deputy(actor: Any, action: str) -> Person | None:
    """The actor's own deputy record; ``None`` only for ``SYSTEM``."""
    require(actor, is_deputy, action=action)
    if actor is SYSTEM:
        return None
    person = actor_person(actor)
    if person is None or not is_sitting_deputy(person):
        raise PermissionDenied(
            _("Only a sitting deputy can do this."),
            code=OversightErrorCode.NOT_A_SITTING_DEPUTY,
            data={"action": action},
        )
    return person


def is_committee_officer(actor: Any, committee: Organization) -> bool:
    person = actor_person(actor)
    return bool(
        person and open_memberships().filter(person=person, organization=committee, role__in=OFFICER_ROLES).exists()
    )


def _require_committee_work(actor: Any, committee: Organization, action: str) -> None:
    """Committee staff, clerks and admins; or the chair, a deputy chair or the secretary of this committee."""
    require(actor, can_try_committee_work, action=action)
    if actor is SYSTEM or can_staff_committees.test(actor):
        return
    if not is_committee_officer(actor, committee):
        raise PermissionDenied(
            _("Only the committee's chair, deputy chair, secretary or staff can do this."),
            code=OversightErrorCode.NOT_COMMITTEE_OFFICER,
            data={"action": action, "committee": committee.slug},
        )


def _require_respondent_of(actor: Any, state_body: Organization, action: str) -> None:
    """Only an account linked to this state body answers for it; every other role gets a 403."""
    require(actor, is_government_respondent, action=action)
    if actor is SYSTEM:
        return
    if not selectors.open_respondent_links().filter(user=actor, state_body=state_body).exists():
        raise PermissionDenied(
            _("Only the government respondent of the addressed state body can answer."),
            code=OversightErrorCode.NOT_RESPONDENT_OF_BODY,
            data={"action": action, "state_body": state_body.slug},
        )


N = TypeVar("N", bound=models.Model)


def create_numbered(model: type[N], year: int, build: Callable[[int], N]) -> N:
    """Create a row with the next number of its year; a concurrent writer taking it makes us retry."""
    for attempt in range(5):
        last = model._default_manager.filter(year=year).aggregate(n=Max("number"))["n"] or 0
        row = build(last + 1)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            if attempt == 4:
                raise
            continue
        return row
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- configuration


def rule_set(*, key: RuleKey, value: int, citation: str, status: str, actor: Any) -> OversightRule:
    require(actor, is_admin, action="oversight.rule.set")
    if value < 1:
        raise DomainError("invalid_rule_value", _("A rule's value must be a positive number."), status=422)
    with transaction.atomic():
        previous = selectors.rule_get(key)
        rule, _created = OversightRule.objects.update_or_create(
            key=key, defaults={"value": value, "citation": citation, "status": status}
        )
        audit_log(
            action="oversight.rule.set",
            actor=actor,
            obj=rule,
            data={"key": str(key), "previous": previous.value, "value": value},
        )
    return rule


# ---------------------------------------------------------------- committees


def standing_committee_create(
    *, slug: str, names: dict[str, str], actor: Any, mandate: dict[str, str] | None = None
) -> Organization:
    """A new standing committee, refused once the configured maximum is reached."""
    require(actor, can_manage_parliament, action="oversight.committee.create")
    with transaction.atomic():
        # Lock the parliament row so two clerks cannot both create the last allowed committee.
        parliament = Organization.objects.select_for_update().get(slug=PARLIAMENT_SLUG)
        limit = selectors.rule_get(RuleKey.MAX_STANDING_COMMITTEES)
        count = selectors.standing_committees().count()
        if count >= limit.value:
            raise Conflict(
                _("The Kurultai already has %(n)s standing committees, the most allowed (%(citation)s).")
                % {"n": count, "citation": limit.citation},
                code=OversightErrorCode.COMMITTEE_LIMIT_REACHED,
                data={"limit": limit.value, "citation": limit.citation, "found": limit.found},
            )
        if Organization.objects.filter(slug=slug).exists():
            raise Conflict(_("This identifier is taken."), code=OversightErrorCode.SLUG_TAKEN, data={"id": slug})
        org = registry.organization_create(
            slug=slug,
            names=names,
            classification=OrganizationClassification.COMMITTEE,
            parent=parliament,
            actor=actor,
        )
        profile = CommitteeProfile(organization=org, kind=CommitteeKind.STANDING)
        _set(profile, "mandate", mandate or {})
        profile.save()
        audit_log(action="oversight.committee.created", actor=actor, obj=org, data={"kind": CommitteeKind.STANDING})
    return org


def temporary_commission_create(
    *, slug: str, names: dict[str, str], mandate: dict[str, str], ends_on: date | None, actor: Any
) -> Organization:
    """A temporary commission: outside the standing-committee limit, for a term and a mandate."""
    require(actor, can_manage_parliament, action="oversight.commission.create")
    mandate = clean_texts(mandate, field="mandate", max_length=MAX_TEXT)
    with transaction.atomic():
        if Organization.objects.filter(slug=slug).exists():
            raise Conflict(_("This identifier is taken."), code=OversightErrorCode.SLUG_TAKEN, data={"id": slug})
        parliament = Organization.objects.get(slug=PARLIAMENT_SLUG)
        org = registry.organization_create(
            slug=slug,
            names=names,
            classification=OrganizationClassification.COMMITTEE,
            parent=parliament,
            actor=actor,
        )
        profile = CommitteeProfile(organization=org, kind=CommitteeKind.TEMPORARY, ends_on=ends_on)
        _set(profile, "mandate", mandate)
        profile.save()
        audit_log(action="oversight.committee.created", actor=actor, obj=org, data={"kind": CommitteeKind.TEMPORARY})
    return org


def committee_member_add(
    *,
    committee: Organization,
    person: Person,
    actor: Any,
    role: str = MembershipRole.MEMBER,
    start_date: date | None = None,
) -> Membership:
    """Seat a deputy on a committee; on a standing committee, only within the per-deputy limit."""
    require(actor, can_manage_parliament, action="oversight.committee.member_add")
    _ensure_classification(committee, OrganizationClassification.COMMITTEE)
    if role not in (MembershipRole.MEMBER, *OFFICER_ROLES):
        raise DomainError("invalid_role", _("Unknown committee role."), status=422, data={"role": role})
    with transaction.atomic():
        # Lock the person so two clerks cannot seat the same deputy on two committees at once.
        person = Person.objects.select_for_update().get(pk=person.pk)
        if not is_sitting_deputy(person):
            raise DomainError(
                OversightErrorCode.NOT_A_SITTING_DEPUTY,
                _("Only a sitting deputy can sit on a committee."),
                status=422,
                data={"person": person.slug},
            )
        current = open_memberships().filter(
            person=person, organization__classification=OrganizationClassification.COMMITTEE
        )
        if current.filter(organization=committee).exists():
            raise Conflict(
                _("This deputy already sits on this committee."),
                code=OversightErrorCode.ALREADY_A_MEMBER,
                data={"person": person.slug, "committee": committee.slug},
            )
        if selectors.is_standing(committee):
            limit = selectors.rule_get(RuleKey.STANDING_COMMITTEES_PER_DEPUTY)
            standing = current.filter(organization__in=selectors.standing_committees())
            held = sorted(set(standing.values_list("organization__slug", flat=True)))
            if len(held) >= limit.value:
                raise Conflict(
                    _("This deputy already sits on a standing committee; each deputy sits on one (%(citation)s).")
                    % {"citation": limit.citation},
                    code=OversightErrorCode.ALREADY_ON_STANDING_COMMITTEE,
                    data={"person": person.slug, "committees": held, "limit": limit.value, "found": limit.found},
                )
        membership = registry.membership_create(
            person=person,
            organization=committee,
            role=role,
            start_date=start_date or timezone.localdate(),
            convocation=current_convocation(),
            actor=actor,
        )
        audit_log(
            action="oversight.committee.member_added",
            actor=actor,
            obj=committee,
            data={"person": person.slug, "role": role},
        )
    return membership


# ---------------------------------------------------------------- meetings


@dataclass(frozen=True)
class AgendaItemIn:
    titles: dict[str, str]
    bill_ref: str = ""


@dataclass(frozen=True)
class DecisionIn:
    texts: dict[str, str]
    bill_ref: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstained: int | None = None


@dataclass(frozen=True)
class GuestIn:
    name: str
    affiliation: str = ""


def meeting_schedule(
    *,
    committee: Organization,
    slug: str,
    titles: dict[str, str],
    starts_at: datetime,
    actor: Any,
    location: str = "",
    agenda: Sequence[AgendaItemIn] = (),
    guests: Sequence[GuestIn] = (),
) -> CommitteeMeeting:
    """Schedule a meeting; the committee's current members are its expected participants."""
    _ensure_classification(committee, OrganizationClassification.COMMITTEE)
    _require_committee_work(actor, committee, "oversight.meeting.schedule")
    titles = clean_texts(titles, field="title", max_length=300)
    with transaction.atomic():
        _ensure_slug_free(CommitteeMeeting, slug)
        meeting = CommitteeMeeting(slug=slug, committee=committee, starts_at=starts_at, location=location[:200])
        _set(meeting, "title", titles)
        meeting.save()
        for position, item in enumerate(agenda, start=1):
            row = AgendaItem(meeting=meeting, position=position, bill_ref=item.bill_ref)
            _set(row, "title", clean_texts(item.titles, field="agenda", max_length=500))
            row.save()
        members = open_memberships().filter(organization=committee).values_list("person_id", flat=True).distinct()
        MeetingParticipant.objects.bulk_create(
            [MeetingParticipant(meeting=meeting, person_id=pid, role=ParticipantRole.MEMBER) for pid in members]
            + [
                MeetingParticipant(
                    meeting=meeting,
                    name=clean_text(g.name, field="guest", max_length=300),
                    affiliation=g.affiliation[:300],
                    role=ParticipantRole.INVITED,
                )
                for g in guests
            ]
        )
        audit_log(
            action="oversight.meeting.scheduled",
            actor=actor,
            obj=meeting,
            data={"committee": committee.slug, "agenda": len(agenda)},
        )
    return meeting


def meeting_record(
    *,
    meeting: CommitteeMeeting,
    minutes: dict[str, str],
    actor: Any,
    decisions: Sequence[DecisionIn] = (),
    absent: Sequence[Person] = (),
) -> CommitteeMeeting:
    """The meeting was held: its minutes, decisions and who attended."""
    _require_committee_work(actor, meeting.committee, "oversight.meeting.record")
    minutes = clean_texts(minutes, field="minutes", max_length=MAX_TEXT)
    with transaction.atomic():
        meeting = CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != MeetingStatus.SCHEDULED:
            raise Conflict(
                _("Only a scheduled meeting can be recorded."),
                code=OversightErrorCode.INVALID_TRANSITION,
                data={"status": meeting.status},
            )
        _set(meeting, "minutes", minutes)
        meeting.status = MeetingStatus.HELD
        meeting.minutes_published_at = timezone.now()
        meeting.save()
        absent_ids = {p.pk for p in absent}
        meeting.participants.filter(role=ParticipantRole.MEMBER).exclude(person_id__in=absent_ids).update(attended=True)
        meeting.participants.filter(person_id__in=absent_ids).update(attended=False)
        for position, d in enumerate(decisions, start=1):
            row = MeetingDecision(
                meeting=meeting,
                position=position,
                bill_ref=d.bill_ref,
                votes_for=d.votes_for,
                votes_against=d.votes_against,
                votes_abstained=d.votes_abstained,
            )
            _set(row, "text", clean_texts(d.texts, field="decision", max_length=MAX_TEXT))
            row.save()
        audit_log(action="oversight.meeting.recorded", actor=actor, obj=meeting, data={"decisions": len(decisions)})
    return meeting


def meeting_cancel(*, meeting: CommitteeMeeting, actor: Any) -> CommitteeMeeting:
    _require_committee_work(actor, meeting.committee, "oversight.meeting.cancel")
    with transaction.atomic():
        meeting = CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != MeetingStatus.SCHEDULED:
            raise Conflict(
                _("Only a scheduled meeting can be cancelled."),
                code=OversightErrorCode.INVALID_TRANSITION,
                data={"status": meeting.status},
            )
        meeting.status = MeetingStatus.CANCELLED
        meeting.save(update_fields=["status"])
        audit_log(action="oversight.meeting.cancelled", actor=actor, obj=meeting)
    return meeting


# ---------------------------------------------------------------- investigations


def investigation_open(
    *,
    committee: Organization,
    slug: str,
    titles: dict[str, str],
    opening_decisions: dict[str, str],
    mandates: dict[str, str],
    opened_on: date,
    actor: Any,
    scopes: dict[str, str] | None = None,
    vote_event_ref: str = "",
    report_due_on: date | None = None,
    members: Sequence[Person] = (),
    chair: Person | None = None,
) -> Investigation:
    """Open a parliamentary investigation on a decision (linked to its vote event where there is one)."""
    _ensure_classification(committee, OrganizationClassification.COMMITTEE)
    _require_committee_work(actor, committee, "oversight.investigation.open")
    if report_due_on is not None and report_due_on < opened_on:
        raise DomainError(
            OversightErrorCode.INVALID_DATES, _("The report cannot be due before the opening."), status=422
        )
    with transaction.atomic():
        _ensure_slug_free(Investigation, slug)
        inv = Investigation(
            slug=slug,
            committee=committee,
            opened_on=opened_on,
            vote_event_ref=vote_event_ref,
            report_due_on=report_due_on,
        )
        _set(inv, "title", clean_texts(titles, field="title", max_length=300))
        _set(inv, "opening_decision", clean_texts(opening_decisions, field="opening_decision", max_length=500))
        _set(inv, "mandate", clean_texts(mandates, field="mandate", max_length=MAX_TEXT))
        _set(inv, "scope", clean_texts(scopes or {}, field="scope", max_length=MAX_TEXT, required=False))
        inv.save()
        people = ([chair] if chair else []) + [p for p in members if p != chair]
        for person in people:
            if not is_sitting_deputy(person):
                raise DomainError(
                    OversightErrorCode.NOT_A_SITTING_DEPUTY,
                    _("Only sitting deputies can be members of an investigation."),
                    status=422,
                    data={"person": person.slug},
                )
        InvestigationMember.objects.bulk_create(
            InvestigationMember(investigation=inv, person=p, role="chair" if p == chair else "member") for p in people
        )
        audit_log(
            action="oversight.investigation.opened",
            actor=actor,
            obj=inv,
            data={"committee": committee.slug, "vote_event": vote_event_ref, "members": len(people)},
        )
    return inv


def investigation_report(
    *, investigation: Investigation, final_report: dict[str, str], published_on: date, actor: Any
) -> Investigation:
    _require_committee_work(actor, investigation.committee, "oversight.investigation.report")
    report = clean_texts(final_report, field="final_report", max_length=100_000)
    with transaction.atomic():
        inv = Investigation.objects.select_for_update().get(pk=investigation.pk)
        _transition(workflow.INVESTIGATION, inv, InvestigationStatus.REPORTED)
        _set(inv, "final_report", report)
        inv.report_published_on = published_on
        inv.status = InvestigationStatus.REPORTED
        inv.save()
        audit_log(action="oversight.investigation.reported", actor=actor, obj=inv)
    return inv


def investigation_close(*, investigation: Investigation, actor: Any, closed_on: date | None = None) -> Investigation:
    _require_committee_work(actor, investigation.committee, "oversight.investigation.close")
    with transaction.atomic():
        inv = Investigation.objects.select_for_update().get(pk=investigation.pk)
        if not any(getattr(inv, f"final_report_{lang}") for lang in CONTENT_LANGUAGES):
            raise Conflict(
                _("An investigation closes only after its final report is published."),
                code=OversightErrorCode.FINAL_REPORT_REQUIRED,
            )
        _transition(workflow.INVESTIGATION, inv, InvestigationStatus.CLOSED)
        inv.status = InvestigationStatus.CLOSED
        inv.closed_on = closed_on or timezone.localdate()
        inv.save(update_fields=["status", "closed_on"])
        audit_log(action="oversight.investigation.closed", actor=actor, obj=inv)
    return inv


# ---------------------------------------------------------------- hearings


@dataclass(frozen=True)
class InviteeIn:
    name: str
    kind: str
    position: str = ""
    organization: Organization | None = None
    confirmed: bool = False


def hearing_announce(
    *,
    committee: Organization,
    slug: str,
    topics: dict[str, str],
    starts_at: datetime,
    applications_close_at: datetime,
    actor: Any,
    descriptions: dict[str, str] | None = None,
    location: str = "",
    speaker_seats: int = 5,
    attendee_seats: int = 30,
    application_cap: int = 500,
    investigation: Investigation | None = None,
    invitees: Sequence[InviteeIn] = (),
) -> Hearing:
    _ensure_classification(committee, OrganizationClassification.COMMITTEE)
    _require_committee_work(actor, committee, "oversight.hearing.announce")
    if applications_close_at > starts_at:
        raise DomainError(
            OversightErrorCode.INVALID_DATES, _("Applications must close before the hearing starts."), status=422
        )
    if min(speaker_seats, attendee_seats) < 0 or application_cap < 1:
        raise DomainError(OversightErrorCode.INVALID_DATES, _("Seat numbers must not be negative."), status=422)
    with transaction.atomic():
        _ensure_slug_free(Hearing, slug)
        hearing = Hearing(
            slug=slug,
            committee=committee,
            investigation=investigation,
            starts_at=starts_at,
            applications_close_at=applications_close_at,
            location=location[:200],
            speaker_seats=speaker_seats,
            attendee_seats=attendee_seats,
            application_cap=application_cap,
        )
        _set(hearing, "topic", clean_texts(topics, field="topic", max_length=300))
        _set(
            hearing,
            "description",
            clean_texts(descriptions or {}, field="description", max_length=MAX_TEXT, required=False),
        )
        hearing.save()
        HearingInvitee.objects.bulk_create(
            HearingInvitee(
                hearing=hearing,
                name=clean_text(i.name, field="invitee", max_length=300),
                position=i.position[:300],
                organization=i.organization,
                kind=i.kind,
                confirmed=i.confirmed,
            )
            for i in invitees
        )
        audit_log(
            action="oversight.hearing.announced",
            actor=actor,
            obj=hearing,
            data={"committee": committee.slug, "starts_at": starts_at.isoformat(), "invitees": len(invitees)},
        )
    return hearing


def document_add(
    *,
    kind: str,
    titles: dict[str, str],
    published_on: date,
    actor: Any,
    hearing: Hearing | None = None,
    investigation: Investigation | None = None,
    url: str = "",
    descriptions: dict[str, str] | None = None,
) -> OversightDocument:
    """A hearing's material, or an investigation's evidence or document."""
    if (hearing is None) == (investigation is None):
        raise DomainError("invalid_parent", _("A document belongs to one hearing or one investigation."), status=422)
    committee = hearing.committee if hearing is not None else investigation.committee
    _require_committee_work(actor, committee, "oversight.document.add")
    if kind not in DocumentKind.values:
        raise DomainError("invalid_kind", _("Unknown kind of document."), status=422, data={"kind": kind})
    with transaction.atomic():
        doc = OversightDocument(
            hearing=hearing, investigation=investigation, kind=kind, url=url, published_on=published_on
        )
        _set(doc, "title", clean_texts(titles, field="title", max_length=300))
        _set(
            doc,
            "description",
            clean_texts(descriptions or {}, field="description", max_length=MAX_TEXT, required=False),
        )
        doc.save()
        audit_log(
            action="oversight.document.added",
            actor=actor,
            obj=hearing or investigation,
            data={"kind": kind, "document": doc.pk},
        )
    return doc


def _require_verified_citizen(actor: Any, action: str) -> None:
    require(actor, is_citizen, action=action)
    if actor is not SYSTEM and not hasattr(actor, "citizen"):
        raise PermissionDenied(
            _("Verify your account as a citizen first."), code=OversightErrorCode.NOT_A_VERIFIED_CITIZEN
        )


def hearing_apply(*, hearing: Hearing, actor: Any, kind: str, statement: str = "") -> HearingApplication:
    """A verified citizen applies to speak or to attend, while applications are open and under the cap."""
    _require_verified_citizen(actor, "oversight.hearing.apply")
    if kind not in ApplicationKind.values:
        raise DomainError("invalid_kind", _("Apply to speak or to attend."), status=422, data={"kind": kind})
    statement = clean_text(
        statement, field="statement", max_length=MAX_STATEMENT, required=kind == ApplicationKind.SPEAK
    )
    with transaction.atomic():
        # The lock serialises applicants so the cap is never overshot.
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if hearing.status != HearingStatus.ANNOUNCED or timezone.now() >= hearing.applications_close_at:
            raise Conflict(_("Applications for this hearing are closed."), code=OversightErrorCode.APPLICATIONS_CLOSED)
        if HearingApplication.objects.filter(hearing=hearing, user=actor).exists():
            raise Conflict(_("You have already applied to this hearing."), code=OversightErrorCode.ALREADY_APPLIED)
        if HearingApplication.objects.filter(hearing=hearing).count() >= hearing.application_cap:
            raise Conflict(
                _("This hearing has received the most applications it accepts."),
                code=OversightErrorCode.APPLICATION_CAP_REACHED,
                data={"cap": hearing.application_cap},
            )
        application = HearingApplication.objects.create(hearing=hearing, user=actor, kind=kind, statement=statement)
        # No name or statement in the audit data: the applicant is a private person.
        audit_log(action="oversight.hearing.applied", actor=actor, obj=hearing, data={"kind": kind})
    return application


def _seats(hearing: Hearing, kind: str) -> int:
    return hearing.speaker_seats if kind == ApplicationKind.SPEAK else hearing.attendee_seats


def hearing_selection_draw(*, hearing: Hearing, actor: Any) -> dict[str, int]:
    """Fill the free seats by lot among pending applications; the rest are not selected.

    The lot is seeded from the hearing's identifier and the kind of seat, so anyone with the
    list of applications in order of receipt can repeat the draw.
    """
    _require_committee_work(actor, hearing.committee, "oversight.hearing.select")
    now = timezone.now()
    with transaction.atomic():
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if now < hearing.applications_close_at:
            raise Conflict(
                _("Applications are still open; select after they close."),
                code=OversightErrorCode.APPLICATIONS_STILL_OPEN,
            )
        result: dict[str, int] = {}
        for kind in ApplicationKind.values:
            apps = HearingApplication.objects.filter(hearing=hearing, kind=kind)
            free = max(0, _seats(hearing, kind) - apps.filter(status=ApplicationStatus.SELECTED).count())
            pending = list(
                apps.filter(status=ApplicationStatus.PENDING).order_by("created_at", "id").values_list("id", flat=True)
            )
            seed = int.from_bytes(hashlib.sha256(f"{hearing.slug}:{kind}".encode()).digest()[:8], "big")
            chosen = set(random.Random(seed).sample(pending, min(free, len(pending))))  # noqa: S311 - a public lot
            apps.filter(id__in=chosen).update(status=ApplicationStatus.SELECTED, decided_at=now)
            apps.filter(id__in=set(pending) - chosen).update(status=ApplicationStatus.NOT_SELECTED, decided_at=now)
            result[kind] = len(chosen)
        audit_log(action="oversight.hearing.selection_drawn", actor=actor, obj=hearing, data=result)
    return result


def hearing_application_decide(*, application: HearingApplication, selected: bool, actor: Any) -> HearingApplication:
    """Select or turn down one application by hand; selection never exceeds the seats."""
    _require_committee_work(actor, application.hearing.committee, "oversight.hearing.select")
    with transaction.atomic():
        hearing = Hearing.objects.select_for_update().get(pk=application.hearing_id)
        application = HearingApplication.objects.select_for_update().get(pk=application.pk)
        if hearing.status not in (HearingStatus.ANNOUNCED, HearingStatus.HELD):
            raise Conflict(_("Applications for this hearing are closed."), code=OversightErrorCode.APPLICATIONS_CLOSED)
        if selected and application.status != ApplicationStatus.SELECTED:
            taken = HearingApplication.objects.filter(
                hearing=hearing, kind=application.kind, status=ApplicationStatus.SELECTED
            ).count()
            seats = _seats(hearing, application.kind)
            if taken >= seats:
                raise Conflict(
                    _("All %(n)s seats of this kind are taken.") % {"n": seats},
                    code=OversightErrorCode.SEATS_FULL,
                    data={"seats": seats, "kind": application.kind},
                )
        application.status = ApplicationStatus.SELECTED if selected else ApplicationStatus.NOT_SELECTED
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_at"])
        audit_log(
            action="oversight.hearing.application_decided",
            actor=actor,
            obj=hearing,
            data={"application": application.pk, "selected": selected},
        )
    return application


def hearing_record(
    *, hearing: Hearing, actor: Any, transcript: str = "", minutes: dict[str, str] | None = None
) -> Hearing:
    """The hearing took place: its transcript and, when ready, its minutes."""
    _require_committee_work(actor, hearing.committee, "oversight.hearing.record")
    transcript = clean_text(transcript, field="transcript", max_length=500_000, required=False)
    minutes = clean_texts(minutes or {}, field="minutes", max_length=MAX_TEXT, required=False)
    with transaction.atomic():
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        _transition(workflow.HEARING, hearing, HearingStatus.HELD)
        hearing.status = HearingStatus.HELD
        hearing.transcript = transcript
        _set(hearing, "minutes", minutes)
        hearing.save()
        audit_log(action="oversight.hearing.held", actor=actor, obj=hearing, data={"minutes": bool(minutes)})
    return hearing


def hearing_close(*, hearing: Hearing, actor: Any, minutes: dict[str, str] | None = None) -> Hearing:
    """Close a held hearing. Its minutes are the public record of it, so none means no closing (409)."""
    _require_committee_work(actor, hearing.committee, "oversight.hearing.close")
    minutes = clean_texts(minutes or {}, field="minutes", max_length=MAX_TEXT, required=False)
    with transaction.atomic():
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        _set(hearing, "minutes", minutes)
        if not any(getattr(hearing, f"minutes_{lang}") for lang in CONTENT_LANGUAGES):
            raise Conflict(
                _("A hearing cannot be closed without its minutes."), code=OversightErrorCode.MINUTES_REQUIRED
            )
        _transition(workflow.HEARING, hearing, HearingStatus.CLOSED)
        hearing.status = HearingStatus.CLOSED
        hearing.closed_at = timezone.now()
        hearing.save()
        audit_log(action="oversight.hearing.closed", actor=actor, obj=hearing)
    return hearing


def hearing_cancel(*, hearing: Hearing, actor: Any) -> Hearing:
    _require_committee_work(actor, hearing.committee, "oversight.hearing.cancel")
    with transaction.atomic():
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        _transition(workflow.HEARING, hearing, HearingStatus.CANCELLED)
        hearing.status = HearingStatus.CANCELLED
        hearing.save(update_fields=["status"])
        audit_log(action="oversight.hearing.cancelled", actor=actor, obj=hearing)
    return hearing


# ---------------------------------------------------------------- recommendations


def recommendation_add(
    *,
    texts: dict[str, str],
    due_on: date,
    actor: Any,
    hearing: Hearing | None = None,
    investigation: Investigation | None = None,
    addressee: Organization | None = None,
    addressee_name: str = "",
) -> Recommendation:
    if (hearing is None) == (investigation is None):
        raise DomainError(
            "invalid_parent", _("A recommendation belongs to one hearing or one investigation."), status=422
        )
    parent: Hearing | Investigation = hearing or investigation  # type: ignore[assignment]
    _require_committee_work(actor, parent.committee, "oversight.recommendation.add")
    if addressee is None and not addressee_name.strip():
        raise DomainError("addressee_required", _("Say who must act on the recommendation."), status=422)
    with transaction.atomic():
        last = parent.recommendations.aggregate(n=Max("position"))["n"] or 0
        rec = Recommendation(
            hearing=hearing,
            investigation=investigation,
            position=last + 1,
            addressee=addressee,
            addressee_name=addressee_name.strip()[:300],
            due_on=due_on,
        )
        _set(rec, "text", clean_texts(texts, field="text", max_length=MAX_TEXT))
        rec.save()
        audit_log(
            action="oversight.recommendation.added",
            actor=actor,
            obj=parent,
            data={"recommendation": rec.position, "due_on": due_on.isoformat()},
        )
    return rec


def recommendation_follow_up(
    *, recommendation: Recommendation, status: str, actor: Any, note: str = "", done_on: date | None = None
) -> Recommendation:
    """Record what became of a recommendation: in progress, done (when), or not done."""
    parent = recommendation.hearing or recommendation.investigation
    _require_committee_work(actor, parent.committee, "oversight.recommendation.follow_up")
    note = clean_text(note, field="note", max_length=MAX_TEXT, required=False)
    with transaction.atomic():
        rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        _transition(workflow.FOLLOW_UP, rec, status)
        rec.status = status
        rec.status_note = note
        rec.done_on = (done_on or timezone.localdate()) if status == FollowUpStatus.DONE else None
        rec.save()
        audit_log(
            action="oversight.recommendation.followed_up",
            actor=actor,
            obj=parent,
            data={"recommendation": rec.position, "status": status},
        )
    return rec


# ---------------------------------------------------------------- state bodies


def state_body_create(
    *,
    slug: str,
    names: dict[str, str],
    kind: str,
    actor: Any,
    area: Area | None = None,
    website: str = "",
    short_names: dict[str, str] | None = None,
) -> Organization:
    require(actor, can_manage_parliament, action="oversight.state_body.create")
    with transaction.atomic():
        if Organization.objects.filter(slug=slug).exists():
            raise Conflict(_("This identifier is taken."), code=OversightErrorCode.SLUG_TAKEN, data={"id": slug})
        org = registry.organization_create(
            slug=slug, names=names, classification=OrganizationClassification.STATE_BODY, area=area, actor=actor
        )
        if short_names:
            set_translations(org, "short_name", short_names)
            org.save(update_fields=["short_name", "short_name_kk", "short_name_ru", "short_name_en"])
        StateBodyProfile.objects.create(organization=org, kind=kind, website=website)
        audit_log(action="oversight.state_body.created", actor=actor, obj=org, data={"kind": kind})
    return org


def respondent_link(
    *, user: Any, state_body: Organization, actor: Any, start_date: date | None = None
) -> GovernmentRespondent:
    """Let a government-respondent account answer for a state body."""
    require(actor, can_manage_parliament, action="oversight.respondent.link")
    _ensure_classification(state_body, OrganizationClassification.STATE_BODY)
    if not user.has_role(Role.GOVERNMENT_RESPONDENT):
        raise DomainError(
            OversightErrorCode.NOT_A_RESPONDENT_ACCOUNT,
            _("Only an account with the government respondent role can answer for a state body."),
            status=422,
        )
    with transaction.atomic():
        if selectors.open_respondent_links().filter(user=user, state_body=state_body).exists():
            raise Conflict(_("This account already answers for this body."), code=OversightErrorCode.ALREADY_LINKED)
        link = GovernmentRespondent.objects.create(
            user=user, state_body=state_body, start_date=start_date or timezone.localdate()
        )
        audit_log(
            action="oversight.respondent.linked",
            actor=actor,
            obj=state_body,
            data={"user": user.username},
        )
    return link


def respondent_unlink(*, link: GovernmentRespondent, actor: Any, end_date: date | None = None) -> GovernmentRespondent:
    require(actor, can_manage_parliament, action="oversight.respondent.unlink")
    with transaction.atomic():
        link.end_date = end_date or timezone.localdate()
        link.save(update_fields=["end_date"])
        audit_log(
            action="oversight.respondent.unlinked",
            actor=actor,
            obj=link.state_body,
            data={"user": link.user.username},
        )
    return link


# ---------------------------------------------------------------- deputy inquiries


def inquiry_create(
    *,
    actor: Any,
    state_body: Organization,
    subject: str,
    text: str,
    language: str,
    co_authors: Sequence[Person] = (),
    area: Area | None = None,
    lead_author: Person | None = None,
    received_at: datetime | None = None,
) -> Inquiry:
    """A deputy (with co-authors: a group) sends an inquiry to a state body; it is registered and
    its answer deadline counted in working days under the configured rule."""
    person = _require_sitting_deputy(actor, "oversight.inquiry.create")
    if person is not None:
        if lead_author is not None and lead_author != person:
            raise PermissionDenied(
                _("A deputy sends inquiries in their own name."), code=OversightErrorCode.NOT_AN_AUTHOR
            )
        lead_author = person
    if lead_author is None:
        raise DomainError("lead_author_required", _("An inquiry needs a deputy as its author."), status=422)
    _ensure_classification(state_body, OrganizationClassification.STATE_BODY)
    language = _clean_language(language)
    subject = clean_text(subject, field="subject", max_length=MAX_SUBJECT)
    text = clean_text(text, field="text", max_length=MAX_TEXT)
    others = list(dict.fromkeys(p for p in co_authors if p != lead_author))
    if len(others) > MAX_CO_AUTHORS:
        raise DomainError("too_many_authors", _("Too many co-authors."), status=422, data={"max": MAX_CO_AUTHORS})
    not_deputies = [p.slug for p in [lead_author, *others] if not is_sitting_deputy(p)]
    if not_deputies:
        raise DomainError(
            OversightErrorCode.NOT_A_SITTING_DEPUTY,
            _("Every author of an inquiry must be a sitting deputy."),
            status=422,
            data={"persons": not_deputies},
        )
    received_at = received_at or timezone.now()
    rule = selectors.rule_get(RuleKey.INQUIRY_ANSWER_WORKING_DAYS)
    term = inquiry_deadline(timezone.localdate(received_at), rule.value, kazakhstan_calendar())
    year = term.registered_on.year

    def build(number: int) -> Inquiry:
        inquiry = Inquiry(
            slug=f"{year}-{number:04d}",
            year=year,
            number=number,
            state_body=state_body,
            area=area,
            language=language,
            submitted_by=actor if actor is not SYSTEM else None,
            registered_at=received_at,
            registered_on=term.registered_on,
            deadline=term.due_on,
            deadline_working_days=rule.value,
            deadline_citation=rule.citation,
            deadline_rule_found=rule.found,
        )
        set_translations(inquiry, "subject", {language: subject})
        set_translations(inquiry, "text", {language: text})
        return inquiry

    with transaction.atomic():
        inquiry = create_numbered(Inquiry, year, build)
        InquiryAuthor.objects.bulk_create(
            [InquiryAuthor(inquiry=inquiry, person=lead_author, is_lead=True)]
            + [InquiryAuthor(inquiry=inquiry, person=p) for p in others]
        )
        audit_log(
            action="oversight.inquiry.registered",
            actor=actor,
            obj=inquiry,
            data={
                "state_body": state_body.slug,
                "authors": [lead_author.slug, *(p.slug for p in others)],
                "deadline": term.due_on.isoformat(),
                "working_days": rule.value,
            },
        )
    return inquiry


def inquiry_answer(
    *, inquiry: Inquiry, actor: Any, text: str, language: str, answered_at: datetime | None = None
) -> Inquiry:
    """The respondent of the addressed state body answers; nobody else can, whatever their role."""
    _require_respondent_of(actor, inquiry.state_body, "oversight.inquiry.answer")
    language = _clean_language(language)
    text = clean_text(text, field="text", max_length=MAX_TEXT)
    answered_at = answered_at or timezone.now()
    with transaction.atomic():
        inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        _transition(workflow.INQUIRY, inquiry, InquiryStatus.ANSWERED)
        set_translations(inquiry, "answer_text", {language: text})
        inquiry.answer_language = language
        inquiry.answered_at = answered_at
        inquiry.answered_on = timezone.localdate(answered_at)
        inquiry.answered_by = actor if actor is not SYSTEM else None
        inquiry.status = InquiryStatus.ANSWERED
        inquiry.save()
        audit_log(
            action="oversight.inquiry.answered",
            actor=actor,
            obj=inquiry,
            data={"on_time": inquiry.answered_on <= inquiry.deadline, "answered_on": inquiry.answered_on.isoformat()},
        )
    return inquiry


def _require_author(actor: Any, inquiry: Inquiry, action: str, *, lead_only: bool = False) -> None:
    person = _require_sitting_deputy(actor, action)
    if person is None:
        return
    authors = inquiry.authors.filter(person=person)
    if lead_only:
        authors = authors.filter(is_lead=True)
    if not authors.exists():
        raise PermissionDenied(
            _("Only an author of the inquiry can do this."),
            code=OversightErrorCode.NOT_AN_AUTHOR,
            data={"action": action},
        )


def inquiry_rate(
    *, inquiry: Inquiry, actor: Any, rating: str, comment: str = "", rated_at: datetime | None = None
) -> Inquiry:
    """An author rates the answer: substantive, a formal reply, or unsatisfactory."""
    _require_author(actor, inquiry, "oversight.inquiry.rate")
    if rating not in AnswerRating.values:
        raise DomainError(
            OversightErrorCode.INVALID_RATING,
            _("Rate the answer as substantive, formal or unsatisfactory."),
            status=422,
            data={"rating": rating},
        )
    comment = clean_text(comment, field="comment", max_length=MAX_STATEMENT, required=False)
    with transaction.atomic():
        inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        _transition(workflow.INQUIRY, inquiry, InquiryStatus.RATED)
        inquiry.rating = rating
        inquiry.rating_comment = comment
        inquiry.rated_at = rated_at or timezone.now()
        inquiry.status = InquiryStatus.RATED
        inquiry.save(update_fields=["rating", "rating_comment", "rated_at", "status"])
        audit_log(action="oversight.inquiry.rated", actor=actor, obj=inquiry, data={"rating": rating})
    return inquiry


def inquiry_raise_at_plenary(*, inquiry: Inquiry, actor: Any, plenary_ref: str = "") -> Inquiry:
    """An unsatisfactory answer is put to a plenary sitting (the sitting is named by its identifier)."""
    _require_author(actor, inquiry, "oversight.inquiry.raise")
    plenary_ref = clean_text(plenary_ref, field="plenary_ref", max_length=120, required=False)
    with transaction.atomic():
        inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        if inquiry.rating != AnswerRating.UNSATISFACTORY:
            raise Conflict(
                _("Only an answer rated unsatisfactory can be raised at a plenary sitting."),
                code=OversightErrorCode.INVALID_TRANSITION,
                data={"status": inquiry.status, "rating": inquiry.rating},
            )
        _transition(workflow.INQUIRY, inquiry, InquiryStatus.RAISED)
        inquiry.status = InquiryStatus.RAISED
        inquiry.plenary_raised_at = timezone.now()
        inquiry.plenary_ref = plenary_ref
        inquiry.save(update_fields=["status", "plenary_raised_at", "plenary_ref"])
        audit_log(action="oversight.inquiry.raised", actor=actor, obj=inquiry, data={"plenary": plenary_ref})
    return inquiry


def inquiry_withdraw(*, inquiry: Inquiry, actor: Any) -> Inquiry:
    _require_author(actor, inquiry, "oversight.inquiry.withdraw", lead_only=True)
    with transaction.atomic():
        inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        _transition(workflow.INQUIRY, inquiry, InquiryStatus.WITHDRAWN)
        inquiry.status = InquiryStatus.WITHDRAWN
        inquiry.withdrawn_at = timezone.now()
        inquiry.save(update_fields=["status", "withdrawn_at"])
        audit_log(action="oversight.inquiry.withdrawn", actor=actor, obj=inquiry)
    return inquiry


# ---------------------------------------------------------------- government reports


def report_register(
    *,
    slug: str,
    titles: dict[str, str],
    state_body: Organization,
    presented_on: date,
    actor: Any,
    committee: Organization | None = None,
    summaries: dict[str, str] | None = None,
    document_url: str = "",
    bill_ref: str = "",
) -> GovernmentReport:
    """A state body's report to a committee, or to the plenary when no committee is given."""
    require(actor, can_staff_committees, action="oversight.report.register")
    _ensure_classification(state_body, OrganizationClassification.STATE_BODY)
    if committee is not None:
        _ensure_classification(committee, OrganizationClassification.COMMITTEE)
    with transaction.atomic():
        _ensure_slug_free(GovernmentReport, slug)
        report = GovernmentReport(
            slug=slug,
            state_body=state_body,
            committee=committee,
            presented_on=presented_on,
            document_url=document_url,
            bill_ref=bill_ref,
        )
        _set(report, "title", clean_texts(titles, field="title", max_length=300))
        _set(report, "summary", clean_texts(summaries or {}, field="summary", max_length=MAX_TEXT, required=False))
        report.save()
        audit_log(
            action="oversight.report.registered",
            actor=actor,
            obj=report,
            data={"state_body": state_body.slug, "committee": committee.slug if committee else None},
        )
    return report


def report_question_ask(
    *,
    report: GovernmentReport,
    actor: Any,
    text: str,
    language: str,
    asked_by: Person | None = None,
    asked_at: datetime | None = None,
) -> ReportQuestion:
    person = _require_sitting_deputy(actor, "oversight.report.ask")
    asked_by = person or asked_by
    language = _clean_language(language)
    text = clean_text(text, field="text", max_length=MAX_STATEMENT)
    with transaction.atomic():
        report = GovernmentReport.objects.select_for_update().get(pk=report.pk)
        last = report.questions.aggregate(n=Max("position"))["n"] or 0
        question = ReportQuestion(
            report=report, position=last + 1, asked_by=asked_by, asked_at=asked_at or timezone.now()
        )
        set_translations(question, "question", {language: text})
        question.save()
        audit_log(
            action="oversight.report.question_asked", actor=actor, obj=report, data={"question": question.position}
        )
    return question


def report_question_answer(
    *, question: ReportQuestion, actor: Any, text: str, language: str, answered_at: datetime | None = None
) -> ReportQuestion:
    """Only the respondent of the reporting body answers a question on its report."""
    _require_respondent_of(actor, question.report.state_body, "oversight.report.answer")
    language = _clean_language(language)
    text = clean_text(text, field="text", max_length=MAX_TEXT)
    with transaction.atomic():
        question = ReportQuestion.objects.select_for_update().get(pk=question.pk)
        if question.answered_at is not None:
            raise Conflict(_("This question is already answered."), code=OversightErrorCode.INVALID_TRANSITION)
        set_translations(question, "answer", {language: text})
        question.answered_at = answered_at or timezone.now()
        question.answered_by = actor if actor is not SYSTEM else None
        question.save()
        audit_log(
            action="oversight.report.question_answered",
            actor=actor,
            obj=question.report,
            data={"question": question.position},
        )
    return question
