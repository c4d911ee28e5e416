"""Every API schema class has a name of its own.

django-ninja publishes one OpenAPI component per class name: two apps that both call a schema
``ReportOut`` would have one of them described with the other's fields, and clients generated
from /api/v1/openapi.json (and the schemathesis run) would be wrong about it.
"""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

import kurultai.api  # registers every router, so every schema class is defined


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_no_two_api_schemas_share_a_name() -> None:
    modules: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("kurultai."):
            modules[cls.__name__].add(cls.__module__)
    shared = {name: sorted(mods) for name, mods in modules.items() if len(mods) > 1}
    assert not shared, f"schema names used by more than one module: {shared}"


def test_the_published_document_has_a_component_for_each_schema_name() -> None:
    document = kurultai.api.api.get_openapi_schema()
    components = document["components"]["schemas"]
    assert "AppealResponsivenessOut" in components
    assert "OversightResponsivenessOut" in components
    assert "AnalyticsResponsivenessOut" in components
