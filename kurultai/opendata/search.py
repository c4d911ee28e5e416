"""The search index: building documents from public records, and querying them.

``index_object`` upserts (or removes) one record's document; the signal handlers call it
inside the record's own transaction. ``reindex`` rebuilds everything (``kurultai search
reindex``). ``search`` runs a query on SQLite FTS5 or PostgreSQL full-text search, with the
counts per type, year, committee and region of the matches (``Filters`` narrows them). Another
app adds a kind of document with ``register`` (news does, from ``news_index``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone, translation

from kurultai.opendata import query as q
from kurultai.opendata.models import DocumentKind, SearchDocument
from kurultai.registry.models import AreaClassification, Membership, Organization, OrganizationClassification, Person

LANGS = ("kk", "ru", "en")
VOCABULARY_KINDS = (DocumentKind.PERSON, DocumentKind.COMMITTEE)
# The region facet: regions and cities of republican significance (a party-list seat's area is the country).
REGION_CLASSES = (AreaClassification.REGION, AreaClassification.CITY)


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
    committee: str = ""  # the committee's slug
    region: str = ""  # the region's ISO 3166-2 code
    url_arg: str | None = None  # None: the URL takes ``key``; "": it takes no argument

    def fields(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "url_name": self.url_name,
            "url_arg": self.url_arg,
            "names": self.names[:500],
            "date": self.date,
            "committee": self.committee[:60],
            "region": self.region[:12],
            "stems_kk": q.kk_stems(self.titles.get("kk", ""), self.names, self.bodies.get("kk", "")),
        }
        for lang in LANGS:
            values[f"title_{lang}"] = self.titles.get(lang, "")[:500]
            values[f"body_{lang}"] = self.bodies.get(lang, "")[:MAX_BODY]
        return values


MAX_BODY = 200_000  # characters per language; a tsvector holds at most 1 MB


# ---------------------------------------------------------------- what is public, as documents


def _person_facets(p: Person) -> tuple[str, str]:
    """(a committee the deputy sits on, the region of the seat): annotated by ``reindex``,
    looked up (two indexed queries) when one person is saved."""
    if hasattr(p, "search_committee"):
        return p.search_committee or "", p.search_region or ""
    current = Membership.objects.filter(person=p, end_date__isnull=True)
    committee = (
        current.filter(organization__classification=OrganizationClassification.COMMITTEE)
        .order_by("organization__slug")
        .values_list("organization__slug", flat=True)
        .first()
    )
    region = (
        current.filter(area__classification__in=REGION_CLASSES)
        .order_by("id")
        .values_list("area__identifier", flat=True)
        .first()
    )
    return committee or "", region or ""


def _person(p: Person) -> Doc:
    names = " ".join(
        dict.fromkeys(x for x in (*_per_lang(p, "name").values(), p.family_name, p.given_name, p.patronymic_name) if x)
    )
    committee, region = _person_facets(p)
    return Doc(
        DocumentKind.PERSON,
        p.slug,
        "portal:deputy",
        _per_lang(p, "name"),
        _per_lang(p, "summary"),
        names=names,
        committee=committee,
        region=region,
    )


def _persons(qs: Any) -> Any:
    current = Membership.objects.filter(person=OuterRef("pk"), end_date__isnull=True)
    return qs.annotate(
        search_committee=Subquery(
            current.filter(organization__classification=OrganizationClassification.COMMITTEE)
            .order_by("organization__slug")
            .values("organization__slug")[:1]
        ),
        search_region=Subquery(
            current.filter(area__classification__in=REGION_CLASSES).order_by("id").values("area__identifier")[:1]
        ),
    )


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
        committee=o.slug,
    )


def _json_text(value: Any) -> Iterator[str]:
    """The words of a bill text kept as JSON (title, preface, headings, contents)."""
    if isinstance(value, dict):
        for k in ("num", "title", "preface", "heading", "content"):
            if isinstance(value.get(k), str) and value[k]:
                yield value[k]
        for child in (*value.get("body", ()), *value.get("children", ())):
            yield from _json_text(child)


def _bill_text(version: Any, lang: str) -> str:
    if version is None:
        return ""
    source = getattr(version, f"source_{lang}", "") or ""
    return source or " ".join(_json_text(getattr(version, f"text_{lang}", None)))


def _bill(b: Any) -> Doc:
    version = b.current_version
    bodies = {
        lang: " ".join(
            x
            for x in (
                getattr(b, f"citizen_summary_{lang}", ""),
                getattr(b, f"initiator_{lang}", ""),
                _bill_text(version, lang),
            )
            if x
        )
        for lang in LANGS
    }
    titles = {lang: f"{b.slug} {getattr(b, f'title_{lang}', '') or ''}".strip() for lang in LANGS}
    committee = b.lead_committee.slug if b.lead_committee_id else ""
    return Doc(DocumentKind.BILL, b.slug, "bills:detail", titles, bodies, date=b.registered_on, committee=committee)


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


def _region(area: Any) -> str:
    return area.identifier if area is not None and area.classification in REGION_CLASSES else ""


def _committee_slug(org: Organization | None) -> str:
    return org.slug if org is not None and org.classification == OrganizationClassification.COMMITTEE else ""


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
        committee=_committee_slug(p.addressee_org),
        region=_region(p.area),
    )


def _proposal(p: Any) -> Doc | None:
    from kurultai.participation.models import ProposalStatus

    if p.hidden_at is not None or p.status == ProposalStatus.WITHDRAWN:
        return None
    lang = p.language if p.language in LANGS else "kk"
    # No region: a proposal's region is its author's.
    return Doc(
        DocumentKind.PROPOSAL,
        p.slug,
        "participation:proposal",
        _one_lang(lang, p.title),
        _one_lang(lang, p.text),
        date=_day(p.created_at),
        committee=_committee_slug(p.addressee_org),
    )


def _appeal_key(a: Any) -> str:
    return f"appeal-{a.pk}"


def _appeal_answer(a: Any) -> Doc | None:
    """An answered appeal whose author consented to publication: its subject, text and answer
    as the published answers page shows them. Never the author, the author's region or the
    registration number."""
    from kurultai.participation.models import AppealStatus

    if not a.consent_to_publish or a.status not in (AppealStatus.ANSWERED, AppealStatus.RATED):
        return None
    lang = a.language if a.language in LANGS else "kk"
    return Doc(
        DocumentKind.ANSWER,
        _appeal_key(a),
        "participation:appeals_published",
        _one_lang(lang, a.subject),
        _one_lang(lang, f"{a.text}\n{a.answer_text}"),
        date=a.answered_on or _day(a.answered_at),
        committee=_committee_slug(a.addressee_org),
        url_arg="",
    )


def _inquiry_key(i: Any) -> str:
    return f"inquiry-{i.slug}"


def _inquiry_answer(i: Any) -> Doc | None:
    """A deputy inquiry with the state body's answer, once answered."""
    from kurultai.oversight.models import InquiryStatus

    answered = (InquiryStatus.ANSWERED, InquiryStatus.RATED, InquiryStatus.RAISED)
    if i.status not in answered or not i.answer_text:
        return None
    lang = i.language if i.language in LANGS else "kk"
    answer_lang = i.answer_language if i.answer_language in LANGS else lang
    bodies = _one_lang(lang, i.text)
    bodies[answer_lang] = f"{bodies[answer_lang]}\n{i.answer_text}".strip()
    return Doc(
        DocumentKind.ANSWER,
        _inquiry_key(i),
        "oversight:inquiry",
        _one_lang(lang, i.subject),
        bodies,
        date=i.answered_on or _day(i.answered_at),
        region=_region(i.area),
        url_arg=i.slug,
    )


