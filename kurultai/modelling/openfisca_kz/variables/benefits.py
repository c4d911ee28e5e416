"""Benefits: the large-family benefit and targeted social assistance (ASP); disposable income."""

from __future__ import annotations

from typing import Any

import numpy
from openfisca_core.periods import DateUnit

from kurultai.modelling.openfisca_kz.entities import Household
from kurultai.modelling.openfisca_kz.variables.base import Money


class large_family_benefit(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Household
    label = "State benefit to large families (4 or more children)"
    reference = "shared/data/law-tax-2026.md row 5d"

    def formula(household: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period)
        lf, mrp = p.large_family, p.mrp
        kids = household("household_children", period)
        return numpy.select(
            [kids == 4, kids == 5, kids == 6, kids == 7, kids >= 8],
            [lf.mrp_4 * mrp, lf.mrp_5 * mrp, lf.mrp_6 * mrp, lf.mrp_7 * mrp, lf.mrp_per_child_8 * mrp * kids],
            0.0,
        )


class income_before_asp(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Household
    label = "Net wages plus the large-family benefit: the income ASP tests"

    def formula(household: Any, period: Any, parameters: Any) -> Any:
        return (
            household("household_gross", period)
            - household("household_ipn", period)
            - household("household_employee_contributions", period)
            + household("large_family_benefit", period)
        )


class asp(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Household
    label = "Targeted social assistance (ASP): per-capita income topped up to the poverty line"
    reference = "shared/data/law-tax-2026.md row 5e"

    def formula(household: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period)
        size = household("household_size", period)
        line = p.asp.poverty_line_share * p.subsistence_minimum
        return numpy.maximum(line - household("income_before_asp", period) / size, 0.0) * size


class household_benefits(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Household
    label = "Benefits of the household: large-family benefit and ASP"

    def formula(household: Any, period: Any, parameters: Any) -> Any:
        return household("large_family_benefit", period) + household("asp", period)


class disposable_income(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Household
    label = "Disposable income: wages less IPN and employee contributions, plus benefits"

    def formula(household: Any, period: Any, parameters: Any) -> Any:
        return household("income_before_asp", period) + household("asp", period)


VARIABLES = [large_family_benefit, income_before_asp, asp, household_benefits, disposable_income]
