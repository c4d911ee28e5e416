"""Admin: rules and responders are configured here; citizen content is read-only (services write it)."""

from __future__ import annotations

from django.contrib import admin

from kurultai.participation.models import (
    Appeal,
    ParticipationRule,
    Petition,
    Proposal,
    Report,
    Responder,
    SignatureBurst,
    SignatureInvalidation,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the services (audit entries, notices); the admin only looks."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ParticipationRule)
class ParticipationRuleAdmin(admin.ModelAdmin):
    list_display = ("key", "value", "updated_at")


@admin.register(Responder)
class ResponderAdmin(ReadOnlyAdmin):
    list_display = ("user", "organization", "created_at", "ended_at")
    list_filter = ("organization__classification",)


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    # Appeals are private: the admin lists them by number and state only, without their text.
    list_display = ("number", "status", "addressee_kind", "registered_on", "answer_due")
    list_filter = ("status", "addressee_kind")
    fields = ("number", "status", "addressee_kind", "registered_on", "answer_due")


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    list_display = ("slug", "title", "status", "addressee_kind", "signature_count", "threshold")
    list_filter = ("status", "addressee_kind")
    exclude = ("signer_salt",)


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("slug", "title", "status", "addressee_org")
    list_filter = ("status", "addressee_kind")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("content_kind", "content_id", "reason", "status", "created_at")
    list_filter = ("status", "reason")


@admin.register(SignatureBurst)
class SignatureBurstAdmin(ReadOnlyAdmin):
    list_display = ("petition", "network", "count", "status", "detected_at")


@admin.register(SignatureInvalidation)
class SignatureInvalidationAdmin(ReadOnlyAdmin):
    list_display = ("petition", "network", "count", "at")
