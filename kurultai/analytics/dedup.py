"""Near-duplicate texts (copy-paste and template campaigns) by MinHash and locality-sensitive
hashing. Pure: numpy, scipy and datasketch; nothing here imports Django.

- A text's features are its word 3-shingles, hashed to 32 bits (``shingle_hashes``).
- Its MinHash signature (``NUM_PERM`` values, datasketch's "affine32" scheme, computed for a batch
  of texts at once in numpy) comes from the shared core ``kurultai.common.minhash``, which
  participation uses too; a signature is a valid ``datasketch.MinHash``.
- Bulk grouping splits the signature into ``BANDS`` bands of ``ROWS`` rows; texts sharing a band
  are candidates; a candidate joins the first text of its bucket when the signatures agree on at
  least ``threshold`` of their values (the MinHash estimate of the Jaccard similarity). Groups are
  the connected components of those links. With 16 bands of 4 rows a pair with Jaccard 0.8 becomes
  a candidate with probability 1 - (1 - 0.8^4)^16 ≈ 0.9998, a pair at 0.3 with about 0.12.
- ``DuplicateIndex`` (from the shared core) wraps ``datasketch.MinHashLSH`` for texts arriving
  one at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from kurultai.analytics.text import words
from kurultai.common.minhash import NUM_PERM, SEED, THRESHOLD, DuplicateIndex, word_shingle_hashes
from kurultai.common.minhash import signatures as _signatures_of_hashes

__all__ = [
    "BANDS",
    "NUM_PERM",
    "ROWS",
    "DuplicateIndex",
    "exact_similar_pairs",
    "group_labels",
    "groups_of",
    "shingle_hashes",
    "signatures",
]

BANDS = 16
ROWS = 4

Signatures = npt.NDArray[np.uint32]


def shingle_hashes(text: str) -> list[int]:
    """The distinct hashes of the word 3-shingles of ``text`` (words as ``text.words`` finds them)."""
    return word_shingle_hashes(words(text))


def signatures(
    texts: Iterable[str] | Iterable[Sequence[int]],
    *,
    num_perm: int = NUM_PERM,
    seed: int = SEED,
    batch: int = 2000,
) -> Signatures:
    """MinHash signatures, one row of ``num_perm`` values per text (or per array of shingle hashes)."""
    hashes = (shingle_hashes(item) if isinstance(item, str) else item for item in texts)
    return _signatures_of_hashes(hashes, num_perm=num_perm, seed=seed, batch=batch)


def _band_keys(sigs: Signatures, band: int, rows: int) -> npt.NDArray[np.uint64]:
    part = sigs[:, band * rows : (band + 1) * rows].astype(np.uint64)
    key = np.zeros(len(sigs), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(part.shape[1]):
            key = key * np.uint64(0x100000001B3) ^ part[:, j]
    return key


def group_labels(
    sigs: Signatures, *, bands: int = BANDS, rows: int = ROWS, threshold: float = THRESHOLD
) -> npt.NDArray[np.int64]:
    """A component label per text: texts with the same label are near-duplicates (transitively)."""
    n = len(sigs)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    left: list[npt.NDArray[np.int64]] = []
    right: list[npt.NDArray[np.int64]] = []
    positions = np.arange(n)
    for band in range(bands):
        keys = _band_keys(sigs, band, rows)
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        starts = np.ones(n, dtype=bool)
        starts[1:] = sk[1:] != sk[:-1]
        # The first text of each bucket, for every position in sorted order.
        rep = order[np.maximum.accumulate(np.where(starts, positions, 0))]
        cand = ~starts
        if not cand.any():
            continue
        i, r = order[cand], rep[cand]
        agree = (sigs[i] == sigs[r]).mean(axis=1)
        ok = agree >= threshold
        left.append(i[ok])
        right.append(r[ok])
    if not left:
        return np.arange(n, dtype=np.int64)
    li, ri = np.concatenate(left), np.concatenate(right)
    graph = sparse.coo_matrix((np.ones(len(li), dtype=np.int8), (li, ri)), shape=(n, n))
    _count, labels = connected_components(graph, directed=False)
    out: npt.NDArray[np.int64] = np.asarray(labels, dtype=np.int64)
    return out


def groups_of(labels: npt.NDArray[np.int64], *, min_size: int = 2) -> list[list[int]]:
    """Indices of each group of at least ``min_size`` texts, largest group first."""
    order = np.argsort(labels, kind="stable")
    sl = labels[order]
    bounds = np.flatnonzero(np.diff(sl)) + 1
    parts = np.split(order, bounds)
    groups = [sorted(int(x) for x in p) for p in parts if len(p) >= min_size]
    groups.sort(key=lambda g: (-len(g), g[0]))
    return groups


def exact_similar_pairs(
    hash_sets: Sequence[Sequence[int]], *, threshold: float = THRESHOLD, block: int = 2000
) -> set[tuple[int, int]]:
    """Every pair (i < j) whose shingle sets have Jaccard similarity ≥ ``threshold``, exactly,
    by sparse matrix products in blocks: the all-pairs baseline of the benchmark."""
    vocab: dict[int, int] = {}
    indptr = [0]
    indices: list[int] = []
    for hs in hash_sets:
        cols = {vocab.setdefault(int(h), len(vocab)) for h in hs}
        indices.extend(sorted(cols))
        indptr.append(len(indices))
    n = len(hash_sets)
    m = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), np.array(indices, dtype=np.int64), np.array(indptr)),
        shape=(n, max(len(vocab), 1)),
    )
    sizes = np.diff(m.indptr).astype(np.float64)
    mt = m.T.tocsc()
    pairs: set[tuple[int, int]] = set()
    for lo in range(0, n, block):
        inter = (m[lo : lo + block] @ mt).tocoo()
        i = inter.row + lo
        j = inter.col
        keep = i < j
        i, j, v = i[keep], j[keep], inter.data[keep]
        jac = v / (sizes[i] + sizes[j] - v)
        sel = jac >= threshold
        pairs.update(zip(i[sel].tolist(), j[sel].tolist(), strict=True))
    return pairs
