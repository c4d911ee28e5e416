"""Writes of citizen participation. Each one checks who acts, validates, writes in one transaction,
leaves an audit entry, and says no with a ``DomainError``; notices go out after the commit.

Sections: helpers and rules; responders; notifications; appeals; petitions and signatures;
proposals; subscriptions; moderation.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_slug
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kurultai.accounts.identity import ADULT_AGE
from kurultai.accounts.models import CitizenProfile
from kurultai.accounts.permissions import (
    SYSTEM,
    is_admin,
    is_clerk,
    is_moderator,
    require,
)
from kurultai.accounts.roles import Role
from kurultai.common.errors import CommonErrorCode, Conflict, DomainError, NotFound, PermissionDenied
from kurultai.common.models import AuditEntry
from kurultai.common.services import audit_log
from kurultai.common.workdays import kazakhstan_calendar
from kurultai.ledger.services import PendingLeaf, ledger_append, ledger_append_many
from kurultai.participation import images, terms, text, workflow
from kurultai.participation.desk import Job, SigningDesk, commit_batch, settle
from kurultai.participation.errors import ParticipationErrorCode as Code
from kurultai.participation.models import (
    MAX_ANSWER,
    MAX_NOTE,
    MAX_TEXT,
    MAX_TITLE,
    OPEN_APPEAL_STATES,
    SIGNABLE_PETITION_STATES,
    Appeal,
    AppealAddressee,
    AppealAttachment,
    AppealEvent,
    AppealStatus,
    BurstStatus,
    Category,
    ContentKind,
    Delivery,
    EmailState,
    Notification,
    ParticipationRule,
    Petition,
    PetitionAddressee,
    PetitionStatus,
    Proposal,
    ProposalAddressee,
    ProposalComment,
    ProposalStatus,
    ProposalSupport,
    RegistrationCounter,
    RejectionReason,
    Report,
    ReportReason,
    ReportStatus,
    Responder,
    Signature,
    SignatureBurst,
    SignatureInvalidation,
    SignatureTally,
    Subscription,
    SubscriptionKind,
)
from kurultai.participation.rules import DEFAULTS as RULE_DEFAULTS
from kurultai.participation.rules import RuleKey
from kurultai.registry.models import Area, AreaClassification, MembershipRole, Organization, Person
from kurultai.registry.selectors import PARLIAMENT_SLUG, open_memberships

logger = logging.getLogger(__name__)
User = get_user_model()
SIGNATURE_KIND = "participation.signature.added"
INVALIDATION_KIND = "participation.signatures.invalidated"
UNSUBSCRIBE_SALT = "kurultai.participation.unsubscribe"
RULE_CACHE_SECONDS = 30.0
LANGUAGES = ("kk", "ru", "en")

# ---------------------------------------------------------------- helpers and rules


def _now(at: datetime | None = None) -> datetime:
    return at if at is not None else timezone.now()


def _today(at: datetime | None = None) -> date:
    return timezone.localdate(_now(at))


def _language(language: str | None) -> str:
    lang = (language or translation.get_language() or "kk")[:2]
    return lang if lang in LANGUAGES else "kk"


def clean_text(value: str | None, *, field: str, max_length: int, required: bool = True) -> str:
    """Plain text through nh3 (markup and control characters removed), bounded and, if required, not empty."""
    cleaned = text.plain_text(value or "")
    if required and not cleaned:
        raise DomainError(Code.INVALID_TEXT, _("This text must not be empty."), status=422, data={"field": field})
    if len(cleaned) > max_length:
        raise DomainError(
            Code.INVALID_TEXT,
            _("This text is too long: at most %(n)s characters.") % {"n": max_length},
            status=422,
            data={"field": field, "max_length": max_length},
        )
    return cleaned


def _category(value: str) -> str:
    if value not in Category.values:
        raise DomainError(
            Code.INVALID_CATEGORY, _("Choose a category from the list."), status=422, data={"field": "category"}
        )
    return value


def _transition(table: workflow.Transitions, obj: Any, target: str) -> None:
    if not workflow.allowed(table, obj.status, target):
        raise Conflict(
            _("This cannot be done in the current state (%(status)s).") % {"status": obj.get_status_display()},
            code=Code.INVALID_TRANSITION,
            data={"status": obj.status, "target": target},
        )


def _role_of(actor: Any) -> str:
    if actor is SYSTEM:
        return "system"
    for role in ("clerk", "deputy", "committee_staff", "party_operator", "government_respondent", "moderator"):
        if actor.has_role(role):
            return role
    return "citizen"


_rule_cache: dict[str, tuple[float, int]] = {}


def rule_value(key: RuleKey | str) -> int:
    """The administrator's value of a rule, or its default; read at most every 30 s per process."""
    now = time.monotonic()
    hit = _rule_cache.get(str(key))
    if hit is not None and now - hit[0] < RULE_CACHE_SECONDS:
        return hit[1]
    row = ParticipationRule.objects.filter(key=str(key)).values_list("value", flat=True).first()
    value = int(row) if row is not None else RULE_DEFAULTS[str(key)].value
    _rule_cache[str(key)] = (now, value)
    return value


def rule_set(*, key: RuleKey | str, value: int, citation: str, actor: Any) -> ParticipationRule:
    require(actor, is_admin, action="participation.rule.set")
    if str(key) not in RULE_DEFAULTS:
        raise DomainError(CommonErrorCode.INVALID, _("Unknown rule."), status=422, data={"key": str(key)})
    with transaction.atomic():
        rule, _created = ParticipationRule.objects.update_or_create(
            key=str(key), defaults={"value": value, "citation": citation}
        )
        audit_log(action="participation.rule.set", actor=actor, obj=rule, data={"key": str(key), "value": value})
    _rule_cache.pop(str(key), None)
    return rule


def citizen_of(actor: Any) -> CitizenProfile:
    """The verified adult citizen acting, or 401 / 403 with a code saying why not."""
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401)
    profile: CitizenProfile | None = getattr(actor, "citizen", None)
    if profile is None:
        raise PermissionDenied(
            _("Only citizens who have verified their account with an IIN can do this."), code=Code.NOT_VERIFIED
        )
    # Only the birth year is kept; verification checked the full date, so only a citizen who cannot
    # be an adult in any month of this year is refused here (an identity provider may not check age).
    if _today().year - profile.birth_year < ADULT_AGE:
        raise PermissionDenied(_("Only adult citizens can do this."), code=Code.UNDER_AGE)
    return profile


def _random_slug(model: type[models.Model], field: str = "slug", nbytes: int = 6) -> str:
    # Random, so a petition shared "by link only" cannot be found by counting.
    while True:
        slug = secrets.token_hex(nbytes)
        if not model._default_manager.filter(**{field: slug}).exists():
            return slug


# ---------------------------------------------------------------- responders

RESPONDER_ROLES = {
    "committee": Role.COMMITTEE_STAFF,
    "party": Role.PARTY_OPERATOR,
    "state_body": Role.GOVERNMENT_RESPONDENT,
}


def responder_assign(*, user: Any, organization: Organization, actor: Any) -> Responder:
    """Let ``user`` answer for ``organization`` (committee staff, party operators, respondents)."""
    require(actor, is_admin | is_clerk, action="participation.responder.assign")
    role = RESPONDER_ROLES.get(organization.classification)
    if role is not None and not user.has_role(role):
        raise DomainError(
            Code.INVALID_ADDRESSEE,
            _("This account does not have the role needed to answer for this organization."),
            status=422,
            data={"role": str(role), "organization": organization.slug},
        )
    with transaction.atomic():
        existing = Responder.objects.filter(user=user, organization=organization, ended_at__isnull=True).first()
        if existing is not None:
            return existing
        responder = Responder.objects.create(user=user, organization=organization)
        audit_log(
            action="participation.responder.assigned",
            actor=actor,
            obj=organization,
            data={"user": user.username, "organization": organization.slug},
        )
    return responder


def responder_end(*, responder: Responder, actor: Any) -> None:
    require(actor, is_admin | is_clerk, action="participation.responder.end")
    with transaction.atomic():
        Responder.objects.filter(pk=responder.pk, ended_at__isnull=True).update(ended_at=timezone.now())
        audit_log(action="participation.responder.ended", actor=actor, obj=responder.organization)


def responder_org_ids(actor: Any) -> set[int]:
    if not getattr(actor, "is_authenticated", False):
        return set()
    cached: set[int] | None = getattr(actor, "_responder_org_ids", None)
    if cached is None:
        cached = set(
            Responder.objects.filter(user=actor, ended_at__isnull=True).values_list("organization_id", flat=True)
        )
        actor._responder_org_ids = cached
    return cached


def answers_for(actor: Any, organization: Organization) -> bool:
    """Whether ``actor`` answers for ``organization``: an open responder link and the role it needs."""
    if actor is SYSTEM:
        return True
    if organization.pk not in responder_org_ids(actor):
        return False
    role = RESPONDER_ROLES.get(organization.classification)
    return role is None or actor.has_role(role)


def _responders(organization: Organization | None) -> list[Any]:
    if organization is None:
        return []
    users = User.objects.filter(responder_for__organization=organization, responder_for__ended_at__isnull=True)
    role = RESPONDER_ROLES.get(organization.classification)
    if role is not None:
        users = users.filter(groups__name=str(role))
    return list(users.distinct())


def _clerks() -> list[Any]:
    return list(User.objects.filter(groups__name=str(Role.CLERK), is_active=True))


# ---------------------------------------------------------------- notifications


def _email_state(user: Any, delivery: str) -> str:
    if not user.email or delivery == Delivery.NONE:
        return EmailState.NONE
    return EmailState.IMMEDIATE if delivery == Delivery.IMMEDIATE else EmailState.DIGEST


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    params: dict[str, Any],
    url: str = "",
    language: str = "kk",
    delivery: str = Delivery.IMMEDIATE,
) -> list[Notification]:
    """In-app notices (and e-mail when the user has an address) to the people a change concerns.

    Call inside the service's transaction; e-mails go out after the commit, from a background job.
    """
    seen: set[int] = set()
    rows = []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                user=user,
                kind=kind,
                params=params,
                url=url,
                language=language,
                email_state=_email_state(user, delivery),
            )
        )
    created = Notification.objects.bulk_create(rows)
    _email_after_commit(created)
    return created


