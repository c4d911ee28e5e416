"""Retention rules as configuration, enforced by the background job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from kurultai.accounts.models import ApiToken
from kurultai.accounts.services import token_create, token_revoke
from kurultai.participation import services as participation
from kurultai.participation.models import Notification, Signature
from kurultai.participation.tests.factories import PetitionFactory
from kurultai.security import retention, tasks

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_defaults_and_overrides():
    days = retention.validated({"read_notifications": 7})
    assert days["read_notifications"] == 7
    assert days["signature_networks"] == 90
    assert retention.cutoffs({}, NOW)["login_attempts"] == NOW - timedelta(days=30)


@pytest.mark.parametrize("config", [{"nonsense": 3}, {"revoked_tokens": -1}, {"revoked_tokens": "9"}])
def test_bad_configuration_is_refused(config):
    with pytest.raises(retention.RetentionConfigError):
        retention.validated(config)


@pytest.mark.django_db
def test_the_job_removes_only_what_is_past_its_term(settings, make_citizen):
    settings.DATA_RETENTION_DAYS = {**settings.DATA_RETENTION_DAYS, "read_notifications": 10, "signature_networks": 30}
    now = timezone.now()
    citizen = make_citizen()
    old_sig = participation.petition_sign(
        petition=PetitionFactory(), actor=citizen, network="10.0.0.0/24", at=now - timedelta(days=31)
    )
    new_sig = participation.petition_sign(
        petition=PetitionFactory(), actor=citizen, network="10.0.1.0/24", at=now - timedelta(days=1)
    )
    old_note, new_note, unread = (
        participation.notify(users=[citizen], kind="test.notice", params={"n": n})[0] for n in range(3)
    )
    Notification.objects.filter(pk=old_note.pk).update(read_at=now - timedelta(days=11))
    Notification.objects.filter(pk=new_note.pk).update(read_at=now - timedelta(days=9))
    token, _key = token_create(user=citizen)
    token_revoke(token=token, actor=citizen)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=now - timedelta(days=91))
    live_token, _key = token_create(user=citizen)
    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=now - timedelta(seconds=1))

    done = tasks.retention_sweep.call(reschedule=False)

    assert done["read_notifications"] == 1
    assert done["signature_networks"] >= 1  # the demo data has old signatures too
    assert done["revoked_tokens"] == 1
    assert done["expired_sessions"] >= 1
    assert Signature.objects.get(pk=old_sig.pk).network == ""
    assert Signature.objects.get(pk=new_sig.pk).network == "10.0.1.0/24"
    assert set(Notification.objects.filter(user=citizen).values_list("pk", flat=True)) == {new_note.pk, unread.pk}
    assert set(ApiToken.objects.filter(user=citizen).values_list("pk", flat=True)) == {live_token.pk}
    # Signatures are never removed by retention: counts stay.
    assert Signature.objects.filter(citizen=citizen.citizen).count() == 2


@pytest.mark.django_db
def test_the_job_reschedules_itself_nightly():
    from django_tasks_db.models import DBTaskResult

    path = tasks.retention_sweep.module_path
    DBTaskResult.objects.filter(task_path=path).delete()
    assert tasks.ensure_scheduled() is True
    assert tasks.ensure_scheduled() is False
    waiting = DBTaskResult.objects.get(task_path=path, status="READY")
    assert waiting.run_after > timezone.now()
    assert timezone.localtime(waiting.run_after).hour == tasks.NIGHTLY_AT.hour
