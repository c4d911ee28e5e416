"""Demo news: a few articles in Kazakh, Russian and English, with a week of views and some comments."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.news import services
from kurultai.news.models import Article

ARTICLES: list[dict[str, str]] = [
    {
        "slug": "autumn-session-opens",
        "title_kk": "Құрылтайдың күзгі сессиясы ашылды",
        "title_ru": "Открылась осенняя сессия Курултая",
        "title_en": "The Kurultai opens its autumn session",
        "summary_kk": "Депутаттар сессияның алғашқы отырысында күн тәртібін бекітті.",
        "summary_ru": "На первом заседании сессии депутаты утвердили повестку дня.",
        "summary_en": "At the first sitting of the session the deputies approved the agenda.",
        "body_kk": "Құрылтайдың күзгі сессиясы бүгін ашылды.\n\nБірінші отырыста депутаттар күн тәртібін бекітіп, "
        "комитеттердің жұмыс жоспарларын тыңдады.",
        "body_ru": "Сегодня открылась осенняя сессия Курултая.\n\nНа первом заседании депутаты утвердили повестку "
        "дня и заслушали планы работы комитетов.",
        "body_en": "The autumn session of the Kurultai opened today.\n\nAt the first sitting the deputies approved "
        "the agenda and heard the committees' work plans.",
    },
    {
        "slug": "public-consultation-on-budget-code",
        "title_kk": "Бюджет кодексі бойынша қоғамдық талқылау басталды",
        "title_ru": "Началось общественное обсуждение Бюджетного кодекса",
        "title_en": "Public consultation on the Budget Code begins",
        "summary_kk": "Азаматтар жобаның әр бабына пікір қалдыра алады.",
        "summary_ru": "Граждане могут оставить комментарий к каждой статье проекта.",
        "summary_en": "Citizens can comment on every article of the draft.",
        "body_kk": "Жоба порталда жарияланды. Тексерілген азаматтар әр бапқа пікір жаза алады.\n\n"
        "Талқылау қорытындысын комитет қарайды.",
        "body_ru": "Проект опубликован на портале. Проверенные граждане могут комментировать каждую статью.\n\n"
        "Итоги обсуждения рассмотрит комитет.",
        "body_en": "The draft is published on the portal. Verified citizens can comment on each article.\n\n"
        "The committee will consider the results of the consultation.",
    },
    {
        "slug": "hearing-on-water-resources",
        "title_kk": "Су ресурстары жөніндегі тыңдау",
        "title_ru": "Слушания о водных ресурсах",
        "title_en": "Hearing on water resources",
        "summary_kk": "Комитет Үкімет өкілдері мен сарапшыларды тыңдады.",
        "summary_ru": "Комитет заслушал представителей Правительства и экспертов.",
        "summary_en": "The committee heard the Government and experts.",
        "body_kk": "Тыңдауда су үнемдеу технологиялары мен өңірлердегі су тапшылығы талқыланды.",
        "body_ru": "На слушаниях обсуждались технологии водосбережения и дефицит воды в регионах.",
        "body_en": "The hearing discussed water-saving technology and water shortages in the regions.",
    },
    {
        "slug": "open-data-portal-launched",
        "title_kk": "Ашық деректер порталы іске қосылды",
        "title_ru": "Запущен портал открытых данных",
        "title_en": "Open data portal launched",
        "summary_kk": "Дауыс берулер, заң жобалары мен петициялар машинаға оқылатын пішінде.",
        "summary_ru": "Голосования, законопроекты и петиции в машиночитаемом виде.",
        "summary_en": "Votes, bills and petitions in machine-readable form.",
        "body_kk": "Енді Құрылтайдың барлық ашық деректерін бір жерден жүктеуге болады.",
        "body_ru": "Теперь все открытые данные Курултая можно скачать в одном месте.",
        "body_en": "All the Kurultai's open data can now be downloaded in one place.",
    },
]
# Days ago each article was published (the first one in the previous month, for the archive).
PUBLISHED_DAYS_AGO = (40, 5, 2, 0)
COMMENTS = [
    (1, "citizen", "Хорошо, что каждую статью можно прокомментировать."),
    (1, "citizen2", "Бюджет кодексі туралы пікірімді жаздым."),
    (2, "citizen3", "Please publish the minutes of the hearing too."),
    (1, "citizen3", "When does the consultation close?"),
]


def demo_news(rnd: random.Random | None = None) -> int:
    """Load the demo articles once (idempotent); returns how many were made."""
    rnd = rnd or random.Random(2026)
    if Article.objects.filter(slug=ARTICLES[0]["slug"]).exists():
        return 0
    author = User.objects.filter(username="staff").first() or SYSTEM
    now = timezone.now()
    articles = []
    for data, days_ago in zip(ARTICLES, PUBLISHED_DAYS_AGO, strict=True):
        texts = {k: v for k, v in data.items() if k != "slug"}
        article = services.article_create(actor=author, slug=data["slug"], texts=texts)
        articles.append(services.article_publish(article=article, actor=author, at=now - timedelta(days=days_ago)))
    today = timezone.localdate()
    for i, article in enumerate(articles):
        for back in range(7):
            views = rnd.randint(3, 40) * (i + 1)
            if article.published_at and article.published_at.date() <= today - timedelta(days=back):
                services.article_view_record(article=article, day=today - timedelta(days=back), count=views)
    for index, username, text in COMMENTS:
        citizen = User.objects.filter(username=username).first()
        if citizen is not None:
            services.comment_create(article=articles[index], actor=citizen, text=text, at=now - timedelta(hours=index))
    return len(articles)
