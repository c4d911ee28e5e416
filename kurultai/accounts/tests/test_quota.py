"""API token quotas: per minute and per day, per token, 429 problem+json beyond them, reset next window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from kurultai.accounts import quota
from kurultai.accounts.models import User
from kurultai.accounts.services import token_create, token_set_quota
from kurultai.common.errors import DomainError


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    settings.API_TOKEN_QUOTA_PER_DAY = 10_000  # the defaults of kurultai/settings.py
    settings.API_TOKEN_QUOTA_PER_MINUTE = 120
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin(db) -> User:
    return User.objects.get(username="admin")


@pytest.fixture
def heavy(db):
    """Two tokens of one machine client."""
    user = User.objects.get(username="citizen")
    return token_create(user=user, name="a"), token_create(user=user, name="b")


def _get(client, key: str | None, path: str = "/api/v1/areas?limit=1"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.get(path, **headers)


def test_a_token_beyond_its_minute_quota_gets_429(client, heavy, admin) -> None:
    (token, key), (_other, other_key) = heavy
    token_set_quota(token=token, actor=admin, per_day=None, per_minute=3)
    remaining = [_get(client, key)["X-RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["9999", "9998", "9997"]  # the day's remaining, default 10 000
    refused = _get(client, key)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    body = refused.json()
    assert (body["code"], body["window"], body["limit"]) == ("quota_exceeded", "minute", 3)
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert (refused["X-RateLimit-Limit"], refused["X-RateLimit-Remaining"]) == ("3", "0")
    # Another token, even of the same account, and anonymous reads are unaffected.
    assert _get(client, other_key).status_code == 200
    anonymous = _get(client, None)
    assert anonymous.status_code == 200
    assert "X-RateLimit-Limit" not in anonymous
    # An authenticated endpoint counts as well.
    assert _get(client, key, "/api/v1/me").status_code == 429


def test_a_token_beyond_its_day_quota_gets_429_until_the_next_day(client, heavy, admin) -> None:
    (token, key), _ = heavy
    token_set_quota(token=token, actor=admin, per_day=2, per_minute=None)
    assert [_get(client, key).status_code for _ in range(3)] == [200, 200, 429]
    refused = _get(client, key)
    assert refused.json()["window"] == "day"
    assert int(refused["Retry-After"]) <= 24 * 3600


def test_counters_reset_in_the_next_window() -> None:
    noon = datetime(2026, 11, 25, 12, 0, 30, tzinfo=UTC)
    token_id = 987_654
    assert quota.consume(token_id, per_day=100, per_minute=1, now=noon).allowed
    refused = quota.consume(token_id, per_day=100, per_minute=1, now=noon + timedelta(seconds=10))
    assert (refused.allowed, refused.window, refused.reset) == (False, "minute", 20)
    assert quota.consume(token_id, per_day=100, per_minute=1, now=noon + timedelta(minutes=1)).allowed
    day = quota.consume(token_id, per_day=2, per_minute=100, now=noon + timedelta(minutes=2))
    assert (day.allowed, day.window) == (False, "day")  # the third request that passed the minute
    assert day.reset == 12 * 3600 - 2 * 60 - 30
    tomorrow = quota.consume(token_id, per_day=2, per_minute=100, now=noon + timedelta(days=1))
    assert (tomorrow.allowed, tomorrow.remaining) == (True, 1)


def test_an_unknown_or_revoked_token_is_left_to_authentication(client, heavy, admin) -> None:
    from kurultai.accounts.services import token_revoke

    (token, key), _ = heavy
    token_revoke(token=token, actor=admin)
    response = _get(client, key, "/api/v1/me")
    assert response.status_code == 401
    assert "X-RateLimit-Limit" not in response
    assert _get(client, "klt_nonsense", "/api/v1/me").status_code == 401


def test_only_administrators_set_quotas_and_only_whole_positive_numbers(heavy, admin) -> None:
    (token, _key), _ = heavy
    with pytest.raises(DomainError) as denied:
        token_set_quota(token=token, actor=token.user, per_day=5, per_minute=None)
    assert denied.value.status == 403
    for bad in (0, -1, True, "10"):
        with pytest.raises(DomainError) as invalid:
            token_set_quota(token=token, actor=admin, per_day=bad, per_minute=None)  # type: ignore[arg-type]
        assert (invalid.value.status, invalid.value.code) == (422, "invalid_quota")
    token = token_set_quota(token=token, actor=admin, per_day=50, per_minute=5)
    assert quota.limits_of(token.quota_per_day, token.quota_per_minute) == (50, 5)
    token = token_set_quota(token=token, actor=admin, per_day=None, per_minute=None)
    assert quota.limits_of(token.quota_per_day, token.quota_per_minute) == (10_000, 120)
