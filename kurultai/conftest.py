"""Fixtures shared by the whole suite: real services, real database, no mocks of our own parts.

The demo parliament is loaded once per test database by the real loader (reference data,
the demo election, formation of the convocation, demo accounts); every test then runs in
a transaction that is rolled back, so tests can change it freely.
"""

from __future__ import annotations

import pytest

from kurultai.accounts.permissions import SYSTEM


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from kurultai.portal.demo import demo_load

    with django_db_blocker.unblock():
        demo_load()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests see every response fresh; the page cache has its own tests that turn it on."""
    settings.PAGE_CACHE_DISABLED = True


@pytest.fixture(autouse=True)
def _generous_api_quotas(settings):
    """Suites that drive the API with one token (fuzzing, the authz matrix) are not quota tests;
    kurultai/accounts/tests/test_quota.py sets the quotas it tests."""
    settings.API_TOKEN_QUOTA_PER_DAY = 10**9
    settings.API_TOKEN_QUOTA_PER_MINUTE = 10**9


@pytest.fixture
def system():
    return SYSTEM


@pytest.fixture
def user_with_role(db):
    """Make a user with the given roles through the real service."""
    from kurultai.accounts.services import user_create

    counter = {"n": 0}

    def make(*roles, password="pw-Kurultai-2026"):  # noqa: S107 - test accounts
        counter["n"] += 1
        return user_create(
            username=f"u{counter['n']}-{'-'.join(str(r) for r in roles) or 'plain'}", password=password, roles=roles
        )

    return make
