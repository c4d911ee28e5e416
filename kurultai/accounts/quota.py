"""Quotas of API tokens: requests per minute and per day, counted in the cache.

A request that presents ``Authorization: Bearer klt_…`` on ``/api/`` counts against its token's
quotas (the token's own, or the defaults ``API_TOKEN_QUOTA_PER_MINUTE`` and
``API_TOKEN_QUOTA_PER_DAY``). Windows are fixed: the minute and the UTC day. Counters live in
the cache (Redis when ``REDIS_URL`` is set, so every web process shares them; local memory
otherwise). Beyond a quota the answer is 429 problem+json with ``Retry-After``; every answer
carries ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` of the day.
Requests without a token are not counted here: anonymous reads stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from kurultai.accounts.models import ApiToken

DEFAULT_PER_DAY = 10_000
DEFAULT_PER_MINUTE = 120
TOKEN_PREFIX = "klt_"  # noqa: S105 - the public prefix of our tokens


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    window: str  # "minute" or "day": the window that refused, or "day" when allowed
    limit: int
    remaining: int
    reset: int  # seconds until that window starts again


def limits_of(per_day: int | None, per_minute: int | None) -> tuple[int, int]:
    day = per_day if per_day is not None else getattr(settings, "API_TOKEN_QUOTA_PER_DAY", DEFAULT_PER_DAY)
    minute = (
        per_minute if per_minute is not None else getattr(settings, "API_TOKEN_QUOTA_PER_MINUTE", DEFAULT_PER_MINUTE)
    )
    return int(day), int(minute)


def _count(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def consume(token_id: int, *, per_day: int, per_minute: int, now: datetime | None = None) -> Verdict:
    """Count one request of the token; refuse it when a window is full.

    The minute is checked first; a request refused by it does not use up the day.
    """
    now = now or timezone.now()
    utc = now.astimezone(UTC) if timezone.is_aware(now) else now
    minute_reset = 60 - utc.second
    next_day = (utc + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    day_reset = max(1, int((next_day - utc).total_seconds()))
    n = _count(f"apiquota:{token_id}:m:{utc:%Y%m%d%H%M}", 61)
    if n > per_minute:
        return Verdict(False, "minute", per_minute, 0, minute_reset)
    n = _count(f"apiquota:{token_id}:d:{utc:%Y%m%d}", day_reset + 60)
    if n > per_day:
        return Verdict(False, "day", per_day, 0, day_reset)
    return Verdict(True, "day", per_day, per_day - n, day_reset)


def token_of(request: HttpRequest) -> tuple[int, int | None, int | None] | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, key = header.partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key.startswith(TOKEN_PREFIX):
        return None
    row = (
        ApiToken.objects.filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .values_list("id", "quota_per_day", "quota_per_minute")
        .first()
    )
    return row


class ApiQuotaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") or "HTTP_AUTHORIZATION" not in request.META:
            return self.get_response(request)
        token = token_of(request)
        if token is None:  # no token of ours, or not a valid one: authentication answers
            return self.get_response(request)
        token_id, per_day, per_minute = token
        day, minute = limits_of(per_day, per_minute)
        verdict = consume(token_id, per_day=day, per_minute=minute)
        if not verdict.allowed:
            from django.utils.translation import gettext as _

            from kurultai.common.api import problem_response

            response = problem_response(
                request,
                status=429,
                code="quota_exceeded",
                detail=_("Too many requests with this API token; try again later."),
                extra={"window": verdict.window, "limit": verdict.limit, "retry_after": verdict.reset},
            )
            response["Retry-After"] = str(verdict.reset)
        else:
            response = self.get_response(request)
        response["X-RateLimit-Limit"] = str(verdict.limit)
        response["X-RateLimit-Remaining"] = str(verdict.remaining)
        response["X-RateLimit-Reset"] = str(verdict.reset)
        return response
