from django.contrib import admin
from django.http import HttpRequest

from kurultai.modelling.models import VoteForecast


@admin.register(VoteForecast)
class VoteForecastAdmin(admin.ModelAdmin):
    """Recorded forecasts are evidence for their later scoring: read-only here."""

    list_display = ("vote_event", "probability", "needed", "recorded_at")
    readonly_fields = ("vote_event", "recorded_at", "probability", "expected_yes", "needed", "positions", "past_votes")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: VoteForecast | None = None) -> bool:
        return False
