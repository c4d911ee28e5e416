"""A shorter middleware chain for the hottest write: a deputy's ballot.

When a vote opens, 145 deputies press their buttons within a second, and every request walks
the whole middleware chain of the site although half of it serves only pages. The WSGI
application (``kurultai/wsgi.py``) therefore sends ``POST /api/v1/vote-events/<id>/ballots``
to a second Django handler whose chain leaves out what never applies to that request, and
every other request to the standard one. Left out, each for its reason:

* ``WhiteNoiseMiddleware``: serves static files, never an API write;
* ``PublicPageCacheMiddleware``: caches anonymous GETs only;
* ``MessageMiddleware`` and ``HtmxMiddleware``: flash messages and htmx, for pages;
* ``AxesMiddleware``: turns a log-in lockout into the lockout page; a ballot is no log-in.

Everything that protects the request stays, in the same order: security headers, the IIN
redaction of error bodies, NUL rejection, read-your-writes, the session, the language, the
API's problem+json edges and token quotas, ``ALLOWED_HOSTS`` and ``Content-Length``
(``CommonMiddleware``), CSRF, authentication, idempotency keys, the second factor,
clickjacking and the Content-Security-Policy. ``test_hotpath.py`` checks that the
chain is the site's minus exactly these, and that a ballot through the WSGI application gets
the same answers and headers as through the standard handler.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

HOT_WRITE_PATH = re.compile(r"/api/v1/vote-events/[^/]+/ballots")
NOT_FOR_HOT_WRITES = frozenset(
    {
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "kurultai.common.pagecache.PublicPageCacheMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django_htmx.middleware.HtmxMiddleware",
        "axes.middleware.AxesMiddleware",
    }
)


def hot_write_middleware() -> list[str]:
    """The site's middleware, in order, without what never applies to a hot write."""
    return [m for m in settings.MIDDLEWARE if m not in NOT_FOR_HOT_WRITES]


class LeanWSGIHandler(WSGIHandler):
    """Django's WSGI handler with its own middleware list (loaded once, at start-up)."""

    def __init__(self, middleware: list[str]) -> None:
        self._middleware = middleware
        super().__init__()

    def load_middleware(self, is_async: bool = False) -> None:
        site = settings.MIDDLEWARE
        settings.MIDDLEWARE = self._middleware
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = site


class HotPathApplication:
    """The WSGI application: hot writes to the lean handler, every other request to the site's."""

    def __init__(
        self,
        site: Callable[..., Iterable[bytes]],
        fast: Callable[[Callable[..., Iterable[bytes]]], Callable[..., Iterable[bytes]]] | None = None,
    ) -> None:
        self.site = site
        self.lean = LeanWSGIHandler(hot_write_middleware())
        # A fast lane in front of the lean chain (plenary/fastlane.py), given the chain to pass on to.
        self.hot = fast(self.lean) if fast is not None else self.lean

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and HOT_WRITE_PATH.fullmatch(environ.get("PATH_INFO", "")):
            return self.hot(environ, start_response)
        return self.site(environ, start_response)
