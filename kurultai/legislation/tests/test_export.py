"""`kurultai akn export` on the database: every version of every demo bill in kk and ru, valid."""

from __future__ import annotations

import pytest
from lxml import etree
from typer.testing import CliRunner

from kurultai.cli import app
from kurultai.legislation import akn, selectors

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_every_version_of_every_bill_exports_as_valid_akoma_ntoso():
    files = list(selectors.akn_files(bill=None, version=None, language=None))
    names = {f.name for f in files}
    assert {
        "2026-7/v1/bill-2026-7-kaz-2026-09-08.xml",
        "2026-7/v2/bill-2026-7-rus-2026-09-25.xml",
        "2026-12/v1/bill-2026-12-kaz-2026-10-01.xml",
        "2026-15/v1/bill-2026-15-rus-2026-11-16.xml",
    } <= names
    assert len(files) >= 8
    for f in files:
        assert akn.validate(f.xml) == [], f.name


def test_the_cli_exports_one_bill_and_all_of_them(tmp_path):
    one = tmp_path / "one.xml"
    result = runner.invoke(app, ["akn", "export", "2026-12", "--language", "ru", "--out", str(one)])
    assert result.exit_code == 0, result.output
    root = etree.fromstring(one.read_bytes())
    ns = {"a": akn.NS}
    assert root.find(".//a:FRBRExpression/a:FRBRthis", ns).get("value") == "/akn/kz/bill/2026/12/rus@2026-10-01/!main"
    version = tmp_path / "v1.xml"
    assert runner.invoke(app, ["akn", "export", "2026-7", "--version", "1", "--out", str(version)]).exit_code == 0
    assert b'language="kaz"' in version.read_bytes()
    everything = tmp_path / "all"
    result = runner.invoke(app, ["akn", "export", "--all", "--out", str(everything)])
    assert result.exit_code == 0, result.output
    written = sorted(everything.rglob("*.xml"))
    assert len(written) >= 8
    assert runner.invoke(app, ["akn", "validate", str(written[0])]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["akn", "export", "1999-1", "--out", "x.xml"], "No bill 1999-1"),
        (["akn", "export", "2026-7", "--version", "9", "--out", "x.xml"], "no version 9"),
    ],
)
def test_unknown_bills_and_versions_are_bad_usage(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_an_imported_akn_file_becomes_a_new_version(tmp_path):
    from kurultai.accounts.permissions import SYSTEM
    from kurultai.legislation import services
    from kurultai.legislation.tests.factories import BillFactory, current

    bill = BillFactory()
    first = current(bill)
    files = {lang: selectors.akn_xml(bill, first, lang) for lang in ("kk", "ru")}
    version = services.version_import_akn(bill=bill, files=files, actor=SYSTEM)
    assert (version.number, version.kind, version.based_on) == (2, "imported", first)
    assert (version.text_kk, version.text_ru) == (first.text_kk, first.text_ru)
    assert version.sha256 == first.sha256
    broken = {"kk": files["kk"].replace(b"<heading>", b"<title>", 1), "ru": files["ru"]}
    with pytest.raises(services.DomainError) as caught:
        services.version_import_akn(bill=bill, files=broken, actor=SYSTEM)
    assert caught.value.code == "akn_invalid"
    assert caught.value.data["errors"][0]["line"] > 1
