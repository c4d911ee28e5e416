"""Share pure, CPU-bound work between this process and forked children (pure core, stdlib only).

Verifying a ledger is hashing, and CPython hashes small leaves one call at a time on one CPU.
``fork_map`` runs ``work(item)`` for every item, the first item here and each other item in a
forked child that sees the parent's memory (copy-on-write: nothing is pickled on the way in)
and sends its result back through a pipe, pickled. Results come back in the items' order.

Use it only for pure functions of in-memory data: a child must not touch a database
connection, a file the parent writes, or a lock. A child ends with ``os._exit``, so no
``atexit`` hook or buffered file of the parent runs twice. Where ``os.fork`` does not exist
(Windows), or for one item, the work runs here, one item after another.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["ChildFailed", "cpu_count", "fork_map"]

Item = TypeVar("Item")
Result = TypeVar("Result")


class ChildFailed(RuntimeError):
    """A forked child raised, or died before sending its result."""


def cpu_count() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's total)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _child(work: Callable[[Item], Result], item: Item, fd: int) -> None:
    status = 0
    try:
        payload = pickle.dumps((True, work(item)), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as error:
        status = 1
        payload = pickle.dumps((False, f"{type(error).__name__}: {error}"))
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os._exit(status)


def fork_map(work: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``[work(item) for item in items]``, the items after the first in forked children."""
    if len(items) < 2 or not hasattr(os, "fork"):
        return [work(item) for item in items]
    children: list[tuple[int, int]] = []
    reaped: set[int] = set()
    try:
        for item in items[1:]:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child's coverage is not collected
                os.close(read_fd)
                _child(work, item, write_fd)
            os.close(write_fd)
            children.append((pid, read_fd))
        results = [work(items[0])]
        for pid, read_fd in children:
            payload = _read_all(read_fd)
            _, status = os.waitpid(pid, 0)
            reaped.add(pid)
            if not payload:
                raise ChildFailed(f"a worker process died (status {status}) before sending its result")
            ok, value = pickle.loads(payload)  # noqa: S301 - our own child, through our own pipe
            if not ok:
                raise ChildFailed(value)
            results.append(value)
        return results
    finally:
        for pid, read_fd in children:
            os.close(read_fd)
            if pid not in reaped:  # the parent's own work or an earlier child failed: stop the rest
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
