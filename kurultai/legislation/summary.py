"""A plain-language summary of what a new version changes, in Kazakh, Russian and English,
and a readability score per language.

The summary is built from the structural diff, one sentence per change, in the wording of
Kazakhstan's amending laws ("Статья 12 излагается в новой редакции", "12-бап жаңа
редакцияда жазылды"). A provision is named from its article down ("пункт 3 статьи 15",
"15-баптың 3-тармағы", "paragraph 3 of Article 15"): articles are numbered once across an
act, so the chapter adds nothing. An article whose every provision changed and which keeps
less than half of its words is summarised as one replaced article; a change of a few words
is quoted.

Readability (``docs/authoring-format.md`` documents the formulas):

* ru: Oborneva's adaptation of Flesch Reading Ease, 206.835 - 1.3 * ASL - 60.1 * ASW;
* en: Flesch Reading Ease, 206.835 - 1.015 * ASL - 84.6 * ASW;
* kk: no validated formula exists. On our parallel Kazakh and Russian demo texts the Kazakh
  versions have as many syllables per word (3.15 against 3.20) and words per sentence (9.0
  against 9.2) as the Russian ones, so Kazakh uses Oborneva's coefficients unchanged and a
  Kazakh text scores close to its Russian original. It is an indicator, not a grade.

ASL is words per sentence (a sentence ends at . ! ? … or a line break, so each heading and
each point counts as one); ASW is syllables per word, counted as vowel letters in Kazakh and
Russian. Higher is easier; the score is not clamped, and legal prose often scores below 0,
so compare versions and texts with each other rather than with a fixed scale.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from kurultai.legislation.diff import Change, ChangeKind, Diff, Segment
from kurultai.legislation.text import CONTAINERS, LANGUAGES, Document, Kind, split_eid, walk

# -- naming provisions ---------------------------------------------------------------------

_RU: dict[Kind, dict[str, str]] = {
    Kind.PART: {"nom": "часть", "gen": "части", "ins": "частью", "acc": "часть", "loc": "части"},
    Kind.SECTION: {"nom": "раздел", "gen": "раздела", "ins": "разделом", "acc": "раздел", "loc": "разделе"},
    Kind.CHAPTER: {"nom": "глава", "gen": "главы", "ins": "главой", "acc": "главу", "loc": "главе"},
    Kind.ARTICLE: {"nom": "статья", "gen": "статьи", "ins": "статьёй", "acc": "статью", "loc": "статье"},
    Kind.PARAGRAPH: {"nom": "пункт", "gen": "пункта", "ins": "пунктом", "acc": "пункт", "loc": "пункте"},
    Kind.POINT: {"nom": "подпункт", "gen": "подпункта", "ins": "подпунктом", "acc": "подпункт", "loc": "подпункте"},
}

# Kazakh: the plain form, and the possessive form a provision takes when it is named as part
# of another ("15-баптың 3-тармағы"), in each case the sentences need.
_KK_CASES = ("nom", "gen", "ins", "dat", "loc")
_KK: dict[Kind, dict[str, tuple[str, str]]] = {
    kind: dict(zip(_KK_CASES, forms, strict=True))
    for kind, forms in {
        Kind.PART: (
            ("бөлік", "бөлігі"),
            ("бөліктің", "бөлігінің"),
            ("бөлікпен", "бөлігімен"),
            ("бөлікке", "бөлігіне"),
            ("бөліктегі", "бөлігіндегі"),
        ),
        Kind.SECTION: (
            ("бөлім", "бөлімі"),
            ("бөлімнің", "бөлімінің"),
            ("бөліммен", "бөлімімен"),
            ("бөлімге", "бөліміне"),
            ("бөлімдегі", "бөліміндегі"),
        ),
        Kind.CHAPTER: (
            ("тарау", "тарауы"),
            ("тараудың", "тарауының"),
            ("тараумен", "тарауымен"),
            ("тарауға", "тарауына"),
            ("тараудағы", "тарауындағы"),
        ),
        Kind.ARTICLE: (
            ("бап", "бабы"),
            ("баптың", "бабының"),
            ("баппен", "бабымен"),
            ("бапқа", "бабына"),
            ("баптағы", "бабындағы"),
        ),
        Kind.PARAGRAPH: (
            ("тармақ", "тармағы"),
            ("тармақтың", "тармағының"),
            ("тармақпен", "тармағымен"),
            ("тармаққа", "тармағына"),
            ("тармақтағы", "тармағындағы"),
        ),
        Kind.POINT: (
            ("тармақша", "тармақшасы"),
            ("тармақшаның", "тармақшасының"),
            ("тармақшамен", "тармақшасымен"),
            ("тармақшаға", "тармақшасына"),
            ("тармақшадағы", "тармақшасындағы"),
        ),
    }.items()
}
_EN: dict[Kind, str] = {
    Kind.PART: "Part",
    Kind.SECTION: "Section",
    Kind.CHAPTER: "Chapter",
    Kind.ARTICLE: "Article",
    Kind.PARAGRAPH: "paragraph",
    Kind.POINT: "subparagraph",
}

Chain = list[tuple[Kind, str]]


def chain_of(eid: str) -> Chain:
    """The (kind, number) path that names a provision: from its article (or itself) down."""
    segments = [(k, "" if n.startswith("nn_") else n) for k, n in split_eid(eid)]
    if segments[-1][0] in CONTAINERS or segments[-1][0] is Kind.ARTICLE:
        return segments[-1:]
    for i in range(len(segments) - 1, -1, -1):
        if segments[i][0] is Kind.ARTICLE:
            return segments[i:]
    for i in range(len(segments) - 1, -1, -1):
        if segments[i][0] in CONTAINERS:
            return segments[i:]
    return segments


def _shown(kind: Kind, num: str) -> str:
    return f"{num})" if kind is Kind.POINT and num else num


def name_ru(chain: Chain, case: str = "nom") -> str:
    """``подпункт 1) пункта 3 статьи 15`` (the head in ``case``, the rest in the genitive)."""
    words = []
    for i, (kind, num) in enumerate(reversed(chain)):
        word = _RU[kind][case if i == 0 else "gen"]
        words.append(f"{word} {_shown(kind, num)}".strip())
    return " ".join(words)


def _kk_one(kind: Kind, num: str, form: str) -> str:
    if not num:
        return form
    if kind is Kind.POINT:
        return f"{num}) {form}"
    return f"{num}-{form}"


def name_kk(chain: Chain, case: str = "nom") -> str:
    """``15-баптың 3-тармағының 1) тармақшасы``: genitive links, the head possessive."""
    words = []
    last = len(chain) - 1
    for i, (kind, num) in enumerate(chain):
        possessive = 1 if i > 0 else 0
        form = _KK[kind][case if i == last else "gen"][possessive]
        words.append(_kk_one(kind, num, form))
    return " ".join(words)


def name_en(chain: Chain) -> str:
    """``subparagraph 1) of paragraph 3 of Article 15``."""
    return " of ".join(f"{_EN[kind]} {_shown(kind, num)}".strip() for kind, num in reversed(chain))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- sentences -----------------------------------------------------------------------------

_FEW_WORDS = 8
REWRITTEN = 0.5  # an article keeping less than this share of its words is "replaced"


@dataclass(frozen=True)
class _Words:
    deleted: str
    inserted: str
    after: str  # the word before an insertion, to say where it goes


def _word_change(change: Change) -> _Words | None:
    """The single run of words a change deletes and/or inserts, if it is that small."""
    if any(s.op != "equal" for s in change.heading_diff):
        return None
    runs: list[list[Segment]] = []
    before: list[str] = []
    previous_equal = True
    for s in change.content_diff:
        if s.op == "equal":
            previous_equal = True
            continue
        if previous_equal:
            runs.append([])
            before.append(_last_word(change.content_diff, s))
        runs[-1].append(s)
        previous_equal = False
    if len(runs) != 1:
        return None
    deleted = " ".join("".join(s.text for s in runs[0] if s.op == "delete").split()).strip(" ,;:")
    inserted = " ".join("".join(s.text for s in runs[0] if s.op == "insert").split()).strip(" ,;:")
    if not (deleted or inserted) or len(deleted.split()) > _FEW_WORDS or len(inserted.split()) > _FEW_WORDS:
        return None
    return _Words(deleted, inserted, before[0] if not deleted else "")


def _last_word(segments: tuple[Segment, ...], at: Segment) -> str:
    text = ""
    for s in segments:
        if s is at:
            break
        if s.op == "equal":
            text = s.text
    words = re.findall(r"\w+", text)
    return words[-1] if words else ""


def _plural(text: str) -> bool:
    return len(text.split()) > 1


def _heading_only(change: Change) -> bool:
    return bool(change.heading_diff) and not any(s.op != "equal" for s in change.content_diff)


class _Sentences:
    def __init__(self) -> None:
        self.out: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}

    def add(self, kk: str, ru: str, en: str) -> None:
        self.out["kk"].append(_cap(kk))
        self.out["ru"].append(_cap(ru))
        self.out["en"].append(_cap(en))


def _replaced(s: _Sentences, chain: Chain) -> None:
    s.add(
        f"{name_kk(chain)} жаңа редакцияда жазылды.",
        f"{name_ru(chain)} излагается в новой редакции.",
        f"{name_en(chain)} is replaced.",
    )


def _changed(s: _Sentences, change: Change) -> None:
    chain = chain_of(change.eid)
    if _heading_only(change):
        s.add(
            f"{name_kk(chain, 'gen')} тақырыбы жаңа редакцияда жазылды.",
            f"заголовок {name_ru(chain, 'gen')} излагается в новой редакции.",
            f"the heading of {name_en(chain)} is replaced.",
        )
        return
    words = _word_change(change)
    if words is None:
        _replaced(s, chain)
        return
    old, new = words.deleted, words.inserted
    # Russian and Kazakh say "слово"/"сөз" for one word and "слова"/"сөздер" for several.
    ru_old = f"слова «{old}» заменяются" if _plural(old) else f"слово «{old}» заменяется"
    ru_new = f"словами «{new}»" if _plural(new) else f"словом «{new}»"
    kk_old = f"«{old}» деген {'сөздер' if _plural(old) else 'сөз'}"
    kk_new = f"«{new}» деген {'сөздермен' if _plural(new) else 'сөзбен'}"
    en_old = f"the {'words' if _plural(old) else 'word'} “{old}”"
    en_new = f"the {'words' if _plural(new) else 'word'} “{new}”"
    if old and new:
        s.add(
            f"{name_kk(chain, 'loc')} {kk_old} {kk_new} ауыстырылды.",
            f"в {name_ru(chain, 'loc')} {ru_old} {ru_new}.",
            f"in {name_en(chain)}, {en_old} {'are' if _plural(old) else 'is'} replaced with {en_new}.",
        )
    elif new and words.after:
        after = words.after
        s.add(
            f"{name_kk(chain)} «{after}» деген сөзден кейін {kk_new} толықтырылды.",
            f"{name_ru(chain)} после слова «{after}» дополняется {ru_new}.",
            f"in {name_en(chain)}, {en_new} {'are' if _plural(new) else 'is'} added after “{after}”.",
        )
    elif new:
        s.add(
            f"{name_kk(chain)} {kk_new} толықтырылды.",
            f"{name_ru(chain)} дополняется {ru_new}.",
            f"{name_en(chain)} is supplemented with {en_new}.",
        )
    else:
        s.add(
            f"{name_kk(chain, 'loc')} {kk_old} алып тасталды.",
            f"в {name_ru(chain, 'loc')} {'слова' if _plural(old) else 'слово'} «{old}» "
            f"{'исключаются' if _plural(old) else 'исключается'}.",
            f"in {name_en(chain)}, {en_old} {'are' if _plural(old) else 'is'} deleted.",
        )


def _added(s: _Sentences, change: Change) -> None:
    segments = split_eid(change.eid)
    child: Chain = [(segments[-1][0], "" if segments[-1][1].startswith("nn_") else segments[-1][1])]
    parent_kind = segments[-2][0] if len(segments) > 1 else None
    kk_child = _kk_one(child[0][0], child[0][1], _KK[child[0][0]]["ins"][0])
    ru_child = name_ru(child, "ins")
    if parent_kind is None or parent_kind in CONTAINERS:
        s.add(f"{kk_child} толықтырылды.", f"текст дополняется {ru_child}.", f"{name_en(child)} is added.")
        return
    parent = chain_of(change.eid.rsplit("__", 1)[0])
    s.add(
        f"{name_kk(parent)} {kk_child} толықтырылды.",
        f"{name_ru(parent)} дополняется {ru_child}.",
        f"{name_en(child)} is added to {name_en(parent)}.",
    )


def _removed(s: _Sentences, change: Change, repealed: bool) -> None:
    chain = chain_of(change.eid)
    s.add(
        f"{name_kk(chain)} алып тасталды.",
        f"{name_ru(chain)} исключается.",
        f"{name_en(chain)} is {'repealed' if repealed else 'removed'}.",
    )


def _renumbered(s: _Sentences, change: Change) -> None:
    old = chain_of(change.old_eid or "")
    new = chain_of(change.new_eid or "")[-1:]
    kind, num = new[0]
    s.add(
        f"{name_kk(old)} {_kk_one(kind, num, _KK[kind]['nom'][0])} болып қайта нөмірленді.",
        f"{name_ru(old)} считается {name_ru(new, 'ins')}.",
        f"{name_en(old)} is renumbered as {name_en(new)}.",
    )


def _moved(s: _Sentences, change: Change) -> None:
    old = chain_of(change.old_eid or "")
    new_eid = change.new_eid or ""
    if "__" not in new_eid:
        s.add(f"{name_kk(old)} ауыстырылды.", f"{name_ru(old)} переносится.", f"{name_en(old)} is moved.")
        return
    dest = chain_of(new_eid.rsplit("__", 1)[0])
    s.add(
        f"{name_kk(old)} {name_kk(dest, 'dat')} ауыстырылды.",
        f"{name_ru(old)} переносится в {name_ru(dest, 'acc')}.",
        f"{name_en(old)} is moved to {name_en(dest)}.",
    )


def _article_of(eid: str) -> str | None:
    """The eId of the article that holds (or is) ``eid``."""
    segments = eid.split("__")
    for i in range(len(segments) - 1, -1, -1):
        if segments[i].startswith("art_"):
            return "__".join(segments[: i + 1])
    return None


def _wholly_replaced(d: Diff) -> set[str]:
    """Articles (kept in place) every provision of which changed, to summarise as one sentence."""
    by_article: dict[str, list[Change]] = defaultdict(list)
    for c in d.changes:
        article = _article_of(c.eid)
        if article is not None and article != c.eid:
            by_article[article].append(c)
    changed = {
        c.new_eid
        for c in d.changes
        if c.new_eid and c.kind in (ChangeKind.CHANGED, ChangeKind.REPEALED, ChangeKind.ADDED)
    }
    result: set[str] = set()
    for article, inside in by_article.items():
        if len(inside) < 2 or any(c.kind in (ChangeKind.MOVED, ChangeKind.RENUMBERED) for c in inside):
            continue
        if d.mapping.get(article) != article:
            continue  # the article itself was added, moved or renumbered: reported as such
        located = d.new.find(article)
        if located is None:
            continue
        if not all(_within_changed(loc.eid, changed) for loc in walk(located.provision.children, article)):
            continue
        old = d.old.find(article)
        # Every provision changed and little of the old wording is left: a new wording of the
        # article. Otherwise each change is worth its own sentence.
        if old is None or _overlap(old.provision.full_text(), located.provision.full_text()) < REWRITTEN:
            result.add(article)
    return result


def _overlap(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' sets of words."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(wa & wb) / len(wa | wb) if wa | wb else 1.0


def _within_changed(eid: str, changed: set[str]) -> bool:
    while True:
        if eid in changed:
            return True
        if "__" not in eid:
            return False
        eid = eid.rsplit("__", 1)[0]


def summarise(d: Diff) -> dict[str, list[str]]:
    """The change summary: ``{"kk": [...], "ru": [...], "en": [...]}``, one sentence per change."""
    s = _Sentences()
    if d.title_diff:
        s.add("Атауы жаңа редакцияда жазылды.", "Название излагается в новой редакции.", "The title is replaced.")
    if d.preface_diff:
        s.add("Кіріспе жаңа редакцияда жазылды.", "Преамбула излагается в новой редакции.", "The preamble is replaced.")
    replaced = _wholly_replaced(d)
    done: set[str] = set()
    for c in d.changes:
        article = _article_of(c.eid) if replaced else None
        if article is not None and article in replaced:
            if article not in done:
                done.add(article)
                _replaced(s, chain_of(article))
            continue
        if c.kind is ChangeKind.ADDED:
            _added(s, c)
        elif c.kind is ChangeKind.REMOVED:
            _removed(s, c, repealed=False)
        elif c.kind is ChangeKind.REPEALED:
            _removed(s, c, repealed=True)
        elif c.kind is ChangeKind.RENUMBERED:
            _renumbered(s, c)
        elif c.kind is ChangeKind.MOVED:
            _moved(s, c)
        else:
            _changed(s, c)
    return s.out


def summary(d: Diff, language: str) -> list[str]:
    """The change summary in one language."""
    return summarise(d)[language]


# -- readability ---------------------------------------------------------------------------

_VOWELS = {
    "ru": set("аеёиоуыэюя"),
    "kk": set("аәеёиоөуұүыіэюя"),
}
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n+")
_EN_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_FORMULA: dict[str, tuple[float, float, float]] = {
    "ru": (206.835, 1.3, 60.1),  # Oborneva (2006)
    "en": (206.835, 1.015, 84.6),  # Flesch (1948)
    "kk": (206.835, 1.3, 60.1),  # Oborneva's, see the module docstring
}


@dataclass(frozen=True)
class Readability:
    language: str
    score: float  # about 0 (very hard) .. 100 (very easy); may fall outside
    sentences: int
    words: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0


def syllables(word: str, language: str) -> int:
    """Vowels for Kazakh and Russian (one vowel, one syllable); vowel groups for English."""
    w = word.lower()
    if language == "en":
        count = len(_EN_VOWEL_GROUPS.findall(w))
        if w.endswith("e") and not w.endswith(("le", "ee")) and count > 1:
            count -= 1
        return max(1, count)
    vowels = _VOWELS[language]
    return max(1, sum(1 for ch in w if ch in vowels))


def readability(text: str, language: str) -> Readability:
    """The readability of ``text``: sentences end at . ! ? … or a line break."""
    if language not in _FORMULA:
        raise ValueError(f"Unknown language {language!r}; expected one of {', '.join(LANGUAGES)}.")
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    if not words:
        return Readability(language, 100.0, 0, 0, 0)
    syl = sum(syllables(w, language) for w in words)
    base, per_sentence, per_syllable = _FORMULA[language]
    score = base - per_sentence * len(words) / max(1, len(sentences)) - per_syllable * syl / len(words)
    return Readability(language, round(score, 1), len(sentences), len(words), syl)


def document_readability(document: Document) -> Readability:
    """The readability of a document's words (title, preface, headings and text; no numbers)."""
    parts = [document.title, document.preface]
    parts.extend(loc.provision.text for loc in document.walk())
    return readability("\n".join(p for p in parts if p), document.language)
