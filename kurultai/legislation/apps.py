from django.apps import AppConfig


class LegislationConfig(AppConfig):
    name = "kurultai.legislation"
    label = "legislation"
    verbose_name = "Legislation"
