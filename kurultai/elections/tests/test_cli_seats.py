"""`kurultai seats`: the CLI contract, its JSON document and its refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kurultai.elections.cli import register

DATA = Path(__file__).resolve().parents[1] / "data"
MAZHILIS_2023 = str(DATA / "kz_mazhilis_2023.csv")


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """A stand-in for the root ``kurultai`` app."""

    register(app)
    return app


APP = make_app()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(APP, ["seats", *args])
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> dict:
    code, out, err = run(*args, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def write(tmp_path: Path, text: str, name: str = "votes.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def test_the_2023_mazhilis_json_document() -> None:
    doc = run_json(MAZHILIS_2023, "--seats", "69", "--method", "hare", "--threshold", "5%")
    assert (doc["method"], doc["seats_total"], doc["threshold_votes"]) == ("hare", 69, 318_323)
    assert [(a["party"], a["seats"], a["passed_threshold"]) for a in doc["allocation"]] == [
        ("Amanat", 40, True),
        ("Auyl", 8, True),
        ("Respublica", 6, True),
        ("Ak Zhol", 6, True),
        ("People's Party of Kazakhstan", 5, True),
        ("Nationwide Social Democratic Party (OSDP/JSDP)", 4, True),
        ("Baytaq", 0, False),
        ("Against all", 0, False),
    ]
    assert doc["allocation"][0]["votes"] == 3_431_510
    assert set(doc["indices"]) == {"gallagher", "loosemore_hanby", "enp_votes", "enp_seats"}
    assert "scenarios" not in doc


def test_the_threshold_may_be_given_with_or_without_a_percent_sign() -> None:
    args = (MAZHILIS_2023, "--seats", "69", "--method", "dhondt")
    assert run_json(*args, "--threshold", "5") == run_json(*args, "--threshold", "5%")


def test_the_options_reach_the_allocation(tmp_path: Path) -> None:
    path = write(tmp_path, "party,votes,minority\nA,900,false\nB,40,\nC,30,\nM,20,true\n")
    doc = run_json(
        path, "--seats", "20", "--method", "dhondt", "--threshold", "7.5%", "--base-votes", "1000",
        "--min-lists", "3", "--minority-bonus", "1.35",
    )  # fmt: skip
    assert doc["threshold_votes"] == 75
    assert [(a["party"], a["passed_threshold"], a["admitted"]) for a in doc["allocation"]] == [
        ("A", True, True),
        ("B", False, True),
        ("C", False, False),
        ("M", False, True),
    ]


def test_a_byte_order_mark_extra_columns_and_flags_are_read(tmp_path: Path) -> None:
    text = "Party,Votes,colour,eligible\nA,600,red,true\nB,400,blue,TRUE\nAgainst all,5000,,false\n"
    doc = run_json(write(tmp_path, text, encoding="utf-8-sig"), "--seats", "10", "--method", "hare")
    assert [(a["party"], a["seats"]) for a in doc["allocation"]] == [("A", 6), ("B", 4), ("Against all", 0)]


def test_the_simulation_adds_scenarios_and_per_party_statistics() -> None:
    doc = run_json(
        MAZHILIS_2023, "--seats", "145", "--method", "hare", "--threshold", "5%",
        "--simulate", "2000", "--noise", "0.02", "--seed", "1",
    )  # fmt: skip
    assert (doc["scenarios"], doc["seed"], doc["noise"]) == (2000, 1, 0.02)
    amanat = doc["allocation"][0]["simulation"]
    assert set(amanat) == {"mean_seats", "p5", "p95", "p_majority", "p_two_thirds"}
    assert (amanat["p_majority"], doc["allocation"][-1]["simulation"]["mean_seats"]) == (1.0, 0.0)


def test_the_table_is_readable() -> None:
    code, out, _ = run(MAZHILIS_2023, "--seats", "69", "--method", "hare", "--threshold", "5%", "--simulate", "100")
    assert code == 0
    assert all(word in out for word in ("Amanat", "Baytaq", "passed", "below", "not list", "Gallagher", "P>1/2"))


BAD_FILES = {
    "negative": ("party,votes\nA,100\nB,-5\n", "negative"),
    "duplicate": ("party,votes\nA,100\nA,50\n", "more than once"),
    "exponent": ("party,votes\nA,1e3\nB,7\n", "not a whole number"),
    "decimal": ("party,votes\nA,10.5\n", "not a whole number"),
    "header": ("name,count\nA,100\n", "party and votes"),
    "empty": ("", "is empty"),
    "header only": ("party,votes\n", "no rows"),
    "no party": ("party,votes\n,100\n", "no party name"),
    "bad flag": ("party,votes,eligible\nA,100,maybe\n", "true or false"),
    "huge": ("party,votes\nA," + "9" * 5000 + "\n", "implausibly large"),
    "huge field": ('party,votes\n"' + "x" * 200_000 + '",1\n', "not valid CSV"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_are_refused_with_one_sentence(tmp_path: Path, case: str) -> None:
    text, reason = BAD_FILES[case]
    code, out, err = run(write(tmp_path, text), "--seats", "10", "--method", "dhondt")
    assert (code, out) == (2, "")
    assert reason in err
    assert len(err.strip().splitlines()) == 1


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("party,votes\nÄ,1\n".encode("latin-1"))
    code, _, err = run(str(path), "--seats", "10", "--method", "dhondt")
    assert (code, "not UTF-8" in err) == (2, True)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["missing.csv", "--seats", "10", "--method", "dhondt"], "does not exist"),
        ([MAZHILIS_2023, "--seats", "0", "--method", "dhondt"], "must be positive"),
        ([MAZHILIS_2023, "--seats", "-3", "--method", "dhondt"], "must be positive"),
        ([MAZHILIS_2023, "--seats", "10", "--method", "borda"], "Unknown method 'borda'"),
        ([MAZHILIS_2023, "--seats", "10", "--method", "dhondt", "--threshold", "150%"], "from 0% to 100%"),
        ([MAZHILIS_2023, "--seats", "10", "--method", "dhondt", "--threshold", "five"], "from 0% to 100%"),
        ([MAZHILIS_2023, "--seats", "10", "--method", "dhondt", "--base-votes", "-1"], "base votes"),
        ([MAZHILIS_2023, "--seats", "10", "--method", "dhondt", "--minority-bonus", "x"], "minority bonus"),
        ([MAZHILIS_2023, "--seats", "10", "--method", "dhondt", "--min-lists", "-1"], "minimum number of lists"),
        ([MAZHILIS_2023, "--seats", "10", "--method", "dhondt", "--simulate", "0"], "scenarios"),
        ([MAZHILIS_2023, "--seats", "10", "--method", "dhondt", "--simulate", "5", "--noise", "-1"], "noise"),
        ([MAZHILIS_2023, "--seats", "10", "--method", "dhondt", "--simulate", "5", "--seed", "-1"], "seed"),
        ([MAZHILIS_2023, "--seats", "10", "--method", "dhondt", "--seed", "4"], "only together with --simulate"),
        ([MAZHILIS_2023, "--seats", "10", "--method", "dhondt", "--threshold", "100%"], "No list can receive seats"),
    ],
)
def test_bad_options_are_refused_with_one_sentence(args: list[str], reason: str) -> None:
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert reason in err
    assert len(err.strip().splitlines()) == 1


def test_a_directory_is_not_a_file(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path), "--seats", "10", "--method", "dhondt")
    assert (code, "is not a file" in err) == (2, True)


def test_usage_errors_exit_2() -> None:
    code, _, _ = run(MAZHILIS_2023, "--seats", "ten", "--method", "hare")
    assert code == 2


def test_the_module_runs_on_its_own_without_django_or_numpy() -> None:
    # Start-up time counts in the benchmark: the command must not drag in Django,
    # and numpy only when it simulates.
    probe = (
        "import sys, runpy; sys.argv = ['cli', 'seats', sys.argv[1], '--seats', '69', '--method', 'hare',"
        " '--threshold', '5%', '--json'];\n"
        "try:\n    runpy.run_module('kurultai.elections.cli', run_name='__main__')\n"
        "except SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'numpy'))\n"
        "print(heavy, file=sys.stderr)"
    )
    command = [sys.executable, "-c", probe, MAZHILIS_2023]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603 - fixed arguments
    assert json.loads(done.stdout)["allocation"][0]["seats"] == 40
    assert done.stderr.strip() == "[]"
