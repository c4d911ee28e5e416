"""Structural diff between two versions of a text, and a word diff inside a changed provision.

Provisions of the two versions are matched top-down, sibling list by sibling list:

1. the same eId and an identical subtree (nothing to report);
2. an identical subtree under another number, unique on both sides (renumbered: this runs
   before eId matching, or inserting Article 13 and renumbering 13..20 as 14..21 would
   pair every old article with the wrong new one and report them all as rewritten);
3. the same eId (changed in place), unless the provision now under that eId shares less
   than half its words with the old one while another new provision shares more (the old
   one was renumbered and changed, and a newcomer took its number);
4. similar words (Jaccard similarity of their word sets >= 0.5; renumbered and changed).

Children of every matched pair are matched the same way. What is left over anywhere is then
matched across the whole document, to find provisions moved to another chapter or article:
an identical subtree, then the same article-rooted eId (articles keep their number across
an act, so ``chp_2__art_12`` and ``chp_3__art_12`` are one article), then similar words
(Jaccard >= 0.6, and a word-sequence similarity >= 0.6 so that texts drawn from the same
legal vocabulary are not mistaken for one another).

Only the topmost provision of an added or removed subtree is reported; a moved or
renumbered provision is reported once, not with each of its descendants. The result keeps
the old eId -> new eId mapping of every matched provision, so comments anchored on one
version can be shown against the next.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Literal

from kurultai.legislation.text import CONTAINERS, HEADED, Document, Provision, child_eids, short_eid

SIMILAR = 0.5  # within one parent
SIMILAR_ELSEWHERE = 0.6  # across the document: stricter, the position says nothing
_COMMON_TOKEN = 64  # tokens in more candidates than this say little about a match


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    RENUMBERED = "renumbered"
    CHANGED = "changed"
    REPEALED = "repealed"


SegmentOp = Literal["equal", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class Segment:
    op: SegmentOp
    text: str


@dataclass(frozen=True, slots=True)
class Change:
    """One reported difference. ``old``/``new`` are None for added/removed provisions."""

    kind: ChangeKind
    old_eid: str | None
    new_eid: str | None
    old: Provision | None
    new: Provision | None
    heading_diff: tuple[Segment, ...] = ()
    content_diff: tuple[Segment, ...] = ()

    @property
    def eid(self) -> str:
        """The eId in the new version, or in the old one for a removed provision."""
        return self.new_eid or self.old_eid or ""

    @property
    def provision(self) -> Provision:
        p = self.new if self.new is not None else self.old
        if p is None:
            raise ValueError("A change has an old or a new provision.")
        return p


@dataclass(frozen=True)
class Diff:
    old: Document
    new: Document
    changes: tuple[Change, ...]
    mapping: dict[str, str] = field(repr=False)  # old eId -> new eId of every matched provision
    title_diff: tuple[Segment, ...] = ()
    preface_diff: tuple[Segment, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes or self.title_diff or self.preface_diff)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def of_kind(self, kind: ChangeKind) -> list[Change]:
        return [c for c in self.changes if c.kind is kind]

    def new_eid_of(self, old_eid: str) -> str | None:
        """Where an old provision went (None if it was removed)."""
        return self.mapping.get(old_eid)

    def nearest_new_eid(self, old_eid: str) -> str | None:
        """Where an old provision went, or else its nearest ancestor that is still there.

        A comment made on a removed paragraph can then be shown beside its article.
        """
        eid = old_eid
        while eid:
            if eid in self.mapping:
                return self.mapping[eid]
            eid = eid.rsplit("__", 1)[0] if "__" in eid else ""
        return None


# -- word diff -----------------------------------------------------------------------------

# Words, punctuation marks and runs of whitespace. Whitespace between two changes is folded
# into them, so "a b c" -> "x y c" reads as one replacement, not two.
_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")
_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Segments whose equal+delete texts join to ``old`` and equal+insert texts to ``new``."""
    if old == new:
        return (Segment("equal", old),) if old else ()
    a, b = tokens(old), tokens(new)
    raw: list[tuple[SegmentOp, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            raw.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                raw.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                raw.append(("insert", "".join(b[j1:j2])))
    segments: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            segments.append(Segment("delete", "".join(deleted)))
        if inserted:
            segments.append(Segment("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for k, (op, text) in enumerate(raw):
        if op == "equal":
            between = 0 < k < len(raw) - 1 and not text.strip()
            if between:
                deleted.append(text)
                inserted.append(text)
                continue
            flush()
            if segments and segments[-1].op == "equal":
                segments[-1] = Segment("equal", segments[-1].text + text)
            else:
                segments.append(Segment("equal", text))
        elif op == "delete":
            deleted.append(text)
        else:
            inserted.append(text)
    flush()
    return tuple(segments)


# -- matching ------------------------------------------------------------------------------


class _Node:
    __slots__ = ("children", "eid", "local", "matched", "order", "parent", "prov", "sig", "words_")

    def __init__(self, prov: Provision, eid: str, parent: _Node | None, order: int) -> None:
        self.prov = prov
        self.eid = eid
        self.parent = parent
        self.local = eid.rsplit("__", 1)[-1]
        self.order = order
        self.children: list[_Node] = []
        self.matched: _Node | None = None
        self.sig = 0
        self.words_: frozenset[str] | None = None

    def words(self) -> frozenset[str]:
        if self.words_ is None:
            self.words_ = frozenset(w.lower() for w in _WORD.findall(self.prov.full_text()))
        return self.words_


def _tree(body: Sequence[Provision]) -> tuple[list[_Node], list[_Node]]:
    """The matching nodes of a body: the top-level ones, and all of them in document order."""
    flat: list[_Node] = []

    def build(children: Sequence[Provision], parent: _Node | None, parent_eid: str) -> list[_Node]:
        nodes = []
        for prov, eid in zip(children, child_eids(parent_eid, children), strict=True):
            node = _Node(prov, eid, parent, len(flat))
            flat.append(node)
            node.children = build(prov.children, node, eid)
            # The subtree's identity without its own number (a renumbered subtree keeps it).
            # Equal signatures are confirmed by comparing the provisions themselves.
            node.sig = hash(
                (prov.kind, prov.heading, prov.content, prov.repealed, tuple((c.local, c.sig) for c in node.children))
            )
            nodes.append(node)
        return nodes

    return build(body, None, ""), flat


def _same_subtree(a: Provision, b: Provision) -> bool:
    return (
        a.kind is b.kind
        and a.heading == b.heading
        and a.content == b.content
        and a.repealed == b.repealed
        and a.children == b.children
    )


def _pair(a: _Node, b: _Node) -> None:
    a.matched = b
    b.matched = a


def _same_order(a: _Node, b: _Node) -> float:
    words_a = _WORD.findall(a.prov.full_text().lower())
    words_b = _WORD.findall(b.prov.full_text().lower())
    return SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _scored(olds: Sequence[_Node], news: Sequence[_Node], threshold: float) -> list[tuple[float, int, int]]:
    """(-similarity, old index, new index) of the same-kind pairs at or above ``threshold``, best first."""
    if not olds or not news:
        return []
    postings: dict[str, list[int]] = defaultdict(list)
    for j, n in enumerate(news):
        for w in n.words():
            postings[w].append(j)
    scored: list[tuple[float, int, int]] = []
    for i, o in enumerate(olds):
        overlap: Counter[int] = Counter()
        for w in o.words():
            hits = postings.get(w)
            if hits and len(hits) <= _COMMON_TOKEN:
                overlap.update(hits)
        if not overlap and len(news) <= _COMMON_TOKEN:
            overlap.update(range(len(news)))  # few candidates: compare them all
        for j in overlap:
            n = news[j]
            if n.prov.kind is o.prov.kind:
                score = _jaccard(o.words(), n.words())
                if score >= threshold:
                    scored.append((-score, i, j))
    scored.sort()
    return scored


def _similar_pairs(olds: Sequence[_Node], news: Sequence[_Node], threshold: float) -> Iterator[tuple[_Node, _Node]]:
    """Greedy best-first pairs of the same kind whose word sets are similar enough."""
    for _, i, j in _scored(olds, news, threshold):
        o, n = olds[i], news[j]
        if o.matched is None and n.matched is None:
            yield o, n


def _unique_by(nodes: Iterable[_Node], key: Callable[[_Node], Hashable]) -> dict[Hashable, _Node]:
    """key -> node, for the keys that exactly one node has."""
    groups: dict[Hashable, list[_Node]] = defaultdict(list)
    for n in nodes:
        groups[key(n)].append(n)
    return {k: v[0] for k, v in groups.items() if len(v) == 1}


def _match_lists(olds: list[_Node], news: list[_Node]) -> None:
    if not olds or not news:
        return
    by_local = {n.local: n for n in news}
    for o in olds:
        n = by_local.get(o.local)
        if n is not None and n.sig == o.sig and _same_subtree(o.prov, n.prov):
            _pair(o, n)
    rest_old = [o for o in olds if o.matched is None]
    rest_new = [n for n in news if n.matched is None]
    if rest_old and rest_new:
        old_sigs = _unique_by(rest_old, lambda x: (x.prov.kind, x.sig))
        new_sigs = _unique_by(rest_new, lambda x: (x.prov.kind, x.sig))
        for key, o in old_sigs.items():
            n = new_sigs.get(key)
            if n is not None and _same_subtree(o.prov, n.prov):
                _pair(o, n)
        rest_old = [o for o in rest_old if o.matched is None]
        rest_new = [n for n in rest_new if n.matched is None]
        # The best other candidate of each old provision: when a provision was inserted before
        # it and it was renumbered *and* changed, the same eId now holds the newcomer.
        # Parts, sections and chapters are left out: their words are whole chapters of text.
        elsewhere: dict[int, tuple[float, _Node]] = {}  # id(old node) -> (similarity, new node)
        leaves_old = [o for o in rest_old if o.prov.kind not in CONTAINERS]
        leaves_new = [n for n in rest_new if n.prov.kind not in CONTAINERS]
        for score, i, j in _scored(leaves_old, leaves_new, SIMILAR):
            elsewhere.setdefault(id(leaves_old[i]), (-score, leaves_new[j]))
        for o in rest_old:
            n = by_local.get(o.local)
            if n is None or n.matched is not None:
                continue
            alternative = elsewhere.get(id(o))
            if alternative is not None and alternative[1] is not n:
                here = _jaccard(o.words(), n.words())
                if here < SIMILAR and alternative[0] > here:
                    continue  # left to the similarity pass below
            _pair(o, n)
        rest_old = [o for o in rest_old if o.matched is None]
        rest_new = [n for n in rest_new if n.matched is None]
        for o, n in list(_similar_pairs(rest_old, rest_new, SIMILAR)):
            if o.matched is None and n.matched is None:
                _pair(o, n)
    for o in olds:
        if o.matched is not None:
            _match_lists(o.children, o.matched.children)


def _match_elsewhere(old_flat: list[_Node], new_flat: list[_Node]) -> None:
    """Match what is left across the whole document: provisions moved to another parent."""

    def pool(flat: list[_Node]) -> list[_Node]:
        # The topmost unmatched nodes, and every unmatched article or container (an article
        # can move out of a chapter that is itself removed).
        return [
            n
            for n in flat
            if n.matched is None and (n.parent is None or n.parent.matched is not None or n.prov.kind in HEADED)
        ]

    olds, news = pool(old_flat), pool(new_flat)
    if not olds or not news:
        return
    new_sigs = _unique_by(news, lambda x: (x.prov.kind, x.sig))
    old_sigs = _unique_by(olds, lambda x: (x.prov.kind, x.sig))
    for key, o in old_sigs.items():
        n = new_sigs.get(key)
        if n is not None and o.matched is None and n.matched is None and _same_subtree(o.prov, n.prov):
            _pair(o, n)
            _match_lists(o.children, n.children)
    olds = [o for o in olds if o.matched is None]
    news = [n for n in news if n.matched is None]
    new_short = _unique_by(news, lambda x: short_eid(x.eid))
    old_short = _unique_by(olds, lambda x: short_eid(x.eid))
    for key, o in old_short.items():
        n = new_short.get(key)
        if n is not None and o.matched is None and n.matched is None and n.prov.kind is o.prov.kind:
            _pair(o, n)
            _match_lists(o.children, n.children)
    olds = [o for o in olds if o.matched is None]
    news = [n for n in news if n.matched is None]
    for o, n in list(_similar_pairs(olds, news, SIMILAR_ELSEWHERE)):
        # Far from its old place, shared words are not enough: the words must also come in
        # much the same order.
        if o.matched is None and n.matched is None and _same_order(o, n) >= SIMILAR_ELSEWHERE:
            _pair(o, n)
            _match_lists(o.children, n.children)


def _newly_repealed(old: _Node) -> bool:
    """A repealed marker replaced the provision: what stood inside it is part of that change."""
    new = old.matched
    return new is not None and new.prov.repealed and not old.prov.repealed


def _own_changed(a: Provision, b: Provision) -> bool:
    return a.heading != b.heading or a.content != b.content or a.repealed != b.repealed


def diff(old: Document, new: Document) -> Diff:
    """What changed from ``old`` to ``new``, in the new version's document order."""
    old_roots, old_flat = _tree(old.body)
    new_roots, new_flat = _tree(new.body)
    _match_lists(old_roots, new_roots)
    if any(o.matched is None for o in old_flat) and any(n.matched is None for n in new_flat):
        _match_elsewhere(old_flat, new_flat)

    entries: list[tuple[float, int, Change]] = []
    mapping: dict[str, str] = {}
    for n in new_flat:
        o = n.matched
        if o is None:
            if n.parent is None or n.parent.matched is not None:
                entries.append((n.order, 0, Change(ChangeKind.ADDED, None, n.eid, None, n.prov)))
            continue
        mapping[o.eid] = n.eid
        a, b = o.prov, n.prov
        parent_moved = (o.parent.matched if o.parent is not None else None) is not n.parent
        if parent_moved:
            entries.append((n.order, 1, Change(ChangeKind.MOVED, o.eid, n.eid, a, b)))
        if a.num != b.num:
            entries.append((n.order, 2, Change(ChangeKind.RENUMBERED, o.eid, n.eid, a, b)))
        if _own_changed(a, b):
            kind = ChangeKind.REPEALED if b.repealed and not a.repealed else ChangeKind.CHANGED
            change = Change(kind, o.eid, n.eid, a, b, word_diff(a.heading, b.heading), word_diff(a.content, b.content))
            entries.append((n.order, 3, change))
    # A removed provision is listed where it stood: just after what preceded it in the old text.
    last_new_order = -0.5
    for o in old_flat:
        if o.matched is not None:
            last_new_order = o.matched.order
        elif o.parent is None or (o.parent.matched is not None and not _newly_repealed(o.parent)):
            entries.append((last_new_order + 0.5, 4, Change(ChangeKind.REMOVED, o.eid, None, o.prov, None)))
    entries.sort(key=lambda e: (e[0], e[1]))
    return Diff(
        old=old,
        new=new,
        changes=tuple(e[2] for e in entries),
        mapping=mapping,
        title_diff=word_diff(old.title, new.title) if old.title != new.title else (),
        preface_diff=word_diff(old.preface, new.preface) if old.preface != new.preface else (),
    )
