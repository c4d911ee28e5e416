"""The power page and API on the demo parliament."""

from __future__ import annotations

import pytest

from kurultai.modelling import selectors

pytestmark = pytest.mark.django_db


def test_the_demo_parliament_has_factions_with_all_seats() -> None:
    players, total = selectors.parliament_players()
    assert total == 145
    assert sum(p.weight for p in players) == 145
    assert len(players) >= 2


def test_the_api_gives_indices_that_sum_to_one(client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(8):
        doc = client.get("/api/v1/modelling/power?quota=majority").json()
    assert doc["quota"] == 73
    assert doc["total_seats"] == 145
    assert sum(p["banzhaf"] for p in doc["players"]) == pytest.approx(1)
    assert sum(p["shapley_shubik"] for p in doc["players"]) == pytest.approx(1)
    assert doc["minimal_winning_coalitions"]


def test_the_api_takes_two_thirds_and_a_number() -> None:
    from django.test import Client

    client = Client()
    assert client.get("/api/v1/modelling/power?quota=two_thirds").json()["quota"] == 97
    assert client.get("/api/v1/modelling/power?quota=100").json()["quota"] == 100


@pytest.mark.parametrize("quota", ["abc", "0", "146", "-3"])
def test_a_bad_quota_is_a_problem(client, quota: str) -> None:
    response = client.get(f"/api/v1/modelling/power?quota={quota}")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_any_game_can_be_posted(client) -> None:
    body = {
        "quota": 3,
        "players": [{"player": "A", "weight": 2}, {"player": "B", "weight": 1}, {"player": "C", "weight": 1}],
    }
    doc = client.post("/api/v1/modelling/power", body, content_type="application/json").json()
    assert [p["banzhaf"] for p in doc["players"]] == pytest.approx([0.6, 0.2, 0.2])
    assert [p["shapley_shubik"] for p in doc["players"]] == pytest.approx([2 / 3, 1 / 6, 1 / 6])


def test_a_posted_game_with_twin_names_is_refused(client) -> None:
    body = {"quota": 1, "players": [{"player": "A", "weight": 2}, {"player": "A", "weight": 1}]}
    response = client.post("/api/v1/modelling/power", body, content_type="application/json")
    assert response.status_code == 422


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_page_shows_both_rules(client, lang: str, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(12):
        response = client.get(f"/{lang}/modelling/power/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert html.count('class="modelling-table"') == 2


def test_the_page_takes_a_what_if_distribution(client) -> None:
    response = client.get(
        "/en/modelling/power/?party=A&seats=70&colour=%23112233&party=B&seats=50&colour=%23445566&party=C&seats=25&colour=%23778899"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "hypothetical" in html
    assert "#112233" in html


def test_a_broken_what_if_says_why(client) -> None:
    response = client.get("/en/modelling/power/?party=A&seats=x")
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()


def test_the_elections_what_if_links_here(client) -> None:
    from kurultai.elections.models import Election

    election = Election.objects.order_by("pk").first()
    assert election is not None
    html = client.get(f"/en/elections/{election.slug}/what-if/").content.decode()
    assert "/en/modelling/power/?party=" in html


def test_the_legal_impact_page_of_the_demo_amending_bill(client) -> None:
    from kurultai.legislation.models import Bill

    bill = Bill.objects.filter(amends_act__isnull=False).order_by("slug").first()
    assert bill is not None
    impact = selectors.bill_legal_impact(bill.slug)
    assert "chp_2__art_5__para_2" in impact.changed["ru"]
    response = client.get(f"/ru/modelling/bills/{bill.slug}/impact/")
    assert response.status_code == 200
    assert "chp_2__art_5__para_2" in response.content.decode()
    assert client.get("/ru/modelling/bills/no-such-bill/impact/").status_code == 404
