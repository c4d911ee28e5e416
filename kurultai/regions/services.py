"""Writes for the Council of Regions. Each checks who acts, writes in one transaction, leaves an
audit entry, and reports every status change of an initiative back to its maslikhat."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurultai.accounts.permissions import SYSTEM, is_admin, is_clerk, is_maslikhat_delegate, require
from kurultai.accounts.roles import Role
from kurultai.common.errors import Conflict, DomainError, PermissionDenied
from kurultai.common.i18n import set_translations
from kurultai.common.services import audit_log
from kurultai.oversight.services import clean_text, clean_texts, create_numbered
from kurultai.regions import selectors, workflow
from kurultai.regions.models import (
    BillSubmission,
    CouncilSession,
    InitiativeKind,
    InitiativeStatus,
    InitiativeStatusChange,
    MaslikhatDelegate,
    MaslikhatNotification,
    RegionalInitiative,
    SessionAgendaItem,
    SessionDecision,
    SessionStatus,
)
from kurultai.registry import services as registry
from kurultai.registry.models import (
    Area,
    AreaClassification,
    Membership,
    MembershipRole,
    Organization,
    OrganizationClassification,
    Person,
    Source,
)
from kurultai.registry.selectors import PARLIAMENT_SLUG, current_convocation

can_run_council = is_clerk | is_admin
MAX_TEXT = 20_000

COUNCIL_SLUG = selectors.COUNCIL_SLUG
PEOPLE_COUNCIL_SLUG = selectors.PEOPLE_COUNCIL_SLUG
PEOPLE_COUNCIL_SOURCE = (
    "2026 Constitution: Qazaqstan Halyk Kenesi may submit draft laws to the Kurultai (draft Art. 70-2; Section VI, "
    "Arts. 70-71 of the final text, secondary); up to 126 members appointed by the President [K19]-[K23], "
    "shared/data/law-kurultai.md. The procedure by which it tables a bill was not found."
)


class RegionsErrorCode(StrEnum):
    NOT_A_DELEGATE = "not_a_delegate"
    NOT_A_DELEGATE_ACCOUNT = "not_a_delegate_account"
    NOT_A_MASLIKHAT = "not_a_maslikhat"
    ALREADY_LINKED = "already_linked"
    INVALID_TRANSITION = "invalid_transition"
    INVALID_DECISION = "invalid_decision"
    COMMITTEE_REQUIRED = "committee_required"
    BILL_REF_REQUIRED = "bill_ref_required"
    INVALID_KIND = "invalid_kind"
    SLUG_TAKEN = "slug_taken"


# ---------------------------------------------------------------- institutions


def _genitive_ru(name: str) -> str:
    """«Акмолинская область» → «Акмолинской области»; «область Абай» → «области Абай»."""
    if name.startswith("область "):
        return "области " + name.removeprefix("область ")
    if name.endswith(" область"):
        words = name.removesuffix(" область").split(" ")
        words[-1] = words[-1][:-2] + "ой" if words[-1].endswith("ая") else words[-1]
        return " ".join(words) + " области"
    return name


CITY_GENITIVE_RU = {"Астана": "Астаны"}


def maslikhat_names(area: Area) -> dict[str, str]:
    """Official-style names of a regional or city maslikhat in kk, ru, en."""
    kk, ru, en = area.name_kk or area.name_ru, area.name_ru, area.name_en
    if area.classification == AreaClassification.CITY:
        return {
            "kk": f"{kk} қалалық мәслихаты",
            "ru": f"Маслихат города {CITY_GENITIVE_RU.get(ru, ru)}",
            "en": f"{en} City Maslikhat",
        }
    return {
        "kk": kk.removesuffix(" облысы") + " облыстық мәслихаты",
        "ru": "Маслихат " + _genitive_ru(ru),
        "en": en.removesuffix(" Region") + " Regional Maslikhat",
    }


def maslikhats_ensure(*, actor: Any) -> list[Organization]:
    """The 20 regional-level maslikhats (17 regions, Astana, Almaty, Shymkent); idempotent."""
    require(actor, can_run_council, action="regions.maslikhat.ensure")
    result = []
    with transaction.atomic():
        for area in Area.objects.exclude(classification=AreaClassification.COUNTRY).order_by("identifier"):
            org = Organization.objects.filter(classification=OrganizationClassification.MASLIKHAT, area=area).first()
            if org is None:
                org = registry.organization_create(
                    slug=f"maslikhat-{area.slug}",
                    names=maslikhat_names(area),
                    classification=OrganizationClassification.MASLIKHAT,
                    area=area,
                    actor=actor,
                )
            result.append(org)
    return result


def council_ensure(*, actor: Any) -> Organization:
    """The Council of Regions, an organization of the parliament; idempotent."""
    require(actor, can_run_council, action="regions.council.ensure")
    with transaction.atomic():
        org = Organization.objects.filter(slug=COUNCIL_SLUG).first()
        if org is None:
            org = registry.organization_create(
                slug=COUNCIL_SLUG,
                names={"kk": "Өңірлер кеңесі", "ru": "Совет регионов", "en": "Council of Regions"},
                classification=OrganizationClassification.COUNCIL,
                parent=Organization.objects.get(slug=PARLIAMENT_SLUG),
                actor=actor,
            )
    return org


def people_council_ensure(*, actor: Any) -> Organization:
    """Qazaqstan Halyk Kenesi, with the source of its right to submit bills; idempotent."""
    require(actor, can_run_council, action="regions.people_council.ensure")
    with transaction.atomic():
        org = Organization.objects.filter(slug=PEOPLE_COUNCIL_SLUG).first()
        if org is None:
            org = registry.organization_create(
                slug=PEOPLE_COUNCIL_SLUG,
                names={
                    "kk": "Қазақстан Халық Кеңесі",
                    "ru": "Народный совет Казахстана (Қазақстан Халық Кеңесі)",
                    "en": "Qazaqstan Halyk Kenesi (People's Council of Kazakhstan)",
                },
                classification=OrganizationClassification.PEOPLE_COUNCIL,
                actor=actor,
            )
            set_translations(
                org,
                "description",
                {
                    "kk": "Жоғары консультативтік орган; Құрылтайға заң жобаларын енгізуге құқылы.",
                    "ru": "Высший консультативный орган; вправе вносить проекты законов в Курултай.",
                    "en": "The supreme consultative body; it may submit draft laws to the Kurultai.",
                },
            )
            org.save()
            source, _created = Source.objects.get_or_create(note=PEOPLE_COUNCIL_SOURCE)
            org.sources.add(source)
    return org


def council_member_add(
    *, person: Person, on_behalf_of: Organization, actor: Any, role: str = MembershipRole.MEMBER
) -> Membership:
    """A delegate of a maslikhat or of a public body joins the Council of Regions."""
    require(actor, can_run_council, action="regions.council.member_add")
    council = Organization.objects.get(slug=COUNCIL_SLUG)
    with transaction.atomic():
        membership = registry.membership_create(
            person=person,
            organization=council,
            role=role,
            on_behalf_of=on_behalf_of,
            area=on_behalf_of.area,
            start_date=timezone.localdate(),
            convocation=current_convocation(),
            actor=actor,
        )
    return membership


def delegate_link(*, user: Any, maslikhat: Organization, actor: Any, person: Person | None = None) -> MaslikhatDelegate:
    """Let a maslikhat-delegate account speak for its maslikhat."""
    require(actor, can_run_council, action="regions.delegate.link")
    if maslikhat.classification != OrganizationClassification.MASLIKHAT:
        raise DomainError(RegionsErrorCode.NOT_A_MASLIKHAT, _("This organization is not a maslikhat."), status=422)
    if not user.has_role(Role.MASLIKHAT_DELEGATE):
        raise DomainError(
            RegionsErrorCode.NOT_A_DELEGATE_ACCOUNT,
            _("Only an account with the maslikhat delegate role can speak for a maslikhat."),
            status=422,
        )
    with transaction.atomic():
        if selectors.open_delegate_links().filter(user=user, maslikhat=maslikhat).exists():
            raise Conflict(_("This account already speaks for this maslikhat."), code=RegionsErrorCode.ALREADY_LINKED)
        link = MaslikhatDelegate.objects.create(
            user=user, maslikhat=maslikhat, person=person, start_date=timezone.localdate()
        )
        audit_log(action="regions.delegate.linked", actor=actor, obj=maslikhat, data={"user": user.username})
    return link


# ---------------------------------------------------------------- status changes


def _change(
    initiative: RegionalInitiative,
    to_status: str,
    *,
    actor: Any,
    at: datetime,
    note: str = "",
    session: CouncilSession | None = None,
    from_status: str | None = None,
) -> InitiativeStatusChange:
    """Record a status change and report it back to the maslikhat, in the caller's transaction."""
    previous = initiative.status if from_status is None else from_status
    if from_status is None and not workflow.allowed(previous, to_status):
        raise Conflict(
            _("This cannot be done in the current state (%(status)s).") % {"status": initiative.get_status_display()},
            code=RegionsErrorCode.INVALID_TRANSITION,
            data={"status": previous, "target": to_status},
        )
    initiative.status = to_status
    change = InitiativeStatusChange.objects.create(
        initiative=initiative, from_status=previous, to_status=to_status, note=note, session=session, at=at
    )
    MaslikhatNotification.objects.create(
        maslikhat_id=initiative.maslikhat_id, initiative=initiative, change=change, created_at=at
    )
    audit_log(
        action="regions.initiative.status_changed",
        actor=actor,
        obj=initiative,
        data={"from": previous, "to": to_status, "maslikhat_notified": True},
    )
    return change


