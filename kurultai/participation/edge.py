"""What the API and the pages share at the edge of a request: rate limits and the client's network.

Rate limits need the request, so they live here and not in services (common.ratelimit does the
same for one limit per user-or-IP); their numbers are rules an administrator can change.
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, timedelta

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from kurultai.accounts.models import ApiToken, CitizenProfile, User
from kurultai.common.errors import CommonErrorCode, DomainError
from kurultai.participation.rules import RuleKey
from kurultai.participation.services import rule_value

WRITE_RATE = "30/h"  # appeals, petitions, proposals, comments, reports per account (or IP)


def network_of(request: HttpRequest) -> str:
    """The client's network, /24 for IPv4 and /48 for IPv6: the unit bursts are counted in.

    The address itself is not kept. Behind a proxy REMOTE_ADDR is the proxy's; the deployment
    must set it from the forwarding header it trusts (docs/participation.md).
    """
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def _limited(request: HttpRequest, *, group: str, key: str, rate: str) -> bool:
    return bool(is_ratelimited(request, group=group, key=key, rate=rate, method=is_ratelimited.ALL, increment=True))


def check_sign_rate(request: HttpRequest) -> None:
    """Signing limits: per account per hour and per IP address per minute (429 when exceeded)."""
    per_account = f"{rule_value(RuleKey.SIGN_RATE_PER_ACCOUNT_PER_HOUR)}/h"
    per_ip = f"{rule_value(RuleKey.SIGN_RATE_PER_IP_PER_MINUTE)}/m"
    # Both counters count every attempt, so a refused account still uses up its address's allowance.
    account = _limited(request, group="participation.sign.account", key="user_or_ip", rate=per_account)
    address = _limited(request, group="participation.sign.ip", key="ip", rate=per_ip)
    if account or address:
        raise DomainError(
            CommonErrorCode.RATE_LIMITED, _("Too many signatures in a short time; try again later."), status=429
        )


def check_write_rate(request: HttpRequest, group: str) -> None:
    if _limited(request, group=f"participation.{group}", key="user_or_ip", rate=WRITE_RATE):
        raise DomainError(CommonErrorCode.RATE_LIMITED, _("Too many requests; try again later."), status=429)


# The signing hot path's token lookup: the token, its active user and the user's citizen profile
# in one plain query (the ORM's compilation of the same query costs more than running it).
SIGNER_LOOKUP_SQL = """
SELECT t.id, t.last_used_at, u.id, c.id, c.region_code, c.birth_year, c.iin_hash
FROM accounts_apitoken t
JOIN accounts_user u ON u.id = t.user_id
LEFT JOIN accounts_citizenprofile c ON c.user_id = u.id
WHERE t.key_hash = %s AND t.revoked_at IS NULL AND u.is_active
"""
USER_FIELDS = ("id",)


def signer_for_token(key: str) -> User | None:
    """The user a bearer token names, with ``user.citizen`` loaded: ``accounts.selectors.user_for_token``
    in one query. Same rules: unknown, revoked or inactive → None; ``last_used_at`` touched at most
    once a minute. Fields not read here load on first access, like ``.only()``."""
    if not key.startswith("klt_"):
        return None
    with connection.cursor() as cursor:
        cursor.execute(SIGNER_LOOKUP_SQL, [ApiToken.hash_key(key)])
        row = cursor.fetchone()
    if row is None:
        return None
    token_id, last_used_at, user_id, profile_id, region_code, birth_year, iin_hash = row
    now = timezone.now()
    if last_used_at is not None and timezone.is_naive(last_used_at):
        last_used_at = last_used_at.replace(tzinfo=UTC)  # SQLite's plain cursor: UTC without a zone
    if last_used_at is None or now - last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    user: User = User.from_db(connection.alias, USER_FIELDS, (user_id,))
    if profile_id is not None:
        loaded = {"id": profile_id, "user_id": user_id, "region_code": region_code}
        loaded |= {"birth_year": birth_year, "iin_hash": iin_hash}
        # from_db takes the loaded values in the model's field order.
        names = [f.attname for f in CitizenProfile._meta.concrete_fields if f.attname in loaded]
        profile = CitizenProfile.from_db(connection.alias, names, [loaded[n] for n in names])
        user.citizen = profile  # caches the reverse one-to-one: no second query for the profile
    return user
