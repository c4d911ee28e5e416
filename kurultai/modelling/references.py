"""References between provisions: "article 12", "paragraph 3 of article 15 of the Law ...",
in Russian, Kazakh and English, and the graph they make inside an act.

Russian: "статья 12", "пункт 3 статьи 15", "подпункт 3) пункта 1 статьи 6", "пункт 2 настоящей
статьи", "статьи 15 Закона Республики Казахстан «О ...»", "статьями 5 и 6".
Kazakh (the number comes first, the case ending is on the noun): "12-бап", "15-баптың
3-тармағы", "6-баптың 1-тармағының 3) тармақшасы", "осы баптың 2-тармағы", "«...» Заңының 5-бабы".
English: "article 12", "paragraph 3 of article 15", "point 3) of paragraph 1 of article 6".

Pure: no Django. The targets are resolved to Akoma Ntoso eIds against the structured text
model of ``kurultai.legislation.text`` (numbers are matched as written: "5-1" is "5-1").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kurultai.legislation.text import Document, Kind, Located, is_within

SELF = "self"  # "настоящего Закона", "осы Заңның", "this Law"

_NUM = r"\d+(?:-\d+)?"
_NUMS = rf"{_NUM}(?:\s*(?:,|и|and)\s*{_NUM})*"  # "5, 6 и 7"


@dataclass(frozen=True, slots=True)
class Reference:
    """A cited provision: article (None for "this article"), paragraph and point, and the act."""

    article: str | None
    paragraph: str | None = None
    point: str | None = None
    act: str | None = None  # None: the same act, unless a later context says otherwise; SELF; or a name
    this_article: bool = False  # "настоящей статьи" / "осы баптың" / "this article"
    start: int = 0
    end: int = 0


def _split(nums: str) -> list[str]:
    return re.findall(_NUM, nums)


_RU_ACT = re.compile(
    r"\s*(?P<self>настоящего\s+(?:Закона|Кодекса))|\s*(?:Закона|Кодекса)(?:\s+Республики\s+Казахстан)?\s*«(?P<name>[^»]{3,200})»"
)
_RU = re.compile(
    rf"(?:подпункт\w*\s+(?P<point>\d+)\)\s+)?"
    rf"(?:пункт\w*\s+(?P<para>{_NUMS})\s+)?"
    rf"(?:(?P<this>настоящей\s+статьи)|стать(?:я|и|ей|ёй|е|ю|ями|ях|ям)\s+(?P<art>{_NUMS}))",
    re.IGNORECASE,
)
_KK = re.compile(
    rf"(?:(?P<this>осы\s+бапт\w*)|(?P<art>{_NUM})-ба[пб]\w*)"
    rf"(?:\s+(?P<para>{_NUM})-тарма[қғ](?!ша)\w*)?"
    rf"(?:\s+(?P<point>\d+)\)\s*тармақша\w*)?",
    re.IGNORECASE,
)
_KK_ACT_BEFORE = re.compile(
    r"(?:(?P<self>осы\s+(?:Заң|Кодекс)\w*)|«(?P<name>[^»]{3,200})»(?:\s+Қазақстан\s+Республикасы\w*)?\s+(?:Заң|Кодекс)\w*)\s*$",
    re.IGNORECASE,
)
_EN = re.compile(
    rf"(?:point\s+(?P<point>\d+)\)?\s+of\s+)?"
    rf"(?:paragraph\s+(?P<para>{_NUMS})\s+of\s+)?"
    rf"(?:(?P<this>this\s+article)|articles?\s+(?P<art>{_NUMS}))",
    re.IGNORECASE,
)
_EN_ACT = re.compile(
    r"\s+of\s+(?:(?P<self>this\s+(?:Law|Code))|the\s+(?:Law|Code)\s+(?:“|\")(?P<name>[^”\"]{3,200})(?:”|\"))"
)


def parse_references(text: str, language: str) -> list[Reference]:
    """Every reference in ``text`` (``language``: kk, ru or en), in order; lists give one each."""
    found: list[Reference] = []
    if language == "kk":
        for m in _KK.finditer(text):
            act_match = _KK_ACT_BEFORE.search(text[max(0, m.start() - 220) : m.start()])
            act = None
            if act_match:
                act = SELF if act_match.group("self") else act_match.group("name")
            found.append(
                Reference(
                    article=m.group("art"),
                    paragraph=m.group("para"),
                    point=m.group("point"),
                    act=act,
                    this_article=bool(m.group("this")),
                    start=m.start(),
                    end=m.end(),
                )
            )
        return [r for r in found if r.article or r.paragraph or r.point]
    pattern, act_pattern = (_RU, _RU_ACT) if language == "ru" else (_EN, _EN_ACT)
    for m in pattern.finditer(text):
        tail = act_pattern.match(text, m.end())
        act = None
        if tail:
            act = SELF if tail.group("self") else tail.group("name")
        articles: Sequence[str | None] = _split(m.group("art")) if m.group("art") else [None]
        paragraphs: Sequence[str | None] = _split(m.group("para")) if m.group("para") else [None]
        for article in articles:
            for paragraph in paragraphs:
                found.append(
                    Reference(
                        article=article,
                        paragraph=paragraph,
                        point=m.group("point"),
                        act=act,
                        this_article=bool(m.group("this")),
                        start=m.start(),
                        end=m.end(),
                    )
                )
    return found


# --- resolving and the graph ------------------------------------------------------------


def _child(document: Document, parent: Located | None, kind: Kind, num: str) -> Located | None:
    if parent is None:
        return None
    for loc in document.walk():
        if loc.parent_eid == parent.eid and loc.kind is kind and loc.provision.num == num:
            return loc
    return None


def _article(document: Document, num: str) -> Located | None:
    return next((a for a in document.articles() if a.provision.num == num), None)


def _enclosing_article(document: Document, eid: str) -> Located | None:
    loc = document.find(eid)
    while loc is not None and loc.kind is not Kind.ARTICLE:
        loc = document.find(loc.parent_eid) if loc.parent_eid else None
    return loc


def resolve(reference: Reference, document: Document, *, context_eid: str = "") -> str | None:
    """The eId the reference points at in ``document`` (the most specific found), or None.

    References to another act (a name that is not this one) are not resolved here.
    """
    if reference.act not in (None, SELF):
        return None
    if reference.this_article:
        article = _enclosing_article(document, context_eid)
    else:
        article = _article(document, reference.article) if reference.article else None
    if article is None:
        return None
    target = article
    if reference.paragraph:
        paragraph = _child(document, article, Kind.PARAGRAPH, reference.paragraph)
        if paragraph is None:
            return article.eid
        target = paragraph
    if reference.point:
        point = _child(document, target, Kind.POINT, reference.point)
        if point is not None:
            target = point
    return target.eid


@dataclass(frozen=True, slots=True)
class Edge:
    source: str  # eId of the citing provision
    target: str  # eId of the cited provision
    quote: str  # the words of the reference


def reference_graph(document: Document) -> list[Edge]:
    """References inside one act: from each provision's own words to the provision they cite."""
    edges: list[Edge] = []
    for loc in document.walk():
        text = loc.provision.text
        if not text:
            continue
        for ref in parse_references(text, document.language):
            target = resolve(ref, document, context_eid=loc.eid)
            if target is not None and target != loc.eid and not is_within(loc.eid, target):
                edges.append(Edge(source=loc.eid, target=target, quote=text[ref.start : ref.end]))
    return edges


def citing(edges: Iterable[Edge], changed: Iterable[str]) -> list[Edge]:
    """Edges whose target is a changed provision, inside one, or encloses one; not from a changed one."""
    changed = list(changed)
    return [
        e
        for e in edges
        if any(is_within(e.target, c) or is_within(c, e.target) for c in changed)
        and not any(is_within(e.source, c) for c in changed)
    ]
