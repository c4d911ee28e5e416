"""Individual income tax (IPN), withheld monthly by the employer.

10% of taxable income and 15% on the part above 8,500 MRP a year (spread evenly over the
months), after the basic deduction of 30 MRP a month and the OPV and VOSMS paid
(shared/data/law-tax-2026.md rows 1a, 1b, 1g).
"""

from __future__ import annotations

from typing import Any

import numpy
from openfisca_core.periods import DateUnit

from kurultai.modelling.openfisca_kz.entities import Household, Person
from kurultai.modelling.openfisca_kz.variables.base import Money


class ipn_taxable_income(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Person
    label = "Income subject to IPN: wage less OPV, VOSMS and the basic deduction"
    reference = "shared/data/law-tax-2026.md row 1g"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period)
        wage = person("salary", period)
        return numpy.maximum(
            wage - person("opv", period) - person("vosms", period) - p.ipn.basic_deduction_mrp * p.mrp, 0.0
        )


class ipn(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Person
    label = "Individual income tax (IPN)"
    reference = "shared/data/law-tax-2026.md rows 1a-1b"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period)
        taxable = person("ipn_taxable_income", period)
        threshold = p.ipn.threshold_mrp_year * p.mrp / 12
        return p.ipn.rate * numpy.minimum(taxable, threshold) + p.ipn.rate_high * numpy.maximum(
            taxable - threshold, 0.0
        )


class household_ipn(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Household
    label = "IPN of the household's members"

    def formula(household: Any, period: Any, parameters: Any) -> Any:
        return household.sum(household.members("ipn", period))


VARIABLES = [ipn_taxable_income, ipn, household_ipn]
