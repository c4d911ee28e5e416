"""Rate limits on citizen writes (django-ratelimit on the cache; Redis in production)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from kurultai.common.errors import CommonErrorCode, DomainError


def check_rate(request: HttpRequest, *, group: str, rate: str) -> None:
    """Count this request against ``rate`` (e.g. "10/h") per user, or per IP when anonymous."""
    key = "user_or_ip"
    if is_ratelimited(request, group=group, key=key, rate=rate, method=is_ratelimited.ALL, increment=True):
        raise DomainError(CommonErrorCode.RATE_LIMITED, _("Too many requests; try again later."), status=429)
