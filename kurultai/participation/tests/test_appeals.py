"""Appeals through the real services: registration, deadlines, the transitions, who may act."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kurultai.common.errors import DomainError
from kurultai.common.models import AuditEntry
from kurultai.common.workdays import kazakhstan_calendar
from kurultai.participation import selectors, services, tasks
from kurultai.participation.models import Appeal, AppealEvent, AppealStatus, Notification
from kurultai.participation.tests.factories import AppealFactory, MinorProfileFactory

pytestmark = pytest.mark.django_db
ALMATY_NOON = timezone.get_default_timezone()


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour), ALMATY_NOON)


def test_an_appeal_received_on_nauryz_is_registered_after_the_holidays(citizen):
    appeal = AppealFactory(author=citizen, received_at=at(date(2026, 3, 22)))
    assert appeal.registered_on == date(2026, 3, 26)
    assert appeal.answer_due == date(2026, 4, 16)
    assert appeal.forward_due == date(2026, 3, 31)
    assert appeal.status == AppealStatus.REGISTERED
    assert appeal.number.startswith("A-2026-")
    assert len(appeal.text_sha256) == 64


def test_late_evening_utc_counts_as_the_next_day_in_almaty(citizen):
    # 20:30 UTC on Friday 20 March is 01:30 on Saturday 21 March in Almaty (UTC+5).
    appeal = AppealFactory(author=citizen, received_at=datetime(2026, 3, 20, 20, 30, tzinfo=UTC))
    assert appeal.registered_on == date(2026, 3, 26)


def test_registration_numbers_are_gapless_within_a_year(citizen):
    numbers = [AppealFactory(author=citizen, received_at=at(date(2027, 2, 1))).number for _ in range(3)]
    first = int(numbers[0].rsplit("-", 1)[1])
    assert numbers == [f"A-2027-{n:06d}" for n in range(first, first + 3)]


def test_registration_writes_history_audit_notice_and_a_reminder(citizen, deputy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = AppealFactory(author=citizen, addressee_kind="deputy", addressee=deputy.person_slug)
    assert [e.action for e in appeal.events.all()] == ["registered"]
    assert AuditEntry.objects.filter(action="participation.appeal.registered", object_id=str(appeal.pk)).exists()
    assert Notification.objects.filter(user=citizen, kind="appeal.registered").exists()
    assert Notification.objects.filter(user=deputy, kind="appeal.assigned").exists()
    reminder = DBTaskResult.objects.filter(task_path=tasks.appeal_reminder.module_path).latest("enqueued_at")
    remind_on = tasks.reminder_day(appeal.answer_due)
    assert timezone.localdate(reminder.run_after) == remind_on
    assert reminder.args_kwargs["args"] == [appeal.number, appeal.answer_due.isoformat()]


def test_audit_entries_carry_no_text_of_the_appeal(citizen):
    appeal = AppealFactory(author=citizen, body="My neighbour's name is Secret Person.")
    data = AuditEntry.objects.filter(object_id=str(appeal.pk)).values_list("data", flat=True)
    assert all("Secret" not in str(d) for d in data)


@pytest.mark.parametrize(
    ("kind", "addressee", "code"),
    [
        ("deputy", "no-such-person", "invalid_addressee"),
        ("committee", "amanat", "invalid_addressee"),
        ("king", "", "invalid_addressee"),
    ],
)
def test_addressee_must_exist_and_be_of_its_kind(citizen, kind, addressee, code):
    with pytest.raises(DomainError) as err:
        AppealFactory(author=citizen, addressee_kind=kind, addressee=addressee)
    assert err.value.code == code
    assert err.value.status == 422


def test_unverified_and_under_age_accounts_cannot_appeal(make_user):
    with pytest.raises(DomainError) as err:
        AppealFactory(author=make_user())
    assert (err.value.status, err.value.code) == (403, "not_verified")
    minor = MinorProfileFactory().user
    with pytest.raises(DomainError) as err:
        AppealFactory(author=minor)
    assert (err.value.status, err.value.code) == (403, "under_age")


def test_text_is_sanitised_to_plain_text(citizen):
    appeal = AppealFactory(author=citizen, subject="<b>Hi</b>", body="<script>x()</script>Road <i>repair</i>")
    assert (appeal.subject, appeal.text) == ("Hi", "Road repair")
    with pytest.raises(DomainError) as err:
        AppealFactory(author=citizen, body="<script>only()</script>")
    assert err.value.code == "invalid_text"


def test_clerk_routes_then_staff_of_that_committee_answers(citizen, clerk, committee, committee_staff, make_user):
    appeal = AppealFactory(author=citizen)
    appeal = services.appeal_route(appeal=appeal, actor=clerk, addressee_kind="committee", addressee=committee.slug)
    assert appeal.status == AppealStatus.ROUTED
    assert appeal.addressee_org == committee
    outsider = make_user("committee_staff")
    with pytest.raises(DomainError) as err:
        services.appeal_answer(appeal=appeal, actor=outsider, answer="No.")
    assert (err.value.status, err.value.code) == (403, "not_addressee")
    appeal = services.appeal_answer(appeal=appeal, actor=committee_staff, answer="Done.")
    assert appeal.status == AppealStatus.ANSWERED
    assert appeal.answered_by == committee_staff
    assert Notification.objects.filter(user=citizen, kind="appeal.answered").exists()


def test_only_the_addressed_deputy_answers(citizen, deputy, other_deputy):
    appeal = AppealFactory(author=citizen, addressee_kind="deputy", addressee=deputy.person_slug)
    with pytest.raises(DomainError) as err:
        services.appeal_answer(appeal=appeal, actor=other_deputy, answer="Not mine.")
    assert err.value.code == "not_addressee"
    assert services.appeal_answer(appeal=appeal, actor=deputy, answer="Mine.").status == AppealStatus.ANSWERED


def test_routing_needs_a_clerk(citizen, deputy, committee):
    appeal = AppealFactory(author=citizen)
    with pytest.raises(DomainError) as err:
        services.appeal_route(appeal=appeal, actor=deputy, addressee_kind="committee", addressee=committee.slug)
    assert err.value.status == 403


def test_forwarding_tells_the_citizen_and_is_final(citizen, clerk):
    appeal = services.appeal_forward(appeal=AppealFactory(author=citizen), actor=clerk, to="Ministry of Health")
    assert appeal.status == AppealStatus.FORWARDED
    assert appeal.forward_notified_at is not None
    assert Notification.objects.filter(user=citizen, kind="appeal.forwarded").exists()
    with pytest.raises(DomainError) as err:
        services.appeal_answer(appeal=appeal, actor=clerk, answer="Too late.")
    assert (err.value.status, err.value.code) == (409, "invalid_transition")


def test_a_late_forwarding_is_recorded_as_late(citizen, clerk):
    appeal = AppealFactory(author=citizen, received_at=timezone.now() - timedelta(days=20))
    services.appeal_forward(appeal=appeal, actor=clerk, to="Akimat")
    entry = AuditEntry.objects.get(action="participation.appeal.forwarded", object_id=str(appeal.pk))
    assert entry.data["late"] is True


def test_extension_once_up_to_two_months_with_notice(citizen, clerk):
    appeal = AppealFactory(author=citizen)
    limit = appeal.registered_on.replace(day=1) + timedelta(days=200)  # far past two months
    with pytest.raises(DomainError) as err:
        services.appeal_extend(appeal=appeal, actor=clerk, until=limit, reason="Need facts.")
    assert err.value.code == "invalid_date"
    with pytest.raises(DomainError) as err:
        services.appeal_extend(appeal=appeal, actor=clerk, until=appeal.answer_due, reason="Need facts.")
    assert err.value.code == "invalid_date"
    until = appeal.registered_on + timedelta(days=40)
    appeal = services.appeal_extend(appeal=appeal, actor=clerk, until=until, reason="Need facts.")
    assert (appeal.status, appeal.answer_due) == (AppealStatus.EXTENDED, until)
    assert appeal.extension_notified_at is not None
    assert appeal.extension_notice_due == kazakhstan_calendar().add_working_days(timezone.localdate(), 3)
    assert Notification.objects.filter(user=citizen, kind="appeal.extended").exists()
    with pytest.raises(DomainError) as err:
        services.appeal_extend(appeal=appeal, actor=clerk, until=until + timedelta(days=1), reason="Again.")
    assert (err.value.status, err.value.code) == (409, "already_extended")


def test_no_extension_once_the_term_has_passed(citizen, clerk):
    appeal = AppealFactory(author=citizen, received_at=timezone.now() - timedelta(days=40))
    with pytest.raises(DomainError) as err:
        services.appeal_extend(
            appeal=appeal, actor=clerk, until=appeal.registered_on + timedelta(days=55), reason="Late."
        )
    assert err.value.code == "deadline_passed"


def test_rating_by_the_author_only_once_answered(citizen, other_citizen, clerk):
    appeal = AppealFactory(author=citizen)
    with pytest.raises(DomainError) as err:
        services.appeal_rate(appeal=appeal, actor=citizen, rating=4)
    assert err.value.code == "invalid_transition"
    appeal = services.appeal_answer(appeal=appeal, actor=clerk, answer="Answer.")
    with pytest.raises(DomainError) as err:
        services.appeal_rate(appeal=appeal, actor=other_citizen, rating=4)
    assert err.value.code == "not_author"
    with pytest.raises(DomainError) as err:
        services.appeal_rate(appeal=appeal, actor=citizen, rating=6)
    assert err.value.code == "invalid_rating"
    appeal = services.appeal_rate(appeal=appeal, actor=citizen, rating=4, comment="Fine.")
    assert (appeal.status, appeal.rating) == (AppealStatus.RATED, 4)


def test_dismissal_gives_the_reason(citizen, clerk):
    appeal = services.appeal_dismiss(appeal=AppealFactory(author=citizen), actor=clerk, reason="No essence.")
    assert appeal.status == AppealStatus.DISMISSED
    notice = Notification.objects.get(user=citizen, kind="appeal.dismissed")
    assert notice.params["reason"] == "No essence."


def test_history_events_are_append_only(citizen):
    from kurultai.common.models import AppendOnlyError

    event = AppealFactory(author=citizen).events.get()
    event.note = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AppealEvent.objects.all().delete()


def test_reminder_goes_once_per_deadline_and_not_after_the_answer(citizen, deputy):
    appeal = AppealFactory(author=citizen, addressee_kind="deputy", addressee=deputy.person_slug)
    assert services.appeal_remind(number=appeal.number, due=appeal.answer_due) is True
    assert services.appeal_remind(number=appeal.number, due=appeal.answer_due) is False
    assert Notification.objects.filter(user=deputy, kind="appeal.reminder").count() == 1
    services.appeal_answer(appeal=appeal, actor=deputy, answer="Done.")
    assert services.appeal_remind(number=appeal.number, due=appeal.answer_due + timedelta(days=1)) is False


def test_the_reminder_task_runs_the_service(citizen, deputy):
    appeal = AppealFactory(author=citizen, addressee_kind="deputy", addressee=deputy.person_slug)
    assert tasks.appeal_reminder.call(appeal.number, appeal.answer_due.isoformat()) is True
    # A stale job for an old deadline does nothing.
    assert tasks.appeal_reminder.call(appeal.number, (appeal.answer_due - timedelta(days=1)).isoformat()) is False


def test_sweep_reminds_appeals_inside_their_window(citizen, deputy):
    appeal = AppealFactory(
        author=citizen,
        addressee_kind="deputy",
        addressee=deputy.person_slug,
        received_at=timezone.now() - timedelta(days=19),
    )
    today = tasks.reminder_day(appeal.answer_due)
    assert tasks.appeals_remind_due(today=today) >= 1
    assert Appeal.objects.get(pk=appeal.pk).reminded_for == appeal.answer_due


def test_overdue_list_for_the_addressee_and_clerks(citizen, deputy, clerk):
    late = AppealFactory(
        author=citizen,
        addressee_kind="deputy",
        addressee=deputy.person_slug,
        received_at=timezone.now() - timedelta(days=40),
    )
    AppealFactory(author=citizen, addressee_kind="deputy", addressee=deputy.person_slug)
    assert late in selectors.overdue_appeals(deputy)
    assert late in selectors.overdue_appeals(clerk)
    assert all(a.answer_due < timezone.localdate() for a in selectors.overdue_appeals(deputy))
    assert late not in selectors.overdue_appeals(citizen)  # the citizen sees it in the cabinet, not as work


def test_responsiveness_per_addressee_and_region(citizen, other_citizen, deputy):
    a = AppealFactory(author=citizen, addressee_kind="deputy", addressee=deputy.person_slug)
    services.appeal_answer(appeal=a, actor=deputy, answer="Quick.")
    AppealFactory(
        author=other_citizen,
        addressee_kind="deputy",
        addressee=deputy.person_slug,
        received_at=timezone.now() - timedelta(days=40),
    )
    rows = {r.key: r for r in selectors.responsiveness("addressee")}
    mine = rows[deputy.person_slug].stats
    assert mine.answered >= 1
    assert mine.overdue >= 1
    regions = {r.key for r in selectors.responsiveness("region")}
    assert {"KZ-75", "KZ-71"} <= regions
