"""The HTTP API root: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from ninja import NinjaAPI

from kurultai.accounts.api import router as accounts_router
from kurultai.common.api import install_problem_handlers
from kurultai.elections.api import router as elections_router
from kurultai.ledger.api import router as ledger_router
from kurultai.portal.api import router as portal_router
from kurultai.registry.api import router as registry_router

api = NinjaAPI(
    title="Kurultai API",
    version="1.0.0",
    description=(
        "Open data and services of the Kurultai, Kazakhstan's unicameral parliament. "
        "Content follows the Popolo vocabulary; `?lang=kk|ru|en` chooses the language of names. "
        "Errors are RFC 9457 application/problem+json documents with a stable `code`."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_problem_handlers(api)
api.add_router("", registry_router)
api.add_router("", accounts_router)
api.add_router("", elections_router)
api.add_router("", "kurultai.oversight.api.router")
api.add_router("", "kurultai.regions.api.router")
api.add_router("", "kurultai.plenary.api.router")
api.add_router("", ledger_router)
api.add_router("", "kurultai.legislation.api.router")
api.add_router("", "kurultai.participation.api.router")
api.add_router("", "kurultai.analytics.api.router")
api.add_router("", "kurultai.modelling.api.router")
api.add_router("", "kurultai.opendata.api.router")
api.add_router("", "kurultai.news.api.router")
api.add_router("", "kurultai.security.api.router")
api.add_router("", portal_router)
