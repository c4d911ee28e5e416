"""Akoma Ntoso export, validation against the strict OASIS schema, import, HTML and text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from lxml import etree

from kurultai.legislation import demo_texts
from kurultai.legislation.akn import (
    NS,
    AknImportError,
    AknMeta,
    Organization,
    from_akn,
    parse_akn,
    schema_path,
    to_akn,
    to_html,
    to_text,
    validate,
)
from kurultai.legislation.authoring import render_text
from kurultai.legislation.tests.strategies import documents
from kurultai.legislation.text import Document, Kind, Provision

FAST = settings(max_examples=40, deadline=None)
META = AknMeta(number="12", work_date=date(2026, 3, 1), expression_date=date(2026, 3, 10))
N = {"a": NS}


def frbr(xml: bytes) -> dict[str, str]:
    root = etree.fromstring(xml)
    values = {}
    for level in ("FRBRWork", "FRBRExpression", "FRBRManifestation"):
        node = root.find(f".//a:{level}", N)
        values[level + ".this"] = node.find("a:FRBRthis", N).get("value")
        values[level + ".uri"] = node.find("a:FRBRuri", N).get("value")
    values["language"] = root.find(".//a:FRBRlanguage", N).get("language")
    values["country"] = root.find(".//a:FRBRcountry", N).get("value")
    return values


def test_the_strict_schema_is_used():
    assert schema_path().name == "akomantoso30.xsd"
    assert "lenient" not in str(schema_path())


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("slug", [*demo_texts.BILLS, demo_texts.ACT])
def test_demo_texts_export_valid_akn(slug, language):
    doc = demo_texts.load(slug, language)
    meta = AknMeta(
        number="12",
        work_date=date(2026, 3, 1),
        expression_date=date(2026, 3, 10),
        doc_type="act" if slug == demo_texts.ACT else "bill",
    )
    xml = to_akn(doc, meta)
    assert validate(xml) == []
    root = etree.fromstring(xml)
    articles = root.findall(".//a:article", N)
    assert articles
    assert all("art_" in a.get("eId") for a in articles)
    assert parse_akn(xml).document == doc


def test_frbr_identifiers():
    xml = to_akn(demo_texts.load(demo_texts.BILLS[1], "kk"), META)
    assert frbr(xml) == {
        "FRBRWork.this": "/akn/kz/bill/2026/12/!main",
        "FRBRWork.uri": "/akn/kz/bill/2026/12",
        "FRBRExpression.this": "/akn/kz/bill/2026/12/kaz@2026-03-10/!main",
        "FRBRExpression.uri": "/akn/kz/bill/2026/12/kaz@2026-03-10",
        "FRBRManifestation.this": "/akn/kz/bill/2026/12/kaz@2026-03-10/!main.xml",
        "FRBRManifestation.uri": "/akn/kz/bill/2026/12/kaz@2026-03-10.akn",
        "language": "kaz",
        "country": "kz",
    }
    root = etree.fromstring(xml)
    assert root.find(".//a:identification", N).get("source") == "#kurultai"
    orgs = {o.get("eId") for o in root.findall(".//a:references/a:TLCOrganization", N)}
    assert orgs == {"kurultai", "parliament"}
    assert root.find("a:bill", N).get("name") == "bill"


def test_expression_language_codes():
    ru = to_akn(demo_texts.load(demo_texts.BILLS[1], "ru"), META)
    assert frbr(ru)["language"] == "rus"
    en = to_akn(Document(title="T", body=(Provision(Kind.ARTICLE, "1", "Scope"),), language="en"), META)
    assert frbr(en)["FRBRExpression.uri"].endswith("/eng@2026-03-10")
    assert validate(en) == []


def test_metadata_is_read_back():
    meta = AknMeta(
        number="115-VIII",
        work_date=date(2026, 7, 5),
        expression_date=date(2026, 8, 1),
        doc_type="act",
        author=Organization("government", "/ontology/organization/kz/government", "Government"),
        subtype="law",
    )
    imported = parse_akn(to_akn(demo_texts.load(demo_texts.ACT, "ru"), meta))
    assert imported.meta == AknMeta(
        number="115-VIII",
        work_date=date(2026, 7, 5),
        expression_date=date(2026, 8, 1),
        doc_type="act",
        language="ru",
        author=meta.author,
        subtype="law",
        name="act",
        generated=date(2026, 8, 1),
        work_date_name="enacted",
    )
    assert meta.file_name(imported.document) == "act-2026-115-VIII-rus-2026-08-01.xml"


def test_repealed_provisions_are_marked_removed():
    doc = Document(
        title="T",
        body=(Provision(Kind.ARTICLE, "1", "Исключена.", repealed=True),),
        language="ru",
    )
    xml = to_akn(doc, META)
    assert validate(xml) == []
    assert etree.fromstring(xml).find(".//a:article", N).get("status") == "removed"
    assert from_akn(xml) == doc


def test_an_empty_document_is_still_valid():
    xml = to_akn(Document(language="ru"), META)
    assert validate(xml) == []
    assert from_akn(xml) == Document(language="ru")


def test_malformed_xml_gives_the_line():
    errors = validate(b"<akomaNtoso>\n<act>\n</akomaNtoso>")
    assert len(errors) == 1
    assert errors[0].line == 3


def test_schema_errors_have_lines():
    xml = to_akn(demo_texts.load(demo_texts.BILLS[2], "ru"), META).replace(b"<heading>", b"<headingX>", 1)
    xml = xml.replace(b"</heading>", b"</headingX>", 1)
    errors = validate(xml)
    assert errors
    assert errors[0].line > 1
    assert "headingX" in errors[0].message
    with pytest.raises(AknImportError) as exc:
        from_akn(xml)
    assert exc.value.errors == errors


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = to_akn(Document(title="T", language="ru"), META).replace(
        b"<?xml version='1.0' encoding='UTF-8'?>",
        f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]>'.encode(),
    )
    xml = xml.replace(b"<docTitle>T</docTitle>", b"<docTitle>&x;</docTitle>")
    doc = parse_akn(xml, check=False).document
    assert "TOP SECRET" not in doc.title


def test_unsupported_structures_are_refused_with_the_line():
    blocklist = b"<content><blockList eId='l'><listIntroduction>x</listIntroduction></blockList>"
    xml = to_akn(demo_texts.load(demo_texts.BILLS[2], "ru"), META).replace(b"<content>", blocklist, 1)
    with pytest.raises(AknImportError, match="Line"):
        parse_akn(xml, check=False)


@FAST
@given(documents())
def test_round_trip_document_akn_document(doc):
    xml = to_akn(doc, META)
    assert validate(xml) == []
    assert from_akn(xml) == doc


def test_html_has_anchors_and_escapes():
    doc = Document(
        title="<script>alert(1)</script>",
        body=(
            Provision(
                Kind.CHAPTER,
                "1",
                "Chapter & co",
                children=(
                    Provision(Kind.ARTICLE, "2", "A", children=(Provision(Kind.PARAGRAPH, "1", content="x < y"),)),
                ),
            ),
        ),
        language="ru",
    )
    html = to_html(doc)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'id="chp_1"' in html
    assert 'id="chp_1__art_2"' in html
    assert 'id="chp_1__art_2__para_1"' in html
    assert "Статья 2." in html
    assert "x &lt; y" in html


def test_every_provision_has_an_anchor_in_html():
    doc = demo_texts.load(demo_texts.ACT, "kk")
    html = to_html(doc)
    for eid in doc.eids():
        assert f'id="{eid}"' in html
    assert 'lang="kk"' in html


def test_plain_text():
    doc = demo_texts.load(demo_texts.ACT, "ru")
    assert to_text(doc) == render_text(doc)
    assert "Статья 5. Сроки рассмотрения запроса\n1. Письменный запрос" in to_text(doc)


def test_bad_metadata_is_refused():
    with pytest.raises(ValueError, match="FRBR"):
        AknMeta(number="12 / 3", work_date=date(2026, 1, 1), expression_date=date(2026, 1, 1))
    with pytest.raises(ValueError, match="bill or act"):
        AknMeta(number="1", work_date=date(2026, 1, 1), expression_date=date(2026, 1, 1), doc_type="judgment")  # type: ignore[arg-type]
