"""The demo parliament, generated deterministically from a seed (not a database dump).

Institutions, parties, committees and regions are real reference data; every person is
fictional and flagged ``is_demo``. Running it twice reuses what exists.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurultai.accounts.iin import make_iin
from kurultai.accounts.models import User
from kurultai.accounts.roles import Role
from kurultai.accounts.services import citizen_verify, roles_ensure, user_create
from kurultai.analytics.demo import demo_analytics
from kurultai.elections.demo import demo_election_form
from kurultai.legislation.demo import demo_legislation
from kurultai.news.demo import demo_news
from kurultai.opendata.demo import demo_opendata
from kurultai.oversight.demo import demo_oversight
from kurultai.participation.demo import demo_participation
from kurultai.plenary.demo import demo_plenary
from kurultai.regions.demo import demo_regions
from kurultai.registry import services as registry
from kurultai.registry.models import Area, Person

SEED = 2026
DEMO_PASSWORD = "kurultai-demo"  # noqa: S105 - printed by `kurultai demo`; demo mode only
NAMES_FILE = Path(__file__).resolve().parent.parent / "registry" / "data" / "demo_names.json"

# Staff and citizens of the demo, one account per role (deputies are added from the list).
DEMO_ACCOUNTS: list[tuple[str, Role, str]] = [
    ("admin", Role.ADMIN, "Demo administrator"),
    ("clerk", Role.CLERK, "Demo clerk"),
    ("moderator", Role.MODERATOR, "Demo moderator"),
    ("staff", Role.COMMITTEE_STAFF, "Demo committee staff"),
    ("respondent", Role.GOVERNMENT_RESPONDENT, "Demo government respondent"),
    ("delegate", Role.MASLIKHAT_DELEGATE, "Demo maslikhat delegate"),
    ("operator", Role.PARTY_OPERATOR, "Demo party reception operator"),
]
DEMO_CITIZENS = [
    ("citizen", date(1988, 4, 12), "F", "KZ-75"),
    ("citizen2", date(1975, 11, 3), "M", "KZ-71"),
    ("citizen3", date(2001, 2, 28), "M", "KZ-39"),
]
DEMO_DEPUTY_ACCOUNTS = 3


@dataclass
class DemoReport:
    created: bool
    deputies: int
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, note

    def summary(self) -> str:
        lines = [
            "Demo parliament "
            + ("created" if self.created else "already loaded (reused)")
            + f": {self.deputies} deputies.",
            f"Demo accounts (password for all: {DEMO_PASSWORD}):",
        ]
        lines += [f"  {u:<12} {r:<22} {n}" for u, r, n in self.accounts]
        return "\n".join(lines)


class NameMaker:
    """Fictional names from the lists kept in the repo; each full name used once."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.parts = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
        self.used: set[str] = set()

    def make(self, gender: str) -> dict[str, str]:
        russian = self.rnd.random() < 0.15
        for _ in range(1000):
            if russian:
                surname = self.rnd.choice(self.parts["surnames_russian"])
                pool = self.parts["russian_given_male" if gender == "male" else "russian_given_female"]
                given_ru = self.rnd.choice(pool)
                key = "male_given" if gender == "male" else "female_given"
                given = next(g for g in self.parts[key] if g[1] == given_ru)
            else:
                surname = self.rnd.choice(self.parts["surnames_kazakh"])
                given = self.rnd.choice(self.parts["male_given" if gender == "male" else "female_given"])
            family = [self._feminine(s, i) if gender == "female" else s for i, s in enumerate(surname)]
            full_en = f"{given[2]} {family[2]}"
            if full_en not in self.used:
                self.used.add(full_en)
                return {
                    "given_kk": given[0],
                    "given_ru": given[1],
                    "given_en": given[2],
                    "family_kk": family[0],
                    "family_ru": family[1],
                    "family_en": family[2],
                }
        raise RuntimeError("the demo name lists are exhausted")

    @staticmethod
    def _feminine(surname: str, lang_index: int) -> str:
        if surname.endswith(("ов", "ев", "ин", "ov", "ev", "in", "yev")):
            return surname + ("a" if lang_index == 2 else "а")
        return surname


def _demo_accounts(report: DemoReport, deputy_slugs: list[str]) -> None:
    for username, role, note in DEMO_ACCOUNTS:
        if not User.objects.filter(username=username).exists():
            user_create(username=username, password=DEMO_PASSWORD, roles=[role], display_name=note)
        report.accounts.append((username, str(role), note))
    for i, (username, born, sex, region) in enumerate(DEMO_CITIZENS, start=1):
        iin = make_iin(born, sex, serial=1000 + i)  # type: ignore[arg-type]
        if not User.objects.filter(username=username).exists():
            user = user_create(username=username, password=DEMO_PASSWORD, roles=[], display_name=f"Demo citizen {i}")
            citizen_verify(user=user, iin=iin, region_code=region)
        report.accounts.append((username, "citizen", f"verified citizen, region {region}"))
    for i, slug in enumerate(deputy_slugs[:DEMO_DEPUTY_ACCOUNTS], start=1):
        username = f"deputy{i}"
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            user = existing
        else:
            person = Person.objects.get(slug=slug)
            user = user_create(
                username=username,
                password=DEMO_PASSWORD,
                roles=[Role.DEPUTY],
                display_name=person.name_en or person.name,
                person_slug=slug,
            )
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            # A fixed, printed secret: demo mode only, so a visitor can vote within a minute.
            key = hashlib.sha1(f"kurultai-demo-deputy-{i}".encode()).hexdigest()  # noqa: S324 - a seed, not a hash
            device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True, key=key)
        secret = base64.b32encode(bytes.fromhex(device.key)).decode().rstrip("=")
        report.accounts.append((username, "deputy", f"{user.display_name}; TOTP secret {secret}"))


def demo_load(seed: int = SEED) -> DemoReport:
    """Load reference data and the demo parliament; idempotent."""
    with transaction.atomic():
        roles_ensure()
        registry.reference_load()
        rnd = random.Random(seed)
        names = NameMaker(rnd)
        regions = list(Area.objects.exclude(classification="country").order_by("identifier"))
        created, deputy_slugs = demo_election_form(rnd=rnd, names=names, regions=regions)
        report = DemoReport(created=created, deputies=len(deputy_slugs))
        _demo_accounts(report, deputy_slugs)
        demo_oversight(rnd=rnd, names=names)
        demo_regions(rnd=rnd, names=names)
        demo_plenary(rnd)
        demo_legislation(rnd)
        demo_participation(rnd)
        demo_analytics()
        demo_news()
        demo_opendata()
    return report
