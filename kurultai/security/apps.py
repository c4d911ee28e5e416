from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "kurultai.security"
    label = "security"
    verbose_name = _("Security and privacy")
    default_auto_field = "django.db.models.BigAutoField"
