"""Reads for legislation: lists, a bill with its timeline and deadlines, texts, diffs,
comments anchored across versions, the amendment table, the consultation report, acts at a
date, and the Akoma Ntoso files of every version.

Versions never change, so what is derived from their text (the parsed document, a diff, a
readability score) is cached per process under the SHA-256 of the text; lists are built for
a constant number of queries.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kurultai.common.errors import NotFound
from kurultai.legislation import deadlines, stages
from kurultai.legislation.akn import AknMeta, Organization, to_akn
from kurultai.legislation.amend import Insert, Renumber, Repeal, Replace, amendment_from_dict
from kurultai.legislation.authoring import heading_label, render_text, repeal_note
from kurultai.legislation.cli import AknFile, akn_file
from kurultai.legislation.diff import Change, ChangeKind, Diff, Segment, diff
from kurultai.legislation.errors import LegislationErrorCode as Code
from kurultai.legislation.models import (
    STAGE_LABELS,
    Act,
    ActVersion,
    Amendment,
    Bill,
    BillVersion,
    Comment,
    CommentReaction,
    CommentStatus,
    Consultation,
    Outcome,
    ReactionKind,
    StageTransition,
)
from kurultai.legislation.stages import Stage
from kurultai.legislation.summary import (
    chain_of,
    document_readability,
    name_en,
    name_kk,
    name_ru,
    readability,
    summarise,
)
from kurultai.legislation.text import Document, Kind, Provision, TextError, document_from_dict
from kurultai.registry.models import Area, Person

TEXT_DEFER = ("text_kk", "text_ru", "text_en", "source_kk", "source_ru", "source_en")
# Which text to show when the page's language has none: kk and ru are both authentic.
TEXT_FALLBACK = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk")}
SUBTYPE = {"ordinary": "", "constitutional": "constitutionalLaw", "budget": "budgetLaw", "ratification": "ratification"}
T = TypeVar("T")


# ---------------------------------------------------------------- caches of derived data


class _Lru:
    """A small thread-safe LRU for values derived from immutable texts."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return self.data[key]  # type: ignore[no-any-return]
        value = make()
        with self.lock:
            self.data[key] = value
            while len(self.data) > self.size:
                self.data.popitem(last=False)
        return value


_documents = _Lru(128)
_diffs = _Lru(64)
_readability = _Lru(128)


def _bill_versions() -> QuerySet[BillVersion]:
    # The append-only base class types its manager loosely; say what these rows are.
    return cast("QuerySet[BillVersion]", BillVersion.objects.all())


def _act_versions() -> QuerySet[ActVersion]:
    return cast("QuerySet[ActVersion]", ActVersion.objects.all())


def _language(lang: str | None = None) -> str:
    code = (lang or get_language() or "kk")[:2]
    return code if code in TEXT_FALLBACK else "kk"


def document_of(version: BillVersion | ActVersion, lang: str) -> Document | None:
    """The parsed text of a version in one language (None when it has none)."""
    data = getattr(version, f"text_{lang}")
    if not data:
        return None
    return _documents.get((version.sha256, lang), lambda: document_from_dict(data))


def text_language(version: BillVersion | ActVersion, requested: str | None = None, page: str | None = None) -> str:
    """The language to show a text in: the requested one if the version has it, else the page's, else a fallback."""
    available = [lang for lang in ("kk", "ru", "en") if getattr(version, f"text_{lang}", None)]
    if requested in available:
        return str(requested)
    return next(lang for lang in TEXT_FALLBACK[_language(page)] if lang in available)


def provision_name(eid: str, lang: str | None = None) -> str:
    """``Paragraph 1 of Article 5`` / ``Пункт 1 статьи 5`` / ``5-баптың 1-тармағы``."""
    lang = _language(lang)
    try:
        chain = chain_of(eid)
    except TextError:
        return eid
    namer: Callable[[list[tuple[Kind, str]]], str] = {"kk": name_kk, "ru": name_ru}.get(lang, name_en)
    name = namer(chain)
    return name[:1].upper() + name[1:]


# ---------------------------------------------------------------- bills


