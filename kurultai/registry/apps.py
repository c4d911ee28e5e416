from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "kurultai.registry"
    label = "registry"
    verbose_name = "Registry"
