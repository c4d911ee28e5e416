"""The authorization matrix: every endpoint × every role, with the status each one must get.

The reviewed table lives next to this module in ``authz_matrix.csv``; this module enumerates
the endpoints the running configuration serves (Django URL patterns with the language prefix
collapsed to ``<lang>``, the Django admin collapsed to ``<app>/<model>``, and every ninja
operation under ``/api/v1/``) and keeps the table's rows in step with them. The expectations
are written by people; ``kurultai security authz-matrix --write`` only adds rows for new
endpoints (with blank cells, which fail the test until someone fills them) and drops rows of
endpoints that are gone. ``kurultai/security/tests/test_authz_matrix.py`` enforces the table.

Legend of a cell (one status class per role, or ``own/other`` on rows about an object that
belongs to someone):

- ``ok``: passed the permission check: 2xx, a 3xx that is not the log-in page, or a
  400/409/422/429 (the request was looked at and refused on its content or state).
- ``login``: redirected to the log-in (or second-factor) page.
- ``401``, ``403``, ``404`` (the object is hidden from this caller), ``405``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MATRIX_PATH = Path(__file__).resolve().parent / "authz_matrix.csv"

ROLES = (
    "anonymous",
    "citizen",
    "deputy",
    "committee_staff",
    "clerk",
    "moderator",
    "government_respondent",
    "maslikhat_delegate",
    "party_operator",
    "admin",
)
OUTCOMES = frozenset({"ok", "login", "401", "403", "404", "405"})
# Kinds of object a route can address that belong to one person; the test makes one of the
# acting user's own and one of somebody else's.
OWNED_OBJECTS = frozenset({"appeal", "petition", "proposal"})
# New rows get their object kind from the route; a reviewer may change it.
OBJECT_HINTS = (
    (re.compile(r"/appeals/(?:<str:number>|\{number\})"), "appeal"),
    (re.compile(r"/petitions/(?:<slug:slug>|\{slug\})"), "petition"),
    (re.compile(r"/proposals/(?:<slug:slug>|\{slug\})"), "proposal"),
    (re.compile(r"/report/<slug:kind>/|/moderation/hidden/\{kind\}"), "proposal"),
)
HEADER = ("method", "route", "object", *ROLES, "note")
PAGE_METHODS = ("GET", "POST")
API_PREFIX = "/api/v1"
LANG = "<lang>"


@dataclass(frozen=True, order=True)
class Endpoint:
    method: str
    route: str

    @property
    def is_api(self) -> bool:
        return self.route.startswith(API_PREFIX + "/")


@dataclass
class Row:
    method: str
    route: str
    object: str = ""
    cells: dict[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def endpoint(self) -> Endpoint:
        return Endpoint(self.method, self.route)

    def expected(self, role: str, *, own: bool) -> str:
        """The expected outcome for ``role``; ``own`` picks the first half of an ``own/other`` cell."""
        cell = self.cells.get(role, "")
        if "/" in cell:
            mine, theirs = cell.split("/", 1)
            return mine if own else theirs
        return cell


class MatrixError(ValueError):
    """The table cannot be read: a bad header, a duplicate row or an unknown outcome."""


def classify(status: int, location: str = "") -> str:
    """The matrix outcome of one response."""
    if status in (401, 403, 404, 405):
        return str(status)
    if 300 <= status < 400 and ("/accounts/login/" in location or "/accounts/otp/" in location):
        return "login"
    if "/admin/login/" in location:
        return "login"
    if 200 <= status < 400 or status in (400, 409, 422, 429):
        return "ok"
    return str(status)


# --- enumeration ----------------------------------------------------------------------------

_LANG_PREFIX = re.compile(r"^(?:\^)?(?P<lang>[a-z]{2}(?:-[a-z]+)?)/")


def _pattern_text(pattern: Any) -> str:
    text = str(pattern)
    return text.removeprefix("^").removesuffix("$")


def page_routes() -> set[str]:
    """Every Django URL pattern outside the API, one per route (language prefixes collapsed)."""
    from django.conf import settings
    from django.contrib import admin
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.urls.resolvers import LocalePrefixPattern

    languages = {code for code, _ in settings.LANGUAGES}
    admin_models = {f"{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry}
    routes: set[str] = set()

    def walk(resolver: Any, prefix: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if isinstance(entry.pattern, LocalePrefixPattern):
                    piece = LANG + "/"
                else:
                    piece = _pattern_text(entry.pattern)
                if prefix + piece == "api/v1/":
                    continue  # the API is enumerated from its operations
                if piece in admin_models:
                    piece = "<app>/<model>/"
                walk(entry, prefix + piece)
            elif isinstance(entry, URLPattern):
                piece = _pattern_text(entry.pattern)
                if prefix.endswith("admin/") and piece.startswith("(?P<app_label>"):
                    piece = "<app_label>/"
                routes.add("/" + prefix + piece)

    walk(get_resolver(), "")
    # i18n_patterns under a fixed language (no LocaleMiddleware context) show the code itself.
    collapsed = set()
    for route in routes:
        head = route[1:].split("/", 1)[0]
        collapsed.add("/" + LANG + route[1 + len(head) :] if head in languages else route)
    return collapsed


def api_endpoints() -> set[Endpoint]:
    """Every operation of the ninja API, as ``/api/v1/<path>`` with its HTTP method."""
    from kurultai.api import api

    found: set[Endpoint] = set()
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    route = API_PREFIX + "/" + (prefix + path).lstrip("/")
                    found.add(Endpoint(method.upper(), route.replace("//", "/")))
    return found


def endpoints() -> list[Endpoint]:
    """Every endpoint the configuration serves: each page route with GET and POST, each API operation."""
    pages = {Endpoint(method, route) for route in page_routes() for method in PAGE_METHODS}
    return sorted(pages | api_endpoints())


# --- the table ------------------------------------------------------------------------------


def object_hint(route: str) -> str:
    return next((kind for pattern, kind in OBJECT_HINTS if pattern.search(route)), "")


def read_matrix(text: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != HEADER:
        raise MatrixError(f"the header must be: {','.join(HEADER)}")
    rows: list[Row] = []
    seen: set[Endpoint] = set()
    for number, record in enumerate(reader, start=2):
        row = Row(
            method=record["method"].strip().upper(),
            route=record["route"].strip(),
            object=record["object"].strip(),
            cells={role: (record[role] or "").strip() for role in ROLES},
            note=(record["note"] or "").strip(),
        )
        if row.endpoint in seen:
            raise MatrixError(f"line {number}: {row.method} {row.route} appears twice")
        if row.object and row.object not in OWNED_OBJECTS:
            raise MatrixError(f"line {number}: unknown object kind {row.object!r}")
        for role, cell in row.cells.items():
            for part in cell.split("/") if cell else ():
                if part not in OUTCOMES:
                    raise MatrixError(f"line {number}: {role} has {cell!r}; allowed: {', '.join(sorted(OUTCOMES))}")
        seen.add(row.endpoint)
        rows.append(row)
    return rows


def write_matrix(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in sorted(rows, key=lambda r: (r.route, r.method)):
        writer.writerow([row.method, row.route, row.object, *(row.cells.get(r, "") for r in ROLES), row.note])
    return out.getvalue()


def load(path: Path = MATRIX_PATH) -> list[Row]:
    return read_matrix(path.read_text(encoding="utf-8")) if path.exists() else []


@dataclass
class Sync:
    rows: list[Row]
    added: list[Endpoint]
    removed: list[Endpoint]


def synchronise(rows: list[Row], current: list[Endpoint]) -> Sync:
    """The table with a blank row for each new endpoint and without rows of endpoints that are gone."""
    by_endpoint = {row.endpoint: row for row in rows}
    wanted = set(current)
    added = sorted(wanted - by_endpoint.keys())
    removed = sorted(by_endpoint.keys() - wanted)
    kept = [row for row in rows if row.endpoint in wanted]
    kept += [Row(method=e.method, route=e.route, object=object_hint(e.route)) for e in added]
    return Sync(rows=kept, added=added, removed=removed)