@dataclass
class BillFilters:
    stage: str | None = None
    bill_type: str | None = None
    committee: str | None = None
    initiator: str | None = None
    open_for_comment: bool | None = None
    q: str | None = None


def _open_consultation(today: date) -> Exists:
    return Exists(
        Consultation.objects.filter(version=OuterRef("current_version"), opened_on__lte=today, closes_on__gte=today)
    )


def bill_list(filters: BillFilters | None = None) -> QuerySet[Bill]:
    """Bills with their committees, the current version's number and whether they are open for comment."""
    f = filters or BillFilters()
    today = timezone.localdate()
    qs = (
        Bill.objects.select_related("lead_committee", "amends_act")
        .prefetch_related("co_committees")
        .annotate(open_for_comment=_open_consultation(today), current_number=F("current_version__number"))
    )
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.bill_type:
        qs = qs.filter(bill_type=f.bill_type)
    if f.committee:
        qs = qs.filter(Q(lead_committee__slug=f.committee) | Q(co_committees__slug=f.committee)).distinct()
    if f.initiator:
        qs = qs.filter(initiator_kind=f.initiator)
    if f.open_for_comment is not None:
        qs = qs.filter(open_for_comment=f.open_for_comment)
    if f.q:
        qs = qs.filter(
            Q(title_kk__icontains=f.q) | Q(title_ru__icontains=f.q) | Q(title_en__icontains=f.q) | Q(slug=f.q)
        )
    return qs.order_by("-registered_on", "-year", "-number")


def bill_get(slug: str) -> Bill:
    today = timezone.localdate()
    bill = (
        Bill.objects.select_related("lead_committee", "amends_act")
        .prefetch_related("co_committees")
        .annotate(open_for_comment=_open_consultation(today), current_number=F("current_version__number"))
        .filter(slug=slug)
        .first()
    )
    if bill is None:
        raise NotFound(_("No bill with this identifier."), code=Code.BILL_NOT_FOUND, data={"id": slug[:40]})
    return bill


def version_list(bill: Bill) -> QuerySet[BillVersion]:
    """The versions without their texts, oldest first, with their consultation and the version they follow."""
    return (
        _bill_versions().filter(bill=bill)
        .defer(*TEXT_DEFER)
        .select_related("consultation", "based_on")
        .defer(*(f"based_on__{name}" for name in TEXT_DEFER), "based_on__act_changes")
        .annotate(has_en=ExpressionWrapper(Q(text_en__isnull=False), output_field=BooleanField()))
        .order_by("number")
    )


def version_languages(version: BillVersion) -> list[str]:
    """The languages of a version, also when its texts were deferred (``version_list``)."""
    has_en = getattr(version, "has_en", None)
    if has_en is None:
        return version.languages
    return ["kk", "ru", "en"] if has_en else ["kk", "ru"]


def consultation_of(version: BillVersion) -> Consultation | None:
    try:
        return version.consultation
    except Consultation.DoesNotExist:
        return None


def version_get(bill: Bill, number: int | str) -> BillVersion:
    try:
        n = int(number)
    except (TypeError, ValueError):
        n = 0
    version = _bill_versions().filter(bill=bill, number=n).first() if n > 0 else None
    if version is None:
        raise NotFound(
            _("This bill has no such version."),
            code=Code.VERSION_NOT_FOUND,
            data={"id": bill.slug, "version": str(number)[:10]},
        )
    version.bill = bill
    return version


def current_version(bill: Bill) -> BillVersion | None:
    if bill.current_version_id is None:
        return None
    version = _bill_versions().get(pk=bill.current_version_id)
    version.bill = bill
    return version


def transitions(bill: Bill) -> list[StageTransition]:
    return list(StageTransition.objects.filter(bill=bill).order_by("number"))


def stage_label(stage: str) -> str:
    try:
        return str(STAGE_LABELS[Stage(stage)])
    except ValueError:
        return stage


def allowed_next(bill: Bill) -> list[tuple[str, str, bool]]:
    """(stage, label, needs a vote) for each stage the bill may move to."""
    return [(s.value, str(STAGE_LABELS[s]), stages.needs_vote(bill.stage, s)) for s in stages.allowed(bill.stage)]


