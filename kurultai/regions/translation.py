from modeltranslation.translator import TranslationOptions, register

from kurultai.regions.models import (
    BillSubmission,
    CouncilSession,
    RegionalInitiative,
    SessionAgendaItem,
    SessionDecision,
)


@register(CouncilSession)
class CouncilSessionTranslation(TranslationOptions):
    fields = ("title", "minutes")


@register(SessionAgendaItem)
class SessionAgendaItemTranslation(TranslationOptions):
    fields = ("title",)


@register(SessionDecision)
class SessionDecisionTranslation(TranslationOptions):
    fields = ("text",)


@register(RegionalInitiative)
class RegionalInitiativeTranslation(TranslationOptions):
    fields = ("title", "text")


@register(BillSubmission)
class BillSubmissionTranslation(TranslationOptions):
    fields = ("title",)
