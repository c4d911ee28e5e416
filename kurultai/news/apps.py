from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "kurultai.news"
    label = "news"
    verbose_name = "News"
