from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

# No external CDN anywhere: every script, style and font is served by us.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
# The interactive API docs page loads its own inline bootstrap; allow it there only.
DOCS_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'"
)


class RejectNulMiddleware:
    """Refuse a NUL character in the path or query string before it reaches a query.

    PostgreSQL text cannot hold NUL, so ``?party=%00`` or ``/api/v1/persons/%00`` would
    otherwise end in a 500 there (SQLite just finds nothing).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.GET
        if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, vs in query.lists() for v in vs):
            if request.path.startswith("/api/"):
                from kurultai.common.api import problem_response

                return problem_response(
                    request, status=400, code="invalid", detail="The request contains a NUL character."
                )
            return HttpResponseBadRequest("The request contains a NUL character.", content_type="text/plain")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        security_headers(request, response)
        return response


def security_headers(request: HttpRequest, response: HttpResponse) -> None:
    """The Content-Security-Policy, Permissions-Policy and COOP of every answer (also the ballot fast lane's)."""
    if "Content-Security-Policy" not in response:
        docs = request.path.startswith("/api/v1/docs") or request.path.startswith("/admin/")
        response["Content-Security-Policy"] = DOCS_POLICY if docs else CONTENT_SECURITY_POLICY
    response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    response.setdefault("Cross-Origin-Opener-Policy", "same-origin")


class ApiMiddleware:
    """API edges: ``?lang=kk|ru|en`` (anything else is a 422) and problem+json for routing errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = request.GET.get("lang")
        if request.path.startswith("/api/") and lang is not None:
            from django.conf import settings
            from django.utils import translation

            from kurultai.common.api import problem_response

            codes = [code for code, _name in settings.LANGUAGES]
            if lang not in codes:
                return problem_response(
                    request,
                    status=422,
                    code="unknown_language",
                    detail=f"Unknown language {lang[:10]!r}; use one of: {', '.join(codes)}.",
                )
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in (404, 405)
            and not response.get("Content-Type", "").startswith(("application/problem+json", "application/json"))
        ):
            # Routing answers (no such path, wrong method) come from Django, not ninja:
            # give them the same problem+json shape as every other API error.
            from kurultai.common.api import problem_response

            if response.status_code == 404:
                return problem_response(request, status=404, code="not_found", detail="No such API path.")
            problem = problem_response(
                request, status=405, code="method_not_allowed", detail=f"{request.method} is not allowed here."
            )
            if response.has_header("Allow"):
                problem["Allow"] = response["Allow"]
            return problem
        return response
