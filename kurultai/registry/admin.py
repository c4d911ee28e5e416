from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from kurultai.registry.models import Area, Convocation, Membership, Organization, Person, Post, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("note", "url", "retrieved_on")
    search_fields = ("note", "url")


@admin.register(Area)
class AreaAdmin(TranslationAdmin):
    list_display = ("identifier", "name", "classification", "population", "population_date", "population_source")
    list_filter = ("classification",)
    search_fields = ("identifier", "name")
    # Population is editable here: an operator replaces approximations with official figures.
    fields = (
        "slug",
        "identifier",
        "name",
        "classification",
        "parent",
        "admin_center",
        "population",
        "population_date",
        "population_source",
        "population_approx",
        "maslikhat_seats",
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0
    autocomplete_fields = ("organization", "on_behalf_of", "area")
    fields = ("organization", "role", "on_behalf_of", "area", "start_date", "end_date")


@admin.register(Person)
class PersonAdmin(TranslationAdmin):
    list_display = ("name", "gender", "is_demo", "updated_at")
    list_filter = ("gender", "is_demo")
    search_fields = ("name", "slug", "family_name")
    inlines = [MembershipInline]


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin):
    list_display = ("name", "classification", "parent")
    list_filter = ("classification",)
    search_fields = ("name", "slug")
    filter_horizontal = ("sources",)


@admin.register(Post)
class PostAdmin(TranslationAdmin):
    list_display = ("label", "role", "organization")
    search_fields = ("label",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "organization", "role", "on_behalf_of", "start_date", "end_date")
    list_filter = ("role", "organization__classification")
    search_fields = ("person__name", "organization__name")
    autocomplete_fields = ("person", "organization", "on_behalf_of", "area")


@admin.register(Convocation)
class ConvocationAdmin(TranslationAdmin):
    list_display = ("name", "number", "start_date", "end_date", "seats")
