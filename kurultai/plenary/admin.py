"""Read-only admin: every plenary write goes through the services (audit entry, ledger leaf)."""

from typing import Any

from django.contrib import admin

from kurultai.plenary.models import AgendaItem, Ballot, Registration, Sitting, VoteEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Sitting)
class SittingAdmin(ReadOnlyAdmin):
    list_display = ("title", "number", "starts_at", "state")
    list_filter = ("state", "convocation")


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ("sitting", "position", "kind", "title", "subject_ref")
    list_filter = ("kind",)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("sitting", "deputy", "registered_at")


@admin.register(VoteEvent)
class VoteEventAdmin(ReadOnlyAdmin):
    list_display = ("slug", "question_type", "state", "yes_count", "no_count", "abstain_count", "result")
    list_filter = ("state", "question_type", "result")


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ("vote_event", "deputy", "option", "cast_at")
    list_filter = ("option",)
    list_select_related = ("vote_event", "deputy")