def _require_delegate(actor: Any, action: str, maslikhat: Organization | None) -> MaslikhatDelegate | None:
    """The actor's link to the maslikhat they speak for (403 for anyone else); ``None`` for ``SYSTEM``."""
    require(actor, is_maslikhat_delegate, action=action)
    if actor is SYSTEM:
        return None
    links = selectors.open_delegate_links().filter(user=actor).select_related("maslikhat")
    if maslikhat is not None:
        links = links.filter(maslikhat=maslikhat)
    link = links.order_by("start_date", "id").first()
    if link is None:
        raise PermissionDenied(
            _("Only a delegate of a maslikhat can do this."),
            code=RegionsErrorCode.NOT_A_DELEGATE,
            data={"action": action},
        )
    return link


def initiative_submit(
    *,
    actor: Any,
    kind: str,
    title: str,
    text: str,
    language: str,
    bill_ref: str = "",
    maslikhat: Organization | None = None,
    delegate: Person | None = None,
    submitted_at: datetime | None = None,
) -> RegionalInitiative:
    """A maslikhat delegate brings a proposed bill, an amendment or an oversight question to the Council."""
    link = _require_delegate(actor, "regions.initiative.submit", maslikhat)
    if link is not None:
        maslikhat, delegate = link.maslikhat, link.person
    if maslikhat is None or maslikhat.classification != OrganizationClassification.MASLIKHAT:
        raise DomainError(RegionsErrorCode.NOT_A_MASLIKHAT, _("An initiative comes from a maslikhat."), status=422)
    if kind not in InitiativeKind.values:
        raise DomainError(
            RegionsErrorCode.INVALID_KIND, _("Unknown kind of initiative."), status=422, data={"kind": kind}
        )
    texts = clean_texts({language: title}, field="title", max_length=300)
    body = clean_texts({language: text}, field="text", max_length=MAX_TEXT)
    bill_ref = clean_text(bill_ref, field="bill_ref", max_length=120, required=kind == InitiativeKind.AMENDMENT)
    at = submitted_at or timezone.now()
    year = timezone.localdate(at).year

    def build(number: int) -> RegionalInitiative:
        initiative = RegionalInitiative(
            slug=f"ri-{year}-{number:04d}",
            year=year,
            number=number,
            maslikhat=maslikhat,
            area_id=maslikhat.area_id,
            submitted_by=actor if actor is not SYSTEM else None,
            delegate=delegate,
            kind=kind,
            language=language,
            bill_ref=bill_ref,
            submitted_at=at,
        )
        set_translations(initiative, "title", texts)
        set_translations(initiative, "text", body)
        return initiative

    with transaction.atomic():
        initiative = create_numbered(RegionalInitiative, year, build)
        _change(initiative, InitiativeStatus.SUBMITTED, actor=actor, at=at, from_status="")
        audit_log(
            action="regions.initiative.submitted",
            actor=actor,
            obj=initiative,
            data={"maslikhat": maslikhat.slug, "kind": kind},
        )
    return initiative


