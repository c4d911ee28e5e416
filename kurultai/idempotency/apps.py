from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "kurultai.idempotency"
    label = "idempotency"
    verbose_name = "Idempotent requests"
    default_auto_field = "django.db.models.BigAutoField"
