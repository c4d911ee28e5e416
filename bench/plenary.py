"""Ballots per second through the HTTP endpoint against raw inserts into the same database, in the same run.

    .venv/bin/python bench/plenary.py [--rounds 5] [--clients 145] [--workers 2] [--threads 4]
        [--redis URL] [--postgres URL] [--json]

Sets up a throw-away instance (SQLite in a temporary ``KURULTAI_VAR_DIR``; with ``--postgres
postgres://user@host:port/anything`` a throw-away database on that server, dropped at the end),
loads the demo parliament, gives the 145 deputies accounts with a confirmed TOTP device and a
signed-in session, and starts ``kurultai serve`` (granian) on it. Then, for each round:

* **HTTP**: a vote opens on a sitting where all 145 are registered, and the 145 deputies
  POST ``/api/v1/vote-events/{id}/ballots`` from ``--clients`` concurrent keep-alive
  connections, released together: session, CSRF, TOTP check, locking, the ballot row, its
  audit entry and its ledger leaf, one transaction each. The time from release to the last
  answer is "time for 145 ballots" (target < 1 s);
* **raw**: another open vote in the same database gets 145 ``INSERT INTO plenary_ballot``
  statements from one connection, one committed transaction each (what storing a ballot
  durably costs with nothing else around it).

The ratio is HTTP ballots/s over raw inserts/s (target >= 0.25), medians over the rounds.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
KURULTAI = ROOT / ".venv" / "bin" / "kurultai"
HOST = "127.0.0.1"
TARGET_RATIO = 0.25
TARGET_SECONDS = 1.0
OPTIONS = ("yes", "no", "abstain")


@dataclass
class Round:
    http_seconds: float
    http_per_second: float
    http_errors: int
    raw_seconds: float
    raw_per_second: float


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def throwaway_postgres(url: str) -> Any:
    """A fresh database on the server named by ``url``, dropped afterwards."""
    import psycopg

    parsed = urlparse(url)
    name = f"kurultai_bench_{os.getpid()}"
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parsed._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurultai.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    from kurultai.portal.demo import demo_load

    demo_load()


def deputy_sessions(slugs: list[str]) -> dict[str, str]:
    """A signed-in session with a confirmed TOTP code for each deputy: {person slug: session key}."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kurultai.accounts.roles import Role
    from kurultai.accounts.services import user_create

    sessions = {}
    for i, slug in enumerate(slugs):
        user = user_create(username=f"bench-deputy-{i}", password=None, roles=[Role.DEPUTY], person_slug=slug)
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
        store.create()
        sessions[slug] = store.session_key
    return sessions


class Chamber:
    """A sitting with all 145 deputies registered, and a fresh open vote on demand."""

    def __init__(self) -> None:
        from django.utils import timezone

        from kurultai.accounts.permissions import SYSTEM
        from kurultai.plenary import selectors, services
        from kurultai.registry.selectors import current_convocation

        self.services, self.system = services, SYSTEM
        self.sitting = services.sitting_create(
            convocation=current_convocation(),
            number=9000,
            starts_at=timezone.now(),
            titles={"kk": "Өнімділік сынағы", "en": "Benchmark sitting"},
            actor=SYSTEM,
        )
        services.sitting_open(sitting=self.sitting, actor=SYSTEM)
        self.deputies = list(selectors.seated_deputies(selectors.sitting_date(self.sitting)).order_by("slug"))
        services.deputies_register(sitting=self.sitting, deputies=self.deputies, actor=SYSTEM)
        self.open_vote: Any = None

    def next_vote(self) -> Any:
        from datetime import timedelta

        if self.open_vote is not None:
            self.services.vote_close(vote_event=self.open_vote, actor=self.system)
        item = self.services.agenda_item_add(
            sitting=self.sitting, kind="procedural", titles={"kk": "Сынақ", "en": "Benchmark"}, actor=self.system
        )
        vote = self.services.vote_create(
            agenda_item=item,
            question_type="procedural",
            titles={"kk": "Сынақ", "en": "Benchmark"},
            summaries={"kk": "—", "en": "—"},
            actor=self.system,
        )
        self.open_vote = self.services.vote_open(vote_event=vote, duration=timedelta(hours=1), actor=self.system)
        return self.open_vote