# ---------------------------------------------------------------- deadlines


def terms() -> dict[str, deadlines.Term]:
    """The configured legal terms (``LEGISLATION_TERMS`` may replace the defaults, read now, not at import)."""
    try:
        return deadlines.configured(getattr(settings, "LEGISLATION_TERMS", None))
    except ValueError as exc:
        raise ImproperlyConfigured(f"LEGISLATION_TERMS: {exc}") from None


@dataclass(frozen=True)
class Deadline:
    key: str
    start: date
    due: date
    done_on: date | None
    status: str  # pending, overdue, met, late
    citation: str
    assumed: bool

    @property
    def is_default(self) -> bool:
        """The citation is the shipped one (the page then shows it in the reader's language)."""
        return self.citation == deadlines.DEFAULT_TERMS[self.key].citation


def _status(due: date, done_on: date | None, today: date) -> str:
    if done_on is not None:
        return "met" if done_on <= due else "late"
    return "overdue" if today > due else "pending"


def _local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def bill_deadlines(bill: Bill, history: list[StageTransition], today: date | None = None) -> list[Deadline]:
    """The terms running or run for this bill: priority, sending to the President, his decision."""
    today = today or timezone.localdate()
    configured = terms()
    result: list[Deadline] = []

    def first_after(index: int, wanted: set[str]) -> date | None:
        for t in history[index + 1 :]:
            if t.to_stage in wanted:
                return _local_day(t.at)
        return None

    if bill.priority and bill.priority_since:
        term = configured["priority"]
        due = term.due(bill.priority_since)
        adopted = next((_local_day(t.at) for t in history if t.to_stage == Stage.ADOPTED), None)
        if adopted is not None or not stages.is_final(bill.stage):
            result.append(
                Deadline(
                    term.key,
                    bill.priority_since,
                    due,
                    adopted,
                    _status(due, adopted, today),
                    term.citation,
                    term.assumed,
                )
            )
    last = {t.to_stage: i for i, t in enumerate(history)}
    if Stage.ADOPTED in last:
        i = last[Stage.ADOPTED]
        term = configured["send_to_president"]
        start = _local_day(history[i].at)
        done = first_after(i, {Stage.SENT_TO_PRESIDENT})
        due = term.due(start)
        result.append(Deadline(term.key, start, due, done, _status(due, done, today), term.citation, term.assumed))
    if Stage.SENT_TO_PRESIDENT in last:
        i = last[Stage.SENT_TO_PRESIDENT]
        term = configured["president_decision"]
        start = _local_day(history[i].at)
        done = first_after(i, {Stage.SIGNED, Stage.RETURNED_WITH_OBJECTIONS})
        due = term.due(start)
        result.append(Deadline(term.key, start, due, done, _status(due, done, today), term.citation, term.assumed))
    return result


# ---------------------------------------------------------------- readability


@dataclass(frozen=True)
class Score:
    language: str
    score: float
    words: int


def text_readability(version: BillVersion) -> list[Score]:
    """The readability of each text of a version, as computed when it was stored."""
    stored = version.readability or {}
    result = []
    for lang in version.languages:
        if lang in stored:
            result.append(Score(lang, float(stored[lang]["score"]), int(stored[lang]["words"])))
        else:  # a version stored before scores were kept

            def make(lang: str = lang) -> Score:
                document = document_of(version, lang)
                r = document_readability(document) if document is not None else readability("", lang)
                return Score(lang, r.score, r.words)

            result.append(_readability.get((version.sha256, lang), make))
    return result


def summary_readability(bill: Bill) -> list[Score]:
    result = []
    for lang in ("kk", "ru", "en"):
        text = getattr(bill, f"citizen_summary_{lang}", "") or ""
        if text:
            r = readability(text, lang)
            result.append(Score(lang, r.score, r.words))
    return result


# ---------------------------------------------------------------- diffs


