"""The nightly partition job (django-tasks; `kurultai worker` runs it). It reschedules itself.

It keeps the range-partitioned tables (``partitioning.RANGE_TABLES``: the ledger's leaves) two
empty partitions ahead of their highest key, so appends never land in the DEFAULT partition.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone
from django_tasks import task

from kurultai.common import partitioning

logger = logging.getLogger(__name__)
NIGHTLY_AT = time(4, 0)  # Asia/Almaty, after the open-data export and the retention sweep


def next_night(now: datetime) -> datetime:
    local = timezone.localtime(now)
    at = local.replace(hour=NIGHTLY_AT.hour, minute=NIGHTLY_AT.minute, second=0, microsecond=0)
    return at if at > local else at + timedelta(days=1)


@task()
def partitions_ensure(reschedule: bool = True) -> list[str]:
    created: list[str] = []
    for table, spec in partitioning.RANGE_TABLES.items():
        created += partitioning.range_partitions_ensure(connection, table, spec)
    if created:
        logger.info("partitions created: %s", ", ".join(created))
    if reschedule:
        partitions_ensure.using(run_after=next_night(timezone.now())).enqueue()
    return created


def ensure_scheduled() -> bool:
    """Make sure one run is waiting; True when this call scheduled it."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=partitions_ensure.module_path, status__in=["READY", "RUNNING"]
    ).exists()
    if not waiting:
        partitions_ensure.using(run_after=next_night(timezone.now())).enqueue()
    return not waiting
