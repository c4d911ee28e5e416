from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "kurultai.participation"
    label = "participation"
    verbose_name = "Participation"
