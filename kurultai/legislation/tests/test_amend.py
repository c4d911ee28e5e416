"""Amendment operations, conflicts, consolidation, and the laws that tie them to the diff."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kurultai.legislation import demo_texts
from kurultai.legislation.amend import (
    AmendmentError,
    ConflictError,
    Insert,
    Position,
    ProvisionNotFound,
    Renumber,
    Repeal,
    Replace,
    amendment_from_dict,
    amendment_to_dict,
    apply,
    conflicts,
    consolidate,
)
from kurultai.legislation.authoring import parse, serialise
from kurultai.legislation.diff import ChangeKind, diff
from kurultai.legislation.tests.strategies import documents, unique_documents
from kurultai.legislation.text import Kind, Provision

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ACT = """Закон

Глава 1. Общие положения

Статья 1. Понятия
1. Первый.
2. Второй.
3. Третий.

Статья 2. Сфера
Текст второй статьи.
"""


def act():
    return parse(ACT)


def para(num: str, text: str) -> Provision:
    return Provision(Kind.PARAGRAPH, num, content=text)


def texts(doc):
    return serialise(doc).split("\n\n", 2)[2]


def test_insert_before_after_and_append():
    doc = consolidate(
        act(),
        [
            Insert("chp_1__art_1__para_1", para("1-1", "Вставлен после."), Position.AFTER),
            Insert("chp_1__art_1__para_1", para("0", "Вставлен до."), Position.BEFORE),
            Insert("chp_1__art_2", para("1", "Новый пункт."), Position.APPEND),
            Insert("chp_1__art_2", Provision(Kind.ARTICLE, "2-1", "Новая", "Текст."), Position.AFTER),
        ],
    )
    assert [loc.eid for loc in doc.walk()] == [
        "chp_1",
        "chp_1__art_1",
        "chp_1__art_1__para_0",
        "chp_1__art_1__para_1",
        "chp_1__art_1__para_1-1",
        "chp_1__art_1__para_2",
        "chp_1__art_1__para_3",
        "chp_1__art_2",
        "chp_1__art_2__para_1",
        "chp_1__art_2-1",
    ]


def test_replace_content_heading_and_whole_subtree():
    doc = consolidate(
        act(),
        [
            Replace("chp_1__art_1__para_2", content="Второй, в новой редакции."),
            Replace("chp_1__art_2", heading="Сфера действия"),
        ],
    )
    assert doc.get("chp_1__art_1__para_2").provision.content == "Второй, в новой редакции."
    assert doc.get("chp_1__art_2").provision.heading == "Сфера действия"
    assert doc.get("chp_1__art_2").provision.content == "Текст второй статьи."
    whole = Provision(Kind.ARTICLE, "", "Понятия", children=(para("1", "Единственный пункт."),))
    doc = apply(act(), Replace("chp_1__art_1", provision=whole))
    assert doc.get("chp_1__art_1").provision.num == "1"
    assert [c.content for c in doc.get("chp_1__art_1").provision.children] == ["Единственный пункт."]


def test_repeal_keeps_a_marker_by_default():
    doc = apply(act(), Repeal("chp_1__art_1__para_2"))
    p = doc.get("chp_1__art_1__para_2").provision
    assert p.repealed
    assert p.content == "Исключен."
    assert "2. Исключен.\n3. Третий." in texts(doc)
    article = apply(act(), Repeal("chp_1__art_1", note="Исключена Законом РК от 01.07.2026 № 12-VIII."))
    assert "Статья 1. Исключена Законом РК от 01.07.2026 № 12-VIII.\n\nСтатья 2." in texts(article)
    assert article.get("chp_1__art_1").provision.children == ()


def test_repeal_can_remove():
    doc = apply(act(), Repeal("chp_1__art_1__para_2", keep=False))
    assert [c.num for c in doc.get("chp_1__art_1").provision.children] == ["1", "3"]


def test_renumber():
    doc = apply(act(), Renumber("chp_1__art_2", "3"))
    assert "chp_1__art_3" in doc
    assert "chp_1__art_2" not in doc


def test_repealed_marker_in_kazakh():
    doc = parse("Заң\n\n1-бап.\n1. Бірінші.\n")
    assert apply(doc, Repeal("art_1__para_1")).get("art_1__para_1").provision.content == "Алып тасталды."


def test_missing_target_raises_provision_not_found():
    with pytest.raises(ProvisionNotFound) as exc:
        consolidate(act(), [Replace("chp_1__art_1__para_1", content="x"), Repeal("chp_1__art_9")])
    assert exc.value.eid == "chp_1__art_9"


@pytest.mark.parametrize(
    ("amendments", "code"),
    [
        ([Replace("chp_1__art_1", content="a"), Repeal("chp_1__art_1")], "repealed_and_changed"),
        ([Replace("chp_1__art_1", content="a"), Replace("chp_1__art_1", content="b")], "different_replacements"),
        ([Insert("chp_1__art_1", Provision(Kind.ARTICLE, "1-1")), Repeal("chp_1__art_1")], "insert_next_to_repealed"),
        ([Repeal("chp_1__art_1"), Replace("chp_1__art_1__para_2", content="x")], "inside_replaced"),
        ([Renumber("chp_1__art_2", "3"), Renumber("chp_1__art_2", "4")], "different_numbers"),
        ([Renumber("chp_1__art_2", "5"), Repeal("chp_1__art_2")], "repealed_and_changed"),
        ([Repeal("chp_1__art_2"), Repeal("chp_1__art_2", keep=False)], "different_repeals"),
        (
            [
                Insert("chp_1__art_1", Provision(Kind.ARTICLE, "1-1")),
                Insert("chp_1__art_1", Provision(Kind.ARTICLE, "1-1", "x")),
            ],
            "same_new_eid",
        ),
        (
            [Replace("chp_1__art_1", provision=Provision(Kind.ARTICLE, "1")), Renumber("chp_1__art_1", "7")],
            "replaced_and_renumbered",
        ),
        (
            [
                Replace("chp_1__art_2", provision=Provision(Kind.ARTICLE, "2")),
                Insert("chp_1__art_2", para("1", "x"), Position.APPEND),
            ],
            "insert_into_replaced",
        ),
    ],
)
def test_conflicts_are_reported_before_consolidation(amendments, code):
    found = conflicts(amendments)
    assert [c.code for c in found] == [code]
    assert {found[0].first, found[0].second} == set(amendments)
    with pytest.raises(ConflictError) as exc:
        consolidate(act(), amendments)
    assert exc.value.conflicts == found
    assert exc.value.code == "amendment_conflict"


def test_compatible_amendments_are_not_conflicts():
    compatible = [
        Replace("chp_1__art_1", heading="Новый заголовок"),
        Renumber("chp_1__art_1", "1-0"),
        Insert("chp_1__art_1", Provision(Kind.ARTICLE, "1-1")),
        Insert("chp_1__art_1", Provision(Kind.ARTICLE, "1-2")),
        Repeal("chp_1__art_2", ref="A-1"),
        Repeal("chp_1__art_2", ref="A-7"),  # the same change proposed twice is one amendment
    ]
    assert conflicts(compatible) == []
    assert [a.provision.num for a in consolidate(act(), compatible).articles()] == ["1-0", "1-1", "1-2", "2"]


def test_malformed_results_are_refused():
    with pytest.raises(AmendmentError) as exc:
        apply(act(), Insert("chp_1__art_1__para_1", para("2", "Дубль.")))
    assert exc.value.code == "duplicate_eid"
    with pytest.raises(AmendmentError) as exc:
        apply(act(), Insert("chp_1__art_1", para("9", "Не на своём уровне.")))
    assert exc.value.code == "bad_nesting"
    with pytest.raises(AmendmentError) as exc:
        apply(act(), Replace("chp_1__art_1", provision=Provision(Kind.ARTICLE, "5")))
    assert exc.value.code == "number_mismatch"
    with pytest.raises(ValueError, match="either"):
        Replace("x", content="a", provision=Provision(Kind.ARTICLE, "1"))


def test_json_round_trip_and_bad_json():
    amendments = [
        Insert("a", para("1", "x"), Position.BEFORE, ref="1)"),
        Replace("b", heading="h"),
        Replace("c", provision=Provision(Kind.ARTICLE, "1", "H")),
        Repeal("d", note="n", keep=False),
        Renumber("e", "5"),
    ]
    data = json.loads(json.dumps([amendment_to_dict(a) for a in amendments]))
    assert [amendment_from_dict(d) for d in data] == amendments
    for bad in [{"op": "move", "target": "a"}, {"op": "replace", "target": "a"}, {"op": "renumber", "target": "a"}, []]:
        with pytest.raises(AmendmentError):
            amendment_from_dict(bad)


@pytest.mark.parametrize("language", demo_texts.LANGUAGES)
def test_demo_amendments_consolidate_the_act(language):
    old = demo_texts.load(demo_texts.ACT, language)
    new = consolidate(old, demo_texts.amendments(language))
    kinds = [(c.kind.value, c.eid) for c in diff(old, new)]
    assert kinds == [
        ("added", "chp_1__art_1__point_5"),
        ("changed", "chp_2__art_5__para_1"),
        ("changed", "chp_2__art_5__para_2"),
        ("repealed", "chp_2__art_5__para_3"),
        ("added", "chp_2__art_5-1"),
        ("repealed", "chp_2__art_6__para_1__point_3"),
    ]


# -- laws ------------------------------------------------------------------------------------


@FAST
@given(documents())
def test_no_amendments_is_identity(doc):
    assert consolidate(doc, []) == doc
    assert not diff(doc, consolidate(doc, []))


@st.composite
def amended(draw):
    """A document with unique wording and a set of compatible amendments with what each should report."""
    doc = draw(unique_documents())
    candidates = [loc for loc in doc.walk() if loc.provision.kind is not Kind.CHAPTER]
    chosen = draw(st.lists(st.sampled_from(candidates), unique_by=lambda loc: loc.eid, max_size=8))
    # One amendment per provision, never one inside another's target.
    targets = []
    for loc in chosen:
        if not any(loc.eid.startswith(t.eid + "__") or t.eid.startswith(loc.eid + "__") for t in targets):
            targets.append(loc)
    amendments, expected = [], set()
    for n, loc in enumerate(targets):
        p = loc.provision
        op = draw(st.sampled_from(["replace", "repeal", "remove", "insert", "renumber"]))
        parent = loc.eid.rsplit("__", 1)[0] + "__" if "__" in loc.eid else ""
        prefix = {"article": "art", "paragraph": "para", "point": "point"}[p.kind.value]
        if op == "replace":
            field = "heading" if p.kind is Kind.ARTICLE else "content"
            amendments.append(Replace(loc.eid, **{field: f"new{n} wording{n} here{n}"}))
            expected.add(("changed", loc.eid))
        elif op == "repeal":
            amendments.append(Repeal(loc.eid))
            expected.add(("repealed", loc.eid))
        elif op == "remove":
            amendments.append(Repeal(loc.eid, keep=False))
            expected.add(("removed", loc.eid))
        elif op == "insert":
            num = f"{p.num}-{n + 1}"
            heading = f"ins{n} head{n}" if p.kind is Kind.ARTICLE else ""
            content = "" if p.kind is Kind.ARTICLE else f"ins{n} text{n} more{n}"
            amendments.append(Insert(loc.eid, Provision(p.kind, num, heading, content)))
            expected.add(("added", f"{parent}{prefix}_{num}"))
        else:
            num = f"{p.num}-9{n}"
            amendments.append(Renumber(loc.eid, num))
            expected.add(("renumbered", loc.eid))
    return doc, amendments, expected


@FAST
@given(amended())
def test_consolidate_then_diff_reports_exactly_the_amended_provisions(case):
    doc, amendments, expected = case
    assert conflicts(amendments) == []
    new = consolidate(doc, amendments)
    found = {
        (c.kind.value, c.old_eid if c.kind in (ChangeKind.REMOVED, ChangeKind.RENUMBERED) else c.new_eid)
        for c in diff(doc, new)
    }
    assert found == expected