def _slug(obj: Any) -> str:
    return str(getattr(obj, "slug", ""))


@dataclass(frozen=True)
class Source:
    """How one model becomes search documents."""

    kind: str
    build: Callable[[Any], Doc | None]
    key: Callable[[Any], str] = _slug
    # Narrows and joins the queryset ``reindex`` walks.
    prepare: Callable[[Any], Any] = lambda qs: qs


_REGISTERED: dict[type[Model], Source] = {}


def register(model: type[Model], source: Source) -> None:
    """Index one more model (an app such as news calls this from its ``AppConfig.ready``):
    its documents join the search, the facets and ``reindex``, and its saves update the index."""
    from kurultai.opendata import signals

    _REGISTERED[model] = source
    signals.connect_model(model)


def builders() -> dict[type[Model], tuple[str, Callable[[Any], Doc | None]]]:
    """Indexed model → (document kind, builder), the shape before ``Source``."""
    return {model: (source.kind, source.build) for model, source in sources().items()}


def sources() -> dict[type[Model], Source]:
    """Indexed model → its Source. Imported lazily: apps load in any order."""
    from kurultai.legislation.models import Bill
    from kurultai.oversight.models import Inquiry
    from kurultai.participation.models import Appeal, Petition, Proposal
    from kurultai.plenary.models import VoteEvent

    return {
        Person: Source(DocumentKind.PERSON, _person, prepare=_persons),
        Organization: Source(
            DocumentKind.COMMITTEE,
            _committee,
            prepare=lambda qs: qs.filter(classification=OrganizationClassification.COMMITTEE),
        ),
        Bill: Source(
            DocumentKind.BILL, _bill, prepare=lambda qs: qs.select_related("lead_committee", "current_version")
        ),
        VoteEvent: Source(DocumentKind.VOTE_EVENT, _vote_event),
        Petition: Source(
            DocumentKind.PETITION, _petition, prepare=lambda qs: qs.select_related("area", "addressee_org")
        ),
        Proposal: Source(DocumentKind.PROPOSAL, _proposal, prepare=lambda qs: qs.select_related("addressee_org")),
        Appeal: Source(
            DocumentKind.ANSWER,
            _appeal_answer,
            key=_appeal_key,
            prepare=lambda qs: qs.filter(consent_to_publish=True).select_related("addressee_org"),
        ),
        Inquiry: Source(
            DocumentKind.ANSWER,
            _inquiry_answer,
            key=_inquiry_key,
            prepare=lambda qs: qs.exclude(answer_text="").select_related("area"),
        ),
        **_REGISTERED,
    }


