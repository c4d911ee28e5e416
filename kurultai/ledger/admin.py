from django.contrib import admin

from kurultai.ledger.models import LedgerEntry, TreeHead


class ReadOnlyAdmin(admin.ModelAdmin):
    """The public record is written only by its services; the admin only reads it."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("index", "kind", "at", "leaf_hash")
    list_filter = ("kind",)
    search_fields = ("kind", "leaf_hash")


@admin.register(TreeHead)
class TreeHeadAdmin(ReadOnlyAdmin):
    list_display = ("tree_size", "root_hash", "timestamp")
