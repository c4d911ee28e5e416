"""Kill -9 the background worker while it runs jobs, start it again: every job completes, once.

PostgreSQL only (the production set-up). The worker is the real ``kurultai worker`` on the test
database; jobs are real django-tasks rows (a slow job of the tests and the petition recount).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kurultai.common.models import AuditEntry
from kurultai.participation import services as participation
from kurultai.participation import tasks as participation_tasks
from kurultai.participation.models import Petition
from kurultai.participation.tests.factories import CitizenFactory, PetitionFactory
from kurultai.security.tests import jobs
from kurultai.security.workers import orphaned_tasks_requeue, pid_alive, worker_id

KURULTAI = Path(settings.BASE_DIR) / ".venv" / "bin" / "kurultai"

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the production set-up: PostgreSQL")


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until(check: Callable[[], bool], timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture
def worker(tmp_path) -> Iterator[dict[str, Callable[[], None]]]:
    env = {**os.environ, "DATABASE_URL": database_url(), "KURULTAI_VAR_DIR": str(tmp_path), "LOG_LEVEL": "ERROR"}
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        procs.append(
            subprocess.Popen(  # noqa: S603 - our own binary
                [str(KURULTAI), "worker"], cwd=settings.BASE_DIR, env=env, start_new_session=True
            )
        )

    def kill() -> None:
        os.killpg(procs[-1].pid, signal.SIGKILL)
        procs[-1].wait(timeout=10)

    yield {"start": start, "kill": kill}
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def status(job) -> str:
    return DBTaskResult.objects.get(pk=job.id).status


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_jobs_of_a_killed_worker_run_again_and_complete_once(worker):
    # Real work for the worker: petitions whose counts are behind their signatures.
    petitions = [PetitionFactory(author=CitizenFactory(region="KZ-75")) for _ in range(3)]
    for petition in petitions:
        for _ in range(3):
            participation.petition_sign(petition=petition, actor=CitizenFactory(region="KZ-71"))
    Petition.objects.filter(pk__in=[p.pk for p in petitions]).update(signature_count=0)
    slow = [jobs.slow_mark.enqueue(f"job-{n}", 1.5) for n in range(4)]
    recounts = [participation_tasks.petition_recount.enqueue(p.pk) for p in petitions]
    # Only this test's jobs in the queue: an earlier test's demo load queues long jobs (analytics).
    DBTaskResult.objects.exclude(pk__in=[j.id for j in [*slow, *recounts]]).delete()

    worker["start"]()
    wait_until(lambda: status(slow[1]) == TaskResultStatus.RUNNING)
    worker["kill"]()
    assert status(slow[0]) == TaskResultStatus.SUCCESSFUL
    assert status(slow[1]) == TaskResultStatus.RUNNING  # its worker is gone: an orphan

    worker["start"]()
    every = [*slow, *recounts]
    wait_until(lambda: all(status(j) == TaskResultStatus.SUCCESSFUL for j in every), timeout=45)
    worker["kill"]()
    done = sorted(AuditEntry.objects.filter(action=jobs.DONE).values_list("data__key", flat=True))
    assert done == [f"job-{n}" for n in range(4)]  # each exactly once: the killed run wrote nothing
    assert [Petition.objects.get(pk=p.pk).signature_count for p in petitions] == [3, 3, 3]
    claimers = DBTaskResult.objects.get(pk=slow[1].id).worker_ids
    assert len(claimers) == 2  # claimed by the killed worker, then run by the new one
    assert claimers[0] != claimers[1]


@pytest.mark.django_db
def test_only_jobs_of_dead_workers_on_this_host_are_requeued():
    here = worker_id(host="this-host", pid=1001)
    jobs_by_claimer = {}
    for name, claimer in {
        "dead-here": worker_id(host="this-host", pid=4242),
        "alive-here": worker_id(host="this-host", pid=1001),
        "elsewhere": worker_id(host="other-host", pid=4242),
        "foreign-id": "a3f9c0d1e2",
    }.items():
        job = jobs.slow_mark.enqueue(name, 0)
        row = DBTaskResult.objects.get(pk=job.id)
        row.claim(claimer)
        jobs_by_claimer[name] = job.id
    assert here.startswith("this-host:1001:")

    requeued = orphaned_tasks_requeue(host="this-host", alive=lambda pid: pid == 1001)

    assert requeued == 1
    states = {name: DBTaskResult.objects.get(pk=pk).status for name, pk in jobs_by_claimer.items()}
    assert states == {
        "dead-here": TaskResultStatus.READY,
        "alive-here": TaskResultStatus.RUNNING,
        "elsewhere": TaskResultStatus.RUNNING,
        "foreign-id": TaskResultStatus.RUNNING,
    }
    assert DBTaskResult.objects.get(pk=jobs_by_claimer["dead-here"]).started_at is None
    assert orphaned_tasks_requeue(host="this-host", alive=lambda pid: pid == 1001) == 0


def test_a_zombie_process_is_not_alive():
    # A killed worker whose parent died waits for PID 1 to reap it; in a container that may be never.
    proc = subprocess.Popen(["true"])  # noqa: S607 - a process that exits at once
    try:
        wait_until(lambda: Path(f"/proc/{proc.pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z", 10)
        os.kill(proc.pid, 0)  # signal 0 still reaches it...
        assert not pid_alive(proc.pid)  # ...but it runs nothing
    finally:
        proc.wait(timeout=10)
    assert not pid_alive(proc.pid)
    assert pid_alive(os.getpid())
