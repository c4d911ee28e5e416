"""Error responses never echo an IIN.

Error bodies (problem+json, the error pages, Django's debug pages in development) may repeat
what the client sent: a path, a query value, a validation message. Anything shaped like an
IIN in a 4xx/5xx body is masked here, at the outermost layer, whichever view or handler
produced the body. Successful responses are not touched: the citizen's own pages never show
an IIN in the first place (only its keyed hash is stored).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kurultai.security.redact import IIN_BYTES_PATTERN, redact_bytes

MAX_BODY = 2 * 1024 * 1024  # larger error bodies are not produced by this application


class RedactErrorBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or response.streaming:
            return response
        content = response.content
        if len(content) <= MAX_BODY and IIN_BYTES_PATTERN.search(content):
            response.content = redact_bytes(content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        for header in ("Location", "Content-Location"):
            if response.has_header(header):
                response[header] = redact_bytes(response[header].encode("latin-1")).decode("latin-1")
        return response
