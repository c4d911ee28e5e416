"""A shared cache of public, anonymous GET responses, invalidated by every write.

Every state change writes an audit entry (DESIGN.md), so the newest audit entry's id is a
generation number for all public content: a response cached under generation N is never
served once a write has made it N+1. The generation is read from the database at most
once a second per process, so web processes stay consistent with each other without a
shared cache (and share the cached responses too when ``REDIS_URL`` is set).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

GENERATION_TTL = 1.0  # seconds a process trusts its last reading of the generation
RESPONSE_TTL = 300  # seconds a response may live even if nothing changes
PRIVATE_PARTS = ("/accounts/", "/admin/", "/me/", "/api/v1/me", "/plenary/console", "/plenary/vote")

_generation: tuple[float, int] = (0.0, -1)


def content_generation() -> int:
    global _generation
    now = time.monotonic()
    read_at, value = _generation
    if now - read_at > GENERATION_TTL:
        from kurultai.common.models import AuditEntry

        value = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        _generation = (now, value)
    return value


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or getattr(settings, "PAGE_CACHE_DISABLED", False):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    path = request.path
    return not any(part in path for part in PRIVATE_PARTS)


def _key(request: HttpRequest, generation: int) -> str:
    raw = "|".join(
        (
            str(generation),
            request.method or "GET",
            request.get_full_path(),
            translation.get_language() or "",
            request.headers.get("HX-Request", ""),
        )
    )
    return "page:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request, content_generation())
        hit = cache.get(key)
        if hit is not None:
            status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", "x-cache")]
            cache.set(key, (response.status_code, headers, response.content), RESPONSE_TTL)
            response["X-Cache"] = "miss"
        return response
