"""Writes of the analytics app: the text corpus, full recomputation, incremental assignment, the
clerks' topic names and merges, synthetic texts. Algorithms live in the pure cores
(``text``, ``dedup``, ``topics``, ``synth``); this module moves plain data in and out of them.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from kurultai.accounts.permissions import SYSTEM, is_clerk, require
from kurultai.analytics import dedup, synth, text, topics
from kurultai.analytics.models import CitizenText, DuplicateGroup, ModelRun, RunStatus, Source, Topic
from kurultai.common.errors import Conflict, DomainError
from kurultai.common.services import audit_log
from kurultai.legislation.models import Comment, CommentStatus
from kurultai.oversight.models import Inquiry
from kurultai.participation.models import Appeal, Petition, PetitionStatus, Proposal

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # stage, done, total
CAMPAIGN_MIN = 3  # a duplicate group this large is flagged for moderators as a possible campaign
BATCH = 5000
TOP_TERMS = 10


def _noop(stage: str, done: int, total: int) -> None:
    return None


# ---------------------------------------------------------------- the corpus


def _known(source: str, ref_field: str) -> Exists:
    """Whether the row's text is already in the corpus: excluded with ``~``, an anti-join the
    database does (NOT EXISTS, which PostgreSQL plans as a hash or merge anti-join at any size), so
    a frequent incremental run never loads the corpus's refs into Python."""
    return Exists(CitizenText.objects.filter(source=source, source_ref=OuterRef(ref_field)))


def _sources() -> Iterator[tuple[str, str, str, str, str, date]]:
    """(source, ref, text, language hint, region, received_on) of every citizen text not yet in
    the corpus."""
    for number, subject, body, lang, region, day in (
        Appeal.objects.exclude(_known(Source.APPEAL, "number"))
        .values_list("number", "subject", "text", "language", "region_code", "registered_on")
        .iterator(chunk_size=BATCH)
    ):
        yield Source.APPEAL, number, f"{subject}. {body}", lang, region, day
    for slug, title, body, lang, region, created in (
        Petition.objects.exclude(status=PetitionStatus.DRAFT)
        .exclude(_known(Source.PETITION, "slug"))
        .values_list("slug", "title", "text", "language", "area__identifier", "created_at")
        .iterator(chunk_size=BATCH)
    ):
        yield Source.PETITION, slug, f"{title}. {body}", lang, region or "", timezone.localdate(created)
    for slug, title, body, lang, region, created in (
        Proposal.objects.exclude(_known(Source.PROPOSAL, "slug"))
        .values_list("slug", "title", "text", "language", "region_code", "created_at")
        .iterator(chunk_size=BATCH)
    ):
        yield Source.PROPOSAL, slug, f"{title}. {body}", lang, region, timezone.localdate(created)
    for slug, subject, body, lang, region, day in (
        Inquiry.objects.exclude(_known(Source.INQUIRY, "slug"))
        .values_list("slug", "subject", "text", "language", "area__identifier", "registered_on")
        .iterator(chunk_size=BATCH)
    ):
        yield Source.INQUIRY, slug, f"{subject}. {body}", lang, region or "", day
    for public_id, body, region, created in (
        Comment.objects.filter(status=CommentStatus.VISIBLE)
        .exclude(_known(Source.COMMENT, "public_id"))
        .values_list("public_id", "text", "author_region", "created_at")
        .iterator(chunk_size=BATCH)
    ):
        yield Source.COMMENT, str(public_id), body, "", region, timezone.localdate(created)


def _current_model() -> tuple[topics.TopicModel, list[Topic]] | None:
    run = ModelRun.objects.filter(status=RunStatus.DONE).order_by("-started_at").first()
    if run is None or not run.model:
        return None
    active = list(Topic.objects.filter(active=True).order_by("position"))
    model = topics.TopicModel.from_json(run.model)
    if len(active) != len(model.weights):
        return None
    return model, active


def texts_ingest(*, progress: Progress = _noop) -> int:
    """Copy citizen texts not yet in the corpus and assign each to a current topic (the
    incremental path; near-duplicate groups are found by the next full recomputation)."""
    current = _current_model()
    new: list[CitizenText] = []
    for source, ref, body, hint, region, day in _sources():
        lang = text.detect(body, default=hint if hint in text.LANGUAGES else "ru")
        row = CitizenText(source=source, source_ref=ref, language=lang, region=region or "", received_on=day, text=body)
        if current is not None:
            index, score = topics.assign(current[0], text.tokens(body, lang))
            if index >= 0:
                row.topic = current[1][index]
                row.topic_score = score
        new.append(row)
    for i in range(0, len(new), BATCH):
        CitizenText.objects.bulk_create(new[i : i + BATCH], ignore_conflicts=True)
        progress("ingest", min(i + BATCH, len(new)), len(new))
    return len(new)


