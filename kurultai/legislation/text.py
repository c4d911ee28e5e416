"""The structured text of a legal act or bill: a document and its tree of provisions.

Pure core: imports nothing from Django, so the authoring format, Akoma Ntoso, the diff,
consolidation and the summaries can be tested (and benchmarked) without a database.

A :class:`Document` is one *expression* of a text (one language): a title, a preface and a
body of :class:`Provision` trees. Provisions do not store their identifiers: the eId of each
one is computed from its place in the hierarchy following the OASIS Akoma Ntoso Naming
Convention 1.0 (the local part is ``<abbreviation>_<number>``, joined to the ancestors'
eIds with ``__``), so ``chp_2__art_12__para_3__point_1`` is point 1) of paragraph 3 of
Article 12 in Chapter 2. Moving or renumbering a provision therefore changes its eId, which
is exactly what the naming convention asks for; the diff recognises such moves.

Content is plain text; a newline separates blocks (one ``<p>`` each in Akoma Ntoso). It is
normalised on construction: runs of whitespace become one space, empty blocks are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property

LANGUAGES = ("kk", "ru", "en")


class Kind(StrEnum):
    """The levels of the hierarchy of a Kazakhstan act, outermost first.

    In Kazakhstan's codes a part (часть / бөлік) holds sections (раздел / бөлім), which
    hold chapters (глава / тарау), which hold articles (статья / бап). An article holds
    paragraphs (пункт / тармақ, numbered ``1.``) and points (подпункт / тармақша,
    numbered ``1)``); a point may hold lettered points (``а)``).
    """

    PART = "part"
    SECTION = "section"
    CHAPTER = "chapter"
    ARTICLE = "article"
    PARAGRAPH = "paragraph"
    POINT = "point"


# Abbreviations from the Akoma Ntoso Naming Convention 1.0 (element name -> eId prefix).
EID_PREFIX: dict[Kind, str] = {
    Kind.PART: "part",
    Kind.SECTION: "sec",
    Kind.CHAPTER: "chp",
    Kind.ARTICLE: "art",
    Kind.PARAGRAPH: "para",
    Kind.POINT: "point",
}
KIND_OF_PREFIX: dict[str, Kind] = {prefix: kind for kind, prefix in EID_PREFIX.items()}
RANK: dict[Kind, int] = {kind: rank for rank, kind in enumerate(Kind)}
# Kinds that carry a heading and are numbered continuously across a whole act.
HEADED = frozenset({Kind.PART, Kind.SECTION, Kind.CHAPTER, Kind.ARTICLE})
CONTAINERS = frozenset({Kind.PART, Kind.SECTION, Kind.CHAPTER})


class TextError(ValueError):
    """A structured text breaks a rule of the model (duplicate eIds, a bad nesting)."""


class ProvisionNotFound(LookupError):
    """No provision of the document has this eId."""

    def __init__(self, eid: str) -> None:
        super().__init__(f"No provision has the eId {eid!r}.")
        self.eid = eid


class DuplicateEid(TextError):
    """Two provisions of one document would have the same eId."""

    def __init__(self, eid: str) -> None:
        super().__init__(f"Two provisions have the eId {eid!r}; numbers must be unique among siblings.")
        self.eid = eid


def normalise_blocks(text: str) -> str:
    """One block per line, each with single spaces between words; empty lines dropped."""
    if "\n" not in text and "\r" not in text:
        return " ".join(text.split())
    return "\n".join(b for b in (" ".join(line.split()) for line in text.splitlines()) if b)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Provision:
    """One unit of the hierarchy with its number, heading, text and children.

    ``num`` is the bare number as written (``"12"``, ``"12-1"``, ``"а"``), without the
    keyword or punctuation. A repealed provision is kept in place with ``repealed=True``
    and its note (``"Исключена Законом РК от ..."``) as its heading (headed kinds) or
    content (paragraphs and points); Kazakhstan's consolidated texts keep these entries.
    """

    kind: Kind
    num: str = ""
    heading: str = ""
    content: str = ""
    children: tuple[Provision, ...] = ()
    repealed: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.kind, Kind):
            object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "num", self.num.strip())
        object.__setattr__(self, "heading", _one_line(self.heading))
        if self.heading and self.kind not in HEADED:
            raise TextError(f"A {self.kind.value} has no heading; put its words in content.")
        object.__setattr__(self, "content", normalise_blocks(self.content))
        if not isinstance(self.children, tuple):
            object.__setattr__(self, "children", tuple(self.children))

    @property
    def blocks(self) -> list[str]:
        """The content split into blocks (paragraphs of text)."""
        return self.content.split("\n") if self.content else []

    @property
    def text(self) -> str:
        """The provision's own words: heading and content, without the children."""
        if self.heading and self.content:
            return self.heading + "\n" + self.content
        return self.heading or self.content

    def full_text(self) -> str:
        """The words of the whole subtree in document order."""
        parts = [self.text] if self.text else []
        parts.extend(t for t in (c.full_text() for c in self.children) if t)
        return "\n".join(parts)

    def size(self) -> int:
        """How many provisions the subtree holds, this one included."""
        return 1 + sum(c.size() for c in self.children)


