"""Search queries and snippets (pure: no Django).

A query is split into word tokens (letters and digits of any script, so Kazakh, Russian
and Latin words all count). Each token matches as a prefix; a token that is not a prefix of
any word in the index's name vocabulary is also tried as its nearest names (edit distance
1, or 2 for long words), so a misspelt surname still finds the deputy.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from kurultai.analytics.text import kazakh_stem, stop_words
from kurultai.analytics.text import stem as snowball_stem

WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_TOKENS = 8
MIN_FUZZY = 4  # shorter words are too ambiguous to correct
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
CYRILLIC = re.compile(r"[а-яё]")
LATIN = re.compile(r"[a-z]")


@cache
def _stops() -> frozenset[str]:
    return stop_words("kk") | stop_words("ru") | stop_words("en")


def content_tokens(toks: Sequence[str]) -> list[str]:
    """The tokens without stop words ("и", "мен", "the"), unless nothing else is left."""
    kept = [t for t in toks if t not in _stops()]
    return kept or list(toks)


def tokens(q: str) -> list[str]:
    """Lower-cased word tokens of a query, at most ``MAX_TOKENS``, duplicates dropped."""
    seen: list[str] = []
    for word in WORD.findall(q.casefold()):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_TOKENS]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau (optimal string alignment) distance, stopping early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def corrections(token: str, vocabulary: Iterable[str], *, limit: int = 3) -> list[str]:
    """Vocabulary words within a small edit distance of ``token`` (or of its length in a
    longer word: a misspelt prefix), closest first; none for short tokens."""
    if len(token) < MIN_FUZZY:
        return []
    allowed = 1 if len(token) < 8 else 2
    found: list[tuple[int, str]] = []
    for word in vocabulary:
        if word.startswith(token):
            return []  # the token already matches as a prefix
        head = word[: len(token)] if len(word) > len(token) + allowed else word
        d = edit_distance(token, head, allowed)
        if d <= allowed:
            found.append((d, word))
    found.sort()
    return [w for _d, w in found[:limit]]


def _fold(word: str) -> str:
    # FTS5's unicode61 and PostgreSQL's simple parser keep ё apart from е; the stems are
    # matched exactly, so both sides fold it the same way.
    return word.replace("ё", "е")


def stem_kk(token: str) -> str:
    """The light Kazakh stem of one lower-cased token (itself when nothing is stripped)."""
    return kazakh_stem(_fold(token))


def kk_stems(*texts: str, limit: int = 100_000) -> str:
    """The words of Kazakh ``texts`` through the light Kazakh stemmer, space-separated."""
    out: list[str] = []
    size = 0
    for text in texts:
        for word in WORD.findall(text.casefold()):
            stem = stem_kk(word)
            size += len(stem) + 1
            if size > limit:
                return " ".join(out)
            out.append(stem)
    return " ".join(out)


@dataclass(frozen=True)
class Term:
    """One query token, the words it may also stand for, and its Kazakh stem."""

    token: str
    alternatives: tuple[str, ...] = ()
    stem: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return (self.token, *self.alternatives)

    @property
    def highlights(self) -> tuple[str, ...]:
        return (*self.words, self.stem) if self.stem else self.words


def term(token: str, alternatives: Sequence[str] = ()) -> Term:
    """A Term with its Kazakh stem when stemming shortens the token."""
    stem = stem_kk(token)
    return Term(token, tuple(alternatives), stem if stem != token and len(stem) < len(token) else "")


def fts5_match(terms: Sequence[Term]) -> str:
    """An FTS5 MATCH expression: every term must match, each as a prefix of any of its words."""
    parts = []
    for t in terms:
        alts = [f'"{w.replace(chr(34), "")}"*' for w in t.words]
        if t.stem:
            alts.append(f'stems_kk : "{t.stem.replace(chr(34), "")}"')
        parts.append(f"({' OR '.join(alts)})")
    return " AND ".join(parts)


def tsquery(terms: Sequence[Term]) -> str:
    """A ``to_tsquery('simple', …)`` text: every word as a prefix (``:*``), together with its
    Russian (Cyrillic words) or English (Latin words) Snowball stem as a prefix, the stems the
    ``russian`` and ``english`` configurations indexed; and the Kazakh stem, exactly. One
    configuration with the stems spelt out costs one GIN lookup per distinct word, where
    OR-ing three configurations looked most words up three times."""
    parts = []
    for t in terms:
        prefixes: dict[str, None] = {}
        for w in t.words:
            w = re.sub(r"[^\w]", "", w)
            if not w:
                continue
            prefixes[w] = None
            if CYRILLIC.search(w):
                prefixes[snowball_stem(w.replace("ё", "е"), "ru")] = None
            if LATIN.search(w):
                prefixes[snowball_stem(w, "en")] = None
        # A prefix inside a shorter one adds nothing ("депутатов:*" within "депутат:*").
        kept = [w for w in prefixes if w and not any(p != w and w.startswith(p) for p in prefixes if p)]
        alts = [f"{w}:*" for w in kept]
        stem = re.sub(r"[^\w]", "", t.stem)
        if stem and not any(stem.startswith(p) for p in kept):
            alts.append(stem)  # exact: the stems are indexed as words of their own
        if alts:
            parts.append(f"({' | '.join(alts)})")
    return " & ".join(parts)


def _word_starts(text: str, prefixes: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for m in WORD.finditer(text):
        word = m.group().casefold()
        if any(word.startswith(p) for p in prefixes):
            spans.append(m.span())
    return spans


def snippet(text: str, terms: Sequence[Term], *, width: int = 180) -> str:
    """Safe HTML: a window of ``text`` around the first match, matched words in <mark>."""
    prefixes = [w for t in terms for w in t.highlights]
    text = " ".join(text.split())
    spans = _word_starts(text, prefixes)
    start = 0
    if spans and spans[0][0] > width // 3:
        start = text.rfind(" ", 0, spans[0][0] - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    out = []
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(text[pos:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out) + suffix


def vocabulary_words(texts: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for text in texts:
        words.update(w for w in WORD.findall(text.casefold()) if len(w) >= MIN_FUZZY)
    return words
