"""References between provisions: parsing in kk, ru and en, resolving, the graph."""

from __future__ import annotations

import pytest

from kurultai.legislation.text import Document, Kind, Provision
from kurultai.modelling import references as refs


def parsed(text: str, language: str) -> list[tuple[str | None, str | None, str | None, str | None, bool]]:
    return [(r.article, r.paragraph, r.point, r.act, r.this_article) for r in refs.parse_references(text, language)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("согласно статье 12", [("12", None, None, None, False)]),
        (
            "пункт 3 статьи 15 Закона Республики Казахстан «О доступе к информации»",
            [("15", "3", None, "О доступе к информации", False)],
        ),
        ("подпункт 3) пункта 1 статьи 6 настоящего Закона", [("6", "1", "3", refs.SELF, False)]),
        ("в пункте 2 настоящей статьи", [(None, "2", None, None, True)]),
        ("статьями 5 и 6", [("5", None, None, None, False), ("6", None, None, None, False)]),
        ("статьей 5-1", [("5-1", None, None, None, False)]),
        ("без ссылок", []),
    ],
)
def test_russian(text: str, expected: list[tuple[object, ...]]) -> None:
    assert parsed(text, "ru") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12-бап", [("12", None, None, None, False)]),
        ("15-баптың 3-тармағы", [("15", "3", None, None, False)]),
        ("6-баптың 1-тармағының 3) тармақшасы", [("6", "1", "3", None, False)]),
        ("осы баптың 2-тармағында", [(None, "2", None, None, True)]),
        ("осы Заңның 5-1-бабына", [("5-1", None, None, refs.SELF, False)]),
        (
            "«Ақпаратқа қол жеткізу туралы» Қазақстан Республикасы Заңының 5-бабында",
            [("5", None, None, "Ақпаратқа қол жеткізу туралы", False)],
        ),
    ],
)
def test_kazakh(text: str, expected: list[tuple[object, ...]]) -> None:
    assert parsed(text, "kk") == expected


def test_english() -> None:
    text = (
        "article 12, paragraph 3 of article 15 of the Law “On access to information” "
        "and point 3) of paragraph 1 of article 6"
    )
    assert parsed(text, "en") == [
        ("12", None, None, None, False),
        ("15", "3", None, "On access to information", False),
        ("6", "1", "3", None, False),
    ]


def act(language: str, cite_5_2: str, cite_here: str) -> Document:
    return Document(
        title="Act",
        language=language,
        body=(
            Provision(
                Kind.ARTICLE,
                "5",
                heading="Terms",
                children=(
                    Provision(Kind.PARAGRAPH, "1", content="One."),
                    Provision(Kind.PARAGRAPH, "2", content="Two."),
                    Provision(Kind.PARAGRAPH, "3", content=cite_here),
                ),
            ),
            Provision(
                Kind.ARTICLE, "6", heading="Appeals", children=(Provision(Kind.PARAGRAPH, "1", content=cite_5_2),)
            ),
            Provision(
                Kind.ARTICLE, "7", heading="Other", children=(Provision(Kind.PARAGRAPH, "1", content="No reference."),)
            ),
        ),
    )


@pytest.mark.parametrize(
    ("language", "cite_5_2", "cite_here"),
    [
        ("ru", "в срок, указанный в пункте 2 статьи 5", "согласно пункту 1 настоящей статьи"),
        ("kk", "5-баптың 2-тармағында көрсетілген мерзімде", "осы баптың 1-тармағына сәйкес"),
        ("en", "within the time in paragraph 2 of article 5", "under paragraph 1 of this article"),
    ],
)
def test_the_graph_and_what_a_change_touches(language: str, cite_5_2: str, cite_here: str) -> None:
    document = act(language, cite_5_2, cite_here)
    edges = refs.reference_graph(document)
    assert {(e.source, e.target) for e in edges} == {
        ("art_6__para_1", "art_5__para_2"),
        ("art_5__para_3", "art_5__para_1"),
    }
    assert [e.source for e in refs.citing(edges, ["art_5__para_2"])] == ["art_6__para_1"]
    assert refs.citing(edges, ["art_7"]) == []
    # repealing the whole article 5 touches the citation from article 6, not article 5's own
    assert [e.source for e in refs.citing(edges, ["art_5"])] == ["art_6__para_1"]


def test_a_missing_paragraph_resolves_to_its_article_and_a_missing_article_to_nothing() -> None:
    document = act("ru", "пункт 9 статьи 5", "статья 99")
    assert refs.resolve(refs.Reference(article="5", paragraph="9"), document) == "art_5"
    assert refs.resolve(refs.Reference(article="99"), document) is None
    assert refs.resolve(refs.Reference(article="5", act="Другой закон"), document) is None
