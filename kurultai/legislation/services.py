"""Writes for legislation: bills, versions, stages, amendments, consolidation, acts, consultation.

Every service is keyword-only, checks the actor's role, writes in one transaction with its
audit entry, and raises ``DomainError`` with a stable code (``errors.LegislationErrorCode``).
Stage decisions and published versions are also appended to the public record (the ledger)
in the same transaction. The algorithms (parsing, amendments, consolidation) are the pure
cores in this package; this module only stores and checks.
"""

from __future__ import annotations

import hashlib
import html
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import nh3
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kurultai.accounts.permissions import (
    SYSTEM,
    is_admin,
    is_clerk,
    is_committee_staff,
    is_deputy,
    is_moderator,
    require,
)
from kurultai.common.canonical import canonical_json
from kurultai.common.errors import CommonErrorCode, Conflict, DomainError, PermissionDenied
from kurultai.common.i18n import set_translations
from kurultai.common.ratelimit import check_rate
from kurultai.common.services import audit_log
from kurultai.common.workdays import kazakhstan_calendar
from kurultai.ledger.services import ledger_append
from kurultai.legislation import amend, stages
from kurultai.legislation.akn import AknImportError, parse_akn
from kurultai.legislation.authoring import ParseError, parse, serialise
from kurultai.legislation.errors import LegislationErrorCode as Code
from kurultai.legislation.models import (
    Act,
    ActKind,
    ActVersion,
    Amendment,
    Bill,
    BillType,
    BillVersion,
    Comment,
    CommentReaction,
    CommentStatus,
    Consultation,
    InitiatorKind,
    Outcome,
    ReactionKind,
    Recommendation,
    StageTransition,
    VersionKind,
)
from kurultai.legislation.selectors import document_of
from kurultai.legislation.stages import Stage
from kurultai.legislation.summary import document_readability
from kurultai.legislation.text import Document, TextError, document_from_dict, document_to_dict
from kurultai.registry.models import Organization, OrganizationClassification

can_register = is_clerk | is_admin
can_transition = is_clerk | is_admin
can_publish = is_clerk | is_committee_staff | is_admin
can_write_summary = is_clerk | is_committee_staff | is_admin
can_propose = is_deputy | is_committee_staff
can_decide = is_committee_staff | is_clerk
can_open_consultation = is_clerk | is_admin
can_respond = is_committee_staff | is_clerk
can_moderate = is_moderator | is_admin

REQUIRED_LANGUAGES = ("kk", "ru")
TEXT_LANGUAGES = ("kk", "ru", "en")
DEFAULT_CONSULTATION_DAYS = 10
MAX_CONSULTATION_DAYS = 60
COMMENT_RATE = "20/h"
MAX_COMMENT_LENGTH = 2000
# Amendments are tabled while the committees and the readings work on the text.
AMENDABLE = frozenset({Stage.IN_COMMITTEE, Stage.FIRST_READING, Stage.AMENDMENT_PERIOD, Stage.SECOND_READING})
LEAF_STAGE = "legislation.stage.changed"
LEAF_VERSION = "legislation.version.published"
LEAF_ACT_VERSION = "legislation.act_version.published"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# ---------------------------------------------------------------- helpers


def text_sha256(texts: Mapping[str, object]) -> str:
    """SHA-256 of the canonical JSON of the texts by language (the hash the ledger carries)."""
    return hashlib.sha256(canonical_json({k: v for k, v in texts.items() if v})).hexdigest()


def readability_of(documents: Mapping[str, Document]) -> dict[str, dict[str, object]]:
    """Each text's readability, computed once when a version is stored (the score as text, like every stored number)."""
    result: dict[str, dict[str, object]] = {}
    for lang, document in documents.items():
        r = document_readability(document)
        result[lang] = {"score": f"{r.score:.1f}", "words": r.words}
    return result


def _now(at: datetime | None) -> datetime:
    return at if at is not None else timezone.now()


def _day(at: datetime | None) -> date:
    return timezone.localdate(_now(at))


def _role_of(actor: Any) -> str:
    if actor is SYSTEM:
        return "system"
    for role in ("clerk", "committee_staff", "admin", "deputy", "moderator"):
        if getattr(actor, "has_role", None) and actor.has_role(role):
            return role
    return ""


def _clean_values(values: Mapping[str, str] | None, *, field: str, required: Sequence[str] = ()) -> dict[str, str]:
    cleaned = {lang: str(v).strip() for lang, v in (values or {}).items() if v is not None and str(v).strip()}
    unknown = set(cleaned) - set(TEXT_LANGUAGES)
    if unknown:
        raise DomainError(
            CommonErrorCode.INVALID,
            _("Texts are given in kk, ru or en."),
            status=422,
            data={"field": field, "languages": sorted(unknown)},
        )
    missing = [lang for lang in required if lang not in cleaned]
    if missing:
        raise DomainError(
            Code.TEXT_REQUIRED,
            _("Kazakh and Russian texts are both required."),
            status=422,
            data={"field": field, "missing": missing},
        )
    return cleaned


def _set_values(obj: Any, field: str, values: Mapping[str, str]) -> None:
    for lang in TEXT_LANGUAGES:
        setattr(obj, f"{field}_{lang}", values.get(lang, ""))
    setattr(obj, field, values.get("kk") or next(iter(values.values()), ""))


def _lock_bill(bill: Bill) -> Bill:
    return Bill.objects.select_for_update().get(pk=bill.pk)


def _next_number(rows: Any) -> int:
    return int(rows.aggregate(m=Max("number"))["m"] or 0) + 1


def _check_committee(org: Organization) -> None:
    if org.classification != OrganizationClassification.COMMITTEE:
        raise DomainError(
            Code.NOT_A_COMMITTEE, _("Only a committee can do this."), status=422, data={"organization": org.slug}
        )


