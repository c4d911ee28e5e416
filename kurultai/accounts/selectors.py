from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kurultai.accounts.models import ApiToken, User


def user_for_token(key: str) -> User | None:
    if not key.startswith("klt_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch last_used at most once a minute so reads do not become writes.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