def _diff(old: BillVersion, new: BillVersion, lang: str) -> Diff:
    def make() -> Diff:
        a, b = document_of(old, lang), document_of(new, lang)
        if a is None or b is None:
            raise NotFound(_("One of the versions has no text in this language."), code=Code.VERSION_NOT_FOUND)
        return diff(a, b)

    return _diffs.get((old.sha256, new.sha256, lang), make)


@dataclass(frozen=True)
class ChangeView:
    kind: str
    label: str  # kind in words
    name: str  # the provision named in the page's language
    old_eid: str | None
    new_eid: str | None
    old_text: str
    new_text: str
    old_label: str
    new_label: str
    heading_diff: tuple[Segment, ...]
    content_diff: tuple[Segment, ...]

    @property
    def has_words(self) -> bool:
        return any(s.op != "equal" for s in self.segments)

    @property
    def segments(self) -> tuple[Segment, ...]:
        if self.heading_diff and self.content_diff:
            return (*self.heading_diff, Segment("equal", " — "), *self.content_diff)
        return self.heading_diff or self.content_diff


@dataclass(frozen=True)
class DiffView:
    old: BillVersion
    new: BillVersion
    language: str
    summary: list[str]
    changes: list[ChangeView]
    title_diff: tuple[Segment, ...]
    preface_diff: tuple[Segment, ...]


CHANGE_LABELS = {
    ChangeKind.ADDED: "added",
    ChangeKind.REMOVED: "removed",
    ChangeKind.MOVED: "moved",
    ChangeKind.RENUMBERED: "renumbered",
    ChangeKind.CHANGED: "changed",
    ChangeKind.REPEALED: "repealed",
}


def change_label(kind: str) -> str:
    labels = {
        "added": _("added"),
        "removed": _("removed"),
        "moved": _("moved"),
        "renumbered": _("renumbered"),
        "changed": _("changed"),
        "repealed": _("repealed"),
    }
    return labels.get(kind, kind)


def provision_text(p: Provision | None, lang: str, *, children: bool = True) -> str:
    """The provision as it reads, with its label: ``Статья 5. Heading`` and its text."""
    if p is None:
        return ""
    if not children and p.children:
        from dataclasses import replace

        p = replace(p, children=())
    return render_text(Document(body=(p,), language=lang)).strip()


def version_diff(old: BillVersion, new: BillVersion, text_lang: str, page_lang: str | None = None) -> DiffView:
    """The structural and word diff of two versions in one language, with the change summary in the page's language."""
    page = _language(page_lang)
    d = _diff(old, new, text_lang)
    sentences = summarise(d)[page]
    changes = [_change_view(c, text_lang, page) for c in d.changes]
    return DiffView(old, new, text_lang, sentences, changes, d.title_diff, d.preface_diff)


def _change_view(c: Change, text_lang: str, page: str) -> ChangeView:
    whole = c.kind in (ChangeKind.ADDED, ChangeKind.REMOVED)
    return ChangeView(
        kind=c.kind.value,
        label=change_label(c.kind.value),
        name=provision_name(c.eid, page),
        old_eid=c.old_eid,
        new_eid=c.new_eid,
        old_text=provision_text(c.old, text_lang, children=whole),
        new_text=provision_text(c.new, text_lang, children=whole),
        old_label=heading_label(c.old.kind, c.old.num, text_lang) if c.old is not None and c.old.num else "",
        new_label=heading_label(c.new.kind, c.new.num, text_lang) if c.new is not None and c.new.num else "",
        heading_diff=c.heading_diff,
        content_diff=c.content_diff,
    )


def eid_mapping(old: BillVersion, new: BillVersion, lang: str = "kk") -> Callable[[str], str | None]:
    """Where a provision of ``old`` is in ``new`` (itself, its new eId, or its nearest surviving ancestor).

    The expressions of a version share their structure, so any language gives the mapping;
    the page passes the language it shows, whose diff it already has.
    """
    if old.sha256 == new.sha256 or old.pk == new.pk:
        return lambda eid: eid
    if not getattr(old, f"text_{lang}", None) or not getattr(new, f"text_{lang}", None):
        lang = "kk"
    d = _diff(old, new, lang)
    return d.nearest_new_eid


