"""Reforms with formula changes on the fiscal page, the API and a bill's impact page (OpenFisca)."""

from __future__ import annotations

import pytest

from kurultai.modelling import services

pytestmark = pytest.mark.django_db


def test_the_page_takes_a_formula_change(client) -> None:
    html = client.get("/en/modelling/fiscal/?f=ipn_flat").content.decode()
    assert 'value="ipn_flat" checked' in html
    assert "OpenFisca" in html
    assert "no higher band" in html
    bad = client.get("/en/modelling/fiscal/?f=nope")
    assert bad.status_code == 422
    assert "Unknown formula" in bad.content.decode()


@pytest.mark.parametrize(("lang", "text"), [("kk", "жоғары шкаласыз"), ("ru", "без повышенной шкалы")])
def test_the_formula_change_is_named_in_the_language(client, lang: str, text: str) -> None:
    assert text in client.get(f"/{lang}/modelling/fiscal/?f=ipn_flat").content.decode()


def test_the_api_takes_formula_changes(client) -> None:
    body = {"name": "flat", "formulas": ["ipn_flat"], "parameters": {"ipn.rate": 0.12}, "households": 2000}
    doc = client.post("/api/v1/modelling/fiscal/simulate", body, content_type="application/json").json()
    assert doc["formulas"] == ["ipn_flat"]
    assert len(doc["deciles"]) == 10
    plain = {"name": "rate", "parameters": {"ipn.rate": 0.12}, "households": 2000}
    response = client.post("/api/v1/modelling/fiscal/simulate", plain, content_type="application/json")
    assert "formulas" not in response.json()


@pytest.mark.parametrize(
    "body",
    [{"formulas": ["nope"]}, {"formulas": []}, {"parameters": {}, "formulas": []}, {"formulas": "ipn_flat"}],
)
def test_the_api_refuses_bad_formula_changes(client, body: dict[str, object]) -> None:
    response = client.post("/api/v1/modelling/fiscal/simulate", body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_bill_carries_a_formula_change(client, user_with_role) -> None:
    from kurultai.accounts.roles import Role
    from kurultai.common.errors import DomainError
    from kurultai.legislation.models import Bill

    bill = Bill.objects.order_by("slug").first()
    assert bill is not None
    clerk = user_with_role(Role.CLERK)
    record = services.bill_reform_set(
        bill=bill, name="Flat tax", parameters={}, formulas=["asp_excludes_large_family"], actor=clerk
    )
    assert record.formulas == ["asp_excludes_large_family"]
    html = client.get(f"/ru/modelling/bills/{bill.slug}/impact/").content.decode()
    assert "Flat tax" in html
    assert "не учитывает пособие многодетным" in html
    with pytest.raises(DomainError):
        services.bill_reform_set(bill=bill, name="x", parameters={}, formulas=["nope"], actor=clerk)
