"""Work shared with forked workers gives exactly the answers of one process."""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kurultai.ledger import merkle, parallel


def children() -> set[int]:
    """This process's child processes, running or zombie (not yet reaped)."""
    found: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children") as listing:
            found.update(int(pid) for pid in listing.read().split())
    return found


def leaves_of(n: int) -> list[bytes]:
    return [f"leaf {i}".encode() for i in range(n)]


@pytest.mark.parametrize("n", [2, 3, 5, 8, 9, 127, 128, 129, 1000, 1024, 1025, 4097])
@pytest.mark.parametrize("processes", [2, 3, 4])
def test_the_root_on_several_processes_is_the_rfc_root(n: int, processes: int) -> None:
    leaves = leaves_of(n)
    assert merkle.root_parallel(leaves, processes=processes, minimum=0) == merkle.root(leaves)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(min_value=0, max_value=3000), processes=st.integers(min_value=1, max_value=6))
def test_any_size_any_number_of_workers(n: int, processes: int) -> None:
    leaves = leaves_of(n)
    assert merkle.root_parallel(leaves, processes=processes, minimum=0) == merkle.root(leaves)


@pytest.mark.parametrize(("size", "parts"), [(100_000, 2), (65_537, 3), (10, 4), (5, 4), (1, 2)])
def test_runs_cover_the_leaves_and_start_on_their_level(size: int, parts: int) -> None:
    level, runs = merkle.chunk_bounds(size, parts)
    assert runs[0][0] == 0
    assert runs[-1][1] == size
    assert all(a[1] == b[0] for a, b in itertools.pairwise(runs))
    assert all(start % (1 << level) == 0 and start < stop for start, stop in runs)
    assert len(runs) <= parts


def test_a_large_log_is_split_into_near_equal_runs() -> None:
    level, runs = merkle.chunk_bounds(100_000, 2)
    assert level > 0  # the workers send back a few hundred nodes, not every leaf hash
    assert [stop - start for start, stop in runs] == [50_176, 49_824]


def test_small_logs_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork(*_args: object) -> list[bytes]:
        raise AssertionError("forked for a small log")

    monkeypatch.setattr(merkle, "fork_map", no_fork)
    leaves = leaves_of(merkle.PARALLEL_MIN_LEAVES - 1)
    assert merkle.root_parallel(leaves, processes=4) == merkle.root(leaves)
    assert merkle.root_parallel(leaves_of(100), processes=1, minimum=0) == merkle.root(leaves_of(100))


def test_results_come_back_in_order_from_other_processes() -> None:
    assert parallel.fork_map(lambda n: (n, os.getpid()), []) == []
    results = parallel.fork_map(lambda n: (n * n, os.getpid()), [1, 2, 3, 4])
    assert [value for value, _ in results] == [1, 4, 9, 16]
    assert results[0][1] == os.getpid()
    assert len({pid for _, pid in results}) == 4


def test_a_large_result_crosses_the_pipe_whole() -> None:
    big = parallel.fork_map(lambda n: bytes([n]) * (3 << 20), [1, 2])
    assert big == [b"\x01" * (3 << 20), b"\x02" * (3 << 20)]


@pytest.mark.parametrize(
    ("failing", "error", "match"),
    [
        pytest.param(3, parallel.ChildFailed, "ValueError: item 3 is unreadable", id="in a child"),
        pytest.param(1, ValueError, "item 1 is unreadable", id="here, while the children run"),
    ],
)
def test_a_failure_is_reported_and_no_child_is_left_behind(failing: int, error: type, match: str) -> None:
    def work(n: int) -> int:
        if n == failing:
            raise ValueError(f"item {n} is unreadable")
        return n

    before = children()
    with pytest.raises(error, match=match):
        parallel.fork_map(work, [1, 2, 3])
    assert children() <= before  # every child was reaped (or stopped, then reaped)


def test_a_child_that_dies_is_reported() -> None:
    def work(n: int) -> int:
        if n == 2:
            os._exit(9)
        return n

    with pytest.raises(parallel.ChildFailed, match="died"):
        parallel.fork_map(work, [1, 2])


def test_cpu_count_is_at_least_one() -> None:
    assert parallel.cpu_count() >= 1
