"""Writes for accounts: users, roles, citizen verification, API tokens."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kurultai.accounts.identity import BuiltinIinVerifier, IdentityVerifier
from kurultai.accounts.iin import iin_hash
from kurultai.accounts.models import ApiToken, CitizenProfile, User
from kurultai.accounts.roles import Role
from kurultai.common.errors import Conflict, DomainError
from kurultai.common.services import audit_log

TOKEN_PREFIX = "klt_"  # noqa: S105 - a public prefix that makes leaked tokens easy to scan for


def roles_ensure() -> None:
    """Create the role groups (idempotent)."""
    for role in Role:
        Group.objects.get_or_create(name=str(role))


def user_create(
    *,
    username: str,
    password: str | None,
    roles: Iterable[Role] = (),
    display_name: str = "",
    email: str = "",
    person_slug: str = "",
    actor: Any = None,
) -> User:
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise Conflict(_("This username is taken."), code="username_taken")
        user = User(username=username, display_name=display_name, email=email, person_slug=person_slug)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        if Role.ADMIN in set(roles):
            user.is_staff = True
            user.is_superuser = True
        user.save()
        roles_ensure()
        user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
        audit_log(action="accounts.user.created", actor=actor, obj=user, data={"roles": sorted(str(r) for r in roles)})
    return user


def identity_verifier() -> IdentityVerifier:
    path = getattr(settings, "KURULTAI_IDENTITY_VERIFIER", "")
    return import_string(path)() if path else BuiltinIinVerifier()


def citizen_verify(
    *, user: User, iin: str, region_code: str, verifier: IdentityVerifier | None = None
) -> CitizenProfile:
    """Verify a citizen once: one account per IIN, only the keyed hash is kept.

    ``verifier`` overrides the configured one (the OpenID Connect sign-in passes the verifier
    that trusts the provider's signed claims)."""
    if not region_code:
        raise DomainError("region_required", _("Choose your region of residence."), status=422)
    identity = (verifier or identity_verifier()).verify(iin=iin, today=timezone.localdate())
    digest = iin_hash(identity.iin, key=settings.IIN_HASH_KEY.encode("utf-8"))
    try:
        with transaction.atomic():
            if CitizenProfile.objects.filter(user=user).exists():
                raise Conflict(_("This account is already verified."), code="already_verified")
            profile = CitizenProfile.objects.create(
                user=user,
                iin_hash=digest,
                region_code=region_code,
                birth_year=identity.birth_date.year,
                sex=identity.sex,
                verification_method=identity.method,
            )
            roles_ensure()
            user.groups.add(Group.objects.get(name=str(Role.CITIZEN)))
            # No IIN, not even its hash, goes into the audit trail.
            audit_log(action="accounts.citizen.verified", actor=user, obj=profile, data={"region": region_code})
    except IntegrityError:
        raise Conflict(_("Another account is already verified with this IIN."), code="iin_taken") from None
    return profile


def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Return the token row and the key, which is shown once and never stored."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=key[:12], key_hash=ApiToken.hash_key(key))
        audit_log(action="accounts.token.created", actor=user, obj=token, data={"prefix": token.prefix})
    return token, key


def token_set_quota(*, token: ApiToken, actor: Any, per_day: int | None, per_minute: int | None) -> ApiToken:
    """Set a token's quotas (administrators); None returns a window to the default of the settings."""
    from kurultai.accounts.permissions import is_admin, require

    require(actor, is_admin, action="accounts.token.quota")
    for field, value in (("per_day", per_day), ("per_minute", per_minute)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise DomainError(
                "invalid_quota",
                _("A quota is a whole number of requests, at least 1."),
                status=422,
                data={"field": field},
            )
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(quota_per_day=per_day, quota_per_minute=per_minute)
        audit_log(
            action="accounts.token.quota_set",
            actor=actor,
            obj=token,
            data={"prefix": token.prefix, "per_day": per_day, "per_minute": per_minute},
        )
    token.refresh_from_db()
    return token


def token_revoke(*, token: ApiToken, actor: Any) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        audit_log(action="accounts.token.revoked", actor=actor, obj=token)
