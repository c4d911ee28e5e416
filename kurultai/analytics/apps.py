from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "kurultai.analytics"
    label = "analytics"
    verbose_name = "Analytics"
