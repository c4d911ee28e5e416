"""The shared MinHash core: numpy signatures equal datasketch's, the LSH index finds planted
near-copies and estimates their Jaccard similarity."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHash

from kurultai.common import minhash


def _text(rng: random.Random, n: int) -> list[str]:
    return [f"w{rng.randrange(5000)}" for _ in range(n)]


def test_vectorised_signatures_equal_datasketch_update_loop():
    rng = random.Random(3)
    texts = [_text(rng, rng.randrange(0, 60)) for _ in range(50)]
    hashes = [minhash.word_shingle_hashes(t) for t in texts]
    sigs = minhash.signatures(hashes, batch=7)
    for h, sig in zip(hashes, sigs, strict=True):
        # datasketch hashes what it is given: give it our shingle hashes, read back as integers.
        m = MinHash(num_perm=minhash.NUM_PERM, seed=minhash.SEED, hashfunc=int, scheme=minhash.SCHEME)
        for x in h:
            m.update(str(x).encode())
        assert np.array_equal(sig, m.hashvalues)


def test_estimated_jaccard_tracks_the_exact_one_and_lsh_recalls_planted_copies():
    rng = random.Random(5)
    index = minhash.DuplicateIndex()
    originals = {f"p{i}": _text(rng, 80) for i in range(200)}
    for key, words in originals.items():
        index.add(key, minhash.signatures([minhash.word_shingle_hashes(words)])[0])
    found, errors = 0, []
    for key, words in originals.items():
        copy = list(words)
        copy[rng.randrange(80)] = "edited"  # one word changed: Jaccard of 3-shingles about 0.93
        a, b = set(minhash.word_shingle_hashes(words)), set(minhash.word_shingle_hashes(copy))
        exact = len(a & b) / len(a | b)
        scored = dict(index.scored(minhash.signatures([list(b)])[0]))
        found += key in scored
        if key in scored:
            errors.append(abs(scored[key] - exact))
        assert set(scored) <= {key}  # unrelated texts share no shingles
    assert found / len(originals) >= 0.9
    assert float(np.mean(errors)) < 0.06


def test_index_remove_replace_and_degenerate_texts():
    index = minhash.DuplicateIndex()
    sig = minhash.signatures([minhash.word_shingle_hashes(["a", "b", "c", "d"])])[0]
    index.add("x", sig)
    index.add("x", sig)  # replacing a key keeps one entry
    assert len(index) == 1
    assert "x" in index
    assert index.similar(sig) == ["x"]
    index.remove("x")
    index.remove("missing")
    assert index.similar(sig) == []
    assert minhash.word_shingle_hashes([]) == [0]
    assert len(minhash.word_shingle_hashes(["one"])) == 1
    assert minhash.signatures([]).shape == (0, minhash.NUM_PERM)
