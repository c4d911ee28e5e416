from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "kurultai.oversight"
    label = "oversight"
    verbose_name = "Oversight"
