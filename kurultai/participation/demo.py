"""Demo citizen participation, written through the real services (deterministic from the seed).

Demo citizens with valid demo IINs (built by ``make_iin``, verified by ``citizen_verify``; the
IINs are neither printed nor kept) sign petitions from every region. There are appeals in every
state (some overdue), petitions in every state (one past its threshold and answered), proposals
to the Kurultai, a committee and each party's reception office, reports, a hidden proposal, a
burst of signatures for the moderators, and follows. Every text says it is demo data.
Running it twice reuses what exists.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from kurultai.accounts.iin import Sex, make_iin
from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.services import citizen_verify, user_create
from kurultai.participation import services, tasks
from kurultai.participation.models import Category, Petition, ProposalAddressee
from kurultai.participation.rules import RuleKey
from kurultai.registry.models import Area, AreaClassification, Organization
from kurultai.registry.selectors import deputy_list

SIGNERS_PER_REGION = 8
SIGNER_PREFIX = "demo-signer-"
SERIAL_BASE = 7000
DEMO_PARLIAMENT_THRESHOLD = 120
DEMO = " (Демо.)"


def _signers(rnd: random.Random) -> list[User]:
    regions = list(Area.objects.exclude(classification=AreaClassification.COUNTRY).order_by("identifier"))
    users = []
    for i in range(SIGNERS_PER_REGION * len(regions)):
        region = regions[i % len(regions)]
        born = date(1950 + rnd.randrange(55), 1 + rnd.randrange(12), 1 + rnd.randrange(28))
        sex: Sex = "M" if rnd.random() < 0.5 else "F"
        user = user_create(
            username=f"{SIGNER_PREFIX}{i + 1:03d}", password=None, roles=[], display_name=f"Demo signer {i + 1}"
        )
        citizen_verify(user=user, iin=make_iin(born, sex, serial=SERIAL_BASE + i), region_code=region.identifier)
        users.append(user)
    return users


def _responders() -> None:
    staff = User.objects.get(username="staff")
    operator = User.objects.get(username="operator")
    for org in Organization.objects.filter(classification__in=["committee", "faction"]).order_by("slug"):
        services.responder_assign(user=staff, organization=org, actor=SYSTEM)
    for org in Organization.objects.filter(classification="party").order_by("slug"):
        services.responder_assign(user=operator, organization=org, actor=SYSTEM)


def _ago(days: int, hours: int = 0) -> datetime:
    return timezone.now() - timedelta(days=days, hours=hours)


# The Government is not in the registry: petitions to it are answered on the platform by a clerk
# recording the answer it sent (or by its respondents, once an organization with the slug
# ``services.GOVERNMENT_SLUG`` exists and they are linked to it).

# ---------------------------------------------------------------- appeals

APPEAL_TEXTS = [
    (
        "transport",
        "Автобус до нашего села ходит раз в неделю",
        "Просим рассмотреть возможность восстановить ежедневный рейс автобуса до районного центра.",
    ),
    (
        "health",
        "Ауылдық амбулаторияда дәрігер жоқ",
        "Ауылымыздағы амбулаторияда жарты жылдан бері тұрақты дәрігер жоқ. Мәселені шешуге көмектесуіңізді сұраймыз.",
    ),
    (
        "housing",
        "Отопление в многоэтажном доме",
        "В нашем доме третью зиму подряд в квартирах не выше 15 градусов. Управляющая компания не отвечает.",
    ),
    (
        "education",
        "Мектепке жаңа спорт залы қажет",
        "Мектебіміздің спорт залы 1970 жылы салынған, шатыры ағып тұр. Жөндеуге қаржы бөлуді сұраймыз.",
    ),
    (
        "social",
        "Пособие по уходу за ребёнком с инвалидностью",
        "Прошу разъяснить, почему пособие не пересматривалось после повышения расчётного показателя.",
    ),
    (
        "environment",
        "Свалка у реки",
        "На берегу реки за городом растёт стихийная свалка. Просим взять вопрос на контроль.",
    ),
]


def _appeal(author: User, kind: str, addressee: str, i: int, *, days_ago: int, consent: bool = False) -> Any:
    category, subject, text = APPEAL_TEXTS[i % len(APPEAL_TEXTS)]
    return services.appeal_create(
        author=author,
        addressee_kind=kind,
        addressee=addressee,
        category=category,
        subject=subject + DEMO,
        body=text + DEMO,
        consent_to_publish=consent,
        language="ru",
        received_at=_ago(days_ago, 3),
    )


def _demo_appeals(rnd: random.Random, signers: list[User]) -> None:
    citizen = User.objects.get(username="citizen")
    citizen2 = User.objects.get(username="citizen2")
    citizen3 = User.objects.get(username="citizen3")
    clerk = User.objects.get(username="clerk")
    staff = User.objects.get(username="staff")
    deputies = list(User.objects.filter(username__startswith="deputy").exclude(person_slug="").order_by("username"))
    committees = list(Organization.objects.filter(classification="committee").order_by("slug"))
    factions = list(Organization.objects.filter(classification="faction").order_by("slug"))
    d1 = deputies[0]

    # registered: new, to a deputy who has a demo account
    _appeal(citizen, "deputy", d1.person_slug, 0, days_ago=1)
    # registered, never routed, long past its deadline: overdue
    _appeal(citizen2, "parliament", "", 1, days_ago=35)
    # routed to a committee, overdue
    overdue = _appeal(citizen, "parliament", "", 2, days_ago=40)
    services.appeal_route(appeal=overdue, actor=clerk, addressee_kind="committee", addressee=committees[0].slug)
    # routed and within its term
    fresh = _appeal(citizen3, "parliament", "", 3, days_ago=3)
    services.appeal_route(appeal=fresh, actor=clerk, addressee_kind="committee", addressee=committees[1].slug)
    # extended once, with notice
    extended = _appeal(citizen, "faction", factions[0].slug, 4, days_ago=8)
    services.appeal_extend(
        appeal=extended,
        actor=staff,
        until=extended.registered_on + timedelta(days=45),
        reason="Запрошены сведения у министерства; нужен выезд на место." + DEMO,
    )
    # forwarded out of the Kurultai
    misdirected = _appeal(citizen3, "parliament", "", 5, days_ago=6)
    ministry = Organization.objects.filter(slug="ministry-of-ecology").first()
    services.appeal_forward(
        appeal=misdirected,
        actor=clerk,
        to=ministry.name if ministry else "Министерство экологии и природных ресурсов",
        to_org=ministry,
    )
    # answered on time, published with consent
    answered = _appeal(citizen2, "deputy", d1.person_slug, 0, days_ago=20, consent=True)
    services.appeal_answer(
        appeal=answered,
        actor=d1,
        answer="Вопрос направлен акиму района; рейс восстановят с 1 числа следующего месяца." + DEMO,
        at=_ago(12),
    )
    # answered late and rated
    late = _appeal(citizen, "committee", committees[0].slug, 2, days_ago=50)
    services.appeal_answer(
        appeal=late, actor=staff, answer="Комитет запросил проверку жилищной инспекции." + DEMO, at=_ago(4)
    )
    services.appeal_rate(appeal=late, actor=citizen, rating=2, comment="Ответ пришёл с опозданием." + DEMO)
    # rated well
    if len(deputies) > 1:
        good = _appeal(citizen3, "deputy", deputies[1].person_slug, 3, days_ago=15, consent=True)
        services.appeal_answer(
            appeal=good, actor=deputies[1], answer="Средства на ремонт включены в бюджет." + DEMO, at=_ago(9)
        )
        services.appeal_rate(appeal=good, actor=citizen3, rating=5)
    # left without consideration
    empty = _appeal(citizen2, "parliament", "", 5, days_ago=4)
    services.appeal_dismiss(appeal=empty, actor=clerk, reason="Обращение не содержит сути вопроса." + DEMO)
    # more answered appeals from every region, for the responsiveness figures
    for i, author in enumerate(signers[::7]):
        committee = committees[i % len(committees)]
        days = 10 + rnd.randrange(40)
        a = _appeal(author, "committee", committee.slug, i, days_ago=days, consent=i % 3 == 0)
        if i % 4 != 3:
            answered_days_ago = max(0, days - 5 - rnd.randrange(30))
            services.appeal_answer(appeal=a, actor=staff, answer="Ответ комитета." + DEMO, at=_ago(answered_days_ago))


# ---------------------------------------------------------------- petitions


def _sign(petition: Petition, signers: list[User], *, networks: list[str], minutes_ago: int = 60) -> None:
    for i, user in enumerate(signers):
        services.petition_sign(
            petition=petition,
            actor=user,
            network=networks[i % len(networks)],
            notify_me=i % 2 == 0,
            at=timezone.now() - timedelta(minutes=minutes_ago, seconds=i * 7),
        )


def _petition(
    author: User, *, title: str, text: str, category: str, kind: str, area: Area | None = None, **kw: Any
) -> Petition:
    return services.petition_create(
        author=author,
        title=title + DEMO,
        body=text + DEMO,
        category=category,
        addressee_kind=kind,
        area=area,
        language="ru",
        **kw,
    )


def _publish(petition: Petition, author: User, moderator: User, *, days_ago: int) -> Petition:
    services.petition_submit(petition=petition, actor=author, at=_ago(days_ago + 3))
    return services.petition_moderate(petition=petition, actor=moderator, approve=True, at=_ago(days_ago))


def _demo_petitions(rnd: random.Random, signers: list[User]) -> None:
    moderator = User.objects.get(username="moderator")
    clerk = User.objects.get(username="clerk")
    citizen = User.objects.get(username="citizen")
    almaty = Area.objects.get(identifier="KZ-75")
    nets = [f"10.{n}.{n * 3 % 250}.0/24" for n in range(1, 40)]
    pool = signers[:]
    rnd.shuffle(pool)

    # past its threshold (the demo's configured threshold for the Kurultai) and answered
    answered = _petition(
        pool[0],
        title="Открыть данные о расходах бюджета по каждой школе",
        text="Просим Курултай обязать публиковать расходы бюджета по каждой школе в машиночитаемом виде.",
        category=Category.EDUCATION,
        kind="parliament",
    )
    answered = _publish(answered, pool[0], moderator, days_ago=30)
    _sign(answered, pool[: DEMO_PARLIAMENT_THRESHOLD + 10], networks=nets, minutes_ago=60 * 24 * 20)
    services.petition_recount(petition_id=answered.pk, now=_ago(19))
    services.petition_answer(
        petition=answered,
        actor=clerk,
        answer="Комитет по финансам и бюджету внёс поправки: расходы по школам публикуются ежеквартально." + DEMO,
        at=_ago(2),
    )

    # past its threshold, sent to the Kurultai and awaiting the answer
    awaiting = _petition(
        pool[8],
        title="Сурдоперевод трансляций пленарных заседаний",
        text="Просим сопровождать трансляции пленарных заседаний Курултая сурдопереводом.",
        category=Category.SOCIAL,
        kind="parliament",
    )
    awaiting = _publish(awaiting, pool[8], moderator, days_ago=9)
    _sign(awaiting, pool[30 : 30 + DEMO_PARLIAMENT_THRESHOLD + 3], networks=nets, minutes_ago=60 * 24 * 6)
    services.petition_recount(petition_id=awaiting.pk, now=_ago(5))

    # listed and collecting, to the Kurultai, with a burst from one network for the moderators
    listed = _petition(
        citizen,
        title="Бесплатный Wi-Fi в пригородных поездах",
        text="Просим предусмотреть бесплатный Wi-Fi в пригородных поездах, как в междугородних.",
        category=Category.TRANSPORT,
        kind="parliament",
    )
    listed = _publish(listed, citizen, moderator, days_ago=5)
    _sign(listed, pool[10:45], networks=["203.0.113.0/24"], minutes_ago=4)
    _sign(listed, pool[45:85], networks=nets, minutes_ago=120)
    services.petition_recount(petition_id=listed.pk)

    # listed, to the Government (50,000 needed)
    government = _petition(
        pool[1],
        title="Үкіметке: ауылдық жерлерге жоғары жылдамдықты интернет",
        text="Ауылдық елді мекендердің барлығына 2028 жылға дейін жоғары жылдамдықты интернет жүргізуді сұраймыз.",
        category=Category.DIGITAL,
        kind="government",
    )
    government = _publish(government, pool[1], moderator, days_ago=12)
    _sign(government, pool[20:90], networks=nets, minutes_ago=60 * 24 * 3)
    services.petition_recount(petition_id=government.pk)

    # public by link only, gathering its first supporters (to the Almaty city maslikhat)
    link_only = _petition(
        pool[2],
        title="Велодорожки вдоль реки Есентай",
        text="Просим маслихат Алматы утвердить план велодорожек вдоль реки Есентай.",
        category=Category.TRANSPORT,
        kind="regional_maslikhat",
        area=almaty,
    )
    link_only = _publish(link_only, pool[2], moderator, days_ago=2)
    _sign(link_only, pool[100:112], networks=nets, minutes_ago=600)
    services.petition_recount(petition_id=link_only.pk)

    # missed its first supporters: the sweep says so
    lonely = _petition(
        pool[3],
        title="Переименовать улицу в микрорайоне",
        text="Просим акимат рассмотреть переименование улицы по предложению жителей.",
        category=Category.LOCAL,
        kind="district_akimat",
        area=almaty,
        district_name="Бостандыкский район",
        district_population=370_000,
    )
    lonely = _publish(lonely, pool[3], moderator, days_ago=30)
    _sign(lonely, pool[120:125], networks=nets, minutes_ago=60 * 24 * 25)

    # the collecting window closed below the threshold
    closed = _petition(
        pool[4],
        title="Продлить сезон работы городских бассейнов",
        text="Просим Правительство рассмотреть продление сезона работы бассейнов.",
        category=Category.CULTURE,
        kind="government",
    )
    closed = _publish(closed, pool[4], moderator, days_ago=200)
    _sign(closed, pool[30:85], networks=nets, minutes_ago=60 * 24 * 190)
    services.petition_recount(petition_id=closed.pk, now=_ago(189))
    services.petitions_sweep()

    # awaiting moderation, a draft, a rejection, a withdrawal
    waiting = _petition(
        pool[5],
        title="Қоғамдық көлікте QR арқылы төлеу",
        text="Барлық облыс орталықтарында қоғамдық көлікте QR-кодпен төлеуді енгізуді сұраймыз.",
        category=Category.TRANSPORT,
        kind="regional_akimat",
        area=Area.objects.get(identifier="KZ-39"),
    )
    services.petition_submit(petition=waiting, actor=pool[5])
    _petition(
        citizen,
        title="Черновик: остановки с навесами",
        text="Черновик петиции об остановках с навесами.",
        category=Category.TRANSPORT,
        kind="parliament",
    )
    rejected = _petition(
        pool[6],
        title="Отменить выборы акима",
        text="Требуем отставки акима.",
        category=Category.LOCAL,
        kind="regional_akimat",
        area=almaty,
    )
    services.petition_submit(petition=rejected, actor=pool[6])
    services.petition_moderate(
        petition=rejected,
        actor=moderator,
        approve=False,
        reason="dismissal",
        note="Петиция не может требовать отставки." + DEMO,
    )
    withdrawn = _petition(
        pool[7],
        title="Ночные рейсы метро",
        text="Просим продлить работу метро до часу ночи.",
        category=Category.TRANSPORT,
        kind="regional_akimat",
        area=almaty,
    )
    services.petition_submit(petition=withdrawn, actor=pool[7])
    services.petition_withdraw(petition=withdrawn, actor=pool[7])


# ---------------------------------------------------------------- proposals

PROPOSAL_TEXTS = [
    (
        "Единое окно для жалоб на ЖКХ",
        "Предлагаю создать единое окно для жалоб на коммунальные услуги.",
        Category.HOUSING,
    ),
    ("Жастарға тұрғын үй несиесі", "Жас отбасыларға 2% жеңілдетілген тұрғын үй несиесін ұсынамын.", Category.HOUSING),
    ("Публиковать голосования маслихатов", "Предлагаю публиковать поимённые голосования маслихатов.", Category.LOCAL),
    ("Тегін заң көмегі", "Аз қамтылған азаматтарға онлайн тегін заң кеңесін ұйымдастыруды ұсынамын.", Category.JUSTICE),
    ("Налоговый вычет за спорт", "Предлагаю налоговый вычет за абонемент в спортзал.", Category.FINANCE),
    ("Мектеп автобустары", "Әр ауылдық мектепке мектеп автобусын бөлуді ұсынамын.", Category.EDUCATION),
    ("Зелёные крыши", "Предлагаю льготы застройщикам за озеленение крыш.", Category.ENVIRONMENT),
    (
        "Фермерам — прямые продажи",
        "Предлагаю упростить прямые продажи фермерской продукции на рынках.",
        Category.AGRICULTURE,
    ),
    ("Открытые данные о ДТП", "Предлагаю публиковать карту ДТП с открытыми данными.", Category.TRANSPORT),
]


def _demo_proposals(rnd: random.Random, signers: list[User]) -> None:
    clerk = User.objects.get(username="clerk")
    staff = User.objects.get(username="staff")
    operator = User.objects.get(username="operator")
    moderator = User.objects.get(username="moderator")
    citizen = User.objects.get(username="citizen")
    parties = list(Organization.objects.filter(classification="party").order_by("slug"))
    committee = Organization.objects.filter(classification="committee").order_by("slug").first()
    targets: list[tuple[str, str]] = [(ProposalAddressee.PARTY, p.slug) for p in parties]
    targets += [(ProposalAddressee.PARLIAMENT, ""), (ProposalAddressee.COMMITTEE, committee.slug if committee else "")]
    made = []
    for i, (kind, slug) in enumerate(targets):
        title, text, category = PROPOSAL_TEXTS[i % len(PROPOSAL_TEXTS)]
        author = signers[(i * 11) % len(signers)]
        proposal = services.proposal_create(
            author=author,
            addressee_kind=kind,
            addressee=slug,
            category=category,
            title=title + DEMO,
            body=text + DEMO,
            language="ru",
        )
        for supporter in rnd.sample(signers, rnd.randrange(2, 25)):
            if supporter.pk != author.pk:
                services.proposal_support(proposal=proposal, actor=supporter)
        for j in range(rnd.randrange(0, 3)):
            commenter = signers[(i * 5 + j * 3 + 1) % len(signers)]
            services.proposal_comment(proposal=proposal, actor=commenter, body="Поддерживаю, это давно назрело." + DEMO)
        made.append((kind, proposal))
    for n, (kind, proposal) in enumerate(made):
        if kind == ProposalAddressee.PARTY and n % 3 == 0:
            services.proposal_answer(
                proposal=proposal, actor=operator, answer="Спасибо, партия внесёт это в программу." + DEMO
            )
        elif kind == ProposalAddressee.PARTY and n % 3 == 1:
            services.proposal_review(proposal=proposal, actor=operator)
        elif kind == ProposalAddressee.PARLIAMENT:
            services.proposal_answer(
                proposal=proposal, actor=clerk, answer="Предложение передано в профильный комитет." + DEMO
            )
        elif kind == ProposalAddressee.COMMITTEE:
            services.proposal_review(proposal=proposal, actor=staff)
    # moderation: one proposal reported and hidden (its author is told why), one report open
    spam = services.proposal_create(
        author=signers[3],
        addressee_kind=ProposalAddressee.PARLIAMENT,
        category=Category.OTHER,
        title="Купите наши окна со скидкой" + DEMO,
        body="Лучшие окна в городе, звоните." + DEMO,
        language="ru",
    )
    services.report_create(reporter=citizen, content_kind="proposal", content_id=spam.slug, reason="spam")
    services.content_hide(
        content_kind="proposal", content_id=spam.slug, actor=moderator, reason="spam", note="Реклама." + DEMO
    )
    _kind, reported = made[1]
    services.report_create(
        reporter=citizen,
        content_kind="proposal",
        content_id=reported.slug,
        reason="duplicate",
        note="Похоже на другое." + DEMO,
    )


def _demo_follows() -> None:
    citizen = User.objects.get(username="citizen")
    services.subscription_create(user=citizen, kind="topic", key="transport", delivery="digest", language="ru")
    services.subscription_create(user=citizen, kind="region", key="KZ-75", delivery="digest", language="ru")
    committee = Organization.objects.filter(classification="committee").order_by("slug").first()
    if committee is not None:
        services.subscription_create(user=citizen, kind="committee", key=committee.slug, delivery="none", language="kk")
    deputy = deputy_list().prefetch_related(None).values_list("slug", flat=True).first()
    if deputy:
        services.subscription_create(user=citizen, kind="deputy", key=deputy, delivery="none", language="kk")


def demo_participation(rnd: random.Random) -> bool:
    """Load the demo; False when it was already there."""
    if User.objects.filter(username=f"{SIGNER_PREFIX}001").exists():
        return False
    services.rule_set(
        key=RuleKey.PARLIAMENT_PETITION_THRESHOLD,
        value=DEMO_PARLIAMENT_THRESHOLD,
        citation=(
            "Demo parliament: the administrator set 120 signatures so that the demo shows a petition past its "
            "threshold. No threshold for petitions to the Kurultai was found; the default is 50,000."
        ),
        actor=SYSTEM,
    )
    _responders()
    signers = _signers(rnd)
    _demo_appeals(rnd, signers)
    _demo_petitions(rnd, signers)
    _demo_proposals(rnd, signers)
    _demo_follows()
    tasks.ensure_sweep_scheduled()
    return True
