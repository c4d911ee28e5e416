from django.apps import AppConfig


class PlenaryConfig(AppConfig):
    name = "kurultai.plenary"
    label = "plenary"
    verbose_name = "Plenary"