def followers_notify(
    *,
    targets: Sequence[tuple[str, str]],
    kind: str,
    params: dict[str, Any],
    url: str = "",
    exclude: Iterable[int] = (),
) -> int:
    """Tell the followers of any of ``targets`` ((kind, key) pairs) once each, by their chosen delivery.

    The hook other parts of the platform call when something a citizen can follow changes.
    """
    if not targets:
        return 0
    condition = Q()
    for target_kind, key in targets:
        condition |= Q(kind=target_kind, key=key)
    excluded = set(exclude)
    rows: dict[int, Notification] = {}
    for sub in Subscription.objects.filter(condition).select_related("user").order_by("created_at", "id"):
        if sub.user_id in excluded or sub.user_id in rows or not sub.user.is_active:
            continue
        rows[sub.user_id] = Notification(
            user=sub.user,
            kind=kind,
            params=params,
            url=url,
            language=sub.language,
            subscription=sub,
            email_state=_email_state(sub.user, sub.delivery),
        )
    created = Notification.objects.bulk_create(list(rows.values()))
    _email_after_commit(created)
    return len(created)


def _email_after_commit(notifications: Sequence[Notification]) -> None:
    ids = [n.pk for n in notifications if n.email_state == EmailState.IMMEDIATE and n.pk is not None]
    if ids:
        from kurultai.participation import tasks

        transaction.on_commit(lambda: tasks.notifications_email.enqueue(ids))


def notifications_mark_read(*, user: Any, ids: Sequence[int] | None = None) -> int:
    """Mark the user's notices read (all of them when ``ids`` is None); only their own."""
    if not getattr(user, "is_authenticated", False):
        raise DomainError(CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401)
    with transaction.atomic():
        qs = Notification.objects.filter(user=user, read_at__isnull=True)
        if ids is not None:
            qs = qs.filter(pk__in=list(ids))
        changed = qs.update(read_at=timezone.now())
        if changed:
            audit_log(action="participation.notifications.read", actor=user, data={"count": changed})
    return changed


# ---------------------------------------------------------------- appeals


def _sitting_deputy(slug: str) -> Person:
    deputies = open_memberships().filter(organization__slug=PARLIAMENT_SLUG, role=MembershipRole.DEPUTY)
    person = Person.objects.filter(slug=slug, memberships__in=deputies).distinct().first()
    if person is None:
        raise DomainError(
            Code.INVALID_ADDRESSEE, _("No sitting deputy with this identifier."), status=422, data={"addressee": slug}
        )
    return person


def _organization(slug: str, classification: str) -> Organization:
    org = Organization.objects.filter(slug=slug, classification=classification).first()
    if org is None:
        raise DomainError(
            Code.INVALID_ADDRESSEE,
            _("No addressee of this kind with this identifier."),
            status=422,
            data={"addressee": slug, "kind": classification},
        )
    return org


def appeal_addressee(kind: str, slug: str) -> tuple[Organization | None, Person | None]:
    """(organization, person) an appeal of ``kind`` to ``slug`` goes to; 422 when there is none."""
    if kind == AppealAddressee.PARLIAMENT:
        return _organization(PARLIAMENT_SLUG, "parliament"), None
    if kind == AppealAddressee.COMMITTEE:
        return _organization(slug, "committee"), None
    if kind == AppealAddressee.FACTION:
        return _organization(slug, "faction"), None
    if kind == AppealAddressee.DEPUTY:
        return None, _sitting_deputy(slug)
    raise DomainError(
        Code.INVALID_ADDRESSEE,
        _("An appeal goes to the Kurultai, a committee, a faction or a deputy."),
        status=422,
        data={"kind": kind},
    )


def appeal_handles(actor: Any, appeal: Appeal) -> bool:
    """Whether ``actor`` answers this appeal: the deputy it is addressed to, the staff of the
    committee or faction, or a clerk for appeals to the Kurultai as a whole."""
    if actor is SYSTEM:
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    if appeal.addressee_kind == AppealAddressee.DEPUTY:
        return bool(
            actor.has_role(Role.DEPUTY) and actor.person_slug and actor.person_slug == appeal.addressee_person.slug
        )
    if appeal.addressee_kind == AppealAddressee.PARLIAMENT:
        return bool(actor.has_role(Role.CLERK))
    return appeal.addressee_org is not None and answers_for(actor, appeal.addressee_org)


def _appeal_handlers(appeal: Appeal) -> list[Any]:
    if appeal.addressee_kind == AppealAddressee.DEPUTY:
        return list(
            User.objects.filter(person_slug=appeal.addressee_person.slug, groups__name=str(Role.DEPUTY), is_active=True)
        )
    if appeal.addressee_kind == AppealAddressee.PARLIAMENT:
        return _clerks()
    return _responders(appeal.addressee_org)


def addressee_label(appeal: Appeal | Any) -> str:
    if appeal.addressee_person_id:
        return appeal.addressee_person.name
    return appeal.addressee_org.name if appeal.addressee_org_id else ""


def _event(appeal: Appeal, action: str, actor: Any, note: str = "", at: datetime | None = None) -> None:
    AppealEvent.objects.create(appeal=appeal, action=action, note=note, actor_role=_role_of(actor), at=_now(at))


def _next_number(year: int) -> str:
    # A row per year, locked: numbers are gapless, and appeals are few enough per second for it.
    RegistrationCounter.objects.get_or_create(year=year)
    counter = RegistrationCounter.objects.select_for_update(of=("self",)).get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"A-{year}-{counter.last:06d}"


class CheckedUpload(NamedTuple):
    """An upload that passed the checks: its kind from its bytes, and the content to store
    (images re-encoded, see ``images.reencode``)."""

    name: str
    kind: text.FileKind
    content: File[Any]


