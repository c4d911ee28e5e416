"""Demo plenary work: past sittings with registrations, votes and every deputy's ballot, one
sitting open today with a vote a demo deputy can join, and one sitting scheduled next week.

Everything goes through the services with ``SYSTEM`` as the actor and the moments of the
past passed explicitly, so the demo's ballots and results are in the public record like
real ones. The vote patterns are invented (faction lines with some dissent; the first three
sittings have every deputy's ballot, the later ones some absences and deputies not voting);
the deputies are the fictional demo parliament. Idempotent: a loaded demo is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.plenary import selectors, services
from kurultai.plenary.models import Sitting
from kurultai.registry.models import Convocation, Person
from kurultai.registry.selectors import current_convocation

ALMATY = ZoneInfo("Asia/Almaty")
Y, N, A = "yes", "no", "abstain"
DEMO_NOTE = {
    "kk": "Демо деректер: дауыс беру үлгілері ойдан шығарылған.",
    "ru": "Демо-данные: картина голосований вымышлена.",
    "en": "Demo data: the voting patterns are invented.",
}
DEMO_WORD = {"kk": "демо", "ru": "демо", "en": "demo"}
OPEN_VOTE_DAYS = 30  # the demo's live vote stays open long enough for a visitor to cast a ballot


@dataclass(frozen=True)
class DemoVote:
    question_type: str
    titles: dict[str, str]
    summaries: dict[str, str]
    # Each faction's line; a faction not named votes yes.
    lines: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoItem:
    kind: str
    titles: dict[str, str]
    vote: DemoVote | None
    subject_ref: str = ""


@dataclass(frozen=True)
class DemoSitting:
    day: date
    titles: dict[str, str]
    items: list[DemoItem]
    absence: float  # share of deputies not registered; half as many again are present but do not vote


def _t(kk: str, ru: str, en: str) -> dict[str, str]:
    return {"kk": kk, "ru": ru, "en": en}


AGENDA_VOTE = DemoVote(
    "procedural",
    _t("Отырыстың күн тәртібін бекіту", "Об утверждении повестки дня заседания", "Adopting the agenda of the sitting"),
    _t(
        "«Иә» — күн тәртібі ұсынылған түрде қабылданады.",
        "«За» — повестка дня принимается в предложенном виде.",
        "A yes adopts the agenda as proposed.",
    ),
)

PAST: list[DemoSitting] = [
    DemoSitting(
        date(2026, 9, 15),
        _t("Құрылтайдың бірінші отырысы", "Первое заседание Курултая", "First sitting of the Kurultai"),
        [
            DemoItem("procedural", _t("Күн тәртібі", "Повестка дня", "Agenda"), AGENDA_VOTE),
            DemoItem(
                "appointment",
                _t(
                    "Премьер-Министрді тағайындауға келісім",
                    "О согласии на назначение Премьер-Министра",
                    "Consent to the appointment of the Prime Minister",
                ),
                DemoVote(
                    "appointment",
                    _t(
                        "Премьер-Министрді тағайындауға келісім беру",
                        "Дать согласие на назначение Премьер-Министра",
                        "Consenting to the appointment of the Prime Minister",
                    ),
                    _t(
                        "«Иә» — Президент ұсынған кандидатқа келісім беріледі.",
                        "«За» — Курултай соглашается с кандидатурой, предложенной Президентом.",
                        "A yes means the Kurultai agrees to the President's candidate.",
                    ),
                    {"faction-ppk": A, "faction-osdp": N},
                ),
            ),
        ],
        absence=0.0,
    ),
    DemoSitting(
        date(2026, 9, 29),
        _t("Құрылтайдың екінші отырысы", "Второе заседание Курултая", "Second sitting of the Kurultai"),
        [
            DemoItem(
                "bill_reading",
                _t(
                    "Бюджет кодексіне өзгерістер (бірінші оқылым)",
                    "Изменения в Бюджетный кодекс (первое чтение)",
                    "Amendments to the Budget Code (first reading)",
                ),
                DemoVote(
                    "ordinary_law",
                    _t(
                        "Жобаны бірінші оқылымда мақұлдау",
                        "Одобрить проект в первом чтении",
                        "Approving the bill in first reading",
                    ),
                    _t(
                        "«Иә» — жоба екінші оқылымға жіберіледі.",
                        "«За» — проект переходит ко второму чтению.",
                        "A yes sends the bill on to its second reading.",
                    ),
                    {"faction-ak-zhol": N, "faction-ppk": N, "faction-osdp": N},
                ),
                subject_ref="demo-budget-code-amendments",
            ),
            DemoItem(
                "bill_reading",
                _t(
                    "«Құрылтай туралы» конституциялық заң",
                    "Конституционный закон «О Курултае»",
                    "Constitutional Law on the Kurultai",
                ),
                DemoVote(
                    "constitutional_law",
                    _t(
                        "Конституциялық заңды қабылдау",
                        "Принять конституционный закон",
                        "Adopting the constitutional law",
                    ),
                    _t(
                        "«Иә» — Құрылтайдың жұмыс тәртібі туралы заң қабылданады (депутаттардың үштен екісі қажет).",
                        "«За» — принимается закон о порядке работы Курултая (нужны две трети депутатов).",
                        "A yes adopts the law on how the Kurultai works (two thirds of all deputies needed).",
                    ),
                    {"faction-osdp": A},
                ),
                subject_ref="demo-constitutional-law-kurultai",
            ),
        ],
        absence=0.0,
    ),
    DemoSitting(
        date(2026, 10, 13),
        _t("Құрылтайдың үшінші отырысы", "Третье заседание Курултая", "Third sitting of the Kurultai"),
        [
            DemoItem(
                "ratification",
                _t(
                    "Халықаралық келісімді ратификациялау",
                    "О ратификации международного соглашения",
                    "Ratification of an international agreement",
                ),
                DemoVote(
                    "ordinary_law",
                    _t(
                        "Келісімді ратификациялау туралы заңды қабылдау",
                        "Принять закон о ратификации соглашения",
                        "Adopting the law ratifying the agreement",
                    ),
                    _t(
                        "«Иә» — Қазақстан келісімге қатысушы болады.",
                        "«За» — Казахстан становится участником соглашения.",
                        "A yes makes Kazakhstan a party to the agreement.",
                    ),
                ),
            ),
            DemoItem(
                "bill_reading",
                _t(
                    "Депутаттық жоба: коммуналдық тарифтер",
                    "Депутатский проект о коммунальных тарифах",
                    "Deputies' bill on utility tariffs",
                ),
                DemoVote(
                    "bill_rejection",
                    _t("Жобаны қабылдамау", "Отклонить проект", "Rejecting the bill"),
                    _t(
                        "«Иә» — жоба бастамашыларға қайтарылады.",
                        "«За» — проект возвращается инициаторам.",
                        "A yes returns the bill to its authors.",
                    ),
                    {"faction-amanat": N},
                ),
                subject_ref="demo-utility-tariffs-bill",
            ),
        ],
        absence=0.0,
    ),
    DemoSitting(
        date(2026, 10, 27),
        _t("Құрылтайдың төртінші отырысы", "Четвёртое заседание Курултая", "Fourth sitting of the Kurultai"),
        [
            DemoItem(
                "no_confidence",
                _t(
                    "Үкіметке сенімсіздік білдіру туралы ұсыныс",
                    "Предложение о недоверии Правительству",
                    "Motion of no confidence in the Government",
                ),
                DemoVote(
                    "no_confidence",
                    _t(
                        "Үкіметке сенімсіздік білдіру",
                        "Выразить недоверие Правительству",
                        "Expressing no confidence in the Government",
                    ),
                    _t(
                        "«Иә» — Үкімет отставкаға кетуі тиіс.",
                        "«За» — Правительство должно уйти в отставку.",
                        "A yes means the Government must resign.",
                    ),
                    {"faction-amanat": N, "faction-auyl": N, "faction-respublica": A},
                ),
            ),
            DemoItem(
                "resolution",
                _t(
                    "Жоғары аудиторлық палатаның есебі",
                    "Отчёт Высшей аудиторской палаты",
                    "Report of the Supreme Audit Chamber",
                ),
                DemoVote(
                    "resolution",
                    _t(
                        "Есеп бойынша қаулыны қабылдау",
                        "Принять постановление по отчёту",
                        "Adopting the resolution on the report",
                    ),
                    _t(
                        "«Иә» — Құрылтай есепті қабылдап, Үкіметке ұсыныстар береді.",
                        "«За» — Курултай принимает отчёт и даёт рекомендации Правительству.",
                        "A yes accepts the report and sends recommendations to the Government.",
                    ),
                    {"faction-osdp": A},
                ),
            ),
        ],
        absence=0.05,
    ),
    DemoSitting(
        date(2026, 11, 10),
        _t("Құрылтайдың бесінші отырысы", "Пятое заседание Курултая", "Fifth sitting of the Kurultai"),
        [
            DemoItem(
                "bill_reading",
                _t(
                    "Бюджет кодексіне өзгерістер (екінші оқылым)",
                    "Изменения в Бюджетный кодекс (второе чтение)",
                    "Amendments to the Budget Code (second reading)",
                ),
                DemoVote(
                    "ordinary_law",
                    _t(
                        "Заңды екінші оқылымда қабылдау",
                        "Принять закон во втором чтении",
                        "Adopting the law in second reading",
                    ),
                    _t(
                        "«Иә» — заң қол қоюға Президентке жіберіледі.",
                        "«За» — закон направляется Президенту на подпись.",
                        "A yes sends the law to the President for signature.",
                    ),
                    {"faction-ppk": N, "faction-osdp": N, "faction-ak-zhol": A},
                ),
                subject_ref="demo-budget-code-amendments",
            ),
            DemoItem(
                "procedural",
                _t("Сөз сөйлеу уақытын ұзарту", "О продлении времени выступлений", "Extending speaking time"),
                DemoVote(
                    "procedural",
                    _t(
                        "Сөз сөйлеу уақытын 10 минутқа ұзарту",
                        "Продлить время выступлений до 10 минут",
                        "Extending speaking time to 10 minutes",
                    ),
                    _t(
                        "«Иә» — әр шешенге 10 минут беріледі.",
                        "«За» — каждому выступающему даётся 10 минут.",
                        "A yes gives each speaker 10 minutes.",
                    ),
                    {"faction-amanat": N, "faction-auyl": A},
                ),
            ),
        ],
        absence=0.03,
    ),
]

TODAY_ITEMS = [
    DemoItem("procedural", _t("Күн тәртібі", "Повестка дня", "Agenda"), AGENDA_VOTE),
    DemoItem(
        "bill_reading",
        _t(
            "Білім туралы заңға өзгерістер (бірінші оқылым)",
            "Изменения в Закон об образовании (первое чтение)",
            "Amendments to the Law on Education (first reading)",
        ),
        DemoVote(
            "ordinary_law",
            _t(
                "Жобаны бірінші оқылымда мақұлдау",
                "Одобрить проект в первом чтении",
                "Approving the bill in first reading",
            ),
            _t(
                "«Иә» — мектептердегі оқулықтар тегін болады деген жоба екінші оқылымға жіберіледі.",
                "«За» — проект о бесплатных школьных учебниках переходит ко второму чтению.",
                "A yes sends the bill on free school textbooks on to its second reading.",
            ),
            {"faction-ak-zhol": A},
        ),
        subject_ref="demo-education-amendments",
    ),
]
NEXT_ITEMS = [
    DemoItem(
        "bill_reading",
        _t(
            "Білім туралы заңға өзгерістер (екінші оқылым)",
            "Изменения в Закон об образовании (второе чтение)",
            "Amendments to the Law on Education (second reading)",
        ),
        None,
        subject_ref="demo-education-amendments",
    ),
    DemoItem(
        "report",
        _t("Үкімет сағаты: денсаулық сақтау", "Правительственный час: здравоохранение", "Government hour: health care"),
        None,
    ),
]


def _at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=ALMATY)


def _ballots(
    rnd: random.Random,
    seated: list[tuple[Person, str | None]],
    registered: set[str],
    lines: dict[str, str],
    not_voting: float,
) -> dict[str, str]:
    """Faction discipline with a little dissent; a few present deputies may not vote."""
    out: dict[str, str] = {}
    for person, faction in seated:
        if person.slug not in registered or rnd.random() < not_voting:
            continue
        line = lines.get(faction or "", Y)
        if rnd.random() < 0.04:
            line = rnd.choice([o for o in (Y, N, A) if o != line])
        out[person.slug] = line
    return out


def _sitting(convocation: Convocation, number: int, spec_day: date, titles: dict[str, str]) -> Sitting:
    return services.sitting_create(
        convocation=convocation,
        number=number,
        starts_at=_at(spec_day, 10),
        titles={lang: f"{text} ({DEMO_WORD[lang]})" for lang, text in titles.items()},
        actor=SYSTEM,
    )


def _hold(
    rnd: random.Random,
    sitting: Sitting,
    items: list[DemoItem],
    *,
    absence: float,
    opened: datetime,
    keep_open: bool = False,
    keep_empty: frozenset[str] = frozenset(),
) -> None:
    services.sitting_open(sitting=sitting, actor=SYSTEM, at=opened)
    seated = [(p, f.slug if f else None) for p, f in selectors.seated_with_factions(selectors.sitting_date(sitting))]
    present = [p for p, _ in seated if p.slug in keep_empty or rnd.random() >= absence]
    services.deputies_register(sitting=sitting, deputies=present, actor=SYSTEM, at=opened + timedelta(minutes=1))
    registered = {p.slug for p in present}
    moment = opened + timedelta(minutes=10)
    agenda = [
        services.agenda_item_add(
            sitting=sitting, kind=item.kind, titles=item.titles, subject_ref=item.subject_ref, actor=SYSTEM
        )
        for item in items
    ]
    for n, (item, spec) in enumerate(zip(agenda, items, strict=True)):
        if spec.vote is None:
            continue
        vote = services.vote_create(
            agenda_item=item,
            question_type=spec.vote.question_type,
            titles=spec.vote.titles,
            summaries=spec.vote.summaries,
            actor=SYSTEM,
        )
        last = keep_open and n == len(items) - 1
        duration = timedelta(days=OPEN_VOTE_DAYS) if last else timedelta(seconds=60)
        vote = services.vote_open(vote_event=vote, duration=duration, actor=SYSTEM, at=moment)
        ballots = _ballots(rnd, seated, registered - keep_empty, spec.vote.lines, not_voting=absence / 2)
        # Ballots arrive within the minute, in the order deputies press their buttons.
        for deputy, option in sorted(ballots.items(), key=lambda _: rnd.random()):
            when = moment + timedelta(seconds=rnd.randint(1, 55))
            services.ballot_cast(vote_event=vote, user=SYSTEM, option=option, deputy=deputy, at=when)
        if last:
            return
        vote = services.vote_close(vote_event=vote, actor=SYSTEM, at=moment + timedelta(seconds=60))
        services.vote_publish(vote_event=vote, actor=SYSTEM, at=moment + timedelta(minutes=2))
        moment += timedelta(minutes=25)
    services.sitting_transcript_set(
        sitting=sitting,
        transcripts={lang: f"{DEMO_NOTE[lang]}\n\n…" for lang in DEMO_NOTE},
        actor=SYSTEM,
    )
    services.sitting_close(sitting=sitting, actor=SYSTEM, at=moment + timedelta(minutes=30))


def demo_plenary(rnd: random.Random) -> bool:
    """Load the demo's sittings and votes through the services; False if they are there already."""
    convocation = current_convocation()
    if convocation is None or Sitting.objects.filter(convocation=convocation).exists():
        return False
    for number, spec in enumerate(PAST, start=1):
        sitting = _sitting(convocation, number, spec.day, spec.titles)
        services.sitting_document_add(
            sitting=sitting,
            titles=_t("Мәжіліс сайты", "Сайт Мажилиса", "Website of the Mazhilis"),
            url="https://www.parlam.kz/",
            actor=SYSTEM,
        )
        _hold(rnd, sitting, spec.items, absence=spec.absence, opened=_at(spec.day, 10))
    now = timezone.now()
    today = timezone.localdate(now)
    # The demo deputies' accounts (kurultai.portal.demo) are registered but have not voted yet.
    demo_deputies = frozenset(
        User.objects.filter(username__startswith="deputy").exclude(person_slug="").values_list("person_slug", flat=True)
    )
    live = _sitting(convocation, len(PAST) + 1, today, _t("Бүгінгі отырыс", "Сегодняшнее заседание", "Today's sitting"))
    _hold(
        rnd, live, TODAY_ITEMS, absence=0.03, opened=now - timedelta(hours=1), keep_open=True, keep_empty=demo_deputies
    )
    upcoming = _sitting(
        convocation,
        len(PAST) + 2,
        today + timedelta(days=7),
        _t("Келесі отырыс", "Следующее заседание", "Next sitting"),
    )
    for item in NEXT_ITEMS:
        services.agenda_item_add(
            sitting=upcoming, kind=item.kind, titles=item.titles, subject_ref=item.subject_ref, actor=SYSTEM
        )
    return True
