from modeltranslation.translator import TranslationOptions, register

from kurultai.news.models import Article


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
