"""Plenary fixtures: a fresh open sitting and vote on the demo parliament, deputies' and clerks' accounts."""

from __future__ import annotations

from typing import Any

import pytest

from kurultai.plenary import selectors
from kurultai.plenary.tests.factories import ClerkUserFactory, DeputyUserFactory, VoteEventFactory, second_factor
from kurultai.plenary.tests.wsgi_client import deputy_session
from kurultai.registry.models import Person


@pytest.fixture
def seated(db) -> list[Person]:
    """The 145 deputies holding a seat today, by name (the order the factories register them in)."""
    from django.utils import timezone

    return list(selectors.seated_deputies(timezone.localdate()).order_by("sort_name", "slug"))


@pytest.fixture
def vote(db) -> Any:
    """An open ordinary-law vote on a fresh open sitting where all 145 deputies are registered."""
    return VoteEventFactory()


@pytest.fixture
def deputy(seated) -> Any:
    """The first deputy's account, TOTP confirmed in this session."""
    return second_factor(DeputyUserFactory(person_slug=seated[0].slug))


@pytest.fixture
def clerk(db) -> Any:
    return second_factor(ClerkUserFactory())


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Test accounts need no slow password hashing (the demo's accounts still sign in)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def deputy_cookie(db) -> str:
    """The Cookie header of a deputy's session with TOTP confirmed (for WSGI-level tests)."""
    return deputy_session()