def _check_uploads(files: Sequence[UploadedFile]) -> list[CheckedUpload]:
    if len(files) > text.MAX_ATTACHMENTS:
        raise DomainError(
            Code.TOO_MANY_ATTACHMENTS,
            _("At most %(n)s files can be attached.") % {"n": text.MAX_ATTACHMENTS},
            status=422,
            data={"max_files": text.MAX_ATTACHMENTS},
        )
    checked = []
    for upload in files:
        if (upload.size or 0) > text.MAX_ATTACHMENT_BYTES:
            raise DomainError(
                Code.ATTACHMENT_TOO_LARGE,
                _("A file is larger than %(mb)s MB.") % {"mb": text.MAX_ATTACHMENT_BYTES // (1024 * 1024)},
                status=413,
                data={"max_bytes": text.MAX_ATTACHMENT_BYTES},
            )
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        # The kind is read from the bytes; the client's Content-Type and the name's extension are ignored.
        kind = text.sniff(head)
        content: File[Any] = upload
        if kind is not None and kind.content_type in images.FORMATS:
            try:
                content = ContentFile(images.reencode(upload.read(), kind.content_type))
            except images.NotAnImage:
                kind = None
            upload.seek(0)
        if kind is None:
            raise DomainError(
                Code.ATTACHMENT_TYPE,
                _("Only PDF, PNG and JPEG files can be attached."),
                status=415,
                data={"allowed": list(text.ALLOWED_TYPES)},
            )
        checked.append(CheckedUpload(upload.name or "", kind, content))
    return checked


def _store_attachment(appeal: Appeal, upload: CheckedUpload, stored: list[str]) -> AppealAttachment:
    """Write the file, then its row. ``stored`` collects the paths written, for ``_forget_files``."""
    digest = hashlib.sha256()
    for chunk in upload.content.chunks():
        digest.update(chunk)
    upload.content.seek(0)
    stored_name = secrets.token_hex(16) + upload.kind.extension
    attachment = AppealAttachment(
        appeal=appeal,
        stored_name=stored_name,
        name=text.safe_filename(upload.name, upload.kind),
        content_type=upload.kind.content_type,
        size=upload.content.size or 0,
        sha256=digest.hexdigest(),
    )
    path = attachment.file.field.generate_filename(attachment, stored_name)
    stored.append(path)
    try:
        attachment.file.save(stored_name, upload.content, save=False)
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        # The caller's transaction rolls back and the half-written file is removed.
        raise DomainError(
            Code.STORAGE_FULL,
            _("The file store is full, so nothing was saved. Please try again later."),
            status=507,
        ) from None
    attachment.save()
    return attachment


def _forget_files(paths: list[str]) -> None:
    """Remove files written for a transaction that did not commit (a full disk, a crash of the write)."""
    for path in paths:
        try:
            AppealAttachment._meta.get_field("file").storage.delete(path)
        except OSError:
            logger.exception("participation.attachment.cleanup_failed")


def appeal_create(
    *,
    author: Any,
    addressee_kind: str,
    addressee: str = "",
    category: str,
    subject: str,
    body: str,
    consent_to_publish: bool = False,
    files: Sequence[UploadedFile] = (),
    language: str | None = None,
    received_at: datetime | None = None,
) -> Appeal:
    """Register a verified citizen's appeal: a number, deadlines in working days, a receipt.

    Received on a non-working day, it is registered on the next working day; the answer is due
    15 working days after registration and a misdirected appeal is forwarded within 3 (APPC Art. 76).
    """
    citizen = citizen_of(author)
    org, person = appeal_addressee(addressee_kind, addressee)
    subject = clean_text(subject, field="subject", max_length=MAX_TITLE)
    body = clean_text(body, field="text", max_length=MAX_TEXT)
    category = _category(category)
    uploads = _check_uploads(files)
    received = _now(received_at)
    deadlines = terms.appeal_deadlines(_today(received), kazakhstan_calendar())
    stored: list[str] = []
    try:
        appeal = _appeal_write(
            author=author,
            citizen=citizen,
            addressee_kind=addressee_kind,
            org=org,
            person=person,
            category=category,
            subject=subject,
            body=body,
            consent_to_publish=consent_to_publish,
            language=language,
            received=received,
            deadlines=deadlines,
            uploads=uploads,
            stored=stored,
        )
    except BaseException:
        _forget_files(stored)
        raise
    return appeal


def _appeal_write(
    *,
    author: Any,
    citizen: CitizenProfile,
    addressee_kind: str,
    org: Any,
    person: Any,
    category: str,
    subject: str,
    body: str,
    consent_to_publish: bool,
    language: str | None,
    received: datetime,
    deadlines: Any,
    uploads: list[CheckedUpload],
    stored: list[str],
) -> Appeal:
    with transaction.atomic():
        appeal = Appeal.objects.create(
            number=_next_number(deadlines.registered_on.year),
            author=author,
            region_code=citizen.region_code,
            addressee_kind=addressee_kind,
            addressee_org=org,
            addressee_person=person,
            category=category,
            subject=subject,
            text=body,
            text_sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
            consent_to_publish=consent_to_publish,
            language=_language(language),
            received_at=received,
            registered_on=deadlines.registered_on,
            original_due=deadlines.answer_due,
            answer_due=deadlines.answer_due,
            forward_due=deadlines.forward_due,
        )
        for upload in uploads:
            _store_attachment(appeal, upload, stored)
        _event(appeal, "registered", author, at=received)
        audit_log(
            action="participation.appeal.registered",
            actor=author,
            obj=appeal,
            data={"number": appeal.number, "addressee_kind": addressee_kind, "files": len(uploads)},
        )
        params = {"number": appeal.number, "due": deadlines.answer_due.isoformat()}
        url = f"/{appeal.language}/appeals/{appeal.number}/"
        notify(users=[author], kind="appeal.registered", params=params, url=url, language=appeal.language)
        notify(users=_appeal_handlers(appeal), kind="appeal.assigned", params=params, url=url, language=appeal.language)
        _schedule_reminder(appeal)
    return appeal


def appeal_attachment_add(*, appeal: Appeal, actor: Any, upload: UploadedFile) -> AppealAttachment:
    """The author adds a file to an appeal not yet answered (PDF, PNG or JPEG, 5 MB at most)."""
    _require_author(actor, appeal)
    [checked] = _check_uploads([upload])
    stored: list[str] = []
    try:
        return _attachment_write(appeal=appeal, actor=actor, checked=checked, stored=stored)
    except BaseException:
        _forget_files(stored)
        raise


def _attachment_write(*, appeal: Appeal, actor: Any, checked: CheckedUpload, stored: list[str]) -> AppealAttachment:
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        if appeal.status not in (AppealStatus.REGISTERED, AppealStatus.ROUTED, AppealStatus.EXTENDED):
            raise Conflict(
                _("Files can be added only until the appeal is answered."),
                code=Code.INVALID_TRANSITION,
                data={"status": appeal.status},
            )
        if appeal.attachments.count() >= text.MAX_ATTACHMENTS:
            raise DomainError(
                Code.TOO_MANY_ATTACHMENTS,
                _("At most %(n)s files can be attached.") % {"n": text.MAX_ATTACHMENTS},
                status=422,
                data={"max_files": text.MAX_ATTACHMENTS},
            )
        attachment = _store_attachment(appeal, checked, stored)
        _event(appeal, "attachment_added", actor, attachment.name)
        audit_log(
            action="participation.appeal.attachment_added",
            actor=actor,
            obj=appeal,
            data={"number": appeal.number, "sha256": attachment.sha256},
        )
    return attachment


def _schedule_reminder(appeal: Appeal) -> None:
    from kurultai.participation import tasks

    number, due = appeal.number, appeal.answer_due
    transaction.on_commit(lambda: tasks.schedule_appeal_reminder(number, due))
    transaction.on_commit(tasks.ensure_sweep_soon)


def _locked_appeal(appeal: Appeal) -> Appeal:
    return (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("addressee_org", "addressee_person", "author")
        .get(pk=appeal.pk)
    )


def appeal_route(*, appeal: Appeal, actor: Any, addressee_kind: str, addressee: str = "", note: str = "") -> Appeal:
    """A clerk passes the appeal to the competent addressee inside the Kurultai (same deadline)."""
    require(actor, is_clerk, action="participation.appeal.route")
    org, person = appeal_addressee(addressee_kind, addressee)
    note = clean_text(note, field="note", max_length=MAX_NOTE, required=False)
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        if appeal.status != AppealStatus.ROUTED:
            _transition(workflow.APPEAL, appeal, AppealStatus.ROUTED)
        appeal.addressee_kind, appeal.addressee_org, appeal.addressee_person = addressee_kind, org, person
        appeal.status = AppealStatus.ROUTED
        appeal.routed_at = timezone.now()
        appeal.save()
        _event(appeal, "routed", actor, note)
        audit_log(
            action="participation.appeal.routed",
            actor=actor,
            obj=appeal,
            data={"number": appeal.number, "addressee_kind": addressee_kind, "addressee": addressee},
        )
        params = {"number": appeal.number, "addressee": addressee_label(appeal), "due": appeal.answer_due.isoformat()}
        url = f"/{appeal.language}/appeals/{appeal.number}/"
        notify(users=[appeal.author], kind="appeal.routed", params=params, url=url, language=appeal.language)
        notify(users=_appeal_handlers(appeal), kind="appeal.assigned", params=params, url=url, language=appeal.language)
    return appeal


def _require_handler_or_clerk(actor: Any, appeal: Appeal, action: str) -> None:
    if (
        actor is SYSTEM
        or appeal_handles(actor, appeal)
        or (getattr(actor, "is_authenticated", False) and actor.has_role(Role.CLERK))
    ):
        return
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401)
    raise PermissionDenied(
        _("Only the addressee of the appeal or a clerk can do this."), code=Code.NOT_ADDRESSEE, data={"action": action}
    )


def appeal_forward(
    *, appeal: Appeal, actor: Any, to: str, to_org: Organization | None = None, note: str = ""
) -> Appeal:
    """Forward a misdirected appeal to the competent body and tell the citizen at the same time
    (APPC Art. 76: within 3 working days of receipt; a late forwarding is recorded as late)."""
    _require_handler_or_clerk(actor, appeal, "participation.appeal.forward")
    to = clean_text(to or (to_org.name if to_org else ""), field="to", max_length=300)
    note = clean_text(note, field="note", max_length=MAX_NOTE, required=False)
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        _transition(workflow.APPEAL, appeal, AppealStatus.FORWARDED)
        now = timezone.now()
        appeal.status = AppealStatus.FORWARDED
        appeal.forwarded_at = now
        appeal.forwarded_to = to
        appeal.forwarded_to_org = to_org
        appeal.forward_notified_at = now
        appeal.save()
        late = _today(now) > appeal.forward_due
        _event(appeal, "forwarded", actor, to + (f" — {note}" if note else ""))
        audit_log(
            action="participation.appeal.forwarded",
            actor=actor,
            obj=appeal,
            data={"number": appeal.number, "to": to, "late": late},
        )
        notify(
            users=[appeal.author],
            kind="appeal.forwarded",
            params={"number": appeal.number, "to": to},
            url=f"/{appeal.language}/appeals/{appeal.number}/",
            language=appeal.language,
        )
    return appeal


def appeal_extend(*, appeal: Appeal, actor: Any, until: date, reason: str) -> Appeal:
    """Extend the term once, by a reasoned decision, to at most two months from registration;
    the citizen is told at once (the law allows 3 working days, APPC Art. 76)."""
    _require_handler_or_clerk(actor, appeal, "participation.appeal.extend")
    reason = clean_text(reason, field="reason", max_length=MAX_NOTE)
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        if appeal.extended_at is not None:
            raise Conflict(_("The term of an appeal can be extended only once."), code=Code.ALREADY_EXTENDED)
        _transition(workflow.APPEAL, appeal, AppealStatus.EXTENDED)
        today = _today()
        if today > appeal.answer_due:
            raise Conflict(
                _("The answer is already overdue; a term cannot be extended after it has passed."),
                code=Code.DEADLINE_PASSED,
                data={"answer_due": appeal.answer_due.isoformat()},
            )
        limit = terms.extension_limit(appeal.registered_on)
        if not appeal.answer_due < until <= limit:
            raise DomainError(
                Code.INVALID_DATE,
                _("The new term must be after the current one and at most two months from registration (%(limit)s).")
                % {"limit": limit.isoformat()},
                status=422,
                data={"answer_due": appeal.answer_due.isoformat(), "limit": limit.isoformat()},
            )
        now = timezone.now()
        appeal.status = AppealStatus.EXTENDED
        appeal.answer_due = until
        appeal.extended_at = now
        appeal.extension_reason = reason
        appeal.extension_notice_due = kazakhstan_calendar().add_working_days(today, terms.EXTENSION_NOTICE_WORKING_DAYS)
        appeal.extension_notified_at = now
        appeal.save()
        _event(appeal, "extended", actor, reason)
        audit_log(
            action="participation.appeal.extended",
            actor=actor,
            obj=appeal,
            data={"number": appeal.number, "until": until.isoformat()},
        )
        notify(
            users=[appeal.author],
            kind="appeal.extended",
            params={"number": appeal.number, "due": until.isoformat(), "reason": reason},
            url=f"/{appeal.language}/appeals/{appeal.number}/",
            language=appeal.language,
        )
        _schedule_reminder(appeal)
    return appeal


