"""Corpus, recomputation and the clerks' topic work, through the real services on the demo data."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.roles import Role
from kurultai.analytics import selectors, services
from kurultai.analytics.models import CitizenText, DuplicateGroup, ModelRun, RunStatus, Source, Topic
from kurultai.common.errors import DomainError, PermissionDenied
from kurultai.common.models import AuditEntry
from kurultai.participation.tests.factories import AppealFactory

pytestmark = pytest.mark.django_db


def test_demo_corpus_has_every_source_kind_and_a_model():
    sources = set(CitizenText.objects.values_list("source", flat=True))
    assert {Source.SYNTHETIC, Source.APPEAL, Source.INQUIRY} <= sources
    assert ModelRun.objects.filter(status=RunStatus.DONE).exists()
    assert DuplicateGroup.objects.filter(flagged=True).exists()


def test_each_duplicate_group_counts_once():
    for group in DuplicateGroup.objects.all()[:20]:
        assert CitizenText.objects.filter(duplicate_group=group, counts=True).count() == 1
        assert CitizenText.objects.filter(duplicate_group=group).count() == group.size


def test_clerk_names_survive_recomputation(user_with_role):
    clerk = user_with_role(Role.CLERK)
    topic = Topic.objects.filter(active=True).order_by("position").first()
    services.topic_rename(topic=topic, name="Школы и учителя", actor=clerk)
    run = services.analytics_rebuild(actor=clerk, k=ModelRun.objects.filter(status=RunStatus.DONE).first().topics)
    assert run.status == RunStatus.DONE
    topic.refresh_from_db()
    assert topic.active
    assert topic.name == "Школы и учителя"
    assert AuditEntry.objects.filter(action="analytics.topic.renamed").exists()
    assert AuditEntry.objects.filter(action="analytics.model.rebuilt").exists()


def test_merge_folds_one_topic_into_another(user_with_role):
    clerk = user_with_role(Role.CLERK)
    first, second = Topic.objects.filter(active=True).order_by("position")[:2]
    before = {t.key: t.total for t in selectors.topics_overview().topics}
    services.topic_merge(topic=second, into=first, actor=clerk)
    after = {t.key: t.total for t in selectors.topics_overview().topics}
    assert second.key not in after
    assert after[first.key] == before[first.key] + before[second.key]
    with pytest.raises(DomainError):
        services.topic_merge(topic=first, into=first, actor=clerk)


def test_citizens_cannot_name_topics_or_rebuild(user_with_role):
    citizen = user_with_role(Role.CITIZEN)
    topic = Topic.objects.filter(active=True).first()
    with pytest.raises(PermissionDenied):
        services.topic_rename(topic=topic, name="x", actor=citizen)
    with pytest.raises(PermissionDenied):
        services.analytics_rebuild(actor=citizen)


def test_new_appeal_is_ingested_and_assigned_to_a_current_topic():
    appeal = AppealFactory(
        subject="Мектеп",
        body="Құрметті депутаттар! Мектепте оқушылар үш ауысыммен оқиды. Жаңа мектеп салу қажет. Оқулықтар жетіспейді.",
    )
    assert services.texts_ingest() >= 1
    row = CitizenText.objects.get(source=Source.APPEAL, source_ref=appeal.number)
    assert row.language == "kk"
    assert row.topic is not None
    assert services.texts_ingest() == 0  # idempotent


def test_generate_is_idempotent_per_seed():
    before = CitizenText.objects.filter(source=Source.SYNTHETIC).count()
    services.texts_generate(n=40, seed=99)
    services.texts_generate(n=40, seed=99)
    assert CitizenText.objects.filter(source=Source.SYNTHETIC).count() == before + 40


def test_cli_generate_and_bad_usage():
    from kurultai.cli import app

    runner = CliRunner()
    before = CitizenText.objects.count()
    result = runner.invoke(app, ["analytics", "generate", "--appeals", "25", "--seed", "123"])
    assert result.exit_code == 0, result.output
    assert CitizenText.objects.count() == before + 25
    bad = runner.invoke(app, ["analytics", "rebuild", "--method", "lda"])
    assert bad.exit_code == 2
    assert "nmf or kmeans" in bad.output
    assert runner.invoke(app, ["analytics", "generate", "--appeals", "-1"]).exit_code == 2


def test_cli_rebuild_prints_a_summary():
    from kurultai.cli import app

    result = CliRunner().invoke(app, ["analytics", "rebuild", "--topics", "8", "--method", "kmeans"])
    assert result.exit_code == 0, result.output
    assert "topics in" in result.output
    assert Topic.objects.filter(active=True).count() == 8


def test_background_jobs_rebuild_and_ingest():
    from kurultai.analytics import tasks

    run_id = tasks.analytics_rebuild.call(6, "kmeans")
    assert ModelRun.objects.get(pk=run_id).topics == 6
    assert tasks.analytics_ingest.call() == 0


def test_a_second_rebuild_while_one_runs_is_refused():
    from django.utils import timezone

    ModelRun.objects.create(started_at=timezone.now())
    with pytest.raises(DomainError) as exc:
        services.analytics_rebuild(actor=SYSTEM)
    assert exc.value.status == 409
