"""Near-duplicates: signatures agree with datasketch, planted campaigns are found, recall against
exact all-pairs."""

from __future__ import annotations

from datetime import date

import numpy as np
from datasketch import MinHash

from kurultai.analytics import dedup, synth
from kurultai.common import minhash


def test_signature_equals_datasketch_minhash_with_the_same_hash():
    sample = "Уважаемые депутаты, просим отремонтировать дорогу в селе Карасу до конца года"
    # datasketch hashes what it is given; give it our shingle hashes as decimal strings.
    m = MinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED, hashfunc=int, scheme=minhash.SCHEME)
    for h in dedup.shingle_hashes(sample):
        m.update(str(h).encode())
    assert np.array_equal(dedup.signatures([sample])[0], m.hashvalues)


def test_identical_and_edited_copies_group_unrelated_texts_do_not():
    vocabulary = ["ауыл", "мектеп", "жол", "су", "жарық", "газ", "емхана"]
    vocabulary += ["дәрігер", "бала", "ана", "әке", "тұрғын", "әкім", "депутат"]
    base = " ".join(vocabulary[i % 14] + vocabulary[(i * 5) % 14] for i in range(60))
    edited = base.replace(base.split()[30], "басқа", 1)
    other = " ".join("word" + "abcdefghij"[i % 10] + "klmnopqrst"[(i * 3) % 10] for i in range(60))
    labels = dedup.group_labels(dedup.signatures([base, other, edited, base]))
    assert labels[0] == labels[2] == labels[3]
    assert labels[1] != labels[0]
    assert dedup.groups_of(labels) == [[0, 2, 3]]


def test_planted_campaigns_are_recovered_with_high_recall():
    items = list(synth.generate(3000, seed=3, end=date(2026, 11, 1)))
    hashes = [dedup.shingle_hashes(x.text) for x in items]
    labels = dedup.group_labels(dedup.signatures(hashes))
    exact = dedup.exact_similar_pairs(hashes, threshold=0.8)
    found = sum(1 for i, j in exact if labels[i] == labels[j])
    assert exact
    assert found / len(exact) >= 0.95
    groups = dedup.groups_of(labels, min_size=3)
    planted = {x.campaign for x in items if x.campaign}
    biggest = [{items[i].campaign for i in g} for g in groups[: len(planted)]]
    assert [len(b) for b in biggest] == [1] * len(planted)
    assert set().union(*biggest) == planted


def test_exact_pairs_are_exact():
    hashes = [[1, 2, 3, 4, 5], [1, 2, 3, 4, 6], [1, 2, 3, 4, 5], [9]]
    assert dedup.exact_similar_pairs(hashes, threshold=0.6) == {(0, 1), (0, 2), (1, 2)}
    assert len(dedup.shingle_hashes("a b c d")) == 2
    assert len(dedup.shingle_hashes("")) == 1
    assert dedup.exact_similar_pairs(hashes, threshold=1.0) == {(0, 2)}


def test_incremental_index_finds_a_copy_of_a_known_text():
    index = dedup.DuplicateIndex()
    texts = [x.text for x in synth.generate(50, seed=5, end=date(2026, 11, 1), campaign_share=0)]
    sigs = dedup.signatures(texts)
    for i, s in enumerate(sigs):
        index.add(f"t{i}", s)
    again = dedup.signatures([texts[7] + " Рахмет."])[0]
    assert "t7" in index.similar(again)
    assert index.similar(dedup.signatures(["мүлде басқа мәтін, ешқандай ұқсастығы жоқ сөздер тізбегі"])[0]) == []


def test_empty_input():
    assert dedup.signatures([]).shape == (0, dedup.NUM_PERM)
    assert dedup.group_labels(dedup.signatures([])).shape == (0,)
    assert dedup.signatures([""]).shape == (1, dedup.NUM_PERM)