@dataclass(frozen=True, slots=True)
class Located:
    """A provision together with where it sits in its document."""

    eid: str
    provision: Provision
    parent_eid: str  # "" for a provision at the top of the body
    path: tuple[int, ...]  # child indices from the body down to this provision

    @property
    def depth(self) -> int:
        return len(self.path) - 1

    @property
    def kind(self) -> Kind:
        return self.provision.kind


@dataclass(frozen=True)
class Document:
    """One language expression of a bill or act: title, preface and body."""

    title: str = ""
    preface: str = ""
    body: tuple[Provision, ...] = ()
    language: str = "kk"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise TextError(f"Unknown language {self.language!r}; expected one of {', '.join(LANGUAGES)}.")
        object.__setattr__(self, "title", _one_line(self.title))
        object.__setattr__(self, "preface", normalise_blocks(self.preface))
        if not isinstance(self.body, tuple):
            object.__setattr__(self, "body", tuple(self.body))

    # -- navigation ---------------------------------------------------------------

    def walk(self) -> Iterator[Located]:
        """Every provision in document order (pre-order: a parent before its children)."""
        return walk(self.body)

    @cached_property
    def index(self) -> dict[str, Located]:
        """eId -> located provision; raises :class:`DuplicateEid` if two provisions collide."""
        result: dict[str, Located] = {}
        for loc in self.walk():
            if loc.eid in result:
                raise DuplicateEid(loc.eid)
            result[loc.eid] = loc
        return result

    def find(self, eid: str) -> Located | None:
        return self.index.get(eid)

    def get(self, eid: str) -> Located:
        """The provision with this eId; raises :class:`ProvisionNotFound`."""
        try:
            return self.index[eid]
        except KeyError:
            raise ProvisionNotFound(eid) from None

    def __contains__(self, eid: object) -> bool:
        return isinstance(eid, str) and eid in self.index

    def eids(self) -> list[str]:
        return [loc.eid for loc in self.walk()]

    def parent_of(self, eid: str) -> Located | None:
        """The parent provision, or None for a provision at the top of the body."""
        loc = self.get(eid)
        return self.index[loc.parent_eid] if loc.parent_eid else None

    def articles(self) -> list[Located]:
        return [loc for loc in self.walk() if loc.provision.kind is Kind.ARTICLE]

    def size(self) -> int:
        return sum(p.size() for p in self.body)

    def check(self) -> None:
        """Raise :class:`DuplicateEid` if two provisions share an eId."""
        _ = self.index


# -- eIds --------------------------------------------------------------------------------

_PUNCT_EDGES = ".,;:()[]{}§№ \t"
_SPACES = re.compile(r"\s+")


def clean_num(num: str) -> str:
    """The number as it appears in an eId: punctuation around it removed, spaces as hyphens."""
    return _SPACES.sub("-", num.strip().strip(_PUNCT_EDGES)).replace("__", "-")


