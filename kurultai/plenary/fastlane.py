"""The ballot's fast lane: the common case of a deputy's ballot answered without Django's handler.

When a vote opens, 145 deputies press their buttons within a second. Measured on two CPUs, a
ballot's own work (checks, the batch INSERTs, the ledger append) is a fraction of what its request
costs; the rest is Django's request cycle: twenty middleware calls, URL resolution, the ninja
operation. The fast lane does exactly what that cycle does for the one request shape that
matters, with Django's own parts, and passes every other request on to the lean chain
(``common/hotpath.py``) untouched:

* **what it takes**: ``POST /api/v1/vote-events/<id>/ballots`` with a JSON body of at most
  1 KiB, no query string, no ``Authorization`` header (API tokens and their quotas), no
  ``Idempotency-Key``, no NUL in the path; anything else goes on at once;
* **the same checks, by the same code**: ``ALLOWED_HOSTS`` (``request.get_host``),
  ``SecurityMiddleware.process_request`` (the HTTPS redirect), ``LocaleMiddleware``, the
  session engine, ninja's own CSRF check (``check_csrf``, as ``SessionAuth`` runs it), the
  one-query session user (``accounts/fastauth.py``), TOTP confirmed, the body as ``BallotIn``
  would read it, then ``services.ballot_cast``, which checks everything else;
* **only successes answer here**: any refusal (401, 403, 409, 422, ...) or error goes on to
  the lean chain with the body intact, which answers it as always, in problem+json. A refusal
  stores nothing, so running the request again there is safe; a ballot that was stored is
  always answered here;
* **the same answer**: the body ninja would render, then the response phase of the lean chain's
  middleware, innermost first (security headers, X-Frame-Options, CSRF cookie, language,
  session, read-your-writes pin, HSTS and friends), and ``Content-Length``.

``KURULTAI_BALLOT_FAST_LANE=false`` turns it off. ``plenary/tests/test_fastlane.py`` compares
its answers and headers with the lean chain's and checks that each refusal is passed on.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from typing import Any

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import signals
from django.core.handlers.wsgi import WSGIRequest, get_script_name
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import set_script_prefix
from ninja.utils import check_csrf

from kurultai.accounts.fastauth import session_user
from kurultai.common import dbrouter
from kurultai.common.middleware import security_headers
from kurultai.plenary import selectors, services

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
MAX_BODY = 1024
BODY_KEYS = frozenset({"option", "voter_id"})
PASSED_ON_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_IDEMPOTENCY_KEY")


def _never(request: HttpRequest) -> HttpResponse:  # pragma: no cover - the chain's end is never called
    raise AssertionError("the fast lane calls the middleware's phases itself")


class BallotFastLane:
    """A WSGI application for ballots: successes answered here, everything else by ``fallback``."""

    def __init__(self, fallback: WSGIApp) -> None:
        self.fallback = fallback
        self.security = SecurityMiddleware(_never)
        self.session = SessionMiddleware(_never)
        self.locale = LocaleMiddleware(_never)
        self.csrf = CsrfViewMiddleware(_never)
        self.xframe = XFrameOptionsMiddleware(_never)
        self._lock = threading.Lock()
        self.served = 0  # answered here (for tests and the benchmark)
        self.passed_on = 0  # handed to the lean chain

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not self._takes(environ):
            return self._pass_on(environ, start_response, None)
        set_script_prefix(get_script_name(environ))
        signals.request_started.send(sender=self.__class__, environ=environ)
        request = WSGIRequest(environ)
        try:
            stored = self._ballot(request)
        except Exception:  # nothing was stored: the lean chain answers, errors included
            stored = None
        if stored is None:
            return self._pass_on(environ, start_response, request)
        response = self._answer(request, *stored)  # the ballot is stored: answered here, come what may
        with self._lock:
            self.served += 1
        response._resource_closers.append(request.close)
        headers = [*response.items(), *(("Set-Cookie", c.output(header="")) for c in response.cookies.values())]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return response

    @staticmethod
    def _takes(environ: dict[str, Any]) -> bool:
        if not settings.BALLOT_FAST_LANE or environ.get("QUERY_STRING"):
            return False
        if any(name in environ for name in PASSED_ON_HEADERS) or "\x00" in environ.get("PATH_INFO", ""):
            return False
        if environ.get("CONTENT_TYPE", "").split(";")[0].strip() != "application/json":
            return False
        length = environ.get("CONTENT_LENGTH", "")
        return length.isdigit() and 0 < int(length) <= MAX_BODY

    def _pass_on(
        self, environ: dict[str, Any], start_response: Callable[..., Any], request: WSGIRequest | None
    ) -> Iterable[bytes]:
        if request is not None:
            # The body was read here: hand the lean chain a fresh stream of the same bytes.
            body = request.body
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        with self._lock:
            self.passed_on += 1
        return self.fallback(environ, start_response)

    def _ballot(self, request: WSGIRequest) -> tuple[Any, str, bool] | None:
        """Check and cast; (the ballot, its vote's slug, pin the client) once stored, or None to pass on."""
        request.get_host()  # ALLOWED_HOSTS, as Django checks it (DisallowedHost: the lean chain answers 400)
        if self.security.process_request(request) is not None:
            return None  # an HTTPS redirect
        request.session = self.session.SessionStore(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
        self.locale.process_request(request)
        if check_csrf(request) is not None:
            return None
        user = session_user(request)
        if user is None or user is NotImplemented or not user.is_verified():
            return None
        request.user = user
        payload = json.loads(request.body)
        if not isinstance(payload, dict) or not payload.keys() <= BODY_KEYS or "option" not in payload:
            return None
        option, voter = payload["option"], payload.get("voter_id")
        if not isinstance(option, str) or len(option) > 20 or not (voter is None or isinstance(voter, str)):
            return None
        if voter is not None and len(voter) > 120:
            return None
        slug = request.path_info.split("/")[-2]
        aliases = dbrouter.replica_aliases()
        scope = dbrouter.request_scope(replica=None, pinned=True) if aliases else nullcontext()
        with scope:
            vote = selectors.vote_event_ref(slug)
            ballot = services.ballot_cast(vote_event=vote, user=user, option=option, deputy=voter)
        return ballot, vote.slug, bool(aliases)

    def _answer(self, request: WSGIRequest, ballot: Any, vote_slug: str, pin: bool) -> HttpResponse:
        """The stored ballot's answer: what ninja renders, through the lean chain's response phase."""
        body = {
            "id": f"{vote_slug}--{ballot.deputy.slug}",
            "vote_event_id": vote_slug,
            "voter_id": ballot.deputy.slug,
            "option": ballot.option,
            "group_id": None,
            "dissent": False,
        }
        content = json.dumps(body).encode()
        answer = HttpResponse(content, status=201, content_type="application/json; charset=utf-8")
        # Each phase, innermost first, sets headers (or cookies) on the answer and returns it.
        security_headers(request, answer)
        self.xframe.process_response(request, answer)
        self.csrf.process_response(request, answer)
        self.locale.process_response(request, answer)
        self.session.process_response(request, answer)
        if pin:
            dbrouter.pin(answer)
        self.security.process_response(request, answer)
        answer.headers["Content-Length"] = str(len(content))
        return answer
