"""The demo election: real parties, ILLUSTRATIVE vote counts, a 145-seat Kurultai formed from them."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from kurultai.accounts.permissions import SYSTEM
from kurultai.elections import services
from kurultai.elections.models import Election
from kurultai.registry import services as registry
from kurultai.registry.models import (
    Area,
    Gender,
    Membership,
    MembershipRole,
    Organization,
    OrganizationClassification,
    Person,
)
from kurultai.registry.selectors import PARLIAMENT_SLUG

DEMO_ELECTION_SLUG = "kurultai-2026-demo"
POLLING_DATE = date(2026, 8, 30)
CONVOCATION_START = date(2026, 9, 7)
SEATS = 145
# Illustrative figures, NOT a real result: the real Kurultai result was not available
# (shared/data/law-kurultai.md: "Election results: NOT FOUND"). Registration order as in 2023.
ILLUSTRATIVE_VOTES: list[tuple[str | None, int]] = [
    ("amanat", 3_702_000),
    ("auyl", 781_000),
    ("respublica", 742_000),
    ("ak-zhol", 618_000),
    ("ppk", 455_000),
    ("osdp", 396_000),
    ("baytaq", 207_000),
    (None, 262_000),  # against all
]
RESERVE = 6  # candidates beyond the seats a list wins, so vacancies can be filled


class NameSource(Protocol):
    def make(self, gender: str) -> dict[str, str]: ...


def _person(rnd: random.Random, names: NameSource, index: int) -> tuple[Person, bool]:
    gender = Gender.FEMALE if rnd.random() < 0.36 else Gender.MALE
    n = names.make(gender)
    youth = rnd.random() < 0.12
    age = rnd.randint(26, 34) if youth else rnd.randint(35, 68)
    birth = date(POLLING_DATE.year - age, rnd.randint(1, 12), rnd.randint(1, 28))
    person = registry.person_create(
        slug=f"demo-{n['given_en'].lower()}-{n['family_en'].lower()}-{index:03d}",
        names={
            "kk": f"{n['given_kk']} {n['family_kk']}",
            "ru": f"{n['given_ru']} {n['family_ru']}",
            "en": f"{n['given_en']} {n['family_en']}",
        },
        family_name=n["family_ru"],
        given_name=n["given_ru"],
        sort_name=f"{n['family_en']}, {n['given_en']}",
        gender=gender,
        birth_date=birth,
        is_demo=True,
        actor=SYSTEM,
    )
    return person, youth


def _committees_and_posts(rnd: random.Random, deputies: list[Membership], parliament: Organization) -> None:
    """Each deputy sits on one standing committee; committees get a chair, deputy chair and secretary."""
    committees = list(Organization.objects.filter(classification=OrganizationClassification.COMMITTEE).order_by("slug"))
    order = list(deputies)
    rnd.shuffle(order)
    roles = [MembershipRole.CHAIR, MembershipRole.DEPUTY_CHAIR, MembershipRole.SECRETARY]
    for i, membership in enumerate(order):
        committee = committees[i % len(committees)]
        round_ = i // len(committees)
        role = roles[round_] if round_ < len(roles) else MembershipRole.MEMBER
        registry.membership_create(
            person=membership.person,
            organization=committee,
            role=role,
            start_date=membership.start_date,
            convocation=membership.convocation,
            actor=SYSTEM,
        )
    chair_post = registry.post_create(
        slug="kurultai-chair",
        labels={"kk": "Құрылтай Төрағасы", "ru": "Председатель Курултая", "en": "Chair of the Kurultai"},
        role="chair",
        organization=parliament,
        actor=SYSTEM,
    )
    speaker = order[-1]
    registry.membership_create(
        person=speaker.person,
        organization=parliament,
        role=MembershipRole.SPEAKER,
        post=chair_post,
        start_date=speaker.start_date,
        convocation=speaker.convocation,
        actor=SYSTEM,
    )
    # Three deputy chairs (President's address to the V National Kurultai, 20 Jan 2026 [K12]).
    for k, dep in enumerate(order[-4:-1], start=1):
        post = registry.post_create(
            slug=f"kurultai-deputy-chair-{k}",
            labels={
                "kk": "Құрылтай Төрағасының орынбасары",
                "ru": "Заместитель Председателя Курултая",
                "en": "Deputy Chair of the Kurultai",
            },
            role="deputy_chair",
            organization=parliament,
            actor=SYSTEM,
        )
        registry.membership_create(
            person=dep.person,
            organization=parliament,
            role=MembershipRole.DEPUTY_CHAIR,
            post=post,
            start_date=dep.start_date,
            convocation=dep.convocation,
            actor=SYSTEM,
            slug=f"{dep.person.slug}--deputy-chair-{k}",
        )


def demo_election_form(*, rnd: random.Random, names: Any, regions: list[Area]) -> tuple[bool, list[str]]:
    """Run the demo election end to end through the services; reuse it if it exists."""
    existing = Election.objects.filter(slug=DEMO_ELECTION_SLUG).first()
    parliament = Organization.objects.get(slug=PARLIAMENT_SLUG)
    if existing is None:
        election = services.election_create(
            slug=DEMO_ELECTION_SLUG,
            names={
                "kk": "Құрылтай сайлауы 2026 (демо)",
                "ru": "Выборы в Курултай 2026 (демо)",
                "en": "Kurultai election 2026 (demo)",
            },
            polling_date=POLLING_DATE,
            seats=SEATS,
            method="hare",
            threshold_percent=Decimal(5),
            min_lists=2,
            illustrative=True,
            actor=SYSTEM,
        )
        total = sum(v for _, v in ILLUSTRATIVE_VOTES)
        index = 0
        votes: dict[int, int] = {}
        for slug, v in ILLUSTRATIVE_VOTES:
            if slug is None:
                row = services.non_list_row_add(
                    election=election,
                    labels={"kk": "Барлығына қарсы", "ru": "Против всех", "en": "Against all"},
                    actor=SYSTEM,
                )
                votes[row.pk] = v
                continue
            expected = round(SEATS * v / total) + RESERVE
            candidates = []
            for _ in range(expected):
                index += 1
                person, youth = _person(rnd, names, index)
                candidates.append(services.CandidateIn(person=person, area=rnd.choice(regions), youth=youth))
            party = Organization.objects.get(slug=slug)
            plist = services.party_list_register(election=election, party=party, candidates=candidates, actor=SYSTEM)
            votes[plist.pk] = v
        services.results_enter(election=election, votes=votes, actor=SYSTEM)
        services.election_certify(election=election, actor=SYSTEM)
        convocation = services.convocation_form(election=election, number=1, start_date=CONVOCATION_START, actor=SYSTEM)
        deputies = list(
            Membership.objects.filter(convocation=convocation, organization=parliament, role=MembershipRole.DEPUTY)
            .select_related("person", "convocation")
            .order_by("slug")
        )
        _committees_and_posts(rnd, deputies, parliament)
        created = True
    else:
        created = False
    slugs = list(
        Membership.objects.filter(organization=parliament, role=MembershipRole.DEPUTY, end_date__isnull=True)
        .order_by("slug")
        .values_list("person__slug", flat=True)
    )
    return created, slugs
