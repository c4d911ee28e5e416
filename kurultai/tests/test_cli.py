"""The ``kurultai`` command line, run as a person runs it: a separate process, exit codes, stdout and stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kurultai.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]
KURULTAI = Path(sys.executable).parent / "kurultai"

# ../shared/tools/contracts-data/iin_cases.json, copied so the suite runs from a bare clone.
IIN_CASES = [
    {"iin": "061211600012", "valid": True, "birth_date": "2006-12-11", "sex": "F"},
    {"iin": "800730300422", "valid": True, "birth_date": "1980-07-30", "sex": "M"},
    {"iin": "061211600013", "valid": False},
    {"iin": "990230111117", "valid": False},
    {"iin": "06121160001", "valid": False},
    {"iin": "0612116000AB", "valid": False},
]
# ../shared/tools/contracts-data/workdays.json, copied likewise.
WORKDAY_CASES = [
    {"date": "2026-03-19", "n": 1, "expected": "2026-03-20"},
    {"date": "2026-12-15", "n": 3, "expected": "2026-12-21"},
    {"date": "2026-09-01", "n": 15, "expected": "2026-09-22"},
]
VALID_IINS = [c for c in IIN_CASES if c["valid"]]
INVALID_IINS = [c for c in IIN_CASES if not c["valid"]]


def kurultai(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command
        [str(KURULTAI), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        check=False,
    )


def one_line(text: str) -> str:
    lines = text.strip("\n").split("\n")
    assert len(lines) == 1, text
    assert lines[0].strip()
    return lines[0]


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


# ---------------------------------------------------------------- help


def test_help_lists_every_command():
    result = kurultai("--help")
    assert result.returncode == 0
    listed = {line.strip(" │").split(" ")[0] for line in result.stdout.splitlines()}
    assert {"demo", "serve", "worker", "iin", "calendar", "seats", "token"} <= listed


def test_no_arguments_shows_the_help():
    result = kurultai()
    assert result.returncode == 2  # click's no_args_is_help counts as bad usage
    assert "calendar" in result.stdout + result.stderr
    no_traceback(result)


# ---------------------------------------------------------------- iin check


@pytest.mark.parametrize("case", VALID_IINS, ids=lambda c: c["iin"])
def test_iin_check_json_valid(case):
    result = kurultai("iin", "check", case["iin"], "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == case


@pytest.mark.parametrize("case", INVALID_IINS, ids=lambda c: c["iin"])
def test_iin_check_json_invalid(case):
    result = kurultai("iin", "check", case["iin"], "--json")
    doc = json.loads(result.stdout)
    assert result.returncode == 1
    assert doc["iin"] == case["iin"]
    assert doc["valid"] is False
    assert doc["reason"] in {"length", "not_digits", "century", "date", "future", "checksum"}
    assert doc["message"]
    assert "birth_date" not in doc


@pytest.mark.parametrize(
    ("iin", "reason"),
    [("061211600013", "checksum"), ("990230111117", "date"), ("06121160001", "length"), ("0612116000AB", "not_digits")],
)
def test_iin_check_json_names_the_reason(iin, reason):
    assert json.loads(kurultai("iin", "check", iin, "--json").stdout)["reason"] == reason


@pytest.mark.parametrize("case", VALID_IINS, ids=lambda c: c["iin"])
def test_iin_check_plain_valid(case):
    result = kurultai("iin", "check", case["iin"])
    assert result.returncode == 0
    assert case["birth_date"] in one_line(result.stdout)
    assert result.stderr == ""


@pytest.mark.parametrize("case", INVALID_IINS, ids=lambda c: c["iin"])
def test_iin_check_plain_invalid_is_one_sentence_on_stderr(case):
    result = kurultai("iin", "check", case["iin"])
    assert result.returncode == 1
    assert result.stdout == ""
    assert one_line(result.stderr).endswith(".")


@pytest.mark.parametrize(
    "garbage",
    ["", " ", "abc", "💥" * 12, "1" * 10_000, "0612 1160 0012", "٠٦١٢١١٦٠٠٠١٢", "'; DROP TABLE x;--", "%s%n"],
)
def test_iin_check_garbage_is_an_answer_not_a_traceback(garbage):
    result = kurultai("iin", "check", garbage, "--json")
    no_traceback(result)
    assert result.returncode == 1
    assert json.loads(result.stdout)["valid"] is False


@pytest.mark.parametrize(
    "args", [["iin", "check"], ["iin", "check", "-1"], ["iin", "check", "1", "2"], ["iin", "nope"]]
)
def test_iin_bad_usage_exits_2_without_a_traceback(args):
    result = kurultai(*args)
    no_traceback(result)
    assert result.returncode == 2


# ---------------------------------------------------------------- calendar


@pytest.mark.parametrize("case", WORKDAY_CASES, ids=lambda c: f"{c['date']}+{c['n']}")
def test_add_working_days_contract(case):
    result = kurultai("calendar", "add-working-days", case["date"], str(case["n"]))
    assert result.returncode == 0
    assert result.stdout == case["expected"] + "\n"
    assert result.stderr == ""


def test_add_zero_working_days_returns_the_date():
    assert kurultai("calendar", "add-working-days", "2026-03-19", "0").stdout.strip() == "2026-03-19"


@pytest.mark.parametrize(
    ("start", "n"),
    [
        ("2026-13-01", "3"),
        ("2026-02-30", "3"),
        ("19.03.2026", "3"),
        ("yesterday", "3"),
        ("", "3"),
        ("2026-03-19", "-1"),
        ("2026-03-19", "-100"),
        ("2026-03-19", "x"),
        ("2026-03-19", "1.5"),
        ("2026-03-19", ""),
        ("2026-03-19", "1e3"),
        ("1900-01-01", "1"),
    ],
)
def test_add_working_days_bad_input_is_exit_2_and_one_line(start, n):
    result = kurultai("calendar", "add-working-days", start, n)
    no_traceback(result)
    assert result.returncode == 2
    assert result.stdout == ""
    one_line(result.stderr)


# ---------------------------------------------------------------- tokens


@pytest.fixture(scope="module")
def empty_instance(tmp_path_factory) -> dict[str, str]:
    """A fresh, migrated SQLite instance in a temporary var directory (never the test database)."""
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KURULTAI_VAR_DIR"] = str(var)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    return {"KURULTAI_VAR_DIR": str(var), "DATABASE_URL": ""}


def test_token_create_for_an_unknown_user_exits_1(empty_instance):
    result = kurultai("token", "create", "nobody", env=empty_instance)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "nobody" in one_line(result.stderr)


def test_token_create_prints_a_working_token(client, db):
    from kurultai.cli import app

    result = CliRunner().invoke(app, ["token", "create", "citizen"])
    key = result.stdout.strip()
    assert result.exit_code == 0
    assert key.startswith("klt_")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert me.status_code == 200
    assert me.json()["username"] == User.objects.get(username="citizen").username


def test_token_create_for_an_inactive_user_exits_1(db):
    from kurultai.cli import app

    User.objects.filter(username="moderator").update(is_active=False)
    result = CliRunner().invoke(app, ["token", "create", "moderator"])
    assert result.exit_code == 1


def test_today_is_inside_the_calendar_data():
    # The calendar vectors above are for 2026; the holiday data must reach today too.
    result = kurultai("calendar", "add-working-days", date.today().isoformat(), "1")  # noqa: DTZ011
    assert result.returncode == 0