def initiative_withdraw(*, initiative: RegionalInitiative, actor: Any) -> RegionalInitiative:
    _require_delegate(actor, "regions.initiative.withdraw", initiative.maslikhat)
    with transaction.atomic():
        initiative = RegionalInitiative.objects.select_for_update().get(pk=initiative.pk)
        _change(initiative, InitiativeStatus.WITHDRAWN, actor=actor, at=timezone.now())
        initiative.save(update_fields=["status"])
    return initiative


@dataclass(frozen=True)
class SessionItemIn:
    titles: dict[str, str]
    initiative: RegionalInitiative | None = None


def session_schedule(
    *,
    slug: str,
    number: int,
    titles: dict[str, str],
    starts_at: datetime,
    actor: Any,
    location: str = "",
    agenda: Sequence[SessionItemIn] = (),
    scheduled_at: datetime | None = None,
) -> CouncilSession:
    """Schedule a session; initiatives on its agenda go "on the Council's agenda" (and the maslikhat is told)."""
    require(actor, can_run_council, action="regions.session.schedule")
    with transaction.atomic():
        if CouncilSession.objects.filter(slug=slug).exists():
            raise Conflict(_("This identifier is taken."), code=RegionsErrorCode.SLUG_TAKEN, data={"id": slug})
        session = CouncilSession(
            slug=slug,
            council=Organization.objects.get(slug=COUNCIL_SLUG),
            number=number,
            starts_at=starts_at,
            location=location[:200],
        )
        set_translations(session, "title", clean_texts(titles, field="title", max_length=300))
        session.save()
        for position, item in enumerate(agenda, start=1):
            row = SessionAgendaItem(session=session, position=position, initiative=item.initiative)
            set_translations(row, "title", clean_texts(item.titles, field="agenda", max_length=500))
            row.save()
            if item.initiative is not None:
                _put_on_agenda(item.initiative, session, actor, scheduled_at or timezone.now())
        audit_log(action="regions.session.scheduled", actor=actor, obj=session, data={"agenda": len(agenda)})
    return session


