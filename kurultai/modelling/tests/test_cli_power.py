"""`kurultai power`: the CLI contract and its refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kurultai.modelling.cli import register


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """A stand-in for the root ``kurultai`` app."""

    register(app)
    return app


APP = make_app()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(APP, ["power", *args])
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "game.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_json_document_in_input_order(tmp_path: Path) -> None:
    file = write(tmp_path, "player,weight\nC,1\nA,2\nB,1\n")
    code, out, _ = run(file, "--quota", "3", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc == {
        "quota": 3,
        "players": [
            {"player": "C", "weight": 1, "banzhaf": pytest.approx(0.2), "shapley_shubik": pytest.approx(1 / 6)},
            {"player": "A", "weight": 2, "banzhaf": pytest.approx(0.6), "shapley_shubik": pytest.approx(2 / 3)},
            {"player": "B", "weight": 1, "banzhaf": pytest.approx(0.2), "shapley_shubik": pytest.approx(1 / 6)},
        ],
    }


def test_a_table_without_json(tmp_path: Path) -> None:
    file = write(tmp_path, "\ufeffplayer,weight\nAmanat,62\nAuyl,8\n")
    code, out, _ = run(file, "--quota", "36")
    assert code == 0
    assert "Amanat" in out
    assert "1.000000" in out


@pytest.mark.parametrize(
    ("text", "quota", "says"),
    [
        ("", "1", "empty"),
        ("name,weight\nA,1\n", "1", "header"),
        ("player,weight\n", "1", "no players"),
        ("player,weight\nA,0\n", "1", "positive integer"),
        ("player,weight\nA,-2\n", "1", "positive integer"),
        ("player,weight\nA,1.5\n", "1", "positive integer"),
        ("player,weight\nA,x\n", "1", "positive integer"),
        ("player,weight\nA,1\nA,2\n", "1", "more than once"),
        ("player,weight\nA,1,3\n", "1", "two fields"),
        ("player,weight\n,1\n", "1", "no player"),
        ("player,weight\nA,1\nB,2\n", "0", "between 1 and"),
        ("player,weight\nA,1\nB,2\n", "4", "between 1 and"),
        ("player,weight\nA,1\nB,2\n", "x", "whole number"),
        ("player,weight\nA,1\nB,2\n", "-1", "whole number"),
    ],
)
def test_bad_input_exits_2_with_one_sentence(tmp_path: Path, text: str, quota: str, says: str) -> None:
    code, out, err = run(write(tmp_path, text), "--quota", quota, "--json")
    assert code == 2
    assert out == ""
    assert says in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_file(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "none.csv"), "--quota", "1")
    assert code == 2
    assert "does not exist" in err


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "game.csv"
    path.write_bytes(b"player,weight\n\xff,1\n")
    code, _, err = run(str(path), "--quota", "1")
    assert code == 2
    assert "UTF-8" in err
