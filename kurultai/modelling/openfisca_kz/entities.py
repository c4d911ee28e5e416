"""The entities of the Kazakhstan model: a person, and the household they live in.

A household has adults (who may earn a wage) and children (who count for the large-family
benefit and for the per-capita income of targeted social assistance).
"""

from __future__ import annotations

from openfisca_core.entities import build_entity

Household = build_entity(
    key="household",
    plural="households",
    label="Household",
    doc="People who live together and share their income; the unit of ASP and of the large-family benefit.",
    roles=[
        {"key": "adult", "plural": "adults", "label": "Adult", "doc": "A member aged 18 or more."},
        {"key": "child", "plural": "children", "label": "Child", "doc": "A member under 18."},
    ],
)

Person = build_entity(
    key="person",
    plural="persons",
    label="Person",
    doc="An individual: the unit of income tax and of social contributions.",
    is_person=True,
)

entities = [Household, Person]