def _parse_sources(sources: Mapping[str, str]) -> dict[str, Document]:
    """Each language's authoring text parsed; 422 with the line on a parse error."""
    texts = _clean_values(sources, field="text", required=REQUIRED_LANGUAGES)
    documents: dict[str, Document] = {}
    for lang, source in texts.items():
        try:
            document = parse(source, language=lang)
            document.check()
        except ParseError as exc:
            raise DomainError(
                Code.PARSE_ERROR,
                _("Line %(line)s of the %(language)s text: %(message)s")
                % {"line": exc.line, "language": lang, "message": exc.message},
                status=422,
                data={"language": lang, "line": exc.line, "reason": exc.code, "params": exc.params},
            ) from None
        except TextError as exc:
            raise DomainError(
                Code.PARSE_ERROR, str(exc), status=422, data={"language": lang, "line": 0, "reason": "text_error"}
            ) from None
        if not document.body:
            raise DomainError(
                Code.TEXT_REQUIRED,
                _("The %(language)s text has no articles.") % {"language": lang},
                status=422,
                data={"language": lang},
            )
        documents[lang] = document
    _check_same_structure(documents)
    return documents


def _check_same_structure(documents: Mapping[str, Document]) -> None:
    """The Kazakh and Russian (and English) expressions of one version have the same eIds."""
    reference = documents["kk"].eids()
    for lang, document in documents.items():
        eids = document.eids()
        if eids != reference:
            differing = next((a for a, b in zip(reference, eids, strict=False) if a != b), None)
            if differing is None:
                differing = reference[len(eids)] if len(reference) > len(eids) else eids[len(reference)]
            raise DomainError(
                Code.STRUCTURE_MISMATCH,
                _("The %(language)s text does not have the same provisions as the Kazakh text (first at %(eid)s).")
                % {"language": lang, "eid": differing},
                status=422,
                data={"language": lang, "eid": differing},
            )


def _documents(version: BillVersion | ActVersion) -> dict[str, Document]:
    result = {"kk": document_from_dict(version.text_kk), "ru": document_from_dict(version.text_ru)}
    if version.text_en:
        result["en"] = document_from_dict(version.text_en)
    return result


def _amendments_in(language: str, data: Iterable[object]) -> list[amend.Amendment]:
    result = []
    for i, item in enumerate(data, start=1):
        try:
            result.append(amend.amendment_from_dict(item))
        except amend.AmendmentError as exc:
            raise DomainError(
                Code.INVALID_AMENDMENT,
                str(exc),
                status=422,
                data={"language": language, "index": i, "reason": exc.code},
            ) from None
    return result


def _apply_or_raise(document: Document, ops: Sequence[amend.Amendment], *, language: str, what: str) -> Document:
    """``amend.consolidate`` with its refusals turned into problem documents."""
    try:
        return amend.consolidate(document, ops)
    except amend.ConflictError as exc:
        raise Conflict(
            _("%(count)s conflict(s) between the %(what)s: %(first)s.")
            % {"count": len(exc.conflicts), "what": what, "first": exc.conflicts[0].reason},
            code=Code.AMENDMENT_CONFLICT,
            data={"language": language, "conflicts": [_conflict_data(c) for c in exc.conflicts]},
        ) from None
    except amend.ProvisionNotFound as exc:
        raise DomainError(
            Code.PROVISION_NOT_FOUND,
            _("The text has no provision %(eid)s.") % {"eid": exc.eid},
            status=422,
            data={"eid": exc.eid, "language": language},
        ) from None
    except amend.AmendmentError as exc:
        raise DomainError(
            Code.INVALID_AMENDMENT,
            str(exc),
            status=422,
            data={"language": language, "reason": exc.code, "eid": exc.eid},
        ) from None


def _conflict_data(conflict: amend.Conflict) -> dict[str, Any]:
    return {
        "eid": conflict.eid,
        "first": conflict.first.ref or conflict.first.target,
        "second": conflict.second.ref or conflict.second.target,
        "code": conflict.code,
        "reason": conflict.reason,
    }


def _check_act_changes(act: Act, changes: Mapping[str, Sequence[object]]) -> dict[str, list[dict[str, object]]]:
    """Validate the machine form of an amending bill against the act's latest text."""
    base = ActVersion.objects.filter(act=act).order_by("-valid_from").first()
    if base is None:
        raise Conflict(_("The amended act has no text yet."), code=Code.ACT_NOT_IN_FORCE, data={"act": act.slug})
    documents = _documents(base)
    missing = [lang for lang in REQUIRED_LANGUAGES if not changes.get(lang)]
    if missing:
        raise DomainError(
            Code.TEXT_REQUIRED,
            _("The changes to the act are required in Kazakh and Russian."),
            status=422,
            data={"field": "act_changes", "missing": missing},
        )
    result: dict[str, list[dict[str, object]]] = {}
    for lang, items in changes.items():
        if lang not in documents:
            raise DomainError(
                CommonErrorCode.INVALID, _("The act has no text in this language."), status=422, data={"language": lang}
            )
        ops = _amendments_in(lang, items)
        _apply_or_raise(documents[lang], ops, language=lang, what=_("changes to the act"))
        result[lang] = [amend.amendment_to_dict(op) for op in ops]
    return result


def _ledger_version(version: BillVersion, at: datetime) -> None:
    ledger_append(
        kind=LEAF_VERSION,
        data={
            "bill": version.bill.slug,
            "version": version.number,
            "kind": version.kind,
            "sha256": version.sha256,
            "languages": version.languages,
            "published_on": version.published_on.isoformat(),
        },
        at=at,
    )


