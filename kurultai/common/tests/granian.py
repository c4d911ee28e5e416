"""The production server (granian) on the test database, for tests that kill it: start, SIGKILL, restart."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

GRANIAN = Path(settings.BASE_DIR) / ".venv" / "bin" / "granian"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def granian_server(**env_extra: str) -> Iterator[dict[str, object]]:
    """Yields ``{"port", "start", "kill"}``; every process started is SIGKILLed at the end."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "false", "KURULTAI_PAGE_CACHE": "false"}
    env |= {"LOG_LEVEL": "ERROR", **env_extra}
    args = [str(GRANIAN), "--interface", "wsgi", "--host", HOST, "--port", str(port), "--workers", "2"]
    args += ["--blocking-threads", "4", "--no-ws", "kurultai.wsgi:application"]
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        procs.append(
            subprocess.Popen(  # noqa: S603 - our own server binary
                args, cwd=settings.BASE_DIR, env=env, start_new_session=True, stdout=subprocess.DEVNULL
            )
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def kill() -> None:
        os.killpg(procs[-1].pid, signal.SIGKILL)
        procs[-1].wait(timeout=10)

    try:
        yield {"port": port, "start": start, "kill": kill}
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
