"""Fixtures for security tests: citizens and petitions made by the real services."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from kurultai.accounts.services import token_create


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    """Rate-limit counters and participation's caches start empty; uploads go to a temp dir."""
    from kurultai.participation import selectors, services

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    services._rule_cache.clear()
    selectors._signing.clear()
    yield
    cache.clear()
    services._rule_cache.clear()
    selectors._signing.clear()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """Log-in tests post many passwords; the production hasher would take seconds each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_citizen(db):
    from kurultai.participation.tests.factories import CitizenFactory

    return CitizenFactory


@pytest.fixture
def bearer():
    def make(user):
        _, key = token_create(user=user)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return make
