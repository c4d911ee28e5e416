"""Vote forecast pages, API and the recording service on the demo parliament."""

from __future__ import annotations

import pytest

from kurultai.common.errors import Conflict, PermissionDenied
from kurultai.modelling import selectors, services
from kurultai.modelling.forecast import Position
from kurultai.modelling.models import VoteForecast
from kurultai.plenary.models import VoteEvent
from kurultai.plenary.tests.factories import VoteEventFactory

pytestmark = pytest.mark.django_db


def decided_vote() -> VoteEvent:
    vote = VoteEvent.objects.filter(state="published", question_type="ordinary_law").order_by("-opened_at").first()
    assert vote is not None
    return vote


def test_a_forecast_from_the_demo_roll_calls() -> None:
    vote = decided_vote()
    view = selectors.vote_forecast(vote)
    assert view.past_votes > 0
    assert 0 <= view.forecast.probability <= 1
    assert view.forecast.needed == 73
    assert sum(view.forecast.distribution) == pytest.approx(1)
    assert view.factions


def test_declared_positions_move_the_forecast() -> None:
    vote = VoteEventFactory()
    slugs = [f.slug for f in selectors.vote_forecast(vote).factions]
    all_yes = selectors.vote_forecast(vote, positions=dict.fromkeys(slugs, Position.YES))
    all_no = selectors.vote_forecast(vote, positions=dict.fromkeys(slugs, Position.NO))
    assert all_yes.forecast.probability > 0.99
    assert all_no.forecast.probability < 0.01


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_forecast_page(client, lang: str, django_assert_max_num_queries) -> None:
    vote = decided_vote()
    with django_assert_max_num_queries(15):
        response = client.get(f"/{lang}/modelling/votes/{vote.slug}/")
    assert response.status_code == 200
    assert "modelling-dist" in response.content.decode()


def test_an_unknown_vote_is_404(client) -> None:
    assert client.get("/en/modelling/votes/no-such-vote/").status_code == 404
    assert client.get("/api/v1/modelling/votes/no-such-vote/forecast").status_code == 404


def test_the_forecast_api(client) -> None:
    vote = decided_vote()
    doc = client.get(f"/api/v1/modelling/votes/{vote.slug}/forecast").json()
    assert doc["needed"] == 73
    assert sum(doc["distribution"]) == pytest.approx(1)
    faction = doc["factions"][0]["faction"]
    declared = client.get(f"/api/v1/modelling/votes/{vote.slug}/forecast?pos-{faction}=no").json()
    assert declared["factions"][0]["declared"] is True
    assert declared["factions"][0]["position"] == "no"


def test_a_clerk_records_a_forecast_once_before_the_vote(user_with_role) -> None:
    from kurultai.accounts.roles import Role

    clerk = user_with_role(Role.CLERK)
    vote = VoteEventFactory()
    record = services.forecast_record(vote=vote, positions={}, actor=clerk)
    assert 0 <= record.probability <= 1
    with pytest.raises(Conflict):
        services.forecast_record(vote=vote, positions={}, actor=clerk)


def test_a_decided_vote_cannot_get_a_forecast(user_with_role) -> None:
    from kurultai.accounts.roles import Role

    with pytest.raises(Conflict):
        services.forecast_record(vote=decided_vote(), positions={}, actor=user_with_role(Role.CLERK))


def test_a_citizen_cannot_record(user_with_role) -> None:
    from kurultai.accounts.roles import Role

    with pytest.raises(PermissionDenied):
        services.forecast_record(vote=VoteEventFactory(), positions={}, actor=user_with_role(Role.CITIZEN))


def test_recording_from_the_page(client) -> None:
    from kurultai.plenary.tests.factories import ClerkUserFactory
    from kurultai.plenary.tests.helpers import login

    client = login(client, ClerkUserFactory())
    vote = VoteEventFactory()
    page = client.get(f"/en/modelling/votes/{vote.slug}/").content.decode()
    assert "Record this forecast" in page
    response = client.post(f"/en/modelling/votes/{vote.slug}/", {})
    assert response.status_code == 302
    assert VoteForecast.objects.filter(vote_event=vote).count() == 1


def test_the_calibration_page_scores_recorded_forecasts_and_a_backtest(client, user_with_role) -> None:
    from kurultai.accounts.roles import Role

    vote = VoteEventFactory()
    services.forecast_record(vote=vote, positions={}, actor=user_with_role(Role.CLERK))
    calibration = selectors.calibration()
    assert calibration.backtest
    assert [f.vote_event for f in calibration.pending] == [vote]
    response = client.get("/ru/modelling/forecasts/")
    assert response.status_code == 200
    assert "Брайер" in response.content.decode()


def test_the_fiscal_page_and_api(client) -> None:
    response = client.get("/en/modelling/fiscal/?p-ipn.rate_high=0.2")
    assert response.status_code == 200
    assert "modelling-deciles" in response.content.decode()
    assert client.get("/en/modelling/fiscal/?p-ipn.rate=abc").status_code == 422
    body = {"name": "x", "parameters": {"ipn.rate": 0.12}, "households": 2000}
    doc = client.post("/api/v1/modelling/fiscal/simulate", body, content_type="application/json").json()
    assert doc["budget_effect_kzt_year"] > 0
    bad = client.post("/api/v1/modelling/fiscal/simulate", {"parameters": {"zzz": 1}}, content_type="application/json")
    assert bad.status_code == 422