def eid_segment(kind: Kind, num: str, ordinal: int = 1) -> str:
    """The local part of an eId: ``art_12-1``; an unnumbered provision gets ``para_nn_2``."""
    cleaned = clean_num(num)
    if cleaned:
        return f"{EID_PREFIX[kind]}_{cleaned}"
    return f"{EID_PREFIX[kind]}_nn_{ordinal}"


def join_eid(parent_eid: str, segment: str) -> str:
    return f"{parent_eid}__{segment}" if parent_eid else segment


def child_eids(parent_eid: str, children: Sequence[Provision]) -> list[str]:
    """The eIds of a list of siblings under a parent with ``parent_eid``."""
    unnumbered: dict[Kind, int] = {}
    result = []
    for child in children:
        ordinal = 1
        if not clean_num(child.num):
            ordinal = unnumbered[child.kind] = unnumbered.get(child.kind, 0) + 1
        result.append(join_eid(parent_eid, eid_segment(child.kind, child.num, ordinal)))
    return result


def walk(body: Sequence[Provision], parent_eid: str = "", path: tuple[int, ...] = ()) -> Iterator[Located]:
    """Every provision under ``body`` in document order, with its eId."""
    for i, (child, eid) in enumerate(zip(body, child_eids(parent_eid, body), strict=True)):
        child_path = (*path, i)
        yield Located(eid, child, parent_eid, child_path)
        if child.children:
            yield from walk(child.children, eid, child_path)


def split_eid(eid: str) -> list[tuple[Kind, str]]:
    """``chp_2__art_12`` -> ``[(Kind.CHAPTER, "2"), (Kind.ARTICLE, "12")]``."""
    result = []
    for segment in eid.split("__"):
        prefix, _, num = segment.partition("_")
        if prefix not in KIND_OF_PREFIX or not num:
            raise TextError(f"{eid!r} is not an eId of this model (segment {segment!r}).")
        result.append((KIND_OF_PREFIX[prefix], num))
    return result


def is_within(eid: str, ancestor: str) -> bool:
    """True when ``eid`` is ``ancestor`` or one of its descendants."""
    return eid == ancestor or eid.startswith(ancestor + "__")


def short_eid(eid: str) -> str:
    """The eId from the innermost part, section, chapter or article down.

    Articles are numbered once across a Kazakhstan act, so ``art_12__para_3`` names a
    provision even when its chapter changes; the diff uses this to recognise moves.
    """
    segments = eid.split("__")
    for i in range(len(segments) - 1, -1, -1):
        prefix = segments[i].partition("_")[0]
        kind = KIND_OF_PREFIX.get(prefix)
        if kind is not None and kind in HEADED:
            return "__".join(segments[i:])
    return eid


# -- building and renumbering --------------------------------------------------------


def map_provisions(body: Sequence[Provision], fn: Callable[[Provision], Provision]) -> tuple[Provision, ...]:
    """Apply ``fn`` bottom-up to every provision (children are mapped before their parent)."""
    return tuple(fn(replace(p, children=map_provisions(p.children, fn)) if p.children else p) for p in body)


_NUM_PART = re.compile(r"\d+|\D+")