def _create_version(
    *,
    bill: Bill,
    documents: Mapping[str, Document],
    sources: Mapping[str, str],
    labels: Mapping[str, str] | None,
    kind: str,
    published_on: date,
    based_on: BillVersion | None,
    act_changes: Mapping[str, Any],
    actor: Any,
    at: datetime,
) -> BillVersion:
    """Store one immutable version, make it current, audit and ledger it (inside a transaction)."""
    texts = {lang: document_to_dict(doc) for lang, doc in documents.items()}
    number = _next_number(BillVersion.objects.filter(bill=bill))
    version = BillVersion(
        bill=bill,
        number=number,
        kind=kind,
        published_on=published_on,
        created_at=at,
        text_kk=texts["kk"],
        text_ru=texts["ru"],
        text_en=texts.get("en"),
        source_kk=sources.get("kk", ""),
        source_ru=sources.get("ru", ""),
        source_en=sources.get("en", ""),
        sha256=text_sha256(texts),
        based_on=based_on,
        act_changes=dict(act_changes),
        readability=readability_of(documents),
    )
    values = _clean_values(labels, field="label")
    if not values:
        values = {"kk": f"{number}-нұсқа", "ru": f"Редакция {number}", "en": f"Version {number}"}
    _set_values(version, "label", values)
    version.save()
    bill.current_version = version
    bill.save(update_fields=["current_version", "updated_at"])
    audit_log(
        action="legislation.version.published",
        actor=actor,
        obj=bill,
        data={"version": number, "kind": kind, "sha256": version.sha256},
    )
    _ledger_version(version, at)
    return version


# ---------------------------------------------------------------- acts


def act_register(
    *,
    slug: str,
    number: str,
    titles: Mapping[str, str],
    adopted_on: date,
    sources: Mapping[str, str],
    valid_from: date,
    kind: str = ActKind.LAW,
    is_demo: bool = False,
    actor: Any,
    at: datetime | None = None,
) -> Act:
    """An act in force with its first text (clerk)."""
    require(actor, can_register, action="legislation.act.register")
    title_values = _clean_values(titles, field="title", required=REQUIRED_LANGUAGES)
    if kind not in ActKind.values:
        raise DomainError(CommonErrorCode.INVALID, _("Unknown kind of act."), status=422, data={"kind": kind})
    documents = _parse_sources(sources)
    moment = _now(at)
    with transaction.atomic():
        if Act.objects.filter(slug=slug).exists():
            raise Conflict(_("An act with this identifier exists."), code=Code.ACT_EXISTS, data={"act": slug})
        act = Act(slug=slug, number=number, kind=kind, adopted_on=adopted_on, is_demo=is_demo, created_at=moment)
        set_translations(act, "title", title_values)
        act.save()
        version = _act_version_create(act=act, documents=documents, valid_from=valid_from, source_bill=None, at=moment)
        audit_log(
            action="legislation.act.registered",
            actor=actor,
            obj=act,
            data={"number": number, "valid_from": valid_from.isoformat(), "sha256": version.sha256},
        )
    return act


def _act_version_create(
    *, act: Act, documents: Mapping[str, Document], valid_from: date, source_bill: Bill | None, at: datetime
) -> ActVersion:
    texts = {lang: document_to_dict(doc) for lang, doc in documents.items()}
    version = ActVersion.objects.create(
        act=act,
        valid_from=valid_from,
        text_kk=texts["kk"],
        text_ru=texts["ru"],
        text_en=texts.get("en"),
        sha256=text_sha256(texts),
        source_bill=source_bill,
        created_at=at,
    )
    ledger_append(
        kind=LEAF_ACT_VERSION,
        data={
            "act": act.slug,
            "valid_from": valid_from.isoformat(),
            "sha256": version.sha256,
            "amended_by": source_bill.slug if source_bill is not None else None,
        },
        at=at,
    )
    return version


def act_amend_on_commencement(*, bill: Bill, commencement: date, actor: Any, at: datetime | None = None) -> ActVersion:
    """The amended act's new consolidated version, in force from ``commencement`` (clerk).

    The bill must be a signed law that amends an act ("laws enter into force upon signature
    by the President", [K15]); its current version's ``act_changes`` are applied to the
    act's latest text. Versions are in date order, so the commencement must come after the
    latest version's date.
    """
    require(actor, can_transition, action="legislation.act.amend")
    moment = _now(at)
    with transaction.atomic():
        bill = _lock_bill(bill)
        if bill.amends_act_id is None:
            raise Conflict(_("This bill does not amend an act."), code=Code.NOT_AN_AMENDING_BILL)
        if bill.stage != Stage.SIGNED:
            raise Conflict(_("Only a signed law can amend an act."), code=Code.NOT_ADOPTED, data={"stage": bill.stage})
        version = bill.current_version
        changes = version.act_changes if version is not None else {}
        if not changes:
            raise Conflict(_("The bill's text carries no changes to the act."), code=Code.NOT_AN_AMENDING_BILL)
        act = Act.objects.select_for_update().get(pk=bill.amends_act_id)
        if ActVersion.objects.filter(act=act, source_bill=bill).exists():
            raise Conflict(_("This law has already amended the act."), code=Code.ACT_ALREADY_AMENDED)
        latest = ActVersion.objects.filter(act=act).order_by("-valid_from").first()
        if latest is None:
            raise Conflict(_("The amended act has no text yet."), code=Code.ACT_NOT_IN_FORCE)
        if latest.valid_from >= commencement:
            raise Conflict(
                _("The act already has a version in force from %(date)s; a new one must start later.")
                % {"date": latest.valid_from.isoformat()},
                code=Code.ACT_VERSION_EXISTS,
                data={"latest": latest.valid_from.isoformat()},
            )
        base = _documents(latest)
        documents = {}
        for lang, document in base.items():
            if lang not in changes:
                continue  # an English text the bill does not amend is not carried forward half-changed
            ops = _amendments_in(lang, changes[lang])
            documents[lang] = _apply_or_raise(document, ops, language=lang, what=_("changes to the act"))
        act_version = _act_version_create(
            act=act, documents=documents, valid_from=commencement, source_bill=bill, at=moment
        )
        audit_log(
            action="legislation.act.amended",
            actor=actor,
            obj=act,
            data={"bill": bill.slug, "valid_from": commencement.isoformat(), "sha256": act_version.sha256},
        )
    return act_version


