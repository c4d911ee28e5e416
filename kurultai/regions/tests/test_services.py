"""The Council of Regions through the real services: maslikhats, delegates, initiatives and their reports."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.roles import Role
from kurultai.common.errors import DomainError
from kurultai.regions import selectors, services
from kurultai.regions.models import (
    InitiativeStatus,
    InitiativeStatusChange,
    MaslikhatNotification,
    RegionalInitiative,
)
from kurultai.registry.models import Area, Organization

pytestmark = pytest.mark.django_db


@contextmanager
def raises(code: str, status: int) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    with pytest.raises(DomainError) as info:
        yield info
    assert (info.value.code, info.value.status) == (code, status)


def submit(actor, **kw) -> RegionalInitiative:
    fields = {"kind": "bill", "title": "Rural roads", "text": "Please consider.", "language": "ru", **kw}
    return services.initiative_submit(actor=actor, **fields)


def test_twenty_regional_maslikhats_with_official_style_names():
    maslikhats = services.maslikhats_ensure(actor=SYSTEM)
    assert len(maslikhats) == 20
    assert services.maslikhats_ensure(actor=SYSTEM) == maslikhats
    names = {m.area.identifier: (m.name_kk, m.name_ru, m.name_en) for m in maslikhats}
    assert names["KZ-71"] == ("Астана қалалық мәслихаты", "Маслихат города Астаны", "Astana City Maslikhat")
    assert names["KZ-11"] == ("Ақмола облыстық мәслихаты", "Маслихат Акмолинской области", "Akmola Regional Maslikhat")
    assert names["KZ-10"][1] == "Маслихат области Абай"
    assert names["KZ-19"][2] == "Almaty Regional Maslikhat"


@pytest.mark.parametrize("role", [r for r in Role if r != Role.MASLIKHAT_DELEGATE])
def test_an_initiative_from_a_non_delegate_is_403(make_user, role):
    with raises("permission_denied", 403):
        submit(make_user(role))
    assert not RegionalInitiative.objects.filter(title_ru="Rural roads").exists()


def test_a_delegate_account_not_linked_to_a_maslikhat_is_403(make_user):
    with raises("not_a_delegate", 403):
        submit(make_user(Role.MASLIKHAT_DELEGATE))


def test_a_delegate_submits_for_their_maslikhat_and_the_maslikhat_is_told(delegate, kostanay):
    initiative = submit(delegate)
    assert (initiative.maslikhat, initiative.area.identifier, initiative.status) == (kostanay, "KZ-39", "submitted")
    assert initiative.initiator == "regional_initiative"
    assert initiative.slug == f"ri-{initiative.year}-{initiative.number:04d}"
    change = InitiativeStatusChange.objects.get(initiative=initiative)
    assert (change.from_status, change.to_status) == ("", "submitted")
    assert MaslikhatNotification.objects.get(change=change).maslikhat == kostanay


def test_an_amendment_names_its_bill(delegate):
    with raises("invalid_text", 422):
        submit(delegate, kind="amendment")
    assert submit(delegate, kind="amendment", bill_ref="bill-2026-12").bill_ref == "bill-2026-12"


def test_every_status_change_is_reported_back(delegate, kostanay):
    initiative = submit(delegate)
    session = services.session_schedule(
        slug="s-test",
        number=99,
        titles={"en": "Session"},
        starts_at=initiative.submitted_at,
        agenda=[services.SessionItemIn(titles={"en": "Roads"}, initiative=initiative)],
        actor=SYSTEM,
    )
    committee = Organization.objects.get(slug="committee-economy")
    services.initiative_decide(
        initiative=initiative, decision="sent_to_committee", committee=committee, note="To the committee", actor=SYSTEM
    )
    services.initiative_decide(initiative=initiative, decision="became_bill", bill_ref="bill-roads", actor=SYSTEM)
    initiative.refresh_from_db()
    assert (initiative.status, initiative.committee, initiative.result_bill_ref, initiative.session) == (
        InitiativeStatus.BECAME_BILL,
        committee,
        "bill-roads",
        session,
    )
    history = [(c.from_status, c.to_status) for c in selectors.initiative_get(initiative.slug).history.all()]
    assert history == [
        ("", "submitted"),
        ("submitted", "on_agenda"),
        ("on_agenda", "sent_to_committee"),
        ("sent_to_committee", "became_bill"),
    ]
    notes = list(selectors.notifications_for(kostanay).filter(initiative=initiative))
    assert len(notes) == len(history)
    assert {n.change.to_status for n in notes} == {to for _f, to in history}
    assert selectors.session_get("s-test").decisions.count() == 2


def test_decisions_follow_the_transition_table(delegate):
    initiative = submit(delegate)
    with raises("invalid_transition", 409):
        services.initiative_decide(initiative=initiative, decision="rejected", actor=SYSTEM)
    with raises("invalid_decision", 422):
        services.initiative_decide(initiative=initiative, decision="approved", actor=SYSTEM)
    with raises("committee_required", 422):
        services.initiative_decide(initiative=initiative, decision="sent_to_committee", actor=SYSTEM)
    with raises("bill_ref_required", 422):
        services.initiative_decide(initiative=initiative, decision="became_bill", actor=SYSTEM)


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.MASLIKHAT_DELEGATE, Role.CITIZEN, Role.COMMITTEE_STAFF])
def test_only_the_council_s_clerks_decide(make_user, delegate, role):
    initiative = submit(delegate)
    with raises("permission_denied", 403):
        services.initiative_decide(initiative=initiative, decision="rejected", actor=make_user(role))


def test_a_delegate_withdraws_only_their_own(delegate, make_user):
    other_link_user = make_user(Role.MASLIKHAT_DELEGATE)
    services.delegate_link(
        user=other_link_user, maslikhat=Organization.objects.get(slug="maslikhat-astana"), actor=SYSTEM
    )
    initiative = submit(delegate)
    with raises("not_a_delegate", 403):
        services.initiative_withdraw(initiative=initiative, actor=other_link_user)
    services.initiative_withdraw(initiative=initiative, actor=delegate)
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.WITHDRAWN


def test_delegates_are_linked_only_with_their_role(make_user, kostanay):
    with raises("not_a_delegate_account", 422):
        services.delegate_link(user=make_user(Role.CITIZEN), maslikhat=kostanay, actor=SYSTEM)
    with raises("not_a_maslikhat", 422):
        services.delegate_link(
            user=make_user(Role.MASLIKHAT_DELEGATE), maslikhat=Organization.objects.get(slug="amanat"), actor=SYSTEM
        )


def test_history_rows_never_change(delegate):
    from kurultai.common.models import AppendOnlyError

    change = InitiativeStatusChange.objects.filter(initiative=submit(delegate)).get()
    change.note = "edited"
    with pytest.raises(AppendOnlyError):
        change.save()


def test_the_council_has_delegates_of_every_maslikhat_and_of_public_bodies():
    members = list(selectors.council_members(selectors.council_get()))
    on_behalf = {m.on_behalf_of.classification for m in members}
    assert on_behalf == {"maslikhat", "council"}
    assert len({m.on_behalf_of_id for m in members if m.on_behalf_of.classification == "maslikhat"}) == 20


def test_the_halyk_kenesi_lists_its_bills():
    org = selectors.people_council_get()
    assert org.classification == "people_council"
    bills = list(selectors.bill_submissions(org))
    assert bills
    assert {b.initiator for b in bills} == {"people_council"}
    with raises("already_recorded", 409):
        services.bill_submission_record(
            organization=org,
            bill_ref=bills[0].bill_ref,
            titles={"en": "x"},
            submitted_on=bills[0].submitted_on,
            actor=SYSTEM,
        )


def test_the_region_dashboard_gives_rates_per_10000_people():
    almaty = Area.objects.get(identifier="KZ-75")
    dashboard = selectors.region_dashboard(almaty, deputies=7)
    assert dashboard.population == 2_347_924
    assert not dashboard.population_is_approximate
    rates = {r.key: r for r in dashboard.rates}
    assert rates["deputies"].per_10k == pytest.approx(7 * 10_000 / 2_347_924)
    assert dashboard.maslikhat.slug == "maslikhat-almaty"


def test_an_approximate_population_is_said_to_be_one():
    akmola = Area.objects.get(identifier="KZ-11")
    dashboard = selectors.region_dashboard(akmola, deputies=3)
    assert dashboard.population == 787_000
    assert dashboard.population_is_approximate
