"""Background jobs of the analytics app (django-tasks; ``kurultai worker`` runs them).

- ``analytics_rebuild``: the full recomputation of near-duplicate groups and topics;
- ``analytics_ingest``: copies new citizen texts into the corpus and assigns them to the current
  topics (the incremental path). It schedules itself again ``INGEST_EVERY`` later, so one run is
  always waiting and a new appeal, petition, proposal, inquiry or comment reaches its topic within
  that delay. The apps that take those texts may not import analytics (import-linter), so the
  chain polls the sources rather than being told by them; each run is an anti-join in the
  database and costs next to nothing when nothing is new.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from kurultai.accounts.permissions import SYSTEM
from kurultai.analytics import services

INGEST_EVERY = timedelta(minutes=2)


@task()
def analytics_rebuild(k: int | None = None, method: str = "nmf") -> int:
    run = services.analytics_rebuild(actor=SYSTEM, k=k, method=method)
    ensure_ingest_scheduled()
    return run.pk


@task()
def analytics_ingest(reschedule: bool = True) -> int:
    added = services.texts_ingest()
    if reschedule:
        analytics_ingest.using(run_after=timezone.now() + INGEST_EVERY).enqueue()
    return added


def ensure_ingest_scheduled() -> bool:
    """Make sure one incremental run is waiting; True when this call queued it."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=analytics_ingest.module_path, status__in=["READY", "RUNNING"]
    ).exists()
    if not waiting:
        analytics_ingest.using(run_after=timezone.now() + timedelta(seconds=5)).enqueue()
    return not waiting


def ensure_ingest_soon() -> None:
    """``ensure_ingest_scheduled`` at most every ten minutes per process (cheap to call often)."""
    if cache.add("analytics:ingest-check", 1, 600):
        ensure_ingest_scheduled()
