"""The plain authoring format a clerk types into a text area, parsed and written back.

The format is the way Kazakhstan's bills already look on paper, so a bill reads naturally
in Kazakh and Russian; ``docs/authoring-format.md`` is the clerk's guide. In short::

    О внесении изменений в Закон «О доступе к информации»      <- title (first line)
    Настоящий Закон ...                                          <- preface (until the first heading)

    Глава 1. ОБЩИЕ ПОЛОЖЕНИЯ        /  1-тарау. ЖАЛПЫ ЕРЕЖЕЛЕР    (also Часть/бөлік, Раздел/бөлім)
    Статья 12. Heading              /  12-бап. Heading
    Text of the article.
    1. A paragraph (пункт / тармақ).
    1) A point (подпункт / тармақша).
    а) A lettered point inside a point.
    3. Исключен.                    <- a repealed entry (also "Алып тасталды", "Repealed")

Lines inside a quotation that starts on one line and closes on a later one (``«`` ... ``»``,
as in "изложить в следующей редакции: «Статья 5. ...»") are text of the current provision,
never headings; a blank line also ends a quotation. A line starting with ``\\`` is text even
if it looks like a heading. :func:`serialise` writes the canonical form, and
``parse(serialise(d)) == d`` for every document the format can express.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kurultai.legislation.text import (
    CONTAINERS,
    HEADED,
    LANGUAGES,
    RANK,
    Document,
    Kind,
    Provision,
    TextError,
    clean_num,
)

# -- words of the format ------------------------------------------------------------------

KEYWORDS: dict[str, dict[Kind, str]] = {
    "ru": {Kind.PART: "Часть", Kind.SECTION: "Раздел", Kind.CHAPTER: "Глава", Kind.ARTICLE: "Статья"},
    "kk": {Kind.PART: "бөлік", Kind.SECTION: "бөлім", Kind.CHAPTER: "тарау", Kind.ARTICLE: "бап"},
    "en": {Kind.PART: "Part", Kind.SECTION: "Section", Kind.CHAPTER: "Chapter", Kind.ARTICLE: "Article"},
}
_KIND_OF_WORD: dict[str, tuple[Kind, str]] = {
    word.lower(): (kind, lang) for lang, words in KEYWORDS.items() for kind, word in words.items()
}
# What a consolidated text says in place of a repealed provision.
REPEAL_NOTE: dict[str, dict[Kind, str]] = {
    "ru": {
        Kind.PART: "Исключена.",
        Kind.SECTION: "Исключен.",
        Kind.CHAPTER: "Исключена.",
        Kind.ARTICLE: "Исключена.",
        Kind.PARAGRAPH: "Исключен.",
        Kind.POINT: "Исключен.",
    },
    "kk": dict.fromkeys(Kind, "Алып тасталды."),
    "en": dict.fromkeys(Kind, "Repealed."),
}
REPEALED = re.compile(r"^(?:исключен[аоы]?|алып\s+тасталды|repealed)(?=$|[\s.,;:(—-])", re.IGNORECASE)

_NUM = r"\d+(?:-\d+)*|[IVXLCDM]+"
_REST = r"(?:\.(?:\s*(?P<rest>.+))?)?"
_PREFIX_WORDS = "часть|раздел|глава|статья|part|section|chapter|article"
_PREFIXED = re.compile(rf"^(?i:(?P<kw>{_PREFIX_WORDS}))\s+(?P<num>{_NUM}){_REST}$")
_SUFFIXED = re.compile(rf"^(?P<num>{_NUM})-(?i:(?P<kw>бөлік|бөлім|тарау|бап)){_REST}$")
_PARAGRAPH = re.compile(r"^(?P<num>\d+(?:-\d+)*)\.(?:\s+(?P<rest>.*))?$")
_POINT_LETTERS = "a-zа-яёәғқңөұүһі"
_POINT = re.compile(rf"^(?P<num>\d+(?:-\d+)*|[{_POINT_LETTERS}])\)(?:\s+(?P<rest>.*))?$")
_HEADED_NUM = re.compile(rf"^(?:{_NUM})$")
_PARAGRAPH_NUM = re.compile(r"^\d+(?:-\d+)*$")
_POINT_NUM = re.compile(rf"^(?:\d+(?:-\d+)*|[{_POINT_LETTERS}])$")
_KK_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_ESCAPE = "\\"
# Lettered points (а), б)) sit one level below numbered points.
_LETTER_POINT_RANK = RANK[Kind.POINT] + 1


class ParseError(ValueError):
    """Malformed authoring text: the 1-based line, a stable code and a one-sentence message."""

    def __init__(self, line: int, message: str, *, code: str = "malformed", params: dict[str, str] | None = None):
        super().__init__(f"Line {line}: {message}")
        self.line = line
        self.message = message
        self.code = code
        self.params = dict(params or {})


def heading_label(kind: Kind, num: str, language: str) -> str:
    """``Статья 12.`` / ``12-бап.`` / ``Article 12.``; ``1.`` for paragraphs and ``1)`` for points."""
    if kind is Kind.PARAGRAPH:
        return f"{num}."
    if kind is Kind.POINT:
        return f"{num})"
    word = KEYWORDS[language][kind]
    return f"{num}-{word}." if language == "kk" else f"{word} {num}."


def repeal_note(kind: Kind, language: str) -> str:
    return REPEAL_NOTE[language][kind]


def quote_delta(line: str) -> int:
    return line.count("«") - line.count("»")


# -- parsing -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Marker:
    kind: Kind
    num: str
    rest: str
    rank: int
    language: str | None


def match_marker(line: str) -> _Marker | None:
    """The heading, paragraph or point a line starts, or None for a line of text."""
    m = _PREFIXED.match(line) or _SUFFIXED.match(line)
    if m:
        kind, lang = _KIND_OF_WORD[m["kw"].lower()]
        return _Marker(kind, m["num"], m["rest"] or "", RANK[kind], lang)
    m = _PARAGRAPH.match(line)
    if m:
        return _Marker(Kind.PARAGRAPH, m["num"], m["rest"] or "", RANK[Kind.PARAGRAPH], None)
    m = _POINT.match(line)
    if m:
        rank = RANK[Kind.POINT] if m["num"][0].isdigit() else _LETTER_POINT_RANK
        return _Marker(Kind.POINT, m["num"], m["rest"] or "", rank, None)
    return None


def _looks_structural(line: str) -> bool:
    return line.startswith(("#", _ESCAPE)) or match_marker(line) is not None


@dataclass(slots=True)
class _Node:
    kind: Kind | None
    num: str
    rank: int
    line: int
    heading: str = ""
    blocks: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    repealed: bool = False
    seen: dict[tuple[Kind, str], int] = field(default_factory=dict)

    def build(self) -> Provision:
        if self.kind is None:
            raise TypeError("The root of the parse tree is not a provision.")
        return Provision(
            kind=self.kind,
            num=self.num,
            heading=self.heading,
            content="\n".join(self.blocks),
            children=tuple(c.build() for c in self.children),
            repealed=self.repealed,
        )


_NAMES = {
    Kind.PART: "Part",
    Kind.SECTION: "Section",
    Kind.CHAPTER: "Chapter",
    Kind.ARTICLE: "Article",
    Kind.PARAGRAPH: "paragraph",
    Kind.POINT: "point",
}


def _name(kind: Kind, num: str) -> str:
    if kind is Kind.POINT:
        return f"point {num})"
    return f"{_NAMES[kind]} {num}"


def detect_language(text: str) -> str:
    """kk, ru or en from the first heading keyword, else from the alphabet used."""
    for raw in text.splitlines():
        marker = match_marker(raw.strip().lstrip("#").strip())
        if marker is not None and marker.language is not None:
            return marker.language
    if _KK_LETTERS.search(text):
        return "kk"
    if _CYRILLIC.search(text):
        return "ru"
    return "en"


def parse(text: str, *, language: str | None = None) -> Document:
    """Parse authoring text into a :class:`Document`; raises :class:`ParseError` with the line."""
    if language is None:
        language = detect_language(text)
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; expected one of {', '.join(LANGUAGES)}.")
    root = _Node(kind=None, num="", rank=-1, line=0)
    stack = [root]
    title: str | None = None
    preface: list[str] = []
    articles: dict[str, int] = {}
    depth = 0  # how many quotations are open
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            depth = 0
            continue
        marker = None
        if depth == 0 and not line.startswith(_ESCAPE):
            stripped = line.lstrip("#").strip() if line.startswith("#") else line
            marker = match_marker(stripped)
            if line.startswith("#") and (marker is None or marker.kind not in HEADED):
                raise ParseError(
                    lineno,
                    "a line starting with # must be a part, section, chapter or article heading, "
                    "such as «Глава 2. Heading» or «2-тарау. Heading».",
                    code="bad_heading",
                )
        depth = max(0, depth + quote_delta(line))
        if marker is None:
            block = line[1:].strip() if line.startswith(_ESCAPE) else line
            if title is None:
                title = block
            elif block:
                top = stack[-1]
                (preface if top is root else top.blocks).append(block)
            continue
        if title is None:
            title = ""
        while stack[-1].rank >= marker.rank:
            stack.pop()
        parent = stack[-1]
        name = _name(marker.kind, marker.num)
        if marker.kind not in HEADED and parent.kind is not None and parent.kind in CONTAINERS:
            raise ParseError(
                lineno,
                f"{name} stands directly in {_name(parent.kind, parent.num)} (line {parent.line}); "
                "paragraphs and points belong to an article, so start one first (e.g. «Статья 1.»).",
                code="outside_article",
                params={"provision": name},
            )
        key = (marker.kind, clean_num(marker.num))
        if key in parent.seen:
            raise ParseError(
                lineno,
                f"{name} is numbered twice at this level (first on line {parent.seen[key]}).",
                code="duplicate_number",
                params={"provision": name, "first_line": str(parent.seen[key])},
            )
        if marker.kind is Kind.ARTICLE:
            if key[1] in articles:
                raise ParseError(
                    lineno,
                    f"{name} is already defined on line {articles[key[1]]}; article numbers are unique in an act.",
                    code="duplicate_number",
                    params={"provision": name, "first_line": str(articles[key[1]])},
                )
            articles[key[1]] = lineno
        parent.seen[key] = lineno
        node = _Node(kind=marker.kind, num=marker.num, rank=marker.rank, line=lineno)
        rest = marker.rest.strip()
        if marker.kind in HEADED:
            node.heading = rest
        elif rest:
            node.blocks.append(rest)
        node.repealed = bool(REPEALED.match(rest))
        parent.children.append(node)
        stack.append(node)
    return Document(
        title=title or "",
        preface="\n".join(preface),
        body=tuple(c.build() for c in root.children),
        language=language,
    )


# -- writing -------------------------------------------------------------------------------


class _Writer:
    def __init__(self, language: str, *, escape: bool) -> None:
        self.language = language
        self.escape = escape
        self.lines: list[str] = []
        self.depth = 0

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")
        self.depth = 0

    def emit(self, line: str) -> None:
        self.lines.append(line)
        self.depth = max(0, self.depth + quote_delta(line))

    def text(self, block: str) -> None:
        if self.escape and (block.startswith(_ESCAPE) or (self.depth == 0 and _looks_structural(block))):
            block = _ESCAPE + block
        self.emit(block)

    def marker(self, line: str) -> None:
        if self.depth:
            # An open quotation would swallow the heading; a blank line closes it.
            self.blank()
        self.emit(line)

    def provision(self, p: Provision) -> None:
        if self.escape:
            _check_num(p)
        label = heading_label(p.kind, p.num, self.language)
        if p.kind in HEADED:
            self.blank()
            heading = _repealed_text(p, p.heading, self.language)
            self.marker(f"{label} {heading}" if heading else label)
            blocks = p.blocks
        else:
            blocks = p.blocks
            first = _repealed_text(p, blocks[0] if blocks else "", self.language)
            self.marker(f"{label} {first}" if first else label)
            blocks = blocks[1:]
        for block in blocks:
            self.text(block)
        for child in p.children:
            self.provision(child)


def _repealed_text(p: Provision, text: str, language: str) -> str:
    if p.repealed and not REPEALED.match(text):
        note = repeal_note(p.kind, language)
        return f"{note} {text}" if text else note
    return text


def _check_num(p: Provision) -> None:
    pattern = _HEADED_NUM if p.kind in HEADED else _PARAGRAPH_NUM if p.kind is Kind.PARAGRAPH else _POINT_NUM
    if not pattern.match(p.num):
        raise TextError(f"{_name(p.kind, p.num or '(unnumbered)')} has a number the authoring format cannot write.")


def _write(document: Document, *, escape: bool) -> list[str]:
    w = _Writer(document.language, escape=escape)
    if document.title:
        w.text(document.title)
    elif document.preface and escape:
        raise TextError("A document with a preface needs a title to be written in the authoring format.")
    if document.preface:
        w.blank()
        for block in document.preface.split("\n"):
            w.text(block)
    if document.title or document.preface:
        w.blank()
    for p in document.body:
        w.provision(p)
    while w.lines and not w.lines[-1]:
        w.lines.pop()
    return w.lines


def serialise(document: Document) -> str:
    """The canonical authoring text of ``document`` (``parse`` reads it back unchanged)."""
    return "\n".join(_write(document, escape=True)) + "\n"


def render_text(document: Document) -> str:
    """Plain text for reading and printing: the authoring layout without escapes."""
    return "\n".join(_write(document, escape=False)) + "\n"


def iter_labels(document: Document) -> Iterator[tuple[str, str]]:
    """(eId, label) for every provision, e.g. ``("chp_1__art_2", "Статья 2.")``."""
    for loc in document.walk():
        yield loc.eid, heading_label(loc.provision.kind, loc.provision.num, document.language)
