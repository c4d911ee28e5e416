from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "kurultai.portal"
    label = "portal"
    verbose_name = "Portal"
