"""Legislation fixtures: accounts for every role, a citizen verified through the real service,
and bills at the stages the tests need (all made by the real services)."""

from __future__ import annotations

from typing import Any

import pytest

from kurultai.accounts.roles import Role
from kurultai.legislation.tests.factories import CitizenFactory, UserFactory
from kurultai.registry.selectors import deputy_list


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Test accounts need no slow password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clerk(db) -> Any:
    return UserFactory(roles=(Role.CLERK,))


@pytest.fixture
def staff(db) -> Any:
    return UserFactory(roles=(Role.COMMITTEE_STAFF,))


@pytest.fixture
def moderator(db) -> Any:
    return UserFactory(roles=(Role.MODERATOR,))


@pytest.fixture
def deputy(db) -> Any:
    slug = deputy_list().order_by("slug").values_list("slug", flat=True).first()
    return UserFactory(roles=(Role.DEPUTY,), person_slug=slug)


@pytest.fixture
def citizen(db) -> Any:
    return CitizenFactory()


@pytest.fixture
def unverified(db) -> Any:
    return UserFactory()
