"""Fixtures for Council of Regions tests: demo accounts and users made by the real services."""

from __future__ import annotations

import pytest

from kurultai.accounts.models import User
from kurultai.accounts.roles import Role
from kurultai.accounts.services import token_create, user_create
from kurultai.regions.demo import DELEGATE_REGION
from kurultai.registry.models import Organization


@pytest.fixture
def delegate(db) -> User:
    """The demo maslikhat delegate, linked to the Kostanay regional maslikhat."""
    return User.objects.get(username="delegate")


@pytest.fixture
def kostanay(db) -> Organization:
    return Organization.objects.get(classification="maslikhat", area__identifier=DELEGATE_REGION)


@pytest.fixture
def make_user(db):
    counter = {"n": 0}

    def make(*roles: Role) -> User:
        counter["n"] += 1
        return user_create(
            username=f"rg{counter['n']}-{'-'.join(str(r) for r in roles) or 'plain'}", password=None, roles=roles
        )

    return make


@pytest.fixture
def bearer():
    def make(user: User) -> dict[str, str]:
        _, key = token_create(user=user)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return make