def appeal_answer(*, appeal: Appeal, actor: Any, answer: str, at: datetime | None = None) -> Appeal:
    """The addressee answers (a deputy, the committee's or faction's staff, a clerk for the Kurultai)."""
    if not appeal_handles(actor, appeal):
        if not getattr(actor, "is_authenticated", False):
            raise DomainError(CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401)
        raise PermissionDenied(_("Only the addressee of the appeal can answer it."), code=Code.NOT_ADDRESSEE)
    answer = clean_text(answer, field="answer", max_length=MAX_ANSWER)
    moment = _now(at)
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        _transition(workflow.APPEAL, appeal, AppealStatus.ANSWERED)
        appeal.status = AppealStatus.ANSWERED
        appeal.answer_text = answer
        appeal.answered_at = moment
        appeal.answered_on = _today(moment)
        appeal.answered_by = actor if actor is not SYSTEM else None
        appeal.save()
        on_time = appeal.answered_on <= appeal.answer_due
        _event(appeal, "answered", actor, at=moment)
        audit_log(
            action="participation.appeal.answered",
            actor=actor,
            obj=appeal,
            data={"number": appeal.number, "on_time": on_time},
        )
        url = f"/{appeal.language}/appeals/{appeal.number}/"
        notify(
            users=[appeal.author],
            kind="appeal.answered",
            params={"number": appeal.number},
            url=url,
            language=appeal.language,
        )
        if appeal.consent_to_publish and appeal.addressee_person_id:
            followers_notify(
                targets=[(SubscriptionKind.DEPUTY, appeal.addressee_person.slug)],
                kind="subscription.event",
                params={"target": appeal.addressee_person.name, "text": appeal.subject},
                url="/" + appeal.language + "/appeals/published/",
                exclude=[appeal.author_id],
            )
    return appeal


def appeal_dismiss(*, appeal: Appeal, actor: Any, reason: str) -> Appeal:
    """Leave an appeal without consideration (no essence of the matter, [A2]); the citizen is told why."""
    require(actor, is_clerk, action="participation.appeal.dismiss")
    reason = clean_text(reason, field="reason", max_length=MAX_NOTE)
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        _transition(workflow.APPEAL, appeal, AppealStatus.DISMISSED)
        appeal.status = AppealStatus.DISMISSED
        appeal.dismissal_reason = reason
        appeal.save()
        _event(appeal, "dismissed", actor, reason)
        audit_log(action="participation.appeal.dismissed", actor=actor, obj=appeal, data={"number": appeal.number})
        notify(
            users=[appeal.author],
            kind="appeal.dismissed",
            params={"number": appeal.number, "reason": reason},
            url=f"/{appeal.language}/appeals/{appeal.number}/",
            language=appeal.language,
        )
    return appeal


def appeal_rate(*, appeal: Appeal, actor: Any, rating: int, comment: str = "") -> Appeal:
    """The citizen rates the answer from 1 to 5, once."""
    if actor is SYSTEM or not getattr(actor, "is_authenticated", False) or appeal.author_id != actor.pk:
        raise PermissionDenied(_("Only the author of the appeal can rate its answer."), code=Code.NOT_AUTHOR)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError(Code.INVALID_RATING, _("A rating is a whole number from 1 to 5."), status=422)
    comment = clean_text(comment, field="comment", max_length=MAX_NOTE, required=False)
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        _transition(workflow.APPEAL, appeal, AppealStatus.RATED)
        appeal.status = AppealStatus.RATED
        appeal.rating = rating
        appeal.rating_comment = comment
        appeal.rated_at = timezone.now()
        appeal.save()
        _event(appeal, "rated", actor)
        audit_log(
            action="participation.appeal.rated",
            actor=actor,
            obj=appeal,
            data={"number": appeal.number, "rating": rating},
        )
        notify(
            users=_appeal_handlers(appeal),
            kind="appeal.rated",
            params={"number": appeal.number, "rating": rating},
            url=f"/{appeal.language}/appeals/{appeal.number}/",
            language=appeal.language,
        )
    return appeal


def appeal_remind(*, number: str, due: date, today: date | None = None) -> bool:
    """Remind the addressee that an answer is due soon, once per deadline; False when not needed."""
    today = today or _today()
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update(of=("self",))
            .select_related("addressee_org", "addressee_person")
            .filter(number=number)
            .first()
        )
        if appeal is None or appeal.status not in OPEN_APPEAL_STATES or appeal.answer_due != due:
            return False
        if appeal.reminded_for == due:
            return False
        appeal.reminded_for = due
        appeal.save(update_fields=["reminded_for", "updated_at"])
        days = terms.working_days_left(due, today, kazakhstan_calendar())
        audit_log(action="participation.appeal.reminded", actor=SYSTEM, obj=appeal, data={"number": number})
        notify(
            users=_appeal_handlers(appeal),
            kind="appeal.reminder",
            params={"number": number, "due": due.isoformat(), "days": days},
            url=f"/{appeal.language}/appeals/{number}/",
            language=appeal.language,
        )
    return True


# ---------------------------------------------------------------- petitions


def _petition_addressee(
    kind: str, area: Area | None, district_name: str, district_population: int | None
) -> tuple[terms.PetitionTerm, Organization | None, Area | None]:
    try:
        term = terms.PETITION_TERMS[terms.AddresseeKind(kind)]
    except ValueError:
        raise DomainError(
            Code.INVALID_ADDRESSEE, _("Choose whom the petition is addressed to."), status=422, data={"kind": kind}
        ) from None
    if term.needs_region and (area is None or area.classification == AreaClassification.COUNTRY):
        raise DomainError(
            Code.INVALID_ADDRESSEE, _("Choose the region this petition concerns."), status=422, data={"field": "region"}
        )
    if not term.needs_region:
        area = None
    if term.needs_district:
        if not district_name.strip():
            raise DomainError(
                Code.INVALID_ADDRESSEE, _("Name the city or district."), status=422, data={"field": "district_name"}
            )
        if term.min_population is not None and (district_population or 0) <= term.min_population:
            raise DomainError(
                Code.DISTRICT_TOO_SMALL,
                _("E-petitions to a city or district are for places of more than %(n)s residents.")
                % {"n": term.min_population},
                status=422,
                data={"min_population": term.min_population},
            )
    org: Organization | None = None
    if kind == PetitionAddressee.PARLIAMENT:
        org = Organization.objects.filter(slug=PARLIAMENT_SLUG).first()
    elif kind == PetitionAddressee.GOVERNMENT:
        org = Organization.objects.filter(slug=GOVERNMENT_SLUG).first()
    elif kind == PetitionAddressee.REGIONAL_MASLIKHAT:
        org = Organization.objects.filter(classification="maslikhat", area=area).order_by("slug").first()
    elif kind == PetitionAddressee.REGIONAL_AKIMAT:
        org = (
            Organization.objects.filter(classification="state_body", area=area, slug__startswith="akimat")
            .order_by("slug")
            .first()
        )
    return term, org, area


GOVERNMENT_SLUG = "government-of-kazakhstan"


def _threshold(term: terms.PetitionTerm, area: Area | None) -> int:
    override = (
        rule_value(RuleKey.PARLIAMENT_PETITION_THRESHOLD) if term.kind == terms.AddresseeKind.PARLIAMENT else None
    )
    population = area.population_best if area is not None else None
    try:
        return terms.petition_threshold(term, population, override=override)
    except ValueError:
        raise DomainError(
            Code.POPULATION_UNKNOWN,
            _("The region's population is not known, so the petition's threshold cannot be set."),
            status=422,
            data={"region": area.identifier if area else None},
        ) from None


def petition_create(
    *,
    author: Any,
    title: str,
    body: str,
    category: str,
    addressee_kind: str,
    area: Area | None = None,
    district_name: str = "",
    district_population: int | None = None,
    language: str | None = None,
) -> Petition:
    """A verified citizen drafts a petition; the threshold and term are fixed when it is submitted."""
    citizen_of(author)
    title = clean_text(title, field="title", max_length=MAX_TITLE)
    body = clean_text(body, field="text", max_length=MAX_TEXT)
    category = _category(category)
    district_name = clean_text(district_name, field="district_name", max_length=120, required=False)
    term, org, area = _petition_addressee(addressee_kind, area, district_name, district_population)
    with transaction.atomic():
        petition = Petition.objects.create(
            slug=_random_slug(Petition),
            author=author,
            title=title,
            text=body,
            category=category,
            language=_language(language),
            addressee_kind=addressee_kind,
            area=area,
            addressee_org=org,
            district_name=district_name if term.needs_district else "",
            district_population=district_population if term.needs_district else None,
            threshold=_threshold(term, area),
            threshold_citation=term.citation,
            review_working_days=term.review_working_days,
            signer_salt=secrets.token_hex(32),
        )
        audit_log(action="participation.petition.created", actor=author, obj=petition, data={"kind": addressee_kind})
    return petition


def _require_author(actor: Any, obj: Any) -> None:
    if actor is SYSTEM:
        return
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401)
    if obj.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can do this."), code=Code.NOT_AUTHOR)


def _locked_petition(petition: Petition) -> Petition:
    return (
        Petition.objects.select_for_update(of=("self",))
        .select_related("area", "addressee_org", "author")
        .get(pk=petition.pk)
    )


def petition_submit(*, petition: Petition, actor: Any, at: datetime | None = None) -> Petition:
    """Send the draft to moderation, which has 20 working days (Law "On Public Control")."""
    _require_author(actor, petition)
    moment = _now(at)
    with transaction.atomic():
        petition = _locked_petition(petition)
        _transition(workflow.PETITION, petition, PetitionStatus.MODERATION)
        term = terms.PETITION_TERMS[terms.AddresseeKind(petition.addressee_kind)]
        calendar = kazakhstan_calendar()
        petition.status = PetitionStatus.MODERATION
        petition.submitted_at = moment
        petition.threshold = _threshold(term, petition.area)
        petition.threshold_citation = term.citation
        petition.review_working_days = term.review_working_days
        petition.moderation_due = calendar.add_working_days(
            calendar.next_working_day(_today(moment)), terms.MODERATION_WORKING_DAYS
        )
        petition.save()
        audit_log(
            action="participation.petition.submitted",
            actor=actor,
            obj=petition,
            data={"threshold": petition.threshold, "moderation_due": petition.moderation_due.isoformat()},
        )
        moderators = User.objects.filter(groups__name=str(Role.MODERATOR), is_active=True)
        notify(
            users=moderators,
            kind="petition.submitted",
            params={"title": petition.title, "due": petition.moderation_due.isoformat()},
            url=f"/{petition.language}/moderation/",
            language=petition.language,
            delivery=Delivery.DIGEST,
        )
        from kurultai.participation import tasks

        transaction.on_commit(tasks.ensure_sweep_soon)
    return petition


