"""Fixtures for oversight tests: accounts of the demo parliament and objects made by the real services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.roles import Role
from kurultai.accounts.services import token_create, user_create
from kurultai.oversight import services
from kurultai.oversight.demo import RESPONDENT_BODY
from kurultai.registry.models import Organization, Person


@pytest.fixture
def deputy(db) -> User:
    """The demo account of a sitting deputy (its ``person_slug`` points at the registry)."""
    return User.objects.get(username="deputy1")


@pytest.fixture
def other_deputy(db) -> User:
    return User.objects.get(username="deputy2")


@pytest.fixture
def deputy_person(deputy) -> Person:
    return Person.objects.get(slug=deputy.person_slug)


@pytest.fixture
def body(db) -> Organization:
    return Organization.objects.get(slug=RESPONDENT_BODY)


@pytest.fixture
def other_body(db) -> Organization:
    return Organization.objects.get(slug="ministry-of-finance")


@pytest.fixture
def respondent(db) -> User:
    """The demo government respondent, linked to the Ministry of Health."""
    return User.objects.get(username="respondent")


@pytest.fixture
def citizen(db) -> User:
    return User.objects.get(username="citizen")


@pytest.fixture
def bearer():
    """``bearer(user)`` -> request headers with a fresh API token of that user."""

    def make(user: User) -> dict[str, str]:
        _, key = token_create(user=user)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return make


@pytest.fixture
def make_user(db):
    """A user with the given roles (and optional registry person), made by the real service."""
    counter = {"n": 0}

    def make(*roles: Role, person_slug: str = "") -> User:
        counter["n"] += 1
        return user_create(
            username=f"ov{counter['n']}-{'-'.join(str(r) for r in roles) or 'plain'}",
            password=None,
            roles=roles,
            person_slug=person_slug,
        )

    return make


@pytest.fixture
def inquiry(deputy, body):
    """A fresh inquiry from ``deputy1`` to the Ministry of Health, awaiting an answer."""
    return services.inquiry_create(
        actor=deputy, state_body=body, subject="Queues at clinics", text="Please explain.", language="en"
    )


@pytest.fixture
def hearing(db):
    """An announced hearing of the finance committee with applications open and small caps."""
    now = timezone.now()
    return services.hearing_announce(
        committee=Organization.objects.get(slug="committee-finance"),
        slug="test-hearing",
        topics={"en": "Test hearing", "ru": "Тестовые слушания"},
        starts_at=now + timedelta(days=10),
        applications_close_at=now + timedelta(days=5),
        speaker_seats=1,
        attendee_seats=2,
        application_cap=4,
        actor=SYSTEM,
    )