def test_a_bill_carries_a_reform_shown_on_its_impact_page(client, user_with_role) -> None:
    from kurultai.accounts.roles import Role
    from kurultai.legislation.models import Bill

    bill = Bill.objects.order_by("slug").first()
    assert bill is not None
    services.bill_reform_set(
        bill=bill, name="Top rate", parameters={"ipn.rate_high": 0.2}, actor=user_with_role(Role.CLERK)
    )
    html = client.get(f"/en/modelling/bills/{bill.slug}/impact/").content.decode()
    assert "Top rate" in html
    with pytest.raises(PermissionDenied):
        services.bill_reform_set(bill=bill, name="x", parameters={"ipn.rate": 0.2}, actor=user_with_role(Role.CITIZEN))


def test_past_votes_use_the_faction_a_deputy_was_in_on_the_day() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from kurultai.registry.models import Membership, Organization
    from kurultai.registry.services import membership_create, membership_end

    votes = selectors._decided_votes(None, selectors.FORECAST_HISTORY)
    days = sorted({timezone.localdate(v.opened_at) for v in votes})
    assert len(days) >= 2, "the demo has decided votes on at least two days"
    switch = days[-1]
    old = Membership.objects.filter(
        organization__classification="faction", role="member", end_date__isnull=True, start_date__lt=switch
    ).select_related("person", "organization")[0]
    deputy = old.person
    new_faction = Organization.objects.filter(classification="faction").exclude(pk=old.organization_id)[0]
    membership_end(membership=old, end_date=switch - timedelta(days=1))
    membership_create(person=deputy, organization=new_faction, role="member", start_date=switch)

    past = selectors._past(votes, [deputy.slug])
    for vote in votes:
        expected = new_faction.slug if timezone.localdate(vote.opened_at) >= switch else old.organization.slug
        assert past[vote.pk].factions == {deputy.slug: expected}
    view = selectors.vote_forecast(VoteEventFactory())
    record = next(r for p, r in view.deputies if p.pk == deputy.pk)
    assert record.faction == new_faction.slug


def test_a_deputy_not_yet_seated_does_not_count_as_absent() -> None:
    from django.utils import timezone

    from kurultai.plenary.models import Ballot
    from kurultai.registry.models import Membership
    from kurultai.registry.selectors import PARLIAMENT_SLUG

    votes = selectors._decided_votes(None, selectors.FORECAST_HISTORY)
    last = max(timezone.localdate(v.opened_at) for v in votes)
    early = {v.pk for v in votes if timezone.localdate(v.opened_at) < last}
    seats = Membership.objects.filter(organization__slug=PARLIAMENT_SLUG, role="deputy", end_date__isnull=True)
    voted_by = {}
    for person_id, vote_id in Ballot.objects.filter(vote_event__in=votes).values_list("deputy_id", "vote_event_id"):
        voted_by.setdefault(person_id, set()).add(vote_id)
    seat = next(m for m in seats.select_related("person") if early - voted_by.get(m.person_id, set()))
    voted = voted_by.get(seat.person_id, set())
    Membership.objects.filter(pk=seat.pk).update(start_date=last)  # seated only from the last day
    past = selectors._past(votes, [seat.person.slug])
    for vote in votes:
        seated = timezone.localdate(vote.opened_at) >= last
        assert (seat.person.slug in past[vote.pk].ballots) == (seated or vote.pk in voted)


def test_the_calibration_page_is_cached_until_a_vote_is_closed(client, user_with_role, system) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kurultai.accounts.roles import Role
    from kurultai.plenary import services as plenary_services

    clerk = user_with_role(Role.CLERK)
    vote = VoteEventFactory()
    services.forecast_record(vote=vote, positions={}, actor=clerk)
    with CaptureQueriesContext(connection) as first:
        before = client.get("/en/modelling/forecasts/").content.decode()
    with CaptureQueriesContext(connection) as again:
        assert client.get("/en/modelling/forecasts/").content.decode() == before
    assert len(again.captured_queries) < len(first.captured_queries)
    assert "Waiting for the vote" in before
    assert [f.vote_event for f in selectors.calibration().pending] == [vote]

    plenary_services.vote_close(vote_event=vote, actor=system)
    after = client.get("/en/modelling/forecasts/").content.decode()
    assert after != before
    assert "Waiting for the vote" not in after
    assert vote in [r.vote for r in selectors.calibration().recorded]
    assert not selectors.calibration().pending


def test_the_example_reform_is_computed_once_and_a_custom_one_every_time(client) -> None:
    from kurultai.modelling import fiscal

    reform = fiscal.parse_reform({"name": "Example", "parameters": {"ipn.rate_high": 0.2}})
    first = selectors.fiscal_view(reform, households=2000, cached=True)
    assert selectors.fiscal_view(reform, households=2000, cached=True) is not first
    assert selectors.fiscal_view(reform, households=2000, cached=True).result == first.result
    other = fiscal.parse_reform({"name": "Example", "parameters": {"ipn.rate_high": 0.25}})
    assert selectors.fiscal_view(other, households=2000, cached=True).result != first.result
    assert selectors.fiscal_view(reform, households=2000).result == first.result
    page = client.get("/ru/modelling/fiscal/").content.decode()
    assert page == client.get("/ru/modelling/fiscal/").content.decode()
    assert "modelling-deciles" in page
    assert client.get("/en/modelling/fiscal/").content.decode() != page
