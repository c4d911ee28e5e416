from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from kurultai.accounts.otp import totp_satisfied

OPEN_PREFIXES = ("/static/", "/media/", "/i18n/", "/healthz", "/api/")


class RequireTotpMiddleware:
    """Deputies, clerks and admins confirm a TOTP code before any page but the log-in flow."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if not path.startswith(OPEN_PREFIXES) and "/accounts/" not in path and not totp_satisfied(request.user):
            return HttpResponseRedirect(reverse("accounts:otp") + "?next=" + path)
        return self.get_response(request)
