"""Keep the search index in step with the records, in the records' own transaction."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save


def _saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # fixtures: `kurultai search reindex` afterwards
        return
    from kurultai.opendata.search import index_object

    index_object(instance)


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from kurultai.opendata.search import unindex_object

    unindex_object(instance)


def connect() -> None:
    from kurultai.opendata.search import sources

    for model in sources():
        connect_model(model)


def connect_model(model: Any) -> None:
    post_save.connect(_saved, sender=model, dispatch_uid=f"opendata.index.{model._meta.label}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"opendata.unindex.{model._meta.label}")
