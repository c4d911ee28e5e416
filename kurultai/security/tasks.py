"""The nightly retention job (django-tasks; `kurultai worker` runs it). It reschedules itself."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from kurultai.security import services

logger = logging.getLogger(__name__)
NIGHTLY_AT = time(3, 30)  # Asia/Almaty, after the open-data export


def next_night(now: datetime) -> datetime:
    local = timezone.localtime(now)
    at = local.replace(hour=NIGHTLY_AT.hour, minute=NIGHTLY_AT.minute, second=0, microsecond=0)
    return at if at > local else at + timedelta(days=1)


@task()
def retention_sweep(reschedule: bool = True) -> dict[str, int]:
    now = timezone.now()
    done = services.retention_enforce(now=now)
    logger.info("retention applied: %s", ", ".join(f"{k}={v}" for k, v in sorted(done.items())))
    if reschedule:
        retention_sweep.using(run_after=next_night(now)).enqueue()
    return done


def ensure_scheduled() -> bool:
    """Make sure one sweep is waiting; True when this call scheduled it."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=retention_sweep.module_path, status__in=["READY", "RUNNING"]
    ).exists()
    if not waiting:
        retention_sweep.using(run_after=next_night(timezone.now())).enqueue()
    return not waiting
