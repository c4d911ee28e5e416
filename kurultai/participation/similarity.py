"""Text similarity for "similar proposals already exist" while a citizen types (pure, no Django).

Two simple measures, averaged: Jaccard overlap of word tokens (stems cut to six letters, which
is crude but helps Kazakh and Russian endings) and of character trigrams (robust to typos and
word forms). Good enough to suggest duplicates among a few thousand titles; a search engine is
the answer beyond that.

Near-copies (a citizen pasting an existing proposal, or a campaign template) are found among all
proposals, not just the newest, by MinHash of word 3-shingles in a MinHash LSH index
(``kurultai.common.minhash``, the core analytics uses for campaigns): ``signature`` gives a
text's signature for that index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kurultai.common import minhash

__all__ = ["Match", "rank", "signature", "similarity", "tokens", "trigrams"]

_WORD = re.compile(r"\w+", re.UNICODE)
STEM = 6
MIN_TOKEN = 3
# Function words that would make unrelated titles look alike (en, ru, kk).
STOP_WORDS = frozenset(
    {
        *("the", "and", "for", "with", "from", "that", "this", "into", "about", "our", "are", "all", "not"),
        *("для", "что", "как", "это", "при", "или", "его", "она", "они", "так", "все", "над", "под", "без"),
        *("және", "мен", "үшін", "бен", "пен", "бұл", "осы", "сол", "тек"),
    }
)


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def tokens(text: str) -> frozenset[str]:
    return frozenset(
        w[:STEM]
        for w in _WORD.findall(_normal(text))
        if len(w) >= MIN_TOKEN and w not in STOP_WORDS and not w.isdigit()
    )


def trigrams(text: str) -> frozenset[str]:
    words = " ".join(_WORD.findall(_normal(text)))
    padded = f"  {words} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(a: str, b: str) -> float:
    """0.0 (nothing shared) to 1.0 (the same words)."""
    return (_jaccard(tokens(a), tokens(b)) + _jaccard(trigrams(a), trigrams(b))) / 2


@dataclass(frozen=True, slots=True)
class Match:
    key: str
    score: float


def rank(query: str, candidates: Iterable[tuple[str, str]], *, limit: int = 5, minimum: float = 0.25) -> list[Match]:
    """The ``limit`` candidates ``(key, text)`` most like ``query`` scoring at least ``minimum``, best first."""
    q_tokens, q_trigrams = tokens(query), trigrams(query)
    if len(q_trigrams) < 4:
        return []
    matches = []
    for key, text in candidates:
        score = (_jaccard(q_tokens, tokens(text)) + _jaccard(q_trigrams, trigrams(text))) / 2
        if score >= minimum:
            matches.append(Match(key, round(score, 4)))
    matches.sort(key=lambda m: (-m.score, m.key))
    return matches[:limit]


def signature(text: str) -> npt.NDArray[np.uint32]:
    """The MinHash signature of ``text``'s word 3-shingles (normalised, case-folded words)."""
    sig: npt.NDArray[np.uint32] = minhash.signatures([minhash.word_shingle_hashes(_WORD.findall(_normal(text)))])[0]
    return sig
