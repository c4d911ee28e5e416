"""Factories that make plenary data through the real services (factory_boy; no raw ``objects.create``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.roles import Role
from kurultai.accounts.services import user_create
from kurultai.plenary import selectors, services
from kurultai.plenary.models import AgendaItem, Sitting, VoteEvent
from kurultai.registry.selectors import current_convocation


class SittingFactory(factory.Factory):
    """A sitting of the demo convocation today, scheduled (``open=True`` opens it)."""

    class Meta:
        model = Sitting

    convocation = factory.LazyFunction(current_convocation)
    number = factory.Sequence(lambda n: 500 + n)
    starts_at = factory.LazyFunction(timezone.now)
    titles = factory.LazyAttribute(lambda o: {"kk": f"Сынақ отырысы {o.number}", "en": f"Test sitting {o.number}"})

    @classmethod
    def _create(cls, model_class: Any, *, open: bool = False, **kwargs: Any) -> Sitting:
        sitting = services.sitting_create(actor=SYSTEM, **kwargs)
        if open:
            sitting = services.sitting_open(sitting=sitting, actor=SYSTEM)
        return sitting


class AgendaItemFactory(factory.Factory):
    class Meta:
        model = AgendaItem

    sitting = factory.SubFactory(SittingFactory, open=True)
    kind = "bill_reading"
    titles = factory.LazyFunction(lambda: {"kk": "Заң жобасы", "ru": "Законопроект", "en": "A bill"})
    subject_ref = "test-bill"

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> AgendaItem:
        return services.agenda_item_add(actor=SYSTEM, **kwargs)


class VoteEventFactory(factory.Factory):
    """A vote, by default on a fresh open sitting where ``registered`` deputies (the first, by name) are present.

    ``state`` is ``draft``, ``open`` (the default), ``closed`` or ``published``; ``ballots``
    maps deputy slugs to options cast while it is open.
    """

    class Meta:
        model = VoteEvent

    agenda_item = factory.SubFactory(AgendaItemFactory)
    question_type = "ordinary_law"
    titles = factory.LazyFunction(lambda: {"kk": "Жобаны қабылдау", "en": "Adopting the bill"})
    summaries = factory.LazyFunction(lambda: {"kk": "Иә — заң қабылданады.", "en": "A yes adopts the law."})

    @classmethod
    def _create(
        cls,
        model_class: Any,
        *,
        state: str = "open",
        registered: int = 145,
        ballots: dict[str, str] | None = None,
        duration: timedelta = timedelta(minutes=10),
        **kwargs: Any,
    ) -> VoteEvent:
        item = kwargs["agenda_item"]
        if registered:
            seated = list(selectors.seated_deputies(selectors.sitting_date(item.sitting)).order_by("sort_name", "slug"))
            services.deputies_register(sitting=item.sitting, deputies=seated[:registered], actor=SYSTEM)
        vote = services.vote_create(actor=SYSTEM, **kwargs)
        if state == "draft":
            return vote
        vote = services.vote_open(vote_event=vote, duration=duration, actor=SYSTEM)
        for deputy, option in (ballots or {}).items():
            services.ballot_cast(vote_event=vote, user=SYSTEM, option=option, deputy=deputy)
        if state == "open":
            return vote
        vote = services.vote_close(vote_event=vote, actor=SYSTEM)
        if state == "closed":
            return vote
        return services.vote_publish(vote_event=vote, actor=SYSTEM)


class UserFactory(factory.Factory):
    """An account made by the real service; ``person_slug`` links a deputy to the registry.

    ``totp=True`` gives it a confirmed TOTP device (``user.totp_device``).
    """

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"plenary-user-{n}")
    roles: Any = ()
    person_slug = ""

    @classmethod
    def _create(cls, model_class: Any, *, totp: bool = False, **kwargs: Any) -> User:
        user = user_create(password="pw-Kurultai-2026", **kwargs)
        user.totp_device = TOTPDevice.objects.create(user=user, name="test", confirmed=True) if totp else None
        return user


class DeputyUserFactory(UserFactory):
    roles = (Role.DEPUTY,)
    totp = True


class ClerkUserFactory(UserFactory):
    roles = (Role.CLERK,)
    totp = True


def second_factor(user: Any, *, confirmed: bool = True) -> Any:
    """The user as django-otp's middleware hands it to a view: ``is_verified()`` says whether
    a TOTP code was confirmed in this session."""
    device = getattr(user, "totp_device", None) if confirmed else None
    user.otp_device = device
    user.is_verified = lambda: device is not None
    return user