def petition_moderate(
    *,
    petition: Petition,
    actor: Any,
    approve: bool,
    reason: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Petition:
    """A moderator publishes the petition by link (50 supporters within 10 working days to be listed)
    or rejects it with a reason from the list."""
    require(actor, is_moderator, action="participation.petition.moderate")
    note = clean_text(note, field="note", max_length=MAX_NOTE, required=False)
    if not approve and reason not in RejectionReason.values:
        raise DomainError(
            Code.INVALID_REASON, _("Choose a reason from the list."), status=422, data={"field": "reason"}
        )
    moment = _now(at)
    with transaction.atomic():
        petition = _locked_petition(petition)
        target = PetitionStatus.LINK_ONLY if approve else PetitionStatus.REJECTED
        _transition(workflow.PETITION, petition, target)
        petition.status = target
        petition.moderated_at = moment
        petition.moderated_by = actor if actor is not SYSTEM else None
        url = f"/{petition.language}/petitions/{petition.slug}/"
        if approve:
            calendar = kazakhstan_calendar()
            today = _today(moment)
            term = terms.PETITION_TERMS[terms.AddresseeKind(petition.addressee_kind)]
            petition.published_on = today
            petition.support_due = calendar.add_working_days(
                calendar.next_working_day(today), terms.SUPPORT_WORKING_DAYS
            )
            petition.collect_until = terms.add_months(today, term.collecting_months)
            kind, params = "petition.published", {"title": petition.title, "minimum": terms.SUPPORT_MINIMUM}
        else:
            petition.rejection_reason = reason
            petition.rejection_note = note
            kind = "petition.rejected"
            params = {"title": petition.title, "reason": _label("rejection_reason", reason), "note": note}
        petition.save()
        audit_log(
            action="participation.petition." + ("published" if approve else "rejected"),
            actor=actor,
            obj=petition,
            data={"reason": reason} if not approve else {"support_due": petition.support_due.isoformat()},
        )
        notify(users=[petition.author], kind=kind, params=params, url=url, language=petition.language)
    return petition


def petition_withdraw(*, petition: Petition, actor: Any) -> Petition:
    _require_author(actor, petition)
    with transaction.atomic():
        petition = _locked_petition(petition)
        _transition(workflow.PETITION, petition, PetitionStatus.WITHDRAWN)
        petition.status = PetitionStatus.WITHDRAWN
        petition.closed_at = timezone.now()
        petition.save()
        audit_log(action="participation.petition.withdrawn", actor=actor, obj=petition)
    return petition


def signer_hash(petition: Petition, citizen: CitizenProfile) -> str:
    """The signer as the public record names them: HMAC-SHA256 of the IIN's keyed hash under the
    petition's secret salt. Never an IIN, never an account; and not linkable across petitions."""
    return hmac.new(petition.signer_salt.encode(), citizen.iin_hash.encode(), hashlib.sha256).hexdigest()


class PendingSignature(NamedTuple):
    """What the signing desk needs to write one signature in a batch (``sign_many``)."""

    petition: Petition
    citizen: CitizenProfile
    actor: Any
    moment: datetime
    notify: bool
    network: str
    leaf: dict[str, Any]


SIGN_MANY_SQL = (
    "INSERT INTO participation_signature (petition_id, citizen_id, region_code, signed_at, notify, network, signer) "
    "VALUES {values} ON CONFLICT DO NOTHING RETURNING id, petition_id, citizen_id"
)


def sign_many(batch: list[Job]) -> None:
    """The signing desk's commit: a batch of signatures in one transaction and a few statements.

    One multi-row INSERT stores every signature the unique constraints let in (a second signature
    of the same citizen or signer, already stored or earlier in the batch, is skipped by ``ON
    CONFLICT DO NOTHING`` and answered 409 like an ``IntegrityError``), one INSERT their audit entries, and one
    ledger append their leaves, in order, under the ledger's lock once. Every job's row, audit
    entry and leaf commit together. If the batch fails for any other reason, it is retried one
    signature per savepoint (``desk.commit_batch``), so one bad row cannot fail the others.
    """
    results = _sign_many(batch)
    if results is None:
        commit_batch(batch)
        return
    settle(batch, results)


def _sign_many(batch: list[Job]) -> list[Any] | None:
    """Each job's (signature, leaf) or IntegrityError, committed; None (nothing stored) on another error."""
    pending: list[PendingSignature] = [job.payload for job in batch]
    with transaction.atomic():
        try:
            return _write_many(pending)
        except DatabaseError:
            # Only failures before the commit come here; the transaction is rolled back on leaving.
            transaction.set_rollback(True)
            return None


def _write_many(pending: list[PendingSignature]) -> list[Any]:
    params: list[Any] = []
    for p in pending:
        params += [p.petition.pk, p.citizen.pk, p.citizen.region_code, p.moment, p.notify, p.network, p.leaf["signer"]]
    sql = SIGN_MANY_SQL.format(values=",".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(pending)))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        stored = {(petition_id, citizen_id): pk for pk, petition_id, citizen_id in cursor.fetchall()}
    results: list[Any] = []
    written: list[tuple[int, Signature]] = []
    for i, p in enumerate(pending):
        pk = stored.pop((p.petition.pk, p.citizen.pk), None)
        if pk is None:
            # A second signature (stored before, or earlier in this batch): the constraint said no.
            results.append(IntegrityError("signature_one_per_citizen"))
            continue
        signature = Signature(
            pk=pk,
            petition=p.petition,
            citizen=p.citizen,
            region_code=p.citizen.region_code,
            signed_at=p.moment,
            notify=p.notify,
            network=p.network,
            signer=p.leaf["signer"],
        )
        signature._state.adding = False
        signature._state.db = connection.alias
        results.append(None)
        written.append((i, signature))
    if not written:
        return results
    # The same audit entries audit_log writes, in one INSERT.
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                action=SIGNATURE_KIND,
                actor=pending[i].actor if getattr(pending[i].actor, "is_authenticated", False) else None,
                object_type=Petition._meta.label_lower,
                object_id=pending[i].petition.slug,
                data={"region": pending[i].citizen.region_code},
            )
            for i, _ in written
        ]
    )
    entries = ledger_append_many([PendingLeaf(SIGNATURE_KIND, pending[i].leaf, pending[i].moment) for i, _ in written])
    for (i, signature), entry in zip(written, entries, strict=True):
        results[i] = (signature, entry)
    return results


DESK = SigningDesk(commit=sign_many)
"""The signing desk of this process (group commit, ADR 0004)."""


def petition_sign(
    *,
    petition: Petition,
    actor: Any,
    network: str = "",
    notify_me: bool = False,
    at: datetime | None = None,
) -> Signature:
    """One verified adult citizen signs; the database refuses a second signature (409 with the
    first one's date). The signature and its leaf in the public record commit together.

    Check, then do: the petition row is not locked (it would make every signature of a popular
    petition queue on one row); a signature that races a closing petition is still counted by
    the signature table, which is the truth the background count reads. In a web request the
    write goes through the signing desk (group commit, ``desk.py``).
    """
    citizen = citizen_of(actor)
    if petition.status not in SIGNABLE_PETITION_STATES or petition.hidden_at is not None:
        raise Conflict(
            _("This petition is not collecting signatures."),
            code=Code.NOT_COLLECTING,
            data={"status": petition.status},
        )
    moment = _now(at)
    leaf = {"petition": petition.slug, "signer": signer_hash(petition, citizen), "region": citizen.region_code}

    def write() -> Signature:
        signature = Signature.objects.create(
            petition=petition,
            citizen=citizen,
            region_code=citizen.region_code,
            signed_at=moment,
            notify=notify_me,
            network=network,
            signer=leaf["signer"],
        )
        audit_log(action=SIGNATURE_KIND, actor=actor, obj=petition, data={"region": citizen.region_code})
        return signature

    def record(signature: Signature) -> Any:
        # After the row, so the ledger's one-writer lock is held for as short a time as possible.
        return ledger_append(kind=SIGNATURE_KIND, at=moment, data=leaf)

    try:
        if connection.in_atomic_block:
            # Inside a caller's transaction (the demo, tests, another service): write inline.
            with transaction.atomic():
                signature = write()
                entry = record(signature)
        else:
            # A web request: share a transaction with the other signatures arriving now (desk.py).
            pending = PendingSignature(petition, citizen, actor, moment, notify_me, network, leaf)
            signature, entry = DESK.run(write, record, payload=pending)
    except IntegrityError:
        # The same citizen, or the same person under an account made again after deleting one.
        mine = Signature.objects.filter(petition=petition, signer=leaf["signer"])
        first = mine.values_list("signed_at", flat=True).first()
        if first is None:
            raise
        raise Conflict(
            _("You have already signed this petition."),
            code=Code.ALREADY_SIGNED,
            data={"signed_at": first.isoformat()},
        ) from None
    signature.ledger_index = entry.index
    from kurultai.participation import tasks

    tasks.schedule_recount(petition.pk)
    return signature


def _exact_count(petition: Petition | int) -> int:
    pk = petition.pk if isinstance(petition, Petition) else petition
    return Signature.objects.filter(petition_id=pk, invalidated_at__isnull=True).count()


def _petition_targets(petition: Petition) -> list[tuple[str, str]]:
    targets: list[tuple[str, str]] = [
        (SubscriptionKind.PETITION, petition.slug),
        (SubscriptionKind.TOPIC, petition.category),
    ]
    if petition.area_id:
        targets.append((SubscriptionKind.REGION, petition.area.identifier))
    return targets


def _petition_url(petition: Petition) -> str:
    return f"/{petition.language}/petitions/{petition.slug}/"


