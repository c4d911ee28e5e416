"""Fixtures for news tests: the demo accounts and articles made by the real services."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kurultai.accounts.models import User
from kurultai.news import services
from kurultai.news.models import Article


@pytest.fixture
def staff(db) -> User:
    return User.objects.get(username="staff")


@pytest.fixture
def citizen(db) -> User:
    return User.objects.get(username="citizen")


@pytest.fixture
def citizen2(db) -> User:
    return User.objects.get(username="citizen2")


@pytest.fixture
def moderator(db) -> User:
    return User.objects.get(username="moderator")


TEXTS = {
    "title_kk": "Тест жаңалығы",
    "body_kk": "Қазақша мәтін.",
    "title_ru": "Тестовая новость о бюджете",
    "body_ru": "Текст на русском.\n\nВторой абзац.",
    "title_en": "A test news article",
    "body_en": "English text.",
    "summary_ru": "Кратко о главном.",
}


@pytest.fixture
def make_article(staff) -> Callable[..., Article]:
    counter = {"n": 0}

    def make(*, publish: bool = True, slug: str | None = None, **texts: str) -> Article:
        counter["n"] += 1
        return services.article_create(
            actor=staff, slug=slug or f"test-article-{counter['n']}", texts={**TEXTS, **texts}, publish=publish
        )

    return make