def http_round(port: int, vote_slug: str, sessions: dict[str, str], clients: int) -> tuple[float, int]:
    """All deputies' ballots from ``clients`` keep-alive connections released together; (seconds, errors).

    One thread drives every connection (non-blocking sockets, requests built before the release),
    as 145 deputies' own devices would: on one machine, 145 Python client threads would take
    CPU from the server they measure. Each connection sends its next ballot when the answer
    to the previous one is in.
    """
    slugs = sorted(sessions)
    shares = [slugs[i::clients] for i in range(clients) if slugs[i::clients]]
    csrf = secrets.token_hex(16)
    path = f"/api/v1/vote-events/{vote_slug}/ballots"

    def request(n: int, slug: str) -> bytes:
        body = json.dumps({"option": OPTIONS[n % 3]}).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nCookie: sessionid={sessions[slug]}; csrftoken={csrf}\r\n"
            f"X-CSRFToken: {csrf}\r\n\r\n"
        )
        return head.encode() + body

    queues = [[request(i + n, slug) for n, slug in enumerate(share)] for i, share in enumerate(shares)]
    selector = selectors.DefaultSelector()
    conns = []
    for queue in queues:
        sock = socket.create_connection((HOST, port), timeout=60)
        sock.setblocking(False)
        conns.append(sock)
        selector.register(sock, selectors.EVENT_READ, {"queue": queue, "buffer": b""})
    errors = 0
    began = time.perf_counter()
    for sock, queue in zip(conns, queues, strict=True):
        sock.sendall(queue.pop(0))  # a request is far smaller than the socket's buffer
    pending = len(conns)
    deadline = time.monotonic() + 60
    while pending:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not answer every ballot within 60 s")
        for key, _ in selector.select(timeout=1):
            sock, state = key.fileobj, key.data
            chunk = sock.recv(65536)  # type: ignore[union-attr]
            if not chunk:
                raise RuntimeError("the server closed a connection")
            state["buffer"] += chunk
            while (answer := _one_response(state["buffer"])) is not None:
                status, state["buffer"] = answer
                errors += status != 201
                if state["queue"]:
                    sock.sendall(state["queue"].pop(0))  # type: ignore[union-attr]
                else:
                    pending -= 1
    elapsed = time.perf_counter() - began
    for sock in conns:
        selector.unregister(sock)
        sock.close()
    return elapsed, errors


