"""Legislation services on the real database: roles, the stage machine, versions, amendments,
consolidation, acts at a date, consultation, comments; audit entries and ledger leaves."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import timezone

from kurultai.accounts.permissions import SYSTEM
from kurultai.common.errors import DomainError
from kurultai.common.models import AppendOnlyError, AuditEntry
from kurultai.common.workdays import kazakhstan_calendar
from kurultai.ledger.models import LedgerEntry
from kurultai.legislation import selectors, services, stages
from kurultai.legislation.demo import ACT_SLUG
from kurultai.legislation.models import (
    Act,
    ActVersion,
    Amendment,
    Bill,
    BillVersion,
    Comment,
    CommentReaction,
    StageTransition,
)
from kurultai.legislation.stages import TRANSITIONS, Stage
from kurultai.legislation.tests.factories import (
    BILL_KK,
    BILL_RU,
    BillFactory,
    CitizenFactory,
    committee,
    current,
    in_amendment_period,
    move,
    path_to,
    replace_op,
)
from kurultai.legislation.text import document_from_dict, document_to_dict

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def _code(exc_info) -> str:
    return exc_info.value.code


# ---------------------------------------------------------------- registration and roles


def test_the_clerk_registers_a_bill_with_its_first_stage_audited_and_ledgered(clerk):
    bill = services.bill_register(
        number=77,
        titles={"kk": "Атауы", "ru": "Название", "en": "Title"},
        initiator_kind="government",
        lead_committee=committee(),
        co_committees=[committee("social")],
        registered_on=date(2026, 10, 2),
        actor=clerk,
    )
    assert bill.slug == "2026-77"
    assert bill.stage == Stage.REGISTERED
    first = StageTransition.objects.get(bill=bill)
    assert (first.from_stage, first.to_stage, first.actor_role) == ("", "registered", "clerk")
    assert AuditEntry.objects.filter(action="legislation.bill.registered", object_id="2026-77").exists()
    leaf = LedgerEntry.objects.filter(kind="legislation.stage.changed").order_by("-index").first()
    assert leaf.data == {
        "bill": "2026-77",
        "transition": 1,
        "from": None,
        "to": "registered",
        "vote_event": None,
        "decision": None,
    }


@pytest.mark.parametrize("role", ["deputy", "staff", "moderator", "citizen", "unverified"])
def test_only_the_clerk_registers_bills(request, role):
    actor = request.getfixturevalue(role)
    with pytest.raises(DomainError) as caught:
        services.bill_register(
            number=78, titles={"kk": "А", "ru": "Б"}, initiator_kind="deputies", lead_committee=committee(), actor=actor
        )
    assert caught.value.status == 403


def test_an_anonymous_visitor_must_log_in(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(DomainError) as caught:
        services.bill_register(
            number=79,
            titles={"kk": "А", "ru": "Б"},
            initiator_kind="deputies",
            lead_committee=committee(),
            actor=AnonymousUser(),
        )
    assert (caught.value.status, caught.value.code) == (401, "not_authenticated")


def test_a_bill_number_is_registered_once_a_year_and_the_lead_is_a_committee(clerk):
    BillFactory(number=80)
    with pytest.raises(DomainError) as caught:
        BillFactory(number=80)
    assert (caught.value.status, caught.value.code) == (409, "bill_exists")
    from kurultai.registry.models import Organization

    party = Organization.objects.filter(classification="party").first()
    with pytest.raises(DomainError) as caught:
        BillFactory(number=81, lead_committee=party)
    assert (caught.value.status, caught.value.code) == (422, "not_a_committee")


# ---------------------------------------------------------------- the stage machine


@pytest.mark.parametrize("stage", list(Stage))
def test_every_illegal_transition_is_409_with_the_allowed_list(stage):
    bill = move(BillFactory(), *path_to(stage))
    assert bill.stage == stage
    for requested in Stage:
        if requested in TRANSITIONS[stage]:
            continue
        with pytest.raises(DomainError) as caught:
            services.stage_transition(bill=bill, to=requested.value, vote_event_ref="v", actor=SYSTEM)
        assert caught.value.status == 409
        assert caught.value.code == "illegal_transition"
        assert caught.value.data["allowed"] == [s.value for s in TRANSITIONS[stage]]
        assert caught.value.data["current"] == stage.value
    assert Bill.objects.get(pk=bill.pk).stage == stage


def test_a_transition_records_who_when_and_the_vote_and_goes_to_the_ledger(clerk):
    bill = move(BillFactory(), Stage.IN_COMMITTEE, Stage.FIRST_READING)
    at = datetime(2026, 10, 27, 12, tzinfo=ALMATY)
    t = services.stage_transition(
        bill=bill, to="amendment_period", vote_event_ref="plenary/2026-10-27/vote-2", actor=clerk, at=at
    )
    assert (t.from_stage, t.to_stage, t.actor, t.actor_role, t.at) == (
        "first_reading",
        "amendment_period",
        clerk,
        "clerk",
        at,
    )
    assert AuditEntry.objects.filter(action="legislation.stage.changed", object_id=bill.slug).count() == 3
    leaf = LedgerEntry.objects.filter(kind="legislation.stage.changed").order_by("-index").first()
    assert leaf.data["to"] == "amendment_period"
    assert leaf.data["vote_event"] == "plenary/2026-10-27/vote-2"
    assert leaf.at == at.astimezone(ZoneInfo("UTC"))


def test_a_reading_needs_its_vote_event():
    bill = move(BillFactory(), Stage.IN_COMMITTEE, Stage.FIRST_READING)
    with pytest.raises(DomainError) as caught:
        services.stage_transition(bill=bill, to="amendment_period", actor=SYSTEM)
    assert (caught.value.status, caught.value.code) == (422, "vote_event_required")


def test_the_citizen_summary_is_required_before_the_first_reading():
    bill = move(BillFactory(summary=False), Stage.IN_COMMITTEE)
    with pytest.raises(DomainError) as caught:
        services.stage_transition(bill=bill, to="first_reading", actor=SYSTEM)
    assert (caught.value.status, caught.value.code) == (409, "citizen_summary_required")
    assert caught.value.data["missing"] == ["kk", "ru"]
    services.bill_summary_set(bill=bill, summary={"kk": "Қысқаша.", "ru": "Кратко."}, actor=SYSTEM)
    assert move(bill, Stage.FIRST_READING).stage == Stage.FIRST_READING


def test_the_first_reading_needs_a_published_text():
    bill = move(BillFactory(text=False), Stage.IN_COMMITTEE)
    with pytest.raises(DomainError) as caught:
        services.stage_transition(bill=bill, to="first_reading", actor=SYSTEM)
    assert caught.value.code == "no_current_version"


@pytest.mark.parametrize("role", ["deputy", "staff", "moderator", "citizen"])
def test_only_the_clerk_moves_a_bill(request, role):
    bill = BillFactory()
    with pytest.raises(DomainError) as caught:
        services.stage_transition(bill=bill, to="in_committee", actor=request.getfixturevalue(role))
    assert caught.value.status == 403


def test_transitions_are_append_only():
    bill = BillFactory()
    t = StageTransition.objects.get(bill=bill)
    t.decision = "rewritten"
    with pytest.raises(AppendOnlyError):
        t.save()
    with pytest.raises(AppendOnlyError):
        StageTransition.objects.filter(bill=bill).update(decision="x")


# ---------------------------------------------------------------- versions


def test_publishing_a_version_stores_both_texts_and_ledgers_its_hash(staff):
    bill = BillFactory(text=False)
    version = services.version_publish(bill=bill, sources={"kk": BILL_KK, "ru": BILL_RU}, actor=staff)
    assert version.number == 1
    assert Bill.objects.get(pk=bill.pk).current_version == version
    assert document_from_dict(version.text_ru).get("art_3__para_1").provision.content.startswith("Обращение")
    assert version.sha256 == services.text_sha256({"kk": version.text_kk, "ru": version.text_ru})
    leaf = LedgerEntry.objects.filter(kind="legislation.version.published").order_by("-index").first()
    assert leaf.data["sha256"] == version.sha256
    assert leaf.data["bill"] == bill.slug


def test_a_parse_error_is_422_with_the_line_and_language(staff):
    bill = BillFactory(text=False)
    broken = BILL_RU.replace("Статья 2. Понятия", "# Понятия")
    with pytest.raises(DomainError) as caught:
        services.version_publish(bill=bill, sources={"kk": BILL_KK, "ru": broken}, actor=staff)
    assert (caught.value.status, caught.value.code) == (422, "parse_error")
    assert caught.value.data["language"] == "ru"
    assert caught.value.data["line"] == 6
    assert caught.value.data["reason"] == "bad_heading"


def test_the_kazakh_and_russian_texts_must_have_the_same_provisions(staff):
    bill = BillFactory(text=False)
    with pytest.raises(DomainError) as caught:
        services.version_publish(
            bill=bill, sources={"kk": BILL_KK, "ru": BILL_RU.replace("2. Срок не продлевается.", "")}, actor=staff
        )
    assert (caught.value.status, caught.value.code) == (422, "structure_mismatch")
    with pytest.raises(DomainError) as caught:
        services.version_publish(bill=bill, sources={"ru": BILL_RU}, actor=staff)
    assert caught.value.code == "text_required"


def test_a_deputy_cannot_publish_a_version(deputy):
    with pytest.raises(DomainError) as caught:
        services.version_publish(bill=BillFactory(text=False), sources={"kk": BILL_KK, "ru": BILL_RU}, actor=deputy)
    assert caught.value.status == 403


def test_versions_are_immutable():
    version = current(BillFactory())
    version.text_ru = {"title": "x", "body": []}
    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        BillVersion.objects.filter(pk=version.pk).update(label="x")
    with pytest.raises(AppendOnlyError):
        version.delete()


def test_a_final_bill_takes_no_new_text():
    bill = move(BillFactory(), Stage.WITHDRAWN)
    with pytest.raises(DomainError) as caught:
        services.version_publish(bill=bill, sources={"kk": BILL_KK, "ru": BILL_RU}, actor=SYSTEM)
    assert caught.value.code == "bill_final"


# ---------------------------------------------------------------- amendments and consolidation


def test_a_deputy_tables_an_amendment_in_his_name(deputy):
    bill = in_amendment_period()
    amendment = services.amendment_propose(
        bill=bill,
        target_eid="art_3__para_1",
        operations=replace_op(
            "art_3__para_1",
            "Өтініш бес жұмыс күні ішінде қаралады.",
            "Обращение рассматривается в течение пяти рабочих дней.",
        ),
        justification={"ru": "Быстрее."},
        actor=deputy,
    )
    assert (amendment.number, amendment.author_person_slug, amendment.author_committee) == (1, deputy.person_slug, None)
    assert amendment.version == current(bill)
    assert amendment.operation["ru"]["content"].startswith("Обращение")


def test_an_amendment_to_a_missing_provision_is_422_provision_not_found(deputy):
    bill = in_amendment_period()
    with pytest.raises(DomainError) as caught:
        services.amendment_propose(
            bill=bill, target_eid="art_9__para_1", operations=replace_op("art_9__para_1", "а", "б"), actor=deputy
        )
    assert (caught.value.status, caught.value.code) == (422, "provision_not_found")
    assert caught.value.data["eid"] == "art_9__para_1"


def test_an_amendment_that_cannot_apply_is_422(deputy):
    bill = in_amendment_period()
    bad_insert = {
        lang: {
            "op": "insert",
            "target": "art_2",
            "position": "after",
            "provision": {"kind": "paragraph", "num": "9", "content": "x"},
        }
        for lang in ("kk", "ru")
    }
    with pytest.raises(DomainError) as caught:
        services.amendment_propose(bill=bill, target_eid="art_2", operations=bad_insert, actor=deputy)
    assert (caught.value.status, caught.value.code, caught.value.data["reason"]) == (
        422,
        "invalid_amendment",
        "bad_nesting",
    )


def test_committee_staff_table_amendments_for_a_committee(staff):
    bill = in_amendment_period()
    ops = replace_op(
        "art_4",
        "Осы Заң 2027 жылғы 1 шілдеден бастап қолданысқа енгізіледі.",
        "Настоящий Закон вводится в действие с 1 июля 2027 года.",
    )
    with pytest.raises(DomainError) as caught:
        services.amendment_propose(bill=bill, target_eid="art_4", operations=ops, actor=staff)
    assert caught.value.code == "author_required"
    amendment = services.amendment_propose(
        bill=bill, target_eid="art_4", operations=ops, author_committee=committee(), actor=staff
    )
    assert amendment.author_committee == committee()


@pytest.mark.parametrize("role", ["citizen", "moderator", "clerk"])
def test_other_roles_cannot_table_amendments(request, role):
    with pytest.raises(DomainError) as caught:
        services.amendment_propose(
            bill=in_amendment_period(),
            target_eid="art_4",
            operations=replace_op("art_4", "а", "б"),
            actor=request.getfixturevalue(role),
        )
    assert caught.value.status == 403


def test_amendments_wait_for_the_committee_stage(deputy):
    with pytest.raises(DomainError) as caught:
        services.amendment_propose(
            bill=BillFactory(), target_eid="art_4", operations=replace_op("art_4", "а", "б"), actor=deputy
        )
    assert (caught.value.status, caught.value.code) == (409, "amendments_closed")


def _table(bill, target, kk, ru, **kwargs):
    return services.amendment_propose(
        bill=bill,
        target_eid=target,
        operations=replace_op(target, kk, ru),
        author_person_slug="demo-author",
        actor=SYSTEM,
        **kwargs,
    )


def test_the_committee_decides_and_consolidation_makes_a_new_immutable_version(staff, deputy):
    bill = in_amendment_period()
    v1 = current(bill)
    v1_sha = v1.sha256
    accepted = _table(
        bill,
        "art_3__para_1",
        "Өтініш бес жұмыс күні ішінде қаралады.",
        "Обращение рассматривается в течение пяти рабочих дней.",
    )
    rejected = _table(bill, "art_3__para_2", "Мерзім бір рет ұзартылады.", "Срок продлевается один раз.")
    with pytest.raises(DomainError) as caught:
        services.amendment_decide(amendment=accepted, outcome="accepted", actor=deputy)
    assert caught.value.status == 403
    services.amendment_decide(amendment=accepted, recommendation="support", outcome="accepted", actor=staff)
    services.amendment_decide(
        amendment=rejected, recommendation="reject", recommendation_note={"ru": "Нет."}, outcome="rejected", actor=staff
    )
    v2 = services.bill_consolidate(bill=bill, actor=staff)
    assert (v2.number, v2.kind, v2.based_on) == (2, "consolidated", v1)
    assert Bill.objects.get(pk=bill.pk).current_version == v2
    ru = document_from_dict(v2.text_ru)
    assert ru.get("art_3__para_1").provision.content == "Обращение рассматривается в течение пяти рабочих дней."
    assert ru.get("art_3__para_2").provision.content == "Срок не продлевается."
    assert BillVersion.objects.get(pk=v1.pk).sha256 == v1_sha
    assert (
        document_from_dict(BillVersion.objects.get(pk=v1.pk).text_ru)
        .get("art_3__para_1")
        .provision.content.startswith("Обращение рассматривается в течение десяти")
    )
    assert Amendment.objects.get(pk=accepted.pk).applied_in == v2
    assert Amendment.objects.get(pk=rejected.pk).applied_in is None
    with pytest.raises(DomainError) as caught:
        services.amendment_decide(amendment=accepted, outcome="rejected", actor=staff)
    assert caught.value.code == "amendment_decided"
    with pytest.raises(DomainError) as caught:
        services.bill_consolidate(bill=bill, actor=staff)
    assert caught.value.code == "nothing_to_consolidate"
    summary = selectors.version_diff(v1, v2, "ru", "en").summary
    assert summary == ["In paragraph 1 of Article 3, the word “десяти” is replaced with the word “пяти”."]


def test_conflicting_accepted_amendments_are_refused_with_the_pairs(staff):
    bill = in_amendment_period()
    one = _table(bill, "art_3__para_1", "А бір.", "Вариант один.")
    two = _table(bill, "art_3__para_1", "А екі.", "Вариант два.")
    for a in (one, two):
        services.amendment_decide(amendment=a, outcome="accepted", actor=staff)
    with pytest.raises(DomainError) as caught:
        services.bill_consolidate(bill=bill, actor=staff)
    assert (caught.value.status, caught.value.code) == (409, "amendment_conflict")
    conflict = caught.value.data["conflicts"][0]
    assert (conflict["eid"], conflict["first"], conflict["second"], conflict["code"]) == (
        "art_3__para_1",
        "1",
        "2",
        "different_replacements",
    )
    assert BillVersion.objects.filter(bill=bill).count() == 1


def test_accepted_amendments_on_an_older_version_must_be_tabled_again(staff):
    bill = in_amendment_period()
    old = _table(bill, "art_3__para_1", "А.", "Б.")
    services.amendment_decide(amendment=old, outcome="accepted", actor=staff)
    services.version_publish(bill=bill, sources={"kk": BILL_KK, "ru": BILL_RU.replace("Цель", "Цели")}, actor=staff)
    with pytest.raises(DomainError) as caught:
        services.bill_consolidate(bill=bill, actor=staff)
    assert (caught.value.code, caught.value.data["amendments"]) == ("amendment_outdated", [1])


# ---------------------------------------------------------------- acts


def test_the_demo_act_reads_as_it_stood_at_a_date():
    act = Act.objects.get(slug=ACT_SLUG)
    before = selectors.act_version_at(act, date(2026, 11, 15))
    after = selectors.act_version_at(act, date(2026, 11, 16))
    assert selectors.act_version_at(act, date(2015, 1, 1)) is None
    assert before.valid_from == date(2016, 1, 18)
    assert after.valid_from == date(2026, 11, 16)
    assert after.source_bill.slug == "2026-7"
    old, new = document_from_dict(before.text_ru), document_from_dict(after.text_ru)
    assert "art_5-1" not in {e.rsplit("__", 1)[-1] for e in old.eids()}
    assert new.get("chp_2__art_5-1").provision.heading == "Открытые данные"
    assert new.get("chp_2__art_5__para_3").provision.repealed


def _amending_bill_signed(act):
    from kurultai.legislation.tests.factories import demo_sources

    changes = {
        lang: [{"op": "replace", "target": "chp_2__art_7", "content": text}]
        for lang, text in (("kk", "Шағым сотқа беріледі."), ("ru", "Действия могут быть обжалованы в суд."))
    }
    bill = BillFactory(text=False, amends_act=act)
    services.version_publish(
        bill=bill, sources=demo_sources("access_to_information_amendments"), act_changes=changes, actor=SYSTEM
    )
    return move(bill, *path_to(Stage.SIGNED))


def test_a_signed_amending_law_gives_the_act_a_new_version_on_commencement(clerk):
    act = Act.objects.get(slug=ACT_SLUG)
    bill = _amending_bill_signed(act)
    version = services.act_amend_on_commencement(bill=bill, commencement=date(2027, 2, 1), actor=clerk)
    assert version.source_bill == bill
    assert (
        document_from_dict(version.text_ru).get("chp_2__art_7").provision.content
        == "Действия могут быть обжалованы в суд."
    )
    # The previous version (the demo's) is unchanged and still read before the commencement.
    assert selectors.act_version_at(act, date(2027, 1, 31)).valid_from == date(2026, 11, 16)
    assert selectors.act_version_at(act, date(2027, 2, 1)) == version
    with pytest.raises(DomainError) as caught:
        services.act_amend_on_commencement(bill=bill, commencement=date(2027, 3, 1), actor=clerk)
    assert caught.value.code == "act_already_amended"
    with pytest.raises(AppendOnlyError):
        ActVersion.objects.filter(pk=version.pk).update(valid_from=date(2027, 3, 1))


def test_only_a_signed_law_amends_an_act_and_only_after_the_latest_version(clerk):
    act = Act.objects.get(slug=ACT_SLUG)
    from kurultai.legislation.tests.factories import demo_sources

    changes = {lang: [{"op": "repeal", "target": "chp_2__art_7"}] for lang in ("kk", "ru")}
    bill = BillFactory(text=False, amends_act=act)
    services.version_publish(
        bill=bill, sources=demo_sources("access_to_information_amendments"), act_changes=changes, actor=SYSTEM
    )
    with pytest.raises(DomainError) as caught:
        services.act_amend_on_commencement(bill=bill, commencement=date(2027, 2, 1), actor=clerk)
    assert caught.value.code == "bill_not_adopted"
    bill = move(bill, *path_to(Stage.SIGNED))
    with pytest.raises(DomainError) as caught:
        services.act_amend_on_commencement(bill=bill, commencement=date(2026, 11, 16), actor=clerk)
    assert caught.value.code == "act_version_exists"


def test_act_changes_aimed_at_a_missing_provision_are_refused_when_published():
    act = Act.objects.get(slug=ACT_SLUG)
    bill = BillFactory(text=False, amends_act=act)
    changes = {lang: [{"op": "repeal", "target": "chp_9__art_99"}] for lang in ("kk", "ru")}
    with pytest.raises(DomainError) as caught:
        services.version_publish(bill=bill, sources={"kk": BILL_KK, "ru": BILL_RU}, act_changes=changes, actor=SYSTEM)
    assert (caught.value.status, caught.value.code) == (422, "provision_not_found")


# ---------------------------------------------------------------- consultation and comments


def test_ten_working_days_skip_nauryz_and_the_days_off():
    bill = BillFactory(registered_on=date(2026, 3, 2), number=950)
    consultation = services.consultation_open(version=current(bill), opened_on=date(2026, 3, 18), actor=SYSTEM)
    # 19, 20 March; 21-25 March are Nauryz and the days off moved from its weekend; then
    # 26, 27, 30, 31 March, 1, 2, 3 and 6 April.
    assert consultation.closes_on == date(2026, 4, 6)
    assert consultation.working_days == 10
    assert consultation.closes_on == kazakhstan_calendar().add_working_days(date(2026, 3, 18), 10)
    assert consultation.closes_on - consultation.opened_on == timedelta(days=19)


def test_only_the_clerk_opens_a_consultation_once_on_the_current_version(staff, clerk):
    bill = BillFactory()
    with pytest.raises(DomainError) as caught:
        services.consultation_open(version=current(bill), actor=staff)
    assert caught.value.status == 403
    services.consultation_open(version=current(bill), working_days=5, actor=clerk)
    with pytest.raises(DomainError) as caught:
        services.consultation_open(version=current(bill), actor=clerk)
    assert caught.value.code == "consultation_exists"
    with pytest.raises(DomainError) as caught:
        services.consultation_open(version=current(BillFactory()), working_days=0, actor=clerk)
    assert caught.value.code == "bad_term"


def _open(bill=None, **kwargs):
    bill = bill or BillFactory()
    services.consultation_open(version=current(bill), actor=SYSTEM, **kwargs)
    return bill, current(bill)


def test_a_verified_citizen_comments_on_a_provision_as_plain_text(citizen):
    _bill, version = _open()
    comment = services.comment_create(
        version=version,
        eid="art_3__para_1",
        text="<p>Десять дней — <b>много</b>.</p><script>alert(1)</script> A &amp; B",
        actor=citizen,
    )
    assert comment.text == "Десять дней — много. A & B"
    assert (comment.eid, comment.version, comment.author_region) == ("art_3__para_1", version, "KZ-75")
    assert AuditEntry.objects.filter(action="legislation.comment.created").exists()


def test_an_unverified_account_cannot_comment(unverified):
    _bill, version = _open()
    with pytest.raises(DomainError) as caught:
        services.comment_create(version=version, eid="art_1", text="Привет", actor=unverified)
    assert (caught.value.status, caught.value.code) == (403, "not_verified")


def test_comments_on_a_closed_consultation_are_409(citizen):
    bill = BillFactory()
    consultation = services.consultation_open(version=current(bill), opened_on=date(2026, 10, 1), actor=SYSTEM)
    after = datetime.combine(consultation.closes_on + timedelta(days=1), time(10), tzinfo=ALMATY)
    with pytest.raises(DomainError) as caught:
        services.comment_create(version=current(bill), eid="art_1", text="Поздно", actor=citizen, at=after)
    assert (caught.value.status, caught.value.code) == (409, "consultation_closed")
    last_day = datetime.combine(consultation.closes_on, time(23, 59), tzinfo=ALMATY)
    assert services.comment_create(version=current(bill), eid="art_1", text="Успел", actor=citizen, at=last_day)
    with pytest.raises(DomainError) as caught:
        services.comment_create(version=current(BillFactory()), eid="art_1", text="Нет", actor=citizen)
    assert caught.value.code == "consultation_closed"


def test_a_comment_needs_text_and_an_existing_provision(citizen):
    _bill, version = _open()
    with pytest.raises(DomainError) as caught:
        services.comment_create(version=version, eid="art_1", text="<b></b>  ", actor=citizen)
    assert caught.value.code == "empty_comment"
    with pytest.raises(DomainError) as caught:
        services.comment_create(version=version, eid="art_42", text="Да", actor=citizen)
    assert caught.value.code == "provision_not_found"


def test_comments_are_rate_limited(citizen, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl-test"}}
    _bill, version = _open()
    request = RequestFactory().post("/")
    request.user = citizen
    limit = int(services.COMMENT_RATE.split("/")[0])
    for i in range(limit):
        services.comment_create(version=version, eid="art_1", text=f"Комментарий {i}", actor=citizen, request=request)
    with pytest.raises(DomainError) as caught:
        services.comment_create(version=version, eid="art_1", text="Ещё", actor=citizen, request=request)
    assert (caught.value.status, caught.value.code) == (429, "rate_limited")


def test_reactions_toggle_and_count_once_per_citizen(citizen):
    _bill, version = _open()
    comment = services.comment_create(version=version, eid="art_1", text="Согласен", actor=citizen)
    other = CitizenFactory(region="KZ-71")
    assert services.comment_react(comment=comment, kind="agree", actor=other) == "agree"
    assert services.comment_react(comment=comment, kind="disagree", actor=other) == "disagree"
    assert CommentReaction.objects.filter(comment=comment).count() == 1
    assert services.comment_react(comment=comment, kind="disagree", actor=other) is None
    assert not CommentReaction.objects.filter(comment=comment).exists()
    services.comment_react(comment=comment, kind="agree", actor=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentReaction.objects.create(comment=comment, user=other, kind="disagree")


def test_moderators_hide_comments_and_hidden_ones_take_no_reactions(citizen, moderator):
    bill, version = _open()
    comment = services.comment_create(version=version, eid="art_1", text="Реклама", actor=citizen)
    with pytest.raises(DomainError) as caught:
        services.comment_moderate(comment=comment, status="hidden", actor=citizen)
    assert caught.value.status == 403
    services.comment_moderate(comment=comment, status="hidden", note="advertising", actor=moderator)
    comment.refresh_from_db()
    assert comment.status == "hidden"
    assert selectors.comments_for(bill, version) == []
    with pytest.raises(DomainError) as caught:
        services.comment_react(comment=comment, kind="agree", actor=CitizenFactory())
    assert caught.value.code == "comment_hidden"


def test_comment_anchors_survive_renumbering():
    """A comment on Article 3 of version 1 is shown against Article 4 once a new Article 2 is
    inserted and the rest renumbered in version 2 (diff.mapping), and still against Article 3
    on version 1."""
    bill, v1 = _open()
    author = CitizenFactory()
    comment = services.comment_create(version=v1, eid="art_3__para_2", text="Нужен срок продления.", actor=author)
    kk = BILL_KK.replace("4-бап.", "5-бап.").replace("3-бап.", "4-бап.").replace("2-бап.", "3-бап.")
    kk = kk.replace("3-бап. Ұғымдар", "2-бап. Жаңа бап\nЖаңа мәтін.\n\n3-бап. Ұғымдар")
    ru = BILL_RU.replace("Статья 4.", "Статья 5.").replace("Статья 3.", "Статья 4.").replace("Статья 2.", "Статья 3.")
    ru = ru.replace("Статья 3. Понятия", "Статья 2. Новая статья\nНовый текст.\n\nСтатья 3. Понятия")
    v2 = services.version_publish(bill=bill, sources={"kk": kk, "ru": ru}, actor=SYSTEM)
    assert document_from_dict(v2.text_ru).get("art_4__para_2").provision.content == "Срок не продлевается."
    on_v2 = selectors.comments_for(bill, v2)
    assert [(c.comment.pk, c.shown_eid, c.version_number) for c in on_v2] == [(comment.pk, "art_4__para_2", 1)]
    assert selectors.comment_counts(bill, v2) == {"art_4__para_2": 1}
    assert [c.shown_eid for c in selectors.comments_for(bill, v1)] == ["art_3__para_2"]
    assert [c.comment.pk for c in selectors.comments_for(bill, v2, eid="art_4__para_2")] == [comment.pk]
    assert selectors.comments_for(bill, v2, eid="art_3__para_2") == []


def test_a_comment_on_a_removed_provision_goes_to_its_nearest_surviving_ancestor():
    bill, v1 = _open()
    services.comment_create(version=v1, eid="art_3__para_2", text="Уберите это.", actor=CitizenFactory())
    ru = BILL_RU.replace("2. Срок не продлевается.\n", "")
    kk = BILL_KK.replace("2. Мерзім ұзартылмайды.\n", "")
    v2 = services.version_publish(bill=bill, sources={"kk": kk, "ru": ru}, actor=SYSTEM)
    assert selectors.comment_counts(bill, v2) == {"art_3": 1}


def test_the_consultation_report_counts_per_provision_and_ranks_support(citizen, moderator):
    _bill, version = _open()
    a = services.comment_create(version=version, eid="art_3__para_1", text="Слишком долго.", actor=citizen)
    b = services.comment_create(version=version, eid="art_3__para_1", text="Нормально.", actor=CitizenFactory())
    c = services.comment_create(version=version, eid="art_1", text="Цель ясна.", actor=CitizenFactory())
    hidden = services.comment_create(version=version, eid="art_1", text="Спам", actor=CitizenFactory())
    services.comment_moderate(comment=hidden, status="hidden", actor=moderator)
    voters = [CitizenFactory() for _ in range(3)]
    for v in voters:
        services.comment_react(comment=b, kind="agree", actor=v)
    services.comment_react(comment=a, kind="agree", actor=voters[0])
    services.comment_react(comment=a, kind="disagree", actor=voters[1])
    services.comment_react(comment=c, kind="disagree", actor=voters[2])
    report = selectors.consultation_report(selectors.consultation_get(version), lang="en")
    assert (report.comments, report.agree, report.disagree, report.hidden) == (3, 4, 2, 1)
    assert report.participants == 3
    assert [(r.eid, r.comments, r.agree, r.disagree) for r in report.rows] == [
        ("art_1", 1, 0, 1),
        ("art_3__para_1", 2, 4, 1),
    ]
    assert report.rows[1].name == "Paragraph 1 of Article 3"
    assert [v.comment.pk for v in report.rows[1].top] == [b.pk, a.pk]


def test_the_committee_responds_after_the_consultation_closes(staff):
    bill = BillFactory()
    consultation = services.consultation_open(version=current(bill), actor=SYSTEM)
    with pytest.raises(DomainError) as caught:
        services.consultation_respond(consultation=consultation, response={"kk": "Жауап.", "ru": "Ответ."}, actor=staff)
    assert caught.value.code == "consultation_still_open"
    later = datetime.combine(consultation.closes_on + timedelta(days=1), time(10), tzinfo=ALMATY)
    done = services.consultation_respond(
        consultation=consultation, response={"kk": "Жауап.", "ru": "Ответ."}, actor=staff, at=later
    )
    assert done.response_ru == "Ответ."


# ---------------------------------------------------------------- deadlines


def test_deadlines_after_adoption_and_for_priority_bills():
    bill = move(BillFactory(priority=True, registered_on=date(2026, 9, 1)), *path_to(Stage.THIRD_READING))
    adopted = datetime(2026, 10, 13, 12, tzinfo=ALMATY)
    services.stage_transition(bill=bill, to="adopted", vote_event_ref="v", actor=SYSTEM, at=adopted)
    services.stage_transition(
        bill=bill, to="sent_to_president", actor=SYSTEM, at=datetime(2026, 10, 20, 12, tzinfo=ALMATY)
    )
    bill = Bill.objects.get(pk=bill.pk)
    found = {d.key: d for d in selectors.bill_deadlines(bill, selectors.transitions(bill), today=date(2026, 12, 1))}
    assert (found["priority"].due, found["priority"].status) == (date(2026, 11, 1), "met")
    assert (found["send_to_president"].due, found["send_to_president"].status) == (date(2026, 10, 23), "met")
    decision = found["president_decision"]
    assert (decision.due, decision.status, decision.assumed) == (date(2026, 11, 20), "overdue", True)


def test_the_demo_bills_stand_at_different_stages():
    stages_found = dict(Bill.objects.filter(is_demo=True).values_list("slug", "stage"))
    assert stages_found == {"2026-7": "signed", "2026-12": "amendment_period", "2026-15": "first_reading"}
    petitions = Bill.objects.get(slug="2026-12")
    outcomes = sorted(petitions.amendments.values_list("outcome", flat=True))
    assert outcomes == ["accepted", "accepted", "pending", "rejected", "withdrawn"]
    open_bill = Bill.objects.get(slug="2026-15")
    assert Comment.objects.filter(consultation__bill=open_bill).count() >= 3
    assert CommentReaction.objects.filter(comment__consultation__bill=open_bill).exists()
    assert all(
        getattr(b, f"citizen_summary_{lang}") for b in Bill.objects.filter(is_demo=True) for lang in ("kk", "ru")
    )
    assert selectors.consultation_of(current(open_bill)).is_open(timezone.localdate())


def test_the_demo_loader_is_idempotent():
    import random

    from kurultai.legislation.demo import demo_legislation

    counts = (Bill.objects.count(), BillVersion.objects.count(), Comment.objects.count(), ActVersion.objects.count())
    demo_legislation(random.Random(1))
    assert counts == (
        Bill.objects.count(),
        BillVersion.objects.count(),
        Comment.objects.count(),
        ActVersion.objects.count(),
    )


def test_stage_names_in_the_api_schema_match_the_machine():
    from typing import get_args

    from kurultai.legislation.api import StageName

    assert list(get_args(StageName)) == [s.value for s in Stage]
    assert stages.allowed("registered") == (Stage.IN_COMMITTEE, Stage.WITHDRAWN, Stage.REJECTED)


def test_the_document_json_round_trips():
    version = current(BillFactory())
    assert document_to_dict(document_from_dict(version.text_kk)) == version.text_kk