def index_object(instance: Model) -> None:
    """Upsert the document of one record, or drop it when the record is not (or no longer) public."""
    source = sources().get(type(instance))
    if source is None:
        return
    doc = source.build(instance)
    if doc is None:
        SearchDocument.objects.filter(kind=source.kind, key=source.key(instance)).delete()
        return
    SearchDocument.objects.update_or_create(kind=doc.kind, key=doc.key, defaults=doc.fields())


def unindex_object(instance: Model) -> None:
    source = sources().get(type(instance))
    if source is not None:
        SearchDocument.objects.filter(kind=source.kind, key=source.key(instance)).delete()


def _all_docs() -> Iterator[Doc]:
    for model, source in sources().items():
        for obj in source.prepare(model._default_manager.all()).iterator(chunk_size=500):
            doc = source.build(obj)
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

FACETS = ("type", "year", "committee", "region")
FACET_LIMIT = 30  # values shown per facet, most frequent first
# The facets count at most this many matches: a word found in most of a million documents
# would otherwise be counted in full on every query. Above it the counts are lower bounds
# (``Results.exact`` is False). See docs/performance.md, "Search".
FACET_CAP = 2_000
# PostgreSQL ranks at most this many matches (the first found by the GIN index) for a page:
# ranking every match of a frequent word costs a read of each one's tsvector.
RANK_CANDIDATES = 500
# PostgreSQL: a single-word query has the GIN index return a random sample of about this many
# documents when the word is in more (gin_fuzzy_search_limit), and the search gets this much
# memory for its bitmap and groups.
FUZZY_LIMIT = 5_000
SEARCH_WORK_MEM = "32MB"


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    committee: str | None = None  # committee slug
    region: str | None = None  # ISO 3166-2 code
    date_from: date | None = None
    date_to: date | None = None

    def clauses(self, skip: str = "", prefix: str = "") -> tuple[str, list[Any]]:
        """SQL conditions (ANDed, leading " AND ") for every filter but the facet ``skip``;
        the year facet ignores the date range, so the other years stay in view."""
        sql: list[str] = []
        params: list[Any] = []
        for facet, column, value in (
            ("type", "kind", self.kind),
            ("committee", "committee", self.committee),
            ("region", "region", self.region),
        ):
            if value and facet != skip:
                sql.append(f"{prefix}{column} = %s")
                params.append(value)
        if skip != "year":
            if self.date_from:
                sql.append(f"{prefix}date >= %s")
                params.append(self.date_from)
            if self.date_to:
                sql.append(f"{prefix}date <= %s")
                params.append(self.date_to)
        return "".join(f" AND {c}" for c in sql), params


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
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Results:
    query: str
    count: int
    hits: list[Hit]
    facets: dict[str, int]  # kind → number of matches (with the other filters applied)
    corrected: dict[str, list[str]]
    # "type", "year", "committee", "region" → values with their counts, most frequent first
    # (years newest first). Each facet counts the matches under every other filter.
    facet_values: dict[str, list[FacetValue]] = field(default_factory=dict)
    exact: bool = True  # False: more than FACET_CAP matches, the counts are lower bounds


