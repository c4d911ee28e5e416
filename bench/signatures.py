"""Petition signatures per second over HTTP against raw inserts into the same table, in the same run.

    .venv/bin/python -m bench.signatures --seconds S [--clients 48] [--workers 2] [--petitions 40] [--json]

Against the configured database: with ``DATABASE_URL=postgres://user@host:port/name`` a throw-away
database is created on that server (``kurultai_sigbench_<pid>``) and dropped at the end; without it,
SQLite in a temporary ``KURULTAI_VAR_DIR``. Set-up (not timed): migrate, load the demo parliament,
publish ``--petitions`` petitions, bulk-insert verified citizens (users, citizen profiles, the citizen
role) and give each an API token made by ``accounts.services.token_create``; raise the signing rate
limits (rules in the database) so the clients measure the platform rather than the limiter.

Then, in the same database:

* **baseline**: raw single-row ``INSERT INTO participation_signature`` statements with the same
  unique key (petition, citizen), each its own committed transaction, from ``--clients``
  concurrent connections for ``min(S, 10)`` seconds: what storing a signature durably costs with
  nothing else around it;
* **HTTP**: ``kurultai serve`` (granian, ``--workers`` processes) is started and ``--clients``
  keep-alive connections on loopback POST ``/api/v1/petitions/{id}/signatures`` with bearer tokens
  for ``S`` seconds, each client signing distinct petition-citizen pairs: authentication, the rate
  limits, the signature row, its audit entry and its leaf in the public record, committed together
  (the signing desk lets concurrent requests of one process share a transaction, ADR 0004).

``acknowledged`` counts 201 answers; ``stored`` counts the rows in the signature table afterwards.
Prints one JSON line (``--json``) or a summary; details go to stderr, including the CPU each signature
cost in the web processes, PostgreSQL and the load generator (from /proc). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
KURULTAI = ROOT / ".venv" / "bin" / "kurultai"
HOST = "127.0.0.1"
TARGET = 1000.0
MAX_RATE = 4000  # signatures a second the set-up makes room for


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


@contextmanager
def throwaway_database(url: str) -> Any:
    """A fresh PostgreSQL database beside the one ``url`` names, dropped afterwards; or None for SQLite."""
    if not url:
        yield None
        return
    import psycopg

    parsed = urlparse(url)
    name = f"kurultai_sigbench_{os.getpid()}"
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
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


# ---------------------------------------------------------------- set-up (in this process)


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


def make_petitions(n: int) -> list[tuple[int, str]]:
    """``n`` petitions to the Government, published by link (signable), by a demo citizen."""
    from kurultai.accounts.models import User
    from kurultai.accounts.permissions import SYSTEM
    from kurultai.participation import services

    author = User.objects.get(username="citizen")
    out = []
    for i in range(n):
        p = services.petition_create(
            author=author,
            title=f"Benchmark petition {i}",
            body="A petition signed by the benchmark.",
            category="other",
            addressee_kind="government",
        )
        services.petition_submit(petition=p, actor=author)
        p = services.petition_moderate(petition=p, actor=SYSTEM, approve=True)
        out.append((p.pk, p.slug))
    return out


def make_citizens(n: int) -> list[tuple[int, str]]:
    """``n`` verified citizens by bulk insert, each with an API token: [(citizen profile id, token)]."""
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.db import transaction

    from kurultai.accounts.iin import iin_hash, make_iin
    from kurultai.accounts.models import CitizenProfile, User
    from kurultai.accounts.roles import Role
    from kurultai.accounts.services import roles_ensure, token_create
    from kurultai.registry.models import Area

    roles_ensure()
    regions = list(
        Area.objects.exclude(classification="country").order_by("identifier").values_list("identifier", flat=True)
    )
    key = settings.IIN_HASH_KEY.encode("utf-8")
    with transaction.atomic():
        # "!" is Django's unusable-password marker: these accounts sign with API tokens only.
        users = User.objects.bulk_create(
            [
                User(username=f"bench-citizen-{i:06d}", password="!", display_name=f"Bench citizen {i}")  # noqa: S106
                for i in range(n)
            ],
            batch_size=2000,
        )
        users = list(User.objects.filter(username__startswith="bench-citizen-").order_by("username"))
        profiles = []
        for i, user in enumerate(users):
            born = date(1950, 1, 1) + timedelta(days=(i * 37) % 18000)
            iin = make_iin(born, "M" if i % 2 else "F", serial=(i // 18000 * 97 + 11) % 10_000)
            profiles.append(
                CitizenProfile(
                    user=user,
                    iin_hash=iin_hash(iin, key=key),  # the IIN itself is never stored
                    region_code=regions[i % len(regions)],
                    birth_year=born.year,
                    sex="M" if i % 2 else "F",
                    verification_method="bench",
                )
            )
        CitizenProfile.objects.bulk_create(profiles, batch_size=2000)
        group = Group.objects.get(name=str(Role.CITIZEN))
        through = User.groups.through
        through.objects.bulk_create([through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=2000)
    ids = dict(CitizenProfile.objects.filter(user__in=users).values_list("user_id", "pk"))
    out = []
    for user in users:
        _token, secret = token_create(user=user, name="bench")
        out.append((ids[user.pk], secret))
    return out


def relax_limits() -> None:
    from kurultai.accounts.permissions import SYSTEM
    from kurultai.participation import services
    from kurultai.participation.rules import RuleKey

    for rule in (RuleKey.SIGN_RATE_PER_ACCOUNT_PER_HOUR, RuleKey.SIGN_RATE_PER_IP_PER_MINUTE):
        services.rule_set(key=rule, value=100_000_000, citation="benchmark: limits out of the way", actor=SYSTEM)


def count_stored(petition_ids: list[int]) -> int:
    from kurultai.participation.models import Signature

    return Signature.objects.filter(petition_id__in=petition_ids).count()


# ---------------------------------------------------------------- baseline: raw inserts


def baseline(
    db_url: str, sqlite_path: str, petition_ids: list[int], citizens: list[int], *, clients: int, seconds: float
) -> float:
    """Raw single-row committed inserts into the signature table (same unique key), ``clients`` connections."""
    pairs = [(p, c) for p in petition_ids for c in citizens]
    shares = [pairs[i::clients] for i in range(clients)]
    done = [0] * clients
    sql = (
        "INSERT INTO participation_signature (petition_id, citizen_id, region_code, signed_at, notify, network) "
        "VALUES ({p}, {p}, 'KZ-75', {now}, false, '')"
    )

    def connect() -> Any:
        if db_url:
            import psycopg

            return psycopg.connect(db_url, autocommit=True)
        import sqlite3

        conn = sqlite3.connect(sqlite_path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    statement = sql.format(p="%s", now="now()") if db_url else sql.format(p="?", now="CURRENT_TIMESTAMP")

    def worker(i: int) -> None:
        conn = connect()
        for petition_id, citizen_id in shares[i]:
            if time.perf_counter() > stop:
                break
            if db_url:
                conn.execute(statement, (petition_id, citizen_id))
            else:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(statement, (petition_id, citizen_id))
                conn.execute("COMMIT")
            done[i] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    stop = start + seconds
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return sum(done) / elapsed


# ---------------------------------------------------------------- where the CPU goes


# ---------------------------------------------------------------- the real server


def start_server(port: int, workers: int, env: dict[str, str], log_file: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(KURULTAI), "serve", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the server and its granian workers stop together
    )


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode} before answering")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s")


def sign_over_http(
    port: int, petitions: list[str], citizens: list[tuple[int, str]], *, clients: int, seconds: float
) -> tuple[int, int, list[float], float, dict[int, int]]:
    """Clients sign distinct pairs until time is up: (acknowledged, errors, latencies ms, seconds, statuses)."""
    shares = [citizens[i::clients] for i in range(clients)]
    acknowledged = [0] * clients
    errors = [0] * clients
    latencies: list[list[float]] = [[] for _ in range(clients)]
    statuses: list[dict[int, int]] = [{} for _ in range(clients)]
    body = b'{"notify": false}'

    def client(i: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        conn.connect()
        gate.wait()
        for _citizen, token in shares[i]:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            for slug in petitions:
                if time.perf_counter() > stop:
                    conn.close()
                    return
                began = time.perf_counter()
                try:
                    conn.request("POST", f"/api/v1/petitions/{slug}/signatures", body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    status = 0
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=60)
                latencies[i].append((time.perf_counter() - began) * 1000)
                statuses[i][status] = statuses[i].get(status, 0) + 1
                if status == 201:
                    acknowledged[i] += 1
                else:
                    errors[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    gate = threading.Barrier(len(threads) + 1)
    for t in threads:
        t.start()
    stop = time.perf_counter() + 3600
    gate.wait()
    start = time.perf_counter()
    stop = start + seconds
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    merged: dict[int, int] = {}
    for s in statuses:
        for k, v in s.items():
            merged[k] = merged.get(k, 0) + v
    return sum(acknowledged), sum(errors), sorted(x for lat in latencies for x in lat), elapsed, merged


# ---------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=48)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--petitions", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.seconds <= 0 or args.clients < 1 or args.workers < 1 or args.petitions < 1:
        parser.error("--seconds, --clients, --workers and --petitions must be positive")

    configured = os.environ.get("DATABASE_URL", "")
    var_dir = tempfile.mkdtemp(prefix="kurultai-sigbench-")
    try:
        result = run(args, configured, var_dir)
    except Exception:
        server_log = Path(var_dir) / "server.log"
        if server_log.exists():
            log("the server's log ends with:\n" + server_log.read_text(errors="replace")[-3000:])
        raise
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
    return 0 if result["stored"] == result["acknowledged"] else 1


def run(args: argparse.Namespace, configured: str, var_dir: str) -> dict[str, Any]:
    from bench.procstat import cpu_snapshot  # after setup_django put the project on sys.path

    with throwaway_database(configured) as db_url:
        env = {
            "KURULTAI_VAR_DIR": var_dir,
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "KURULTAI_ENV": "development",
        }
        if db_url:
            env["DATABASE_URL"] = db_url
        else:
            os.environ.pop("DATABASE_URL", None)
        t0 = time.perf_counter()
        log(f"set-up: migrate and load the demo into {'a throw-away PostgreSQL database' if db_url else 'SQLite'} …")
        setup_django(env)
        relax_limits()
        petitions = make_petitions(args.petitions)
        baseline_petitions = make_petitions(4)
        n_citizens = max(args.clients * 4, math.ceil(MAX_RATE * args.seconds / args.petitions))
        log(f"set-up: {n_citizens} verified citizens with API tokens …")
        citizens = make_citizens(n_citizens)
        from django.db import connection

        database = "postgresql" if connection.vendor == "postgresql" else "sqlite"
        sqlite_path = str(connection.settings_dict["NAME"]) if database == "sqlite" else ""
        connection.close()
        log(f"set-up done in {time.perf_counter() - t0:.0f} s")

        base_seconds = min(args.seconds, 10.0)
        baseline_rate = baseline(
            db_url or "",
            sqlite_path,
            [p for p, _ in baseline_petitions],
            [c for c, _ in citizens],
            clients=args.clients,
            seconds=base_seconds,
        )
        log(f"baseline: {baseline_rate:.0f} raw inserts/s ({args.clients} connections, {base_seconds:.0f} s)")

        port = free_port()
        server_env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
        server_env.update(env)
        server_env["PYTHONPATH"] = str(ROOT)
        with open(Path(var_dir) / "server.log", "wb") as server_log:
            server = start_server(port, args.workers, server_env, server_log)
            try:
                wait_ready(port, server)
                cpu_before = cpu_snapshot(server.pid)
                acknowledged, errors, latencies, elapsed, statuses = sign_over_http(
                    port, [s for _, s in petitions], citizens, clients=args.clients, seconds=args.seconds
                )
                cpu_after = cpu_snapshot(server.pid)
            finally:
                stop_server(server)
        stored = count_stored([p for p, _ in petitions])
        rate = acknowledged / elapsed if elapsed else 0.0
        p99 = percentile(latencies, 0.99)
        log(
            f"HTTP: {acknowledged} signatures acknowledged in {elapsed:.1f} s = {rate:.0f}/s, "
            f"p50 {percentile(latencies, 0.5):.1f} ms, p99 {p99:.1f} ms, errors {errors} {statuses}; "
            f"stored {stored}; {rate / baseline_rate if baseline_rate else 0:.2f} x the raw-insert baseline; "
            f"target {TARGET:.0f}/s {'met' if rate >= TARGET else 'not met'}"
        )
        if acknowledged:
            spent = {k: (cpu_after[k] - cpu_before[k]) * 1000 / acknowledged for k in cpu_before}
            log(
                "CPU per signature: "
                + ", ".join(f"{k} {v:.1f} ms" for k, v in spent.items())
                + f" (the machine has {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f})"
            )
        result = {
            "signatures_per_s": round(rate, 1),
            "baseline_inserts_per_s": round(baseline_rate, 1),
            "p99_ms": round(p99, 1),
            "acknowledged": acknowledged,
            "stored": stored,
            "database": database,
        }
        from django.db import connections

        connections.close_all()
    return result


if __name__ == "__main__":
    sys.exit(main())