# ---------------------------------------------------------------- comments


def region_names() -> dict[str, str]:
    """ISO 3166-2 code -> the region's name in the active language (20 rows, one query)."""
    return {a.identifier: a.name for a in Area.objects.exclude(classification="country")}


@dataclass
class CommentView:
    comment: Comment
    version_number: int
    shown_eid: str | None  # where the commented provision is in the version being read
    agree: int
    disagree: int
    mine: str | None = None
    region: str = ""

    @property
    def moved(self) -> bool:
        return self.shown_eid != self.comment.eid

    @property
    def support(self) -> int:
        return self.agree - self.disagree


def _comment_rows(bill: Bill, *, include_hidden: bool = False) -> QuerySet[Comment]:
    qs = Comment.objects.filter(consultation__bill=bill)
    if not include_hidden:
        qs = qs.filter(status=CommentStatus.VISIBLE)
    return qs.annotate(
        agree_count=Count("reactions", filter=Q(reactions__kind=ReactionKind.AGREE)),
        disagree_count=Count("reactions", filter=Q(reactions__kind=ReactionKind.DISAGREE)),
        version_number=F("version__number"),
    )


def _mappers(
    shown: BillVersion, version_ids: Iterable[int], lang: str = "kk"
) -> dict[int, Callable[[str], str | None]]:
    """For each version with comments, how its eIds map onto ``shown`` (texts loaded once, in one query)."""
    others = {pk for pk in version_ids if pk != shown.pk}
    mappers: dict[int, Callable[[str], str | None]] = {shown.pk: lambda eid: eid}
    column = f"text_{lang}" if lang in ("kk", "ru", "en") else "text_kk"
    for version in _bill_versions().filter(pk__in=others).only("pk", "sha256", "number", "text_kk", column):
        mappers[version.pk] = eid_mapping(version, shown, lang)
    return mappers


def comments_for(
    bill: Bill,
    shown: BillVersion,
    *,
    eid: str | None = None,
    viewer: Any = None,
    include_hidden: bool = False,
    limit: int | None = None,
) -> list[CommentView]:
    """The bill's comments placed on ``shown``: a comment made on another version is shown against
    the provision it became (through the diff's eId mapping), or its nearest surviving ancestor."""
    rows = list(_comment_rows(bill, include_hidden=include_hidden).order_by("created_at", "id"))
    mappers = _mappers(shown, {c.version_id for c in rows})
    regions = region_names() if rows else {}
    views = []
    for c in rows:
        shown_eid = mappers[c.version_id](c.eid)
        if eid is not None and shown_eid != eid:
            continue
        region = regions.get(c.author_region, c.author_region)
        views.append(CommentView(c, c.version_number, shown_eid, c.agree_count, c.disagree_count, region=region))
    if viewer is not None and getattr(viewer, "is_authenticated", False) and views:
        mine = dict(
            CommentReaction.objects.filter(user=viewer, comment__in=[v.comment for v in views]).values_list(
                "comment_id", "kind"
            )
        )
        for v in views:
            v.mine = mine.get(v.comment.pk)
    return views[:limit] if limit is not None else views


def comment_counts(bill: Bill, shown: BillVersion, lang: str = "kk") -> dict[str, int]:
    """Visible comments per provision of ``shown`` (comments on other versions mapped onto it, through
    the diff in ``lang``)."""
    rows = list(
        Comment.objects.filter(consultation__bill=bill, status=CommentStatus.VISIBLE)
        .values("version_id", "eid")
        .annotate(n=Count("id"))
    )
    if not rows:
        return {}
    mappers = _mappers(shown, {r["version_id"] for r in rows}, lang)
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        target = mappers[r["version_id"]](r["eid"])
        if target is not None:
            counts[target] += r["n"]
    return dict(counts)


