"""Near-duplicate texts (copy-paste and template campaigns) by MinHash and locality-sensitive
hashing. Pure: numpy, scipy and datasketch; nothing here imports Django.

- A text's features are its word 3-shingles, hashed to 32 bits (``shingle_hashes``).
- Its MinHash signature has ``NUM_PERM`` values computed with datasketch's "affine32" scheme
  (datasketch >= 2.0): the hash is pre-mixed with the MurmurHash3 finalizer, then
  ``h_i(x) = a_i x + b_i mod 2^32`` with odd ``a_i`` (a bijection, so no extra collisions), the
  ``a_i, b_i`` taken from ``datasketch.MinHash(num_perm, seed)``; vectorised over batches of texts,
  so a signature here is a valid ``datasketch.MinHash`` and can go into a ``MinHashLSH`` index.
- Bulk grouping splits the signature into ``BANDS`` bands of ``ROWS`` rows; texts sharing a band
  are candidates; a candidate joins the first text of its bucket when the signatures agree on at
  least ``threshold`` of their values (the MinHash estimate of the Jaccard similarity). Groups are
  the connected components of those links. With 16 bands of 4 rows a pair with Jaccard 0.8 becomes
  a candidate with probability 1 - (1 - 0.8^4)^16 ≈ 0.9998, a pair at 0.3 with about 0.12.
- ``DuplicateIndex`` wraps ``datasketch.MinHashLSH`` for texts arriving one at a time.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from kurultai.analytics.text import words

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

NUM_PERM = 64
BANDS = 16
ROWS = 4
SEED = 1
THRESHOLD = 0.8
SHINGLE = 3
SCHEME = "affine32"

Signatures = npt.NDArray[np.uint32]


@cache
def _permutations(num_perm: int, seed: int) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def _fmix32(h: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """MurmurHash3's 32-bit finalizer (the pre-mix of datasketch's affine32 scheme)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


_W1 = 0x9E3779B1
_W2 = 0x85EBCA77
_MASK = 0xFFFFFFFF


def shingle_hashes(text: str) -> list[int]:
    """The distinct hashes of the word 3-shingles of ``text``.

    Each word is hashed once (CRC-32 of its UTF-8) and a shingle's hash combines its three word
    hashes (``h1·W1 + h2·W2 + h3`` modulo 2^32), which is much cheaper than hashing the joined
    strings and just as good for MinHash. A text of one or two words is one shingle; an empty text
    has the one shingle 0, so it still has a signature."""
    h = [zlib.crc32(w.encode()) for w in words(text)]
    if not h:
        return [0]
    if len(h) < SHINGLE:
        h += [0] * (SHINGLE - len(h))
    return list({(x * _W1 + y * _W2 + z) & _MASK for x, y, z in zip(h, h[1:], h[2:], strict=False)})


def signatures(
    texts: Iterable[str] | Iterable[Sequence[int]],
    *,
    num_perm: int = NUM_PERM,
    seed: int = SEED,
    batch: int = 2000,
) -> Signatures:
    """MinHash signatures, one row of ``num_perm`` values per text (or per array of shingle hashes)."""
    a, b = _permutations(num_perm, seed)
    out: list[Signatures] = []
    chunk: list[Sequence[int]] = []

    def flush() -> None:
        lengths = np.fromiter((len(h) for h in chunk), dtype=np.int64, count=len(chunk))
        hv = np.fromiter((x for h in chunk for x in h), dtype=np.uint32, count=int(lengths.sum()))
        # uint32 arithmetic wraps: that is the "mod 2^32" of the scheme.
        with np.errstate(over="ignore"):
            phv = np.multiply.outer(_fmix32(hv), a) + b
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        out.append(np.minimum.reduceat(phv, starts, axis=0))
        chunk.clear()

    for item in texts:
        hashes = shingle_hashes(item) if isinstance(item, str) else item
        chunk.append(hashes if len(hashes) else [0])
        if len(chunk) >= batch:
            flush()
    if chunk:
        flush()
    if not out:
        return np.zeros((0, num_perm), dtype=np.uint32)
    return np.vstack(out)


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


@dataclass
class DuplicateIndex:
    """Texts arriving one at a time: is a new text a near-duplicate of one already seen?"""

    threshold: float = THRESHOLD
    num_perm: int = NUM_PERM

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        self._sigs: dict[str, npt.NDArray[np.uint32]] = {}

    def _minhash(self, signature: Sequence[int] | npt.NDArray[np.uint32]) -> MinHash:
        return MinHash(
            num_perm=self.num_perm, seed=SEED, hashvalues=np.asarray(signature, dtype=np.uint32), scheme=SCHEME
        )

    def add(self, key: str, signature: Sequence[int] | npt.NDArray[np.uint32]) -> None:
        sig = np.asarray(signature, dtype=np.uint32)
        self._sigs[key] = sig
        self._lsh.insert(key, self._minhash(sig), check_duplication=False)

    def similar(self, signature: Sequence[int] | npt.NDArray[np.uint32]) -> list[str]:
        """Keys whose estimated Jaccard similarity with ``signature`` is at least the threshold."""
        sig = np.asarray(signature, dtype=np.uint32)
        found = (str(k) for k in self._lsh.query(self._minhash(sig)))
        return sorted(k for k in found if float((self._sigs[k] == sig).mean()) >= self.threshold)
