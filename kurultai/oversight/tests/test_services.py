"""Rules of committee work and oversight, through the real services on the demo parliament."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.roles import Role
from kurultai.common.errors import DomainError
from kurultai.common.models import AuditEntry
from kurultai.oversight import selectors, services
from kurultai.oversight.config import RuleKey, RuleStatus
from kurultai.oversight.models import (
    ApplicationStatus,
    CommitteeKind,
    HearingApplication,
    HearingStatus,
    InquiryStatus,
    InvestigationStatus,
)
from kurultai.registry.models import MembershipRole, Organization, OrganizationClassification, Person
from kurultai.registry.selectors import open_memberships

pytestmark = pytest.mark.django_db
ALMATY = timezone.get_default_timezone()


@contextmanager
def raises(code: str, status: int) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """Expect a DomainError with this code and HTTP status."""
    with pytest.raises(DomainError) as info:
        yield info
    assert (info.value.code, info.value.status) == (code, status)


# ---------------------------------------------------------------- inquiries and deadlines


@pytest.mark.parametrize(
    ("received", "registered", "due"),
    [
        (datetime(2026, 3, 20, 17, 30, tzinfo=ALMATY), "2026-03-20", "2026-04-15"),  # just before Nauryz
        (datetime(2026, 3, 21, 10, 0, tzinfo=ALMATY), "2026-03-26", "2026-04-16"),  # during Nauryz
        (datetime(2026, 3, 20, 23, 30, tzinfo=ALMATY), "2026-03-20", "2026-04-15"),  # late evening, still Friday
    ],
)
def test_an_inquiry_before_nauryz_is_due_after_the_holiday(deputy_person, body, received, registered, due):
    inquiry = services.inquiry_create(
        actor=SYSTEM,
        lead_author=deputy_person,
        state_body=body,
        subject="s",
        text="t",
        language="ru",
        received_at=received,
    )
    assert (inquiry.registered_on.isoformat(), inquiry.deadline.isoformat()) == (registered, due)
    assert inquiry.deadline_working_days == 15
    assert inquiry.deadline_rule_found is False
    assert "not found" in inquiry.deadline_citation


def test_a_deputy_registers_an_inquiry_with_a_number_and_co_authors(deputy, other_deputy, body):
    co = Person.objects.get(slug=other_deputy.person_slug)
    inquiry = services.inquiry_create(
        actor=deputy, state_body=body, subject="Clinics", text="Why?", language="kk", co_authors=[co]
    )
    year = inquiry.registered_on.year
    assert inquiry.slug == f"{year}-{inquiry.number:04d}"
    assert inquiry.registration_number == f"{year}/{inquiry.number:04d}"
    assert [(a.person.slug, a.is_lead) for a in inquiry.authors.order_by("-is_lead")] == [
        (deputy.person_slug, True),
        (other_deputy.person_slug, False),
    ]
    assert inquiry.subject_kk == "Clinics"
    assert AuditEntry.objects.filter(action="oversight.inquiry.registered", object_id=inquiry.slug).exists()
    second = services.inquiry_create(actor=deputy, state_body=body, subject="Again", text="Why?", language="kk")
    assert second.number == inquiry.number + 1


def test_the_configured_answer_period_applies_to_new_inquiries_only(deputy, body, inquiry):
    services.rule_set(
        key=RuleKey.INQUIRY_ANSWER_WORKING_DAYS,
        value=10,
        citation="Law X, Art. 1",
        status=RuleStatus.CONFIRMED,
        actor=SYSTEM,
    )
    later = services.inquiry_create(actor=deputy, state_body=body, subject="s", text="t", language="en")
    assert (later.deadline_working_days, later.deadline_rule_found, later.deadline_citation) == (
        10,
        True,
        "Law X, Art. 1",
    )
    inquiry.refresh_from_db()
    assert inquiry.deadline_working_days == 15


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.DEPUTY,)])
def test_only_a_deputy_sends_an_inquiry(make_user, body, role):
    with raises("permission_denied", 403):
        services.inquiry_create(actor=make_user(role), state_body=body, subject="s", text="t", language="en")


def test_a_deputy_account_without_a_sitting_deputy_cannot_send(make_user, body):
    with raises("not_a_sitting_deputy", 403):
        services.inquiry_create(actor=make_user(Role.DEPUTY), state_body=body, subject="s", text="t", language="en")


def test_an_inquiry_goes_to_a_state_body_only(deputy):
    party = Organization.objects.get(slug="amanat")
    with raises("not_a_state_body", 422):
        services.inquiry_create(actor=deputy, state_body=party, subject="s", text="t", language="en")


@pytest.mark.parametrize("text", ["", "   ", "a\x00b", "x" * (services.MAX_TEXT + 1)])
def test_bad_inquiry_text_is_refused(deputy, body, text):
    with raises("invalid_text", 422):
        services.inquiry_create(actor=deputy, state_body=body, subject="s", text=text, language="en")


@pytest.mark.parametrize("role", [r for r in Role if r != Role.GOVERNMENT_RESPONDENT])
def test_only_the_respondent_of_the_addressed_body_answers_every_other_role_gets_403(make_user, inquiry, role):
    with raises("permission_denied", 403):
        services.inquiry_answer(inquiry=inquiry, actor=make_user(role), text="An answer", language="ru")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.REGISTERED


def test_a_respondent_linked_to_no_body_cannot_answer(make_user, inquiry):
    with raises("not_respondent_of_body", 403):
        services.inquiry_answer(inquiry=inquiry, actor=make_user(Role.GOVERNMENT_RESPONDENT), text="A", language="ru")


def test_the_respondent_of_the_body_answers(respondent, inquiry):
    services.inquiry_answer(inquiry=inquiry, actor=respondent, text="An answer", language="ru")
    assert selectors.inquiry_get(inquiry.slug).status == InquiryStatus.ANSWERED


def test_the_respondent_of_another_body_cannot_answer(make_user, inquiry, other_body):
    other = make_user(Role.GOVERNMENT_RESPONDENT)
    services.respondent_link(user=other, state_body=other_body, actor=SYSTEM)
    with raises("not_respondent_of_body", 403):
        services.inquiry_answer(inquiry=inquiry, actor=other, text="An answer", language="ru")


def test_an_unlinked_respondent_cannot_answer(respondent, inquiry):
    link = selectors.open_respondent_links().get(user=respondent, state_body=inquiry.state_body)
    services.respondent_unlink(link=link, actor=SYSTEM, end_date=timezone.localdate() - timedelta(days=1))
    with raises("not_respondent_of_body", 403):
        services.inquiry_answer(inquiry=inquiry, actor=respondent, text="An answer", language="ru")


def test_answer_rate_and_raise_an_unsatisfactory_answer(respondent, deputy, inquiry):
    services.inquiry_answer(inquiry=inquiry, actor=respondent, text="We are looking into it.", language="ru")
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.answered_by, inquiry.answer_text_ru) == (
        InquiryStatus.ANSWERED,
        respondent,
        "We are looking into it.",
    )
    with raises("invalid_transition", 409):
        services.inquiry_answer(inquiry=inquiry, actor=respondent, text="Again", language="ru")
    with raises("invalid_transition", 409):
        services.inquiry_raise_at_plenary(inquiry=inquiry, actor=deputy)
    services.inquiry_rate(inquiry=inquiry, actor=deputy, rating="unsatisfactory", comment="A formality.")
    services.inquiry_raise_at_plenary(inquiry=inquiry, actor=deputy, plenary_ref="sitting-12")
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.rating, inquiry.plenary_ref) == (
        InquiryStatus.RAISED,
        "unsatisfactory",
        "sitting-12",
    )


def test_only_an_author_rates_and_only_after_an_answer(respondent, deputy, other_deputy, inquiry):
    with raises("invalid_transition", 409):
        services.inquiry_rate(inquiry=inquiry, actor=deputy, rating="formal")
    services.inquiry_answer(inquiry=inquiry, actor=respondent, text="Answer", language="ru")
    with raises("not_an_author", 403):
        services.inquiry_rate(inquiry=inquiry, actor=other_deputy, rating="formal")
    with raises("invalid_rating", 422):
        services.inquiry_rate(inquiry=inquiry, actor=deputy, rating="excellent")
    services.inquiry_rate(inquiry=inquiry, actor=deputy, rating="formal")
    with raises("invalid_transition", 409):
        services.inquiry_raise_at_plenary(inquiry=inquiry, actor=deputy)


def test_a_formal_reply_cannot_be_raised_at_plenary(respondent, deputy, inquiry):
    services.inquiry_answer(inquiry=inquiry, actor=respondent, text="Answer", language="ru")
    services.inquiry_rate(inquiry=inquiry, actor=deputy, rating="formal")
    with raises("invalid_transition", 409):
        services.inquiry_raise_at_plenary(inquiry=inquiry, actor=deputy)


def test_the_lead_author_withdraws_an_unanswered_inquiry(deputy, inquiry):
    services.inquiry_withdraw(inquiry=inquiry, actor=deputy)
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.WITHDRAWN
    with raises("invalid_transition", 409):
        services.inquiry_withdraw(inquiry=inquiry, actor=deputy)


def test_overdue_and_late_flags(deputy_person, body, respondent):
    long_ago = timezone.now() - timedelta(days=60)
    overdue = services.inquiry_create(
        actor=SYSTEM,
        lead_author=deputy_person,
        state_body=body,
        subject="s",
        text="t",
        language="ru",
        received_at=long_ago,
    )
    late = services.inquiry_create(
        actor=SYSTEM,
        lead_author=deputy_person,
        state_body=body,
        subject="s",
        text="t",
        language="ru",
        received_at=long_ago,
    )
    services.inquiry_answer(inquiry=late, actor=respondent, text="Late answer", language="ru")
    fresh = services.inquiry_create(
        actor=SYSTEM, lead_author=deputy_person, state_body=body, subject="s", text="t", language="ru"
    )
    flags = {i.slug: (i.is_overdue, i.answered_late) for i in selectors.inquiry_list()}
    assert flags[overdue.slug] == (True, False)
    assert flags[late.slug] == (False, True)
    assert flags[fresh.slug] == (False, False)
    only_overdue = {i.slug for i in selectors.inquiry_list(selectors.InquiryFilters(overdue=True))}
    assert overdue.slug in only_overdue
    assert {late.slug, fresh.slug}.isdisjoint(only_overdue)
    assert selectors.inquiry_days_late(selectors.inquiry_get(overdue.slug)) > 10


def test_responsiveness_counts_the_body_s_inquiries(deputy_person, body, respondent):
    before = selectors.responsiveness_by_body([body.pk])[body.pk]
    services.inquiry_create(
        actor=SYSTEM,
        lead_author=deputy_person,
        state_body=body,
        subject="s",
        text="t",
        language="ru",
        received_at=timezone.now() - timedelta(days=60),
    )
    after = selectors.responsiveness_by_body([body.pk])[body.pk]
    assert (after.received, after.overdue) == (before.received + 1, before.overdue + 1)


# ---------------------------------------------------------------- committees


def test_the_standing_committee_limit_is_configuration(system):
    assert selectors.standing_committees().count() == 7
    services.standing_committee_create(
        slug="committee-digital", names={"en": "Committee on Digital Affairs"}, actor=system
    )
    with raises("committee_limit_reached", 409) as info:
        services.standing_committee_create(slug="committee-ninth", names={"en": "A ninth committee"}, actor=system)
    assert info.value.data["limit"] == 8
    assert "[K12]" in info.value.data["citation"]
    assert not Organization.objects.filter(slug="committee-ninth").exists()


def test_temporary_commissions_are_outside_the_limit(system):
    services.rule_set(
        key=RuleKey.MAX_STANDING_COMMITTEES, value=7, citation="test", status=RuleStatus.CONFIRMED, actor=system
    )
    with raises("committee_limit_reached", 409):
        services.standing_committee_create(slug="committee-x", names={"en": "X"}, actor=system)
    commission = services.temporary_commission_create(
        slug="commission-floods",
        names={"en": "Temporary commission on floods"},
        mandate={"en": "Floods of 2026"},
        ends_on=None,
        actor=system,
    )
    assert commission.classification == OrganizationClassification.COMMITTEE
    assert selectors.committee_profile(commission).kind == CommitteeKind.TEMPORARY
    assert not selectors.is_standing(commission)


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.DEPUTY, Role.COMMITTEE_STAFF, Role.MODERATOR])
def test_only_clerks_and_admins_create_committees(make_user, role):
    with raises("permission_denied", 403):
        services.standing_committee_create(slug="committee-y", names={"en": "Y"}, actor=make_user(role))


def test_each_deputy_sits_on_one_standing_committee(system, deputy_person):
    current = open_memberships().get(
        person=deputy_person, organization__classification=OrganizationClassification.COMMITTEE
    )
    other = (
        Organization.objects.filter(classification=OrganizationClassification.COMMITTEE)
        .exclude(pk=current.organization_id)
        .first()
    )
    with raises("already_on_standing_committee", 409) as info:
        services.committee_member_add(committee=other, person=deputy_person, actor=system)
    assert info.value.data["committees"] == [current.organization.slug]
    with raises("already_a_member", 409):
        services.committee_member_add(committee=current.organization, person=deputy_person, actor=system)
    commission = services.temporary_commission_create(
        slug="commission-roads",
        names={"en": "Commission on roads"},
        mandate={"en": "Roads"},
        ends_on=None,
        actor=system,
    )
    membership = services.committee_member_add(committee=commission, person=deputy_person, actor=system)
    assert membership.organization == commission


def test_a_deputy_without_a_committee_can_join_one(system, deputy_person):
    current = open_memberships().get(
        person=deputy_person, organization__classification=OrganizationClassification.COMMITTEE
    )
    from kurultai.registry.services import membership_end

    membership_end(membership=current, end_date=timezone.localdate() - timedelta(days=1), actor=system)
    target = Organization.objects.get(slug="committee-ecology")
    membership = services.committee_member_add(
        committee=target, person=deputy_person, role=MembershipRole.MEMBER, actor=system
    )
    assert membership.person == deputy_person


def test_only_sitting_deputies_join_committees(system):
    person = Person.objects.filter(is_demo=True).exclude(memberships__role=MembershipRole.DEPUTY).first()
    with raises("not_a_sitting_deputy", 422):
        services.committee_member_add(
            committee=Organization.objects.get(slug="committee-finance"), person=person, actor=system
        )


def test_committee_officers_run_their_committee_only(deputy_person, make_user):
    officer_membership = (
        open_memberships()
        .filter(organization__classification=OrganizationClassification.COMMITTEE, role=MembershipRole.CHAIR)
        .select_related("person", "organization")
        .first()
    )
    chair = make_user(Role.DEPUTY, person_slug=officer_membership.person.slug)
    own, other = (
        officer_membership.organization,
        Organization.objects.exclude(pk=officer_membership.organization_id)
        .filter(classification=OrganizationClassification.COMMITTEE)
        .first(),
    )
    start = timezone.now() + timedelta(days=3)
    meeting = services.meeting_schedule(
        committee=own, slug="chair-meeting", titles={"en": "Meeting"}, starts_at=start, actor=chair
    )
    assert meeting.participants.filter(person=officer_membership.person).exists()
    with raises("not_committee_officer", 403):
        services.meeting_schedule(
            committee=other, slug="not-mine", titles={"en": "Meeting"}, starts_at=start, actor=chair
        )
    staff = make_user(Role.COMMITTEE_STAFF)
    services.meeting_schedule(
        committee=other, slug="staff-meeting", titles={"en": "Meeting"}, starts_at=start, actor=staff
    )


def test_a_meeting_is_recorded_with_minutes_decisions_and_attendance(system):
    committee = Organization.objects.get(slug="committee-social")
    meeting = services.meeting_schedule(
        committee=committee,
        slug="social-x",
        titles={"en": "Meeting"},
        starts_at=timezone.now(),
        agenda=[services.AgendaItemIn(titles={"en": "Bill on schools"}, bill_ref="bill-schools")],
        guests=[services.GuestIn(name="Invited expert", affiliation="University")],
        actor=system,
    )
    absent = meeting.participants.filter(person__isnull=False).first().person
    services.meeting_record(
        meeting=meeting,
        minutes={"en": "Minutes"},
        decisions=[
            services.DecisionIn(texts={"en": "Approve"}, bill_ref="bill-schools", votes_for=10, votes_against=1)
        ],
        absent=[absent],
        actor=system,
    )
    got = selectors.meeting_get("social-x")
    assert got.status == "held"
    assert [a.bill_ref for a in got.agenda_items.all()] == ["bill-schools"]
    assert [d.votes_for for d in got.decisions.all()] == [10]
    attended = {p.person_id: p.attended for p in got.participants.all() if p.person_id}
    assert attended[absent.pk] is False
    assert sum(attended.values()) == len(attended) - 1
    with raises("invalid_transition", 409):
        services.meeting_record(meeting=got, minutes={"en": "Again"}, actor=system)


# ---------------------------------------------------------------- hearings


def test_closing_a_hearing_without_minutes_is_a_conflict(system, hearing):
    services.hearing_record(hearing=hearing, transcript="Said things.", actor=system)
    with raises("minutes_required", 409):
        services.hearing_close(hearing=hearing, actor=system)
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.HELD
    services.hearing_close(hearing=hearing, minutes={"ru": "Протокол"}, actor=system)
    hearing.refresh_from_db()
    assert (hearing.status, hearing.minutes_ru) == (HearingStatus.CLOSED, "Протокол")


def test_an_announced_hearing_cannot_be_closed(system, hearing):
    with raises("minutes_required", 409):
        services.hearing_close(hearing=hearing, actor=system)
    with raises("invalid_transition", 409):
        services.hearing_close(hearing=hearing, minutes={"en": "Minutes"}, actor=system)


def test_verified_citizens_apply_up_to_the_cap(hearing, citizen, make_user):
    from kurultai.accounts.iin import make_iin
    from kurultai.accounts.services import citizen_verify

    def verified(i: int):
        user = make_user()
        citizen_verify(user=user, iin=make_iin(date(1990, 1, i), "F", serial=5000 + i), region_code="KZ-75")
        user.refresh_from_db()
        return user

    services.hearing_apply(hearing=hearing, actor=citizen, kind="speak", statement="I run a clinic.")
    with raises("already_applied", 409):
        services.hearing_apply(hearing=hearing, actor=citizen, kind="attend")
    for i in range(1, 4):
        services.hearing_apply(hearing=hearing, actor=verified(i), kind="attend")
    with raises("application_cap_reached", 409) as info:
        services.hearing_apply(hearing=hearing, actor=verified(9), kind="attend")
    assert info.value.data == {"cap": 4}
    assert HearingApplication.objects.filter(hearing=hearing).count() == 4


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.CLERK, Role.MASLIKHAT_DELEGATE, Role.ADMIN])
def test_only_verified_citizens_apply(make_user, hearing, role):
    with raises("permission_denied", 403):
        services.hearing_apply(hearing=hearing, actor=make_user(role), kind="attend")


def test_a_citizen_role_without_verification_cannot_apply(make_user, hearing):
    with raises("not_a_verified_citizen", 403):
        services.hearing_apply(hearing=hearing, actor=make_user(Role.CITIZEN), kind="attend")


def test_speaking_needs_a_statement(hearing, citizen):
    with raises("invalid_text", 422):
        services.hearing_apply(hearing=hearing, actor=citizen, kind="speak", statement="")


def test_the_draw_fills_the_seats_and_selection_never_exceeds_them(system, hearing, citizen, make_user):
    from kurultai.accounts.iin import make_iin
    from kurultai.accounts.services import citizen_verify

    applicants = [citizen]
    for i in range(1, 4):
        user = make_user()
        citizen_verify(user=user, iin=make_iin(date(1985, 2, i), "M", serial=6000 + i), region_code="KZ-39")
        user.refresh_from_db()
        applicants.append(user)
    for user in applicants:
        services.hearing_apply(hearing=hearing, actor=user, kind="speak", statement="Point")
    with raises("applications_still_open", 409):
        services.hearing_selection_draw(hearing=hearing, actor=system)
    hearing.applications_close_at = timezone.now() - timedelta(minutes=1)
    hearing.save(update_fields=["applications_close_at"])
    assert services.hearing_selection_draw(hearing=hearing, actor=system) == {"speak": 1, "attend": 0}
    statuses = list(HearingApplication.objects.filter(hearing=hearing).values_list("status", flat=True))
    assert sorted(statuses) == sorted([ApplicationStatus.SELECTED] + [ApplicationStatus.NOT_SELECTED] * 3)
    loser = HearingApplication.objects.filter(hearing=hearing, status=ApplicationStatus.NOT_SELECTED).first()
    with raises("seats_full", 409):
        services.hearing_application_decide(application=loser, selected=True, actor=system)
    winner = HearingApplication.objects.get(hearing=hearing, status=ApplicationStatus.SELECTED)
    services.hearing_application_decide(application=winner, selected=False, actor=system)
    services.hearing_application_decide(application=loser, selected=True, actor=system)


def test_applications_close_at_their_time(hearing, citizen):
    hearing.applications_close_at = timezone.now() - timedelta(seconds=1)
    hearing.save(update_fields=["applications_close_at"])
    with raises("applications_closed", 409):
        services.hearing_apply(hearing=hearing, actor=citizen, kind="attend")


def test_applications_must_close_before_the_hearing(system):
    now = timezone.now()
    with raises("invalid_dates", 422):
        services.hearing_announce(
            committee=Organization.objects.get(slug="committee-finance"),
            slug="bad-dates",
            topics={"en": "T"},
            starts_at=now,
            applications_close_at=now + timedelta(hours=1),
            actor=system,
        )


def test_recommendations_are_followed_up(system, hearing, body):
    rec = services.recommendation_add(
        hearing=hearing,
        texts={"en": "Report back"},
        addressee=body,
        due_on=timezone.localdate() - timedelta(days=1),
        actor=system,
    )
    assert rec.overdue
    services.recommendation_follow_up(recommendation=rec, status="in_progress", note="Working on it", actor=system)
    services.recommendation_follow_up(recommendation=rec, status="done", actor=system)
    rec.refresh_from_db()
    assert (rec.status, rec.done_on, rec.overdue) == ("done", timezone.localdate(), False)
    with raises("invalid_transition", 409):
        services.recommendation_follow_up(recommendation=rec, status="open", actor=system)
    with raises("addressee_required", 422):
        services.recommendation_add(hearing=hearing, texts={"en": "Nobody"}, due_on=timezone.localdate(), actor=system)


# ---------------------------------------------------------------- investigations


def test_an_investigation_opens_on_a_vote_reports_and_closes(system, deputy_person):
    committee = Organization.objects.get(slug="committee-finance")
    inv = services.investigation_open(
        committee=committee,
        slug="inv-test",
        titles={"en": "Inquiry into X"},
        opening_decisions={"en": "Resolution No. 1"},
        mandates={"en": "Find out X"},
        opened_on=timezone.localdate(),
        vote_event_ref="vote-2026-10-01-3",
        members=[deputy_person],
        chair=deputy_person,
        actor=system,
    )
    assert (inv.vote_event_ref, inv.members.get().role) == ("vote-2026-10-01-3", "chair")
    with raises("final_report_required", 409):
        services.investigation_close(investigation=inv, actor=system)
    services.document_add(
        investigation=inv,
        kind="evidence",
        titles={"en": "Contract register"},
        published_on=timezone.localdate(),
        actor=system,
    )
    services.investigation_report(
        investigation=inv, final_report={"en": "Findings"}, published_on=timezone.localdate(), actor=system
    )
    services.investigation_close(investigation=inv, actor=system)
    inv.refresh_from_db()
    assert inv.status == InvestigationStatus.CLOSED
    assert selectors.investigation_get("inv-test").documents.count() == 1


# ---------------------------------------------------------------- state bodies and reports


def test_respondents_are_linked_to_bodies_only_with_their_role(system, make_user, other_body):
    with raises("not_a_respondent_account", 422):
        services.respondent_link(user=make_user(Role.CITIZEN), state_body=other_body, actor=system)
    user = make_user(Role.GOVERNMENT_RESPONDENT)
    services.respondent_link(user=user, state_body=other_body, actor=system)
    with raises("already_linked", 409):
        services.respondent_link(user=user, state_body=other_body, actor=system)
    assert selectors.bodies_answered_by(user) == {other_body.pk}


def test_a_report_question_is_answered_by_the_body_s_respondent(
    system, deputy, respondent, body, other_body, make_user
):
    report = services.report_register(
        slug="r-test", titles={"en": "Report"}, state_body=body, presented_on=timezone.localdate(), actor=system
    )
    question = services.report_question_ask(report=report, actor=deputy, text="Why?", language="ru")
    assert question.asked_by.slug == deputy.person_slug
    outsider = make_user(Role.GOVERNMENT_RESPONDENT)
    services.respondent_link(user=outsider, state_body=other_body, actor=system)
    with raises("not_respondent_of_body", 403):
        services.report_question_answer(question=question, actor=outsider, text="No", language="ru")
    services.report_question_answer(question=question, actor=respondent, text="Because", language="ru")
    assert selectors.report_get("r-test").questions.get().answer_ru == "Because"