def comment_get(bill: Bill, public_id: str) -> Comment:
    comment = (
        Comment.objects.filter(consultation__bill=bill, public_id=public_id)
        .select_related("consultation")
        .annotate(
            agree_count=Count("reactions", filter=Q(reactions__kind=ReactionKind.AGREE)),
            disagree_count=Count("reactions", filter=Q(reactions__kind=ReactionKind.DISAGREE)),
            version_number=F("version__number"),
        )
        .first()
    )
    if comment is None:
        raise NotFound(_("No such comment."), code=Code.COMMENT_NOT_FOUND, data={"id": public_id[:20]})
    return comment


def comments_api(bill: Bill, *, version: int | None = None, eid: str | None = None) -> QuerySet[Comment]:
    """Visible comments for the API, oldest first (one query a page)."""
    qs = _comment_rows(bill)
    if version is not None:
        qs = qs.filter(version__number=version)
    if eid:
        qs = qs.filter(eid=eid)
    return qs.order_by("created_at", "id")


@dataclass
class ReportRow:
    eid: str
    name: str
    comments: int = 0
    agree: int = 0
    disagree: int = 0
    top: list[CommentView] = field(default_factory=list)


@dataclass
class ConsultationReport:
    consultation: Consultation
    rows: list[ReportRow]
    comments: int
    participants: int
    agree: int
    disagree: int
    hidden: int


def consultation_get(version: BillVersion) -> Consultation:
    consultation = Consultation.objects.filter(version=version).first()
    if consultation is None:
        raise NotFound(_("This version was not opened for comments."), code=Code.CONSULTATION_NOT_FOUND)
    return consultation


def consultation_report(consultation: Consultation, *, top: int = 3, lang: str | None = None) -> ConsultationReport:
    """For the committee: per provision, the comments, agree/disagree and the most supported comments."""
    rows = list(_comment_rows(consultation.bill).filter(consultation=consultation).order_by("created_at", "id"))
    document = document_of(consultation.version, "kk")
    order = {eid: i for i, eid in enumerate(document.eids())} if document else {}
    by_eid: dict[str, ReportRow] = {}
    for c in rows:
        row = by_eid.setdefault(c.eid, ReportRow(c.eid, provision_name(c.eid, lang)))
        row.comments += 1
        row.agree += c.agree_count
        row.disagree += c.disagree_count
        row.top.append(CommentView(c, c.version_number, c.eid, c.agree_count, c.disagree_count))
    for row in by_eid.values():
        row.top = sorted(row.top, key=lambda v: (-v.support, -v.agree, v.comment.created_at))[:top]
    ordered = sorted(by_eid.values(), key=lambda r: order.get(r.eid, len(order)))
    hidden = Comment.objects.filter(consultation=consultation, status=CommentStatus.HIDDEN).count()
    return ConsultationReport(
        consultation=consultation,
        rows=ordered,
        comments=len(rows),
        participants=len({c.author_id for c in rows}),
        agree=sum(r.agree for r in ordered),
        disagree=sum(r.disagree for r in ordered),
        hidden=hidden,
    )


# ---------------------------------------------------------------- amendments


@dataclass(frozen=True)
class AmendmentRow:
    amendment: Amendment
    version_number: int
    name: str
    current: str
    proposed: str
    author: str
    applied_in: int | None


def _proposed_wording(document: Document, data: Mapping[str, object], lang: str) -> str:
    from dataclasses import replace

    op = amendment_from_dict(data)
    target = document.find(op.target)
    if isinstance(op, Insert):
        return provision_text(op.provision, lang)
    if target is None:
        return ""
    p = target.provision
    if isinstance(op, Replace):
        if op.provision is not None:
            return provision_text(replace(op.provision, num=p.num), lang)
        changed = replace(
            p,
            heading=p.heading if op.heading is None else op.heading,
            content=p.content if op.content is None else op.content,
            children=(),
        )
        return provision_text(changed, lang)
    if isinstance(op, Repeal):
        note = op.note or repeal_note(p.kind, lang)
        return f"{heading_label(p.kind, p.num, lang)} {note}"
    if isinstance(op, Renumber):
        return provision_text(replace(p, num=op.num, children=()), lang)
    return ""


def amendments_of(bill: Bill) -> QuerySet[Amendment]:
    return (
        Amendment.objects.filter(bill=bill)
        .select_related("author_committee")
        .annotate(version_number=F("version__number"), applied_number=F("applied_in__number"))
        .order_by("number")
    )


