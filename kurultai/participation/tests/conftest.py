"""Fixtures for participation tests: demo accounts, verified citizens and objects made by the real services."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from kurultai.accounts.models import User
from kurultai.accounts.roles import Role
from kurultai.accounts.services import token_create, user_create
from kurultai.participation import services
from kurultai.participation.tests.factories import CitizenFactory
from kurultai.registry.models import Organization


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters, cached counts and rules start empty in every test."""
    from kurultai.participation import selectors

    cache.clear()
    services._rule_cache.clear()
    selectors._signing.clear()
    yield
    cache.clear()
    services._rule_cache.clear()
    selectors._signing.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Attachments written by tests go to a temporary directory, not the instance's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_citizen(db):
    return CitizenFactory


@pytest.fixture
def citizen(make_citizen) -> User:
    return make_citizen(region="KZ-75")


@pytest.fixture
def other_citizen(make_citizen) -> User:
    return make_citizen(region="KZ-71")


@pytest.fixture
def make_user(db):
    """A user with the given roles (and optional registry person), made by the real service."""
    counter = {"n": 0}

    def make(*roles: Role, person_slug: str = "") -> User:
        counter["n"] += 1
        return user_create(
            username=f"pt{counter['n']}-{'-'.join(str(r) for r in roles) or 'plain'}",
            password=None,
            roles=roles,
            person_slug=person_slug,
        )

    return make


@pytest.fixture
def deputy(db) -> User:
    """The demo account of a sitting deputy (its ``person_slug`` points at the registry)."""
    return User.objects.get(username="deputy1")


@pytest.fixture
def other_deputy(db) -> User:
    return User.objects.get(username="deputy2")


@pytest.fixture
def clerk(make_user) -> User:
    return make_user(Role.CLERK)


@pytest.fixture
def moderator(make_user) -> User:
    return make_user(Role.MODERATOR)


@pytest.fixture
def committee(db) -> Organization:
    return Organization.objects.filter(classification="committee").order_by("slug").first()


@pytest.fixture
def other_committee(db) -> Organization:
    return Organization.objects.filter(classification="committee").order_by("slug")[1]


@pytest.fixture
def committee_staff(make_user, committee) -> User:
    """Committee staff answering for ``committee`` only."""
    from kurultai.accounts.permissions import SYSTEM

    user = make_user(Role.COMMITTEE_STAFF)
    services.responder_assign(user=user, organization=committee, actor=SYSTEM)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def bearer():
    """``bearer(user)`` -> request headers with a fresh API token of that user."""

    def make(user: User) -> dict[str, str]:
        _, key = token_create(user=user)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return make
