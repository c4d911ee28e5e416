"""The OpenFisca country package: its parameters, its rules, its reforms, and that it gives
exactly the numpy cross-check's results on the same households."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import typer
import yaml
from openfisca_core.simulations import SimulationBuilder
from typer.testing import CliRunner

from kurultai.modelling import fiscal
from kurultai.modelling.cli import read_regions, register
from kurultai.modelling.openfisca_kz import PARAMETERS_DIR, CountryTaxBenefitSystem
from kurultai.modelling.openfisca_kz import simulation as of

REGIONS = (fiscal.Region("KZ-71", "Astana", 1_000_000), fiscal.Region("KZ-61", "Turkistan", 2_000_000))
OUTCOME_FIELDS = ("gross", "ipn", "employee_contributions", "employer_contributions", "benefits", "disposable")


def leaves(node: object, prefix: str = "") -> dict[str, object]:
    children = getattr(node, "children", None)
    if children is None:
        return {prefix: node}
    out: dict[str, object] = {}
    for key, child in children.items():
        out.update(leaves(child, f"{prefix}.{key}" if prefix else key))
    return out


def test_every_parameter_is_dated_cited_and_the_same_as_the_numpy_core() -> None:
    tree = leaves(of.baseline().parameters)
    assert set(tree) == set(fiscal.PARAMETERS)
    for name, expected in fiscal.PARAMETERS.items():
        parameter = tree[name]
        (at,) = parameter.values_list  # type: ignore[attr-defined]
        assert at.value == expected.value, name
        assert date.fromisoformat(at.instant_str) == expected.valid_from
        assert parameter.metadata["reference"] == expected.source  # type: ignore[attr-defined]
        assert parameter.metadata["assumption"] is expected.assumption  # type: ignore[attr-defined]
        assert parameter.description  # type: ignore[attr-defined]


def test_assumptions_are_marked_in_the_yaml() -> None:
    marked = {
        f"{path.stem}.{key}"
        for path in PARAMETERS_DIR.glob("*.yaml")
        for key, node in yaml.safe_load(path.read_text(encoding="utf-8")).items()
        if isinstance(node, dict) and node.get("metadata", {}).get("assumption")
    }
    assert marked == {"opvr.share_born_1975_or_later", "asp.poverty_line_share"}


def test_a_situation_by_hand_like_any_openfisca_country_package() -> None:
    situation = {
        "persons": {"aigerim": {"salary": {"2026-01": 317_512}}, "nurlan": {"salary": {"2026-01": 0}}, "kid": {}},
        "households": {"h": {"adults": ["aigerim", "nurlan"], "children": ["kid"]}},
    }
    sim = SimulationBuilder().build_from_entities(CountryTaxBenefitSystem(), situation)
    opv, vosms = 31_751.2, 6_350.24
    taxable = 317_512 - opv - vosms - 30 * 4325
    assert sim.calculate("ipn", "2026-01") == pytest.approx([0.10 * taxable, 0, 0])
    assert sim.calculate("opv", "2026-01") == pytest.approx([opv, 0, 0])
    assert list(sim.calculate("social_tax", "2026-01")) == pytest.approx([0.06 * 317_512, 0, 0])
    assert list(sim.calculate("social_contributions", "2026-01")) == pytest.approx([0.05 * 317_512, 0, 0])
    assert sim.calculate("household_size", "2026-01")[0] == 3
    assert sim.calculate("household_children", "2026-01")[0] == 1
    assert sim.calculate("asp", "2026-01")[0] == 0
    assert sim.calculate("disposable_income", "2026-01")[0] == pytest.approx(317_512 - opv - vosms - 0.10 * taxable)
    assert sim.calculate("ipn", "2026-01").dtype == np.float64


def test_a_large_family_without_income_gets_the_benefit_and_assistance() -> None:
    situation = {
        "persons": {f"p{i}": {"salary": {"2026-01": 0}} for i in range(6)},
        "households": {"h": {"adults": ["p0", "p1"], "children": ["p2", "p3", "p4", "p5"]}},
    }
    sim = SimulationBuilder().build_from_entities(of.baseline(), situation)
    large = 16.03 * 4325
    assert sim.calculate("large_family_benefit", "2026-01")[0] == pytest.approx(large)
    assert sim.calculate("asp", "2026-01")[0] == pytest.approx(max(0.70 * 50_851 - large / 6, 0) * 6)


REFORMS = [
    ({}, ()),
    ({"ipn.rate_high": 0.2, "ipn.threshold_mrp_year": 6000}, ()),
    ({"mzp": 100_000, "mrp": 4500, "so.rate": 0.07, "large_family.mrp_4": 20}, ()),
    ({}, ("ipn_flat",)),
    ({"asp.poverty_line_share": 1.0}, ("asp_excludes_large_family", "ipn_flat")),
]


@pytest.mark.parametrize(("parameters", "formulas"), REFORMS)
def test_openfisca_and_the_numpy_core_agree_exactly(parameters: dict[str, float], formulas: tuple[str, ...]) -> None:
    households = fiscal.synthesise(REGIONS, 4_000, seed=7)
    a = of.engine(households, parameters, formulas)
    b = fiscal.numpy_engine(households, parameters, formulas)
    for field in OUTCOME_FIELDS:
        assert np.array_equal(getattr(a, field), getattr(b, field)), field


def test_the_comparisons_agree_exactly() -> None:
    households = fiscal.synthesise(read_regions(), 3_000, seed=11)
    reform = fiscal.parse_reform({"name": "r", "parameters": {"ipn.rate": 0.12}, "formulas": ["ipn_flat"]})
    a = fiscal.compare(households, reform.parameters, reform.formulas, engine=of.engine)
    b = fiscal.compare(households, reform.parameters, reform.formulas)
    assert fiscal.comparison_document(reform, a) == fiscal.comparison_document(reform, b)
    assert a.budget_effect != 0


def test_a_reform_changes_the_reformed_system_only() -> None:
    reformed = of.reform_system({"ipn.rate_high": 0.25}, ("ipn_flat",), name="flat")
    assert reformed.parameters("2026-01-01").ipn.rate_high == 0.25
    assert of.baseline().parameters("2026-01-01").ipn.rate_high == 0.15
    households = fiscal.synthesise(REGIONS, 500, seed=2)
    flat = of.compute(households, reformed)
    now = of.compute(households, of.baseline())
    # the flat formula never taxes more than the current law's two bands (same rate below the threshold)
    assert np.all(flat.ipn <= now.ipn + 1e-9)
    assert of.reform_system({}) is of.baseline()


@pytest.mark.parametrize(
    ("parameters", "formulas", "says"),
    [({"no.such": 1}, (), "Unknown parameter"), ({"mrp": -1}, (), "at least 0"), ({}, ("nope",), "Unknown formula")],
)
def test_bad_reforms_are_refused(parameters: dict[str, float], formulas: tuple[str, ...], says: str) -> None:
    with pytest.raises(fiscal.FiscalError, match=says):
        of.reform_system(parameters, formulas)


def test_the_formula_names_are_the_same_in_both_engines() -> None:
    from kurultai.modelling.openfisca_kz.variables.reforms import FORMULAS

    assert set(FORMULAS) == set(fiscal.FORMULAS)


def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        """Stand-in root."""

    register(root)
    return root


def simulate(tmp_path: Path, text: str, *extra: str) -> tuple[int, str, str]:
    reform = tmp_path / "reform.yaml"
    reform.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        app(), ["impact", "simulate", "--reform", str(reform), "--households", "2000", "--json", *extra]
    )
    return result.exit_code, result.stdout, result.stderr


def test_the_cli_gives_the_same_document_with_either_engine(tmp_path: Path) -> None:
    text = "name: Flat tax\nformulas: [ipn_flat]\nparameters:\n  ipn.rate: 0.11\n"
    code, out, err = simulate(tmp_path, text)
    assert code == 0, err
    code_n, out_n, err_n = simulate(tmp_path, text, "--engine", "numpy")
    assert code_n == 0, err_n
    doc = json.loads(out)
    assert doc == json.loads(out_n)
    assert doc["formulas"] == ["ipn_flat"]
    assert doc["parameters"] == {"ipn.rate": 0.11}


def test_a_parameter_only_reform_keeps_the_documents_shape(tmp_path: Path) -> None:
    code, out, err = simulate(tmp_path, "name: x\nparameters:\n  ipn.rate_high: 0.2\n")
    assert code == 0, err
    assert set(json.loads(out)) == {
        "reform",
        "parameters",
        "households_simulated",
        "budget_effect_kzt_year",
        "net_revenue_current_kzt_year",
        "net_revenue_reform_kzt_year",
        "deciles",
        "regions",
        "typical_households",
    }


@pytest.mark.parametrize(
    ("text", "extra", "says"),
    [
        ("name: x\nformulas: [nope]\n", (), "Unknown formula"),
        ("name: x\nformulas: ipn_flat\n", (), "list of formula names"),
        ("name: x\nparameters: [1]\n", (), "mapping of names"),
        ("name: x\n", (), "at least one parameter"),
        ("name: x\nformulas: [ipn_flat]\n", ("--engine", "fast"), "engine must be openfisca or numpy"),
    ],
)
def test_the_cli_refuses_bad_input(tmp_path: Path, text: str, extra: tuple[str, ...], says: str) -> None:
    code, _out, err = simulate(tmp_path, text, *extra)
    assert code == 2
    assert says in err
