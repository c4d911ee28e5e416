"""Tables of the text analytics: the corpus of citizen texts, duplicate groups, topics and model
runs. Tables and constraints only; every write is in services.py.

Responsiveness and opinion groups are computed from the other apps' tables on request (cached)
and need no table here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    APPEAL = "appeal", _("appeal")
    PETITION = "petition", _("petition")
    PROPOSAL = "proposal", _("proposal")
    INQUIRY = "inquiry", _("deputy inquiry")
    COMMENT = "comment", _("comment on a bill")
    SYNTHETIC = "synthetic", _("synthetic (demo and benchmarks)")


class DuplicateGroup(models.Model):
    """Texts that are copies of one another (a campaign or a template), counted once."""

    key = models.SlugField(_("identifier"), max_length=20, unique=True)
    size = models.PositiveIntegerField(_("texts"))
    flagged = models.BooleanField(_("flagged for moderators"), default=False)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("found at"), auto_now_add=True)

    class Meta:
        verbose_name = _("duplicate group")
        verbose_name_plural = _("duplicate groups")
        ordering = ("-size", "key")

    def __str__(self) -> str:
        return f"{self.key} ×{self.size}"


class Topic(models.Model):
    """A topic of citizen texts. ``key`` and the clerk's names survive recomputation: a new model's
    topic takes over the key of the old topic whose top terms it overlaps most."""

    key = models.SlugField(_("identifier"), max_length=20, unique=True)
    # Top terms per language (readable words, not stems): {"kk": [...], "ru": [...], "en": [...]}.
    terms = models.JSONField(_("top terms"), default=dict)
    # Stem -> weight (l2-normalised) for assigning new texts; the stems the matching compares.
    weights = models.JSONField(_("term weights"), default=dict)
    name = models.CharField(_("name given by a clerk"), max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged", verbose_name=_("merged into")
    )
    active = models.BooleanField(_("in the current model"), default=True)
    position = models.PositiveIntegerField(_("index in the model"), default=0)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ("position", "key")

    def __str__(self) -> str:
        return self.name or self.key


class CitizenText(models.Model):
    """One text citizens (or deputies) wrote, copied from its source for analysis. Appeals are
    private: their texts are never shown from here; pages show aggregates and top terms only."""

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_ref = models.CharField(_("source identifier"), max_length=60)
    language = models.CharField(_("language"), max_length=2)
    region = models.CharField(_("region"), max_length=8, blank=True, db_index=True)
    received_on = models.DateField(_("received on"), db_index=True)
    text = models.TextField(_("text"))
    duplicate_group = models.ForeignKey(
        DuplicateGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="texts"
    )
    # The one text of its duplicate group that counts in topic statistics.
    counts = models.BooleanField(_("counted in statistics"), default=True)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="texts")
    topic_score = models.FloatField(_("topic score"), default=0.0)
    planted_topic = models.CharField(_("planted topic (synthetic)"), max_length=40, blank=True)
    planted_campaign = models.CharField(_("planted campaign (synthetic)"), max_length=40, blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("citizen text")
        verbose_name_plural = _("citizen texts")
        constraints = [models.UniqueConstraint(fields=("source", "source_ref"), name="citizentext_once")]
        indexes = [models.Index(fields=("topic", "received_on")), models.Index(fields=("duplicate_group",))]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_ref}"


class RunStatus(models.TextChoices):
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ModelRun(models.Model):
    """One full recomputation: duplicates and topics over the whole corpus."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    texts = models.PositiveIntegerField(_("texts"), default=0)
    topics = models.PositiveIntegerField(_("topics"), default=0)
    duplicate_groups = models.PositiveIntegerField(_("duplicate groups"), default=0)
    method = models.CharField(_("method"), max_length=10, default="nmf")
    # The fitted model as plain data (vocabulary, idf, weights): new texts are assigned with it.
    model = models.JSONField(_("model"), default=dict)
    seconds = models.FloatField(_("seconds"), default=0.0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("model run")
        verbose_name_plural = _("model runs")
        ordering = ("-started_at",)

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"
