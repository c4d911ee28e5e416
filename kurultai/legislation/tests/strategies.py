"""Hypothesis strategies for structured texts, shared by the legislation tests.

Generated documents follow the rules of the authoring format (top level all chapters or all
articles; an article holds paragraphs or points, not both; a repealed provision has no
children), so every one of them can be written and read back.
"""

from __future__ import annotations

import itertools

from hypothesis import strategies as st

from kurultai.legislation.authoring import REPEALED, repeal_note
from kurultai.legislation.text import Document, Kind, Provision

WORDS = ["закон", "право", "бап", "тармақ", "статья", "пункт", "law", "the", "court", "сот", "азамат", "12", "5-1"]
# Blocks that look like structure, quotes and XML specials: the writer must escape them.
TRICKY = ["1. Looks like a paragraph", "2) looks like a point", "Статья 9. Heading", "7-бап.", "# hash", "\\slash"]
TRICKY += ["«opens a quote", "closes it» here", "<tag> & \"quoted\" 'single'", "Глава 3"]


@st.composite
def block(draw: st.DrawFn, tricky: bool = True) -> str:
    if tricky and draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(TRICKY))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
    text = " ".join(words)
    return text if not REPEALED.match(text) else "x " + text


def blocks(max_size: int = 2, tricky: bool = True) -> st.SearchStrategy[str]:
    return st.lists(block(tricky), min_size=0, max_size=max_size).map("\n".join)


@st.composite
def point(draw: st.DrawFn, num: str, letter: bool) -> Provision:
    first = draw(block(tricky=False))
    rest = draw(blocks(1))
    children: tuple[Provision, ...] = ()
    if not letter and draw(st.integers(0, 4)) == 0:
        children = tuple(draw(point(n, letter=True)) for n in "аә"[: draw(st.integers(1, 2))])
    return Provision(Kind.POINT, num, content=first + ("\n" + rest if rest else ""), children=children)


@st.composite
def paragraph(draw: st.DrawFn, num: str, language: str) -> Provision:
    if draw(st.integers(0, 9)) == 0:
        return Provision(Kind.PARAGRAPH, num, content=repeal_note(Kind.PARAGRAPH, language), repealed=True)
    first = draw(block(tricky=False))
    points = draw(st.integers(0, 2))
    children = tuple(draw(point(str(i + 1), letter=False)) for i in range(points))
    return Provision(Kind.PARAGRAPH, num, content=first + "\n" + draw(blocks(1)), children=children)


@st.composite
def article(draw: st.DrawFn, num: str, language: str) -> Provision:
    if draw(st.integers(0, 9)) == 0:
        return Provision(Kind.ARTICLE, num, heading=repeal_note(Kind.ARTICLE, language), repealed=True)
    heading = draw(st.one_of(st.just(""), block()))
    content = draw(blocks(2))
    n = draw(st.integers(0, 3))
    if draw(st.booleans()):
        children = tuple(draw(paragraph(str(i + 1), language)) for i in range(n))
    else:
        children = tuple(draw(point(str(i + 1), letter=False)) for i in range(n))
    return Provision(Kind.ARTICLE, num, heading=heading, content=content, children=children)


@st.composite
def documents(draw: st.DrawFn, max_articles: int = 6) -> Document:
    language = draw(st.sampled_from(["kk", "ru", "en"]))
    counter = itertools.count(1)

    def article_num() -> str:
        n = next(counter)
        return f"{n}-1" if n % 5 == 0 else str(n)

    if draw(st.booleans()):
        chapters = []
        for c in range(draw(st.integers(1, 3))):
            size = draw(st.integers(0, max(1, max_articles // 3)))
            arts = tuple(draw(article(article_num(), language)) for _ in range(size))
            chapters.append(Provision(Kind.CHAPTER, str(c + 1), heading=draw(block()), children=arts))
        body = tuple(chapters)
    else:
        body = tuple(draw(article(article_num(), language)) for _ in range(draw(st.integers(0, max_articles))))
    title = draw(block())
    return Document(title=title, preface=draw(blocks(2)), body=body, language=language)


@st.composite
def unique_documents(draw: st.DrawFn) -> Document:
    """Documents whose every provision has words of its own, found nowhere else."""
    language = draw(st.sampled_from(["kk", "ru", "en"]))
    uid = itertools.count(1)

    def words() -> str:
        n = next(uid)
        return f"alpha{n} beta{n} gamma{n}"

    def para(num: int) -> Provision:
        points = tuple(Provision(Kind.POINT, str(i + 1), content=words()) for i in range(draw(st.integers(0, 2))))
        return Provision(Kind.PARAGRAPH, str(num), content=words(), children=points)

    art_no = itertools.count(1)
    chapters = []
    for c in range(draw(st.integers(1, 3))):
        arts = []
        for _ in range(draw(st.integers(1, 4))):
            paras = tuple(para(i + 1) for i in range(draw(st.integers(0, 3))))
            arts.append(Provision(Kind.ARTICLE, str(next(art_no)), heading=words(), children=paras))
        chapters.append(Provision(Kind.CHAPTER, str(c + 1), heading=words(), children=tuple(arts)))
    return Document(title="Title", body=tuple(chapters), language=language)
