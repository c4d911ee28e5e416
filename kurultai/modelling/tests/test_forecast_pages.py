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
