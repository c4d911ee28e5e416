"""The structured text model: eIds by the OASIS naming convention, lookup, order, renumbering."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from kurultai.legislation.tests.strategies import documents
from kurultai.legislation.text import (
    Document,
    DuplicateEid,
    Kind,
    Provision,
    ProvisionNotFound,
    TextError,
    clean_num,
    document_from_dict,
    document_to_dict,
    eid_segment,
    inserted_num,
    is_within,
    num_key,
    renumber,
    short_eid,
    split_eid,
)

FAST = settings(max_examples=40, deadline=None)


def para(num: str, text: str, *points: Provision) -> Provision:
    return Provision(Kind.PARAGRAPH, num, content=text, children=points)


def sample() -> Document:
    art12 = Provision(
        Kind.ARTICLE,
        "12",
        "Heading",
        children=(para("1", "one"), para("2", "two"), para("3", "three", Provision(Kind.POINT, "1", content="p"))),
    )
    art121 = Provision(Kind.ARTICLE, "12-1", "Inserted", "text")
    chapter2 = Provision(Kind.CHAPTER, "2", "Second", children=(art12, art121))
    part = Provision(Kind.PART, "1", "General", children=(Provision(Kind.CHAPTER, "1", "First"), chapter2))
    return Document(title="Code", body=(part,), language="ru")


def test_eids_follow_the_naming_convention():
    doc = sample()
    assert doc.eids() == [
        "part_1",
        "part_1__chp_1",
        "part_1__chp_2",
        "part_1__chp_2__art_12",
        "part_1__chp_2__art_12__para_1",
        "part_1__chp_2__art_12__para_2",
        "part_1__chp_2__art_12__para_3",
        "part_1__chp_2__art_12__para_3__point_1",
        "part_1__chp_2__art_12-1",
    ]


def test_eid_segments_clean_the_number():
    assert eid_segment(Kind.ARTICLE, "12-1") == "art_12-1"
    assert eid_segment(Kind.PARAGRAPH, "3.") == "para_3"
    assert eid_segment(Kind.POINT, "1)") == "point_1"
    assert eid_segment(Kind.SECTION, "II") == "sec_II"
    assert eid_segment(Kind.PARAGRAPH, "", ordinal=2) == "para_nn_2"
    assert clean_num(" 12 a ") == "12-a"


def test_lookup_by_eid_and_parent():
    doc = sample()
    loc = doc.get("part_1__chp_2__art_12__para_3__point_1")
    assert loc.provision.content == "p"
    assert loc.parent_eid == "part_1__chp_2__art_12__para_3"
    assert loc.path == (0, 1, 0, 2, 0)
    assert doc.parent_of("part_1") is None
    assert doc.parent_of(loc.eid).provision.num == "3"
    assert "part_1__chp_2__art_12-1" in doc
    assert doc.find("art_99") is None
    with pytest.raises(ProvisionNotFound) as exc:
        doc.get("art_99")
    assert exc.value.eid == "art_99"


def test_articles_in_document_order():
    assert [a.provision.num for a in sample().articles()] == ["12", "12-1"]


def test_duplicate_numbers_are_refused():
    doc = Document(body=(Provision(Kind.ARTICLE, "1"), Provision(Kind.ARTICLE, "1")))
    with pytest.raises(DuplicateEid):
        doc.check()


def test_text_is_normalised_and_paragraphs_have_no_heading():
    p = Provision(Kind.ARTICLE, " 5 ", "  Some\n heading ", "  first   line \n\n second ")
    assert (p.num, p.heading, p.content, p.blocks) == (
        "5",
        "Some heading",
        "first line\nsecond",
        ["first line", "second"],
    )
    with pytest.raises(TextError):
        Provision(Kind.PARAGRAPH, "1", heading="no")
    with pytest.raises(TextError):
        Document(language="de")


def test_eid_helpers():
    assert split_eid("chp_2__art_12__para_3") == [(Kind.CHAPTER, "2"), (Kind.ARTICLE, "12"), (Kind.PARAGRAPH, "3")]
    assert short_eid("part_1__chp_2__art_12__para_3__point_1") == "art_12__para_3__point_1"
    assert short_eid("part_1__chp_2") == "chp_2"
    assert is_within("chp_2__art_12__para_1", "chp_2__art_12")
    assert not is_within("chp_2__art_12-1", "chp_2__art_12")
    with pytest.raises(TextError):
        split_eid("xyz_1")


def test_numbers_sort_and_insert_like_kazakhstan_drafting():
    assert sorted(["13", "12-1", "2", "12", "12-2"], key=num_key) == ["2", "12", "12-1", "12-2", "13"]
    assert inserted_num("12") == "12-1"
    assert inserted_num("12-1") == "12-2"


def test_renumber_articles_across_chapters_and_paragraphs_per_article():
    doc = renumber(sample(), Kind.ARTICLE, start=5)
    assert [a.provision.num for a in doc.articles()] == ["5", "6"]
    paragraph = Provision(Kind.ARTICLE, "1", children=(para("3", "a"), para("7", "b")))
    again = renumber(Document(body=(paragraph,)), Kind.PARAGRAPH)
    assert [c.num for c in again.body[0].children] == ["1", "2"]


@FAST
@given(documents())
def test_dict_round_trip(doc):
    assert document_from_dict(document_to_dict(doc)) == doc


def test_bad_dicts_are_refused():
    with pytest.raises(TextError):
        document_from_dict({"body": [{"kind": "clause"}]})
    with pytest.raises(TextError):
        document_from_dict({"body": [{"kind": "article", "num": 5}]})
