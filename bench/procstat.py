"""CPU seconds of the server, PostgreSQL and the load generator, read from /proc (Linux).

The write-path benchmarks report CPU per request beside throughput: on a shared 2-core machine
the split says more than wall-clock rates do.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def _cpu_seconds(match: Any) -> float:
    """User + system CPU of the processes ``match(pid, pgrp, comm)`` selects, from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        if match(int(entry.name), int(fields[2]), comm):
            total += int(fields[11]) + int(fields[12])
    return total / tick


def cpu_snapshot(server_pgrp: int) -> dict[str, float]:
    me = os.getpid()
    return {
        "server": _cpu_seconds(lambda pid, pgrp, comm: pgrp == server_pgrp),
        "postgres": _cpu_seconds(lambda pid, pgrp, comm: comm.startswith("postgres")),
        "clients": _cpu_seconds(lambda pid, pgrp, comm: pid == me),
    }
