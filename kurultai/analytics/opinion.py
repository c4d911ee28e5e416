"""Opinion groups on a consultation, following the published Pol.is math
(compdemocracy.org/algorithms; polis ``math/src/polismath/math`` ``pca.clj``, ``clusters.clj``,
``repness.clj``, ``stats.clj``). Pure: numpy and scikit-learn; no Django.

Input: a participants × comments matrix with +1 agree, -1 disagree, 0 pass and NaN not seen.

1. Participants with at least ``MIN_VOTES`` (7) votes take part (fewer if there are fewer comments).
2. Missing votes are imputed with the comment's mean vote; the columns are centred.
3. Two principal components by power iteration (with deflation for the second).
4. Each participant's projection is scaled by √(comments / votes cast), so people who voted on
   few comments are not pulled to the centre (Pol.is "sparsity-aware scaling").
5. k-means into up to 100 base clusters; then k-means over the base-cluster centres (weighted by
   their sizes) into groups, k from 2 to 5 chosen by the silhouette coefficient. Each grouping is
   finished by Lloyd's iterations over the participants, started from the base clusters' groups
   (``_refine``): Pol.is keeps a base cluster whole, which misplaces the members of a base
   cluster that straddles a boundary; the refinement costs a few passes over a 2-D array.
6. Representative comments of a group: for agree (and for disagree) the smoothed share
   ``p = (1 + n_agree) / (2 + n_seen)``, the one-proportion test of p against 1/2 and the
   two-proportion test of the group against everyone else (both with Pol.is's +1 smoothing); a
   comment is representative when both z-scores pass the 90% level (1.2816); ranked by
   ``(p / p_rest) · z_rest · p · z``.
7. Group-informed consensus of a comment: the product over groups of their smoothed agree share.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.metrics import silhouette_score

__all__ = ["MIN_VOTES", "Z90", "OpinionGroups", "Representative", "compute", "prop_test", "two_prop_test"]

MIN_VOTES = 7
Z90 = 1.2816
BASE_CLUSTERS = 100
K_RANGE = range(2, 6)
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Representative:
    comment: int  # column index
    direction: str  # "agree" | "disagree"
    share: float  # smoothed share of the group voting that way
    share_rest: float
    z: float
    z_rest: float
    metric: float


@dataclass(frozen=True)
class OpinionGroups:
    participants: npt.NDArray[np.int64]  # row indices of the matrix that took part
    projection: Matrix  # (len(participants), 2)
    labels: npt.NDArray[np.int64]  # group of each participant taking part
    k: int
    silhouette: float | None
    components: Matrix  # (2, comments)
    representative: list[list[Representative]]  # per group
    consensus: list[tuple[int, float]]  # (comment, group-informed consensus), best first
    group_sizes: list[int]


def prop_test(successes: float, n: float) -> float:
    """Pol.is ``prop-test``: z of a smoothed proportion against 1/2."""
    s, m = successes + 1, n + 1
    return 2 * math.sqrt(m) * (s / m - 0.5)


def two_prop_test(s1: float, n1: float, s2: float, n2: float) -> float:
    """Pol.is ``two-prop-test`` with +1 smoothing of every count."""
    s1, n1, s2, n2 = s1 + 1, n1 + 1, s2 + 1, n2 + 1
    p1, p2 = s1 / n1, s2 / n2
    pi = (s1 + s2) / (n1 + n2)
    if pi >= 1:
        return 0.0
    return (p1 - p2) / math.sqrt(pi * (1 - pi) * (1 / n1 + 1 / n2))


def _power_iteration(cov: Matrix, rng: np.random.Generator, iters: int = 100, tol: float = 1e-9) -> Matrix:
    """The dominant eigenvector of ``cov`` (= XᵀX): power iteration from a random start."""
    v: Matrix = np.asarray(rng.standard_normal(size=cov.shape[0]), dtype=np.float64)
    v /= float(np.linalg.norm(v)) or 1.0
    for _ in range(iters):
        nv: Matrix = cov @ v
        norm = float(np.linalg.norm(nv))
        if norm == 0:
            return v
        nv /= norm
        done = float(np.linalg.norm(nv - v)) < tol
        v = nv
        if done:
            break
    # A fixed sign, so recomputation does not mirror the map.
    if v[np.argmax(np.abs(v))] < 0:
        v = -v
    return v


def _pca2(x: Matrix, seed: int) -> Matrix:
    """Two principal axes of the centred ``x``. Iterating on XᵀX (comments × comments, formed
    once) is the same power iteration as applying X and Xᵀ in turn, at a fraction of the cost
    when participants outnumber comments; the second axis after deflating the first."""
    rng = np.random.default_rng(seed)
    cov = x.T @ x
    first = _power_iteration(cov, rng)
    deflated = cov - (first @ cov @ first) * np.outer(first, first)
    second = _power_iteration(deflated, rng)
    return np.vstack([first, second])


def _kmeans(
    points: Matrix, k: int, *, seed: int, weights: Matrix | None = None, iters: int = 50, n_init: int = 1
) -> tuple[Matrix, npt.NDArray[np.int64]]:
    """Weighted Lloyd's k-means with k-means++ seeding, vectorised for low-dimensional points
    (the maps are 2-D): cheaper than a general implementation's thread pool at this size."""
    rng = np.random.default_rng(seed)
    w = np.ones(len(points)) if weights is None else np.asarray(weights, dtype=np.float64)
    best: tuple[float, Matrix, npt.NDArray[np.int64]] | None = None
    for _ in range(n_init):
        centres = np.empty((k, points.shape[1]))
        centres[0] = points[rng.choice(len(points), p=w / w.sum())]
        d2 = ((points - centres[0]) ** 2).sum(1)
        for j in range(1, k):
            prob = w * d2
            total = prob.sum()
            idx = rng.choice(len(points), p=prob / total) if total > 0 else rng.integers(len(points))
            centres[j] = points[idx]
            d2 = np.minimum(d2, ((points - centres[j]) ** 2).sum(1))
        labels = np.zeros(len(points), dtype=np.int64)
        for it in range(iters):
            dist = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(2)
            new = dist.argmin(1)
            if it and np.array_equal(new, labels):
                break
            labels = new
            mass = np.bincount(labels, weights=w, minlength=k)
            for dim in range(points.shape[1]):
                sums = np.bincount(labels, weights=w * points[:, dim], minlength=k)
                centres[:, dim] = np.where(mass > 0, sums / np.where(mass > 0, mass, 1), centres[:, dim])
        inertia = float((w * ((points - centres[labels]) ** 2).sum(1)).sum())
        if best is None or inertia < best[0]:
            best = (inertia, centres.copy(), labels.copy())
    if best is None:  # n_init >= 1 always sets it
        raise ValueError("n_init must be at least 1")
    return best[1], best[2]


