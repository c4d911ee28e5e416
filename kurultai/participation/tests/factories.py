"""Factories that make participation data through the real services (factory_boy; no raw ``objects.create``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from kurultai.accounts.iin import make_iin
from kurultai.accounts.models import CitizenProfile, User
from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.services import citizen_verify, user_create
from kurultai.participation import services
from kurultai.participation.models import Appeal, Petition, Proposal


class CitizenFactory(factory.Factory):
    """A verified adult citizen: an account, then ``citizen_verify`` with a valid test IIN."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"pc-citizen-{n}")
    region = "KZ-75"
    # Always an adult, however many citizens one test session makes (the sequence never resets).
    born = factory.Sequence(lambda n: date(1950, 1, 1) + timedelta(days=(37 * n) % 18_000))
    sex = "F"
    serial = factory.Sequence(lambda n: 3000 + n)

    @classmethod
    def _create(cls, model_class: Any, *, username: str, region: str, born: date, sex: str, serial: int) -> User:
        user = user_create(username=username, password=None, roles=[], display_name=username)
        citizen_verify(user=user, iin=make_iin(born, sex, serial=serial), region_code=region)  # type: ignore[arg-type]
        return User.objects.get(pk=user.pk)


class MinorProfileFactory(factory.django.DjangoModelFactory):
    """A citizen profile of a child, as an identity provider that does not check age might leave one:
    the built-in verifier refuses minors, so this is made directly."""

    class Meta:
        model = CitizenProfile

    user = factory.LazyFunction(lambda: user_create(username=f"pc-minor-{timezone.now().timestamp()}", password=None))
    iin_hash = factory.Sequence(lambda n: f"{n:064x}")
    region_code = "KZ-75"
    birth_year = factory.LazyFunction(lambda: timezone.localdate().year - 12)
    sex = "M"
    verification_method = "test-provider"


class AppealFactory(factory.Factory):
    class Meta:
        model = Appeal

    author = factory.SubFactory(CitizenFactory)
    addressee_kind = "parliament"
    addressee = ""
    category = "transport"
    subject = "Bus to the village"
    body = "Please restore the daily bus."
    received_at = None

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Appeal:
        return services.appeal_create(**kwargs)


class PetitionFactory(factory.Factory):
    """A petition by a verified citizen; ``stage`` takes it through the real services:
    draft, moderation, link_only (published by a moderator)."""

    class Meta:
        model = Petition

    author = factory.SubFactory(CitizenFactory)
    title = factory.Sequence(lambda n: f"Test petition {n}")
    body = "Please do something useful."
    category = "transport"
    addressee_kind = "parliament"

    @classmethod
    def _create(cls, model_class: Any, *, stage: str = "link_only", moderator: Any = SYSTEM, **kwargs: Any) -> Petition:
        petition = services.petition_create(**kwargs)
        if stage in ("moderation", "link_only"):
            petition = services.petition_submit(petition=petition, actor=kwargs["author"])
        if stage == "link_only":
            petition = services.petition_moderate(petition=petition, actor=moderator, approve=True)
        return petition


class ProposalFactory(factory.Factory):
    class Meta:
        model = Proposal

    author = factory.SubFactory(CitizenFactory)
    addressee_kind = "parliament"
    addressee = ""
    category = "housing"
    title = factory.Sequence(lambda n: f"Proposal number {n} about housing")
    body = "A single window for utility complaints."

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Proposal:
        return services.proposal_create(**kwargs)
