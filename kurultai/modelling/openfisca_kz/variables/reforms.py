"""Named formula changes a reform may carry (``formulas:`` in a reform file).

Each replaces one variable's formula through ``Reform.update_variable``; the numpy
cross-check (``kurultai.modelling.fiscal``) implements the same names. OpenFisca names a
variable after its class, so each replacement class is named after the variable it replaces;
its other attributes (entity, period, type) are taken from the baseline variable.
"""

from __future__ import annotations

from typing import Any

import numpy

from kurultai.modelling.openfisca_kz.variables.base import Money


def _ipn_flat(person: Any, period: Any, parameters: Any) -> Any:
    """IPN at the single rate ``ipn.rate`` on all taxable income (no higher band)."""
    return parameters(period).ipn.rate * person("ipn_taxable_income", period)


def _asp_excludes_large_family(household: Any, period: Any, parameters: Any) -> Any:
    """ASP's means test leaves the large-family benefit out of the household's income."""
    p = parameters(period)
    size = household("household_size", period)
    line = p.asp.poverty_line_share * p.subsistence_minimum
    income = household("income_before_asp", period) - household("large_family_benefit", period)
    return numpy.maximum(line - income / size, 0.0) * size


def replacement(variable: str, formula: Any, doc: str) -> type[Money]:
    return type(variable, (Money,), {"formula": formula, "documentation": doc})


# name in a reform file -> (the variable it replaces, the new formula)
FORMULAS: dict[str, tuple[str, Any]] = {
    "ipn_flat": ("ipn", _ipn_flat),
    "asp_excludes_large_family": ("asp", _asp_excludes_large_family),
}