def amendment_table(bill: Bill, text_lang: str, page_lang: str | None = None) -> list[AmendmentRow]:
    """The comparison table: current wording, proposed wording, author, justification, recommendation, outcome."""
    amendments = list(amendments_of(bill))
    if not amendments:
        return []
    versions = {
        v.pk: v
        for v in _bill_versions().filter(pk__in={a.version_id for a in amendments}).only(
            "pk", "sha256", "number", "text_kk", "text_ru", "text_en"
        )
    }
    people = dict(
        Person.objects.filter(slug__in={a.author_person_slug for a in amendments if a.author_person_slug}).values_list(
            "slug", "name"
        )
    )
    rows = []
    for a in amendments:
        version = versions[a.version_id]
        lang = text_lang if text_lang in a.operation and document_of(version, text_lang) else "kk"
        document = document_of(version, lang)
        located = document.find(a.target_eid) if document else None
        current = provision_text(located.provision, lang) if located else ""
        data = a.operation.get(lang) or a.operation["kk"]
        if isinstance(amendment_from_dict(data), Insert):
            current = ""  # a new provision has no current wording
        author = people.get(a.author_person_slug, a.author_person_slug) if a.author_person_slug else ""
        if a.author_committee_id:
            author = a.author_committee.name
        rows.append(
            AmendmentRow(
                amendment=a,
                version_number=a.version_number,
                name=provision_name(a.target_eid, page_lang),
                current=current,
                proposed=_proposed_wording(document, data, lang) if document else "",
                author=author,
                applied_in=a.applied_number,
            )
        )
    return rows


def amendment_get(bill: Bill, number: int) -> Amendment:
    amendment = amendments_of(bill).filter(number=number).first()
    if amendment is None:
        raise NotFound(_("No such amendment."), code=Code.AMENDMENT_NOT_FOUND, data={"number": number})
    return amendment


def outcome_counts(bill: Bill) -> dict[str, int]:
    counts = dict(Amendment.objects.filter(bill=bill).values_list("outcome").annotate(n=Count("id")))
    return {o: counts.get(o, 0) for o in Outcome.values}


# ---------------------------------------------------------------- texts as rows


@dataclass(frozen=True)
class Row:
    eid: str
    depth: int
    kind: str
    label: str
    heading: str
    blocks: list[str]
    repealed: bool


def provision_rows(document: Document) -> list[Row]:
    """Every provision in document order with its own words (for the API and the parallel view)."""
    rows = []
    for loc in document.walk():
        p = loc.provision
        rows.append(
            Row(
                eid=loc.eid,
                depth=loc.depth,
                kind=p.kind.value,
                label=heading_label(p.kind, p.num, document.language) if p.num else "",
                heading=p.heading,
                blocks=p.blocks,
                repealed=p.repealed,
            )
        )
    return rows


def parallel_rows(
    version: BillVersion | ActVersion, left: str = "kk", right: str = "ru"
) -> list[tuple[Row, Row | None]]:
    """The two expressions side by side, aligned by eId (both have the same structure)."""
    a, b = document_of(version, left), document_of(version, right)
    if a is None:
        return []
    other = {r.eid: r for r in provision_rows(b)} if b is not None else {}
    return [(r, other.get(r.eid)) for r in provision_rows(a)]


def parent_article(document: Document, eid: str) -> str:
    """The eId of the article holding a provision (itself when it is one), for the anchor to return to."""
    located = document.find(eid)
    while located is not None and located.kind not in (Kind.ARTICLE, Kind.CHAPTER, Kind.SECTION, Kind.PART):
        located = document.find(located.parent_eid) if located.parent_eid else None
    return located.eid if located is not None else eid


# ---------------------------------------------------------------- acts


def act_list() -> QuerySet[Act]:
    return Act.objects.prefetch_related(
        Prefetch(
            "versions",
            queryset=_act_versions().defer("text_kk", "text_ru", "text_en")
            .select_related("source_bill")
            .order_by("valid_from"),
        )
    ).order_by("-adopted_on", "slug")