# ---------------------------------------------------------------- bills


def bill_register(
    *,
    number: int,
    titles: Mapping[str, str],
    initiator_kind: str,
    lead_committee: Organization,
    bill_type: str = BillType.ORDINARY,
    initiator: Mapping[str, str] | None = None,
    co_committees: Sequence[Organization] = (),
    amends_act: Act | None = None,
    priority: bool = False,
    registered_on: date | None = None,
    is_demo: bool = False,
    actor: Any,
    at: datetime | None = None,
) -> Bill:
    """Register a bill (clerk): its number in the year of registration, titles, type, initiator, committees."""
    require(actor, can_register, action="legislation.bill.register")
    title_values = _clean_values(titles, field="title", required=REQUIRED_LANGUAGES)
    initiator_values = _clean_values(initiator, field="initiator")
    if bill_type not in BillType.values:
        raise DomainError(CommonErrorCode.INVALID, _("Unknown type of bill."), status=422, data={"type": bill_type})
    if initiator_kind not in InitiatorKind.values:
        raise DomainError(
            CommonErrorCode.INVALID, _("Unknown initiator."), status=422, data={"initiator_kind": initiator_kind}
        )
    if not isinstance(number, int) or number < 1:
        raise DomainError(CommonErrorCode.INVALID, _("A bill number is a whole number from 1."), status=422)
    _check_committee(lead_committee)
    for org in co_committees:
        _check_committee(org)
    moment = _now(at)
    day = registered_on or _day(at)
    slug = f"{day.year}-{number}"
    with transaction.atomic():
        if Bill.objects.filter(year=day.year, number=number).exists():
            raise Conflict(
                _("Bill %(slug)s is already registered.") % {"slug": slug}, code=Code.BILL_EXISTS, data={"id": slug}
            )
        bill = Bill(
            slug=slug,
            year=day.year,
            number=number,
            bill_type=bill_type,
            initiator_kind=initiator_kind,
            lead_committee=lead_committee,
            registered_on=day,
            priority=priority,
            priority_since=day if priority else None,
            amends_act=amends_act,
            stage=Stage.REGISTERED,
            stage_since=moment,
            is_demo=is_demo,
        )
        set_translations(bill, "title", title_values)
        if initiator_values:
            set_translations(bill, "initiator", initiator_values)
        bill.save()
        bill.co_committees.set([o for o in co_committees if o.pk != lead_committee.pk])
        transition = StageTransition.objects.create(
            bill=bill,
            number=1,
            from_stage="",
            to_stage=Stage.REGISTERED,
            at=moment,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_role=_role_of(actor),
            decision="",
        )
        audit_log(
            action="legislation.bill.registered",
            actor=actor,
            obj=bill,
            data={"type": bill_type, "initiator_kind": initiator_kind, "committee": lead_committee.slug},
        )
        _ledger_stage(bill, transition)
    return bill


def bill_summary_set(*, bill: Bill, summary: Mapping[str, str], actor: Any) -> Bill:
    """The citizen summary in plain words (staff); Kazakh and Russian are needed before the first reading."""
    require(actor, can_write_summary, action="legislation.bill.summary")
    values = _clean_values(summary, field="citizen summary")
    with transaction.atomic():
        bill = _lock_bill(bill)
        _set_values(bill, "citizen_summary", values)
        bill.save()
        audit_log(action="legislation.bill.summary_set", actor=actor, obj=bill, data={"languages": sorted(values)})
    return bill


def bill_priority_set(*, bill: Bill, priority: bool, since: date | None = None, actor: Any) -> Bill:
    """Record the President's declaring a bill priority (or lifting it); it then has two months."""
    require(actor, can_transition, action="legislation.bill.priority")
    with transaction.atomic():
        bill = _lock_bill(bill)
        bill.priority = priority
        bill.priority_since = (since or timezone.localdate()) if priority else None
        bill.save(update_fields=["priority", "priority_since", "updated_at"])
        audit_log(
            action="legislation.bill.priority_set",
            actor=actor,
            obj=bill,
            data={"priority": priority, "since": bill.priority_since.isoformat() if bill.priority_since else None},
        )
    return bill


def _ledger_stage(bill: Bill, transition: StageTransition) -> None:
    ledger_append(
        kind=LEAF_STAGE,
        data={
            "bill": bill.slug,
            "transition": transition.number,
            "from": transition.from_stage or None,
            "to": transition.to_stage,
            "vote_event": transition.vote_event_ref or None,
            "decision": transition.decision or None,
        },
        at=transition.at,
    )


