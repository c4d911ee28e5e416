"""``Idempotency-Key`` on API writes (draft-ietf-httpapi-idempotency-key-header).

A client that sends ``POST /api/v1/...`` with an ``Idempotency-Key`` header and does not get
an answer (a timeout, a backend killed behind the load balancer) sends the same request again
with the same key. The first attempt's write and its answer commit in one transaction, so:

- the first attempt committed: the retry gets the stored answer (same status and body, with
  ``Idempotent-Replayed: true``) and nothing runs again;
- the first attempt died before committing: nothing of it is stored, and the retry runs afresh;
- both arrive at once: the second waits on the key's unique index until the first commits,
  then gets its answer;
- the same key with another method, path or body: 422 problem+json ``idempotency_key_reused``.

Answers kept: every status below 500 except 429 (a rate-limited or failed attempt stores
nothing, so a retry can still succeed). Keys are scoped to the client (account, token or
anonymous address) and kept for ``TTL``. Requests without the header are untouched. A keyed
request runs in one transaction on the primary, so writes that would otherwise be batched
across requests (the signing desk) are written inline for it.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from kurultai.common.api import problem_response
from kurultai.idempotency.models import IdempotentRequest

HEADER = "Idempotency-Key"
METHODS = frozenset({"POST", "PATCH"})
TTL = timedelta(hours=24)
MAX_KEY = 255
MAX_STORED_BODY = 1_000_000
PURGE_EVERY = 500  # keyed requests per process between purges of expired answers
PURGE_BATCH = 1000

_counter = itertools.count(1)


def principal_of(request: HttpRequest) -> str:
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if auth:
        return "token:" + hashlib.sha256(auth.encode("utf-8", "replace")).hexdigest()[:40]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    raw = request.META.get("REMOTE_ADDR", "") + "|" + request.COOKIES.get("sessionid", "")
    return "anon:" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:40]


def fingerprint_of(request: HttpRequest, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.get_full_path(), request.content_type or ""):
        digest.update(part.encode("utf-8", "replace") + b"\0")
    digest.update(body)
    return digest.hexdigest()


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY and key.isascii() and key.isprintable()


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code < 500
        and response.status_code != 429
        and not response.streaming
        and len(response.content) <= MAX_STORED_BODY
    )


def _replay(record: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status, content_type=record.content_type or None)
    if record.location:
        response["Location"] = record.location
    response["Idempotent-Replayed"] = "true"
    return response


def _reused(request: HttpRequest) -> HttpResponse:
    return problem_response(
        request,
        status=422,
        code="idempotency_key_reused",
        detail="This Idempotency-Key was used for a different request; use a new key for a new request.",
    )


def purge_expired() -> int:
    cutoff = timezone.now() - TTL
    ids = list(IdempotentRequest.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[:PURGE_BATCH])
    if not ids:
        return 0
    deleted, _ = IdempotentRequest.objects.filter(pk__in=ids).delete()
    return deleted


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method not in METHODS or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not _valid_key(key):
            return problem_response(
                request,
                status=400,
                code="invalid_idempotency_key",
                detail=f"An Idempotency-Key is 1 to {MAX_KEY} printable ASCII characters.",
            )
        try:
            body = request.body
        except RequestDataTooBig:
            return self.get_response(request)  # too big to keep: served as without the header
        principal = principal_of(request)
        fingerprint = fingerprint_of(request, body)
        if next(_counter) % PURGE_EVERY == 0:
            purge_expired()

        fresh_after = timezone.now() - TTL
        earlier = IdempotentRequest.objects.filter(principal=principal, key=key, created_at__gte=fresh_after).first()
        if earlier is not None:
            return _replay(earlier) if earlier.fingerprint == fingerprint else _reused(request)
        try:
            with transaction.atomic():
                IdempotentRequest.objects.filter(principal=principal, key=key, created_at__lt=fresh_after).delete()
                # The unique index on (principal, key) is the lock: a concurrent attempt with the
                # same key waits here until this transaction ends.
                record = IdempotentRequest(principal=principal, key=key, fingerprint=fingerprint, status=0, body=b"")
                record.save(force_insert=True)
                response = self.get_response(request)
                if not _storable(response):
                    transaction.set_rollback(True)  # nothing of this attempt stays; a retry runs again
                    return response
                record.status = response.status_code
                record.content_type = response.get("Content-Type", "")[:200]
                record.location = response.get("Location", "")[:500]
                record.body = response.content
                record.save(update_fields=["status", "content_type", "location", "body"])
            return response
        except IntegrityError:
            pass
        # Another attempt with this key committed while we waited.
        earlier = IdempotentRequest.objects.filter(principal=principal, key=key).first()
        if earlier is None:
            return problem_response(
                request, status=409, code="idempotency_retry", detail="A request with this key is in progress; retry."
            )
        return _replay(earlier) if earlier.fingerprint == fingerprint else _reused(request)
