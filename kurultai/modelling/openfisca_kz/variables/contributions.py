"""Social contributions: the employee's OPV and VOSMS, the employer's social tax, SO, OOSMS and OPVR.

Rules as in ``kurultai.modelling.fiscal`` (the same order of operations, so the results agree
exactly); parameters are in ``parameters/`` with their dates and sources.
"""

from __future__ import annotations

from typing import Any

import numpy
from openfisca_core.periods import DateUnit

from kurultai.modelling.openfisca_kz.entities import Household, Person
from kurultai.modelling.openfisca_kz.variables.base import Money


class opv(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Person
    label = "Mandatory pension contribution (OPV), withheld from the wage"
    reference = "shared/data/law-tax-2026.md row 3a"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period)
        return p.opv.rate * numpy.minimum(person("salary", period), p.opv.cap_mzp * p.mzp)


class vosms(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Person
    label = "Compulsory health insurance contribution of the employee (VOSMS)"
    reference = "shared/data/law-tax-2026.md row 3f"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period)
        return p.vosms.rate * numpy.minimum(person("salary", period), p.vosms.cap_mzp * p.mzp)


class social_tax(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Person
    label = "Social tax paid by the employer"
    reference = "shared/data/law-tax-2026.md row 3c"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period)
        base = numpy.maximum(person("salary", period), p.social_tax.min_base_mrp * p.mrp)
        return p.social_tax.rate * base * person("employed", period)


class social_contributions(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Person
    label = "Social contributions (SO) to the State Social Insurance Fund, paid by the employer"
    reference = "shared/data/law-tax-2026.md row 3d"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period)
        base = numpy.clip(person("salary", period), p.mzp, p.so.cap_mzp * p.mzp)
        return p.so.rate * base * person("employed", period)


class oosms(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Person
    label = "Compulsory health insurance contribution of the employer (OOSMS)"
    reference = "shared/data/law-tax-2026.md row 3e"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period)
        return p.oosms.rate * numpy.minimum(person("salary", period), p.oosms.cap_mzp * p.mzp)


class opvr(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Person
    label = "Employer's pension contribution (OPVR), for the covered share of employees"
    reference = "shared/data/law-tax-2026.md row 3b"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period)
        return (
            p.opvr.rate
            * p.opvr.share_born_1975_or_later
            * numpy.minimum(person("salary", period), p.opvr.cap_mzp * p.mzp)
        )


class employee_contributions(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Person
    label = "Contributions withheld from the wage: OPV and VOSMS"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        return person("opv", period) + person("vosms", period)


class employer_contributions(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Person
    label = "Paid by the employer on top of the wage: social tax, SO, OOSMS and OPVR"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        return (
            person("social_tax", period)
            + person("social_contributions", period)
            + person("oosms", period)
            + person("opvr", period)
        )


class household_employee_contributions(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Household
    label = "OPV and VOSMS of the household's members"

    def formula(household: Any, period: Any, parameters: Any) -> Any:
        return household.sum(household.members("employee_contributions", period))


class household_employer_contributions(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Household
    label = "Employers' contributions for the household's members"

    def formula(household: Any, period: Any, parameters: Any) -> Any:
        return household.sum(household.members("employer_contributions", period))


VARIABLES = [
    opv,
    vosms,
    social_tax,
    social_contributions,
    oosms,
    opvr,
    employee_contributions,
    employer_contributions,
    household_employee_contributions,
    household_employer_contributions,
]
