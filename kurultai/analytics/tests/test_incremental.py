"""New texts reach their topics without a full recomputation: the ingest job keeps itself
scheduled; and the demo consultation has voters enough for an opinion map."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from kurultai.analytics import selectors, services, tasks
from kurultai.analytics.demo import VOTERS, demo_opinion
from kurultai.analytics.models import CitizenText, Source
from kurultai.legislation.models import Consultation
from kurultai.participation.tests.factories import AppealFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def _waiting() -> int:
    return DBTaskResult.objects.filter(
        task_path=tasks.analytics_ingest.module_path, status__in=["READY", "RUNNING"]
    ).count()


def test_ingest_job_assigns_new_texts_and_schedules_the_next_run():
    DBTaskResult.objects.filter(task_path=tasks.analytics_ingest.module_path).delete()
    appeal = AppealFactory(
        subject="Мектеп",
        body="Құрметті депутаттар! Мектепте оқушылар үш ауысыммен оқиды. Жаңа мектеп салу қажет.",
    )
    proposal = ProposalFactory(title="Построить новую школу в микрорайоне", body="Дети учатся в три смены.")
    assert tasks.analytics_ingest.call() >= 2
    assert CitizenText.objects.get(source=Source.APPEAL, source_ref=appeal.number).topic is not None
    assert CitizenText.objects.filter(source=Source.PROPOSAL, source_ref=proposal.slug).exists()
    assert _waiting() == 1  # the chain: the run scheduled the next one
    # Nothing new: the next run adds nothing and does not duplicate texts.
    assert tasks.analytics_ingest.call(reschedule=False) == 0
    assert CitizenText.objects.filter(source=Source.APPEAL, source_ref=appeal.number).count() == 1


def test_ensure_ingest_scheduled_queues_one_run_only():
    DBTaskResult.objects.filter(task_path=tasks.analytics_ingest.module_path).delete()
    assert tasks.ensure_ingest_scheduled() is True
    assert tasks.ensure_ingest_scheduled() is False
    assert _waiting() == 1


def test_rebuild_cli_starts_the_chain():
    from typer.testing import CliRunner

    from kurultai.cli import app

    DBTaskResult.objects.filter(task_path=tasks.analytics_ingest.module_path).delete()
    result = CliRunner().invoke(app, ["analytics", "rebuild", "--topics", "6", "--method", "kmeans"])
    assert result.exit_code == 0, result.output
    assert _waiting() == 1
    assert services.texts_ingest() == 0


def test_demo_consultation_has_a_meaningful_opinion_map():
    consultation = Consultation.objects.select_related("bill", "version").get(bill__slug="2026-15")
    view = selectors.opinion_groups(consultation)
    assert view.result is not None
    assert view.participants >= VOTERS  # every demo voter cast at least seven votes
    assert 2 <= view.result.k <= 5
    assert view.result.consensus  # the SMS comment everybody agrees with
    assert demo_opinion() == 0  # idempotent
