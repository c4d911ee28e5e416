"""API authentication: bearer tokens for machines, the session (with CSRF) for the site."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from kurultai.accounts.fastauth import OneQuerySessionAuth
from kurultai.accounts.selectors import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api_auth = [BearerToken(), SessionAuth()]

# The ballot endpoint: the same two ways in, the session one with one query (accounts/fastauth.py).
hot_write_auth = [BearerToken(), OneQuerySessionAuth()]
