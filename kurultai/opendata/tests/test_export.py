"""`kurultai export --out DIR`: Popolo, Akoma Ntoso, CSV and a catalogue whose checksums hold."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from kurultai.opendata import catalogue as cat
from kurultai.opendata import export
from kurultai.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(tmp_path):
    report = export.export(tmp_path / "out")
    return report.out


def test_popolo_has_every_section_with_counts_and_votes(exported):
    doc = json.loads((exported / "popolo.json").read_text(encoding="utf-8"))
    for key in ("persons", "organizations", "memberships", "posts", "areas", "events", "vote_events"):
        assert doc[key], key
    assert len(doc["persons"]) == Person.objects.count()
    vote = doc["vote_events"][0]
    assert {c["option"] for c in vote["counts"]} >= {"yes", "no"}
    assert vote["votes"]
    assert {"voter_id", "option"} <= set(vote["votes"][0])
    assert any(e["classification"] == "plenary sitting" for e in doc["events"])


def test_every_bill_version_is_exported_in_kazakh_and_russian(exported):
    from kurultai.legislation.models import BillVersion

    files = list((exported / "akn").rglob("*.xml"))
    assert len(files) >= 2 * BillVersion.objects.count()
    assert any("-kaz-" in f.name for f in files)
    assert any("-rus-" in f.name for f in files)


def test_csv_tables_are_utf8_with_a_header_and_iso_dates(exported):
    names = {p.stem for p in (exported / "csv").glob("*.csv")}
    assert {"persons", "organizations", "memberships", "vote_events", "votes", "bills", "petitions"} <= names
    with (exported / "csv" / "sittings.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    assert rows[0]["starts_at"].endswith("Z")
    assert rows[0]["starts_at"][4] == "-"


def test_nothing_personal_is_exported(exported):
    headers = set()
    for path in (exported / "csv").glob("*.csv"):
        with path.open(encoding="utf-8") as f:
            headers |= set(next(csv.reader(f)))
    assert not {"iin", "iin_hash", "email", "author", "author_id", "signer_salt", "user"} & headers
    assert not (exported / "csv" / "appeals.csv").exists()
    text = (exported / "popolo.json").read_text(encoding="utf-8")
    assert "iin" not in json.loads(text)["persons"][0]


def test_the_catalogue_describes_every_file_with_its_checksum(exported):
    doc = json.loads((exported / "catalogue.json").read_text(encoding="utf-8"))
    paths = {e["path"] for e in doc["distribution"]}
    on_disk = {str(p.relative_to(exported)) for p in exported.rglob("*") if p.is_file()} - {"catalogue.json"}
    assert paths == on_disk
    assert cat.verify(exported, doc) == []
    entry = doc["distribution"][0]
    assert {"title", "description", "license", "mediaType", "byteSize", "sha256", "modified"} <= set(entry)
    assert doc["license"] == cat.CC_BY_4


def test_the_licence_can_be_configured(tmp_path, settings):
    settings.KURULTAI_OPENDATA_LICENSE = "https://opendatacommons.org/licenses/odbl/1-0/"
    out = export.export(tmp_path / "o").out
    doc = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    assert doc["license"] == settings.KURULTAI_OPENDATA_LICENSE


def test_the_command_writes_the_export(tmp_path):
    from kurultai.cli import app

    result = CliRunner().invoke(app, ["export", "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli" / "catalogue.json").exists()
    assert "persons" in result.output


def test_the_command_refuses_a_file_as_the_directory(tmp_path):
    from kurultai.cli import app

    target = tmp_path / "file"
    target.write_text("x")
    result = CliRunner().invoke(app, ["export", "--out", str(target)])
    assert result.exit_code == 2


def test_the_nightly_job_publishes_and_schedules_the_next_night(settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    from kurultai.opendata import tasks

    settings.VAR_DIR = tmp_path
    DBTaskResult.objects.filter(task_path=tasks.opendata_export.module_path).delete()
    done = tasks.opendata_export.call()
    assert done["persons"] == Person.objects.count()
    assert (tmp_path / "opendata" / "current" / "catalogue.json").exists()
    waiting = DBTaskResult.objects.get(task_path=tasks.opendata_export.module_path, status="READY")
    assert waiting.run_after is not None
    assert tasks.ensure_scheduled() is False  # one chain only
