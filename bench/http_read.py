"""Read throughput and latency of the real server, against a static file served by the same server.

    .venv/bin/python bench/http_read.py [--clients 32] [--requests 3000] [--seconds 30] [--port P] [--json]

Starts ``kurultai demo --port P`` (migrate, load the demo parliament, serve with granian) on a
throwaway SQLite database in a temporary ``KURULTAI_VAR_DIR``, then, with N concurrent
keep-alive clients on loopback, measures requests per second and p50/p99 latency of

- ``/static/kurultai/css/site.css`` (the baseline: whitenoise, no Django view, no database),
- ``/api/v1/persons?limit=50`` (the Popolo API),
- ``/ru/deputies/`` (the deputies page, 145 cards).

Each endpoint runs until ``--requests`` answers or ``--seconds`` pass, whichever is first. The
clients run in this process, on the same machine as the server, so the absolute numbers are a
floor; the ratios to the static baseline are the comparable figures. Target: p99 < 50 ms.
With ``--json`` the table goes to stderr and one JSON document to stdout.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parents[1]
KURULTAI = ROOT / ".venv" / "bin" / "kurultai"
HOST = "127.0.0.1"
TARGET_P99_MS = 50.0
BASELINE = "/static/kurultai/css/site.css"
ENDPOINTS = [BASELINE, "/api/v1/persons?limit=50", "/ru/deputies/"]


@dataclass
class Result:
    path: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    bytes_per_response: int
    rps_ratio: float = 1.0  # endpoint rps / static rps
    p99_ratio: float = 1.0  # endpoint p99 / static p99
    p99_under_target: bool = False


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def start_server(port: int, var_dir: Path, log: TextIO) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(KURULTAI_VAR_DIR=str(var_dir), KURULTAI_DEMO="true", DEBUG="false", LOG_LEVEL="WARNING")
    # A new session so the server, its granian workers and the job worker stop together.
    return subprocess.Popen(
        [str(KURULTAI), "demo", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float) -> None:
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
        time.sleep(0.5)
    raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s")


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = conn.getresponse()
    return response.status, len(response.read())


def measure(port: int, path: str, *, clients: int, requests: int, seconds: float) -> Result:
    lock = threading.Lock()
    issued = 0
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    sizes = [0] * clients
    start_gate = threading.Barrier(clients + 1)
    deadline = 0.0

    def client(i: int) -> None:
        nonlocal issued
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        get(conn, path)  # connect and warm this connection outside the measurement
        start_gate.wait()
        mine = latencies[i]
        while True:
            with lock:
                if issued >= requests or time.perf_counter() > deadline:
                    break
                issued += 1
            t0 = time.perf_counter()
            try:
                status, size = get(conn, path)
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                continue
            mine.append(time.perf_counter() - t0)
            sizes[i] = size
            errors[i] += status != 200
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    began = time.perf_counter()
    deadline = began + seconds
    start_gate.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(x for per in latencies for x in per)
    done = len(ordered)
    return Result(
        path=path,
        requests=done,
        errors=sum(errors),
        seconds=round(elapsed, 3),
        rps=round(done / elapsed, 1),
        p50_ms=round(percentile(ordered, 0.50) * 1000, 2),
        p99_ms=round(percentile(ordered, 0.99) * 1000, 2),
        max_ms=round(ordered[-1] * 1000, 2),
        bytes_per_response=max(sizes),
    )


def table(results: list[Result], clients: int) -> str:
    head = f"{'endpoint':<28} {'reqs':>6} {'err':>4} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} " \
           f"{'rps/static':>10} {'p99/static':>10}  p99<{TARGET_P99_MS:.0f}ms"
    lines = [f"{clients} concurrent keep-alive clients on loopback; baseline {BASELINE}", head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.path:<28} {r.requests:>6} {r.errors:>4} {r.rps:>8.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} "
            f"{r.max_ms:>8.2f} {r.rps_ratio:>10.3f} {r.p99_ratio:>10.2f}  {'yes' if r.p99_under_target else 'NO'}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=3000, help="answers to collect per endpoint")
    parser.add_argument("--seconds", type=float, default=30.0, help="time limit per endpoint")
    parser.add_argument("--port", type=int, default=0, help="port for the server (default: a free one)")
    parser.add_argument("--startup-timeout", type=float, default=600.0)
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    args = parser.parse_args()
    if args.clients < 1 or args.requests < 1 or args.seconds <= 0:
        parser.error("--clients, --requests and --seconds must be positive")
    port = args.port or free_port()
    report = sys.stderr if args.json else sys.stdout

    with tempfile.TemporaryDirectory(prefix="kurultai-bench-") as tmp:
        var_dir = Path(tmp)
        log_path = var_dir / "server.log"
        with open(log_path, "w") as log:
            print(f"starting `kurultai demo --port {port}` in {var_dir} (migrate + demo load)...", file=report)
            proc = start_server(port, var_dir, log)
            try:
                t0 = time.monotonic()
                wait_ready(port, proc, args.startup_timeout)
                print(f"server ready in {time.monotonic() - t0:.1f} s; measuring", file=report)
                for path in ENDPOINTS:  # warm caches, templates and connections
                    measure(port, path, clients=4, requests=50, seconds=10)
                results = [
                    measure(port, path, clients=args.clients, requests=args.requests, seconds=args.seconds)
                    for path in ENDPOINTS
                ]
            except Exception:
                log.flush()
                print(log_path.read_text()[-3000:], file=sys.stderr)
                raise
            finally:
                stop_server(proc)

    base = results[0]
    for r in results:
        r.rps_ratio = round(r.rps / base.rps, 3)
        r.p99_ratio = round(r.p99_ms / base.p99_ms, 2)
        r.p99_under_target = r.p99_ms < TARGET_P99_MS
    print(table(results, args.clients), file=report)
    if args.json:
        doc = {
            "clients": args.clients,
            "target_p99_ms": TARGET_P99_MS,
            "baseline": BASELINE,
            "results": [asdict(r) for r in results],
        }
        print(json.dumps(doc, indent=2))
    return 0 if all(r.errors == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
