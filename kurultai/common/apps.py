from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "kurultai.common"
    label = "common"
    verbose_name = "Common"
