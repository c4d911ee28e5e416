from modeltranslation.translator import TranslationOptions, register

from kurultai.oversight.models import (
    AgendaItem,
    CommitteeMeeting,
    CommitteeProfile,
    GovernmentReport,
    Hearing,
    Inquiry,
    Investigation,
    MeetingDecision,
    OversightDocument,
    Recommendation,
    ReportQuestion,
)


@register(CommitteeProfile)
class CommitteeProfileTranslation(TranslationOptions):
    fields = ("mandate",)


@register(CommitteeMeeting)
class CommitteeMeetingTranslation(TranslationOptions):
    fields = ("title", "minutes")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title",)


@register(MeetingDecision)
class MeetingDecisionTranslation(TranslationOptions):
    fields = ("text",)


@register(Investigation)
class InvestigationTranslation(TranslationOptions):
    fields = ("title", "opening_decision", "mandate", "scope", "final_report")


@register(Hearing)
class HearingTranslation(TranslationOptions):
    fields = ("topic", "description", "minutes")


@register(OversightDocument)
class OversightDocumentTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("text",)


@register(Inquiry)
class InquiryTranslation(TranslationOptions):
    fields = ("subject", "text", "answer_text")


@register(GovernmentReport)
class GovernmentReportTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(ReportQuestion)
class ReportQuestionTranslation(TranslationOptions):
    fields = ("question", "answer")
