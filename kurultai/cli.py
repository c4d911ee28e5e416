"""The ``kurultai`` command line.

Exit codes (DESIGN.md): 0 success, 1 a domain answer of "no" (an invalid IIN, a broken
ledger), 2 bad usage. Errors are one sentence on stderr, never a traceback. Django is
imported lazily, only by commands that need it, so pure commands (``seats``, ``iin``,
``calendar``) start fast.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from kurultai.analytics.cli import register as register_analytics
from kurultai.common.dbcli import register as register_db
from kurultai.common.errors import DATABASE_NOT_SET_UP
from kurultai.elections.cli import register as register_seats
from kurultai.ledger.cli import register as register_audit
from kurultai.legislation.cli import ExportSource
from kurultai.legislation.cli import register as register_akn
from kurultai.modelling.cli import register as register_power
from kurultai.opendata.cli import register as register_opendata
from kurultai.security.cli import register as register_privacy

app = typer.Typer(
    name="kurultai",
    help="Kurultai: a digital, proportionally elected parliament.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
iin_app = typer.Typer(help="Individual identification numbers (IIN).", no_args_is_help=True)
calendar_app = typer.Typer(help="Kazakhstan's working-day calendar.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for machine clients.", no_args_is_help=True)
audit_app = typer.Typer(help="The public record: verify and export the tamper-evident log.", no_args_is_help=True)
app.add_typer(iin_app, name="iin")
app.add_typer(calendar_app, name="calendar")
app.add_typer(token_app, name="token")
app.add_typer(audit_app, name="audit")
register_seats(app)
register_audit(audit_app)
register_power(app)

BIN_DIR = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurultai.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        fail(f"Configuration error: {exc}")


def _akn_exporter() -> ExportSource:
    django_setup()
    from kurultai.legislation.selectors import akn_files_or_explain

    return akn_files_or_explain


register_akn(app, load_exporter=_akn_exporter)
register_analytics(app, setup=django_setup)
register_opendata(app, setup=django_setup)
register_privacy(app, setup=django_setup)
register_db(app, setup=django_setup)


# ------------------------------------------------------------------ iin


@iin_app.command("check")
def iin_check(
    iin: Annotated[str, typer.Argument(help="The 12-digit IIN to check.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Check an IIN; exit 0 when valid, 1 when not."""
    from kurultai.accounts.iin import validate_iin

    result = validate_iin(iin)
    if as_json:
        doc: dict[str, object] = {"iin": iin, "valid": result.valid}
        if result.valid and result.birth_date and result.sex:
            doc.update(birth_date=result.birth_date.isoformat(), sex=result.sex)
        else:
            doc.update(reason=str(result.reason), message=result.message)
        typer.echo(json.dumps(doc, ensure_ascii=False))
    elif result.valid and result.birth_date:
        typer.echo(f"valid: born {result.birth_date.isoformat()}, sex {result.sex}")
    else:
        typer.echo(f"invalid: {result.message}", err=True)
    raise typer.Exit(0 if result.valid else 1)


# ------------------------------------------------------------------ calendar


# A negative count is a value to refuse with a sentence, not an unknown option "-1".
@calendar_app.command("add-working-days", context_settings={"ignore_unknown_options": True})
def calendar_add_working_days(
    start: Annotated[str, typer.Argument(help="Start date, YYYY-MM-DD (not counted).")],
    n: Annotated[str, typer.Argument(help="How many working days to add (0 or more).")],
) -> None:
    """Print the N-th working day after a date, as an ISO date."""
    from kurultai.common.workdays import kazakhstan_calendar

    try:
        day = date.fromisoformat(start)
    except ValueError:
        fail(f"{start!r} is not a date in the form YYYY-MM-DD.")
    try:
        count = int(n)
    except ValueError:
        fail(f"{n!r} is not a whole number of working days.")
    if count < 0:
        fail("The number of working days must be 0 or more.")
    try:
        result = kazakhstan_calendar().add_working_days(day, count)
    except ValueError as exc:
        fail(str(exc))
    typer.echo(result.isoformat())


# ------------------------------------------------------------------ servers


def _granian_args(host: str, port: int, workers: int, threads: int = 4, respawn: bool = False) -> list[str]:
    args = [
        str(BIN_DIR / "granian"),
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--no-ws",
    ]
    if respawn:
        # A worker that dies (out of memory, a crash in a C extension) is replaced instead of
        # leaving the process serving with fewer workers until someone notices.
        args.append("--respawn-failed-workers")
    return [*args, "kurultai.wsgi:application"]


