from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "kurultai.regions"
    label = "regions"
    verbose_name = "Council of Regions"
