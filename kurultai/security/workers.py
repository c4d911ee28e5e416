"""Background jobs survive a worker that dies mid-job (kill -9, out of memory, power loss).

django-tasks-db marks a job RUNNING when a worker claims it and never looks at it again, so a
job whose worker died would stay RUNNING for ever. Each ``kurultai worker`` therefore names
itself ``host:pid:random`` and, when it starts, puts back to READY every RUNNING job last
claimed on this host by a process that no longer exists. The job then runs again from the
start: jobs are written to be idempotent (a recount, an export, a sweep; a job's own writes
commit in one transaction, so a killed job left none of them behind). See docs/security.md.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

__all__ = ["orphaned_tasks_requeue", "pid_alive", "worker_id"]


def _host() -> str:
    # The worker id is at most 64 characters (django-tasks-db); ":" separates its parts.
    return socket.gethostname().replace(":", "_")[:40]


def worker_id(*, host: str | None = None, pid: int | None = None) -> str:
    return f"{host or _host()}:{pid or os.getpid()}:{secrets.token_hex(4)}"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    # A killed process whose parent died too waits for PID 1 to reap it; in a container PID 1
    # often never does, and signal 0 still reaches a zombie. It runs nothing: it is dead.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False  # no /proc (macOS) or gone meanwhile: signal 0 has the last word
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def _claimer(worker_ids: object) -> tuple[str, int] | None:
    if not isinstance(worker_ids, list) or not worker_ids:
        return None
    parts = str(worker_ids[-1]).split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return None  # a worker started some other way: nothing is known about its process
    return parts[0], int(parts[1])


def orphaned_tasks_requeue(*, host: str | None = None, alive: Callable[[int], bool] = pid_alive) -> int:
    """Put RUNNING jobs whose worker on this host is gone back in the queue; the number requeued."""
    host = host or _host()
    with transaction.atomic():
        orphans = []
        running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        for job in running:
            claimer = _claimer(job.worker_ids)
            if claimer is not None and claimer[0] == host and not alive(claimer[1]):
                orphans.append(job.pk)
        requeued = DBTaskResult.objects.filter(pk__in=orphans).update(status=TaskResultStatus.READY, started_at=None)
    if requeued:
        logger.warning("security.worker.requeued_orphans", extra={"count": requeued})
    return requeued
