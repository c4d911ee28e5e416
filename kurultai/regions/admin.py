"""Admin: read-only views; every write goes through a service with its checks and audit entry."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kurultai.regions.models import BillSubmission, CouncilSession, MaslikhatDelegate, RegionalInitiative


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RegionalInitiative)
class RegionalInitiativeAdmin(ReadOnlyAdmin):
    list_display = ("slug", "title", "maslikhat", "kind", "status", "submitted_at")
    list_filter = ("status", "kind")


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyAdmin):
    list_display = ("slug", "title", "starts_at", "status")


@admin.register(MaslikhatDelegate)
class MaslikhatDelegateAdmin(ReadOnlyAdmin):
    list_display = ("user", "maslikhat", "person", "start_date", "end_date")


@admin.register(BillSubmission)
class BillSubmissionAdmin(ReadOnlyAdmin):
    list_display = ("organization", "bill_ref", "title", "submitted_on")
