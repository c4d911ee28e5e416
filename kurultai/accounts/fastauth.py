"""The signed-in user, their roles and their TOTP device in one query, for the API's hot write paths.

Django's session authentication reads the user (one query), django-otp reads the device the
session confirmed (another) and the role check reads the user's groups (a third). A ballot is
the write where that matters: 145 deputies press their buttons within a second. ``OneQuerySessionAuth``
does the same checks with one plain query and hands the endpoint the same user a
``request.user`` would be:

* the session names a user and the backend that signed them in; only ``ModelBackend`` sessions
  take this path (any other backend, e.g. OpenID Connect, goes through ``request.user``);
* the session's auth hash must match the user's current password hash (Django's
  ``get_user``: a changed password ends every session; the secret-key fallbacks are honoured by
  handing the request to the standard path), and the user must be active (``ModelBackend``);
* the TOTP device the session confirmed counts only if it still exists, is confirmed and
  belongs to the user (django-otp's ``_finalize_device``); otherwise ``is_verified()`` is false
  and the service answers ``totp_required``;
* the role names come from the same query, so a role withdrawn a moment ago is already gone.

Tests (``accounts/tests/test_fastauth.py``) check each of these against the standard path.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django_otp import DEVICE_ID_SESSION_KEY
from ninja.security import SessionAuth

from kurultai.accounts.models import User
from kurultai.accounts.roles import Role

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
TOTP_DEVICE_PREFIX = "otp_totp.totpdevice/"
_WANTED = {"id", "password", "is_active", "is_superuser", "username", "person_slug", "display_name"}
# In the model's field order: Model.from_db matches values to the concrete fields in that order.
USER_FIELDS = tuple(f.attname for f in User._meta.concrete_fields if f.attname in _WANTED)

# The roles as one string: SQLite's group_concat and PostgreSQL's string_agg (group names
# never contain a newline: they are the Role values).
_GROUPS = "FROM auth_group g JOIN accounts_user_groups ug ON ug.group_id = g.id WHERE ug.user_id = u.id"
_ROLES = {
    "postgresql": f"(SELECT string_agg(g.name, E'\\n') {_GROUPS})",
    "sqlite": f"(SELECT group_concat(g.name, char(10)) {_GROUPS})",
}
_SQL = (
    "SELECT {fields}, {roles}, d.id, d.confirmed FROM accounts_user u "
    "LEFT JOIN otp_totp_totpdevice d ON d.id = %s AND d.user_id = u.id WHERE u.id = %s"
)


def session_user(request: HttpRequest) -> Any:
    """The session's user with ``role_names`` and ``is_verified`` filled in one query; None if
    the session signs in no one (or is no longer valid); ``NotImplemented`` to use the standard path."""
    session = request.session
    user_id, backend = session.get(SESSION_KEY), session.get(BACKEND_SESSION_KEY)
    if user_id is None or backend is None:
        return None
    if backend != MODEL_BACKEND or backend not in settings.AUTHENTICATION_BACKENDS or connection.vendor not in _ROLES:
        return NotImplemented
    device_id: int | None = None
    persistent = session.get(DEVICE_ID_SESSION_KEY) or ""
    if persistent.startswith(TOTP_DEVICE_PREFIX) and persistent[len(TOTP_DEVICE_PREFIX) :].isdigit():
        device_id = int(persistent[len(TOTP_DEVICE_PREFIX) :])
    elif persistent:
        return NotImplemented  # another kind of device: django-otp knows how to load it
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    sql = _SQL.format(fields=", ".join(f"u.{f}" for f in USER_FIELDS), roles=_ROLES[connection.vendor])
    with connection.cursor() as cursor:
        cursor.execute(sql, [device_id, pk])
        row = cursor.fetchone()
    if row is None:
        return None
    *values, roles, found_device, confirmed = row
    user = User.from_db(connection.alias, list(USER_FIELDS), values)
    if not user.is_active:
        return None
    session_hash = session.get(HASH_SESSION_KEY)
    if not session_hash or not constant_time_compare(session_hash, user.get_session_auth_hash()):
        return NotImplemented  # a stale hash: the standard path flushes the session or re-keys it
    names = set(roles.split("\n")) if roles else set()
    if user.is_superuser:
        names.add(Role.ADMIN)
    user._role_names = names
    verified = found_device is not None and bool(confirmed)
    user.otp_device = None
    user.is_verified = lambda: verified
    return user


class OneQuerySessionAuth(SessionAuth):
    """ninja's session authentication (CSRF included) with ``session_user`` in place of ``request.user``."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key:
            return None
        user = session_user(request)
        if user is NotImplemented:
            return super().authenticate(request, key)
        if user is not None:
            request.user = user
        return user
