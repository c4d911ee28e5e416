from modeltranslation.translator import TranslationOptions, register

from kurultai.plenary.models import AgendaItem, Sitting, SittingDocument, VoteEvent


@register(Sitting)
class SittingTranslation(TranslationOptions):
    fields = ("title", "transcript")


@register(SittingDocument)
class SittingDocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title",)


@register(VoteEvent)
class VoteEventTranslation(TranslationOptions):
    fields = ("title", "summary")
