"""Call a WSGI application as granian would, and a deputy's signed-in session with TOTP confirmed."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core import signals
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurultai.accounts.models import User
from kurultai.accounts.roles import Role
from kurultai.accounts.services import user_create
from kurultai.plenary import selectors

CSRF = "c" * 32
# Headers a ballot's answer must carry exactly as the site's own handler sends them.
SAME_HEADERS = (
    "Content-Type",
    "Content-Length",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
    "Content-Language",
    "Vary",
)


def deputy_session(username: str = "hot-deputy", *, totp: bool = True) -> str:
    """The Cookie header of a seated deputy's session (the first deputy by slug without a user)."""
    taken = set(User.objects.exclude(person_slug="").values_list("person_slug", flat=True))
    person = next(p for p in selectors.seated_deputies(timezone.localdate()).order_by("slug") if p.slug not in taken)
    user = user_create(username=username, password=None, roles=[Role.DEPUTY], person_slug=person.slug)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    if totp:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return f"sessionid={session.session_key}; csrftoken={CSRF}"


def wsgi(
    app: Any, method: str, path: str, body: dict[str, Any] | None, cookie: str = "", **extra: str
) -> tuple[int, dict[str, str], Any]:
    """(status, headers, JSON body) of one request; ``extra`` adds or replaces environ entries."""
    raw = json.dumps(body).encode() if body is not None else b""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(raw),
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(raw)),
        "HTTP_COOKIE": cookie,
        "HTTP_X_CSRFTOKEN": CSRF,
        "HTTP_ACCEPT_LANGUAGE": "en",
        "REMOTE_ADDR": "127.0.0.1",
        **extra,
    }
    answer: dict[str, Any] = {}
    # As Django's test client does: a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    try:
        result = app(environ, start_response)
        content = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    if not content:
        return answer["status"], answer["headers"], None
    try:
        return answer["status"], answer["headers"], json.loads(content)
    except ValueError:
        return answer["status"], answer["headers"], content.decode()  # a page (Django's own 400, say)
