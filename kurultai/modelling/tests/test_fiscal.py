"""The tax-benefit microsimulation: the rules on hand-checked households, and the laws of a comparison."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from kurultai.modelling import fiscal
from kurultai.modelling.cli import read_regions, register

REGIONS = (fiscal.Region("KZ-71", "Astana", 1_000_000), fiscal.Region("KZ-61", "Turkistan", 2_000_000))


def one(wage: float, *, size: int = 1, children: int = 0) -> fiscal.Households:
    return fiscal.Households(
        region=np.array([0]),
        size=np.array([size]),
        children=np.array([children]),
        earners=np.array([1 if wage else 0]),
        wage=np.array([[wage]]),
        weight=np.array([1.0]),
        regions=REGIONS,
    )


def test_income_tax_of_a_median_wage_by_hand() -> None:
    o = fiscal.compute(one(317_512), fiscal.values())
    opv, vosms = 31_751.2, 6_350.24
    taxable = 317_512 - opv - vosms - 30 * 4325
    assert o.employee_contributions[0] == pytest.approx(opv + vosms)
    assert o.ipn[0] == pytest.approx(0.10 * taxable)
    assert o.benefits[0] == 0


def test_the_tax_office_check_value_pays_no_income_tax() -> None:
    # law-tax-2026.md row 1k: gross pay up to about 147,443 KZT a month pays no IPN
    assert fiscal.compute(one(147_000), fiscal.values()).ipn[0] == 0
    assert fiscal.compute(one(150_000), fiscal.values()).ipn[0] > 0


def test_the_higher_rate_applies_only_above_the_threshold() -> None:
    params = fiscal.values()
    high = fiscal.compute(one(5_000_000), params).ipn[0]
    threshold = 8500 * 4325 / 12
    opv, vosms = 0.10 * 50 * 85_000, 0.02 * 20 * 85_000
    taxable = 5_000_000 - opv - vosms - 30 * 4325
    assert high == pytest.approx(0.10 * threshold + 0.15 * (taxable - threshold))


def test_a_large_family_without_income_gets_the_benefit_and_assistance() -> None:
    o = fiscal.compute(one(0, size=6, children=4), fiscal.values())
    large = 16.03 * 4325
    line = 0.70 * 50_851
    assert o.benefits[0] == pytest.approx(large + max(line - large / 6, 0) * 6)
    assert o.disposable[0] == pytest.approx(o.benefits[0])


def test_an_empty_reform_changes_nothing_and_a_tax_rise_gains_the_budget() -> None:
    households = fiscal.synthesise(REGIONS, 5_000, seed=1)
    same = fiscal.compare(households, {"ipn.rate": 0.10})
    assert same.budget_effect == pytest.approx(0)
    assert all(g.mean_change == pytest.approx(0) for g in same.deciles)
    rise = fiscal.compare(households, {"ipn.rate": 0.12})
    assert rise.budget_effect > 0
    assert all(g.mean_change <= 0 for g in rise.deciles)
    assert sum(g.households for g in rise.deciles) == pytest.approx(households.weight.sum())
    assert [g.label for g in rise.regions] == ["Astana", "Turkistan"]


def test_the_population_follows_the_regions_and_the_wages() -> None:
    households = fiscal.synthesise(REGIONS, 50_000, seed=3)
    share = np.mean(households.region == 1)
    assert share == pytest.approx(2 / 3, abs=0.01)
    wages = households.wage[households.wage > 0]
    assert 250_000 < np.median(wages) < 400_000


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"parameters": {}},
        {"parameters": {"no.such": 1}},
        {"parameters": {"ipn.rate": -1}},
        {"name": 3, "parameters": {"ipn.rate": 1}},
    ],
)
def test_bad_reforms_are_refused(data: object) -> None:
    with pytest.raises(fiscal.FiscalError):
        fiscal.parse_reform(data)


def test_every_parameter_is_dated_and_cited() -> None:
    for p in fiscal.PARAMETERS.values():
        assert p.source.startswith("shared/data/law-tax-2026.md row ")
        assert p.valid_from.year == 2026


def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        """Stand-in root."""

    register(root)
    return root


def test_the_cli(tmp_path: Path) -> None:
    reform = tmp_path / "reform.yaml"
    reform.write_text("name: Higher rate\nparameters:\n  ipn.rate_high: 0.2\n", encoding="utf-8")
    result = CliRunner().invoke(
        app(), ["impact", "simulate", "--reform", str(reform), "--households", "3000", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    import json

    doc = json.loads(result.stdout)
    assert doc["reform"] == "Higher rate"
    assert len(doc["deciles"]) == 10
    assert len(doc["regions"]) == 20
    assert doc["budget_effect_kzt_year"] > 0
    table = CliRunner().invoke(app(), ["impact", "simulate", "--reform", str(reform), "--households", "3000"])
    assert "Budget effect" in table.stdout


@pytest.mark.parametrize(
    ("text", "says"),
    [("name: x\nparameters:\n  nope: 1\n", "Unknown parameter"), ("[unclosed", "not valid YAML"), ("- 1\n", "mapping")],
)
def test_the_cli_refuses_bad_reforms(tmp_path: Path, text: str, says: str) -> None:
    reform = tmp_path / "reform.yaml"
    reform.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app(), ["impact", "simulate", "--reform", str(reform)])
    assert result.exit_code == 2
    assert says in result.stderr


def test_the_registry_regions_file_is_read() -> None:
    regions = read_regions()
    assert len(regions) == 20
    assert all(r.population > 0 for r in regions)
