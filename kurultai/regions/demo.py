"""Demo Council of Regions, written through the real services (deterministic from the seed).

The 20 maslikhats, the Council and the Halyk Kenesi are real institutions; delegates are
fictional people (``is_demo``); initiatives, sessions and the Halyk Kenesi's bills are demo data
and say so. Running it twice reuses what exists.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Protocol

from django.utils import timezone

from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.regions import selectors, services
from kurultai.regions.models import InitiativeKind, InitiativeStatus, RegionalInitiative
from kurultai.registry import services as registry
from kurultai.registry.models import Area, Gender, MembershipRole, Organization, OrganizationClassification

T = dict[str, str]
DELEGATE_USERNAME = "delegate"
DELEGATE_REGION = "KZ-39"  # Kostanay: the one regional maslikhat whose size is sourced (32 seats)


class NameSource(Protocol):
    def make(self, gender: str) -> dict[str, str]: ...


PUBLIC_BODIES: list[tuple[str, T, str]] = [
    (
        "public-council-astana",
        {
            "kk": "Астана қаласының Қоғамдық кеңесі",
            "ru": "Общественный совет города Астаны",
            "en": "Public Council of Astana",
        },
        "KZ-71",
    ),
    (
        "public-council-karaganda-region",
        {
            "kk": "Қарағанды облысының Қоғамдық кеңесі",
            "ru": "Общественный совет Карагандинской области",
            "en": "Public Council of Karaganda Region",
        },
        "KZ-35",
    ),
]

INITIATIVE_TEXT = {
    "kk": "Мәслихат Өңірлер кеңесінен осы ұсынысты қарауды сұрайды. (Демо бастама.)",
    "ru": "Маслихат просит Совет регионов рассмотреть это предложение. (Демонстрационная инициатива.)",
}
# region, kind, title, what becomes of it, the bill an amendment concerns
INITIATIVES: list[tuple[str, str, T, str, str]] = [
    (
        "KZ-39",
        InitiativeKind.BILL,
        {
            "kk": "Құрғақшылықтан зардап шеккен астық өндірушілерді қолдау",
            "ru": "Поддержка зернопроизводителей, пострадавших от засухи",
        },
        "sent_to_committee",
        "",
    ),
    (
        "KZ-39",
        InitiativeKind.OVERSIGHT_QUESTION,
        {"kk": "Қостанай — Арқалық жолының жағдайы", "ru": "Состояние дороги Костанай — Аркалык"},
        "on_agenda",
        "",
    ),
    (
        "KZ-47",
        InitiativeKind.AMENDMENT,
        {"kk": "Ақтаудағы ауыз суды тұщыту", "ru": "Опреснение питьевой воды в Актау"},
        "became_bill",
        "demo-water-code",
    ),
    ("KZ-61", InitiativeKind.BILL, {"kk": "Таулы ауылдардың мәртебесі", "ru": "Статус горных сёл"}, "rejected", ""),
    (
        "KZ-63",
        InitiativeKind.OVERSIGHT_QUESTION,
        {"kk": "Өскемендегі ауаның ластануы", "ru": "Загрязнение воздуха в Усть-Каменогорске"},
        "sent_to_committee",
        "",
    ),
    (
        "KZ-75",
        InitiativeKind.AMENDMENT,
        {"kk": "Қала орталығындағы тұрақ ережелері", "ru": "Правила парковки в центре города"},
        "submitted",
        "demo-road-traffic",
    ),
    (
        "KZ-23",
        InitiativeKind.BILL,
        {"kk": "Жайық өзеніндегі су тасқынынан қорғау", "ru": "Защита от паводков на реке Урал"},
        "became_bill",
        "",
    ),
    (
        "KZ-31",
        InitiativeKind.OVERSIGHT_QUESTION,
        {"kk": "Суармалы су тарифтері", "ru": "Тарифы на поливную воду"},
        "on_agenda",
        "",
    ),
    (
        "KZ-55",
        InitiativeKind.BILL,
        {
            "kk": "Өңірлік мемлекеттік қызметшілердің қашықтан жұмысы",
            "ru": "Дистанционная работа региональных госслужащих",
        },
        "submitted",
        "",
    ),
    (
        "KZ-79",
        InitiativeKind.AMENDMENT,
        {"kk": "Көше саудасына рұқсаттар", "ru": "Разрешения на уличную торговлю"},
        "withdrawn",
        "demo-trade-regulation",
    ),
]
# Where the Council sends initiatives it accepts, by kind of question.
TARGET_COMMITTEES = {"KZ-39": "committee-agrarian", "KZ-63": "committee-ecology"}
DECISION_NOTES = {
    "sent_to_committee": {
        "ru": "Направить в профильный комитет Курултая.",
        "kk": "Құрылтайдың бейінді комитетіне жіберу.",
    },
    "became_bill": {
        "ru": "Внести как законопроект с инициатором «региональная инициатива».",
        "kk": "«Өңірлік бастама» бастамашысымен заң жобасы ретінде енгізу.",
    },
    "rejected": {
        "ru": "Отклонить: вопрос относится к компетенции маслихата.",
        "kk": "Қабылдамау: мәселе мәслихаттың құзыретіне жатады.",
    },
}
SESSION_TITLE = {
    "kk": "Өңірлер кеңесінің № {n} сессиясы",
    "ru": "Сессия Совета регионов № {n}",
    "en": "Council of Regions session No. {n}",
}
SESSION_MINUTES = {
    "kk": "Кеңес өңірлік бастамаларды қарап, шешімдер қабылдады. (Демо хаттама.)",
    "ru": "Совет рассмотрел региональные инициативы и принял решения. (Демонстрационный протокол.)",
    "en": "The Council considered regional initiatives and took decisions. (Demo minutes.)",
}
PEOPLE_COUNCIL_BILLS: list[tuple[str, T, int]] = [
    (
        "demo-hk-public-councils",
        {
            "kk": "«Қоғамдық кеңестер туралы» заң жобасы (демо)",
            "ru": "Проект закона «Об общественных советах» (демо)",
            "en": "Draft law on public councils (demo)",
        },
        30,
    ),
    (
        "demo-hk-volunteering",
        {
            "kk": "«Волонтерлік қызмет туралы» заң жобасы (демо)",
            "ru": "Проект закона «О волонтёрской деятельности» (демо)",
            "en": "Draft law on volunteering (demo)",
        },
        12,
    ),
]


def _at(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _delegates(rnd: random.Random, names: NameSource, maslikhats: list[Organization]) -> dict[int, object]:
    """One fictional delegate per maslikhat and per public body; the first is the Council's chair."""
    areas = {a.identifier: a for a in Area.objects.all()}
    bodies = []
    for slug, body_names, region in PUBLIC_BODIES:
        org = Organization.objects.filter(slug=slug).first() or registry.organization_create(
            slug=slug,
            names=body_names,
            classification=OrganizationClassification.COUNCIL,
            area=areas[region],
            actor=SYSTEM,
        )
        bodies.append(org)
    people: dict[int, object] = {}
    for i, org in enumerate([*maslikhats, *bodies]):
        gender = Gender.FEMALE if rnd.random() < 0.4 else Gender.MALE
        n = names.make(gender)
        person = registry.person_create(
            slug=f"demo-delegate-{org.slug}",
            names={
                "kk": f"{n['given_kk']} {n['family_kk']}",
                "ru": f"{n['given_ru']} {n['family_ru']}",
                "en": f"{n['given_en']} {n['family_en']}",
            },
            family_name=n["family_ru"],
            given_name=n["given_ru"],
            sort_name=f"{n['family_en']}, {n['given_en']}",
            gender=gender,
            is_demo=True,
            actor=SYSTEM,
        )
        role = MembershipRole.CHAIR if i == 0 else MembershipRole.MEMBER
        services.council_member_add(person=person, on_behalf_of=org, role=role, actor=SYSTEM)
        people[org.pk] = person
    return people


