"""A small Kazakhstan tax-benefit model as an OpenFisca country package.

- ``entities``: a person and their household (adults and children).
- ``parameters/``: every parameter as YAML, with its date in force, its ``reference`` (the row of
  shared/data/law-tax-2026.md) and ``metadata.assumption`` for values we chose.
- ``variables/``: income tax (IPN), the employee's contributions (OPV, VOSMS), the employer's
  (social tax, SO, OOSMS, OPVR), the large-family benefit, targeted social assistance (ASP),
  and disposable income; ``variables/reforms.py``: the named formula changes a reform may carry.
- ``KazakhstanTaxBenefitSystem``: the country package's tax-benefit system.
- ``simulation``: reforms as OpenFisca ``Reform`` subclasses and vectorised simulation of the
  synthetic households of ``kurultai.modelling.fiscal``.

Pure: no Django.
"""

from __future__ import annotations

from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from kurultai.modelling.openfisca_kz.entities import entities
from kurultai.modelling.openfisca_kz.variables import benefits, contributions, income, income_tax

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"


class KazakhstanTaxBenefitSystem(TaxBenefitSystem):
    """Kazakhstan's rules as of 2026 (see ``parameters/`` for the dates and sources)."""

    def __init__(self) -> None:
        super().__init__(entities)
        for module in (income, contributions, income_tax, benefits):
            self.add_variables(*module.VARIABLES)
        self.load_parameters(str(PARAMETERS_DIR))


CountryTaxBenefitSystem = KazakhstanTaxBenefitSystem
