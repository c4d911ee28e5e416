"""API plumbing shared by every app: problem+json errors, pagination, authentication.

Every error the API returns, request validation included, is an RFC 9457
``application/problem+json`` document with a stable ``code``.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import PaginationBase

from kurultai.common.errors import CommonErrorCode, DomainError

logger = logging.getLogger(__name__)
PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


class Problem(Schema):
    """RFC 9457 problem details, plus Kurultai's stable ``code``."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


def problem_response(
    request: HttpRequest | None,
    *,
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": f"https://kurultai.example/problems/{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    if extra:
        body.update({k: v for k, v in extra.items() if k not in body})
    return JsonResponse(
        body, status=status, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


def _clean_validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for err in errors:
        loc = [str(part) for part in err.get("loc", [])]
        cleaned.append({"loc": loc, "msg": str(err.get("msg", "")), "type": str(err.get("type", ""))})
    return cleaned


def install_problem_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return problem_response(request, status=exc.status, code=exc.code, detail=exc.message, extra=exc.data)

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = _clean_validation_errors(list(exc.errors))
        where = ", ".join(".".join(e["loc"][1:] or e["loc"]) for e in errors) or "request"
        return problem_response(
            request,
            status=422,
            code=CommonErrorCode.VALIDATION_ERROR,
            detail=f"The request is not valid: check {where}.",
            errors=errors,
        )

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(
            request, status=401, code=CommonErrorCode.NOT_AUTHENTICATED, detail="Authentication is required."
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(request, status=404, code=CommonErrorCode.NOT_FOUND, detail="No such object.")

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {405: CommonErrorCode.METHOD_NOT_ALLOWED, 429: CommonErrorCode.RATE_LIMITED}.get(
            exc.status_code, CommonErrorCode.INVALID
        )
        return problem_response(request, status=exc.status_code, code=code, detail=str(exc))

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if settings.DEBUG and getattr(settings, "KURULTAI_ENV", "") == "development":
            logger.exception("unexpected API error")
        else:
            logger.error("unexpected API error: %s", type(exc).__name__, exc_info=exc)
        return problem_response(
            request, status=500, code=CommonErrorCode.SERVER_ERROR, detail="An unexpected error occurred."
        )


class PageOut(Schema):
    count: int
    next: str | None
    previous: str | None
    items: list[Any]


class LimitOffsetPage(PaginationBase):
    """``?limit=&offset=`` with ``count`` and ``next``/``previous`` links; bad values are 422."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500, description="Items per page (1–500).")
        offset: int = Field(0, ge=0, le=10_000_000, description="Items to skip.")

    class Output(Schema):
        count: int
        next: str | None
        previous: str | None
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        limit, offset = pagination.limit, pagination.offset
        count = self._items_count(queryset)
        items = list(queryset[offset : offset + limit])

        def link(new_offset: int) -> str:
            query = request.GET.copy()
            query["limit"] = str(limit)
            query["offset"] = str(new_offset)
            return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")

        return {
            "count": count,
            "next": link(offset + limit) if offset + limit < count else None,
            "previous": link(max(0, offset - limit)) if offset > 0 else None,
            "items": items,
        }


class Mapped:
    """A queryset whose page is turned into API dicts only after slicing (one query a page)."""

    def __init__(self, queryset: QuerySet, to_dict: Any) -> None:
        self.queryset = queryset
        self.to_dict = to_dict

    def all(self) -> Mapped:
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, item: slice) -> list[Any]:
        return [self.to_dict(obj) for obj in self.queryset[item]]