def stage_transition(
    *, bill: Bill, to: str, vote_event_ref: str = "", decision: str = "", actor: Any, at: datetime | None = None
) -> StageTransition:
    """Move a bill to its next stage (clerk), as the transition table allows.

    An illegal transition is a 409 ``illegal_transition`` carrying the allowed ones. A
    transition a plenary vote decides names its vote event; the first reading needs the
    citizen summary in Kazakh and Russian and a published text.
    """
    require(actor, can_transition, action="legislation.stage.transition")
    vote_event_ref = _CONTROL.sub("", vote_event_ref or "").strip()[:200]
    decision = _CONTROL.sub("", decision or "").strip()[:1000]
    if to not in {s.value for s in Stage}:
        raise DomainError(
            Code.UNKNOWN_STAGE,
            _("Unknown stage."),
            status=422,
            data={"requested": str(to)[:40], "stages": [s.value for s in Stage]},
        )
    moment = _now(at)
    with transaction.atomic():
        bill = _lock_bill(bill)
        try:
            target = stages.check(bill.stage, to)
        except stages.IllegalTransition as exc:
            raise Conflict(
                _("A bill in this stage cannot move there."),
                code=Code.ILLEGAL_TRANSITION,
                data={
                    "current": exc.current.value,
                    "requested": exc.requested,
                    "allowed": [s.value for s in exc.allowed],
                },
            ) from None
        if stages.needs_vote(bill.stage, target) and not vote_event_ref:
            raise DomainError(
                Code.VOTE_EVENT_REQUIRED,
                _("This decision is taken by a plenary vote: name the vote event."),
                status=422,
                data={"current": bill.stage, "requested": target.value},
            )
        if target is Stage.FIRST_READING:
            if bill.current_version_id is None:
                raise Conflict(_("Publish the bill's text before the first reading."), code=Code.NO_CURRENT_VERSION)
            missing = [lang for lang in REQUIRED_LANGUAGES if not getattr(bill, f"citizen_summary_{lang}")]
            if missing:
                raise Conflict(
                    _("The citizen summary in Kazakh and Russian is required before the first reading."),
                    code=Code.CITIZEN_SUMMARY_REQUIRED,
                    data={"missing": missing},
                )
        transition = StageTransition.objects.create(
            bill=bill,
            number=_next_number(StageTransition.objects.filter(bill=bill)),
            from_stage=bill.stage,
            to_stage=target,
            at=moment,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_role=_role_of(actor),
            vote_event_ref=vote_event_ref,
            decision=decision,
        )
        bill.stage = target
        bill.stage_since = moment
        bill.save(update_fields=["stage", "stage_since", "updated_at"])
        audit_log(
            action="legislation.stage.changed",
            actor=actor,
            obj=bill,
            data={"from": transition.from_stage, "to": target.value, "vote_event": vote_event_ref},
        )
        _ledger_stage(bill, transition)
    return transition


# ---------------------------------------------------------------- versions


def _check_not_final(bill: Bill) -> None:
    if stages.is_final(bill.stage):
        raise Conflict(
            _("The bill's procedure has ended; its text can no longer change."),
            code=Code.BILL_FINAL,
            data={"stage": bill.stage},
        )


def version_publish(
    *,
    bill: Bill,
    sources: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    published_on: date | None = None,
    act_changes: Mapping[str, Sequence[object]] | None = None,
    actor: Any,
    at: datetime | None = None,
) -> BillVersion:
    """Publish a new version from the authoring text in Kazakh and Russian (and English) (clerk, committee staff).

    A parse error is a 422 ``parse_error`` naming the language and line. For a bill that
    amends an act, ``act_changes`` is the machine form of its changes (checked against the
    act's text); without it the current version's changes carry over.
    """
    require(actor, can_publish, action="legislation.version.publish")
    documents = _parse_sources(sources)
    moment = _now(at)
    with transaction.atomic():
        bill = _lock_bill(bill)
        _check_not_final(bill)
        if act_changes:
            if bill.amends_act is None:
                raise DomainError(
                    Code.NOT_AN_AMENDING_BILL, _("This bill does not amend an act."), status=422, data={"id": bill.slug}
                )
            changes: Mapping[str, Any] = _check_act_changes(bill.amends_act, act_changes)
        else:
            changes = bill.current_version.act_changes if bill.current_version is not None else {}
        return _create_version(
            bill=bill,
            documents=documents,
            sources={lang: sources[lang] for lang in documents},
            labels=labels,
            kind=VersionKind.PUBLISHED,
            published_on=published_on or _day(at),
            based_on=bill.current_version,
            act_changes=changes,
            actor=actor,
            at=moment,
        )


def version_import_akn(
    *,
    bill: Bill,
    files: Mapping[str, bytes],
    labels: Mapping[str, str] | None = None,
    published_on: date | None = None,
    actor: Any,
    at: datetime | None = None,
) -> BillVersion:
    """A new version from valid Akoma Ntoso files, one per language (kk and ru required)."""
    require(actor, can_publish, action="legislation.version.import")
    documents: dict[str, Document] = {}
    for lang, xml in files.items():
        try:
            imported = parse_akn(xml)
        except AknImportError as exc:
            raise DomainError(
                Code.AKN_INVALID,
                str(exc),
                status=422,
                data={"language": lang, "errors": [{"line": e.line, "message": e.message} for e in exc.errors[:50]]},
            ) from None
        if imported.document.language != lang:
            raise DomainError(
                Code.STRUCTURE_MISMATCH,
                _("The file given as %(language)s is in another language.") % {"language": lang},
                status=422,
                data={"language": lang, "found": imported.document.language},
            )
        documents[lang] = imported.document
    missing = [lang for lang in REQUIRED_LANGUAGES if lang not in documents]
    if missing:
        raise DomainError(
            Code.TEXT_REQUIRED, _("Kazakh and Russian files are required."), status=422, data={"missing": missing}
        )
    _check_same_structure(documents)
    moment = _now(at)
    with transaction.atomic():
        bill = _lock_bill(bill)
        _check_not_final(bill)
        sources = {}
        for lang, doc in documents.items():
            try:
                sources[lang] = serialise(doc)
            except TextError:
                sources[lang] = ""  # numbering the authoring format cannot write; the JSON text is kept
        return _create_version(
            bill=bill,
            documents=documents,
            sources=sources,
            labels=labels,
            kind=VersionKind.IMPORTED,
            published_on=published_on or _day(at),
            based_on=bill.current_version,
            act_changes=bill.current_version.act_changes if bill.current_version is not None else {},
            actor=actor,
            at=moment,
        )


