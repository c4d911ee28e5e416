"""Demo legislation: the act "On access to information" and three bills in Kazakh and Russian at
different stages, all made through the services (audit entries, ledger leaves) from the texts
in ``demo_texts``.

* 2026-7, amending that act: public comment, two amendments (one accepted, one rejected),
  a consolidated second version, three readings, adopted, signed; on its commencement the
  act gets its new consolidated version (read the act at a date before and after).
* 2026-12, "On electronic petitions": public comment closed with the committee's response;
  in the amendment period with five amendments and their outcomes (the amendment table).
* 2026-15, on counting public-service terms in working days: a priority Government bill in
  first reading, open for public comment from the day the demo is loaded, with the demo
  citizens' comments and reactions (and one comment hidden by the moderator).

The bills are fictional and flagged ``is_demo``; the dates follow the demo convocation
(sittings of 15 and 29 September, 13 and 27 October 2026). Idempotent: what exists is kept.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.legislation import demo_texts, services
from kurultai.legislation.models import Act, Bill, BillVersion
from kurultai.legislation.stages import Stage
from kurultai.registry.models import Organization
from kurultai.registry.selectors import deputy_list

ALMATY = ZoneInfo("Asia/Almaty")
ACT_SLUG = "access-to-information"
CITIZENS = ("citizen", "citizen2", "citizen3")


@dataclass(frozen=True)
class Actors:
    clerk: Any
    staff: Any


def _at(day: date, hour: int = 11, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ALMATY)


def _t(kk: str, ru: str, en: str) -> dict[str, str]:
    return {"kk": kk, "ru": ru, "en": en}


def _sources(slug: str) -> dict[str, str]:
    return {lang: demo_texts.source(slug, lang) for lang in demo_texts.LANGUAGES}


def _committee(slug: str) -> Organization:
    return Organization.objects.get(slug=f"committee-{slug}")


def _vote(day: date, what: str) -> str:
    return f"demo: plenary sitting {day.isoformat()}, {what}"


def _move(bill: Bill, moves: list[tuple[Stage, date, str, str]], actors: Actors) -> Bill:
    for stage, day, vote, decision in moves:
        services.stage_transition(
            bill=bill, to=stage, vote_event_ref=vote, decision=decision, actor=actors.clerk, at=_at(day, 12)
        )
    return Bill.objects.get(pk=bill.pk)


def _citizens() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=CITIZENS).select_related("citizen")}


def _comments(
    version: BillVersion, rows: list[tuple[str, str, str, datetime | None]], users: dict[str, User]
) -> list[Any]:
    made: list[Any] = []
    for username, eid, text, at in rows:
        if username in users:
            made.append(services.comment_create(version=version, eid=eid, text=text, actor=users[username], at=at))
        else:
            made.append(None)
    return made


def _react(comments: list[Any], rows: list[tuple[int, str, str]], users: dict[str, User], at: datetime | None) -> None:
    for index, username, kind in rows:
        if comments[index] is not None and username in users:
            services.comment_react(comment=comments[index], kind=kind, actor=users[username], at=at)


def demo_act(actors: Actors) -> Act:
    act = Act.objects.filter(slug=ACT_SLUG).first()
    if act is not None:
        return act
    return services.act_register(
        slug=ACT_SLUG,
        number="401-V",
        titles=_t("Ақпаратқа қол жеткізу туралы", "О доступе к информации", "On access to information"),
        adopted_on=date(2015, 11, 16),
        sources=_sources(demo_texts.ACT),
        valid_from=date(2016, 1, 18),
        is_demo=True,
        actor=actors.clerk,
        at=_at(date(2026, 9, 1), 9),
    )


def _amending_bill(act: Act, deputies: list[str], users: dict[str, User], actors: Actors) -> None:
    if Bill.objects.filter(slug="2026-7").exists():
        return
    registered = date(2026, 9, 8)
    bill = services.bill_register(
        number=7,
        titles=_t(
            "«Ақпаратқа қол жеткізу туралы» Қазақстан Республикасының Заңына өзгерістер мен толықтырулар енгізу туралы",
            "О внесении изменений и дополнений в Закон Республики Казахстан «О доступе к информации»",
            "On amendments and additions to the Law of the Republic of Kazakhstan “On access to information”",
        ),
        initiator_kind="deputies",
        initiator=_t(
            "Құрылтай депутаттарының тобы (демо)",
            "Группа депутатов Курултая (демо)",
            "A group of Kurultai deputies (demo)",
        ),
        lead_committee=_committee("social"),
        co_committees=[_committee("legislation")],
        amends_act=act,
        registered_on=registered,
        is_demo=True,
        actor=actors.clerk,
        at=_at(registered, 10),
    )
    changes = {
        lang: json.loads((demo_texts.DEMO_DIR / f"{demo_texts.AMENDING_BILL}.{lang}.json").read_text("utf-8"))[
            "amendments"
        ]
        for lang in demo_texts.LANGUAGES
    }
    v1 = services.version_publish(
        bill=bill,
        sources=_sources(demo_texts.AMENDING_BILL),
        labels=_t("Тіркелген мәтін", "Внесённый текст", "As registered"),
        published_on=registered,
        act_changes=changes,
        actor=actors.staff,
        at=_at(registered, 11),
    )
    services.bill_summary_set(
        bill=bill,
        summary=_t(
            "Мемлекеттік органдар ақпаратқа сұрау салуға он бес күнтізбелік күннің орнына он жұмыс күні ішінде "
            "жауап береді. Ашық деректер ұғымы енгізіледі: органдар деректерді порталда машинамен оқылатын түрде "
            "жариялайды. Мерзімді ұзарту туралы пайдаланушыға хабарлау міндетті болады.",
            "Государственные органы будут отвечать на запросы информации за десять рабочих дней вместо пятнадцати "
            "календарных. Вводится понятие открытых данных: органы публикуют данные на портале в машиночитаемом "
            "виде. О продлении срока пользователя обязательно уведомляют.",
            "State bodies will answer requests for information within ten working days instead of fifteen calendar "
            "days. The law introduces open data: bodies publish data on a portal in machine-readable form. Users "
            "must be told when the time to answer is extended.",
        ),
        actor=actors.staff,
    )
    services.consultation_open(version=v1, opened_on=date(2026, 9, 9), actor=actors.clerk, at=_at(date(2026, 9, 9), 9))
    comments = _comments(
        v1,
        [
            (
                "citizen",
                "art_1__point_2",
                "Десять рабочих дней вместо пятнадцати календарных — это быстрее. Но нужно прямо указать, что срок "
                "считается со дня регистрации запроса.",
                _at(date(2026, 9, 10), 19),
            ),
            (
                "citizen2",
                "art_1__point_5",
                "Ашық деректер порталы мобильді қосымшада да қолжетімді болуы керек.",
                _at(date(2026, 9, 11), 8, 30),
            ),
            (
                "citizen3",
                "art_3",
                "Отчёт о работе портала стоит публиковать с понятным сроком, иначе «ежегодно» ничего не значит.",
                _at(date(2026, 9, 14), 21),
            ),
        ],
        users,
    )
    _react(
        comments,
        [(0, "citizen2", "agree"), (0, "citizen3", "agree"), (2, "citizen", "agree")],
        users,
        _at(date(2026, 9, 15), 9),
    )
    bill = _move(
        bill,
        [
            (
                Stage.IN_COMMITTEE,
                date(2026, 9, 9),
                "",
                "Referred to the Committee on Socio-Cultural Development (demo)",
            ),
            (Stage.FIRST_READING, date(2026, 9, 15), "", "Included in the agenda of the sitting of 15.09.2026 (demo)"),
            (Stage.AMENDMENT_PERIOD, date(2026, 9, 15), _vote(date(2026, 9, 15), "first reading"), ""),
        ],
        actors,
    )
    first = services.amendment_propose(
        bill=bill,
        target_eid="art_3",
        operations={
            "kk": {
                "op": "replace",
                "target": "art_3",
                "content": "Ақпаратқа қол жеткізу саласындағы уәкілетті орган ашық деректер интернет-порталының "
                "жұмыс істеуін қамтамасыз етсін және оны пайдалану туралы есепті жыл сайын, 1 наурыздан "
                "кешіктірмей, жарияласын.",
            },
            "ru": {
                "op": "replace",
                "target": "art_3",
                "content": "Уполномоченному органу в сфере доступа к информации обеспечить функционирование "
                "интернет-портала открытых данных и ежегодно, не позднее 1 марта, публиковать отчет о его "
                "использовании.",
            },
        },
        justification=_t(
            "Есепті жариялау мерзімі азаматтардың ұсынысы бойынша нақтыланады.",
            "Срок публикации отчёта уточняется по предложению граждан, высказанному при обсуждении.",
            "The report gets a date, as citizens proposed in the consultation.",
        ),
        author_committee=_committee("social"),
        actor=SYSTEM,
        at=_at(date(2026, 9, 17), 15),
    )
    second = services.amendment_propose(
        bill=bill,
        target_eid="art_5",
        operations={
            "kk": {
                "op": "replace",
                "target": "art_5",
                "content": "Осы Заң алғашқы ресми жарияланған күнінен кейін күнтізбелік алпыс күн өткен соң "
                "қолданысқа енгізіледі.",
            },
            "ru": {
                "op": "replace",
                "target": "art_5",
                "content": "Настоящий Закон вводится в действие по истечении шестидесяти календарных дней после дня "
                "его первого официального опубликования.",
            },
        },
        justification=_t(
            "Мемлекеттік органдарға порталды дайындауға уақыт қажет.",
            "Государственным органам нужно время, чтобы подготовить портал.",
            "State bodies need time to prepare the portal.",
        ),
        author_person_slug=deputies[0],
        actor=SYSTEM,
        at=_at(date(2026, 9, 18), 10),
    )
    services.amendment_decide(
        amendment=first,
        recommendation="support",
        outcome="accepted",
        actor=actors.staff,
        at=_at(date(2026, 9, 24), 16),
    )
    services.amendment_decide(
        amendment=second,
        recommendation="reject",
        recommendation_note=_t(
            "Портал қазірдің өзінде жұмыс істейді; он күн жеткілікті.",
            "Портал уже работает; десяти дней достаточно.",
            "The portal already works; ten days are enough.",
        ),
        outcome="rejected",
        actor=actors.staff,
        at=_at(date(2026, 9, 24), 16),
    )
    services.consultation_respond(
        consultation=v1.consultation,
        response=_t(
            "Комитет есептің мерзімі туралы ұсынысты қабылдады (3-бапқа түзету). Мобильді қолжетімділік "
            "порталдың техникалық талаптарында ескеріледі.",
            "Комитет принял предложение о сроке отчёта (поправка к статье 3). Доступность с мобильных устройств "
            "будет учтена в технических требованиях к порталу.",
            "The committee accepted the proposal on the report's date (amendment to Article 3). Mobile access will "
            "be covered by the portal's technical requirements.",
        ),
        actor=actors.staff,
        at=_at(date(2026, 9, 24), 17),
    )
    services.bill_consolidate(
        bill=bill,
        labels=_t("Екінші оқылымға арналған мәтін", "Текст ко второму чтению", "Text for the second reading"),
        published_on=date(2026, 9, 25),
        actor=actors.staff,
        at=_at(date(2026, 9, 25), 10),
    )
    bill = _move(
        bill,
        [
            (Stage.SECOND_READING, date(2026, 9, 29), "", "Included in the agenda of the sitting of 29.09.2026 (demo)"),
            (Stage.THIRD_READING, date(2026, 9, 29), _vote(date(2026, 9, 29), "second reading"), ""),
            (Stage.ADOPTED, date(2026, 10, 13), _vote(date(2026, 10, 13), "third reading"), ""),
            (Stage.SENT_TO_PRESIDENT, date(2026, 10, 16), "", "Sent to the President for signature (demo)"),
            (Stage.SIGNED, date(2026, 11, 3), "", "Signed by the President (demo)"),
        ],
        actors,
    )
    services.act_amend_on_commencement(
        bill=bill, commencement=date(2026, 11, 16), actor=actors.clerk, at=_at(date(2026, 11, 5), 10)
    )


PETITION_AMENDMENTS: list[dict[str, Any]] = [
    {
        "eid": "chp_3__art_6",
        "kk": "Кемінде он мың қол жинаған петиция Қазақстан Республикасы Парламентінің бейінді комитетіне жіберіледі.",
        "ru": "Петиция, набравшая не менее десяти тысяч подписей, направляется в профильный комитет Парламента "
        "Республики Казахстан.",
        "why": _t(
            "Елу мың қол шағын өңірлер үшін тым жоғары шек.",
            "Пятьдесят тысяч подписей — слишком высокий порог для небольших регионов.",
            "Fifty thousand signatures is too high a bar for small regions.",
        ),
        "author": 0,
        "recommendation": "reject",
        "note": _t(
            "Комитеттің жүктемесі бағаланғанша шек сақталады.",
            "Порог сохраняется до оценки нагрузки на комитеты.",
            "The threshold stays until the committees' workload is assessed.",
        ),
        "outcome": "rejected",
    },
    {
        "eid": "chp_3__art_7__para_1",
        "kk": "Комитет петицияны жиырма жұмыс күні ішінде қарайды және петиция бастамашысын өз отырысына "
        "шақыруға құқылы.",
        "ru": "Комитет рассматривает петицию в течение двадцати рабочих дней и вправе пригласить инициатора петиции "
        "на свое заседание.",
        "why": _t(
            "Отыз жұмыс күні — бір жарым ай; азаматтар жауапты тезірек алуы тиіс.",
            "Тридцать рабочих дней — это полтора месяца; граждане должны получать ответ быстрее.",
            "Thirty working days is a month and a half; citizens should get an answer sooner.",
        ),
        "author": 1,
        "recommendation": "support",
        "outcome": "accepted",
    },
    {
        "eid": "chp_2__art_5",
        "insert": {"kind": "paragraph", "num": "4"},
        "kk": "Порталда жиналған қолдар кемінде бес жыл сақталады.",
        "ru": "Подписи, собранные на портале, хранятся не менее пяти лет.",
        "why": _t(
            "Қол қоюдың дұрыстығын кейін тексеруге болатындай.",
            "Чтобы подлинность подписей можно было проверить и позже.",
            "So that signatures can be checked later.",
        ),
        "committee": "legislation",
        "recommendation": "support",
        "outcome": "accepted",
    },
    {
        "eid": "chp_2__art_3__para_1__point_2",
        "repeal": True,
        "why": _t(
            "Бастамашының деректері порталда тіркелу кезінде белгілі.",
            "Данные инициатора и так известны порталу при регистрации.",
            "The portal already knows the initiator from the registration.",
        ),
        "author": 2,
        "recommendation": "support_in_part",
        "note": _t(
            "Авторға деректерді жарияламау туралы нұсқаны ұсыну ұсынылды.",
            "Автору предложено вместо исключения не публиковать эти данные.",
            "The author was invited to keep the data but not publish it instead.",
        ),
        "outcome": "withdrawn",
    },
    {
        "eid": "chp_2__art_4__para_1",
        "kk": "Портал операторы үш жұмыс күні ішінде петицияның осы Заңның 3-бабының талаптарына "
        "сәйкестігін тексереді.",
        "ru": "Оператор портала в течение трех рабочих дней проверяет петицию на соответствие требованиям статьи 3 "
        "настоящего Закона.",
        "why": _t(
            "Тексеру автоматтандырылған; бес күн қажет емес.",
            "Проверка автоматизирована; пять дней не нужны.",
            "The check is automated; five days are not needed.",
        ),
        "author": 0,
        "recommendation": "none",
        "outcome": "pending",
    },
]


def _operations(row: dict[str, Any]) -> dict[str, dict[str, Any]]:
    eid = row["eid"]
    if row.get("repeal"):
        return {lang: {"op": "repeal", "target": eid} for lang in ("kk", "ru")}
    if "insert" in row:
        return {
            lang: {
                "op": "insert",
                "target": eid,
                "position": "append",
                "provision": {**row["insert"], "content": row[lang]},
            }
            for lang in ("kk", "ru")
        }
    return {lang: {"op": "replace", "target": eid, "content": row[lang]} for lang in ("kk", "ru")}


def _petitions_bill(deputies: list[str], users: dict[str, User], actors: Actors) -> None:
    if Bill.objects.filter(slug="2026-12").exists():
        return
    registered = date(2026, 10, 1)
    bill = services.bill_register(
        number=12,
        titles=_t("Электрондық петициялар туралы", "Об электронных петициях", "On electronic petitions"),
        initiator_kind="deputies",
        initiator=_t(
            "Құрылтай депутаттарының тобы (демо)",
            "Группа депутатов Курултая (демо)",
            "A group of Kurultai deputies (demo)",
        ),
        lead_committee=_committee("legislation"),
        co_committees=[_committee("social")],
        registered_on=registered,
        is_demo=True,
        actor=actors.clerk,
        at=_at(registered, 10),
    )
    v1 = services.version_publish(
        bill=bill,
        sources=_sources("e_petitions"),
        labels=_t("Тіркелген мәтін", "Внесённый текст", "As registered"),
        published_on=registered,
        actor=actors.staff,
        at=_at(registered, 11),
    )
    services.bill_summary_set(
        bill=bill,
        summary=_t(
            "Азаматтар Парламентке порталда электрондық петиция бере алады және оған қол қоя алады. "
            "Елу мың қол жинаған петицияны бейінді комитет отыз жұмыс күні ішінде қарайды және шешімін жариялайды.",
            "Граждане смогут подавать в Парламент электронные петиции на портале и подписывать их. Петицию, "
            "набравшую пятьдесят тысяч подписей, профильный комитет рассмотрит за тридцать рабочих дней и "
            "опубликует своё решение.",
            "Citizens will be able to file electronic petitions to Parliament on a portal and sign them. A petition "
            "with fifty thousand signatures is considered by the competent committee within thirty working days, "
            "which publishes its decision.",
        ),
        actor=actors.staff,
    )
    bill = _move(
        bill, [(Stage.IN_COMMITTEE, date(2026, 10, 2), "", "Referred to the Committee on Legislation (demo)")], actors
    )
    services.consultation_open(
        version=v1, opened_on=date(2026, 10, 5), actor=actors.clerk, at=_at(date(2026, 10, 5), 9)
    )
    comments = _comments(
        v1,
        [
            (
                "citizen",
                "chp_3__art_6",
                "Пятьдесят тысяч подписей — слишком высокий порог для небольших регионов. Предлагаю десять тысяч.",
                _at(date(2026, 10, 6), 20),
            ),
            (
                "citizen2",
                "chp_3__art_6",
                "Порог нужен, иначе комитет утонет в петициях. Пятьдесят тысяч — разумно.",
                _at(date(2026, 10, 7), 9),
            ),
            (
                "citizen3",
                "chp_2__art_5__para_3",
                "Тоқсан күн жеткілікті, бірақ қол жинау мерзімін ұзарту мүмкіндігі болса жақсы болар еді.",
                _at(date(2026, 10, 8), 18),
            ),
            (
                "citizen",
                "chp_3__art_7__para_1",
                "Тридцать рабочих дней — это полтора месяца. Двадцати достаточно.",
                _at(date(2026, 10, 9), 12),
            ),
        ],
        users,
    )
    _react(
        comments,
        [
            (0, "citizen3", "agree"),
            (0, "citizen2", "disagree"),
            (1, "citizen3", "agree"),
            (3, "citizen2", "agree"),
            (3, "citizen3", "agree"),
        ],
        users,
        _at(date(2026, 10, 12), 10),
    )
    services.consultation_respond(
        consultation=v1.consultation,
        response=_t(
            "Комитет петицияны қарау мерзімін қысқартуды қолдайды және оны екінші оқылымға түзету ретінде енгізеді. "
            "Қол жинау шегі комитеттердің жүктемесі бағаланғанша өзгермейді.",
            "Комитет поддерживает сокращение срока рассмотрения петиции и вносит его поправкой ко второму чтению. "
            "Порог подписей не меняется до оценки нагрузки на комитеты.",
            "The committee supports a shorter term for considering a petition and tables it as an amendment for the "
            "second reading. The signature threshold stays until the committees' workload is assessed.",
        ),
        actor=actors.staff,
        at=_at(date(2026, 10, 23), 17),
    )
    bill = _move(
        bill,
        [
            (Stage.FIRST_READING, date(2026, 10, 27), "", "Included in the agenda of the sitting of 27.10.2026 (demo)"),
            (Stage.AMENDMENT_PERIOD, date(2026, 10, 27), _vote(date(2026, 10, 27), "first reading"), ""),
        ],
        actors,
    )
    for i, row in enumerate(PETITION_AMENDMENTS):
        committee = _committee(row["committee"]) if "committee" in row else None
        amendment = services.amendment_propose(
            bill=bill,
            target_eid=row["eid"],
            operations=_operations(row),
            justification=row["why"],
            author_committee=committee,
            author_person_slug="" if committee else deputies[row["author"] % len(deputies)],
            actor=SYSTEM,
            at=_at(date(2026, 10, 28) + timedelta(days=i), 15),
        )
        if row["recommendation"] != "none" or row["outcome"] != "pending":
            services.amendment_decide(
                amendment=amendment,
                recommendation=row["recommendation"],
                recommendation_note=row.get("note"),
                outcome=row["outcome"],
                actor=actors.staff,
                at=_at(date(2026, 11, 10), 16),
            )


def _working_days_bill(users: dict[str, User], actors: Actors) -> None:
    if Bill.objects.filter(slug="2026-15").exists():
        return
    registered = date(2026, 11, 16)
    bill = services.bill_register(
        number=15,
        titles=_t(
            "Мемлекеттік қызметтер көрсету мерзімдерін жұмыс күндерімен есептеу туралы",
            "Об исчислении сроков оказания государственных услуг в рабочих днях",
            "On counting the terms of public services in working days",
        ),
        bill_type="ordinary",
        initiator_kind="government",
        initiator=_t(
            "Қазақстан Республикасының Үкіметі", "Правительство Республики Казахстан", "The Government of Kazakhstan"
        ),
        lead_committee=_committee("economy"),
        co_committees=[_committee("legislation")],
        priority=True,
        registered_on=registered,
        is_demo=True,
        actor=actors.clerk,
        at=_at(registered, 10),
    )
    version = services.version_publish(
        bill=bill,
        sources=_sources("public_services_working_days"),
        labels=_t("Тіркелген мәтін", "Внесённый текст", "As registered"),
        published_on=registered,
        actor=actors.staff,
        at=_at(registered, 11),
    )
    services.bill_summary_set(
        bill=bill,
        summary=_t(
            "Мемлекеттік қызметтердің мерзімдері бүкіл елде бірдей есептеледі: тек жұмыс күндерімен, өтініш "
            "тіркелгеннен кейінгі күннен бастап. Мерзімнің соңғы күні демалысқа түссе, ол келесі жұмыс күніне "
            "ауысады. Қызмет беруші аяқталу күнін алдын ала хабарлайды.",
            "Сроки государственных услуг будут считаться одинаково по всей стране: только в рабочих днях, со "
            "следующего дня после регистрации обращения. Если последний день срока выпадает на выходной, он "
            "переносится на следующий рабочий день. Дату окончания срока сообщают заранее.",
            "Public-service terms will be counted the same way everywhere: in working days only, from the day after "
            "the request is registered. If the last day falls on a day off, it moves to the next working day. "
            "People are told the end date in advance.",
        ),
        actor=actors.staff,
    )
    bill = _move(
        bill,
        [
            (Stage.IN_COMMITTEE, date(2026, 11, 17), "", "Referred to the Committee on Economic Reform (demo)"),
            (Stage.FIRST_READING, date(2026, 11, 24), "", "Published for the first reading (demo)"),
        ],
        actors,
    )
    # Open from the day the demo is loaded, so a visitor can comment within a minute.
    services.consultation_open(version=version, actor=actors.clerk)
    comments = _comments(
        version,
        [
            (
                "citizen",
                "art_2__para_2",
                "Течение срока со следующего рабочего дня — правильно. Но нужно уведомлять, если обращение подано "
                "в выходной: когда именно его зарегистрируют.",
                None,
            ),
            (
                "citizen2",
                "art_4__para_1",
                "Хабарламада мерзімнің аяқталу күнімен қатар жұмыс күндерінің күнтізбесіне сілтеме де болуы керек.",
                None,
            ),
            (
                "citizen3",
                "art_5",
                "Какая именно ответственность? Нужна ссылка на статью Кодекса об административных правонарушениях.",
                None,
            ),
            ("citizen3", "art_1__para_2", "Лучшие услуги по оформлению документов — пишите нам! www.example.com", None),
        ],
        users,
    )
    _react(
        comments,
        [(0, "citizen2", "agree"), (0, "citizen3", "agree"), (2, "citizen", "agree"), (2, "citizen2", "disagree")],
        users,
        None,
    )
    moderator = User.objects.filter(username="moderator").first()
    if comments[3] is not None and moderator is not None:
        services.comment_moderate(comment=comments[3], status="hidden", note="Advertising (demo).", actor=moderator)


def demo_legislation(rnd: random.Random) -> None:
    """Load the demo act and bills (idempotent). ``rnd`` is the demo's shared generator; the
    legislation demo is written out in full, so it only draws the amendments' authors."""
    deputy_slugs = list(deputy_list().order_by("slug").values_list("slug", flat=True)[:40])
    authors = rnd.sample(deputy_slugs, 3) if len(deputy_slugs) >= 3 else deputy_slugs or ["demo-deputy"]
    users = _citizens()
    # The demo's clerk and committee staff act where they exist, so the timeline names their roles.
    actors = Actors(
        clerk=User.objects.filter(username="clerk").first() or SYSTEM,
        staff=User.objects.filter(username="staff").first() or SYSTEM,
    )
    act = demo_act(actors)
    _amending_bill(act, authors, users, actors)
    _petitions_bill(authors, users, actors)
    _working_days_bill(users, actors)
