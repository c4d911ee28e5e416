"""The Idempotency-Key middleware with a real database and a view that writes an audit entry."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory
from django.utils import timezone

from kurultai.common.models import AuditEntry
from kurultai.common.services import audit_log
from kurultai.idempotency.middleware import IdempotencyMiddleware, purge_expired
from kurultai.idempotency.models import IdempotentRequest

pytestmark = pytest.mark.django_db
factory = RequestFactory()


class Writer:
    """A view that writes one audit entry per call and answers with the given status."""

    def __init__(self, status: int = 201) -> None:
        self.status = status
        self.calls = 0

    def __call__(self, request):
        self.calls += 1
        entry = audit_log(action="test.idempotency.write", data={"call": self.calls})
        return JsonResponse({"entry": entry.pk, "call": self.calls}, status=self.status)


def post(path="/api/v1/things", body=None, key="k-1", **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return factory.post(path, json.dumps(body or {"a": 1}), content_type="application/json", **headers, **extra)


def writes() -> int:
    return AuditEntry.objects.filter(action="test.idempotency.write").count()


def test_a_retry_gets_the_first_answer_and_writes_nothing():
    view = Writer()
    mw = IdempotencyMiddleware(view)
    first = mw(post())
    again = mw(post())
    assert view.calls == 1
    assert writes() == 1
    assert (again.status_code, again.content, again["Content-Type"]) == (201, first.content, first["Content-Type"])
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")


def test_without_the_header_every_request_runs():
    view = Writer()
    mw = IdempotencyMiddleware(view)
    mw(post(key=None))
    mw(post(key=None))
    assert view.calls == 2
    assert not IdempotentRequest.objects.exists()


@pytest.mark.parametrize(
    "request_",
    [
        factory.get("/api/v1/things", HTTP_IDEMPOTENCY_KEY="k"),
        factory.put("/api/v1/things", "{}", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"),
        factory.post("/ru/petitions/new/", {}, HTTP_IDEMPOTENCY_KEY="k"),
    ],
    ids=["get", "put", "page-form"],
)
def test_only_api_posts_and_patches_are_covered(request_):
    view = Writer()
    mw = IdempotencyMiddleware(view)
    mw(request_)
    mw(request_)
    assert view.calls == 2


def test_the_same_key_for_another_request_is_refused():
    view = Writer()
    mw = IdempotencyMiddleware(view)
    mw(post(body={"a": 1}))
    for other in (post(body={"a": 2}), post(path="/api/v1/other")):
        refused = mw(other)
        assert refused.status_code == 422
        assert refused["Content-Type"] == "application/problem+json"
        assert json.loads(refused.content)["code"] == "idempotency_key_reused"
    assert view.calls == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "ключ", "a\tb"])
def test_a_malformed_key_is_a_400(key):
    view = Writer()
    response = IdempotencyMiddleware(view)(post(key=key))
    assert response.status_code == 400
    assert json.loads(response.content)["code"] == "invalid_idempotency_key"
    assert view.calls == 0


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_failed_attempt_keeps_nothing_and_the_retry_runs(status):
    failing = Writer(status=status)
    IdempotencyMiddleware(failing)(post())
    assert writes() == 0  # the failed attempt's write was rolled back with it
    assert not IdempotentRequest.objects.exists()
    working = Writer()
    retry = IdempotencyMiddleware(working)(post())
    assert retry.status_code == 201
    assert writes() == 1


def test_a_refusal_is_an_answer_and_is_replayed():
    view = Writer(status=409)
    mw = IdempotencyMiddleware(view)
    mw(post())
    assert mw(post()).status_code == 409
    assert view.calls == 1


def test_keys_belong_to_their_client():
    view = Writer()
    mw = IdempotencyMiddleware(view)
    mw(post(HTTP_AUTHORIZATION="Bearer one"))
    mw(post(HTTP_AUTHORIZATION="Bearer two"))
    mw(post(REMOTE_ADDR="10.0.0.9"))
    assert view.calls == 3
    assert IdempotentRequest.objects.values("principal").distinct().count() == 3


def test_an_expired_answer_is_forgotten_and_purged():
    view = Writer()
    mw = IdempotencyMiddleware(view)
    mw(post())
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert mw(post()).status_code == 201
    assert view.calls == 2  # a day later the key is new again
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert purge_expired() == 1
    assert not IdempotentRequest.objects.exists()


def test_a_location_header_is_replayed():
    def created(request):
        response = HttpResponse(b"{}", status=201, content_type="application/json")
        response["Location"] = "/api/v1/things/7"
        return response

    mw = IdempotencyMiddleware(created)
    mw(post())
    assert mw(post())["Location"] == "/api/v1/things/7"