def _list_petition(petition: Petition, now: datetime) -> None:
    petition.status = PetitionStatus.LISTED
    petition.listed_at = now
    audit_log(action="participation.petition.listed", actor=SYSTEM, obj=petition)
    params = {"title": petition.title}
    notify(users=[petition.author], kind="petition.listed", params=params, url=_petition_url(petition))
    followers_notify(
        targets=_petition_targets(petition),
        kind="petition.listed",
        params=params,
        url=_petition_url(petition),
        exclude=[petition.author_id],
    )


def _send_petition(petition: Petition, now: datetime) -> None:
    calendar = kazakhstan_calendar()
    petition.status = PetitionStatus.SENT
    petition.sent_at = now
    # Consideration runs from registration by the addressee: the next working day at the latest.
    petition.answer_due = calendar.add_working_days(
        calendar.next_working_day(_today(now)), petition.review_working_days
    )
    audit_log(
        action="participation.petition.sent",
        actor=SYSTEM,
        obj=petition,
        data={"threshold": petition.threshold, "answer_due": petition.answer_due.isoformat()},
    )
    params = {"title": petition.title, "threshold": petition.threshold, "due": petition.answer_due.isoformat()}
    url = _petition_url(petition)
    notify(users=[petition.author], kind="petition.sent", params=params, url=url)
    notify(users=_responders(petition.addressee_org) or _clerks(), kind="petition.addressed", params=params, url=url)
    followers_notify(
        targets=_petition_targets(petition), kind="petition.sent", params=params, url=url, exclude=[petition.author_id]
    )


