from modeltranslation.translator import TranslationOptions, register

from kurultai.legislation.models import Act, Amendment, Bill, BillVersion, Consultation


@register(Act)
class ActTranslation(TranslationOptions):
    fields = ("title",)


@register(Bill)
class BillTranslation(TranslationOptions):
    fields = ("title", "initiator", "citizen_summary")


@register(BillVersion)
class BillVersionTranslation(TranslationOptions):
    fields = ("label",)


@register(Amendment)
class AmendmentTranslation(TranslationOptions):
    fields = ("justification", "recommendation_note")


@register(Consultation)
class ConsultationTranslation(TranslationOptions):
    fields = ("response",)
