"""Demo committee work and oversight, written through the real services (deterministic from the seed).

State bodies are real institutions (names as published on gov.kz, not re-verified for 2026);
every meeting, hearing, investigation, inquiry, answer and report is fictional demo data and
says so in its text. Dates are counted back and forward from today so the demo always has
past and upcoming hearings and overdue inquiries. Running it twice reuses what exists.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Protocol

from django.utils import timezone

from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.common.workdays import kazakhstan_calendar
from kurultai.oversight import selectors, services
from kurultai.oversight.models import (
    AnswerRating,
    CommitteeMeeting,
    DocumentKind,
    FollowUpStatus,
    InviteeKind,
    StateBodyKind,
)
from kurultai.registry.models import Area, MembershipRole, Organization, OrganizationClassification, Person
from kurultai.registry.selectors import PARLIAMENT_SLUG, open_memberships

T = dict[str, str]
RESPONDENT_USERNAME = "respondent"
RESPONDENT_BODY = "ministry-of-health"


class NameSource(Protocol):
    def make(self, gender: str) -> dict[str, str]: ...


def _rk(kk: str, ru: str) -> T:
    """A name in the "of the Republic of Kazakhstan" form in kk and ru."""
    return {"kk": f"Қазақстан Республикасы {kk}", "ru": f"{ru} Республики Казахстан"}


# slug, kind, names, region (ISO code) for akimats
STATE_BODIES: list[tuple[str, str, T, str | None]] = [
    (
        "ministry-of-finance",
        StateBodyKind.MINISTRY,
        {**_rk("Қаржы министрлігі", "Министерство финансов"), "en": "Ministry of Finance"},
        None,
    ),
    (
        "ministry-of-national-economy",
        StateBodyKind.MINISTRY,
        {
            **_rk("Ұлттық экономика министрлігі", "Министерство национальной экономики"),
            "en": "Ministry of National Economy",
        },
        None,
    ),
    (
        "ministry-of-health",
        StateBodyKind.MINISTRY,
        {**_rk("Денсаулық сақтау министрлігі", "Министерство здравоохранения"), "en": "Ministry of Health"},
        None,
    ),
    (
        "ministry-of-education",
        StateBodyKind.MINISTRY,
        {**_rk("Оқу-ағарту министрлігі", "Министерство просвещения"), "en": "Ministry of Education"},
        None,
    ),
    (
        "ministry-of-labour",
        StateBodyKind.MINISTRY,
        {
            **_rk(
                "Еңбек және халықты әлеуметтік қорғау министрлігі", "Министерство труда и социальной защиты населения"
            ),
            "en": "Ministry of Labour and Social Protection of the Population",
        },
        None,
    ),
    (
        "ministry-of-energy",
        StateBodyKind.MINISTRY,
        {**_rk("Энергетика министрлігі", "Министерство энергетики"), "en": "Ministry of Energy"},
        None,
    ),
    (
        "ministry-of-agriculture",
        StateBodyKind.MINISTRY,
        {**_rk("Ауыл шаруашылығы министрлігі", "Министерство сельского хозяйства"), "en": "Ministry of Agriculture"},
        None,
    ),
    (
        "ministry-of-ecology",
        StateBodyKind.MINISTRY,
        {
            **_rk("Экология және табиғи ресурстар министрлігі", "Министерство экологии и природных ресурсов"),
            "en": "Ministry of Ecology and Natural Resources",
        },
        None,
    ),
    (
        "ministry-of-transport",
        StateBodyKind.MINISTRY,
        {**_rk("Көлік министрлігі", "Министерство транспорта"), "en": "Ministry of Transport"},
        None,
    ),
    (
        "ministry-of-internal-affairs",
        StateBodyKind.MINISTRY,
        {**_rk("Ішкі істер министрлігі", "Министерство внутренних дел"), "en": "Ministry of Internal Affairs"},
        None,
    ),
    (
        "agency-for-strategic-planning",
        StateBodyKind.AGENCY,
        {
            **_rk(
                "Стратегиялық жоспарлау және реформалар агенттігі",
                "Агентство по стратегическому планированию и реформам",
            ),
            "en": "Agency for Strategic Planning and Reforms",
        },
        None,
    ),
    (
        "anti-corruption-agency",
        StateBodyKind.AGENCY,
        {
            "kk": "Қазақстан Республикасының Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі",
            "ru": "Агентство Республики Казахстан по противодействию коррупции",
            "en": "Anti-Corruption Agency",
        },
        None,
    ),
    (
        "akimat-of-astana",
        StateBodyKind.AKIMAT,
        {"kk": "Астана қаласының әкімдігі", "ru": "Акимат города Астаны", "en": "Akimat of Astana"},
        "KZ-71",
    ),
    (
        "akimat-of-almaty",
        StateBodyKind.AKIMAT,
        {"kk": "Алматы қаласының әкімдігі", "ru": "Акимат города Алматы", "en": "Akimat of Almaty"},
        "KZ-75",
    ),
    (
        "akimat-of-kostanay-region",
        StateBodyKind.AKIMAT,
        {"kk": "Қостанай облысының әкімдігі", "ru": "Акимат Костанайской области", "en": "Akimat of Kostanay Region"},
        "KZ-39",
    ),
    (
        "akimat-of-turkistan-region",
        StateBodyKind.AKIMAT,
        {
            "kk": "Түркістан облысының әкімдігі",
            "ru": "Акимат Туркестанской области",
            "en": "Akimat of Turkistan Region",
        },
        "KZ-61",
    ),
]

# Per committee (registry slug without "committee-"): a past and an upcoming hearing topic, and
# the state body that answers for the field.
COMMITTEE_TOPICS: dict[str, tuple[T, T, str]] = {
    "legislation": (
        {
            "kk": "Тегін заң көмегінің қолжетімділігі",
            "ru": "Доступность бесплатной юридической помощи",
            "en": "Access to free legal aid",
        },
        {
            "kk": "Азаматтық процестегі цифрлық дәлелдемелер",
            "ru": "Цифровые доказательства в гражданском процессе",
            "en": "Digital evidence in civil proceedings",
        },
        "ministry-of-internal-affairs",
    ),
    "international": (
        {
            "kk": "Мерзімді қызметтегі әскери қызметшілердің қызмет ету жағдайлары",
            "ru": "Условия службы военнослужащих срочной службы",
            "en": "Conditions of service for conscripts",
        },
        {
            "kk": "Аса маңызды объектілердің киберқауіпсіздігі",
            "ru": "Кибербезопасность критически важных объектов",
            "en": "Cyber security of critical infrastructure",
        },
        "ministry-of-internal-affairs",
    ),
    "finance": (
        {
            "kk": "2025 жылғы республикалық бюджеттің атқарылуы",
            "ru": "Исполнение республиканского бюджета за 2025 год",
            "en": "Execution of the republican budget for 2025",
        },
        {
            "kk": "2027–2029 жылдарға арналған республикалық бюджет жобасы",
            "ru": "Проект республиканского бюджета на 2027–2029 годы",
            "en": "The draft republican budget for 2027–2029",
        },
        "ministry-of-finance",
    ),
    "economy": (
        {
            "kk": "Өңірлердегі шағын бизнесті қолдау",
            "ru": "Поддержка малого бизнеса в регионах",
            "en": "Support for small business in the regions",
        },
        {
            "kk": "Тұрғын үй құрылысы және инженерлік желілер",
            "ru": "Жилищное строительство и инженерные сети",
            "en": "Housing construction and utility networks",
        },
        "ministry-of-national-economy",
    ),
    "agrarian": (
        {
            "kk": "Оңтүстік өңірлерге суармалы су",
            "ru": "Поливная вода для южных регионов",
            "en": "Irrigation water for the southern regions",
        },
        {
            "kk": "Көктемгі егіс жұмыстарына арналған жанармай бағасы",
            "ru": "Цены на горючее для весенне-полевых работ",
            "en": "Fuel prices for the spring field work",
        },
        "ministry-of-agriculture",
    ),
    "ecology": (
        {
            "kk": "Ірі қалалардағы ауа сапасы",
            "ru": "Качество воздуха в крупных городах",
            "en": "Air quality in large cities",
        },
        {
            "kk": "Қалдықтарды сұрыптау және қайта өңдеу",
            "ru": "Сортировка и переработка отходов",
            "en": "Waste sorting and recycling",
        },
        "ministry-of-ecology",
    ),
    "social": (
        {
            "kk": "Алғашқы медициналық-санитариялық көмектегі күту мерзімдері",
            "ru": "Сроки ожидания в первичной медико-санитарной помощи",
            "en": "Waiting times in primary health care",
        },
        {
            "kk": "Мектептердегі инклюзивті білім беру",
            "ru": "Инклюзивное образование в школах",
            "en": "Inclusive education in schools",
        },
        "ministry-of-health",
    ),
}

MEETING_TITLE = {"kk": "Комитет отырысы № {n}", "ru": "Заседание комитета № {n}", "en": "Committee meeting No. {n}"}
AGENDA_BILLS = {
    "kk": "Комитеттің жұмыс жоспарындағы заң жобалары туралы",
    "ru": "О законопроектах в плане работы комитета",
    "en": "Bills in the committee's work plan",
}
AGENDA_HEARING = {
    "kk": "Парламенттік тыңдауды дайындау туралы",
    "ru": "О подготовке парламентских слушаний",
    "en": "Preparing the parliamentary hearing",
}
MINUTES = {
    "kk": "Комитет күн тәртібіндегі мәселелерді қарап, шешімдер қабылдады. (Демо хаттама.)",
    "ru": "Комитет рассмотрел вопросы повестки дня и принял решения. (Демонстрационный протокол.)",
    "en": "The committee considered the items on its agenda and took decisions. (Demo minutes.)",
}
DECISIONS = [
    {
        "kk": "Комитеттің қорытындысын мақұлдап, жұмыс тобына жіберу.",
        "ru": "Одобрить заключение комитета и направить его рабочей группе.",
        "en": "To approve the committee's conclusion and send it to the working group.",
    },
    {
        "kk": "Тақырып бойынша парламенттік тыңдау өткізу.",
        "ru": "Провести парламентские слушания по теме.",
        "en": "To hold a parliamentary hearing on the topic.",
    },
]
HEARING_DESCRIPTION = {
    "kk": (
        "Үкімет пен сарапшылардың қатысуымен парламенттік тыңдау. Азаматтар "
        "сөз сөйлеуге немесе қатысуға өтінім бере алады. (Демо.)"
    ),
    "ru": (
        "Парламентские слушания с участием Правительства и экспертов. Граждане "
        "могут подать заявку на выступление или участие. (Демо.)"
    ),
    "en": "A parliamentary hearing with the Government and experts. Citizens may apply to speak or to attend. (Demo.)",
}
HEARING_MINUTES = {
    "kk": "Тыңдауға қатысушылар баяндамаларды тыңдап, ұсынымдар қабылдады. (Демо хаттама.)",
    "ru": "Участники слушаний заслушали доклады и приняли рекомендации. (Демонстрационный протокол.)",
    "en": "The participants heard the reports and adopted recommendations. (Demo minutes.)",
}
RECOMMENDATIONS = [
    {
        "kk": "Қабылданған шаралар туралы комитетке ақпарат беру.",
        "ru": "Представить в комитет информацию о принятых мерах.",
        "en": "Report to the committee on the measures taken.",
    },
    {
        "kk": "Нормативтік құқықтық актілерге тиісті өзгерістерді әзірлеу.",
        "ru": "Разработать необходимые изменения в нормативные правовые акты.",
        "en": "Draft the necessary changes to the regulations.",
    },
]
MATERIAL = {
    "kk": "Тыңдауға арналған анықтамалық материал (демо)",
    "ru": "Справочный материал к слушаниям (демо)",
    "en": "Background paper for the hearing (demo)",
}

INQUIRY_SUBJECTS: list[tuple[str, T]] = [
    (
        "ministry-of-health",
        {
            "kk": "Ауылдық емханалардағы дәрігер тапшылығы",
            "ru": "Нехватка врачей в сельских поликлиниках",
            "en": "Shortage of doctors in rural clinics",
        },
    ),
    (
        "ministry-of-education",
        {
            "kk": "Жаңа тұрғын аудандардағы мектептердің шамадан тыс толуы",
            "ru": "Переполненность школ в новых жилых районах",
            "en": "Overcrowded schools in new residential districts",
        },
    ),
    (
        "ministry-of-transport",
        {
            "kk": "Өңірлік автомобиль жолдары желісін жөндеу",
            "ru": "Ремонт региональной сети автомобильных дорог",
            "en": "Repair of the regional road network",
        },
    ),
    (
        "ministry-of-energy",
        {
            "kk": "Жылу беру маусымы алдындағы жылу желілерінің тозуы",
            "ru": "Износ тепловых сетей перед отопительным сезоном",
            "en": "Worn heating networks before the winter",
        },
    ),
    (
        "ministry-of-agriculture",
        {
            "kk": "Мал шаруашылығымен айналысатындарға субсидиялар",
            "ru": "Субсидии животноводам",
            "en": "Subsidies for livestock farmers",
        },
    ),
    (
        "ministry-of-ecology",
        {
            "kk": "Елді мекендер маңындағы заңсыз қоқыс үйінділері",
            "ru": "Незаконные свалки вблизи населённых пунктов",
            "en": "Illegal landfills near settlements",
        },
    ),
    (
        "ministry-of-labour",
        {
            "kk": "Мүгедектік бойынша жәрдемақы төлемдерінің кешігуі",
            "ru": "Задержки выплат пособий по инвалидности",
            "en": "Delays in disability benefit payments",
        },
    ),
    (
        "ministry-of-finance",
        {
            "kk": "Мемлекеттік сатып алудың ашықтығы",
            "ru": "Прозрачность государственных закупок",
            "en": "Transparency of public procurement",
        },
    ),
    (
        "ministry-of-internal-affairs",
        {
            "kk": "Мектептер маңындағы жол қозғалысы қауіпсіздігі",
            "ru": "Безопасность дорожного движения возле школ",
            "en": "Road safety near schools",
        },
    ),
    (
        "akimat-of-almaty",
        {
            "kk": "Қаланың жаңа шағын аудандарындағы қоғамдық көлік",
            "ru": "Общественный транспорт в новых микрорайонах города",
            "en": "Public transport in the city's new districts",
        },
    ),
    (
        "akimat-of-astana",
        {"kk": "Ауыз судың сапасы", "ru": "Качество питьевой воды", "en": "Quality of drinking water"},
    ),
    (
        "akimat-of-kostanay-region",
        {"kk": "Ауылдарды газдандыру", "ru": "Газификация сёл", "en": "Gasification of villages"},
    ),
    (
        "akimat-of-turkistan-region",
        {"kk": "Ауылдарды сумен жабдықтау", "ru": "Водоснабжение сёл", "en": "Water supply of villages"},
    ),
    (
        "anti-corruption-agency",
        {
            "kk": "Жер учаскелерін беру кезіндегі сыбайлас жемқорлық тәуекелдері",
            "ru": "Коррупционные риски при предоставлении земельных участков",
            "en": "Corruption risks in land allocation",
        },
    ),
    (
        "agency-for-strategic-planning",
        {
            "kk": "Өңірлік жұмыссыздық статистикасының дәлдігі",
            "ru": "Точность региональной статистики безработицы",
            "en": "Accuracy of regional unemployment statistics",
        },
    ),
]
INQUIRY_TEXT = {
    "kk": (
        "Депутаттар мемлекеттік органнан жағдайды, қабылданған шараларды және "
        "оларды іске асыру мерзімдерін түсіндіруді сұрайды. (Демо сауал.)"
    ),
    "ru": (
        "Депутаты просят государственный орган разъяснить ситуацию, принятые "
        "меры и сроки их реализации. (Демонстрационный запрос.)"
    ),
}
ANSWERS = {
    "substantive": {
        "kk": (
            "Сауал қаралды. Шаралар жоспары бекітілді: қаржыландыру келесі жылғы "
            "бюджетте көзделген, жұмыстар екінші тоқсанда басталады. (Демо жауап.)"
        ),
        "ru": (
            "Запрос рассмотрен. Утверждён план мер: финансирование предусмотрено в бюджете "
            "на следующий год, работы начнутся во втором квартале. (Демонстрационный ответ.)"
        ),
    },
    "formal": {
        "kk": "Сауал қаралды. Мәселе бақылауда. (Демо жауап.)",
        "ru": "Запрос рассмотрен. Вопрос находится на контроле. (Демонстрационный ответ.)",
    },
}
# The states the demo register shows, in order: (state, how many).
INQUIRY_PLAN: list[tuple[str, int]] = [
    ("open", 5),
    ("overdue", 5),
    ("answered", 3),
    ("answered_late", 2),
    ("substantive", 4),
    ("formal", 4),
    ("unsatisfactory", 2),
    ("raised", 2),
    ("withdrawn", 1),
]

INVESTIGATION = {
    "title": {
        "kk": "Өңірлік жолдарды жөндеуге бөлінген бюджет қаражатының пайдаланылуы (демо)",
        "ru": "Использование бюджетных средств, выделенных на ремонт региональных дорог (демо)",
        "en": "Use of budget funds allocated to the repair of regional roads (demo)",
    },
    "decision": {
        "kk": "Парламенттік тергеу жүргізу туралы Құрылтай қаулысы (демо)",
        "ru": "Постановление Курултая о проведении парламентского расследования (демо)",
        "en": "Resolution of the Kurultai on a parliamentary investigation (demo)",
    },
    "mandate": {
        "kk": (
            "2024–2026 жылдары өңірлік жолдарды жөндеуге арналған қаражаттың қалай жоспарланғанын, "
            "жұмсалғанын және бақыланғанын анықтау және шаралар ұсыну."
        ),
        "ru": (
            "Установить, как планировались, расходовались и контролировались средства "
            "на ремонт региональных дорог в 2024–2026 годах, и предложить меры."
        ),
        "en": (
            "To establish how the funds for repairing regional roads in 2024–2026 "
            "were planned, spent and controlled, and to propose measures."
        ),
    },
    "scope": {
        "kk": "Көлік министрлігі; облыстардың әкімдіктері; 1 млрд теңгеден асатын шарттар.",
        "ru": "Министерство транспорта; акиматы областей; договоры свыше 1 млрд тенге.",
        "en": "The Ministry of Transport; regional akimats; contracts above 1 billion tenge.",
    },
    "report": {
        "kk": (
            "Комиссия шарттардың бір бөлігінде жұмыс көлемі асыра көрсетілгенін анықтады "
            "және бақылауды күшейтуді ұсынады. (Демо қорытынды баяндама.)"
        ),
        "ru": (
            "Комиссия установила завышение объёмов работ по части договоров и "
            "предлагает усилить контроль. (Демонстрационный итоговый доклад.)"
        ),
        "en": (
            "The investigation found overstated volumes of work in some contracts "
            "and proposes stronger control. (Demo final report.)"
        ),
    },
}
EVIDENCE = [
    {
        "kk": "Жол жөндеу шарттарының тізілімі (демо)",
        "ru": "Реестр договоров на ремонт дорог (демо)",
        "en": "Register of road repair contracts (demo)",
    },
    {
        "kk": "Жұмыстарды іріктеп тексеру актілері (демо)",
        "ru": "Акты выборочной проверки работ (демо)",
        "en": "Reports of spot checks of the works (demo)",
    },
]

REPORTS: list[tuple[str, str, str | None, T, int]] = [
    (
        "budget-execution-2025",
        "ministry-of-finance",
        None,
        {
            "kk": "2025 жылғы республикалық бюджеттің атқарылуы туралы Үкімет есебі (демо)",
            "ru": "Отчёт Правительства об исполнении республиканского бюджета за 2025 год (демо)",
            "en": "Government report on the execution of the republican budget for 2025 (demo)",
        },
        40,
    ),
    (
        "primary-care-availability-2026",
        "ministry-of-health",
        "committee-social",
        {
            "kk": "Алғашқы медициналық көмектің қолжетімділігі туралы есеп (демо)",
            "ru": "Отчёт о доступности первичной медицинской помощи (демо)",
            "en": "Report on the availability of primary health care (demo)",
        },
        20,
    ),
    (
        "spring-field-work-2027",
        "ministry-of-agriculture",
        "committee-agrarian",
        {
            "kk": "Көктемгі егіс жұмыстарына дайындық туралы есеп (демо)",
            "ru": "Отчёт о подготовке к весенне-полевым работам (демо)",
            "en": "Report on the preparation for the spring field work (demo)",
        },
        8,
    ),
]
QUESTIONS = [
    {
        "ru": "Почему не освоены средства по ряду бюджетных программ?",
        "kk": "Неліктен бірқатар бюджеттік бағдарламалар бойынша қаражат игерілмеді?",
    },
    {"ru": "Какие меры приняты по сокращению очередей?", "kk": "Кезекті қысқарту бойынша қандай шаралар қабылданды?"},
    {"ru": "Когда будут выделены субсидии фермерам?", "kk": "Фермерлерге субсидиялар қашан бөлінеді?"},
]
QUESTION_ANSWER = {
    "ru": "Причины изложены в пояснительной записке; меры включены в план на следующий год. (Демонстрационный ответ.)",
    "kk": "Себептері түсіндірме жазбада көрсетілген; шаралар келесі жылғы жоспарға енгізілді. (Демо жауап.)",
}


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _working_day_back(day: date, days: int) -> date:
    cal = kazakhstan_calendar()
    d = day - timedelta(days=days)
    while not cal.is_working_day(d):
        d -= timedelta(days=1)
    return d


def _working_day_ahead(day: date, days: int) -> date:
    return kazakhstan_calendar().next_working_day(day + timedelta(days=days))


def _state_bodies() -> dict[str, Organization]:
    areas = {a.identifier: a for a in Area.objects.all()}
    bodies = {}
    for slug, kind, names, region in STATE_BODIES:
        org = Organization.objects.filter(slug=slug).first()
        if org is None:
            org = services.state_body_create(
                slug=slug, names=names, kind=kind, area=areas.get(region) if region else None, actor=SYSTEM
            )
        bodies[slug] = org
    return bodies


def _respondent(bodies: dict[str, Organization]) -> None:
    user = User.objects.filter(username=RESPONDENT_USERNAME).first()
    body = bodies[RESPONDENT_BODY]
    if user is not None and not selectors.open_respondent_links().filter(user=user, state_body=body).exists():
        services.respondent_link(user=user, state_body=body, actor=SYSTEM, start_date=date(2026, 9, 7))


def _officer(committee: Organization) -> Person | None:
    m = open_memberships().filter(organization=committee, role=MembershipRole.CHAIR).select_related("person").first()
    return m.person if m else None


def _committee_work(rnd: random.Random, names: NameSource, bodies: dict[str, Organization], today: date) -> None:
    committees = list(Organization.objects.filter(classification=OrganizationClassification.COMMITTEE).order_by("slug"))
    for c_index, committee in enumerate(committees):
        key = committee.slug.removeprefix("committee-")
        past_topic, next_topic, body_slug = COMMITTEE_TOPICS.get(key, COMMITTEE_TOPICS["legislation"])
        body = bodies[body_slug]
        # Meetings: two held, one ahead.
        for n, days in enumerate((rnd.randint(40, 55), rnd.randint(12, 25)), start=1):
            meeting = services.meeting_schedule(
                committee=committee,
                slug=f"{committee.slug}-meeting-{n}",
                titles={lang: t.format(n=n) for lang, t in MEETING_TITLE.items()},
                starts_at=_at(_working_day_back(today, days)),
                location="Астана, Құрылтай, 3xx",
                agenda=[services.AgendaItemIn(titles=AGENDA_BILLS), services.AgendaItemIn(titles=AGENDA_HEARING)],
                actor=SYSTEM,
            )
            members = list(meeting.participants.filter(person__isnull=False).values_list("person", flat=True))
            absent = Person.objects.filter(pk__in=rnd.sample(members, min(2, len(members))))
            services.meeting_record(
                meeting=meeting,
                minutes=MINUTES,
                decisions=[
                    services.DecisionIn(
                        texts=DECISIONS[0], votes_for=len(members) - 2, votes_against=0, votes_abstained=0
                    ),
                    services.DecisionIn(texts=DECISIONS[1]),
                ],
                absent=list(absent),
                actor=SYSTEM,
            )
        services.meeting_schedule(
            committee=committee,
            slug=f"{committee.slug}-meeting-3",
            titles={lang: t.format(n=3) for lang, t in MEETING_TITLE.items()},
            starts_at=_at(_working_day_ahead(today, 5 + c_index)),
            location="Астана, Құрылтай, 3xx",
            agenda=[services.AgendaItemIn(titles=AGENDA_BILLS)],
            guests=[services.GuestIn(name=_guest(names), affiliation=body.name_ru or body.name)],
            actor=SYSTEM,
        )
        # A hearing held and closed, with recommendations and their follow-up; one announced ahead.
        past_day = _working_day_back(today, rnd.randint(30, 45))
        hearing = services.hearing_announce(
            committee=committee,
            slug=f"{committee.slug}-hearing-1",
            topics=past_topic,
            descriptions=HEARING_DESCRIPTION,
            starts_at=_at(past_day),
            applications_close_at=_at(past_day - timedelta(days=3), 18),
            location="Астана, Құрылтай",
            speaker_seats=3,
            attendee_seats=20,
            invitees=[
                services.InviteeIn(
                    name=_guest(names),
                    kind=InviteeKind.OFFICIAL,
                    position="Вице-министр",
                    organization=body,
                    confirmed=True,
                ),
                services.InviteeIn(name=_guest(names), kind=InviteeKind.EXPERT, position="Эксперт", confirmed=True),
            ],
            actor=SYSTEM,
        )
        services.document_add(
            hearing=hearing,
            kind=DocumentKind.MATERIAL,
            titles=MATERIAL,
            published_on=past_day - timedelta(days=5),
            actor=SYSTEM,
        )
        services.hearing_record(hearing=hearing, transcript="(Demo transcript.)", minutes=HEARING_MINUTES, actor=SYSTEM)
        services.hearing_close(hearing=hearing, actor=SYSTEM)
        for i, texts in enumerate(RECOMMENDATIONS):
            rec = services.recommendation_add(
                hearing=hearing,
                texts=texts,
                addressee=body,
                due_on=past_day + timedelta(days=20 + 30 * i),
                actor=SYSTEM,
            )
            outcome = (c_index + i) % 3
            if outcome == 1:
                services.recommendation_follow_up(recommendation=rec, status=FollowUpStatus.IN_PROGRESS, actor=SYSTEM)
            elif outcome == 2:
                services.recommendation_follow_up(
                    recommendation=rec, status=FollowUpStatus.DONE, done_on=past_day + timedelta(days=15), actor=SYSTEM
                )
        next_day = _working_day_ahead(today, 14 + 3 * c_index)
        upcoming = services.hearing_announce(
            committee=committee,
            slug=f"{committee.slug}-hearing-2",
            topics=next_topic,
            descriptions=HEARING_DESCRIPTION,
            starts_at=_at(next_day),
            applications_close_at=_at(next_day - timedelta(days=4), 18),
            location="Астана, Құрылтай",
            invitees=[
                services.InviteeIn(name=_guest(names), kind=InviteeKind.OFFICIAL, position="Министр", organization=body)
            ],
            actor=SYSTEM,
        )
        services.document_add(
            hearing=upcoming, kind=DocumentKind.MATERIAL, titles=MATERIAL, published_on=today, actor=SYSTEM
        )


def _guest(names: NameSource) -> str:
    n = names.make("male")
    return f"{n['given_ru']} {n['family_ru']} (демо)"


def _investigation(names: NameSource, bodies: dict[str, Organization], today: date) -> None:
    committee = Organization.objects.get(slug="committee-finance")
    members = list(
        open_memberships()
        .filter(organization=committee)
        .select_related("person")
        .order_by("role", "person__slug")
        .values_list("person", flat=True)
    )
    people = list(Person.objects.filter(pk__in=members[:6]).order_by("slug"))
    chair = _officer(committee)
    opened = _working_day_back(today, 75)
    inv = services.investigation_open(
        committee=committee,
        slug="regional-roads-funds",
        titles=INVESTIGATION["title"],
        opening_decisions=INVESTIGATION["decision"],
        mandates=INVESTIGATION["mandate"],
        scopes=INVESTIGATION["scope"],
        opened_on=opened,
        report_due_on=opened + timedelta(days=90),
        members=people,
        chair=chair,
        actor=SYSTEM,
    )
    for i, titles in enumerate(EVIDENCE):
        services.document_add(
            investigation=inv,
            kind=DocumentKind.EVIDENCE,
            titles=titles,
            published_on=opened + timedelta(days=10 + 10 * i),
            actor=SYSTEM,
        )
    day = _working_day_back(today, 35)
    hearing = services.hearing_announce(
        committee=committee,
        slug="regional-roads-funds-hearing",
        topics=INVESTIGATION["title"],
        descriptions=HEARING_DESCRIPTION,
        starts_at=_at(day),
        applications_close_at=_at(day - timedelta(days=3), 18),
        investigation=inv,
        invitees=[
            services.InviteeIn(
                name=_guest(names),
                kind=InviteeKind.OFFICIAL,
                position="Вице-министр",
                organization=bodies["ministry-of-transport"],
            )
        ],
        actor=SYSTEM,
    )
    services.hearing_record(hearing=hearing, transcript="(Demo transcript.)", minutes=HEARING_MINUTES, actor=SYSTEM)
    services.hearing_close(hearing=hearing, actor=SYSTEM)
    services.investigation_report(
        investigation=inv, final_report=INVESTIGATION["report"], published_on=_working_day_back(today, 10), actor=SYSTEM
    )
    for i, texts in enumerate(RECOMMENDATIONS):
        rec = services.recommendation_add(
            investigation=inv,
            texts=texts,
            addressee=bodies["ministry-of-transport"],
            due_on=today + timedelta(days=-5 + 40 * i),
            actor=SYSTEM,
        )
        if i == 1:
            services.recommendation_follow_up(recommendation=rec, status=FollowUpStatus.IN_PROGRESS, actor=SYSTEM)


def _inquiries(rnd: random.Random, bodies: dict[str, Organization], today: date) -> None:
    cal = kazakhstan_calendar()
    deputies = list(
        Person.objects.filter(
            pk__in=open_memberships()
            .filter(organization__slug=PARLIAMENT_SLUG, role=MembershipRole.DEPUTY)
            .values("person")
        ).order_by("slug")
    )
    demo_deputy = Person.objects.filter(slug__in=User.objects.filter(username="deputy1").values("person_slug")).first()
    regions = list(Area.objects.exclude(classification="country").order_by("identifier"))
    subjects = list(INQUIRY_SUBJECTS)
    rnd.shuffle(subjects)
    # The demo respondent's ministry gets a fresh, unanswered inquiry to answer.
    subjects.sort(key=lambda s: s[0] != RESPONDENT_BODY)
    # Draw every inquiry first, then register them in order of receipt, so numbers run with time.
    planned = []
    index = 0
    for state, count in INQUIRY_PLAN:
        for _ in range(count):
            body_slug, subject = subjects[index % len(subjects)]
            index += 1
            language = "kk" if rnd.random() < 0.4 else "ru"
            lead = (
                demo_deputy
                if demo_deputy is not None and state in ("answered", "unsatisfactory")
                else rnd.choice(deputies)
            )
            co = rnd.sample(deputies, rnd.choice((0, 0, 1, 3)))
            days_ago = rnd.randint(1, 9) if state == "open" else rnd.randint(35, 70)
            received = _at(today - timedelta(days=days_ago), rnd.randint(9, 17))
            region = rnd.choice(regions) if rnd.random() < 0.6 else None
            late = state == "answered_late" or (state == "unsatisfactory" and rnd.random() < 0.5)
            offset = rnd.randint(17, 22) if late else rnd.randint(4, 15)
            planned.append((received, index, state, bodies[body_slug], subject, language, lead, co, region, offset))
    for received, _i, state, body, subject, language, lead, co, region, offset in sorted(
        planned, key=lambda p: (p[0], p[1])
    ):
        inquiry = services.inquiry_create(
            actor=SYSTEM,
            lead_author=lead,
            co_authors=co,
            state_body=body,
            subject=subject[language],
            text=INQUIRY_TEXT[language],
            language=language,
            area=body.area if body.area_id else region,
            received_at=received,
        )
        if state in ("open", "overdue"):
            continue
        if state == "withdrawn":
            services.inquiry_withdraw(inquiry=inquiry, actor=SYSTEM)
            continue
        answered_on = min(cal.add_working_days(inquiry.registered_on, offset), today - timedelta(days=1))
        quality = "substantive" if state in ("substantive", "answered", "answered_late") else "formal"
        services.inquiry_answer(
            inquiry=inquiry,
            actor=SYSTEM,
            text=ANSWERS[quality][language],
            language=language,
            answered_at=_at(answered_on, 16),
        )
        if state in ("answered", "answered_late"):
            continue
        rating = {"substantive": AnswerRating.SUBSTANTIVE, "formal": AnswerRating.FORMAL}.get(
            state, AnswerRating.UNSATISFACTORY
        )
        services.inquiry_rate(
            inquiry=inquiry, actor=SYSTEM, rating=rating, rated_at=_at(answered_on + timedelta(days=2))
        )
        if state == "raised":
            services.inquiry_raise_at_plenary(inquiry=inquiry, actor=SYSTEM)


def _reports(rnd: random.Random, bodies: dict[str, Organization], today: date) -> None:
    deputies = list(
        open_memberships()
        .filter(organization__slug=PARLIAMENT_SLUG, role=MembershipRole.DEPUTY)
        .select_related("person")
        .order_by("person__slug")
    )
    for i, (slug, body_slug, committee_slug, titles, days_ago) in enumerate(REPORTS):
        committee = Organization.objects.get(slug=committee_slug) if committee_slug else None
        presented = _working_day_back(today, days_ago)
        report = services.report_register(
            slug=slug,
            titles=titles,
            state_body=bodies[body_slug],
            committee=committee,
            presented_on=presented,
            actor=SYSTEM,
        )
        for q in range(2 + (i == 0)):
            language = "ru" if q % 2 == 0 else "kk"
            question = services.report_question_ask(
                report=report,
                actor=SYSTEM,
                asked_by=rnd.choice(deputies).person,
                text=QUESTIONS[(i + q) % len(QUESTIONS)][language],
                language=language,
                asked_at=_at(presented, 11 + q),
            )
            if q < 2 - (i == 2):
                services.report_question_answer(
                    question=question,
                    actor=SYSTEM,
                    text=QUESTION_ANSWER[language],
                    language=language,
                    answered_at=_at(presented, 15),
                )


def demo_oversight(*, rnd: random.Random, names: NameSource) -> None:
    """State bodies, the demo respondent's link, and (once) the committees' oversight work."""
    bodies = _state_bodies()
    _respondent(bodies)
    if CommitteeMeeting.objects.exists():
        return
    today = timezone.localdate()
    _committee_work(rnd, names, bodies, today)
    _investigation(names, bodies, today)
    _inquiries(rnd, bodies, today)
    _reports(rnd, bodies, today)
