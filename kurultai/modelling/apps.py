from django.apps import AppConfig


class ModellingConfig(AppConfig):
    name = "kurultai.modelling"
    label = "modelling"
    verbose_name = "Modelling"