def petition_recount(*, petition_id: int, now: datetime | None = None) -> Petition | None:
    """The background count: tallies by region from the signature table (one GROUP BY), the total,
    and the transitions it triggers (listed at 50 supporters, sent at the threshold); flags bursts.

    Tallies and an audit entry are written only when the count changed.
    """
    moment = _now(now)
    rows = (
        Signature.objects.filter(petition_id=petition_id, invalidated_at__isnull=True)
        .values_list("region_code")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[str, int] = dict(rows)
    total = sum(counts.values())
    with transaction.atomic():
        petition = (
            Petition.objects.select_for_update(of=("self",))
            .select_related("area", "addressee_org", "author")
            .filter(pk=petition_id)
            .first()
        )
        if petition is None:
            return None
        existing = dict(SignatureTally.objects.filter(petition=petition).values_list("region_code", "count"))
        changed = existing != {k: v for k, v in counts.items() if v} or petition.signature_count != total
        if changed:
            SignatureTally.objects.filter(petition=petition).exclude(region_code__in=list(counts)).delete()
            SignatureTally.objects.bulk_create(
                [
                    SignatureTally(petition=petition, region_code=r, count=n, counted_at=moment)
                    for r, n in counts.items()
                ],
                update_conflicts=True,
                unique_fields=["petition", "region_code"],
                update_fields=["count", "counted_at"],
            )
            audit_log(action="participation.petition.counted", actor=SYSTEM, obj=petition, data={"count": total})
        petition.signature_count = total
        petition.counted_at = moment
        if petition.status == PetitionStatus.LINK_ONLY and total >= terms.SUPPORT_MINIMUM:
            _list_petition(petition, moment)
        if petition.status == PetitionStatus.LISTED and total >= petition.threshold:
            _send_petition(petition, moment)
        petition.save()
        _flag_bursts(petition, moment)
    return petition


def _flag_bursts(petition: Petition, now: datetime) -> None:
    window = timedelta(minutes=rule_value(RuleKey.BURST_WINDOW_MINUTES))
    limit = rule_value(RuleKey.BURST_SIGNATURES)
    rows = (
        Signature.objects.filter(petition=petition, signed_at__gte=now - window, invalidated_at__isnull=True)
        .exclude(network="")
        .values("network")
        .annotate(n=Count("id"), first=Min("signed_at"), last=Max("signed_at"))
        .filter(n__gte=limit)
        .order_by()
    )
    # A moderator's decision on a network stands for the window: a dismissed flag is not raised again.
    settled = set(
        SignatureBurst.objects.filter(petition=petition, resolved_at__gte=now - window)
        .exclude(status=BurstStatus.OPEN)
        .values_list("network", flat=True)
    )
    for row in rows:
        if row["network"] in settled:
            continue
        burst = SignatureBurst.objects.filter(
            petition=petition, network=row["network"], status=BurstStatus.OPEN
        ).first()
        if burst is None:
            burst = SignatureBurst.objects.create(
                petition=petition, network=row["network"], first_at=row["first"], last_at=row["last"], count=row["n"]
            )
            audit_log(
                action="participation.signatures.burst_flagged",
                actor=SYSTEM,
                obj=petition,
                data={"network": row["network"], "count": row["n"]},
            )
        elif row["n"] > burst.count or row["last"] > burst.last_at:
            burst.first_at = min(burst.first_at, row["first"])
            burst.last_at = max(burst.last_at, row["last"])
            burst.count = max(burst.count, row["n"])
            burst.save(update_fields=["first_at", "last_at", "count"])


def petitions_sweep(*, today: date | None = None, now: datetime | None = None) -> dict[str, int]:
    """Daily: petitions that missed their 50 first supporters, and collecting windows that closed."""
    moment = _now(now)
    today = today or _today(moment)
    done = {"not_supported": 0, "listed": 0, "closed": 0, "sent": 0}
    for pk in Petition.objects.filter(status=PetitionStatus.LINK_ONLY, support_due__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            petition = Petition.objects.select_for_update(of=("self",)).select_related("author", "area").get(pk=pk)
            if petition.status != PetitionStatus.LINK_ONLY:
                continue
            if _exact_count(petition) >= terms.SUPPORT_MINIMUM:
                _list_petition(petition, moment)
                done["listed"] += 1
            else:
                petition.status = PetitionStatus.NOT_SUPPORTED
                petition.closed_at = moment
                audit_log(action="participation.petition.not_supported", actor=SYSTEM, obj=petition)
                notify(
                    users=[petition.author],
                    kind="petition.not_supported",
                    params={"title": petition.title, "minimum": terms.SUPPORT_MINIMUM},
                    url=_petition_url(petition),
                )
                done["not_supported"] += 1
            petition.save()
    for pk in Petition.objects.filter(status=PetitionStatus.LISTED, collect_until__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            petition = (
                Petition.objects.select_for_update(of=("self",))
                .select_related("author", "area", "addressee_org")
                .get(pk=pk)
            )
            if petition.status != PetitionStatus.LISTED:
                continue
            count = _exact_count(petition)
            if count >= petition.threshold:
                _send_petition(petition, moment)
                done["sent"] += 1
            else:
                petition.status = PetitionStatus.CLOSED
                petition.closed_at = moment
                audit_log(action="participation.petition.closed", actor=SYSTEM, obj=petition, data={"count": count})
                params = {"title": petition.title, "count": count, "threshold": petition.threshold}
                notify(users=[petition.author], kind="petition.closed", params=params, url=_petition_url(petition))
                done["closed"] += 1
            petition.save()
    return done


def petition_answers(actor: Any, petition: Petition) -> bool:
    """Whether ``actor`` records the addressee's answer: its responders on the platform, or a clerk
    recording an answer the addressee sent outside the platform."""
    if actor is SYSTEM:
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.has_role(Role.CLERK):
        return True
    return petition.addressee_org is not None and answers_for(actor, petition.addressee_org)


def petition_answer(*, petition: Petition, actor: Any, answer: str, at: datetime | None = None) -> Petition:
    """The addressee's answer is published; the author, followers and signers who asked are told."""
    if not petition_answers(actor, petition):
        if not getattr(actor, "is_authenticated", False):
            raise DomainError(CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401)
        raise PermissionDenied(_("Only the addressee of the petition can answer it."), code=Code.NOT_ADDRESSEE)
    answer = clean_text(answer, field="answer", max_length=MAX_ANSWER)
    moment = _now(at)
    with transaction.atomic():
        petition = _locked_petition(petition)
        _transition(workflow.PETITION, petition, PetitionStatus.ANSWERED)
        petition.status = PetitionStatus.ANSWERED
        petition.answer_text = answer
        petition.answered_at = moment
        petition.answered_on = _today(moment)
        petition.answered_by = actor if actor is not SYSTEM else None
        petition.save()
        audit_log(
            action="participation.petition.answered",
            actor=actor,
            obj=petition,
            data={"on_time": petition.answered_on <= petition.answer_due if petition.answer_due else None},
        )
        params = {"title": petition.title}
        url = _petition_url(petition)
        notify(users=[petition.author], kind="petition.answered", params=params, url=url, language=petition.language)
        followers_notify(
            targets=_petition_targets(petition),
            kind="petition.answered",
            params=params,
            url=url,
            exclude=[petition.author_id],
        )
        from kurultai.participation import tasks

        pk = petition.pk
        transaction.on_commit(lambda: tasks.petition_notify_signers.enqueue(pk))
    return petition


def petition_notify_signers(*, petition_id: int, chunk: int = 2000) -> int:
    """Tell the signers who opted in that the petition was answered (in chunks; the background job)."""
    petition = Petition.objects.filter(pk=petition_id, status=PetitionStatus.ANSWERED).first()
    if petition is None:
        return 0
    already = set(
        Notification.objects.filter(kind="petition.answered", url=_petition_url(petition)).values_list(
            "user_id", flat=True
        )
    )
    signer_ids = list(
        Signature.objects.filter(petition=petition, notify=True, invalidated_at__isnull=True)
        .values_list("citizen__user_id", flat=True)
        .order_by("citizen__user_id")
    )
    todo = [pk for pk in signer_ids if pk not in already]
    sent = 0
    for start in range(0, len(todo), chunk):
        users = list(User.objects.filter(pk__in=todo[start : start + chunk], is_active=True))
        with transaction.atomic():
            sent += len(
                notify(
                    users=users,
                    kind="petition.answered",
                    params={"title": petition.title},
                    url=_petition_url(petition),
                    language=petition.language,
                    delivery=Delivery.DIGEST,
                )
            )
            audit_log(
                action="participation.petition.signers_notified", actor=SYSTEM, obj=petition, data={"count": len(users)}
            )
    return sent


def signatures_invalidate(
    *,
    petition: Petition,
    actor: Any,
    reason: str,
    network: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> SignatureInvalidation:
    """Invalidate the signatures of a petition from one network (and/or a time window) in bulk.

    The rows stay (the count is always derivable): they are marked, the invalidation is recorded
    with an audit entry and a leaf in the public record, and the count is redone.
    """
    require(actor, is_moderator, action="participation.signatures.invalidate")
    reason = clean_text(reason, field="reason", max_length=MAX_NOTE)
    if not network and since is None and until is None:
        raise DomainError(
            Code.INVALID_NETWORK,
            _("Name a network or a time window to invalidate."),
            status=422,
            data={"field": "network"},
        )
    moment = timezone.now()
    with transaction.atomic():
        petition = _locked_petition(petition)
        qs = Signature.objects.filter(petition=petition, invalidated_at__isnull=True)
        if network:
            qs = qs.filter(network=network)
        if since is not None:
            qs = qs.filter(signed_at__gte=since)
        if until is not None:
            qs = qs.filter(signed_at__lte=until)
        bounds = qs.aggregate(first=Min("signed_at"), last=Max("signed_at"))
        invalidation = SignatureInvalidation.objects.create(
            petition=petition,
            network=network,
            since=since or bounds["first"] or moment,
            until=until or bounds["last"] or moment,
            count=0,
            reason=reason,
            actor=actor if actor is not SYSTEM else None,
        )
        count = qs.update(invalidated_at=moment, invalidation=invalidation)
        invalidation.count = count
        invalidation.save(update_fields=["count"])
        SignatureBurst.objects.filter(petition=petition, network=network, status=BurstStatus.OPEN).update(
            status=BurstStatus.INVALIDATED, resolved_at=moment
        )
        audit_log(
            action=INVALIDATION_KIND,
            actor=actor,
            obj=petition,
            data={"count": count, "network": network, "reason": reason},
        )
        ledger_append(
            kind=INVALIDATION_KIND, at=moment, data={"petition": petition.slug, "count": count, "reason": reason}
        )
        from kurultai.participation import tasks

        pk = petition.pk
        transaction.on_commit(lambda: tasks.petition_recount.enqueue(pk))
    return invalidation


def burst_dismiss(*, burst: SignatureBurst, actor: Any) -> SignatureBurst:
    require(actor, is_moderator, action="participation.burst.dismiss")
    with transaction.atomic():
        burst = SignatureBurst.objects.select_for_update(of=("self",)).get(pk=burst.pk)
        if burst.status != BurstStatus.OPEN:
            raise Conflict(_("This flag is already resolved."), code=Code.INVALID_TRANSITION)
        burst.status = BurstStatus.DISMISSED
        burst.resolved_at = timezone.now()
        burst.save(update_fields=["status", "resolved_at"])
        audit_log(
            action="participation.signatures.burst_dismissed",
            actor=actor,
            obj=burst.petition,
            data={"network": burst.network},
        )
    return burst


# ---------------------------------------------------------------- proposals


def proposal_addressee(kind: str, slug: str) -> Organization:
    if kind == ProposalAddressee.PARLIAMENT:
        return _organization(PARLIAMENT_SLUG, "parliament")
    if kind == ProposalAddressee.COMMITTEE:
        return _organization(slug, "committee")
    if kind == ProposalAddressee.PARTY:
        return _organization(slug, "party")
    raise DomainError(
        Code.INVALID_ADDRESSEE,
        _("A proposal goes to the Kurultai, a committee or a party."),
        status=422,
        data={"kind": kind},
    )


def proposal_handles(actor: Any, proposal: Proposal) -> bool:
    """Clerks for the Kurultai; the committee's staff; the party's reception operators."""
    if actor is SYSTEM:
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    if proposal.addressee_kind == ProposalAddressee.PARLIAMENT:
        return bool(actor.has_role(Role.CLERK))
    return answers_for(actor, proposal.addressee_org)


def proposal_create(
    *,
    author: Any,
    addressee_kind: str,
    addressee: str = "",
    category: str,
    title: str,
    body: str,
    language: str | None = None,
) -> Proposal:
    citizen = citizen_of(author)
    org = proposal_addressee(addressee_kind, addressee)
    title = clean_text(title, field="title", max_length=MAX_TITLE)
    body = clean_text(body, field="text", max_length=MAX_TEXT)
    category = _category(category)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            slug=_random_slug(Proposal),
            author=author,
            addressee_kind=addressee_kind,
            addressee_org=org,
            category=category,
            title=title,
            text=body,
            language=_language(language),
            region_code=citizen.region_code,
        )
        audit_log(
            action="participation.proposal.created",
            actor=author,
            obj=proposal,
            data={"addressee": org.slug, "category": category},
        )
        url = f"/{proposal.language}/proposals/{proposal.slug}/"
        params = {"title": title, "addressee": org.name}
        handlers = _clerks() if addressee_kind == ProposalAddressee.PARLIAMENT else _responders(org)
        notify(users=handlers, kind="proposal.created", params=params, url=url, delivery=Delivery.DIGEST)
        targets = [(SubscriptionKind.TOPIC, category)]
        if addressee_kind == ProposalAddressee.COMMITTEE:
            targets.append((SubscriptionKind.COMMITTEE, org.slug))
        followers_notify(targets=targets, kind="proposal.created", params=params, url=url, exclude=[author.pk])
    return proposal


def _visible_proposal(proposal: Proposal) -> None:
    if proposal.hidden_at is not None or proposal.status == ProposalStatus.WITHDRAWN:
        raise Conflict(_("This proposal is closed."), code=Code.INVALID_TRANSITION, data={"status": proposal.status})


def proposal_support(*, proposal: Proposal, actor: Any) -> ProposalSupport:
    citizen_of(actor)
    _visible_proposal(proposal)
    try:
        with transaction.atomic():
            support = ProposalSupport.objects.create(proposal=proposal, user=actor)
            audit_log(action="participation.proposal.supported", actor=actor, obj=proposal)
    except IntegrityError:
        first = (
            ProposalSupport.objects.filter(proposal=proposal, user=actor).values_list("created_at", flat=True).first()
        )
        raise Conflict(
            _("You already support this proposal."),
            code=Code.ALREADY_SUPPORTED,
            data={"supported_at": first.isoformat() if first else None},
        ) from None
    return support


def proposal_comment(*, proposal: Proposal, actor: Any, body: str) -> ProposalComment:
    citizen_of(actor)
    _visible_proposal(proposal)
    body = clean_text(body, field="text", max_length=MAX_NOTE)
    with transaction.atomic():
        comment = ProposalComment.objects.create(
            ref=_random_slug(ProposalComment, "ref", 5), proposal=proposal, author=actor, text=body
        )
        audit_log(action="participation.proposal.commented", actor=actor, obj=proposal, data={"comment": comment.ref})
        if proposal.author_id != actor.pk:
            notify(
                users=[proposal.author],
                kind="proposal.comment",
                params={"title": proposal.title},
                url=f"/{proposal.language}/proposals/{proposal.slug}/",
                language=proposal.language,
                delivery=Delivery.DIGEST,
            )
    return comment


def _require_proposal_handler(actor: Any, proposal: Proposal, action: str) -> None:
    if proposal_handles(actor, proposal):
        return
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401)
    raise PermissionDenied(
        _("Only the addressee's staff can do this."), code=Code.NOT_ADDRESSEE, data={"action": action}
    )


def proposal_review(*, proposal: Proposal, actor: Any) -> Proposal:
    _require_proposal_handler(actor, proposal, "participation.proposal.review")
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("addressee_org", "author")
            .get(pk=proposal.pk)
        )
        _transition(workflow.PROPOSAL, proposal, ProposalStatus.UNDER_REVIEW)
        proposal.status = ProposalStatus.UNDER_REVIEW
        proposal.reviewed_at = timezone.now()
        proposal.save()
        audit_log(action="participation.proposal.under_review", actor=actor, obj=proposal)
        notify(
            users=[proposal.author],
            kind="proposal.review",
            params={"title": proposal.title},
            url=f"/{proposal.language}/proposals/{proposal.slug}/",
            language=proposal.language,
        )
    return proposal


def proposal_answer(*, proposal: Proposal, actor: Any, answer: str) -> Proposal:
    _require_proposal_handler(actor, proposal, "participation.proposal.answer")
    answer = clean_text(answer, field="answer", max_length=MAX_ANSWER)
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("addressee_org", "author")
            .get(pk=proposal.pk)
        )
        _transition(workflow.PROPOSAL, proposal, ProposalStatus.ANSWERED)
        proposal.status = ProposalStatus.ANSWERED
        proposal.answer_text = answer
        proposal.answered_at = timezone.now()
        proposal.answered_by = actor if actor is not SYSTEM else None
        proposal.save()
        audit_log(action="participation.proposal.answered", actor=actor, obj=proposal)
        url = f"/{proposal.language}/proposals/{proposal.slug}/"
        params = {"title": proposal.title}
        notify(users=[proposal.author], kind="proposal.answered", params=params, url=url, language=proposal.language)
        supporters = User.objects.filter(pk__in=proposal.supports.values("user_id")).exclude(pk=proposal.author_id)
        notify(users=supporters, kind="proposal.answered", params=params, url=url, delivery=Delivery.DIGEST)
        targets = [(SubscriptionKind.TOPIC, proposal.category)]
        if proposal.addressee_kind == ProposalAddressee.COMMITTEE:
            targets.append((SubscriptionKind.COMMITTEE, proposal.addressee_org.slug))
        followers_notify(
            targets=targets, kind="proposal.answered", params=params, url=url, exclude=[proposal.author_id]
        )
    return proposal


def proposal_withdraw(*, proposal: Proposal, actor: Any) -> Proposal:
    _require_author(actor, proposal)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        _transition(workflow.PROPOSAL, proposal, ProposalStatus.WITHDRAWN)
        proposal.status = ProposalStatus.WITHDRAWN
        proposal.save()
        audit_log(action="participation.proposal.withdrawn", actor=actor, obj=proposal)
    return proposal