def _put_on_agenda(initiative: RegionalInitiative, session: CouncilSession, actor: Any, at: datetime) -> None:
    initiative = RegionalInitiative.objects.select_for_update().get(pk=initiative.pk)
    _change(initiative, InitiativeStatus.ON_AGENDA, actor=actor, at=at, session=session)
    initiative.session = session
    initiative.save(update_fields=["status", "session"])


def initiative_put_on_agenda(
    *, initiative: RegionalInitiative, session: CouncilSession, titles: dict[str, str] | None, actor: Any
) -> RegionalInitiative:
    require(actor, can_run_council, action="regions.initiative.schedule")
    with transaction.atomic():
        if session.status != SessionStatus.SCHEDULED:
            raise Conflict(_("This session has already been held."), code=RegionsErrorCode.INVALID_TRANSITION)
        last = SessionAgendaItem.objects.filter(session=session).order_by("-position").first()
        row = SessionAgendaItem(session=session, position=(last.position + 1) if last else 1, initiative=initiative)
        set_translations(
            row, "title", clean_texts(titles or {initiative.language: initiative.title}, field="agenda", max_length=500)
        )
        row.save()
        _put_on_agenda(initiative, session, actor, timezone.now())
    return RegionalInitiative.objects.get(pk=initiative.pk)