def _vocabulary() -> set[str]:
    # One MAX per kind: each is one step down the (kind, updated_at) index.
    with connection.cursor() as cur:
        cur.execute(
            "SELECT (SELECT MAX(updated_at) FROM opendata_searchdocument WHERE kind = %s), "
            "(SELECT MAX(updated_at) FROM opendata_searchdocument WHERE kind = %s)",
            list(VOCABULARY_KINDS),
        )
        stamps = [str(x) for x in cur.fetchone() if x is not None]
    key = "opendata:vocab:" + (max(stamps).replace(" ", "T") if stamps else "none")
    words = cache.get(key)
    if words is None:
        names = SearchDocument.objects.filter(kind__in=VOCABULARY_KINDS).values_list("names", flat=True)
        words = q.vocabulary_words(names)
        cache.set(key, words, 3600)
    return set(words)


def terms_for(text: str) -> list[q.Term]:
    toks = q.content_tokens(q.tokens(text))
    if not toks:
        return []
    vocab = _vocabulary()
    return [q.term(t, q.corrections(t, vocab)) for t in toks]


def _facet_sql(filters: Filters) -> tuple[str, list[Any]]:
    """UNION ALL branches counting each facet over the CTE ``m`` of matches, each under every
    filter but its own (only constant fragments are formatted in; values are parameters)."""
    year = "EXTRACT(YEAR FROM date)::int::text" if connection.vendor == "postgresql" else "strftime('%%Y', date)"
    groups = {
        "type": ("kind", ""),
        "year": (year, " AND date IS NOT NULL"),
        "committee": ("committee", " AND committee <> ''"),
        "region": ("region", " AND region <> ''"),
    }
    sql = ["SELECT 'n', '', COUNT(*) FROM m"]
    args: list[Any] = []
    for facet, (expr, extra) in groups.items():
        where, where_params = filters.clauses(skip=facet)
        sql.append(f" UNION ALL SELECT '{facet}', {expr}, COUNT(*) FROM m WHERE 1 = 1{extra}{where} GROUP BY {expr}")  # noqa: S608
        args += where_params
    return "".join(sql), args


def _read(rows: list[tuple[str, Any, int]]) -> tuple[dict[str, dict[str, int]], int, list[int]]:
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    seen = 0
    hits: list[tuple[int, int]] = []
    for facet, value, n in rows:
        if facet == "n":
            seen = n
        elif facet == "hit":
            hits.append((n, int(value)))
        else:
            counts[facet][str(value)] = n
    return counts, seen, [pk for _pos, pk in sorted(hits)]


def _postgres(
    terms: list[q.Term], filters: Filters, limit: int, offset: int
) -> tuple[dict[str, dict[str, int]], int, list[int]]:
    """One statement: the matches (at most FACET_CAP, from one GIN bitmap) into a CTE, the
    facet counts over it, and the page ranked among its first RANK_CANDIDATES under the filters."""
    tsq = q.tsquery(terms)
    facets, facet_args = _facet_sql(filters)
    where, where_params = filters.clauses()
    # Constant fragments are formatted in; every value is a parameter.
    sql = f"""
        WITH m AS MATERIALIZED (
            SELECT d.id, d.kind, d.date, d.committee, d.region FROM opendata_searchdocument d
            WHERE d.search_vector @@ to_tsquery('simple', %s) LIMIT %s),
        c AS (SELECT id FROM m WHERE 1 = 1{where} LIMIT %s),
        h AS (
            SELECT d.id, row_number() OVER (
                ORDER BY ts_rank(d.search_vector, to_tsquery('simple', %s)) DESC, d.date DESC NULLS LAST, d.id
            ) AS pos
            FROM c JOIN opendata_searchdocument d ON d.id = c.id)
        {facets}
        UNION ALL SELECT 'hit', id::text, pos FROM (SELECT id, pos FROM h ORDER BY pos LIMIT %s OFFSET %s) p
    """  # noqa: S608
    args = [tsq, FACET_CAP, *where_params, max(RANK_CANDIDATES, offset + limit), tsq, *facet_args, limit, offset]
    # For this statement only (set_config(..., true) lasts to the end of the transaction,
    # safe behind a pooler; the old values come back for a caller's enclosing transaction):
    # - no sequential scan: the planner cannot tell how many documents a prefix matches and,
    #   misjudging it with a LIMIT in the query, reads the whole table instead of the index;
    # - work_mem for an exact bitmap of a frequent word's documents (a lossy one rechecks
    #   every row of every page);
    # - one word: gin_fuzzy_search_limit, PostgreSQL's own bound for frequent words, has the
    #   index return a random sample of about that many documents instead of all of them
    #   (the counts are lower bounds then, as above FACET_CAP anyway). Not for several words:
    #   each word would be sampled on its own and their intersection mostly lost.
    fuzzy = str(FUZZY_LIMIT if len(terms) == 1 else 0)
    settings = ("enable_seqscan", "work_mem", "gin_fuzzy_search_limit")
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('work_mem'), "
            "current_setting('gin_fuzzy_search_limit'), set_config('enable_seqscan', 'off', true), "
            "set_config('work_mem', %s, true), set_config('gin_fuzzy_search_limit', %s, true)",
            [SEARCH_WORK_MEM, fuzzy],
        )
        old = cur.fetchone()[:3]
        cur.execute(sql, args)
        rows = cur.fetchall()
        cur.execute(
            "SELECT " + ", ".join(f"set_config('{name}', %s, true)" for name in settings),
            list(old),
        )
    return _read(rows)


