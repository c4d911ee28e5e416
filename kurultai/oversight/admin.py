"""Admin: rules are edited here (through the service, so the change is audited); the rest is read-only,
because every other write goes through a service with its permission checks and audit entry."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kurultai.oversight import services
from kurultai.oversight.models import (
    CommitteeMeeting,
    GovernmentReport,
    GovernmentRespondent,
    Hearing,
    Inquiry,
    Investigation,
    OversightRule,
    StateBodyProfile,
)


@admin.register(OversightRule)
class OversightRuleAdmin(admin.ModelAdmin):
    list_display = ("key", "value", "status", "updated_at")
    fields = ("key", "value", "status", "citation")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.rule_set(key=obj.key, value=obj.value, citation=obj.citation, status=obj.status, actor=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Inquiry)
class InquiryAdmin(ReadOnlyAdmin):
    list_display = ("slug", "subject", "state_body", "status", "rating", "registered_on", "deadline")
    list_filter = ("status", "rating", "state_body")
    search_fields = ("slug", "subject")


@admin.register(Hearing)
class HearingAdmin(ReadOnlyAdmin):
    list_display = ("slug", "topic", "committee", "starts_at", "status")
    list_filter = ("status", "committee")


@admin.register(Investigation)
class InvestigationAdmin(ReadOnlyAdmin):
    list_display = ("slug", "title", "committee", "opened_on", "status")


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(ReadOnlyAdmin):
    list_display = ("slug", "title", "committee", "starts_at", "status")
    list_filter = ("committee",)


@admin.register(GovernmentReport)
class GovernmentReportAdmin(ReadOnlyAdmin):
    list_display = ("slug", "title", "state_body", "committee", "presented_on")


@admin.register(StateBodyProfile)
class StateBodyProfileAdmin(ReadOnlyAdmin):
    list_display = ("organization", "kind", "website")


@admin.register(GovernmentRespondent)
class GovernmentRespondentAdmin(ReadOnlyAdmin):
    list_display = ("user", "state_body", "start_date", "end_date")
