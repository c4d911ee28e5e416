"""Brute-force lockout (django-axes) wired into Kurultai's logins.

Every HTTP login (the site's form, the admin's OTP login form) calls ``authenticate`` with
the request, so axes counts its failures and refuses a locked-out username before the
password is checked. Internal callers without a request (the test client's ``login``, a
management command) have no attacker in front of them and skip the lockout check instead of
failing, which the stock backend would do.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest
from django.shortcuts import render


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> Any:
    """The page a locked-out login sees: 429, translated, without the username."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "security/lockout.html", {"minutes": minutes}, status=429)