# ---------------------------------------------------------------- amendments


def _amendment_ops(
    operations: Mapping[str, object], target_eid: str, documents: Mapping[str, Document]
) -> dict[str, dict[str, object]]:
    """Each language's operation parsed, aimed at ``target_eid`` and applicable on its own."""
    missing = [lang for lang in REQUIRED_LANGUAGES if not operations.get(lang)]
    if missing:
        raise DomainError(
            Code.TEXT_REQUIRED,
            _("The amendment is required in Kazakh and Russian."),
            status=422,
            data={"field": "operations", "missing": missing},
        )
    parsed: dict[str, amend.Amendment] = {}
    for lang, raw in operations.items():
        if lang not in documents:
            raise DomainError(
                CommonErrorCode.INVALID,
                _("The version has no text in this language."),
                status=422,
                data={"language": lang},
            )
        op = _amendments_in(lang, [raw])[0]
        if op.target != target_eid:
            raise DomainError(
                Code.INVALID_AMENDMENT,
                _("Every language's operation must aim at the amendment's provision."),
                status=422,
                data={"language": lang, "target": op.target, "eid": target_eid},
            )
        parsed[lang] = op
    kinds = {type(op) for op in parsed.values()}
    if len(kinds) > 1:
        raise DomainError(
            Code.STRUCTURE_MISMATCH,
            _("The amendment must make the same change in every language."),
            status=422,
            data={"operations": {lang: type(op).__name__.lower() for lang, op in parsed.items()}},
        )
    for lang, op in parsed.items():
        if target_eid not in documents[lang]:
            raise DomainError(
                Code.PROVISION_NOT_FOUND,
                _("The text has no provision %(eid)s.") % {"eid": target_eid},
                status=422,
                data={"eid": target_eid, "language": lang},
            )
        _apply_or_raise(documents[lang], [op], language=lang, what=_("amendments"))
    return {lang: amend.amendment_to_dict(op) for lang, op in parsed.items()}


def amendment_propose(
    *,
    bill: Bill,
    target_eid: str,
    operations: Mapping[str, object],
    justification: Mapping[str, str] | None = None,
    author_committee: Organization | None = None,
    author_person_slug: str = "",
    actor: Any,
    at: datetime | None = None,
) -> Amendment:
    """Table an amendment to one provision of the current version (a deputy, or staff for a committee).

    A target the text does not have is a 422 ``provision_not_found``; so is an operation
    that cannot apply (a provision inserted at the wrong level: ``invalid_amendment``).
    """
    require(actor, can_propose, action="legislation.amendment.propose")
    target_eid = (target_eid or "").strip()
    if actor is not SYSTEM:
        if author_committee is not None and actor.has_role("committee_staff"):
            author_person_slug = ""
        elif actor.has_role("deputy"):
            author_person_slug, author_committee = actor.person_slug, None
        else:
            author_person_slug = ""
    if author_committee is not None:
        _check_committee(author_committee)
    if bool(author_person_slug) == (author_committee is not None):
        raise DomainError(
            Code.AUTHOR_REQUIRED,
            _("An amendment is tabled by one deputy or by one committee."),
            status=422,
            data={"author_committee": author_committee.slug if author_committee else None},
        )
    values = _clean_values(justification, field="justification")
    moment = _now(at)
    with transaction.atomic():
        bill = _lock_bill(bill)
        if bill.stage not in AMENDABLE:
            raise Conflict(
                _("Amendments are tabled from the committee stage to the second reading."),
                code=Code.AMENDMENTS_CLOSED,
                data={"stage": bill.stage, "stages": sorted(s.value for s in AMENDABLE)},
            )
        version = bill.current_version
        if version is None:
            raise Conflict(_("The bill has no published text yet."), code=Code.NO_CURRENT_VERSION)
        ops = _amendment_ops(operations, target_eid, _documents(version))
        amendment = Amendment(
            bill=bill,
            version=version,
            number=_next_number(Amendment.objects.filter(bill=bill)),
            target_eid=target_eid,
            operation=ops,
            author_person_slug=author_person_slug,
            author_committee=author_committee,
            proposed_by=actor if getattr(actor, "is_authenticated", False) else None,
            proposed_at=moment,
        )
        if values:
            _set_values(amendment, "justification", values)
        amendment.save()
        audit_log(
            action="legislation.amendment.proposed",
            actor=actor,
            obj=bill,
            data={"amendment": amendment.number, "version": version.number, "eid": target_eid},
        )
    return amendment


def amendment_decide(
    *,
    amendment: Amendment,
    recommendation: str | None = None,
    recommendation_note: Mapping[str, str] | None = None,
    outcome: str | None = None,
    actor: Any,
    at: datetime | None = None,
) -> Amendment:
    """Record the committee's recommendation and/or the outcome (committee staff, clerk).

    An amendment already applied in a consolidated version keeps its outcome (409).
    """
    require(actor, can_decide, action="legislation.amendment.decide")
    if recommendation is not None and recommendation not in Recommendation.values:
        raise DomainError(CommonErrorCode.INVALID, _("Unknown recommendation."), status=422)
    if outcome is not None and outcome not in Outcome.values:
        raise DomainError(CommonErrorCode.INVALID, _("Unknown outcome."), status=422)
    notes = _clean_values(recommendation_note, field="recommendation note")
    with transaction.atomic():
        amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if amendment.applied_in_id is not None:
            raise Conflict(_("This amendment is already part of a consolidated version."), code=Code.AMENDMENT_DECIDED)
        fields = []
        if recommendation is not None:
            amendment.recommendation = recommendation
            fields.append("recommendation")
        if notes:
            _set_values(amendment, "recommendation_note", notes)
            fields += ["recommendation_note"] + [f"recommendation_note_{lang}" for lang in TEXT_LANGUAGES]
        if outcome is not None:
            amendment.outcome = outcome
            amendment.decided_at = None if outcome == Outcome.PENDING else _now(at)
            fields += ["outcome", "decided_at"]
        if fields:
            amendment.save(update_fields=fields)
        audit_log(
            action="legislation.amendment.decided",
            actor=actor,
            obj=amendment.bill,
            data={
                "amendment": amendment.number,
                "recommendation": amendment.recommendation,
                "outcome": amendment.outcome,
            },
        )
    return amendment