def _sqlite(
    terms: list[q.Term], filters: Filters, limit: int, offset: int
) -> tuple[dict[str, dict[str, int]], int, list[int]]:
    """Facets in one statement; the page in another, since bm25() only ranks inside the MATCH query."""
    base = (
        "FROM opendata_search_fts f JOIN opendata_searchdocument d ON d.id = f.rowid WHERE opendata_search_fts MATCH %s"
    )
    match = q.fts5_match(terms)
    facets, facet_args = _facet_sql(filters)
    where, where_params = filters.clauses(prefix="d.")
    with connection.cursor() as cur:
        cur.execute(
            f"WITH m AS MATERIALIZED (SELECT d.kind, d.date, d.committee, d.region {base} LIMIT %s) {facets}",
            [match, FACET_CAP, *facet_args],
        )
        counts, seen, _ = _read(cur.fetchall())
        cur.execute(
            f"SELECT d.id {base}{where} ORDER BY bm25(opendata_search_fts, 10, 10, 10, 1, 1, 1, 10, 1), d.date DESC, "
            "d.id LIMIT %s OFFSET %s",
            [match, *where_params, limit, offset],
        )
        return counts, seen, [row[0] for row in cur.fetchall()]


def _labels(counts: dict[str, dict[str, int]], lang: str) -> dict[str, dict[str, str]]:
    from kurultai.registry.models import Area

    labels: dict[str, dict[str, str]] = {
        "type": {k: str(v) for k, v in DocumentKind.choices},
        "year": {},
        "committee": {},
        "region": {},
    }
    with translation.override(lang):
        if counts["committee"]:
            for o in Organization.objects.filter(slug__in=list(counts["committee"])).only("slug", *_name_fields()):
                labels["committee"][o.slug] = str(o.name)
        if counts["region"]:
            for a in Area.objects.filter(identifier__in=list(counts["region"])):
                labels["region"][a.identifier] = str(a.name)
    return labels


def _name_fields() -> list[str]:
    return ["name", *(f"name_{lang}" for lang in LANGS)]


def _facet_values(counts: dict[str, dict[str, int]], lang: str) -> dict[str, list[FacetValue]]:
    labels = _labels(counts, lang)
    out: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        items = counts[facet].items()
        ordered = (
            sorted(items, key=lambda kv: kv[0], reverse=True)
            if facet == "year"
            else sorted(items, key=lambda kv: (-kv[1], kv[0]))
        )
        out[facet] = [FacetValue(v, labels[facet].get(v, v), n) for v, n in ordered[:FACET_LIMIT]]
    return out


def _url(d: SearchDocument) -> str:
    if d.url_arg is None:
        return reverse(d.url_name, args=[d.key])
    return reverse(d.url_name, args=[d.url_arg]) if d.url_arg else reverse(d.url_name)


def search(
    text: str,
    *,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
    lang: str | None = None,
    filters: Filters | None = None,
) -> Results:
    """Public records matching ``text`` (every word as a prefix, names typo-tolerant, Kazakh
    words also by their stem), filtered by ``filters`` (``kind`` is a shortcut for its type)."""
    lang = lang or translation.get_language() or "kk"
    lang = lang if lang in LANGS else "kk"
    filters = filters or Filters()
    if kind:
        filters = Filters(kind, filters.committee, filters.region, filters.date_from, filters.date_to)
    terms = terms_for(text)
    if not terms:
        return Results(text, 0, [], {}, {}, {facet: [] for facet in FACETS})
    run = _postgres if connection.vendor == "postgresql" else _sqlite
    counts, seen, ids = run(terms, filters, limit, offset)
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
                    url=_url(d),
                    date=d.date,
                )
            )
    types = counts["type"]
    count = types.get(filters.kind, 0) if filters.kind else sum(types.values())
    corrected = {t.token: list(t.alternatives) for t in terms if t.alternatives}
    return Results(text, count, hits, types, corrected, _facet_values(counts, lang), exact=seen < FACET_CAP)
