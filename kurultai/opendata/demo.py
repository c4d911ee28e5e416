"""Open data in the demo: the search index over everything the demo loaded, and the first export."""

from __future__ import annotations

from django.db import transaction

from kurultai.opendata import search, tasks


def demo_opendata() -> int:
    """Rebuild the index (records made by bulk writes fire no hooks) and schedule the export."""
    n = search.reindex()
    transaction.on_commit(lambda: tasks.ensure_scheduled(soon=True))
    return n
