from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "kurultai.elections"
    label = "elections"
    verbose_name = "Elections"