def bill_consolidate(
    *,
    bill: Bill,
    labels: Mapping[str, str] | None = None,
    published_on: date | None = None,
    actor: Any,
    at: datetime | None = None,
) -> BillVersion:
    """Apply the accepted amendments to the current version: a new immutable version.

    Conflicting amendments are refused (409 ``amendment_conflict`` listing each pair), never
    merged; accepted amendments made on an older version must be tabled again (409
    ``amendment_outdated``).
    """
    require(actor, can_publish, action="legislation.bill.consolidate")
    moment = _now(at)
    with transaction.atomic():
        bill = _lock_bill(bill)
        _check_not_final(bill)
        version = bill.current_version
        if version is None:
            raise Conflict(_("The bill has no published text yet."), code=Code.NO_CURRENT_VERSION)
        accepted = list(
            Amendment.objects.filter(bill=bill, outcome=Outcome.ACCEPTED, applied_in__isnull=True).order_by("number")
        )
        if not accepted:
            raise Conflict(_("No accepted amendment waits to be applied."), code=Code.NOTHING_TO_CONSOLIDATE)
        outdated = [a.number for a in accepted if a.version_id != version.pk]
        if outdated:
            raise Conflict(
                _("Some accepted amendments were made on an older version; table them again on the current one."),
                code=Code.AMENDMENT_OUTDATED,
                data={"amendments": outdated, "current_version": version.number},
            )
        documents = _documents(version)
        consolidated: dict[str, Document] = {}
        for lang, document in documents.items():
            ops = []
            for a in accepted:
                if lang in a.operation:
                    op = amend.amendment_from_dict({**a.operation[lang], "ref": str(a.number)})
                    ops.append(op)
            if lang != "en" and len(ops) != len(accepted):
                raise DomainError(Code.TEXT_REQUIRED, _("An amendment lacks a language."), status=422)
            found = amend.conflicts(ops)
            if found:
                raise Conflict(
                    _("%(count)s conflict(s) between accepted amendments; decide which one stands.")
                    % {"count": len(found)},
                    code=Code.AMENDMENT_CONFLICT,
                    data={"language": lang, "conflicts": [_conflict_data(c) for c in found]},
                )
            if lang == "en" and len(ops) != len(accepted):
                continue  # the English text is optional and not carried forward half-amended
            consolidated[lang] = _apply_or_raise(document, ops, language=lang, what=_("accepted amendments"))
        sources = {}
        for lang, doc in consolidated.items():
            try:
                sources[lang] = serialise(doc)
            except TextError:
                sources[lang] = ""
        new = _create_version(
            bill=bill,
            documents=consolidated,
            sources=sources,
            labels=labels,
            kind=VersionKind.CONSOLIDATED,
            published_on=published_on or _day(at),
            based_on=version,
            act_changes=version.act_changes,
            actor=actor,
            at=moment,
        )
        Amendment.objects.filter(pk__in=[a.pk for a in accepted]).update(applied_in=new)
    return new


# ---------------------------------------------------------------- consultation


def consultation_open(
    *,
    version: BillVersion,
    working_days: int = DEFAULT_CONSULTATION_DAYS,
    opened_on: date | None = None,
    actor: Any,
    at: datetime | None = None,
) -> Consultation:
    """Open the current version for citizens' comments for N working days (clerk).

    The last day is the N-th working day after the opening day (the opening day itself is
    not counted, as for every legal term), with Kazakhstan's calendar of holidays and days off.
    """
    require(actor, can_open_consultation, action="legislation.consultation.open")
    if not isinstance(working_days, int) or not 1 <= working_days <= MAX_CONSULTATION_DAYS:
        raise DomainError(
            Code.BAD_TERM,
            _("A consultation lasts from 1 to %(max)s working days.") % {"max": MAX_CONSULTATION_DAYS},
            status=422,
        )
    moment = _now(at)
    start = opened_on or _day(at)
    try:
        closes_on = kazakhstan_calendar().add_working_days(start, working_days)
    except ValueError as exc:
        raise DomainError(Code.BAD_DATE, str(exc), status=422) from None
    with transaction.atomic():
        bill = _lock_bill(version.bill)
        _check_not_final(bill)
        if bill.current_version_id != version.pk:
            raise Conflict(
                _("Only the current version can be opened for comments."),
                code=Code.AMENDMENT_OUTDATED,
                data={"current_version": bill.current_version.number if bill.current_version else None},
            )
        if Consultation.objects.filter(version=version).exists():
            raise Conflict(_("This version has already been opened for comments."), code=Code.CONSULTATION_EXISTS)
        consultation = Consultation.objects.create(
            bill=bill,
            version=version,
            opened_at=moment,
            opened_on=start,
            working_days=working_days,
            closes_on=closes_on,
        )
        audit_log(
            action="legislation.consultation.opened",
            actor=actor,
            obj=bill,
            data={"version": version.number, "opened_on": start.isoformat(), "closes_on": closes_on.isoformat()},
        )
    return consultation


