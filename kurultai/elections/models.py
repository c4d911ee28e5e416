"""Elections: party lists with ranked candidates, results, certified allocation, mandates."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kurultai.elections.allocation import METHODS
from kurultai.registry.models import Area, Convocation, Organization, Person


class ElectionStatus(models.TextChoices):
    REGISTRATION = "registration", _("lists being registered")
    RESULTS = "results", _("results entered")
    CERTIFIED = "certified", _("results certified")
    FORMED = "formed", _("convocation formed")


class Election(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    parliament = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="elections")
    polling_date = models.DateField(_("polling date"))
    seats = models.PositiveSmallIntegerField(_("seats"))
    method = models.CharField(_("method"), max_length=30, choices=[(m, m) for m in METHODS], default="hare")
    threshold_percent = models.DecimalField(_("threshold, %"), max_digits=6, decimal_places=3, default=5)
    min_lists = models.PositiveSmallIntegerField(_("minimum lists admitted"), default=2)
    rules_citation = models.CharField(
        _("rules citation"), max_length=300, default='Constitutional Law "On Elections", Art. 97-1'
    )
    # List-composition rule as data: a combined quota for women, youth and persons with
    # disabilities. The exact article of the rule was not found (shared/data/law-kurultai.md).
    list_quota_percent = models.PositiveSmallIntegerField(_("list quota, %"), default=30)
    list_quota_citation = models.CharField(
        _("list quota citation"),
        max_length=300,
        default='Constitutional Law "On Elections" and Law "On Political Parties" (2020-2021 amendments); '
        "retained for the Kurultai per the OSCE statement [K10]; article number not found",
    )
    candidate_min_age = models.PositiveSmallIntegerField(_("minimum candidate age"), default=25)
    # Demo elections use illustrative figures; every page that shows them says so.
    illustrative = models.BooleanField(_("illustrative figures"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ElectionStatus.choices, default=ElectionStatus.REGISTRATION
    )
    certified_at = models.DateTimeField(_("certified at"), null=True, blank=True)
    convocation = models.OneToOneField(
        Convocation, null=True, blank=True, on_delete=models.PROTECT, related_name="election"
    )
    threshold_votes = models.BigIntegerField(_("threshold votes"), null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ("-polling_date",)
        constraints = [
            models.CheckConstraint(condition=Q(seats__gt=0), name="election_seats_positive"),
            models.CheckConstraint(
                condition=Q(threshold_percent__gte=0) & Q(threshold_percent__lte=100), name="election_threshold_range"
            ),
            models.CheckConstraint(condition=Q(list_quota_percent__lte=100), name="election_quota_range"),
        ]

    def __str__(self) -> str:
        return self.name


class PartyList(models.Model):
    """A registered list, or a non-list row of the result such as "against all" (no party)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="lists")
    party = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="party_lists")
    label = models.CharField(_("label"), max_length=200)
    # Registration order decides ties (Art. 97-1), so it is part of the data.
    registration_order = models.PositiveSmallIntegerField(_("registration order"))
    eligible = models.BooleanField(_("can win seats"), default=True)
    minority = models.BooleanField(_("minority list"), default=False)
    votes = models.BigIntegerField(_("votes"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    passed_threshold = models.BooleanField(_("passed the threshold"), null=True, blank=True)

    class Meta:
        verbose_name = _("party list")
        verbose_name_plural = _("party lists")
        ordering = ("election", "registration_order")
        constraints = [
            models.UniqueConstraint(fields=("election", "registration_order"), name="partylist_order_unique"),
            models.UniqueConstraint(
                fields=("election", "party"), condition=Q(party__isnull=False), name="partylist_party_unique"
            ),
            models.CheckConstraint(condition=Q(votes__isnull=True) | Q(votes__gte=0), name="partylist_votes_nonneg"),
            models.CheckConstraint(
                condition=Q(eligible=False) | Q(party__isnull=False), name="partylist_eligible_has_party"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class CandidateStatus(models.TextChoices):
    LISTED = "listed", _("on the list")
    ELECTED = "elected", _("elected")
    DECLINED = "declined", _("declined the mandate")
    WITHDRAWN = "withdrawn", _("withdrawn")
    VACATED = "vacated", _("mandate ended")


class Candidate(models.Model):
    party_list = models.ForeignKey(PartyList, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="candidacies")
    position = models.PositiveSmallIntegerField(_("position"))
    # The region the candidate lives in; the deputy page shows it ("deputies from the region").
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    youth = models.BooleanField(_("youth"), default=False)
    disability = models.BooleanField(_("person with disability"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.LISTED
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ("party_list", "position")
        constraints = [
            models.UniqueConstraint(fields=("party_list", "position"), name="candidate_position_unique"),
            models.UniqueConstraint(fields=("party_list", "person"), name="candidate_person_unique"),
            models.CheckConstraint(condition=Q(position__gte=1), name="candidate_position_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.person}"
