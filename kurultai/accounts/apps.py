from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kurultai.accounts"
    label = "accounts"
    verbose_name = "Accounts"
