from django.contrib import admin

from kurultai.analytics.models import CitizenText, DuplicateGroup, ModelRun, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "active", "position", "merged_into")
    list_filter = ("active",)
    search_fields = ("key", "name")
    readonly_fields = ("terms", "weights")


@admin.register(DuplicateGroup)
class DuplicateGroupAdmin(admin.ModelAdmin):
    list_display = ("key", "size", "flagged", "reviewed_at")
    list_filter = ("flagged",)


@admin.register(ModelRun)
class ModelRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "status", "texts", "topics", "duplicate_groups", "method", "seconds")
    exclude = ("model",)


@admin.register(CitizenText)
class CitizenTextAdmin(admin.ModelAdmin):
    # Texts can be private appeals: only the analytics fields are shown, never the text.
    list_display = ("source", "source_ref", "language", "region", "received_on", "topic", "duplicate_group")
    list_filter = ("source", "language")
    fields = ("source", "source_ref", "language", "region", "received_on", "topic", "duplicate_group", "counts")
    readonly_fields = fields
