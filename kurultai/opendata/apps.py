from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "kurultai.opendata"
    label = "opendata"
    verbose_name = "Open data"

    def ready(self) -> None:
        # The search index follows the records it indexes in the same transaction. The
        # capability apps own their services; hooking their saves here keeps them unaware
        # of the index (the portal side may read every app, never the other way round).
        from kurultai.opendata import signals
        from kurultai.opendata.news_index import register_news

        signals.connect()
        register_news()
