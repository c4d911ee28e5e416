"""Restart PostgreSQL (an immediate shutdown: a crash) while citizens sign a petition through the
production server: every acknowledged signature is stored exactly once, the server recovers by
itself, later requests succeed, and the public record verifies.

The test starts its own throwaway PostgreSQL cluster (initdb as the postgres user, port 18254),
so the shared server of the other tests is never restarted. It skips when the PostgreSQL
binaries, root or runuser are missing.
"""

from __future__ import annotations

import glob
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

HOST = "127.0.0.1"
PG_PORT = 18254
CITIZENS = 60
BIN = Path(settings.BASE_DIR) / ".venv" / "bin"
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL stage runs it (it starts its own cluster)"
)


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def as_postgres(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603 - fixed PostgreSQL binaries
        [RUNUSER, "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120
    )


@pytest.fixture(scope="module")
def cluster() -> Iterator[dict[str, object]]:
    binaries = pg_bin()
    if binaries is None or os.geteuid() != 0 or not Path(RUNUSER).exists():
        pytest.skip("needs the PostgreSQL server binaries, root and runuser")
    root = Path(tempfile.mkdtemp(prefix="kurultai-pg-"))
    data = root / "data"
    shutil.chown(root, "postgres")
    as_postgres(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
    options = f"-p {PG_PORT} -k {root} -c listen_addresses={HOST}"
    # The server's output goes to a log file: a pipe held open by the postmaster would block run().
    pg_ctl = [str(binaries / "pg_ctl"), "-D", str(data), "-w", "-t", "60", "-o", options, "-l", str(root / "log")]
    as_postgres(*pg_ctl, "start")
    url = f"postgres://postgres@{HOST}:{PG_PORT}/kurultai"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DATABASE_URL": url}
    env |= {"KURULTAI_VAR_DIR": str(root / "var"), "DEBUG": "false", "KURULTAI_PAGE_CACHE": "false"}
    env["LOG_LEVEL"] = "ERROR"
    try:
        as_postgres(str(binaries / "createdb"), "-h", HOST, "-p", str(PG_PORT), "kurultai")
        run = {"cwd": settings.BASE_DIR, "env": env, "check": True, "capture_output": True, "timeout": 300}
        subprocess.run([str(BIN / "python"), "manage.py", "migrate", "--no-input", "-v0"], **run)  # noqa: S603
        made = subprocess.run(  # noqa: S603 - our own module
            [sys.executable, "-m", "kurultai.security.tests.fault_setup", str(CITIZENS)], **run
        )
        yield {"env": env, "data": json.loads(made.stdout), "restart": [*pg_ctl, "-m", "immediate", "restart"]}
    finally:
        subprocess.run(  # noqa: S603 - fixed PostgreSQL binaries
            [RUNUSER, "-u", "postgres", "--", *pg_ctl, "-m", "immediate", "stop"], check=False, timeout=60
        )
        shutil.rmtree(root, ignore_errors=True)


def sign(port: int, slug: str, token: str) -> int | None:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.request(
            "POST",
            f"/api/v1/petitions/{slug}/signatures",
            body="{}",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        return conn.getresponse().status
    except (OSError, http.client.HTTPException):
        return None


def query(env: dict[str, str], sql: str) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        return list(conn.execute(sql).fetchall())


def test_a_postgresql_restart_under_load_loses_no_acknowledged_signature(cluster, tmp_path):
    env, slug, tokens = cluster["env"], cluster["data"]["petition"], cluster["data"]["tokens"]
    port = 18255
    args = [str(BIN / "granian"), "--interface", "wsgi", "--host", HOST, "--port", str(port), "--workers", "1"]
    args += ["--blocking-threads", "4", "--no-ws", "kurultai.wsgi:application"]
    web = subprocess.Popen(  # noqa: S603 - our own server binary
        args, cwd=settings.BASE_DIR, env=env, start_new_session=True, stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while sign(port, "no-such-petition", "klt_x") is None and time.monotonic() < deadline:
            time.sleep(0.3)
        statuses: dict[int, int | None] = {}
        lock = threading.Lock()
        restarted = threading.Event()

        def one(n: int) -> None:
            if n == CITIZENS // 3:
                as_postgres(*cluster["restart"])
                restarted.set()
            status = sign(port, slug, tokens[n])
            with lock:
                statuses[n] = status

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(one, range(CITIZENS)))
        assert restarted.is_set()

        acknowledged = {n for n, s in statuses.items() if s == 201}
        assert all(s in (201, 500, 502, 503, None) for s in statuses.values()), statuses
        assert len(acknowledged) >= CITIZENS // 4  # those answered before the crash, at least

        # The server recovers by itself: the ones refused during the restart sign now.
        again = {n: sign(port, slug, tokens[n]) for n in range(CITIZENS) if n not in acknowledged}
        # A signature committed just before the crash but not acknowledged is a 409, never a second row.
        assert all(s in (201, 409) for s in again.values()), again
        assert all(sign(port, slug, tokens[n]) == 409 for n in sorted(acknowledged)[:5])

        petition_id = query(env, f"SELECT id FROM participation_petition WHERE slug = '{slug}'")[0][0]  # noqa: S608
        rows = query(
            env,
            f"SELECT citizen_id, count(*) FROM participation_signature WHERE petition_id = {petition_id} "  # noqa: S608
            "GROUP BY citizen_id",
        )
        assert len(rows) == CITIZENS
        assert {n for _, n in rows} == {1}
        leaves = query(env, "SELECT count(*) FROM ledger_ledgerentry WHERE kind = 'participation.signature.added'")
        assert leaves[0][0] == CITIZENS
        verify = subprocess.run(  # noqa: S603 - our own binary
            [str(BIN / "kurultai"), "audit", "verify", "--json"], env=env, capture_output=True, timeout=120, check=False
        )
        assert verify.returncode == 0, verify.stderr
    finally:
        os.killpg(web.pid, signal.SIGKILL)
        web.wait(timeout=10)
