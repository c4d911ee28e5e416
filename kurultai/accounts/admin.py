from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from kurultai.accounts.models import ApiToken, CitizenProfile, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Kurultai", {"fields": ("display_name", "person_slug")}))
    list_display = ("username", "display_name", "is_staff", "is_active")


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    # The IIN hash is not shown: it identifies a person to anyone holding the key.
    list_display = ("user", "region_code", "birth_year", "sex", "verified_at", "verification_method")
    list_filter = ("region_code", "sex")
    exclude = ("iin_hash",)
    readonly_fields = ("user", "region_code", "birth_year", "sex", "verification_method")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # Only citizen_verify (a checked IIN) makes a profile; the add form has no user and failed with a 500.
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
    readonly_fields = ("prefix", "user", "created_at", "last_used_at")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # Tokens are issued by token_create (`kurultai token create`), which shows the key once;
        # the add form has no user and failed with a 500.
        return False
