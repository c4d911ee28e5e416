"""Text processing of citizen input in Kazakh, Russian and English: language identification,
normalisation, stemming and stop words.

Pure Python (plus the ``snowballstemmer`` package): nothing here imports Django.

Language identification (``detect``) scores a text by

1. the letters only Kazakh Cyrillic has (ә ғ қ ң ө ұ ү һ і): each is strong evidence for kk;
2. character trigram profiles of the three languages, built from the stop-word lists and the
   generator's templates kept in ``data/`` (no external model), compared by the share of the
   text's trigrams each profile contains;
3. the script: Latin letters can only be English among the three.

Mixed texts are common (a Russian appeal quoting a Kazakh name, a Kazakh one with Russian terms):
``language_shares`` gives the share of words in each language, ``detect`` the dominant one.

Stemming: Russian through the Snowball stemmer; Kazakh through ``kazakh_stem``, a light suffix
stripper documented below; English through the Snowball English (Porter 2) stemmer.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

__all__ = [
    "KAZAKH_LETTERS",
    "LANGUAGES",
    "detect",
    "kazakh_stem",
    "language_shares",
    "normalise",
    "stem",
    "stop_words",
    "tagged_tokens",
    "tokens",
    "words",
]

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("kk", "ru", "en")
KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_URL = re.compile(r"https?://\S+|www\.\S+")


def normalise(text: str) -> str:
    """NFC, lower case, ё → е, Latin look-alikes of Kazakh letters mapped back, URLs removed.

    Kazakh texts typed on a Russian keyboard often use Latin or Cyrillic substitutes for the
    Kazakh letters; we only undo the unambiguous one (Latin "i" inside a Cyrillic word → "і").
    """
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    text = _URL.sub(" ", text)
    return text


def _fix_mixed_i(word: str) -> str:
    if "i" in word and any("а" <= ch <= "я" or ch in KAZAKH_LETTERS for ch in word):
        return word.replace("i", "і")
    return word


class _FixedWords(dict[str, str]):
    """Each distinct word's ``_fix_mixed_i`` form, computed once: citizen texts repeat their
    vocabulary, so nearly every word of a large corpus is a dictionary lookup."""

    def __missing__(self, word: str) -> str:
        fixed = self[word] = _fix_mixed_i(word)
        if len(self) > MEMO_LIMIT:  # a bound on memory for adversarial input; refilled on demand
            self.clear()
        return fixed


MEMO_LIMIT = 500_000
_FIXED = _FixedWords()


def words(text: str) -> list[str]:
    """The words of a normalised text (letters and inner hyphens; numbers dropped)."""
    return list(map(_FIXED.__getitem__, _WORD.findall(normalise(text))))


@cache
def stop_words(language: str) -> frozenset[str]:
    """The stop-word list of ``language``, kept in ``data/stopwords-<language>.txt``."""
    path = DATA / f"stopwords-{language}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# ------------------------------------------------------------------ language identification


def _trigrams(word: str) -> list[str]:
    padded = f" {word} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


@cache
def _profiles() -> dict[str, frozenset[str]]:
    """Character-trigram profiles per language from the files in ``data/`` (the most frequent
    trigrams of the stop words and the language's template texts)."""
    out = {}
    for lang in LANGUAGES:
        counts: Counter[str] = Counter()
        sources = [DATA / f"stopwords-{lang}.txt", DATA / f"profile-{lang}.txt"]
        for path in sources:
            if path.exists():
                for w in words(path.read_text(encoding="utf-8")):
                    counts.update(_trigrams(w))
        out[lang] = frozenset(t for t, _c in counts.most_common(1500))
    return out


def _word_language(word: str) -> str | None:
    if any(ch in KAZAKH_LETTERS for ch in word):
        return "kk"
    if word.isascii():
        return "en"
    profiles = _profiles()
    grams = _trigrams(word)
    if not grams:
        return None
    kk = sum(g in profiles["kk"] for g in grams)
    ru = sum(g in profiles["ru"] for g in grams)
    if word in stop_words("kk") and word not in stop_words("ru"):
        return "kk"
    if word in stop_words("ru") and word not in stop_words("kk"):
        return "ru"
    if kk == ru:
        return None
    return "kk" if kk > ru else "ru"


def language_shares(text: str) -> dict[str, float]:
    """Share of the words of ``text`` in each language (words that decide nothing are skipped)."""
    counts: Counter[str] = Counter()
    for w in words(text):
        lang = _word_language(w)
        if lang:
            counts[lang] += 1
    total = sum(counts.values())
    return {lang: counts[lang] / total if total else 0.0 for lang in LANGUAGES}


def detect(text: str, default: str = "ru") -> str:
    """The dominant language of ``text``: kk, ru or en.

    A Cyrillic text with Kazakh-specific letters in more than a quarter of its words is Kazakh
    whatever the trigram vote, because Russian never uses those letters (a Russian text quoting
    one Kazakh name stays Russian); otherwise the word vote decides; a text without any decisive
    word gets ``default``.
    """
    ws = words(text)
    if not ws:
        return default
    kazakh_marked = sum(1 for w in ws if any(ch in KAZAKH_LETTERS for ch in w))
    if kazakh_marked / len(ws) > 0.25:
        return "kk"
    shares = language_shares(text)
    best = max(LANGUAGES, key=lambda lang: shares[lang])
    return best if shares[best] > 0 else default


# ------------------------------------------------------------------ stemming

# A light Kazakh stemmer. Kazakh is agglutinative: a word is a stem followed by suffixes in a
# fixed order, plural → possessive → case (→ sometimes a predicative ending), e.g.
# мектеп-тер-іміз-де "in our schools". We strip, in that order from the end, at most one case
# ending, one possessive ending and one plural ending, each only if the stem left has at least
# MIN_STEM letters. Derivational suffixes (-шы, -лық, -сыз ...) are kept: they change meaning.
# The lists cover the vowel-harmony and consonant-assimilation variants (е/а, ы/і, д/т/л/н ...).
MIN_STEM = 3
KK_CASE = (
    # ablative, locative, dative, accusative, genitive, instrumental
    "ынан", "інен", "нан", "нен", "дан", "ден", "тан", "тен",
    "ында", "інде", "нда", "нде", "да", "де", "та", "те",
    "ына", "іне", "на", "не", "ға", "ге", "қа", "ке", "а", "е",
    "ын", "ін", "ды", "ді", "ты", "ті", "ны", "ні",
    "ның", "нің", "дың", "дің", "тың", "тің",
    "мен", "бен", "пен",
)  # fmt: skip
KK_POSSESSIVE = (
    "ымыз", "іміз", "мыз", "міз", "ыңыз", "іңіз", "ңыз", "ңіз",
    "ым", "ім", "ың", "ің", "сы", "сі", "ы", "і", "м", "ң",
)  # fmt: skip
KK_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
_KK_LAYERS = tuple(tuple(sorted(layer, key=len, reverse=True)) for layer in (KK_CASE, KK_POSSESSIVE, KK_PLURAL))


def kazakh_stem(word: str) -> str:
    """Strip at most one case, one possessive and one plural ending (in that order)."""
    for layer in _KK_LAYERS:
        for suffix in layer:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                word = word[: -len(suffix)]
                break
    return word


_RUSSIAN = snowballstemmer.stemmer("russian")
_ENGLISH = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The stem of one normalised word in ``language`` (kk, ru, en). Cached: citizen texts
    repeat their vocabulary, so most calls are lookups."""
    if language == "kk":
        return kazakh_stem(word)
    if language == "en":
        return str(_ENGLISH.stemWord(word))
    return str(_RUSSIAN.stemWord(word))


@cache
def _all_stop_words() -> frozenset[str]:
    return stop_words("kk") | stop_words("ru") | stop_words("en")


Tagged = tuple[str, str, str]


def _tag(raw: str, text_language: str) -> Tagged | None:
    w = _fix_mixed_i(raw)
    if len(w) < 2 or w in _all_stop_words():
        return None
    if any(ch in KAZAKH_LETTERS for ch in w):
        word_lang = "kk"
    elif w.isascii():
        word_lang = "en"
    else:
        word_lang = text_language
    return stem(w, word_lang), w, word_lang


class _TagMemo(dict[str, "Tagged | None"]):
    """(stem, word, language) or None (a stop word, a single letter) for each distinct raw word,
    per text language: tokenising a corpus stems each distinct word once, not each occurrence."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def __missing__(self, raw: str) -> Tagged | None:
        tagged = self[raw] = _tag(raw, self.language)
        if len(self) > MEMO_LIMIT:
            self.clear()
        return tagged


# A word without a Kazakh letter or Latin script is stemmed in the text's language; English texts
# fall back to Russian for Cyrillic words. So two memos cover every case.
_TAG_MEMOS = {"kk": _TagMemo("kk"), "ru": _TagMemo("ru")}


def tagged_tokens(text: str, language: str | None = None) -> list[Tagged]:
    """(stem, word, language of the word) for each content word of ``text``.

    Each word is stemmed in its own language when it shows one (a Kazakh letter, Latin script),
    otherwise in the text's language, so a mixed text keeps both vocabularies."""
    lang = language or detect(text)
    memo = _TAG_MEMOS["kk" if lang == "kk" else "ru"]
    return [t for t in map(memo.__getitem__, _WORD.findall(normalise(text))) if t is not None]


def tokens(text: str, language: str | None = None) -> list[str]:
    """Stemmed content words of ``text``: stop words and one-letter words removed."""
    return [s for s, _w, _l in tagged_tokens(text, language)]


def shingles(text: str, size: int = 3) -> set[str]:
    """Word ``size``-grams of the normalised text (no stemming: copy-paste keeps the wording)."""
    ws = words(text)
    if len(ws) < size:
        return {" ".join(ws)} if ws else set()
    return {" ".join(ws[i : i + size]) for i in range(len(ws) - size + 1)}


def flatten(items: Iterable[Iterable[str]]) -> list[str]:
    return [x for item in items for x in item]