def texts_generate(*, n: int, seed: int = 1, end: date | None = None, progress: Progress = _noop) -> int:
    """Add ``n`` synthetic texts (``Source.SYNTHETIC``, refs ``s<seed>-<i>``); idempotent per seed."""
    if n < 0:
        raise DomainError("invalid_count", _("The number of texts must not be negative."), status=400)
    end = end or timezone.localdate()
    current = _current_model()
    batch: list[CitizenText] = []
    created = 0
    for i, item in enumerate(synth.generate(n, seed=seed, end=end)):
        row = CitizenText(
            source=Source.SYNTHETIC,
            source_ref=f"s{seed}-{i}",
            language=item.language,
            region=item.region,
            received_on=item.day,
            text=item.text,
            planted_topic=item.topic,
            planted_campaign=item.campaign,
        )
        if current is not None:
            index, score = topics.assign(current[0], text.tokens(item.text, item.language))
            if index >= 0:
                row.topic, row.topic_score = current[1][index], score
        batch.append(row)
        if len(batch) >= BATCH:
            created += len(CitizenText.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
            progress("generate", i + 1, n)
    if batch:
        created += len(CitizenText.objects.bulk_create(batch, ignore_conflicts=True))
    progress("generate", n, n)
    return n


# ---------------------------------------------------------------- full recomputation


def _readable_terms(
    model: topics.TopicModel, index: int, surface: dict[str, Counter[str]], stem_lang: dict[str, Counter[str]]
) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    ranked = model.top_terms(index, n=topics.WEIGHT_TERMS)
    for lang in text.LANGUAGES:
        words = [
            surface[s].most_common(1)[0][0]
            for s in ranked
            if s in stem_lang and stem_lang[s].most_common(1)[0][0] == lang
        ]
        if words:
            out[lang] = words[:TOP_TERMS]
    return out


def _stem_sets(weights: Iterable[dict[str, float]]) -> list[set[str]]:
    return [set(sorted(w, key=lambda t: -w[t])[:30]) for w in weights]


def analytics_rebuild(
    *, actor: Any = SYSTEM, k: int | None = None, method: str = "nmf", progress: Progress = _noop, seed: int = 1
) -> ModelRun:
    """Recompute near-duplicate groups and topics over the whole corpus.

    Topic keys and clerks' names persist: each new topic takes over the old topic whose top
    terms it overlaps most (``topics.match``); old topics left unmatched become inactive."""
    require(actor, is_clerk, action="analytics.rebuild")
    if method not in ("nmf", "kmeans"):
        raise DomainError("invalid_method", _("Unknown topic method."), status=400, data={"method": method[:20]})
    if ModelRun.objects.filter(status=RunStatus.RUNNING, started_at__gt=timezone.now() - timedelta(hours=2)).exists():
        raise Conflict(_("A recomputation is already running."))
    run = ModelRun.objects.create(started_at=timezone.now(), method=method)
    started = time.perf_counter()
    try:
        texts_ingest(progress=progress)
        rows = list(CitizenText.objects.order_by("pk").values_list("pk", "text", "language"))
        n = len(rows)
        progress("duplicates", 0, n)
        sigs = dedup.signatures(r[1] for r in rows)
        labels = dedup.group_labels(sigs)
        groups = dedup.groups_of(labels)
        progress("duplicates", n, n)

        representative = np.ones(n, dtype=bool)
        group_of: dict[int, int] = {}
        for g, members in enumerate(groups):
            for m in members[1:]:
                representative[m] = False
            for m in members:
                group_of[m] = g

        unique = np.flatnonzero(representative)
        surface: dict[str, Counter[str]] = defaultdict(Counter)
        stem_lang: dict[str, Counter[str]] = defaultdict(Counter)
        docs: list[list[str]] = []
        for done, i in enumerate(unique.tolist()):
            tagged = text.tagged_tokens(rows[i][1], rows[i][2])
            for s, w, lang in tagged:
                surface[s][w] += 1
                stem_lang[s][lang] += 1
            docs.append([s for s, _w, _l in tagged])
            if done % BATCH == 0:
                progress("tokens", done, len(unique))
        progress("tokens", len(unique), len(unique))

        progress("topics", 0, 1)
        kk = k or topics.suggest_k(len(docs))
        model, doc_labels = topics.fit(docs, kk, method=method, seed=seed)
        progress("topics", 1, 1)

        with transaction.atomic():
            old = list(Topic.objects.filter(active=True).order_by("position"))
            mapping = topics.match(_stem_sets(t.weights for t in old), _stem_sets(model.weights))
            new_topics: list[Topic] = []
            for index in range(len(model.weights)):
                terms = _readable_terms(model, index, surface, stem_lang)
                if index in mapping:
                    topic = old[mapping[index]]
                else:
                    topic = Topic(key="")
                topic.terms, topic.weights, topic.active, topic.position = terms, model.weights[index], True, index
                topic.save()
                if not topic.key:
                    topic.key = f"t{topic.pk}"
                    topic.save(update_fields=["key"])
                new_topics.append(topic)
            kept = {t.pk for t in new_topics}
            Topic.objects.filter(active=True).exclude(pk__in=kept).update(active=False)

            reviewed = dict(DuplicateGroup.objects.exclude(reviewed_at=None).values_list("key", "reviewed_at"))
            CitizenText.objects.update(duplicate_group=None, counts=True)
            DuplicateGroup.objects.all().delete()
            group_rows = []
            for members in groups:
                key = f"d{rows[members[0]][0]}"
                group_rows.append(
                    DuplicateGroup(
                        key=key, size=len(members), flagged=len(members) >= CAMPAIGN_MIN, reviewed_at=reviewed.get(key)
                    )
                )
            group_rows = DuplicateGroup.objects.bulk_create(group_rows)

            topic_of_unique = dict(zip(unique.tolist(), doc_labels.tolist(), strict=True))
            updates: list[CitizenText] = []
            for i, (pk, _body, _lang) in enumerate(rows):
                gi = group_of.get(i)
                rep = groups[gi][0] if gi is not None else i
                label = int(topic_of_unique.get(rep, -1))
                updates.append(
                    CitizenText(
                        pk=pk,
                        topic=new_topics[label] if label >= 0 else None,
                        duplicate_group=group_rows[gi] if gi is not None else None,
                        counts=bool(representative[i]),
                    )
                )
                if len(updates) >= BATCH:
                    CitizenText.objects.bulk_update(updates, ["topic", "duplicate_group", "counts"])
                    updates = []
                    progress("saving", i + 1, n)
            if updates:
                CitizenText.objects.bulk_update(updates, ["topic", "duplicate_group", "counts"])
            progress("saving", n, n)

            run.status = RunStatus.DONE
            run.finished_at = timezone.now()
            run.texts = n
            run.topics = len(new_topics)
            run.duplicate_groups = len(groups)
            run.model = model.to_json()
            run.seconds = round(time.perf_counter() - started, 2)
            run.save()
            audit_log(
                action="analytics.model.rebuilt",
                actor=actor,
                obj=run,
                data={"texts": n, "topics": len(new_topics), "duplicate_groups": len(groups), "method": method},
            )
    except Exception as exc:
        ModelRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
        )
        raise
    return run


