from modeltranslation.translator import TranslationOptions, register

from kurultai.registry.models import Area, Convocation, Organization, Person, Post


@register(Area)
class AreaTranslation(TranslationOptions):
    fields = ("name", "admin_center")


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "short_name", "description")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(Post)
class PostTranslation(TranslationOptions):
    fields = ("label",)


@register(Convocation)
class ConvocationTranslation(TranslationOptions):
    fields = ("name",)
