"""Topics of citizen texts: TF-IDF with NMF (or mini-batch k-means for very large corpora), top
terms per language, incremental assignment, emerging topics, and the matching that keeps a
clerk's topic names across recomputations. Pure: numpy, scipy, scikit-learn; no Django.

Texts come in as token lists (``text.tokens``: stemmed content words). A fitted ``TopicModel`` is
plain data (vocabulary, idf, per-topic term weights), so it is stored as JSON and a new text is
assigned without scikit-learn: its TF-IDF vector (l2-normalised, sublinear tf as in the fit) is
compared by cosine with each topic's weight vector.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = [
    "MIN_SCORE",
    "Emerging",
    "TopicModel",
    "assign",
    "emerging",
    "fit",
    "match",
    "suggest_k",
]

MIN_SCORE = 0.05  # below this cosine a text is "unassigned" rather than forced into a topic
WEIGHT_TERMS = 200  # terms kept per topic for assignment
TOP_TERMS = 10


@dataclass(frozen=True)
class TopicModel:
    vocabulary: dict[str, int]
    idf: list[float]
    # per topic: term -> weight (the top WEIGHT_TERMS terms, vector l2-normalised)
    weights: list[dict[str, float]]

    def top_terms(self, topic: int, n: int = TOP_TERMS, allowed: set[str] | None = None) -> list[str]:
        items = sorted(self.weights[topic].items(), key=lambda kv: (-kv[1], kv[0]))
        return [t for t, _w in items if allowed is None or t in allowed][:n]

    def to_json(self) -> dict[str, object]:
        return {"vocabulary": self.vocabulary, "idf": self.idf, "weights": self.weights}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TopicModel:
        return cls(
            vocabulary={str(k): int(v) for k, v in data["vocabulary"].items()},
            idf=[float(x) for x in data["idf"]],
            weights=[{str(k): float(v) for k, v in w.items()} for w in data["weights"]],
        )


def suggest_k(n_texts: int) -> int:
    """A default number of topics: about √(n/50), between 2 and 40."""
    return max(2, min(40, round(math.sqrt(n_texts / 50)) or 2))


def _identity(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


def fit(
    docs: Sequence[Sequence[str]],
    k: int,
    *,
    method: str = "nmf",
    seed: int = 1,
    max_features: int = 20_000,
    min_df: int = 2,
    sample_size: int = 20_000,
) -> tuple[TopicModel, npt.NDArray[np.int64]]:
    """Fit ``k`` topics on token lists; returns the model and each document's topic (-1: none)."""
    if not docs:
        raise ValueError("no texts to fit topics on")
    vectorizer = TfidfVectorizer(
        analyzer=_identity, min_df=min(min_df, len(docs)), max_df=0.15 if len(docs) > 200 else 1.0,
        max_features=max_features, sublinear_tf=True,
    )  # fmt: skip
    x = vectorizer.fit_transform(docs)
    k = max(1, min(k, x.shape[0], x.shape[1]))
    terms = vectorizer.get_feature_names_out()
    # Large corpora: the factorisation is fitted on a random sample; every text is then assigned
    # by cosine against the topic term weights (the same rule ``assign`` applies to new texts).
    rng = np.random.default_rng(seed)
    sample = x if x.shape[0] <= sample_size else x[np.sort(rng.choice(x.shape[0], sample_size, replace=False))]
    if method == "kmeans":
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3)
        km.fit(sample)
        components = np.asarray(km.cluster_centers_)
    else:
        nmf = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=200, tol=1e-3)
        nmf.fit(sample)
        components = nmf.components_
    weights = []
    dense = np.zeros_like(components)
    for t, row in enumerate(components):
        top = np.argsort(-row)[:WEIGHT_TERMS]
        top = top[row[top] > 0]
        vec = row[top]
        norm = float(np.linalg.norm(vec)) or 1.0
        dense[t, top] = vec / norm
        weights.append({str(terms[i]): float(v / norm) for i, v in zip(top, vec, strict=True)})
    scores = np.asarray(x @ dense.T)
    labels = np.argmax(scores, axis=1)
    labels[scores.max(axis=1) < MIN_SCORE] = -1
    model = TopicModel(
        vocabulary={str(t): int(i) for i, t in enumerate(terms)},
        idf=[float(v) for v in vectorizer.idf_],
        weights=weights,
    )
    return model, labels.astype(np.int64)


def assign(model: TopicModel, tokens: Sequence[str]) -> tuple[int, float]:
    """The best topic for one new text and its cosine score; (-1, score) below ``MIN_SCORE``."""
    counts = Counter(t for t in tokens if t in model.vocabulary)
    if not counts:
        return -1, 0.0
    vec = {t: (1 + math.log(c)) * model.idf[model.vocabulary[t]] for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    best, best_score = -1, 0.0
    for i, w in enumerate(model.weights):
        score = sum(v * w.get(t, 0.0) for t, v in vec.items()) / norm
        if score > best_score:
            best, best_score = i, score
    return (best, best_score) if best_score >= MIN_SCORE else (-1, best_score)


def match(old: Sequence[set[str]], new: Sequence[set[str]], *, min_overlap: float = 0.2) -> dict[int, int]:
    """Which new topic continues which old one: a one-to-one matching maximising the total
    Jaccard overlap of their top terms (Hungarian method); pairs below ``min_overlap`` stay apart.
    Returns {new index: old index}."""
    if not old or not new:
        return {}
    sim = np.zeros((len(new), len(old)))
    for i, a in enumerate(new):
        for j, b in enumerate(old):
            union = len(a | b)
            sim[i, j] = len(a & b) / union if union else 0.0
    rows, cols = linear_sum_assignment(-sim)
    return {int(i): int(j) for i, j in zip(rows, cols, strict=True) if sim[i, j] >= min_overlap}


@dataclass(frozen=True, slots=True)
class Emerging:
    topic: str
    current: int
    previous: int
    growth: float  # (current + 1) / (previous + 1)


def emerging(
    volume: Mapping[str, Mapping[str, int]], *, current: str, previous: str, min_count: int = 5, min_growth: float = 1.5
) -> list[Emerging]:
    """Topics whose volume in the ``current`` month grew at least ``min_growth`` times against the
    ``previous`` one (add-one smoothed, so a topic from nothing needs ``min_count`` texts)."""
    out = []
    for topic, months in volume.items():
        cur, prev = int(months.get(current, 0)), int(months.get(previous, 0))
        growth = (cur + 1) / (prev + 1)
        if cur >= min_count and growth >= min_growth:
            out.append(Emerging(topic, cur, prev, round(growth, 2)))
    out.sort(key=lambda e: (-e.growth, e.topic))
    return out