def consultation_respond(
    *, consultation: Consultation, response: Mapping[str, str], actor: Any, at: datetime | None = None
) -> Consultation:
    """Publish the committee's response once the consultation has closed (committee staff, clerk)."""
    require(actor, can_respond, action="legislation.consultation.respond")
    values = _clean_values(response, field="response", required=REQUIRED_LANGUAGES)
    moment = _now(at)
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.is_open(timezone.localdate(moment)):
            raise Conflict(
                _("The consultation is still open; respond after it closes."),
                code=Code.CONSULTATION_OPEN,
                data={"closes_on": consultation.closes_on.isoformat()},
            )
        _set_values(consultation, "response", values)
        consultation.responded_at = moment
        consultation.save()
        audit_log(
            action="legislation.consultation.responded",
            actor=actor,
            obj=consultation.bill,
            data={"version": consultation.version.number},
        )
    return consultation


def _require_verified(actor: Any, action: str) -> None:
    if actor is SYSTEM or not getattr(actor, "is_authenticated", False):
        raise DomainError(
            CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401, data={"action": action}
        )
    if not hasattr(actor, "citizen"):
        raise PermissionDenied(
            _("Only citizens who have verified their account with an IIN can do this."),
            code=Code.NOT_VERIFIED,
            data={"action": action},
        )


def clean_comment_text(text: str) -> str:
    """Plain text: markup removed with nh3 (scripts and styles with their content), control characters dropped."""
    stripped = nh3.clean(text or "", tags=set(), strip_comments=True)
    plain = html.unescape(stripped)
    lines = (" ".join(_CONTROL.sub("", line).split()) for line in plain.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line).strip()


def comment_create(
    *,
    version: BillVersion,
    eid: str,
    text: str,
    actor: Any,
    request: HttpRequest | None = None,
    at: datetime | None = None,
) -> Comment:
    """A verified citizen's comment on one provision of a version open for consultation.

    Not verified: 403 ``not_verified``; the consultation closed (or never opened): 409
    ``consultation_closed``; a provision the version does not have: 422.
    """
    _require_verified(actor, "legislation.comment.create")
    body = clean_comment_text(text)
    if not body:
        raise DomainError(Code.EMPTY_COMMENT, _("Write a comment."), status=422)
    if len(body) > MAX_COMMENT_LENGTH:
        raise DomainError(
            CommonErrorCode.INVALID,
            _("A comment is at most %(n)s characters.") % {"n": MAX_COMMENT_LENGTH},
            status=422,
            data={"max_length": MAX_COMMENT_LENGTH},
        )
    moment = _now(at)
    consultation = Consultation.objects.filter(version=version).first()
    if consultation is None or not consultation.is_open(timezone.localdate(moment)):
        raise Conflict(
            _("This version is not open for comments."),
            code=Code.CONSULTATION_CLOSED,
            data={"closes_on": consultation.closes_on.isoformat() if consultation else None},
        )
    if eid not in (document_of(version, "kk") or Document()):
        raise DomainError(
            Code.PROVISION_NOT_FOUND,
            _("The text has no provision %(eid)s.") % {"eid": eid[:300]},
            status=422,
            data={"eid": eid[:300]},
        )
    if request is not None:
        check_rate(request, group="legislation.comment", rate=COMMENT_RATE)
    with transaction.atomic():
        comment = Comment.objects.create(
            public_id=secrets.token_hex(6),
            consultation=consultation,
            version=version,
            eid=eid,
            author=actor,
            author_region=actor.citizen.region_code,
            text=body,
            created_at=moment,
        )
        audit_log(
            action="legislation.comment.created",
            actor=actor,
            obj=comment,
            data={"bill": version.bill.slug, "version": version.number, "eid": eid},
        )
    return comment


def comment_react(*, comment: Comment, kind: str, actor: Any, at: datetime | None = None) -> str | None:
    """Agree or disagree with a comment (verified citizens); the same reaction again takes it back.

    Returns the actor's reaction after the call (None when taken back).
    """
    _require_verified(actor, "legislation.comment.react")
    if kind not in ReactionKind.values:
        raise DomainError(Code.UNKNOWN_REACTION, _("React with agree or disagree."), status=422)
    moment = _now(at)
    if comment.status != CommentStatus.VISIBLE:
        raise Conflict(_("This comment has been hidden by a moderator."), code=Code.COMMENT_HIDDEN)
    if not comment.consultation.is_open(timezone.localdate(moment)):
        raise Conflict(_("The consultation has closed."), code=Code.CONSULTATION_CLOSED)
    with transaction.atomic():
        existing = CommentReaction.objects.select_for_update().filter(comment=comment, user=actor).first()
        result: str | None
        if existing is not None and existing.kind == kind:
            existing.delete()
            result = None
        elif existing is not None:
            existing.kind = kind
            existing.save(update_fields=["kind"])
            result = kind
        else:
            try:
                with transaction.atomic():
                    CommentReaction.objects.create(comment=comment, user=actor, kind=kind, created_at=moment)
            except IntegrityError:  # a second request of the same person won the race
                CommentReaction.objects.filter(comment=comment, user=actor).update(kind=kind)
            result = kind
        audit_log(action="legislation.comment.reacted", actor=actor, obj=comment, data={"reaction": result})
    return result


def comment_moderate(
    *, comment: Comment, status: str, note: str = "", actor: Any, at: datetime | None = None
) -> Comment:
    """Hide a comment (or show it again) (moderator); the note says why."""
    require(actor, can_moderate, action="legislation.comment.moderate")
    if status not in CommentStatus.values:
        raise DomainError(CommonErrorCode.INVALID, _("Unknown status."), status=422)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.status = status
        comment.moderated_at = _now(at)
        comment.moderation_note = _CONTROL.sub("", note or "").strip()[:300]
        comment.save(update_fields=["status", "moderated_at", "moderation_note"])
        audit_log(
            action="legislation.comment.moderated",
            actor=actor,
            obj=comment,
            data={"status": status, "note": comment.moderation_note},
        )
    return comment
