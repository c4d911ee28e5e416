"""Demo analytics: a modest set of synthetic citizen texts (clearly marked as synthetic) and one
recomputation, so the topics page shows topics, emerging topics and campaigns. Idempotent."""

from __future__ import annotations

from kurultai.accounts.permissions import SYSTEM
from kurultai.analytics import services
from kurultai.analytics.models import CitizenText, ModelRun, RunStatus, Source

DEMO_TEXTS = 600
DEMO_SEED = 7
DEMO_TOPICS = 12


def demo_analytics() -> None:
    if not CitizenText.objects.filter(source=Source.SYNTHETIC).exists():
        services.texts_generate(n=DEMO_TEXTS, seed=DEMO_SEED)
    if not ModelRun.objects.filter(status=RunStatus.DONE).exists():
        services.analytics_rebuild(actor=SYSTEM, k=DEMO_TOPICS)
