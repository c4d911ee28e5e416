from modeltranslation.translator import TranslationOptions, register

from kurultai.elections.models import Election, PartyList


@register(Election)
class ElectionTranslation(TranslationOptions):
    fields = ("name",)


@register(PartyList)
class PartyListTranslation(TranslationOptions):
    fields = ("label",)