def _refine(points: Matrix, labels: npt.NDArray[np.int64], k: int, iters: int = 50) -> npt.NDArray[np.int64]:
    """Lloyd's iterations over the participants themselves, started from the groups the base
    clusters gave: a base cluster straddling two groups no longer drags all its members into one,
    so participants near a boundary land in the group whose centre is nearest to them."""
    centres = np.zeros((k, points.shape[1]))
    for _ in range(iters):
        mass = np.bincount(labels, minlength=k).astype(np.float64)
        for dim in range(points.shape[1]):
            sums = np.bincount(labels, weights=points[:, dim], minlength=k)
            centres[:, dim] = np.where(mass > 0, sums / np.where(mass > 0, mass, 1), np.inf)
        new = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(2).argmin(1).astype(np.int64)
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def _repness(votes: Matrix, labels: npt.NDArray[np.int64], k: int, top: int) -> list[list[Representative]]:
    agree = (votes == 1).astype(np.float64)
    disagree = (votes == -1).astype(np.float64)
    seen = (~np.isnan(votes)).astype(np.float64)
    tot_a, tot_d, tot_s = agree.sum(0), disagree.sum(0), seen.sum(0)
    out = []
    for g in range(k):
        mask = labels == g
        na, nd, ns = agree[mask].sum(0), disagree[mask].sum(0), seen[mask].sum(0)
        ra, rd, rs = tot_a - na, tot_d - nd, tot_s - ns
        reps = []
        for c in range(votes.shape[1]):
            best: Representative | None = None
            for direction, n_g, n_r in (("agree", na[c], ra[c]), ("disagree", nd[c], rd[c])):
                p = (1 + n_g) / (2 + ns[c])
                p_rest = (1 + n_r) / (2 + rs[c])
                z = prop_test(n_g, ns[c])
                z_rest = two_prop_test(n_g, ns[c], n_r, rs[c])
                if z > Z90 and z_rest > Z90:
                    metric = (p / p_rest) * z_rest * p * z
                    if best is None or metric > best.metric:
                        best = Representative(c, direction, p, p_rest, z, z_rest, metric)
            if best is not None:
                reps.append(best)
        reps.sort(key=lambda r: (-r.metric, r.comment))
        out.append(reps[:top])
    return out