def num_key(num: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders ``"2" < "12" < "12-1" < "12-2" < "13"``."""
    key: list[tuple[int, int | str]] = []
    for part in clean_num(num).split("-"):
        for piece in _NUM_PART.findall(part):
            key.append((0, int(piece)) if piece.isdigit() else (1, piece.lower()))
    return tuple(key)


def inserted_num(previous: str) -> str:
    """The number Kazakhstan's drafting practice gives a provision inserted after ``previous``.

    Inserting after Article 12 makes Article 12-1, after 12-1 makes 12-2, so the rest of
    the act keeps its numbers (the Law "On Legal Acts" prefers this to renumbering).
    """
    cleaned = clean_num(previous)
    head, sep, tail = cleaned.rpartition("-")
    if sep and tail.isdigit() and head:
        return f"{head}-{int(tail) + 1}"
    return f"{cleaned}-1"


_LETTER_POINT = re.compile(r"^[^\W\d_]$")


def renumber_siblings(children: Sequence[Provision], kind: Kind, start: int = 1) -> tuple[Provision, ...]:
    """Number the siblings of ``kind`` 1, 2, 3... in order (lettered points stay lettered)."""
    n = start
    result = []
    for child in children:
        if child.kind is kind and not _LETTER_POINT.match(child.num):
            child = replace(child, num=str(n))
            n += 1
        result.append(child)
    return tuple(result)


def renumber(document: Document, kind: Kind, start: int = 1) -> Document:
    """Number every provision of ``kind`` sequentially.

    Parts, sections, chapters and articles are numbered continuously across the whole
    document (as in Kazakhstan's acts); paragraphs and points start again in each parent.
    """
    if kind in HEADED:
        counter = [start]

        def visit(nodes: Sequence[Provision]) -> tuple[Provision, ...]:
            out = []
            for node in nodes:
                if node.kind is kind:
                    node = replace(node, num=str(counter[0]))
                    counter[0] += 1
                if node.children and RANK[node.kind] < RANK[kind]:
                    node = replace(node, children=visit(node.children))
                out.append(node)
            return tuple(out)

        return replace(document, body=visit(document.body))

    def per_parent(nodes: Sequence[Provision]) -> tuple[Provision, ...]:
        out = []
        for node in nodes:
            if node.children:
                node = replace(node, children=renumber_siblings(per_parent(node.children), kind, start))
            out.append(node)
        return tuple(out)

    return replace(document, body=renumber_siblings(per_parent(document.body), kind, start))


def provisions_text(provisions: Iterable[Provision]) -> str:
    return "\n".join(t for t in (p.full_text() for p in provisions) if t)


# -- plain data (JSON) ---------------------------------------------------------------------

JsonDict = dict[str, object]


def provision_to_dict(p: Provision) -> JsonDict:
    """A JSON-ready dict; empty fields are left out."""
    d: JsonDict = {"kind": p.kind.value}
    if p.num:
        d["num"] = p.num
    if p.heading:
        d["heading"] = p.heading
    if p.content:
        d["content"] = p.content
    if p.repealed:
        d["repealed"] = True
    if p.children:
        d["children"] = [provision_to_dict(c) for c in p.children]
    return d


def _str(d: JsonDict, key: str) -> str:
    value = d.get(key, "")
    if not isinstance(value, str):
        raise TextError(f"{key!r} must be a string, not {type(value).__name__}.")
    return value


def provision_from_dict(d: object) -> Provision:
    """The inverse of :func:`provision_to_dict`; raises :class:`TextError` on malformed data."""
    if not isinstance(d, dict):
        raise TextError("A provision must be an object.")
    kind = _str(d, "kind")
    if kind not in {k.value for k in Kind}:
        raise TextError(f"Unknown kind of provision {kind!r}.")
    children = d.get("children", [])
    repealed = d.get("repealed", False)
    if not isinstance(children, list) or not isinstance(repealed, bool):
        raise TextError("'children' must be a list and 'repealed' true or false.")
    return Provision(
        kind=Kind(kind),
        num=_str(d, "num"),
        heading=_str(d, "heading"),
        content=_str(d, "content"),
        children=tuple(provision_from_dict(c) for c in children),
        repealed=repealed,
    )


def document_to_dict(document: Document) -> JsonDict:
    return {
        "title": document.title,
        "preface": document.preface,
        "language": document.language,
        "body": [provision_to_dict(p) for p in document.body],
    }


def document_from_dict(d: object) -> Document:
    if not isinstance(d, dict):
        raise TextError("A document must be an object.")
    body = d.get("body", [])
    if not isinstance(body, list):
        raise TextError("'body' must be a list.")
    return Document(
        title=_str(d, "title"),
        preface=_str(d, "preface"),
        body=tuple(provision_from_dict(p) for p in body),
        language=_str(d, "language") or "kk",
    )
