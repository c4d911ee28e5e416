"""The search index: one row per public object, with its text in every language.

On SQLite an FTS5 table (``opendata_search_fts``, external content) mirrors this table by
triggers; on PostgreSQL a generated ``tsvector`` column with a GIN index does (Russian
configuration for the Russian text, ``simple`` for Kazakh, English for English). Both are
created by migration 0002 and live in the same transaction as the rows. Migration 0003 adds
the facet columns (committee, region) and ``stems_kk``: the Kazakh text through the light
Kazakh stemmer, indexed with ``simple`` on PostgreSQL and as one more FTS5 column on SQLite,
so an inflected query word finds the other forms of its stem.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PERSON = "person", _("Deputies")
    BILL = "bill", _("Bills")
    VOTE_EVENT = "vote_event", _("Votes")
    PETITION = "petition", _("Petitions")
    PROPOSAL = "proposal", _("Proposals")
    COMMITTEE = "committee", _("Committees")
    ANSWER = "answer", _("Published answers")
    NEWS = "news", _("News")


class SearchDocument(models.Model):
    # No ``choices``: an app adding a kind of document (news) needs no migration here.
    kind = models.CharField(_("kind"), max_length=20)
    key = models.CharField(_("identifier"), max_length=160)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    body_kk = models.TextField(_("text (Kazakh)"), blank=True)
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    # Names get typo-tolerant matching: their words form the correction vocabulary.
    names = models.CharField(_("names"), max_length=500, blank=True)
    # Kazakh title, body and names through the light Kazakh stemmer (``query.kk_stems``).
    stems_kk = models.TextField(_("Kazakh stems"), blank=True)
    url_name = models.CharField(max_length=60)
    # The URL argument when it is not ``key`` (None: ``key``; empty: the URL takes none).
    url_arg = models.CharField(max_length=160, null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    # Facets: the committee's slug and the region's ISO 3166-2 code, when the record has one.
    committee = models.CharField(_("committee"), max_length=60, blank=True)
    region = models.CharField(_("region"), max_length=12, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=("kind", "key"), name="opendata_search_kind_key")]
        indexes = [
            models.Index(fields=("kind", "date")),
            # The newest name change, which keys the cached vocabulary of names (search.py).
            models.Index(fields=("kind", "updated_at"), name="opendata_search_kind_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"

    def title_in(self, lang: str) -> str:
        for code in (lang, "kk", "ru", "en"):
            value = getattr(self, f"title_{code}", "")
            if value:
                return str(value)
        return self.key

    def body_in(self, lang: str) -> str:
        for code in (lang, "kk", "ru", "en"):
            value = getattr(self, f"body_{code}", "")
            if value:
                return str(value)
        return ""