def compute(
    votes: Matrix, *, min_votes: int = MIN_VOTES, seed: int = 1, top: int = 5, max_k: int = 5
) -> OpinionGroups | None:
    """Groups of ``votes`` (participants × comments); None when fewer than 4 participants or
    2 comments qualify (no map can be drawn from less)."""
    votes = np.asarray(votes, dtype=np.float64)
    n_comments = votes.shape[1] if votes.ndim == 2 else 0
    if n_comments < 2:
        return None
    counts = (~np.isnan(votes)).sum(axis=1)
    needed = min(min_votes, n_comments)
    participants = np.flatnonzero(counts >= needed)
    if len(participants) < 4:
        return None
    v = votes[participants]
    col_mean = _col_means(v)
    filled = np.where(np.isnan(v), col_mean, v)
    centred = filled - filled.mean(axis=0)
    components = _pca2(centred, seed)
    proj = centred @ components.T
    proj *= np.sqrt(n_comments / counts[participants])[:, None]

    n_base = min(BASE_CLUSTERS, len(participants))
    centres, base_labels = _kmeans(proj, n_base, seed=seed, iters=20)
    sizes = np.bincount(base_labels, minlength=n_base).astype(np.float64)
    keep = sizes > 0
    best: tuple[float, int, npt.NDArray[np.int64]] | None = None
    for k in K_RANGE:
        if k > max_k or k > int(keep.sum()):
            break
        _c, group_of_base = _kmeans(centres[keep], k, seed=seed, weights=sizes[keep], n_init=4)
        full = np.zeros(n_base, dtype=np.int64)
        full[np.flatnonzero(keep)] = group_of_base
        # A group the refinement emptied is dropped, so the groups stay numbered 0..k-1.
        used, labels = np.unique(_refine(proj, full[base_labels], k), return_inverse=True)
        if len(used) < 2:
            continue
        sample = min(len(proj), 1000)
        score = float(silhouette_score(proj, labels, sample_size=sample, random_state=seed))
        if best is None or score > best[0] + 1e-9:
            best = (score, len(used), labels.astype(np.int64))
    if best is None:
        labels = np.zeros(len(participants), dtype=np.int64)
        k, sil = 1, None
    else:
        sil, k, labels = best[0], best[1], best[2]
    # Groups numbered by size, largest first, so the numbering is stable between recomputations.
    order = np.argsort(-np.bincount(labels, minlength=k), kind="stable")
    remap = np.empty(k, dtype=np.int64)
    remap[order] = np.arange(k)
    labels = remap[labels]
    reps = _repness(v, labels, k, top)
    agree = (v == 1).astype(np.float64)
    seen = (~np.isnan(v)).astype(np.float64)
    consensus = np.ones(n_comments)
    for g in range(k):
        m = labels == g
        consensus *= (1 + agree[m].sum(0)) / (2 + seen[m].sum(0))
    ranked = sorted(((int(c), float(consensus[c])) for c in range(n_comments)), key=lambda t: (-t[1], t[0]))
    return OpinionGroups(
        participants=participants.astype(np.int64),
        projection=proj,
        labels=labels,
        k=k,
        silhouette=sil,
        components=components,
        representative=reps,
        consensus=ranked[:top],
        group_sizes=[int(x) for x in np.bincount(labels, minlength=k)],
    )


def _col_means(v: Matrix) -> Matrix:
    seen = ~np.isnan(v)
    sums = np.where(seen, v, 0.0).sum(axis=0)
    n = seen.sum(axis=0)
    means: Matrix = np.divide(sums, n, out=np.zeros_like(sums), where=n > 0)
    return means


def planted(
    participants: int, comments: int, groups: int, *, density: float = 0.3, seed: int = 1
) -> tuple[Matrix, npt.NDArray[np.int64]]:
    """A synthetic vote matrix with ``groups`` planted opinion groups (for tests and the bench):
    each group agrees with a comment with its own probability (0.85 or 0.15, some comments
    shared at 0.5), each participant sees a random ``density`` of the comments; 10% pass."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, groups, participants)
    prefs = np.where(rng.random((groups, comments)) < 0.5, 0.85, 0.15)
    prefs[:, rng.random(comments) < 0.2] = 0.5
    p = prefs[truth]
    draw = rng.random((participants, comments))
    votes = np.where(draw < p, 1.0, -1.0)
    votes[rng.random((participants, comments)) < 0.1] = 0.0
    votes[rng.random((participants, comments)) >= density] = np.nan
    return votes, truth.astype(np.int64)