def demo_regions(*, rnd: random.Random, names: NameSource) -> None:
    """Maslikhats, the Council of Regions, the Halyk Kenesi, and (once) their demo work."""
    maslikhats = services.maslikhats_ensure(actor=SYSTEM)
    council = services.council_ensure(actor=SYSTEM)
    people_council = services.people_council_ensure(actor=SYSTEM)
    if selectors.council_members(council).exists():
        return
    today = timezone.localdate()
    people = _delegates(rnd, names, maslikhats)
    by_region = {m.area.identifier: m for m in maslikhats}

    user = User.objects.filter(username=DELEGATE_USERNAME).first()
    if user is not None:
        home = by_region[DELEGATE_REGION]
        services.delegate_link(user=user, maslikhat=home, person=people[home.pk], actor=SYSTEM)  # type: ignore[arg-type]

    created: list[tuple[RegionalInitiative, str]] = []
    for i, (region, kind, titles, outcome, bill_ref) in enumerate(INITIATIVES):
        maslikhat = by_region[region]
        language = "kk" if rnd.random() < 0.5 else "ru"
        initiative = services.initiative_submit(
            actor=SYSTEM,
            maslikhat=maslikhat,
            delegate=people[maslikhat.pk],  # type: ignore[arg-type]
            kind=kind,
            title=titles[language],
            text=INITIATIVE_TEXT[language],
            language=language,
            bill_ref=bill_ref if kind == InitiativeKind.AMENDMENT else "",
            submitted_at=_at(today - timedelta(days=70 - 5 * i)),
        )
        created.append((initiative, outcome))

    # A held session decided the earlier initiatives; the next one has the rest on its agenda.
    decided = [(ini, out) for ini, out in created if out in ("sent_to_committee", "became_bill", "rejected")]
    pending = [ini for ini, out in created if out == "on_agenda"]
    held = services.session_schedule(
        slug="council-of-regions-session-1",
        number=1,
        titles={lang: t.format(n=1) for lang, t in SESSION_TITLE.items()},
        starts_at=_at(today - timedelta(days=21)),
        location="Астана, Құрылтай",
        agenda=[services.SessionItemIn(titles={ini.language: ini.title}, initiative=ini) for ini, _out in decided],
        scheduled_at=_at(today - timedelta(days=28)),
        actor=SYSTEM,
    )
    committees = {o.slug: o for o in Organization.objects.filter(classification=OrganizationClassification.COMMITTEE)}
    for initiative, outcome in decided:
        services.initiative_decide(
            initiative=initiative,
            decision=outcome,
            committee=committees.get(TARGET_COMMITTEES.get(initiative.area.identifier, "")),
            bill_ref=f"demo-ri-{initiative.slug}" if outcome == InitiativeStatus.BECAME_BILL else "",
            note=DECISION_NOTES[outcome][initiative.language],
            decided_at=_at(today - timedelta(days=21), 15),
            actor=SYSTEM,
        )
    services.session_record(session=held, minutes=SESSION_MINUTES, actor=SYSTEM)
    services.session_schedule(
        slug="council-of-regions-session-2",
        number=2,
        titles={lang: t.format(n=2) for lang, t in SESSION_TITLE.items()},
        starts_at=_at(today + timedelta(days=10)),
        location="Астана, Құрылтай",
        agenda=[services.SessionItemIn(titles={ini.language: ini.title}, initiative=ini) for ini in pending],
        actor=SYSTEM,
    )
    for initiative, outcome in created:
        if outcome == "withdrawn":
            services.initiative_withdraw(initiative=initiative, actor=SYSTEM)

    for bill_ref, titles, days_ago in PEOPLE_COUNCIL_BILLS:
        services.bill_submission_record(
            organization=people_council,
            bill_ref=bill_ref,
            titles=titles,
            submitted_on=today - timedelta(days=days_ago),
            actor=SYSTEM,
        )
