"""The nightly open-data export (django-tasks; `kurultai worker` runs it).

``opendata_export`` publishes a fresh export into ``var/opendata/current`` and schedules
itself for the next night (03:00 Asia/Almaty), so one chain is always waiting.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from kurultai.opendata import export

logger = logging.getLogger(__name__)
NIGHTLY_AT = time(3, 0)  # Asia/Almaty, when the parliament sleeps


def next_night(now: datetime) -> datetime:
    local = timezone.localtime(now)
    at = local.replace(hour=NIGHTLY_AT.hour, minute=NIGHTLY_AT.minute, second=0, microsecond=0)
    return at if at > local else at + timedelta(days=1)


@task()
def opendata_export(reschedule: bool = True) -> dict[str, int]:
    report = export.publish()
    logger.info("open data exported: %s files", report.tables + report.akn_files + 2)
    if reschedule:
        opendata_export.using(run_after=next_night(timezone.now())).enqueue()
    return {"persons": report.persons, "vote_events": report.vote_events, "akn_files": report.akn_files}


def ensure_scheduled(*, soon: bool = False) -> bool:
    """Make sure one export is waiting; ``soon`` runs the first one within a minute (the demo)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=opendata_export.module_path, status__in=["READY", "RUNNING"]
    ).exists()
    if not waiting:
        now = timezone.now()
        at = now + timedelta(seconds=5) if soon or export.published_catalogue() is None else next_night(now)
        opendata_export.using(run_after=at).enqueue()
    return not waiting
