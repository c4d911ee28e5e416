"""Forecasts recorded before a vote, so they can be scored honestly after it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VoteForecast(models.Model):
    """One forecast per vote event, recorded while the vote is still to come; never edited."""

    vote_event = models.OneToOneField("plenary.VoteEvent", on_delete=models.PROTECT, related_name="forecast")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    probability = models.FloatField(_("chance of passing"))
    expected_yes = models.FloatField(_("expected yes votes"))
    needed = models.PositiveSmallIntegerField(_("yes votes needed"))
    positions = models.JSONField(_("faction positions"), default=dict)
    past_votes = models.PositiveIntegerField(_("past votes used"))

    class Meta:
        verbose_name = _("vote forecast")
        verbose_name_plural = _("vote forecasts")
        ordering = ("-recorded_at",)
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=0) & Q(probability__lte=1), name="voteforecast_probability_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vote_event_id}: {self.probability:.2f}"


class BillReform(models.Model):
    """The tax-benefit change a bill carries, as parameter overrides of the fiscal model."""

    bill = models.OneToOneField("legislation.Bill", on_delete=models.PROTECT, related_name="fiscal_reform")
    name = models.CharField(_("name"), max_length=300)
    parameters = models.JSONField(_("parameters"))
    formulas = models.JSONField(_("formula changes"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("fiscal reform of a bill")
        verbose_name_plural = _("fiscal reforms of bills")

    def __str__(self) -> str:
        return self.name
