"""The one domain error every service raises (zulip's JsonableError, saleor's error codes).

A ``DomainError`` carries a stable string ``code`` that clients can branch on, a
translatable human message, the HTTP status the API answers with, and a data dict.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

DATABASE_NOT_SET_UP = "The database is not set up yet: run `kurultai demo` or `python manage.py migrate` first."
"""The CLI's answer (stderr, exit 1) when a command finds no migrated database."""


class CommonErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    VALIDATION_ERROR = "validation_error"
    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate_limited"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    SERVER_ERROR = "server_error"


class DomainError(Exception):
    """A rule of the domain said no. Rendered as problem+json by the API, a form error on pages."""

    status: int = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = str(code)
        self.message = str(message)
        if status is not None:
            self.status = status
        self.data: dict[str, Any] = dict(data or {})


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str, *, code: str = CommonErrorCode.NOT_FOUND, data: dict[str, Any] | None = None):
        super().__init__(code, message, data=data)


class PermissionDenied(DomainError):
    status = 403

    def __init__(
        self, message: str, *, code: str = CommonErrorCode.PERMISSION_DENIED, data: dict[str, Any] | None = None
    ):
        super().__init__(code, message, data=data)


class Conflict(DomainError):
    status = 409

    def __init__(self, message: str, *, code: str = CommonErrorCode.CONFLICT, data: dict[str, Any] | None = None):
        super().__init__(code, message, data=data)