def act_get(slug: str) -> Act:
    act = act_list().filter(slug=slug).first()
    if act is None:
        raise NotFound(_("No act with this identifier."), code=Code.ACT_NOT_FOUND, data={"id": slug[:80]})
    return act


def act_version_at(act: Act, day: date) -> ActVersion | None:
    """The text of ``act`` as it stood on ``day`` (None before its first version)."""
    return (
        _act_versions().filter(act=act, valid_from__lte=day)
        .select_related("source_bill")
        .order_by("-valid_from")
        .first()
    )


# ---------------------------------------------------------------- Akoma Ntoso


def akn_meta(bill: Bill, version: BillVersion, lang: str) -> AknMeta:
    """FRBR: work ``/akn/kz/bill/<year>/<number>``, expression ``.../kaz@<published_on>``."""
    return AknMeta(
        number=str(bill.number),
        work_date=bill.registered_on,
        expression_date=version.published_on,
        doc_type="bill",
        language=lang,
        subtype=SUBTYPE.get(bill.bill_type, ""),
        author=Organization(
            "parliament", "/ontology/organization/kz/parliament", "Kurultai of the Republic of Kazakhstan"
        ),
    )


def akn_xml(bill: Bill, version: BillVersion, lang: str) -> bytes:
    document = document_of(version, lang)
    if document is None:
        raise NotFound(
            _("This version has no text in this language."), code=Code.VERSION_NOT_FOUND, data={"language": lang}
        )
    return to_akn(document, akn_meta(bill, version, lang))


def _bill_for_export(ref: str) -> Bill:
    bill = Bill.objects.filter(slug=ref).first()
    if bill is None and ref.isdigit():
        matches = list(Bill.objects.filter(number=int(ref)).order_by("-year")[:2])
        if len(matches) > 1:
            raise LookupError(
                f"More than one bill has the number {ref}; name it as YEAR-NUMBER, e.g. {matches[0].slug}."
            )
        bill = matches[0] if matches else None
    if bill is None:
        raise LookupError(f"No bill {ref}; name it as YEAR-NUMBER, e.g. 2026-12.")
    return bill


def akn_files(*, bill: str | None, version: str | None, language: str | None) -> Iterator[AknFile]:
    """The export source of ``kurultai akn export``: one file per version and language.

    One bill: its current version (or ``version``) in ``language`` (default every language).
    Every bill (``bill`` None): every version in Kazakh, Russian and English where present,
    each bill in its own folder.
    """
    if bill is not None:
        found = _bill_for_export(bill)
        chosen: BillVersion | None
        if version is None:
            if found.current_version_id is None:
                raise LookupError(f"Bill {found.slug} has no published text yet.")
            chosen = _bill_versions().get(pk=found.current_version_id)
        else:
            chosen = _bill_versions().filter(bill=found, number=int(version) if version.isdigit() else 0).first()
            if chosen is None:
                raise LookupError(f"Bill {found.slug} has no version {version}.")
        languages = [language] if language else chosen.languages
        for lang in languages:
            document = document_of(chosen, lang)
            if document is None:
                raise LookupError(f"Version {chosen.number} of bill {found.slug} has no text in {lang}.")
            yield akn_file(document, akn_meta(found, chosen, lang))
        return
    for b in Bill.objects.order_by("year", "number"):
        for v in _bill_versions().filter(bill=b).order_by("number"):
            for lang in v.languages:
                document = document_of(v, lang)
                if document is not None:
                    yield akn_file(document, akn_meta(b, v, lang), folder=f"{b.slug}/v{v.number}")


def akn_files_or_explain(*, bill: str | None, version: str | None, language: str | None) -> list[AknFile]:
    """``akn_files`` for the command line: a database that is not set up is one sentence, not a traceback."""
    from django.db import DatabaseError

    try:
        return list(akn_files(bill=bill, version=version, language=language))
    except DatabaseError:
        raise LookupError(
            "The database is not set up yet: run `kurultai demo` or `python manage.py migrate` first."
        ) from None
