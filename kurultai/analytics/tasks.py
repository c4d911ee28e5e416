"""Background jobs of the analytics app (django-tasks; ``kurultai worker`` runs them).

- ``analytics_rebuild``: the full recomputation of near-duplicate groups and topics;
- ``analytics_ingest``: copies new citizen texts into the corpus and assigns them to the current
  topics (the incremental path); cheap, safe to run often.
"""

from __future__ import annotations

from django_tasks import task

from kurultai.accounts.permissions import SYSTEM
from kurultai.analytics import services


@task()
def analytics_rebuild(k: int | None = None, method: str = "nmf") -> int:
    run = services.analytics_rebuild(actor=SYSTEM, k=k, method=method)
    return run.pk


@task()
def analytics_ingest() -> int:
    return services.texts_ingest()
