"""Monthly amounts in KZT, kept in float64.

OpenFisca stores ``float`` variables as float32; the model keeps float64 so that its results
agree with the numpy cross-check (``kurultai.modelling.fiscal``) to the last digit and sums
over a million households lose no tenge. OpenFisca reads a variable's attributes from its
own class body only, so every variable still states its value type, entity and period.
"""

from __future__ import annotations

import numpy
from openfisca_core.variables import Variable


class Money(Variable):
    def __init__(self, baseline_variable: Variable | None = None) -> None:
        super().__init__(baseline_variable)
        if self.value_type is float:
            self.dtype = numpy.float64
