"""What the API and the pages share at the edge of a request: rate limits and the client's network.

Rate limits need the request, so they live here and not in services (common.ratelimit does the
same for one limit per user-or-IP); their numbers are rules an administrator can change.
"""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

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
