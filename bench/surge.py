"""A viral petition on loopback: readers watch its page and count while citizens sign.

Topology (all real processes): nginx (deploy/nginx.conf, Debian's nginx) in front of two
`kurultai serve` backends, PostgreSQL (a fresh database `kurultai_surge`) and Redis (database 14).
Readers are anonymous and poll the petition's page, its count and a static file (the baseline)
with a think time; signers sign as fast as they are answered, each signature with its own
Idempotency-Key, retried with the same key after a failure. With --kill one backend is killed
with SIGKILL half-way through.

Reports p50/p99 per route, errors, signatures per second, and checks that the signatures stored
equal the acknowledged ones, each exactly once. Exit 1 when a check fails (no failed reads,
every acknowledged signature stored once, nothing stored that was not acknowledged or retried).

    .venv/bin/python bench/surge.py                      # 60 s, 2 signers x 100 readers
    .venv/bin/python bench/surge.py --kill --duration 20 --readers-per-signer 10   # the CI kill test
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KURULTAI = ROOT / ".venv" / "bin" / "kurultai"
DB = "kurultai_surge"
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/14"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG}/{DB}",
        REDIS_URL=REDIS,
        KURULTAI_VAR_DIR=str(var_dir),
        DEBUG="false",
        KURULTAI_DEMO="true",
        DJANGO_SETTINGS_MODULE="kurultai.settings",
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(env: dict[str, str], petitions: int, citizens: int) -> dict[str, Any]:
    """A fresh database with reference data, open petitions and verified citizens with API tokens."""
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", DB], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
    subprocess.run(["redis-cli", "-n", "14", "flushdb"], check=False, capture_output=True)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from kurultai.accounts.permissions import SYSTEM
    from kurultai.accounts.services import roles_ensure, token_create
    from kurultai.participation import services
    from kurultai.participation.rules import RuleKey
    from kurultai.participation.tests.factories import CitizenFactory, PetitionFactory
    from kurultai.registry import services as registry

    call_command("migrate", "--no-input", verbosity=0)
    # Reference data (regions, institutions) and roles: what a petition and a citizen need;
    # the full demo parliament would only slow the set-up.
    roles_ensure()
    registry.reference_load()
    # Every signer comes from 127.0.0.1: lift the per-address limit (a loopback artefact).
    services.rule_set(key=RuleKey.SIGN_RATE_PER_IP_PER_MINUTE, value=10**6, citation="bench", actor=SYSTEM)
    regions = ("KZ-75", "KZ-71", "KZ-39", "KZ-63")
    author = CitizenFactory(username="surge-author", region="KZ-75")
    made = [PetitionFactory(author=author, title=f"Surge petition {i}") for i in range(petitions)]
    people = [CitizenFactory(username=f"surge-{i}", region=regions[i % 4]) for i in range(citizens)]
    return {
        "petitions": [p.slug for p in made],
        "petition_ids": [p.pk for p in made],
        "tokens": [token_create(user=c)[1] for c in people],
    }


def stored_signatures(petition_ids: list[int]) -> tuple[int, int]:
    from django.db.models import Count

    from kurultai.participation.models import Signature

    rows = Signature.objects.filter(petition_id__in=petition_ids)
    duplicates = rows.values("petition_id", "citizen_id").annotate(n=Count("id")).filter(n__gt=1).count()
    return rows.count(), duplicates


def start_backend(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(KURULTAI), "serve", "--port", str(port), "--workers", "1", "--threads", "8"],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def nginx_config(work: Path, listen: int, backends: list[int]) -> Path:
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    lines = []
    servers = iter(backends)
    for line in site.splitlines():
        stripped = line.strip()
        if stripped.startswith("server 127.0.0.1:"):
            line = line.replace(stripped.split()[1], f"127.0.0.1:{next(servers)}")
        elif stripped == "listen 80;":
            line = f"    listen 127.0.0.1:{listen};"
        elif stripped.startswith("proxy_cache_path "):
            line = line.replace("/var/cache/nginx/kurultai", str(work / "cache"))
        lines.append(line)
    (work / "kurultai.conf").write_text("\n".join(lines))
    conf = work / "nginx.conf"
    conf.write_text(
        f"""worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/kurultai.conf;
}}
"""
    )
    return conf


def wait_http(url: str, seconds: float) -> bool:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    return False


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def load(base: str, data: dict[str, Any], args: argparse.Namespace, kill: Any) -> dict[str, Any]:
    import httpx

    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    acked: list[tuple[str, int]] = []
    retried = 0
    conflicts = 0
    watched = data["petitions"][0]
    reads = {
        "page": f"/ru/petitions/{watched}/",
        "count": f"/api/v1/petitions/{watched}/signatures",
        "static (baseline)": "/static/kurultai/css/site.css",
    }
    pairs = [(slug, t) for slug in data["petitions"] for t in range(len(data["tokens"]))]
    cursor = iter(pairs)
    stop_at = time.monotonic() + args.duration
    limits = httpx.Limits(max_connections=2000, max_keepalive_connections=2000)

    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as http:

        async def reader(n: int) -> None:
            await asyncio.sleep(args.think * n / max(1, args.readers))  # spread the first wave
            while time.monotonic() < stop_at:
                for route, path in reads.items():
                    started = time.perf_counter()
                    try:
                        r = await http.get(path)
                        ok = r.status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    if ok:
                        times[route].append(time.perf_counter() - started)
                    else:
                        errors[route] += 1
                await asyncio.sleep(args.think)

        async def signer() -> None:
            nonlocal retried, conflicts
            while time.monotonic() < stop_at:
                pair = next(cursor, None)
                if pair is None:
                    return
                slug, t = pair
                key = str(uuid.uuid4())
                headers = {"Authorization": f"Bearer {data['tokens'][t]}", "Idempotency-Key": key}
                for attempt in range(20):
                    started = time.perf_counter()
                    try:
                        r = await http.post(f"/api/v1/petitions/{slug}/signatures", json={}, headers=headers)
                        status = r.status_code
                    except httpx.HTTPError:
                        status = 0
                    if status == 201:
                        times["sign"].append(time.perf_counter() - started)
                        acked.append(pair)
                        break
                    if status == 409:
                        conflicts += 1  # signed twice: must never happen with a key
                        break
                    errors["sign (retried)"] += 1
                    retried += 1
                    await asyncio.sleep(0.2 * (attempt + 1))

        async def killer() -> None:
            if kill is None:
                return
            await asyncio.sleep(args.duration / 2)
            kill()

        began = time.monotonic()
        tasks = [reader(i) for i in range(args.readers)] + [signer() for _ in range(args.signers)] + [killer()]
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - began
    return {
        "times": times,
        "errors": errors,
        "acked": acked,
        "retried": retried,
        "conflicts": conflicts,
        "elapsed": elapsed,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--signers", type=int, default=2)
    ap.add_argument("--readers-per-signer", type=int, default=100)
    ap.add_argument("--think", type=float, default=1.0, help="seconds a reader waits between refreshes")
    ap.add_argument("--petitions", type=int, default=10)
    ap.add_argument("--citizens", type=int, default=300)
    ap.add_argument("--kill", action="store_true", help="SIGKILL one backend half-way through")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    args.readers = args.signers * args.readers_per_signer
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        print("surge: Debian's nginx is not installed (apt-get install nginx-light)", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="kurultai-surge-"))
    work.chmod(0o777)  # nginx workers run as an unprivileged user
    env = environment(work / "var")
    t0 = time.monotonic()
    data = prepare(env, args.petitions, args.citizens)
    setup_seconds = time.monotonic() - t0
    ports = [free_port(), free_port()]
    listen = free_port()
    backends = [start_backend(p, env, work / f"backend-{p}.log") for p in ports]
    proxy = None
    try:
        for p in ports:
            if not wait_http(f"http://127.0.0.1:{p}/healthz", 180):
                print(f"surge: backend on port {p} did not answer /healthz", file=sys.stderr)
                return 1
        conf = nginx_config(work, listen, ports)
        proxy = subprocess.Popen([nginx, "-p", str(work), "-c", str(conf), "-g", "daemon off;"], start_new_session=True)
        if not wait_http(f"http://127.0.0.1:{listen}/healthz", 30):
            print("surge: nginx did not answer", file=sys.stderr)
            return 1
        killed_at: list[float] = []

        def kill() -> None:
            killed_at.append(time.monotonic())
            os.killpg(backends[0].pid, signal.SIGKILL)

        result = asyncio.run(load(f"http://127.0.0.1:{listen}", data, args, kill if args.kill else None))
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(10)
        for b in backends:
            try:
                os.killpg(b.pid, signal.SIGTERM)
                b.wait(20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
    stored, duplicates = stored_signatures(data["petition_ids"])
    acked = result["acked"]
    routes = {}
    for route, values in sorted(result["times"].items()):
        routes[route] = {
            "requests": len(values),
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p99_ms": round(percentile(values, 0.99) * 1000, 1),
            "errors": result["errors"].get(route, 0),
        }
    base = routes.get("static (baseline)", {}).get("p99_ms") or float("nan")
    read_errors = sum(v for k, v in result["errors"].items() if not k.startswith("sign"))
    report = {
        "duration_s": round(result["elapsed"], 1),
        "setup_s": round(setup_seconds, 1),
        "readers": args.readers,
        "signers": args.signers,
        "killed_one_backend": args.kill,
        "routes": routes,
        "read_errors": read_errors,
        "sign_retries": result["retried"],
        "signatures_acknowledged": len(acked),
        "signatures_stored": stored,
        "duplicate_signatures": duplicates,
        "conflicts_409": result["conflicts"],
        "signatures_per_s": round(len(acked) / result["elapsed"], 1),
        "reads_per_s": round(sum(len(v) for k, v in result["times"].items() if k != "sign") / result["elapsed"], 1),
    }
    checks = {
        "no failed reads": read_errors == 0,
        "stored == acknowledged": stored == len(acked),
        "no signature stored twice": duplicates == 0 and result["conflicts"] == 0,
    }
    report["checks"] = checks
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(
            f"surge: {args.readers} readers, {args.signers} signers, {report['duration_s']} s"
            f"{', one backend killed half-way' if args.kill else ''} (setup {report['setup_s']} s)"
        )
        print(f"{'route':<20}{'requests':>10}{'p50 ms':>10}{'p99 ms':>10}{'p99/static':>12}{'errors':>8}")
        for route, r in routes.items():
            print(
                f"{route:<20}{r['requests']:>10}{r['p50_ms']:>10}{r['p99_ms']:>10}{r['p99_ms'] / base:>12.2f}"
                f"{r['errors']:>8}"
            )
        print(
            f"reads/s {report['reads_per_s']}, signatures/s {report['signatures_per_s']}, "
            f"acknowledged {len(acked)}, stored {stored}, retries {result['retried']}, duplicates {duplicates}"
        )
        for name, ok in checks.items():
            print(f"{'PASS' if ok else 'FAIL'} {name}")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
