"""Wages, and who lives in the household."""

from __future__ import annotations

from typing import Any

from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from kurultai.modelling.openfisca_kz.entities import Household, Person
from kurultai.modelling.openfisca_kz.variables.base import Money


class salary(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Person
    label = "Gross monthly wage of an employee (0 when not employed)"


class employed(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.MONTH
    label = "Has a paid job this month"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        return person("salary", period) > 0


class household_size(Variable):
    value_type = int
    entity = Household
    definition_period = DateUnit.MONTH
    label = "Number of members"

    def formula(household: Any, period: Any, parameters: Any) -> Any:
        return household.nb_persons()


class household_children(Variable):
    value_type = int
    entity = Household
    definition_period = DateUnit.MONTH
    label = "Number of children"

    def formula(household: Any, period: Any, parameters: Any) -> Any:
        return household.nb_persons(Household.CHILD)


class household_gross(Money):
    value_type = float
    unit = "currency-KZT"
    definition_period = DateUnit.MONTH
    entity = Household
    label = "Gross wages of the household"

    def formula(household: Any, period: Any, parameters: Any) -> Any:
        return household.sum(household.members("salary", period))


class region(Variable):
    value_type = int
    entity = Household
    definition_period = DateUnit.ETERNITY
    label = "Index of the household's region in the population's list of regions"


class household_weight(Money):
    value_type = float
    entity = Household
    definition_period = DateUnit.ETERNITY
    label = "Households in the country this one stands for"


VARIABLES = [salary, employed, household_size, household_children, household_gross, region, household_weight]
