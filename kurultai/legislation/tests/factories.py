"""Factories that make legislation data through the real services (factory_boy; no raw ``objects.create``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory

from kurultai.accounts.iin import make_iin
from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.roles import Role
from kurultai.accounts.services import citizen_verify, user_create
from kurultai.legislation import demo_texts, services
from kurultai.legislation.models import Bill, BillVersion
from kurultai.legislation.stages import Stage
from kurultai.registry.models import Organization

PASSWORD = "pw-Kurultai-2026"

# A short bill in the authoring format: Article 3 has two paragraphs, Article 4 a point list.
BILL_KK = """Сынақ заңы туралы

1-бап. Мақсаты
Осы Заң сынақ үшін жазылған.

2-бап. Ұғымдар
1. Бірінші тармақ.
2. Екінші тармақ.

3-бап. Мерзімдер
1. Өтініш он жұмыс күні ішінде қаралады.
2. Мерзім ұзартылмайды.

4-бап. Қолданысқа енгізу
Осы Заң 2027 жылғы 1 қаңтардан бастап қолданысқа енгізіледі.
"""
BILL_RU = """О тестовом законе

Статья 1. Цель
Настоящий Закон написан для проверки.

Статья 2. Понятия
1. Первый пункт.
2. Второй пункт.

Статья 3. Сроки
1. Обращение рассматривается в течение десяти рабочих дней.
2. Срок не продлевается.

Статья 4. Введение в действие
Настоящий Закон вводится в действие с 1 января 2027 года.
"""


def committee(slug: str = "legislation") -> Organization:
    return Organization.objects.get(slug=f"committee-{slug}")


class UserFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"legislation-user-{n}")
    roles: Any = ()
    person_slug = ""

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> User:
        return user_create(password=PASSWORD, **kwargs)


class CitizenFactory(UserFactory):
    """A citizen verified with a valid IIN through the real service."""

    region = "KZ-75"

    @classmethod
    def _create(cls, model_class: Any, *, region: str = "KZ-75", **kwargs: Any) -> User:
        user = user_create(password=PASSWORD, **kwargs)
        n = int(user.pk)
        iin = make_iin(date(1970, 1, 1) + timedelta(days=n % 9000), "F" if n % 2 else "M", serial=5000 + n % 4000)
        citizen_verify(user=user, iin=iin, region_code=region)
        return User.objects.select_related("citizen").get(pk=user.pk)


class BillFactory(factory.Factory):
    """A registered bill (by the system acting as the clerk), ``text=True`` with its first version."""

    class Meta:
        model = Bill

    number = factory.Sequence(lambda n: 900 + n)
    titles = factory.LazyFunction(lambda: {"kk": "Сынақ заңы туралы", "ru": "О тестовом законе", "en": "On a test law"})
    initiator_kind = "deputies"
    bill_type = "ordinary"
    lead_committee = factory.LazyFunction(committee)
    registered_on = date(2026, 10, 1)

    @classmethod
    def _create(
        cls,
        model_class: Any,
        *,
        text: bool = True,
        summary: bool = True,
        sources: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Bill:
        bill = services.bill_register(actor=SYSTEM, **kwargs)
        if text:
            services.version_publish(
                bill=bill,
                sources=sources or {"kk": BILL_KK, "ru": BILL_RU},
                published_on=kwargs.get("registered_on"),
                actor=SYSTEM,
            )
        if summary:
            services.bill_summary_set(
                bill=bill,
                summary={"kk": "Қарапайым түсіндірме.", "ru": "Простое объяснение.", "en": "A plain explanation."},
                actor=SYSTEM,
            )
        return Bill.objects.get(pk=bill.pk)


def move(bill: Bill, *path: Stage | str) -> Bill:
    """Move a bill along ``path`` (naming a vote event where one is needed)."""
    from kurultai.legislation import stages

    for to in path:
        vote = "test vote" if stages.needs_vote(bill.stage, to) else ""
        services.stage_transition(bill=bill, to=str(to), vote_event_ref=vote, actor=SYSTEM)
        bill = Bill.objects.get(pk=bill.pk)
    return bill


def path_to(target: Stage) -> list[Stage]:
    """The shortest path of transitions from ``registered`` to ``target`` (breadth-first)."""
    from collections import deque

    from kurultai.legislation.stages import TRANSITIONS

    previous: dict[Stage, Stage | None] = {Stage.REGISTERED: None}
    queue = deque([Stage.REGISTERED])
    while queue:
        stage = queue.popleft()
        for nxt in TRANSITIONS[stage]:
            if nxt not in previous:
                previous[nxt] = stage
                queue.append(nxt)
    path: list[Stage] = []
    node: Stage | None = target
    while node is not None and node is not Stage.REGISTERED:
        path.append(node)
        node = previous[node]
    return list(reversed(path))


def in_amendment_period(**kwargs: Any) -> Bill:
    return move(BillFactory(**kwargs), Stage.IN_COMMITTEE, Stage.FIRST_READING, Stage.AMENDMENT_PERIOD)


def current(bill: Bill) -> BillVersion:
    version = BillVersion.objects.get(pk=Bill.objects.get(pk=bill.pk).current_version_id)
    return version


def replace_op(target: str, kk: str, ru: str) -> dict[str, dict[str, str]]:
    return {
        "kk": {"op": "replace", "target": target, "content": kk},
        "ru": {"op": "replace", "target": target, "content": ru},
    }


def demo_sources(slug: str) -> dict[str, str]:
    return {lang: demo_texts.source(slug, lang) for lang in demo_texts.LANGUAGES}


ROLES = {
    "clerk": (Role.CLERK,),
    "committee_staff": (Role.COMMITTEE_STAFF,),
    "deputy": (Role.DEPUTY,),
    "moderator": (Role.MODERATOR,),
    "plain": (),
}
