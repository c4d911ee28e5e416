"""The authoring format: Kazakh and Russian bills, round trips, and errors with line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from kurultai.legislation.authoring import ParseError, detect_language, parse, render_text, serialise
from kurultai.legislation.tests.strategies import documents
from kurultai.legislation.text import Kind

DEMO = Path(__file__).resolve().parents[1] / "demo_texts"
FAST = settings(max_examples=150, deadline=None)

RU = """О внесении изменений

Настоящий Закон вносит изменения.

ЧАСТЬ 1
# Раздел 1. Общие положения
## Глава 2. ПОНЯТИЯ

Статья 12. Основные понятия
В настоящем Законе используются понятия:
1) информация – сведения;
а) первое;
б) второе;
2) обладатель – лицо.

Статья 12-1. Исключена.

Статья 13.
1. Первый пункт.
Продолжение первого пункта.
2. Исключен Законом РК от 1 июля 2026 года.
"""

KK = """Тест туралы

1-тарау. ЖАЛПЫ ЕРЕЖЕЛЕР

12-бап. Негізгі ұғымдар
1. Бірінші тармақ.
1) тармақша;
12-1-бап. Жаңа бап
Мәтін.
"""


def test_russian_bill_structure():
    doc = parse(RU)
    assert doc.language == "ru"
    assert doc.title == "О внесении изменений"
    assert doc.preface == "Настоящий Закон вносит изменения."
    assert doc.eids() == [
        "part_1",
        "part_1__sec_1",
        "part_1__sec_1__chp_2",
        "part_1__sec_1__chp_2__art_12",
        "part_1__sec_1__chp_2__art_12__point_1",
        "part_1__sec_1__chp_2__art_12__point_1__point_а",
        "part_1__sec_1__chp_2__art_12__point_1__point_б",
        "part_1__sec_1__chp_2__art_12__point_2",
        "part_1__sec_1__chp_2__art_12-1",
        "part_1__sec_1__chp_2__art_13",
        "part_1__sec_1__chp_2__art_13__para_1",
        "part_1__sec_1__chp_2__art_13__para_2",
    ]
    article = doc.get("part_1__sec_1__chp_2__art_12").provision
    assert (article.heading, article.content) == ("Основные понятия", "В настоящем Законе используются понятия:")
    assert doc.get("part_1__sec_1__chp_2__art_13__para_1").provision.content == (
        "Первый пункт.\nПродолжение первого пункта."
    )
    repealed = [loc.eid for loc in doc.walk() if loc.provision.repealed]
    assert repealed == ["part_1__sec_1__chp_2__art_12-1", "part_1__sec_1__chp_2__art_13__para_2"]


def test_kazakh_bill_structure():
    doc = parse(KK)
    assert doc.language == "kk"
    assert doc.eids() == [
        "chp_1",
        "chp_1__art_12",
        "chp_1__art_12__para_1",
        "chp_1__art_12__para_1__point_1",
        "chp_1__art_12-1",
    ]
    assert doc.get("chp_1__art_12-1").provision.heading == "Жаңа бап"


def test_canonical_text_is_written_back():
    text = serialise(parse(KK))
    assert "12-бап. Негізгі ұғымдар\n1. Бірінші тармақ.\n1) тармақша;\n\n12-1-бап. Жаңа бап\nМәтін.\n" in text
    ru = serialise(parse(RU))
    assert ru.startswith("О внесении изменений\n\nНастоящий Закон вносит изменения.\n\nЧасть 1.\n\nРаздел 1. Общие")


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.txt")), ids=lambda p: p.name)
def test_demo_texts_round_trip_exactly(path):
    source = path.read_text(encoding="utf-8")
    doc = parse(source)
    assert doc.language == path.name.split(".")[-2]
    assert serialise(doc) == source
    assert len(doc.articles()) >= 5


def test_quotations_in_amending_bills_stay_text():
    doc = parse((DEMO / "access_to_information_amendments.ru.txt").read_text(encoding="utf-8"))
    point = doc.get("art_1__point_5").provision
    assert point.blocks[1:] == [
        "«Статья 5-1. Открытые данные",
        "1. Обладатели информации размещают открытые данные на интернет-портале открытых данных.",
        "2. Перечень открытых данных утверждается уполномоченным органом в сфере доступа к информации.»;",
    ]
    assert [a.provision.num for a in doc.articles()] == ["1", "2", "3", "4", "5"]


def test_a_blank_line_ends_a_quotation():
    doc = parse("T\n\nСтатья 1.\n«Статья 2. quoted\n\nСтатья 3. real\n")
    assert [a.provision.num for a in doc.articles()] == ["1", "3"]


def test_escaped_lines_are_text():
    doc = parse("T\n\nСтатья 1.\n\\2. not a paragraph\n")
    assert doc.get("art_1").provision.content == "2. not a paragraph"
    assert serialise(doc) == "T\n\nСтатья 1.\n\\2. not a paragraph\n"


def test_english_markers_and_detection():
    doc = parse("Title\n\nChapter 1. General\n\nArticle 1. Scope\n1. Text.\n")
    assert doc.language == "en"
    assert doc.eids() == ["chp_1", "chp_1__art_1", "chp_1__art_1__para_1"]
    assert detect_language("Заң") == "kk"
    assert detect_language("Закон") == "ru"
    assert parse("Статья 1.", language="kk").language == "kk"


def test_text_without_title_starts_with_structure():
    doc = parse("Статья 1. A\n")
    assert doc.title == ""
    assert serialise(doc) == "Статья 1. A\n"


@pytest.mark.parametrize(
    ("text", "line", "code"),
    [
        ("T\n\n# Something else\n", 3, "bad_heading"),
        ("T\n\nГлава 1.\n1. orphan paragraph\n", 4, "outside_article"),
        ("T\n\nСтатья 1.\n1. a\n1. b\n", 5, "duplicate_number"),
        ("T\n\nГлава 1.\nСтатья 1.\nГлава 2.\nСтатья 1.\n", 6, "duplicate_number"),
        ("T\n\nСтатья 1.\n1) a\n1) b\n", 5, "duplicate_number"),
    ],
)
def test_malformed_input_reports_the_line(text, line, code):
    with pytest.raises(ParseError) as exc:
        parse(text)
    assert (exc.value.line, exc.value.code) == (line, code)
    assert str(exc.value).startswith(f"Line {line}: ")


def test_render_text_has_no_escapes():
    doc = parse("T\n\nСтатья 1.\n\\2. not a paragraph\n")
    assert render_text(doc) == "T\n\nСтатья 1.\n2. not a paragraph\n"


def test_parse_of_a_point_under_a_point_uses_letters():
    doc = parse("T\n\nArticle 1.\n1) one\na) sub\n2) two\n")
    kinds = [(loc.eid, loc.provision.kind) for loc in doc.walk()]
    assert kinds[2] == ("art_1__point_1__point_a", Kind.POINT)


@FAST
@given(documents())
def test_round_trip_document_text_document(doc):
    text = serialise(doc)
    again = parse(text, language=doc.language)
    assert again == doc
    assert serialise(again) == text