# ---------------------------------------------------------------- subscriptions


def subscription_target(kind: str, key: str) -> tuple[str, str]:
    """The normalised key of what is followed, and its name; 422 when there is no such thing.

    Bills belong to the legislation app, which participation does not read: a bill is followed
    by its identifier, checked for form only, and its news comes through ``followers_notify``.
    """
    key = (key or "").strip()
    invalid = DomainError(
        Code.INVALID_SUBSCRIPTION,
        _("There is nothing to follow with this identifier."),
        status=422,
        data={"key": key[:60]},
    )
    if kind == SubscriptionKind.BILL:
        try:
            validate_slug(key)
        except Exception:
            raise invalid from None
        if len(key) > 120:
            raise invalid
        return key, key
    if kind == SubscriptionKind.COMMITTEE:
        org = Organization.objects.filter(slug=key, classification="committee").first()
        if org is None:
            raise invalid
        return org.slug, org.name
    if kind == SubscriptionKind.DEPUTY:
        person = Person.objects.filter(slug=key).first()
        if person is None:
            raise invalid
        return person.slug, person.name
    if kind == SubscriptionKind.PETITION:
        from kurultai.participation.models import LINKED_PETITION_STATES

        petition = Petition.objects.filter(slug=key, status__in=LINKED_PETITION_STATES, hidden_at__isnull=True).first()
        if petition is None:
            raise invalid
        return petition.slug, petition.title
    if kind == SubscriptionKind.REGION:
        area = (
            Area.objects.filter(Q(identifier=key) | Q(slug=key))
            .exclude(classification=AreaClassification.COUNTRY)
            .first()
        )
        if area is None:
            raise invalid
        return area.identifier, area.name
    if kind == SubscriptionKind.TOPIC:
        if key not in Category.values:
            raise invalid
        return key, str(Category(key).label)
    raise DomainError(
        Code.INVALID_SUBSCRIPTION,
        _("Follow a bill, committee, deputy, petition, region or topic."),
        status=422,
        data={"kind": kind},
    )


def subscription_create(
    *, user: Any, kind: str, key: str, delivery: str = Delivery.DIGEST, language: str | None = None
) -> Subscription:
    if not getattr(user, "is_authenticated", False):
        raise DomainError(CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401)
    if delivery not in Delivery.values:
        raise DomainError(
            Code.INVALID_SUBSCRIPTION, _("Choose how to be told."), status=422, data={"field": "delivery"}
        )
    key, _name = subscription_target(kind, key)
    try:
        with transaction.atomic():
            sub = Subscription.objects.create(
                user=user,
                kind=kind,
                key=key,
                delivery=delivery,
                language=_language(language),
                unsubscribe_key=secrets.token_hex(16),
            )
            audit_log(action="participation.subscription.created", actor=user, obj=sub, data={"kind": kind, "key": key})
    except IntegrityError:
        raise Conflict(
            _("You already follow this."), code=Code.ALREADY_SUBSCRIBED, data={"kind": kind, "key": key}
        ) from None
    return sub


def subscription_update(*, subscription: Subscription, actor: Any, delivery: str) -> Subscription:
    if subscription.user_id != getattr(actor, "pk", None):
        raise NotFound(_("No such subscription."))
    if delivery not in Delivery.values:
        raise DomainError(
            Code.INVALID_SUBSCRIPTION, _("Choose how to be told."), status=422, data={"field": "delivery"}
        )
    with transaction.atomic():
        subscription.delivery = delivery
        subscription.save(update_fields=["delivery"])
        audit_log(
            action="participation.subscription.updated", actor=actor, obj=subscription, data={"delivery": delivery}
        )
    return subscription


def subscription_delete(*, subscription: Subscription, actor: Any) -> None:
    if subscription.user_id != getattr(actor, "pk", None):
        raise NotFound(_("No such subscription."))
    with transaction.atomic():
        audit_log(
            action="participation.subscription.deleted",
            actor=actor,
            data={"kind": subscription.kind, "key": subscription.key},
        )
        subscription.delete()


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscription.unsubscribe_key)


def unsubscribe_with_token(*, token: str) -> dict[str, str]:
    """One-click unsubscribe from an e-mail link: the signed token is the only credential."""
    try:
        key = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        raise DomainError(Code.INVALID_TOKEN, _("This unsubscribe link is not valid."), status=404) from None
    with transaction.atomic():
        sub = Subscription.objects.select_related("user").filter(unsubscribe_key=key).first()
        if sub is None:
            # Already gone: unsubscribing twice is not an error.
            return {"kind": "", "key": ""}
        done = {"kind": sub.kind, "key": sub.key}
        audit_log(action="participation.subscription.unsubscribed", actor=sub.user, data=done)
        sub.delete()
    return done


# ---------------------------------------------------------------- moderation


def content_get(kind: str, content_id: str) -> tuple[Any, Any, str]:
    """(object, author, title) of reportable citizen content; 404 when there is none."""
    obj: Any = None
    if kind == ContentKind.PETITION:
        obj = Petition.objects.select_related("author").filter(slug=content_id).first()
    elif kind == ContentKind.PROPOSAL:
        obj = Proposal.objects.select_related("author").filter(slug=content_id).first()
    elif kind == ContentKind.COMMENT:
        obj = ProposalComment.objects.select_related("author", "proposal").filter(ref=content_id).first()
    if obj is None:
        raise NotFound(_("No such content."), code=Code.INVALID_CONTENT, data={"kind": kind, "id": content_id[:40]})
    title = obj.text[:80] if kind == ContentKind.COMMENT else obj.title
    return obj, obj.author, title


def report_create(*, reporter: Any, content_kind: str, content_id: str, reason: str, note: str = "") -> Report:
    """Anyone logged in reports citizen content to the moderators, once while the report is open."""
    if not getattr(reporter, "is_authenticated", False):
        raise DomainError(CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401)
    if reason not in ReportReason.values:
        raise DomainError(
            Code.INVALID_REASON, _("Choose a reason from the list."), status=422, data={"field": "reason"}
        )
    content_get(content_kind, content_id)
    note = clean_text(note, field="note", max_length=MAX_NOTE, required=False)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter, content_kind=content_kind, content_id=content_id, reason=reason, note=note
            )
            audit_log(
                action="participation.report.created",
                actor=reporter,
                obj=report,
                data={"kind": content_kind, "id": content_id, "reason": reason},
            )
    except IntegrityError:
        raise Conflict(_("You have already reported this."), code=Code.ALREADY_REPORTED) from None
    return report


def _label(choices: str, value: str) -> dict[str, str]:
    # A choice is stored by its value and labelled when the notice is read, in the reader's language.
    return {"label": choices, "value": value}


def content_hide(*, content_kind: str, content_id: str, actor: Any, reason: str, note: str = "") -> Any:
    """Hide citizen content with a reason from the list; open reports on it are upheld; the author is told why."""
    require(actor, is_moderator, action="participation.content.hide")
    if reason not in ReportReason.values:
        raise DomainError(
            Code.INVALID_REASON, _("Choose a reason from the list."), status=422, data={"field": "reason"}
        )
    note = clean_text(note, field="note", max_length=MAX_NOTE, required=False)
    obj, author, title = content_get(content_kind, content_id)
    with transaction.atomic():
        obj = type(obj).objects.select_for_update(of=("self",)).get(pk=obj.pk)
        if obj.hidden_at is not None:
            raise Conflict(_("This is already hidden."), code=Code.ALREADY_HIDDEN)
        now = timezone.now()
        obj.hidden_at, obj.hidden_reason, obj.hidden_note = now, reason, note
        obj.save(update_fields=["hidden_at", "hidden_reason", "hidden_note"])
        Report.objects.filter(content_kind=content_kind, content_id=content_id, status=ReportStatus.OPEN).update(
            status=ReportStatus.UPHELD, resolved_at=now, resolved_by=actor if actor is not SYSTEM else None
        )
        audit_log(
            action="participation.content.hidden",
            actor=actor,
            obj=obj,
            data={"kind": content_kind, "id": content_id, "reason": reason},
        )
        notify(
            users=[author],
            kind="content.hidden",
            params={
                "content": _label("content_kind", content_kind),
                "title": title,
                "reason": _label("report_reason", reason),
                "note": note,
            },
            url="/" + _language(None) + "/me/participation/",
        )
    return obj


def content_restore(*, content_kind: str, content_id: str, actor: Any, note: str = "") -> Any:
    require(actor, is_moderator, action="participation.content.restore")
    note = clean_text(note, field="note", max_length=MAX_NOTE, required=False)
    obj, author, title = content_get(content_kind, content_id)
    with transaction.atomic():
        obj = type(obj).objects.select_for_update(of=("self",)).get(pk=obj.pk)
        if obj.hidden_at is None:
            raise Conflict(_("This is not hidden."), code=Code.NOT_HIDDEN)
        obj.hidden_at, obj.hidden_reason, obj.hidden_note = None, "", ""
        obj.save(update_fields=["hidden_at", "hidden_reason", "hidden_note"])
        audit_log(
            action="participation.content.restored",
            actor=actor,
            obj=obj,
            data={"kind": content_kind, "id": content_id, "note": note},
        )
        notify(
            users=[author],
            kind="content.restored",
            params={"content": _label("content_kind", content_kind), "title": title},
            url="/" + _language(None) + "/me/participation/",
        )
    return obj


def report_dismiss(*, report: Report, actor: Any) -> Report:
    require(actor, is_moderator, action="participation.report.dismiss")
    with transaction.atomic():
        report = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
        _transition(workflow.REPORT, report, ReportStatus.DISMISSED)
        report.status = ReportStatus.DISMISSED
        report.resolved_at = timezone.now()
        report.resolved_by = actor if actor is not SYSTEM else None
        report.save()
        audit_log(action="participation.report.dismissed", actor=actor, obj=report)
    return report
