"""The plain-language change summary in kk, ru and en, and readability scores."""

from __future__ import annotations

import pytest

from kurultai.legislation import demo_texts
from kurultai.legislation.amend import Insert, Renumber, Repeal, Replace, consolidate
from kurultai.legislation.authoring import parse
from kurultai.legislation.diff import diff
from kurultai.legislation.summary import (
    chain_of,
    document_readability,
    name_en,
    name_kk,
    name_ru,
    readability,
    summarise,
    summary,
    syllables,
)
from kurultai.legislation.text import Kind, Provision

BASE = """Закон

Глава 1. Общие

Статья 12. Понятия
1. Гражданин вправе получать сведения о деятельности государственных органов.
2. Государственные органы обязаны публиковать отчеты ежегодно.

Статья 13. Сроки
Запрос рассматривается в течение пятнадцати дней.

Статья 15. Порядок
1. Первый пункт о порядке.
2. Второй пункт о порядке.
3. Третий пункт о порядке.

Глава 2. Другая
"""


def summaries(amendments):
    old = parse(BASE)
    return summarise(diff(old, consolidate(old, amendments)))


def test_the_example_from_the_issue():
    whole = Provision(
        Kind.ARTICLE,
        "12",
        "Новые понятия",
        children=(
            Provision(Kind.PARAGRAPH, "1", content="Совершенно иной текст первого пункта."),
            Provision(Kind.PARAGRAPH, "2", content="И второго пункта тоже."),
        ),
    )
    result = summaries(
        [
            Replace("chp_1__art_12", provision=whole),
            Insert("chp_1__art_12", Provision(Kind.ARTICLE, "12-1", "Новая статья", "Текст.")),
            Repeal("chp_1__art_15__para_3"),
        ]
    )
    assert result == {
        "en": ["Article 12 is replaced.", "Article 12-1 is added.", "Paragraph 3 of Article 15 is repealed."],
        "ru": [
            "Статья 12 излагается в новой редакции.",
            "Текст дополняется статьёй 12-1.",
            "Пункт 3 статьи 15 исключается.",
        ],
        "kk": ["12-бап жаңа редакцияда жазылды.", "12-1-баппен толықтырылды.", "15-баптың 3-тармағы алып тасталды."],
    }


def test_small_word_changes_are_quoted():
    result = summaries([Replace("chp_1__art_13", content="Запрос рассматривается в течение десяти дней.")])
    assert result["ru"] == ["В статье 13 слово «пятнадцати» заменяется словом «десяти»."]
    assert result["kk"] == ["13-баптағы «пятнадцати» деген сөз «десяти» деген сөзбен ауыстырылды."]
    assert result["en"] == ["In Article 13, the word “пятнадцати” is replaced with the word “десяти”."]


def test_added_paragraph_renumbering_and_moves():
    result = summaries(
        [
            Insert("chp_1__art_15", Provision(Kind.PARAGRAPH, "4", content="Четвертый пункт."), "append"),
            Renumber("chp_1__art_13", "14"),
        ]
    )
    assert result["en"] == ["Article 13 is renumbered as Article 14.", "Paragraph 4 is added to Article 15."]
    assert result["ru"] == ["Статья 13 считается статьёй 14.", "Статья 15 дополняется пунктом 4."]
    assert result["kk"] == ["13-бап 14-бап болып қайта нөмірленді.", "15-бап 4-тармақпен толықтырылды."]
    moved = BASE.replace("Статья 13. Сроки\nЗапрос рассматривается в течение пятнадцати дней.\n\n", "")
    moved += "\nСтатья 13. Сроки\nЗапрос рассматривается в течение пятнадцати дней.\n"
    result = summarise(diff(parse(BASE), parse(moved)))
    assert result["en"] == ["Article 13 is moved to Chapter 2."]
    assert result["ru"] == ["Статья 13 переносится в главу 2."]
    assert result["kk"] == ["13-бап 2-тарауға ауыстырылды."]


def test_heading_and_title_changes():
    result = summaries([Replace("chp_1__art_15", heading="Новый порядок")])
    assert result["ru"] == ["Заголовок статьи 15 излагается в новой редакции."]
    assert result["kk"] == ["15-баптың тақырыбы жаңа редакцияда жазылды."]
    assert result["en"] == ["The heading of Article 15 is replaced."]


def test_names_of_nested_provisions():
    chain = chain_of("chp_1__art_15__para_3__point_1")
    assert name_en(chain) == "subparagraph 1) of paragraph 3 of Article 15"
    assert name_ru(chain) == "подпункт 1) пункта 3 статьи 15"
    assert name_ru(chain, "loc") == "подпункте 1) пункта 3 статьи 15"
    assert name_kk(chain) == "15-баптың 3-тармағының 1) тармақшасы"
    assert name_kk(chain, "dat") == "15-баптың 3-тармағының 1) тармақшасына"
    assert chain_of("part_1__chp_2") == [(Kind.CHAPTER, "2")]


@pytest.mark.parametrize("language", demo_texts.LANGUAGES)
def test_demo_amendments_summary(language):
    old = demo_texts.load(demo_texts.ACT, language)
    sentences = summary(diff(old, consolidate(old, demo_texts.amendments(language))), language)
    assert len(sentences) == 6
    assert (
        sentences[-1]
        == {
            "ru": "Подпункт 3) пункта 1 статьи 6 исключается.",
            "kk": "6-баптың 1-тармағының 3) тармақшасы алып тасталды.",
        }[language]
    )


def test_no_changes_no_sentences():
    doc = parse(BASE)
    assert summarise(diff(doc, doc)) == {"kk": [], "ru": [], "en": []}


def test_readability_formulas():
    ru = readability("Мама мыла раму. Папа читал газету.", "ru")
    assert (ru.sentences, ru.words, ru.syllables) == (2, 6, 13)
    assert ru.score == pytest.approx(206.835 - 1.3 * 3 - 60.1 * 13 / 6, abs=0.05)
    en = readability("The cat sat on the mat.", "en")
    assert en.score == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 1, abs=0.05)
    assert syllables("Әділет", "kk") == 3
    assert readability("", "kk").words == 0
    with pytest.raises(ValueError, match="language"):
        readability("x", "de")


def test_plain_text_reads_easier_than_legal_text():
    legal = demo_texts.load(demo_texts.ACT, "ru")
    plain = parse("Закон\n\nСтатья 1. Суть\nКаждый может спросить. Орган ответит за десять дней.\n")
    assert document_readability(plain).score > document_readability(legal).score
    kk = document_readability(demo_texts.load(demo_texts.ACT, "kk"))
    assert kk.language == "kk"
    assert abs(kk.score - document_readability(legal).score) < 20