def _one_response(buffer: bytes) -> tuple[int, bytes] | None:
    """(status, the rest of the buffer) when ``buffer`` starts with a whole HTTP response."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = buffer[:end].decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(":", 1) for line in lines[1:])
    status, rest = int(lines[0].split()[1]), buffer[end + 4 :]
    if headers.get("transfer-encoding", "").strip() != "chunked":
        length = int(headers.get("content-length", "0"))
        return (status, rest[length:]) if len(rest) >= length else None
    while True:  # chunks: size in hex, CRLF, data, CRLF; a zero size and an empty line end them
        line_end = rest.find(b"\r\n")
        if line_end < 0:
            return None
        size = int(rest[:line_end].split(b";")[0], 16)
        if len(rest) < line_end + 2 + size + 2:
            return None
        rest = rest[line_end + 2 + size + 2 :]
        if size == 0:
            return status, rest


def raw_round(chamber: Chamber) -> float:
    """145 ballot rows, each INSERT in its own committed transaction, from one connection."""
    from django.db import connection
    from django.utils import timezone

    vote = chamber.next_vote()
    rows = [(vote.pk, d.pk, OPTIONS[i % 3]) for i, d in enumerate(chamber.deputies)]
    sql = "INSERT INTO plenary_ballot (vote_event_id, deputy_id, option, cast_at) VALUES (%s, %s, %s, %s)"
    with connection.cursor() as cursor:
        began = time.perf_counter()
        for row in rows:
            cursor.execute(sql, [*row, timezone.now()])  # autocommit: one transaction per row
        return time.perf_counter() - began


def start_server(port: int, workers: int, env: dict[str, str], log: Any, threads: int = 4) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(KURULTAI), "serve", "--port", str(port), "--workers", str(workers), "--threads", str(threads)],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=wait)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer /healthz")


def run(args: argparse.Namespace, env: dict[str, str], report: Any) -> dict[str, Any]:
    t0 = time.perf_counter()
    setup_django(env)
    from bench.procstat import cpu_snapshot  # setup_django put the project on sys.path

    chamber = Chamber()
    sessions = deputy_sessions([d.slug for d in chamber.deputies])
    print(f"set up (migrate, demo, 145 signed-in deputies) in {time.perf_counter() - t0:.1f} s", file=report)
    port = free_port()
    log_path = Path(env["KURULTAI_VAR_DIR"]) / "server.log"
    with open(log_path, "w") as log:
        proc = start_server(port, args.workers, env, log, args.threads)
        try:
            wait_ready(port, proc)
            http_round(port, chamber.next_vote().slug, sessions, args.clients)  # warm every worker
            rounds = []
            cpu = {"server": 0.0, "postgres": 0.0, "clients": 0.0}
            for _ in range(args.rounds):
                vote = chamber.next_vote()
                before = cpu_snapshot(proc.pid)
                seconds, errors = http_round(port, vote.slug, sessions, args.clients)
                after = cpu_snapshot(proc.pid)
                for k in cpu:
                    cpu[k] += after[k] - before[k]
                raw = raw_round(chamber)
                n = len(sessions)
                rounds.append(Round(seconds, n / seconds, errors, raw, n / raw))
        except Exception:
            log.flush()
            print(log_path.read_text()[-3000:], file=sys.stderr)
            raise
        finally:
            stop_server(proc)
    http_rate = statistics.median(r.http_per_second for r in rounds)
    raw_rate = statistics.median(r.raw_per_second for r in rounds)
    seconds_145 = statistics.median(r.http_seconds for r in rounds)
    return {
        "database": "postgresql" if args.postgres else "sqlite",
        "redis": bool(args.redis),
        "workers": args.workers,
        "threads": args.threads,
        "clients": args.clients,
        "rounds": [asdict(r) for r in rounds],
        "http_ballots_per_second": round(http_rate, 1),
        "raw_inserts_per_second": round(raw_rate, 1),
        "ratio": round(http_rate / raw_rate, 3),
        "target_ratio": TARGET_RATIO,
        "seconds_for_145_ballots": round(seconds_145, 3),
        "worst_seconds_for_145_ballots": round(max(r.http_seconds for r in rounds), 3),
        "target_seconds": TARGET_SECONDS,
        "errors": sum(r.http_errors for r in rounds),
        # CPU each HTTP ballot cost, from /proc: the web processes, PostgreSQL (every backend on the
        # machine) and this load generator; with the load average it says what limited the run.
        "cpu_ms_per_ballot": {k: round(v * 1000 / (len(sessions) * args.rounds), 2) for k, v in cpu.items()},
        "load_average": round(os.getloadavg()[0], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=145, help="concurrent keep-alive connections")
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument("--threads", type=int, default=4, help="request threads per worker process")
    parser.add_argument(
        "--redis", default="", help="redis:// URL: sessions (cached_db), cache and counters in Redis, as in production"
    )
    parser.add_argument("--postgres", default="", help="postgres:// URL of a server for a throw-away database")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.rounds < 1 or not 1 <= args.clients <= 145 or args.workers < 1:
        parser.error("--rounds and --workers must be positive; --clients between 1 and 145")
    report = sys.stderr if args.json else sys.stdout
    with tempfile.TemporaryDirectory(prefix="kurultai-bench-plenary-") as tmp:
        env = {"KURULTAI_VAR_DIR": tmp, "DEBUG": "false", "LOG_LEVEL": "WARNING", "KURULTAI_PAGE_CACHE": "false"}
        os.environ.pop("DATABASE_URL", None)
        if args.redis:
            env["REDIS_URL"] = args.redis
        if args.postgres:
            with throwaway_postgres(args.postgres) as url:
                result = run(args, {**env, "DATABASE_URL": url}, report)
        else:
            result = run(args, env, report)
    print(
        f"{result['database']}: HTTP {result['http_ballots_per_second']:.0f} ballots/s "
        f"({result['clients']} clients, {result['workers']} workers) vs raw inserts "
        f"{result['raw_inserts_per_second']:.0f}/s -> ratio {result['ratio']:.3f} "
        f"(target >= {TARGET_RATIO}: {'yes' if result['ratio'] >= TARGET_RATIO else 'NO'})",
        file=report,
    )
    print(
        f"time for 145 ballots: median {result['seconds_for_145_ballots']:.3f} s, worst "
        f"{result['worst_seconds_for_145_ballots']:.3f} s (target < {TARGET_SECONDS:.0f} s: "
        f"{'yes' if result['seconds_for_145_ballots'] < TARGET_SECONDS else 'NO'}); errors: {result['errors']}",
        file=report,
    )
    print(
        "CPU per HTTP ballot: "
        + ", ".join(f"{k} {v:.1f} ms" for k, v in result["cpu_ms_per_ballot"].items())
        + f" ({os.cpu_count()} CPUs; load average {result['load_average']})",
        file=report,
    )
    if args.json:
        print(json.dumps(result, indent=2))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
