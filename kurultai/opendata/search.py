"""The search index: building documents from public records, and querying them.

``index_object`` upserts (or removes) one record's document; the signal handlers call it
inside the record's own transaction. ``reindex`` rebuilds everything (``kurultai search
reindex``). ``search`` runs a query on SQLite FTS5 or PostgreSQL full-text search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max, Model
from django.urls import reverse
from django.utils import timezone, translation

from kurultai.opendata import query as q
from kurultai.opendata.models import DocumentKind, SearchDocument
from kurultai.registry.models import Organization, OrganizationClassification, Person

LANGS = ("kk", "ru", "en")
VOCABULARY_KINDS = (DocumentKind.PERSON, DocumentKind.COMMITTEE)


def _day(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _per_lang(obj: Any, name: str) -> dict[str, str]:
    return {lang: str(getattr(obj, f"{name}_{lang}", "") or "") for lang in LANGS}


def _one_lang(lang: str, value: str) -> dict[str, str]:
    return {code: (value if code == lang else "") for code in LANGS}


@dataclass
class Doc:
    kind: str
    key: str
    url_name: str
    titles: dict[str, str]
    bodies: dict[str, str] = field(default_factory=dict)
    names: str = ""
    date: date | None = None

    def fields(self) -> dict[str, Any]:
        values: dict[str, Any] = {"url_name": self.url_name, "names": self.names[:500], "date": self.date}
        for lang in LANGS:
            values[f"title_{lang}"] = self.titles.get(lang, "")[:500]
            values[f"body_{lang}"] = self.bodies.get(lang, "")
        return values


# ---------------------------------------------------------------- what is public, as documents


def _person(p: Person) -> Doc:
    names = " ".join(
        dict.fromkeys(x for x in (*_per_lang(p, "name").values(), p.family_name, p.given_name, p.patronymic_name) if x)
    )
    return Doc(DocumentKind.PERSON, p.slug, "portal:deputy", _per_lang(p, "name"), _per_lang(p, "summary"), names=names)


def _committee(o: Organization) -> Doc | None:
    if o.classification != OrganizationClassification.COMMITTEE:
        return None
    names = " ".join(
        dict.fromkeys(x for x in (*_per_lang(o, "name").values(), *_per_lang(o, "short_name").values()) if x)
    )
    return Doc(
        DocumentKind.COMMITTEE,
        o.slug,
        "portal:committee",
        _per_lang(o, "name"),
        _per_lang(o, "description"),
        names=names,
        date=o.founding_date,
    )


def _bill(b: Any) -> Doc:
    bodies = {
        lang: " ".join(x for x in (getattr(b, f"citizen_summary_{lang}", ""), getattr(b, f"initiator_{lang}", "")) if x)
        for lang in LANGS
    }
    titles = {lang: f"{b.slug} {getattr(b, f'title_{lang}', '') or ''}".strip() for lang in LANGS}
    return Doc(DocumentKind.BILL, b.slug, "bills:detail", titles, bodies, date=b.registered_on)


def _vote_event(v: Any) -> Doc | None:
    from kurultai.plenary.selectors import PUBLIC_VOTE_STATES

    if v.state not in PUBLIC_VOTE_STATES:
        return None
    return Doc(
        DocumentKind.VOTE_EVENT,
        v.slug,
        "plenary:vote",
        _per_lang(v, "title"),
        _per_lang(v, "summary"),
        date=_day(v.opened_at or v.closed_at),
    )


def _petition(p: Any) -> Doc | None:
    from kurultai.participation.models import PUBLIC_PETITION_STATES

    if p.status not in PUBLIC_PETITION_STATES or p.hidden_at is not None:
        return None
    lang = p.language if p.language in LANGS else "kk"
    return Doc(
        DocumentKind.PETITION,
        p.slug,
        "participation:petition",
        _one_lang(lang, p.title),
        _one_lang(lang, p.text),
        date=_day(p.listed_at or p.created_at),
    )


def _proposal(p: Any) -> Doc | None:
    from kurultai.participation.models import ProposalStatus

    if p.hidden_at is not None or p.status == ProposalStatus.WITHDRAWN:
        return None
    lang = p.language if p.language in LANGS else "kk"
    return Doc(
        DocumentKind.PROPOSAL,
        p.slug,
        "participation:proposal",
        _one_lang(lang, p.title),
        _one_lang(lang, p.text),
        date=_day(p.created_at),
    )


def builders() -> dict[type[Model], tuple[str, Callable[[Any], Doc | None]]]:
    """Indexed model → (document kind, builder). Imported lazily: apps load in any order."""
    from kurultai.legislation.models import Bill
    from kurultai.participation.models import Petition, Proposal
    from kurultai.plenary.models import VoteEvent

    return {
        Person: (DocumentKind.PERSON, _person),
        Organization: (DocumentKind.COMMITTEE, _committee),
        Bill: (DocumentKind.BILL, _bill),
        VoteEvent: (DocumentKind.VOTE_EVENT, _vote_event),
        Petition: (DocumentKind.PETITION, _petition),
        Proposal: (DocumentKind.PROPOSAL, _proposal),
    }


def index_object(instance: Model) -> None:
    """Upsert the document of one record, or drop it when the record is not (or no longer) public."""
    entry = builders().get(type(instance))
    if entry is None:
        return
    kind, build = entry
    doc = build(instance)
    key = str(getattr(instance, "slug", ""))
    if doc is None:
        SearchDocument.objects.filter(kind=kind, key=key).delete()
        return
    SearchDocument.objects.update_or_create(kind=doc.kind, key=doc.key, defaults=doc.fields())


def unindex_object(instance: Model) -> None:
    entry = builders().get(type(instance))
    if entry is not None:
        SearchDocument.objects.filter(kind=entry[0], key=str(getattr(instance, "slug", ""))).delete()


def _all_docs() -> Iterator[Doc]:
    for model, (_kind, build) in builders().items():
        qs = model._default_manager.all()
        if model is Organization:
            qs = qs.filter(classification=OrganizationClassification.COMMITTEE)
        for obj in qs.iterator(chunk_size=500):
            doc = build(obj)
            if doc is not None:
                yield doc


def reindex() -> int:
    """Rebuild the whole index in one transaction; returns the number of documents."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        batch: list[SearchDocument] = []
        total = 0
        for doc in _all_docs():
            batch.append(SearchDocument(kind=doc.kind, key=doc.key, **doc.fields()))
            if len(batch) >= 500:
                SearchDocument.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)
        total += len(batch)
        if connection.vendor == "sqlite":
            with connection.cursor() as cur:
                cur.execute("INSERT INTO opendata_search_fts(opendata_search_fts) VALUES ('rebuild')")
    return total


