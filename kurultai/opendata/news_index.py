"""News articles in the site search: one more kind of document, registered with ``search.register``.

Kept on the open-data side so the news app stays unaware of the index, like every capability app.
"""

from __future__ import annotations

from typing import Any

from kurultai.opendata.search import LANGS, Doc, Source, _day, _per_lang, register

KIND = "news"


def _article(a: Any) -> Doc | None:
    from kurultai.news.models import ArticleStatus

    if a.status != ArticleStatus.PUBLISHED:
        return None
    summaries, bodies = _per_lang(a, "summary"), _per_lang(a, "body")
    return Doc(
        KIND,
        a.slug,
        "news:detail",
        _per_lang(a, "title"),
        {lang: "\n".join(x for x in (summaries[lang], bodies[lang]) if x) for lang in LANGS},
        date=_day(a.published_at),
    )


def register_news() -> None:
    from kurultai.news.models import Article

    register(Article, Source(KIND, _article))
