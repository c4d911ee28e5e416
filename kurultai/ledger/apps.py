from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "kurultai.ledger"
    label = "ledger"
    verbose_name = "Public record"
