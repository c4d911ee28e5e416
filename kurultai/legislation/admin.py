"""Read-only admin: every legislation write goes through the services (audit entry, ledger leaf)."""

from typing import Any

from django.contrib import admin

from kurultai.legislation.models import (
    Act,
    ActVersion,
    Amendment,
    Bill,
    BillVersion,
    Comment,
    Consultation,
    StageTransition,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Act)
class ActAdmin(ReadOnlyAdmin):
    list_display = ("title", "number", "kind", "adopted_on", "is_demo")


@admin.register(ActVersion)
class ActVersionAdmin(ReadOnlyAdmin):
    list_display = ("act", "valid_from", "source_bill", "sha256")
    exclude = ("text_kk", "text_ru", "text_en")


@admin.register(Bill)
class BillAdmin(ReadOnlyAdmin):
    list_display = ("slug", "title", "bill_type", "initiator_kind", "stage", "priority", "registered_on")
    list_filter = ("stage", "bill_type", "initiator_kind")
    search_fields = ("slug", "title")


@admin.register(BillVersion)
class BillVersionAdmin(ReadOnlyAdmin):
    list_display = ("bill", "number", "label", "kind", "published_on", "sha256")
    exclude = ("text_kk", "text_ru", "text_en")


@admin.register(StageTransition)
class StageTransitionAdmin(ReadOnlyAdmin):
    list_display = ("bill", "number", "from_stage", "to_stage", "at", "actor_role", "vote_event_ref")


@admin.register(Amendment)
class AmendmentAdmin(ReadOnlyAdmin):
    list_display = ("bill", "number", "target_eid", "recommendation", "outcome")
    list_filter = ("outcome", "recommendation")


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("bill", "version", "opened_on", "closes_on", "working_days")


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "consultation", "eid", "status", "created_at")
    list_filter = ("status",)
