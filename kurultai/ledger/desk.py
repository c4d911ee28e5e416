"""Group commit for writes that append to the public record: concurrent requests share a transaction.

The public record has one writer at a time: ``ledger_append`` holds an advisory lock until the
transaction that appends commits, through the commit's flush to disk. Writing in one transaction
per request therefore stores one leaf per WAL flush, whatever the number of web threads.

The desk batches instead, leader and followers: the first request to arrive leads. It takes the
jobs waiting in this process (its own first) and commits them together (``commit_batch``: each
job's row in its own savepoint, then its leaf; ``commit_leaves``: each job's row and leaf in a
savepoint, then every leaf in one ``ledger_append_many``; or a commit function of the caller's),
so each row and its leaf still commit together, and a request is answered only after the commit
that stores its row. When the batch is done the leader answers its own request and hands the
lead to the oldest waiting request, so no request leads for ever. Requests arriving during a
commit make the next batch bigger: the batch size follows the load.

Used only outside a caller's transaction (a web request); inside one (tests, the demo, another
service) callers write inline, in the caller's transaction. Petition signatures (ADR 0004) and
plenary ballots use it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from kurultai.ledger.services import ledger_append_many

Write = Callable[[], Any]
Record = Callable[[Any], Any]
MAX_BATCH = 64


@dataclass(eq=False)
class Job:
    write: Write
    record: Record | None = None  # commit_batch's second step; unused by commit_leaves
    payload: Any = None  # what a batch commit other than commit_batch needs (services.sign_many)
    event: threading.Event = field(default_factory=threading.Event)
    lead: bool = False
    finished: bool = False
    result: Any = None
    error: BaseException | None = None


def commit_batch(batch: list[Job]) -> None:
    """Write every job's row in its own savepoint, then the leaves, then commit once.

    Sets ``result`` (the pair of what ``write`` and ``record`` returned) or ``error`` on each job;
    if the transaction itself fails, every job gets that error and nothing is stored.
    """
    written: list[tuple[Job, Any]] = []
    failed: dict[int, BaseException] = {}
    with transaction.atomic():
        for i, job in enumerate(batch):
            try:
                with transaction.atomic():
                    written.append((job, job.write()))
            except Exception as exc:  # not handled here: re-raised in the request that owns the job
                failed[i] = exc
        results = [(job, (row, job.record(row) if job.record else None)) for job, row in written]
    for i, job in enumerate(batch):
        if i in failed:
            job.error = failed[i]
    for job, result in results:
        job.result = result


def commit_leaves(batch: list[Job]) -> None:
    """Each job's ``write`` returns ``(row, PendingLeaf or None)`` in its own savepoint; then every
    leaf is appended with one ``ledger_append_many`` and the batch commits once.

    Sets ``result`` to ``(row, ledger entry or None)`` or ``error`` on each job; if the transaction
    itself fails, every job gets that error and nothing is stored.
    """
    written: list[tuple[Job, Any, Any]] = []
    failed: dict[int, BaseException] = {}
    with transaction.atomic():
        for i, job in enumerate(batch):
            try:
                with transaction.atomic():
                    row, leaf = job.write()
                written.append((job, row, leaf))
            except Exception as exc:  # not handled here: re-raised in the request that owns the job
                failed[i] = exc
        leaves = [leaf for _, _, leaf in written if leaf is not None]
        entries = iter(ledger_append_many(leaves))
        results = [(job, (row, next(entries) if leaf is not None else None)) for job, row, leaf in written]
    for i, job in enumerate(batch):
        if i in failed:
            job.error = failed[i]
    for job, result in results:
        job.result = result


def settle(batch: list[Job], results: list[Any]) -> None:
    """Hand each job its outcome from a batch commit: an exception becomes its error, anything else its result."""
    for job, result in zip(batch, results, strict=True):
        if isinstance(result, BaseException):
            job.error = result
        else:
            job.result = result


class GroupCommitDesk:
    def __init__(self, commit: Callable[[list[Job]], None] = commit_batch, max_batch: int = MAX_BATCH) -> None:
        self._commit = commit
        self._max_batch = max_batch
        self._mutex = threading.Lock()
        self._queue: list[Job] = []
        self._leading = False
        self.batches: list[int] = []  # sizes of the last batches, for tests and the benchmark

    def run(self, write: Write, record: Record | None = None, payload: Any = None) -> Any:
        """(what ``write`` returned, what ``record`` returned), once committed; or the job's error."""
        job = Job(write, record, payload)
        with self._mutex:
            self._queue.append(job)
            if not self._leading:
                self._leading = True
                job.lead = True
        if job.lead:
            self._lead_once()
        while not job.finished:
            job.event.wait()
            job.event.clear()
            if not job.finished and job.lead:
                self._lead_once()
        if job.error is not None:
            raise job.error
        return job.result

    def _lead_once(self) -> None:
        with self._mutex:
            batch = self._queue[: self._max_batch]
            del self._queue[: len(batch)]
        try:
            self._commit(batch)
        except BaseException as exc:  # the transaction failed: no job in it is stored
            for job in batch:
                job.error, job.result = exc, None
        finally:
            with self._mutex:
                successor = self._queue[0] if self._queue else None
                if successor is None:
                    self._leading = False
                else:
                    successor.lead = True
                self.batches = [*self.batches[-99:], len(batch)]
            for job in batch:
                job.finished = True
                job.event.set()
            if successor is not None:
                successor.event.set()
