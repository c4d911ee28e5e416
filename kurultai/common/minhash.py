"""MinHash signatures and a MinHash LSH index of texts, shared by analytics (near-duplicate
campaigns, ``kurultai.analytics.dedup``) and participation (an existing proposal suggested while
a citizen types a near-copy of it). Pure: numpy and datasketch; nothing here imports Django.

- A text's features are its word 3-shingles hashed to 32 bits (``word_shingle_hashes``): each
  word is hashed once (CRC-32 of its UTF-8) and a shingle's hash combines its three word hashes
  (``h1·W1 + h2·W2 + h3`` modulo 2^32), which is much cheaper than hashing the joined strings.
- Its signature has ``NUM_PERM`` values computed with datasketch's "affine32" scheme (datasketch
  >= 2.0): the hash is pre-mixed with the MurmurHash3 finalizer, then ``h_i(x) = a_i x + b_i mod
  2^32`` with odd ``a_i`` (a bijection, so no extra collisions), the ``a_i, b_i`` taken from
  ``datasketch.MinHash(num_perm, seed)``. ``signatures`` computes it for a batch of texts at once
  in numpy (one outer product of the shingle hashes with the ``a_i`` and a ``minimum.reduceat``
  per text) instead of datasketch's per-text update loop; the result is the same signature, so
  it goes into a ``datasketch.MinHashLSH`` index unchanged (``DuplicateIndex``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

__all__ = ["NUM_PERM", "SEED", "THRESHOLD", "DuplicateIndex", "signatures", "word_shingle_hashes"]

NUM_PERM = 64
SEED = 1
THRESHOLD = 0.8
SHINGLE = 3
SCHEME = "affine32"

Signatures = npt.NDArray[np.uint32]

_W1 = 0x9E3779B1
_W2 = 0x85EBCA77
_MASK = 0xFFFFFFFF


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


def word_shingle_hashes(words: Sequence[str]) -> list[int]:
    """The distinct hashes of the word 3-shingles of a text's ``words``. A text of one or two
    words is one shingle; a text without words has the one shingle 0, so it still has a signature."""
    h = [zlib.crc32(w.encode()) for w in words]
    if not h:
        return [0]
    if len(h) < SHINGLE:
        h += [0] * (SHINGLE - len(h))
    return list({(x * _W1 + y * _W2 + z) & _MASK for x, y, z in zip(h, h[1:], h[2:], strict=False)})


def signatures(
    hash_lists: Iterable[Sequence[int]], *, num_perm: int = NUM_PERM, seed: int = SEED, batch: int = 2000
) -> Signatures:
    """MinHash signatures, one row of ``num_perm`` values per list of shingle hashes."""
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

    for hashes in hash_lists:
        chunk.append(hashes if len(hashes) else [0])
        if len(chunk) >= batch:
            flush()
    if chunk:
        flush()
    if not out:
        return np.zeros((0, num_perm), dtype=np.uint32)
    return np.vstack(out)


@dataclass
class DuplicateIndex:
    """Texts arriving one at a time in a ``datasketch.MinHashLSH`` index: which known texts is a
    new one a near-duplicate of (estimated Jaccard similarity of shingles ≥ ``threshold``)?"""

    threshold: float = THRESHOLD
    num_perm: int = NUM_PERM

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        self._sigs: dict[str, npt.NDArray[np.uint32]] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: object) -> bool:
        return key in self._sigs

    def _minhash(self, signature: Sequence[int] | npt.NDArray[np.uint32]) -> MinHash:
        return MinHash(
            num_perm=self.num_perm, seed=SEED, hashvalues=np.asarray(signature, dtype=np.uint32), scheme=SCHEME
        )

    def add(self, key: str, signature: Sequence[int] | npt.NDArray[np.uint32]) -> None:
        if key in self._sigs:
            self.remove(key)
        sig = np.asarray(signature, dtype=np.uint32)
        self._sigs[key] = sig
        self._lsh.insert(key, self._minhash(sig), check_duplication=False)

    def remove(self, key: str) -> None:
        if self._sigs.pop(key, None) is not None:
            self._lsh.remove(key)

    def scored(self, signature: Sequence[int] | npt.NDArray[np.uint32]) -> list[tuple[str, float]]:
        """(key, estimated Jaccard similarity) of the known texts at or above the threshold, most
        similar first."""
        sig = np.asarray(signature, dtype=np.uint32)
        found = ((str(k), float((self._sigs[str(k)] == sig).mean())) for k in self._lsh.query(self._minhash(sig)))
        return sorted(((k, s) for k, s in found if s >= self.threshold), key=lambda ks: (-ks[1], ks[0]))

    def similar(self, signature: Sequence[int] | npt.NDArray[np.uint32]) -> list[str]:
        """Keys whose estimated Jaccard similarity with ``signature`` is at least the threshold."""
        return sorted(k for k, _s in self.scored(signature))
