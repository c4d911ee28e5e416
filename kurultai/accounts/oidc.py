"""Sign-in with OpenID Connect (mozilla-django-oidc): a national identity provider vouches for
the citizen, and the platform keeps only what it keeps for the built-in check (docs/identity.md).

Turned on by ``KURULTAI_OIDC_ISSUER`` (settings). The ID token must be RS256-signed by the
provider's key, issued by the configured issuer for our client id, and not expired; anything
else is a ``SuspiciousOperation`` (the sign-in fails, never a 500). The provider's ``iin``
claim is checked like a typed IIN (structure, checksum, adult) and only its keyed hash is
stored; the account is found again by that hash on the next sign-in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import jwt
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from kurultai.accounts.identity import BuiltinIinVerifier, VerifiedIdentity
from kurultai.accounts.iin import iin_hash
from kurultai.accounts.models import User
from kurultai.accounts.services import citizen_verify, user_create
from kurultai.common.errors import DomainError

SIGNING_ALGORITHM = "RS256"


class OidcClaimsVerifier(BuiltinIinVerifier):
    """The IIN comes from the provider's signed token, not from a form: same checks, another method."""

    method = "oidc"

    def verify(self, *, iin: str, today: date) -> VerifiedIdentity:
        identity = super().verify(iin=iin, today=today)
        return VerifiedIdentity(iin=identity.iin, birth_date=identity.birth_date, sex=identity.sex, method=self.method)


class KurultaiOIDCBackend(OIDCAuthenticationBackend):
    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.InvalidTokenError:
            raise SuspiciousOperation("The ID token is not a JWS.") from None
        if header.get("alg") != SIGNING_ALGORITHM or self.OIDC_RP_SIGN_ALGO != SIGNING_ALGORITHM:
            raise SuspiciousOperation("The ID token must be signed with RS256.")
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[SIGNING_ALGORITHM],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.KURULTAI_OIDC_ISSUER,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=30,
            )
        except jwt.InvalidTokenError as exc:
            # Forged signature, expired, wrong audience or issuer: a failed sign-in.
            raise SuspiciousOperation(f"ID token rejected: {type(exc).__name__}") from None
        return claims

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        # Identity claims come only from the signed, verified ID token; an unsigned userinfo
        # answer could be swapped in transit by a compromised proxy.
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub")) and isinstance(claims.get("iin"), str)

    def _hash(self, claims: dict[str, Any]) -> str:
        return iin_hash(str(claims["iin"]), key=settings.IIN_HASH_KEY.encode("utf-8"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        if not isinstance(claims.get("iin"), str):
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(citizen__iin_hash=self._hash(claims), is_active=True)

    def create_user(self, claims: dict[str, Any]) -> User | None:
        region = str(claims.get("region") or "")
        try:
            with transaction.atomic():
                user = user_create(
                    username="oidc-" + get_random_string(12).lower(),
                    password=None,
                    display_name=str(claims.get("name") or ""),
                    email=str(claims.get("email") or ""),
                )
                citizen_verify(user=user, iin=str(claims["iin"]), region_code=region, verifier=OidcClaimsVerifier())
        except DomainError as exc:
            # Not an adult, a malformed IIN, no region: no account. The reason, never the IIN.
            raise SuspiciousOperation(f"OIDC identity refused: {exc.code}") from None
        return User.objects.get(pk=user.pk)

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user
