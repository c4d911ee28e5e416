from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from kurultai.elections.models import Candidate, Election, PartyList


class PartyListInline(admin.TabularInline):
    model = PartyList
    extra = 0
    fields = ("registration_order", "label", "party", "eligible", "minority", "votes", "seats", "passed_threshold")
    readonly_fields = ("seats", "passed_threshold")


@admin.register(Election)
class ElectionAdmin(TranslationAdmin):
    list_display = ("name", "polling_date", "seats", "method", "threshold_percent", "status", "illustrative")
    readonly_fields = ("status", "certified_at", "convocation", "threshold_votes")
    inlines = [PartyListInline]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("person", "party_list", "position", "status")
    list_filter = ("status", "party_list__election")
    search_fields = ("person__name",)