# ---------------------------------------------------------------- querying


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    id: str
    title: str
    snippet: str  # safe HTML with <mark>
    url: str
    date: date | None


@dataclass(frozen=True)
class Results:
    query: str
    count: int
    hits: list[Hit]
    facets: dict[str, int]  # kind → number of matches
    corrected: dict[str, list[str]]


def _vocabulary() -> set[str]:
    stamp = SearchDocument.objects.filter(kind__in=VOCABULARY_KINDS).aggregate(m=Max("updated_at"))["m"]
    key = f"opendata:vocab:{stamp.isoformat() if stamp else 'none'}"
    words = cache.get(key)
    if words is None:
        names = SearchDocument.objects.filter(kind__in=VOCABULARY_KINDS).values_list("names", flat=True)
        words = q.vocabulary_words(names)
        cache.set(key, words, 3600)
    return set(words)


def terms_for(text: str) -> list[q.Term]:
    toks = q.tokens(text)
    if not toks:
        return []
    vocab = _vocabulary()
    return [q.Term(t, tuple(q.corrections(t, vocab))) for t in toks]


def _kind_clause(kind: str | None) -> tuple[str, list[Any]]:
    return (" AND d.kind = %s", [kind]) if kind else ("", [])


def _sqlite(terms: list[q.Term], kind: str | None, limit: int, offset: int) -> tuple[list[int], dict[str, int]]:
    match = q.fts5_match(terms)
    where, params = _kind_clause(kind)
    base = (
        "FROM opendata_search_fts f JOIN opendata_searchdocument d ON d.id = f.rowid WHERE opendata_search_fts MATCH %s"
    )
    with connection.cursor() as cur:
        cur.execute(f"SELECT d.kind, COUNT(*) {base} GROUP BY d.kind", [match])
        facets = dict(cur.fetchall())
        cur.execute(
            f"SELECT d.id {base}{where} ORDER BY bm25(opendata_search_fts, 10, 10, 10, 1, 1, 1, 10), d.date DESC "
            "LIMIT %s OFFSET %s",
            [match, *params, limit, offset],
        )
        ids = [row[0] for row in cur.fetchall()]
    return ids, facets


def _postgres(terms: list[q.Term], kind: str | None, limit: int, offset: int) -> tuple[list[int], dict[str, int]]:
    text = q.tsquery(terms)
    where, params = _kind_clause(kind)
    tsq = "(to_tsquery('russian', %s) || to_tsquery('simple', %s) || to_tsquery('english', %s))"
    base = f"FROM opendata_searchdocument d WHERE d.search_vector @@ {tsq}"
    with connection.cursor() as cur:
        cur.execute(f"SELECT d.kind, COUNT(*) {base} GROUP BY d.kind", [text] * 3)
        facets = dict(cur.fetchall())
        cur.execute(
            f"SELECT d.id {base}{where} ORDER BY ts_rank(d.search_vector, {tsq}) DESC, d.date DESC NULLS LAST "
            "LIMIT %s OFFSET %s",
            [*[text] * 3, *params, *[text] * 3, limit, offset],
        )
        ids = [row[0] for row in cur.fetchall()]
    return ids, facets


def search(text: str, *, kind: str | None = None, limit: int = 20, offset: int = 0, lang: str | None = None) -> Results:
    """Public records matching ``text`` (every word as a prefix, names typo-tolerant)."""
    lang = lang or translation.get_language() or "kk"
    lang = lang if lang in LANGS else "kk"
    terms = terms_for(text)
    if not terms:
        return Results(text, 0, [], {}, {})
    run = _postgres if connection.vendor == "postgresql" else _sqlite
    ids, facets = run(terms, kind, limit, offset)
    docs = SearchDocument.objects.in_bulk(ids)
    labels = dict(DocumentKind.choices)
    hits = []
    with translation.override(lang):
        for pk in ids:
            d = docs[pk]
            body = d.body_in(lang) or d.names
            hits.append(
                Hit(
                    kind=d.kind,
                    kind_label=str(labels.get(d.kind, d.kind)),
                    id=d.key,
                    title=d.title_in(lang),
                    snippet=q.snippet(body or d.title_in(lang), terms),
                    url=reverse(d.url_name, args=[d.key]),
                    date=d.date,
                )
            )
    count = facets.get(kind, 0) if kind else sum(facets.values())
    corrected = {t.token: list(t.alternatives) for t in terms if t.alternatives}
    return Results(text, count, hits, facets, corrected)
