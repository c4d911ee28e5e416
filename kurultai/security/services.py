"""Writes for privacy: deleting an account by anonymising it, never by cascading deletes.

What a citizen did in public stays, without them: a signature still counts for its petition
(petition totals never change because someone left), an appeal stays on the state body's
register, a proposal keeps its supporters. What identifies the person goes: names, e-mail,
login, the IIN's keyed hash, the signer's network, subscriptions, notifications, tokens,
second-factor devices and failed-login records. The account row itself becomes an inactive
tombstone so the records that point at it stay valid (every such foreign key is PROTECT).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurultai.accounts.models import ApiToken, CitizenProfile, User
from kurultai.accounts.roles import Role
from kurultai.common.errors import Conflict, DomainError
from kurultai.common.services import audit_log
from kurultai.participation.models import Notification, Signature, Subscription
from kurultai.security.retention import cutoffs

DELETED_PREFIX = "deleted-"
DELETED_METHOD = "deleted"
# Roles whose accounts are records of a public office: closed by an administrator, not by self-service.
OFFICIAL_ROLES = frozenset(str(r) for r in Role if r != Role.CITIZEN)


@dataclass(frozen=True)
class DeletionReport:
    signatures_kept: int
    subscriptions_removed: int
    notifications_removed: int
    tokens_removed: int


def is_deleted(user: User) -> bool:
    return user.username.startswith(DELETED_PREFIX) and not user.is_active


def check_account_delete(*, user: User, password: str | None) -> None:
    if not getattr(user, "is_authenticated", False) or is_deleted(user):
        raise DomainError("not_authenticated", _("Log in to do this."), status=401)
    if user.is_staff or user.is_superuser or user.role_names() & OFFICIAL_ROLES:
        raise Conflict(
            _("An official's account is closed by an administrator, not deleted by its holder."),
            code="official_account",
        )
    # Re-authentication: a stolen session alone must not erase an account.
    if user.has_usable_password() and not (password and user.check_password(password)):
        raise DomainError("password_incorrect", _("The password is not right."), status=422)


def account_delete(*, user: User, password: str | None) -> DeletionReport:
    """Anonymise the account in one transaction; the caller logs the session out."""
    check_account_delete(user=user, password=password)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        citizen = CitizenProfile.objects.filter(user=user).first()
        signatures = 0
        if citizen is not None:
            # The signature rows stay (the count of each petition is theirs); the network used
            # for burst detection and the wish to be told about the answer go.
            signatures = Signature.objects.filter(citizen=citizen).update(network="", notify=False)
            # Only the keyed hash ties a profile to a person: replace it with random letters so
            # the profile keeps counting (region, birth year and sex feed anonymous statistics)
            # but names no one.
            citizen.iin_hash = DELETED_METHOD + ":" + secrets.token_hex(28)
            citizen.verification_method = DELETED_METHOD
            citizen.save(update_fields=["iin_hash", "verification_method"])
        subscriptions, _detail = Subscription.objects.filter(user=user).delete()
        notifications, _detail = Notification.objects.filter(user=user).delete()
        tokens, _detail = ApiToken.objects.filter(user=user).delete()
        TOTPDevice.objects.filter(user=user).delete()
        _forget_login_attempts(user.username)
        user.username = DELETED_PREFIX + secrets.token_hex(8)
        user.first_name = ""
        user.last_name = ""
        user.email = ""
        user.display_name = ""
        user.person_slug = ""
        user.is_active = False
        user.is_staff = False
        user.set_unusable_password()  # also invalidates every session (the auth hash changes)
        user.save()
        user.groups.set(Group.objects.none())
        audit_log(action="security.account.deleted", actor=None, obj=user, data={"signatures_kept": signatures})
    return DeletionReport(
        signatures_kept=signatures,
        subscriptions_removed=subscriptions,
        notifications_removed=notifications,
        tokens_removed=tokens,
    )


def _forget_login_attempts(username: str) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessAttempt.objects.filter(username=username).delete()
    AccessFailureLog.objects.filter(username=username).delete()
    AccessLog.objects.filter(username=username).delete()


def deletion_summary(report: DeletionReport) -> dict[str, Any]:
    return {
        "signatures_kept": report.signatures_kept,
        "subscriptions_removed": report.subscriptions_removed,
        "notifications_removed": report.notifications_removed,
        "tokens_removed": report.tokens_removed,
    }


def retention_enforce(*, now: datetime) -> dict[str, int]:
    """Apply ``DATA_RETENTION_DAYS``: what each rule removed, by rule name."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.conf import settings
    from django.contrib.sessions.models import Session

    cut = cutoffs(settings.DATA_RETENTION_DAYS, now)
    done: dict[str, int] = {}
    with transaction.atomic():
        done["read_notifications"], _d = Notification.objects.filter(
            read_at__isnull=False, read_at__lt=cut["read_notifications"]
        ).delete()
        done["signature_networks"] = (
            Signature.objects.filter(signed_at__lt=cut["signature_networks"]).exclude(network="").update(network="")
        )
        attempts = 0
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            removed, _d = model.objects.filter(attempt_time__lt=cut["login_attempts"]).delete()
            attempts += removed
        done["login_attempts"] = attempts
        done["revoked_tokens"], _d = ApiToken.objects.filter(
            revoked_at__isnull=False, revoked_at__lt=cut["revoked_tokens"]
        ).delete()
        done["expired_sessions"], _d = Session.objects.filter(expire_date__lt=cut["expired_sessions"]).delete()
        audit_log(action="security.retention.enforced", actor=None, data=dict(done))
    return done
