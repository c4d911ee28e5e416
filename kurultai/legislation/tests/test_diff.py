"""The structural diff (added, removed, moved, renumbered, changed, repealed) and the word diff."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from kurultai.legislation.authoring import parse
from kurultai.legislation.diff import ChangeKind, Segment, diff, word_diff
from kurultai.legislation.tests.strategies import documents
from kurultai.legislation.text import Kind, Provision, renumber

FAST = settings(max_examples=60, deadline=None)

BASE = """Закон

Глава 1. Первая

Статья 1. Понятия
1. Первый пункт о правах граждан на информацию.
2. Второй пункт об обязанностях государственных органов.

Статья 2. Сфера
Закон применяется к отношениям по доступу к информации.

Статья 3. Сроки
1. Запрос рассматривается в течение пятнадцати дней.
2. Срок продлевается не более чем на пятнадцать дней.
3. О продлении уведомляют в течение трех дней.

Глава 2. Вторая

Статья 4. Обжалование
Действия могут быть обжалованы в суд.
"""


def changes(old_text: str, new_text: str) -> list[tuple[str, str | None, str | None]]:
    return [(c.kind.value, c.old_eid, c.new_eid) for c in diff(parse(old_text), parse(new_text))]


def test_identical_versions_have_no_changes():
    d = diff(parse(BASE), parse(BASE))
    assert not d
    assert d.changes == ()
    assert d.mapping["chp_1__art_3__para_2"] == "chp_1__art_3__para_2"


def test_changed_provision_with_word_diff():
    new = BASE.replace("пятнадцати дней", "десяти рабочих дней")
    d = diff(parse(BASE), parse(new))
    assert [(c.kind, c.eid) for c in d] == [(ChangeKind.CHANGED, "chp_1__art_3__para_1")]
    assert d.changes[0].content_diff == (
        Segment("equal", "Запрос рассматривается в течение "),
        Segment("delete", "пятнадцати"),
        Segment("insert", "десяти рабочих"),
        Segment("equal", " дней."),
    )


def test_added_and_removed_report_only_the_top_provision():
    new = BASE.replace("Статья 2. Сфера\nЗакон применяется к отношениям по доступу к информации.\n\n", "")
    new = new.replace(
        "Статья 4. Обжалование",
        "Статья 3-1. Новая\n1. Совсем новый пункт.\n2. Ещё один новый пункт.\n\nСтатья 4. Обжалование",
    )
    assert changes(BASE, new) == [("removed", "chp_1__art_2", None), ("added", None, "chp_2__art_3-1")]
    d = diff(parse(BASE), parse(new))
    assert d.new_eid_of("chp_1__art_2") is None
    assert d.nearest_new_eid("chp_1__art_2") == "chp_1"
    assert d.nearest_new_eid("part_9") is None


def test_repealed_marker_is_its_own_kind():
    new = BASE.replace("3. О продлении уведомляют в течение трех дней.", "3. Исключен.")
    assert changes(BASE, new) == [("repealed", "chp_1__art_3__para_3", "chp_1__art_3__para_3")]


def test_repealing_an_article_with_paragraphs_is_one_change():
    new = parse(BASE)
    art3 = new.get("chp_1__art_3").provision
    chapter = new.body[0]
    repealed = Provision(Kind.ARTICLE, "3", "Исключена.", repealed=True)
    new = replace(new, body=(replace(chapter, children=(*chapter.children[:2], repealed)), new.body[1]))
    assert art3.children
    assert [(c.kind.value, c.eid) for c in diff(parse(BASE), new)] == [("repealed", "chp_1__art_3")]


def test_renumbering_cascade_is_recognised():
    # A new Article 2 is inserted and the following articles are renumbered: each keeps its text.
    new = BASE.replace("Статья 2. Сфера", "Статья 2. Вставка\nНовый текст статьи.\n\nСтатья 2-1. Сфера")
    doc = renumber(parse(new), Kind.ARTICLE)
    d = diff(parse(BASE), doc)
    assert [(c.kind.value, c.old_eid, c.new_eid) for c in d] == [
        ("added", None, "chp_1__art_2"),
        ("renumbered", "chp_1__art_2", "chp_1__art_3"),
        ("renumbered", "chp_1__art_3", "chp_1__art_4"),
        ("renumbered", "chp_2__art_4", "chp_2__art_5"),
    ]
    assert d.new_eid_of("chp_1__art_3__para_2") == "chp_1__art_4__para_2"


def test_renumbered_and_changed_paragraph():
    new = BASE.replace(
        "2. Срок продлевается не более чем на пятнадцать дней.\n3. О продлении",
        "2. Вставленный пункт о сроках.\n3. Срок продлевается не более чем на десять дней.\n4. О продлении",
    )
    assert changes(BASE, new) == [
        ("added", None, "chp_1__art_3__para_2"),
        ("renumbered", "chp_1__art_3__para_2", "chp_1__art_3__para_3"),
        ("changed", "chp_1__art_3__para_2", "chp_1__art_3__para_3"),
        ("renumbered", "chp_1__art_3__para_3", "chp_1__art_3__para_4"),
    ]


def test_article_moved_to_another_chapter():
    moved = "Статья 2. Сфера\nЗакон применяется к отношениям по доступу к информации.\n\n"
    new = BASE.replace(moved, "").replace("Глава 2. Вторая\n\n", "Глава 2. Вторая\n\n" + moved)
    assert changes(BASE, new) == [("moved", "chp_1__art_2", "chp_2__art_2")]


def test_article_moved_and_changed_keeps_its_identity():
    moved = "Статья 2. Сфера\nЗакон применяется к отношениям по доступу к информации.\n\n"
    new = BASE.replace(moved, "").replace(
        "Глава 2. Вторая\n\n", "Глава 2. Вторая\n\n" + moved.replace("отношениям", "всем отношениям")
    )
    assert changes(BASE, new) == [
        ("moved", "chp_1__art_2", "chp_2__art_2"),
        ("changed", "chp_1__art_2", "chp_2__art_2"),
    ]


def test_paragraph_moved_to_another_article_by_similarity():
    para = "2. Второй пункт об обязанностях государственных органов.\n"
    new = BASE.replace(para, "").replace(
        "Действия могут быть обжалованы в суд.\n",
        "Действия могут быть обжалованы в суд.\n1. Второй пункт об обязанностях всех государственных органов.\n",
    )
    result = changes(BASE, new)
    assert ("moved", "chp_1__art_1__para_2", "chp_2__art_4__para_1") in result
    assert ("renumbered", "chp_1__art_1__para_2", "chp_2__art_4__para_1") in result


def test_title_and_preface_changes():
    d = diff(parse("Old title\n\nPreface.\n\nArticle 1."), parse("New title\n\nPreface two.\n\nArticle 1."))
    assert d
    assert d.changes == ()
    assert Segment("delete", "Old") in d.title_diff
    assert d.preface_diff


@FAST
@given(documents())
def test_diff_of_a_version_with_itself_is_empty(doc):
    d = diff(doc, doc)
    assert not d
    assert all(k == v for k, v in d.mapping.items())
    assert len(d.mapping) == doc.size()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_word_diff_rebuilds_both_texts(a, b):
    segments = word_diff(a, b)
    assert "".join(s.text for s in segments if s.op != "insert") == a
    assert "".join(s.text for s in segments if s.op != "delete") == b
    assert all(s.text for s in segments)
