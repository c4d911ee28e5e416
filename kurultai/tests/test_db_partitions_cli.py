"""`kurultai db partitions [--ensure] [--schedule] [--exact] [--json]` and the nightly partition job
(kurultai.common.dbcli, kurultai.common.tasks, docs/deployment.md "Partitioning")."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult
from typer.testing import CliRunner

from kurultai.cli import app
from kurultai.common import tasks

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitioning is PostgreSQL's")


def run(*args: str):
    return CliRunner().invoke(app, ["db", "partitions", *args])


@postgresql_only
def test_lists_the_three_partitioned_tables_with_exact_rows_as_json():
    done = run("--json", "--exact")
    assert done.exit_code == 0, done.output
    doc = json.loads(done.output)
    assert doc["vendor"] == "postgresql"
    assert doc["created"] == []
    tables = {t["table"]: t for t in doc["tables"]}
    shapes = {name: (t["strategy"], t["key"], len(t["partitions"])) for name, t in tables.items()}
    assert shapes["ledger_ledgerentry"] == ("range", "index", 4)
    assert shapes["participation_signature"] == ("hash", "petition_id", 16)
    assert shapes["plenary_ballot"] == ("hash", "vote_event_id", 8)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ledger_ledgerentry")
        (leaves,) = cursor.fetchone()
    assert sum(p["rows"] for p in tables["ledger_ledgerentry"]["partitions"]) == leaves


@postgresql_only
def test_text_listing_and_ensure_with_nothing_to_create():
    done = run("--ensure")
    assert done.exit_code == 0, done.output
    assert done.output.startswith("Every range partition needed is there.\n")
    assert "plenary_ballot: hash (vote_event_id), 8 partitions" in done.output
    assert "ledger_ledgerentry_p0002" in done.output


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plain-table case")
def test_on_sqlite_there_is_nothing_to_list():
    done = run("--ensure")
    assert done.exit_code == 0, done.output
    assert "No partitioned tables: on sqlite every table is plain." in done.output


def test_schedule_queues_the_nightly_job_once():
    path = tasks.partitions_ensure.module_path
    assert run("--schedule").output == "The nightly partition job is queued.\n"
    assert run("--schedule").output == "The nightly job was queued already.\n"
    assert DBTaskResult.objects.filter(task_path=path, status="READY").count() == 1


def test_the_job_creates_nothing_on_a_fresh_database_and_reschedules_itself():
    assert tasks.partitions_ensure.call(reschedule=False) == []
    assert tasks.partitions_ensure.call() == []
    assert DBTaskResult.objects.filter(task_path=tasks.partitions_ensure.module_path).count() == 1


def test_an_unknown_option_is_a_usage_error():
    done = run("--bogus")
    assert done.exit_code == 2