def initiative_decide(
    *,
    initiative: RegionalInitiative,
    decision: str,
    actor: Any,
    committee: Organization | None = None,
    bill_ref: str = "",
    note: str = "",
    decided_at: datetime | None = None,
) -> RegionalInitiative:
    """The Council's decision: to a committee, become a bill (initiator "regional initiative"), or rejected.

    A committee that took an initiative may later make it a bill: the same call with
    ``decision="became_bill"``. The bill itself is registered by the legislation app; here the
    decision records the bill's identifier.
    """
    require(actor, can_run_council, action="regions.initiative.decide")
    if decision not in workflow.DECISIONS:
        raise DomainError(
            RegionsErrorCode.INVALID_DECISION,
            _("Decide to send the initiative to a committee, make it a bill, or reject it."),
            status=422,
            data={"decision": decision},
        )
    if decision == InitiativeStatus.SENT_TO_COMMITTEE and (
        committee is None or committee.classification != OrganizationClassification.COMMITTEE
    ):
        raise DomainError(RegionsErrorCode.COMMITTEE_REQUIRED, _("Name the committee that takes it up."), status=422)
    bill_ref = clean_text(bill_ref, field="bill_ref", max_length=120, required=False)
    if decision == InitiativeStatus.BECAME_BILL and not bill_ref:
        raise DomainError(
            RegionsErrorCode.BILL_REF_REQUIRED, _("Give the identifier of the bill it became."), status=422
        )
    note = clean_text(note, field="note", max_length=MAX_TEXT, required=False)
    at = decided_at or timezone.now()
    with transaction.atomic():
        initiative = RegionalInitiative.objects.select_for_update().get(pk=initiative.pk)
        _change(initiative, decision, actor=actor, at=at, note=note, session=initiative.session)
        if committee is not None and decision == InitiativeStatus.SENT_TO_COMMITTEE:
            initiative.committee = committee
        if decision == InitiativeStatus.BECAME_BILL:
            initiative.result_bill_ref = bill_ref
        initiative.decided_at = at
        initiative.save(update_fields=["status", "committee", "result_bill_ref", "decided_at"])
        if initiative.session_id is not None:
            last = SessionDecision.objects.filter(session_id=initiative.session_id).order_by("-position").first()
            row = SessionDecision(
                session_id=initiative.session_id, position=(last.position + 1) if last else 1, initiative=initiative
            )
            set_translations(row, "text", {initiative.language: note or initiative.get_status_display()})
            row.save()
        audit_log(
            action="regions.initiative.decided",
            actor=actor,
            obj=initiative,
            data={"decision": decision, "committee": committee.slug if committee else None, "bill": bill_ref},
        )
    return initiative


def session_record(*, session: CouncilSession, minutes: dict[str, str], actor: Any) -> CouncilSession:
    require(actor, can_run_council, action="regions.session.record")
    minutes = clean_texts(minutes, field="minutes", max_length=MAX_TEXT)
    with transaction.atomic():
        session = CouncilSession.objects.select_for_update().get(pk=session.pk)
        if session.status != SessionStatus.SCHEDULED:
            raise Conflict(_("This session has already been held."), code=RegionsErrorCode.INVALID_TRANSITION)
        set_translations(session, "minutes", minutes)
        session.status = SessionStatus.HELD
        session.save()
        audit_log(action="regions.session.held", actor=actor, obj=session)
    return session


def notification_mark_read(*, notification: MaslikhatNotification, actor: Any) -> MaslikhatNotification:
    _require_delegate(actor, "regions.notification.read", notification.maslikhat)
    with transaction.atomic():
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            audit_log(action="regions.notification.read", actor=actor, obj=notification.initiative)
    return notification


# ---------------------------------------------------------------- bills submitted by councils


def bill_submission_record(
    *, organization: Organization, bill_ref: str, titles: dict[str, str], submitted_on: date, actor: Any
) -> BillSubmission:
    """Record a bill the Halyk Kenesi (or another council) submitted; the bill lives in legislation."""
    require(actor, can_run_council, action="regions.bill_submission.record")
    if organization.classification not in (
        OrganizationClassification.PEOPLE_COUNCIL,
        OrganizationClassification.COUNCIL,
    ):
        raise DomainError("not_a_council", _("Only a council submits bills this way."), status=422)
    bill_ref = clean_text(bill_ref, field="bill_ref", max_length=120)
    with transaction.atomic():
        if BillSubmission.objects.filter(organization=organization, bill_ref=bill_ref).exists():
            raise Conflict(_("This bill is already recorded."), code="already_recorded")
        row = BillSubmission(organization=organization, bill_ref=bill_ref, submitted_on=submitted_on)
        set_translations(row, "title", clean_texts(titles, field="title", max_length=300))
        row.save()
        audit_log(
            action="regions.bill_submission.recorded",
            actor=actor,
            obj=organization,
            data={"bill": bill_ref, "initiator": row.initiator},
        )
    return row
