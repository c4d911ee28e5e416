"""`kurultai akn validate` and `kurultai akn export`, with a stand-in for the database side."""

from __future__ import annotations

import json
from datetime import date

import pytest
import typer
from typer.testing import CliRunner

from kurultai.legislation import demo_texts
from kurultai.legislation.akn import AknMeta, to_akn
from kurultai.legislation.cli import AknFile, akn_file, register

META = AknMeta(number="12", work_date=date(2026, 3, 1), expression_date=date(2026, 3, 10))


def exporter(*, bill, version, language):
    if bill not in (None, "12"):
        raise LookupError(f"No bill {bill}.")
    languages = [language] if language else ["kk", "ru"]
    for lang in languages:
        yield akn_file(demo_texts.load(demo_texts.BILLS[1], lang), META, folder="bill-12")


def broken(*, bill, version, language):
    yield AknFile("bad.xml", b"<akomaNtoso/>")


def make_app(source=exporter):
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app."""

    register(app, lambda: source)
    return app


runner = CliRunner()


@pytest.fixture
def valid_file(tmp_path):
    path = tmp_path / "bill.xml"
    path.write_bytes(to_akn(demo_texts.load(demo_texts.BILLS[2], "ru"), META))
    return path


def test_validate_a_valid_file(valid_file):
    result = runner.invoke(make_app(), ["akn", "validate", str(valid_file)])
    assert result.exit_code == 0
    assert "is valid" in result.stdout


def test_validate_prints_each_error_with_its_line(tmp_path, valid_file):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(valid_file.read_bytes().replace(b"<heading>", b"<title>", 1).replace(b"</heading>", b"</title>", 1))
    result = runner.invoke(make_app(), ["akn", "validate", str(bad)])
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{bad}:")
    assert int(first.split(":")[1]) > 1
    as_json = runner.invoke(make_app(), ["akn", "validate", "--json", str(bad)])
    doc = json.loads(as_json.stdout)
    assert doc["valid"] is False
    assert doc["errors"][0]["line"] > 1


def test_validate_a_missing_file_is_bad_usage(tmp_path):
    result = runner.invoke(make_app(), ["akn", "validate", str(tmp_path / "none.xml")])
    assert result.exit_code == 2


def test_export_one_bill(tmp_path):
    out = tmp_path / "one.xml"
    result = runner.invoke(make_app(), ["akn", "export", "12", "--language", "ru", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert b'language="rus"' in out.read_bytes()


def test_export_all(tmp_path):
    result = runner.invoke(make_app(), ["akn", "export", "--all", "--out", str(tmp_path / "all")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "all").rglob("*.xml"))
    assert names == ["bill-2026-12-kaz-2026-03-10.xml", "bill-2026-12-rus-2026-03-10.xml"]


@pytest.mark.parametrize(
    "args",
    [
        ["akn", "export", "--out", "x.xml"],
        ["akn", "export", "12", "--all", "--out", "x"],
        ["akn", "export", "12", "--language", "de", "--out", "x.xml"],
        ["akn", "export", "99", "--out", "x.xml"],
    ],
)
def test_export_bad_usage(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(make_app(), args).exit_code == 2


def test_export_refuses_to_write_invalid_files(tmp_path):
    result = runner.invoke(make_app(broken), ["akn", "export", "--all", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert not (tmp_path / "o").exists()
