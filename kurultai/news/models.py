"""News written by parliament staff, their daily view counts and citizens' comments.

Tables and constraints only; every write is in services.py. View counts hold no personal
data: one row per article per day with a number, nothing about who read it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Article(models.Model):
    slug = models.SlugField(_("identifier"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)  # kk/ru/en by modeltranslation
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"))

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ("-published_at", "-id")
        indexes = [models.Index(fields=("status", "published_at"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="news_published_has_date"
            )
        ]

    def __str__(self) -> str:
        return self.slug


class ArticleViewDay(models.Model):
    """How many browser sessions opened an article on one day (Asia/Almaty); nothing else."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("views of a day")
        verbose_name_plural = _("views of a day")
        constraints = [models.UniqueConstraint(fields=("article", "day"), name="news_view_day_once")]
        indexes = [models.Index(fields=("day", "article"))]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}: {self.count}"


class HideReason(models.TextChoices):
    """The moderators' reasons, the same list participation's moderation uses."""

    SPAM = "spam", _("spam or advertising")
    ABUSE = "abuse", _("insults or hate")
    PERSONAL_DATA = "personal_data", _("someone's personal data")
    UNLAWFUL = "unlawful", _("calls for unlawful acts")
    MISLEADING = "misleading", _("false or misleading")
    OFF_TOPIC = "off_topic", _("off topic")
    DUPLICATE = "duplicate", _("a duplicate")
    OTHER = "other", _("another reason")


class ArticleComment(models.Model):
    """A citizen's comment: shown at once, hidden by a moderator with a reason (post-moderation)."""

    ref = models.SlugField(_("identifier"), max_length=16, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    # Deleting an account deletes its comments: they are personal, unlike signatures.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("at"))
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("hidden because"), max_length=30, blank=True, choices=HideReason.choices)
    hidden_note = models.TextField(_("moderator's note"), blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ("created_at", "id")
        indexes = [models.Index(fields=("article", "created_at")), models.Index(fields=("created_at",))]

    def __str__(self) -> str:
        return f"comment {self.ref} on {self.article_id}"