# ---------------------------------------------------------------- clerks' topic work


def topic_rename(*, topic: Topic, name: str, actor: Any) -> Topic:
    require(actor, is_clerk, action="analytics.topic.rename")
    name = name.strip()
    if len(name) > 200:
        raise DomainError("invalid_name", _("The name is too long."), status=400)
    with transaction.atomic():
        topic.name = name
        topic.named_by = actor if getattr(actor, "is_authenticated", False) else None
        topic.save(update_fields=["name", "named_by", "updated_at"])
        audit_log(action="analytics.topic.renamed", actor=actor, obj=topic, data={"key": topic.key, "name": name})
    return topic


def topic_merge(*, topic: Topic, into: Topic, actor: Any) -> Topic:
    """Count ``topic`` under ``into`` from now on (and after recomputations, through its key)."""
    require(actor, is_clerk, action="analytics.topic.merge")
    if topic.pk == into.pk or into.merged_into_id == topic.pk:
        raise Conflict(_("A topic cannot be merged into itself."))
    with transaction.atomic():
        target = into.merged_into or into
        topic.merged_into = target
        topic.save(update_fields=["merged_into", "updated_at"])
        Topic.objects.filter(merged_into=topic).update(merged_into=target)
        audit_log(action="analytics.topic.merged", actor=actor, obj=topic, data={"key": topic.key, "into": target.key})
    return topic
