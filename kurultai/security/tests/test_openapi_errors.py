"""The OpenAPI document declares the problem+json answers each operation can give.

Schemathesis (test_fuzz_api.py) checks that responses conform to the schema; that only helps
if the schema names the error statuses. Rules: an operation behind authentication documents
401; one with a path parameter documents 404; one that takes a body or query parameters
documents 422; and every refusal the authorization matrix expects of an operation (401, 403,
404) is documented on it.
"""

from __future__ import annotations

from typing import Any

import pytest

from kurultai.security import authz

WRITE_METHODS = {"post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def operations() -> dict[tuple[str, str], dict[str, Any]]:
    from kurultai.api import api

    document = api.get_openapi_schema()
    return {
        (method.upper(), path): operation
        for path, by_method in document["paths"].items()
        for method, operation in by_method.items()
    }


def _documented(operation: dict[str, Any]) -> set[str]:
    return {str(code) for code in operation.get("responses", {})}


def _gaps(operations: dict[tuple[str, str], dict[str, Any]]) -> list[str]:
    gaps = []
    for (method, path), operation in sorted(operations.items()):
        documented = _documented(operation)
        params = operation.get("parameters", [])
        wanted = set()
        if operation.get("security"):
            wanted.add("401")
        if any(p.get("in") == "path" for p in params):
            wanted.add("404")
        if "requestBody" in operation or any(p.get("in") == "query" for p in params):
            wanted.add("422")
        gaps += [f"{method} {path} does not document {code}" for code in sorted(wanted - documented)]
    return gaps


def test_every_operation_documents_its_standard_errors(operations):
    assert not _gaps(operations)


def test_every_refusal_in_the_matrix_is_documented(operations):
    missing = []
    for row in authz.load():
        if not row.endpoint.is_api or (row.method, row.route) not in operations:
            continue
        documented = _documented(operations[(row.method, row.route)])
        expected = {part for role in authz.ROLES for part in row.cells.get(role, "").split("/")}
        missing += [
            f"{row.method} {row.route} can answer {c}" for c in sorted(expected & {"401", "403", "404"} - documented)
        ]
    assert not missing, "\n".join(missing)


def test_the_rules_notice_a_missing_declaration(operations):
    """The check itself: an operation stripped of its 401/404/422 is reported."""
    key = ("POST", "/api/v1/appeals/{number}/answer")
    stripped = dict(operations[key])
    stripped["responses"] = {k: v for k, v in stripped["responses"].items() if str(k) not in {"401", "404", "422"}}
    gaps = _gaps({key: stripped})
    assert gaps == [f"POST /api/v1/appeals/{{number}}/answer does not document {c}" for c in ("401", "404", "422")]
