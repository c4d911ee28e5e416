"""Topics: recovery of planted topics, incremental assignment, persistence of names, emerging."""

from __future__ import annotations

from datetime import date

import pytest
from sklearn.metrics import adjusted_rand_score

from kurultai.analytics import synth, text, topics


@pytest.fixture(scope="module")
def corpus():
    items = list(synth.generate(2000, seed=11, end=date(2026, 11, 1), campaign_share=0))
    return items, [text.tokens(x.text, x.language) for x in items]


@pytest.mark.parametrize("method", ["nmf", "kmeans"])
def test_planted_topics_are_recovered(corpus, method):
    items, docs = corpus
    model, labels = topics.fit(docs, 20, method=method, seed=1)
    # Kazakh and Russian texts share no words, so a planted topic is one topic per language.
    truth = [f"{x.topic}/{x.language}" for x in items]
    assert adjusted_rand_score(truth, labels) >= 0.5
    assert len(model.weights) == 20


def test_assignment_of_a_new_text_agrees_with_the_fit(corpus):
    _items, docs = corpus
    model, labels = topics.fit(docs, 20, seed=1)
    assigned = [topics.assign(model, d)[0] for d in docs[:200]]
    assert assigned == labels[:200].tolist()
    assert topics.assign(model, ["жоқсөз"]) == (-1, 0.0)


def test_model_survives_json(corpus):
    _items, docs = corpus
    model, _labels = topics.fit(docs, 5, seed=1)
    again = topics.TopicModel.from_json(model.to_json())
    assert topics.assign(again, docs[0]) == topics.assign(model, docs[0])


def test_match_pairs_topics_by_term_overlap():
    old = [{"школ", "учител", "мектеп"}, {"дорог", "жол", "мост"}]
    new = [{"дорог", "жол", "ремонт"}, {"тариф", "свет"}, {"школ", "мектеп", "учебник"}]
    assert topics.match(old, new) == {0: 1, 2: 0}
    assert topics.match([], new) == {}


def test_emerging_uses_smoothed_growth():
    volume = {"a": {"2026-10": 2, "2026-11": 12}, "b": {"2026-10": 10, "2026-11": 11}, "c": {"2026-11": 3}}
    found = topics.emerging(volume, current="2026-11", previous="2026-10")
    assert [e.topic for e in found] == ["a"]
    assert found[0].growth == round(13 / 3, 2)


def test_suggest_k_bounds():
    assert topics.suggest_k(10) == 2
    assert topics.suggest_k(10_000_000) == 40
