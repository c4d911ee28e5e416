"""Simulating the synthetic households with the OpenFisca country package.

A reform is an OpenFisca ``Reform``: ``modify_parameters`` sets the reform's parameter values
from the start of the simulated period, and ``update_variable`` swaps in each named formula
(``variables/reforms.py``). Households are simulated as arrays: one person per member (the
adults first, earning the household's wage slots, then the children), joined to their
household with ``SimulationBuilder.join_with_persons``, wages given with ``set_input``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from openfisca_core import periods
from openfisca_core.parameters import ParameterNode
from openfisca_core.reforms import Reform
from openfisca_core.simulations import Simulation, SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from kurultai.modelling import fiscal
from kurultai.modelling.openfisca_kz import KazakhstanTaxBenefitSystem
from kurultai.modelling.openfisca_kz.variables.reforms import FORMULAS, replacement

PERIOD = "2026-01"  # the month simulated; every parameter is in force from 2026-01-01


@functools.lru_cache(maxsize=1)
def baseline() -> TaxBenefitSystem:
    """The current law (built once: loading the parameters takes a moment)."""
    return KazakhstanTaxBenefitSystem()


def check_formulas(names: Sequence[str]) -> tuple[str, ...]:
    unknown = [n for n in names if n not in FORMULAS]
    if unknown:
        raise fiscal.FiscalError(f"Unknown formula {unknown[0]!r}; known: {', '.join(sorted(FORMULAS))}.")
    return tuple(dict.fromkeys(names))


def reform_system(
    parameters: Mapping[str, float], formulas: Sequence[str] = (), *, name: str = "reform"
) -> TaxBenefitSystem:
    """The current law with a reform applied, as an OpenFisca ``Reform``."""
    fiscal.values(parameters)  # refuses unknown names and bad values, in one sentence
    chosen = check_formulas(formulas)
    if not parameters and not chosen:
        return baseline()
    start = periods.period(PERIOD).start

    def modify(tree: ParameterNode) -> ParameterNode:
        for dotted, value in parameters.items():
            node: Any = tree
            for part in dotted.split("."):
                node = node.children[part]
            node.update(start=start, value=float(value))
        return tree

    class KazakhstanReform(Reform):
        def apply(self) -> None:
            self.modify_parameters(modifier_function=modify)
            for formula in chosen:
                variable, function = FORMULAS[formula]
                self.update_variable(replacement(variable, function, formula))

    KazakhstanReform.name = name
    return KazakhstanReform(baseline())


def build(system: TaxBenefitSystem, households: fiscal.Households) -> Simulation:
    """A simulation of ``households``: persons joined to households, wages as input."""
    n = len(households)
    size = households.size
    adults = size - households.children
    count = int(size.sum())
    household_of = np.repeat(np.arange(n), size)
    first = np.repeat(np.cumsum(size) - size, size)
    slot = np.arange(count) - first  # the member's place in the household: adults first
    is_adult = slot < adults[household_of]
    slots = households.wage.shape[1]
    wage = np.where(is_adult, households.wage[household_of, np.minimum(slot, slots - 1)], 0.0)
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", np.arange(count))
    group = builder.declare_entity("household", np.arange(n))
    builder.join_with_persons(group, household_of, np.where(is_adult, 0, 1))
    simulation = builder.build(system)
    simulation.set_input("salary", PERIOD, wage)
    simulation.set_input("region", periods.ETERNITY, households.region)
    simulation.set_input("household_weight", periods.ETERNITY, households.weight)
    return simulation


def compute(households: fiscal.Households, system: TaxBenefitSystem) -> fiscal.Outcome:
    """The same outcome as ``fiscal.compute``, calculated by OpenFisca."""
    sim = build(system, households)

    def get(variable: str) -> fiscal.FloatArray:
        return np.asarray(sim.calculate(variable, PERIOD), dtype=np.float64)

    return fiscal.Outcome(
        gross=get("household_gross"),
        ipn=get("household_ipn"),
        employee_contributions=get("household_employee_contributions"),
        employer_contributions=get("household_employer_contributions"),
        benefits=get("household_benefits"),
        disposable=get("disposable_income"),
    )


def engine(households: fiscal.Households, overrides: Mapping[str, float], formulas: Sequence[str]) -> fiscal.Outcome:
    """``fiscal.compare``'s engine: the current law or a reform, simulated by OpenFisca."""
    return compute(households, reform_system(overrides, formulas))