def _run_server(
    host: str, port: int, workers: int, with_worker: bool, threads: int = 4, respawn: bool = False
) -> None:
    from django.core.management import call_command

    # whitenoise serves from STATIC_ROOT (hashed, compressed files in production).
    call_command("collectstatic", "--no-input", verbosity=0)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    job_worker = None
    if with_worker:
        job_worker = subprocess.Popen([str(BIN_DIR / "kurultai"), "worker"], env=env)  # noqa: S603 - our own binary
    server = subprocess.Popen(  # noqa: S603 - our own binary
        _granian_args(host, port, workers, threads=threads, respawn=respawn), env=env, cwd=ROOT
    )
    # A supervisor (systemd, a container runtime) stops us with SIGTERM: pass it on so granian
    # drains its connections and exits, instead of being orphaned and keeping the port.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: server.send_signal(signal.SIGTERM))
    try:
        server.wait()
    except KeyboardInterrupt:
        server.send_signal(signal.SIGINT)
        server.wait()
    finally:
        if job_worker is not None:
            job_worker.terminate()
            job_worker.wait(timeout=10)
    raise typer.Exit(server.returncode or 0)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to bind.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Web worker processes.")] = 2,
    threads: Annotated[int, typer.Option(min=1, max=256, help="Request threads per worker process.")] = 4,
) -> None:
    """Serve the site and API with granian (production server); health check: GET /healthz."""
    # Run one per machine (or several on different ports) behind a load balancer: the processes
    # share nothing but PostgreSQL and Redis (docs/deployment.md, deploy/nginx.conf).
    django_setup()
    _run_server(host, port, workers, with_worker=False, threads=threads, respawn=True)


@app.command()
def worker() -> None:
    """Run background jobs (django-tasks database backend)."""
    django_setup()
    from django.core.management import call_command

    from kurultai.security.workers import orphaned_tasks_requeue, worker_id

    # Jobs left RUNNING by a worker of this host that died (kill -9) run again (docs/security.md).
    orphaned_tasks_requeue()
    # --no-reload: a worker never reloads code. With DEBUG it would otherwise run as a reloader's
    # child, which a kill -9 of both leaves a zombie that PID 1 of a container may never reap.
    call_command("db_worker", "--queue-name", "*", "--interval", "1", "--no-reload", "--worker-id", worker_id())


@app.command()
def demo(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve the demo on.")] = 8000,
) -> None:
    """Migrate, load the demo parliament (idempotent), serve on 127.0.0.1:PORT and print the URL."""
    os.environ.setdefault("KURULTAI_DEMO", "true")
    os.environ.setdefault("DEBUG", "false")
    django_setup()
    from django.core.management import call_command

    from kurultai.portal.demo import demo_load

    call_command("migrate", "--no-input", verbosity=0)
    report = demo_load()
    typer.echo(report.summary())
    typer.echo(f"Kurultai demo: http://127.0.0.1:{port}/  (API: http://127.0.0.1:{port}/api/v1/docs)", err=False)
    sys.stdout.flush()
    _run_server("127.0.0.1", port, workers=2, with_worker=True)


# ------------------------------------------------------------------ tokens


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="The account that will own the token.")],
    name: Annotated[str, typer.Option(help="A label for the token.")] = "cli",
) -> None:
    """Print a new API token for USERNAME (shown once)."""
    django_setup()
    from django.db import DatabaseError

    from kurultai.accounts.models import User
    from kurultai.accounts.services import token_create as create

    try:
        user = User.objects.filter(username=username, is_active=True).first()
    except DatabaseError:
        fail(DATABASE_NOT_SET_UP)
    if user is None:
        fail(f"No active account named {username!r}.", 1)
    _token, key = create(user=user, name=name)
    typer.echo(key)


@token_app.command("quota")
def token_quota(
    prefix: Annotated[str, typer.Argument(help="The token's first 12 characters (klt_…), as listed.")],
    per_day: Annotated[int | None, typer.Option(help="Requests per UTC day; omit for the default.")] = None,
    per_minute: Annotated[int | None, typer.Option(help="Requests per minute; omit for the default.")] = None,
) -> None:
    """Set the quotas of the API token starting with PREFIX."""
    django_setup()
    from kurultai.accounts.models import ApiToken
    from kurultai.accounts.permissions import SYSTEM
    from kurultai.accounts.quota import limits_of
    from kurultai.accounts.services import token_set_quota
    from kurultai.common.errors import DomainError

    token = ApiToken.objects.filter(prefix=prefix[:12], revoked_at__isnull=True).first()
    if token is None:
        fail(f"No active API token starts with {prefix[:12]!r}.", 1)
    try:
        token = token_set_quota(token=token, actor=SYSTEM, per_day=per_day, per_minute=per_minute)
    except DomainError as exc:
        fail(exc.message, 2)
    day, minute = limits_of(token.quota_per_day, token.quota_per_minute)
    typer.echo(f"{token.prefix}: {day} requests per day, {minute} per minute")


def main() -> None:
    try:
        # typer 0.29 vendors click as typer._click; older releases use click itself.
        from typer._click import exceptions as click_exc
    except ImportError:  # pragma: no cover - depends on the installed typer
        from click import exceptions as click_exc  # type: ignore[no-redef]

    try:
        # standalone_mode=False lets usage errors reach us as exceptions, so they print as
        # one sentence on stderr (exit 2) instead of a boxed help screen.
        result = app(standalone_mode=False)
    except click_exc.UsageError as exc:
        typer.echo(f"Usage error: {exc.format_message()} (see kurultai --help)", err=True)
        sys.exit(2)
    except click_exc.Exit as exc:
        sys.exit(exc.exit_code)
    except click_exc.Abort:
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else 0)


if __name__ == "__main__":
    main()
