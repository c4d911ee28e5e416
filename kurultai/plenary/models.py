"""Plenary tables: sittings, their agenda and documents, registrations, vote events and ballots.

States and options are the pure core's (kurultai.plenary.rules); their transitions are
enforced by the services. Registrations are append-only. A published vote event and every
ballot of a vote that is no longer open refuse change: here in ``save``/``delete`` and the
queryset, and on PostgreSQL by triggers (migration 0002), so raw SQL cannot bypass it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kurultai.common.models import AppendOnlyError, AppendOnlyModel
from kurultai.plenary import rules
from kurultai.registry.models import Convocation, Person


class SittingState(models.TextChoices):
    SCHEDULED = rules.SittingState.SCHEDULED, _("scheduled")
    OPEN = rules.SittingState.OPEN, _("open")
    CLOSED = rules.SittingState.CLOSED, _("closed")


class VoteState(models.TextChoices):
    DRAFT = rules.VoteState.DRAFT, _("draft")
    OPEN = rules.VoteState.OPEN, _("open")
    CLOSED = rules.VoteState.CLOSED, _("closed")
    PUBLISHED = rules.VoteState.PUBLISHED, _("published")


class QuestionType(models.TextChoices):
    ORDINARY_LAW = rules.QuestionType.ORDINARY_LAW, _("law")
    BILL_REJECTION = rules.QuestionType.BILL_REJECTION, _("rejection of a bill")
    CONSTITUTIONAL_LAW = rules.QuestionType.CONSTITUTIONAL_LAW, _("constitutional law")
    VETO_OVERRIDE = rules.QuestionType.VETO_OVERRIDE, _("overriding the President's objections")
    RESOLUTION = rules.QuestionType.RESOLUTION, _("resolution")
    APPOINTMENT = rules.QuestionType.APPOINTMENT, _("consent to an appointment")
    NO_CONFIDENCE = rules.QuestionType.NO_CONFIDENCE, _("no confidence in the Government")
    PROCEDURAL = rules.QuestionType.PROCEDURAL, _("procedural question")


class Option(models.TextChoices):
    YES = rules.Option.YES, pgettext_lazy("vote option", "yes")
    NO = rules.Option.NO, pgettext_lazy("vote option", "no")
    ABSTAIN = rules.Option.ABSTAIN, pgettext_lazy("vote option", "abstain")
    NOT_VOTING = rules.Option.NOT_VOTING, pgettext_lazy("vote option", "not voting")
    ABSENT = rules.Option.ABSENT, pgettext_lazy("vote option", "absent")


class VoteResult(models.TextChoices):
    PASS = "pass", _("adopted")
    FAIL = "fail", _("not adopted")


class AgendaItemKind(models.TextChoices):
    BILL_READING = "bill_reading", _("reading of a bill")
    RESOLUTION = "resolution", _("resolution")
    PROCEDURAL = "procedural", _("procedural motion")
    APPOINTMENT = "appointment", _("appointment")
    NO_CONFIDENCE = "no_confidence", _("no-confidence motion")
    RATIFICATION = "ratification", _("ratification of a treaty")
    REPORT = "report", _("report or hearing")
    OTHER = "other", _("other")


class Sitting(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    convocation = models.ForeignKey(Convocation, on_delete=models.PROTECT, related_name="sittings")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=SittingState.choices, default=SittingState.SCHEDULED)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        ordering = ("-starts_at", "-number")
        constraints = [
            models.UniqueConstraint(fields=("convocation", "number"), name="plenary_sitting_number_unique"),
            models.CheckConstraint(condition=Q(state__in=SittingState.values), name="plenary_sitting_state_valid"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(opened_at__isnull=False, closed_at__gte=F("opened_at")),
                name="plenary_sitting_times_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SittingDocument(models.Model):
    """A document of the sitting, published elsewhere and linked here."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), max_length=500)

    class Meta:
        verbose_name = _("sitting document")
        verbose_name_plural = _("sitting documents")
        ordering = ("sitting", "position", "id")

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaItemKind.choices)
    title = models.CharField(_("title"), max_length=500)
    # The bill a reading is about, by its public identifier: legislation is a separate app,
    # so this is a free reference rather than a foreign key.
    subject_ref = models.CharField(_("subject"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ("sitting", "position")
        constraints = [
            models.UniqueConstraint(fields=("sitting", "position"), name="plenary_agenda_position_unique"),
            models.CheckConstraint(condition=Q(kind__in=AgendaItemKind.values), name="plenary_agenda_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Registration(AppendOnlyModel):
    """A deputy registered as present at a sitting; once, for the whole sitting."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="registrations")
    deputy = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="plenary_registrations")
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ("sitting", "registered_at", "id")
        constraints = [
            models.UniqueConstraint(fields=("sitting", "deputy"), name="plenary_registration_once"),
        ]

    def __str__(self) -> str:
        return f"{self.deputy_id} @ {self.sitting_id}"


class VoteEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        if self.filter(state=VoteState.PUBLISHED).exists():
            raise AppendOnlyError("published vote results are immutable")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(state=VoteState.PUBLISHED).exists():
            raise AppendOnlyError("published vote results are immutable")
        return super().delete()


class VoteEvent(models.Model):
    """One vote on an agenda item (Popolo VoteEvent); its counts and result are set when it closes."""

    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="vote_events")
    question_type = models.CharField(_("question type"), max_length=30, choices=QuestionType.choices)
    # What the vote is on, and in plain words what a "yes" decides (kk/ru/en).
    title = models.CharField(_("question"), max_length=500)
    summary = models.CharField(_("what it decides"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=VoteState.choices, default=VoteState.DRAFT)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set when the vote closes, from the ballots and the registrations (kurultai.plenary.rules).
    total_seats = models.PositiveSmallIntegerField(_("total number of deputies"), null=True, blank=True)
    present_count = models.PositiveSmallIntegerField(_("present"), null=True, blank=True)
    yes_count = models.PositiveSmallIntegerField(_("yes"), null=True, blank=True)
    no_count = models.PositiveSmallIntegerField(_("no"), null=True, blank=True)
    abstain_count = models.PositiveSmallIntegerField(_("abstain"), null=True, blank=True)
    not_voting_count = models.PositiveSmallIntegerField(_("not voting"), null=True, blank=True)
    absent_count = models.PositiveSmallIntegerField(_("absent"), null=True, blank=True)
    needed = models.PositiveSmallIntegerField(_("yes votes needed"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=VoteResult.choices, blank=True)

    objects = VoteEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("vote event")
        verbose_name_plural = _("vote events")
        ordering = ("-opened_at", "-id")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=VoteState.values), name="plenary_vote_state_valid"),
            models.CheckConstraint(
                condition=Q(question_type__in=QuestionType.values), name="plenary_vote_question_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(opened_at__isnull=False, closes_at__gt=F("opened_at")),
                name="plenary_vote_closes_after_opening",
            ),
            # A closed or published vote carries its counts and result.
            models.CheckConstraint(
                condition=Q(state__in=[VoteState.DRAFT, VoteState.OPEN])
                | (
                    Q(closed_at__isnull=False, result__in=VoteResult.values)
                    & Q(yes_count__isnull=False, no_count__isnull=False, abstain_count__isnull=False)
                    & Q(not_voting_count__isnull=False, absent_count__isnull=False, present_count__isnull=False)
                ),
                name="plenary_vote_closed_has_result",
            ),
            models.CheckConstraint(
                condition=~Q(state=VoteState.PUBLISHED) | Q(published_at__isnull=False),
                name="plenary_vote_published_has_time",
            ),
        ]
        indexes = [models.Index(fields=("state", "closes_at"))]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "_published_when_loaded", False):
            raise AppendOnlyError("published vote results are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if getattr(self, "_published_when_loaded", False):
            raise AppendOnlyError("published vote results are immutable")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, *args: Any, **kwargs: Any) -> VoteEvent:
        instance = super().from_db(*args, **kwargs)
        instance._published_when_loaded = instance.__dict__.get("state") == VoteState.PUBLISHED
        return instance

    @property
    def rule(self) -> rules.QuestionRule:
        return rules.rule_for(self.question_type)

    def tally(self) -> rules.Tally:
        return rules.Tally(
            yes=self.yes_count or 0,
            no=self.no_count or 0,
            abstain=self.abstain_count or 0,
            not_voting=self.not_voting_count or 0,
            absent=self.absent_count or 0,
        )


class Ballot(models.Model):
    """A deputy's own ballot; one per deputy per vote event, by a unique constraint."""

    vote_event = models.ForeignKey(VoteEvent, on_delete=models.PROTECT, related_name="ballots")
    deputy = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="plenary_ballots")
    option = models.CharField(_("option"), max_length=10, choices=Option.choices[:3])
    cast_at = models.DateTimeField(_("cast at"))
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ("vote_event", "cast_at", "id")
        constraints = [
            models.UniqueConstraint(fields=("vote_event", "deputy"), name="plenary_ballot_one_per_deputy"),
            models.CheckConstraint(
                condition=Q(option__in=[o.value for o in rules.BALLOT_OPTIONS]), name="plenary_ballot_option_valid"
            ),
        ]
        indexes = [models.Index(fields=("deputy", "vote_event"))]

    def __str__(self) -> str:
        return f"{self.deputy_id}: {self.option}"
