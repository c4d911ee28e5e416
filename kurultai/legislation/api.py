"""/api/v1/bills (versions, provisions, Akoma Ntoso, diffs, stages, amendments, comments) and /api/v1/acts.

Reads are public. Writes accept a session (with CSRF) or a bearer token; the services check
the role (clerk, committee staff, deputy, verified citizen, moderator) and answer refusals
as problem+json with a stable code (docs/legislation.md).
"""

import datetime as dt
from datetime import UTC, date, datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kurultai.accounts.auth import api_auth
from kurultai.common.api import LimitOffsetPage, Mapped, Problem
from kurultai.common.errors import DomainError
from kurultai.legislation import selectors, services
from kurultai.legislation.errors import LegislationErrorCode as Code
from kurultai.legislation.models import Act, ActVersion, Bill, BillVersion, Comment, StageTransition
from kurultai.registry.models import Organization, OrganizationClassification

router = Router(tags=["legislation"])

Language = Literal["kk", "ru", "en"]
# The stage names as a type for the OpenAPI schema (a test checks it matches stages.Stage).
StageName = Literal[
    "registered",
    "in_committee",
    "first_reading",
    "amendment_period",
    "second_reading",
    "third_reading",
    "adopted",
    "sent_to_president",
    "signed",
    "returned_with_objections",
    "overridden",
    "withdrawn",
    "rejected",
]
READ_ERRORS: dict[int, type[Schema]] = {404: Problem, 422: Problem}
WRITE_ERRORS: dict[int, type[Schema]] = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}
AKN_CONTENT_TYPE = "application/akn+xml"


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _lang() -> str:
    code = (get_language() or "kk")[:2]
    return code if code in ("kk", "ru", "en") else "kk"


def _values(obj: Any, field: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}") or "" for lang in ("kk", "ru", "en")}


def _bill(bill_id: str) -> Bill:
    return selectors.bill_get(bill_id)


# ---------------------------------------------------------------- schemas


class BillOut(Schema):
    id: str = Field(description="YEAR-NUMBER, e.g. 2026-12.")
    number: int
    year: int
    title: str
    titles: dict[str, str]
    type: str
    initiator_kind: str
    initiator: str
    lead_committee_id: str
    co_committee_ids: list[str]
    stage: str
    stage_label: str
    stage_since: str | None
    registered_on: str
    priority: bool
    priority_since: str | None
    amends_act_id: str | None
    current_version: int | None
    open_for_comment: bool
    url: str

    @staticmethod
    def from_model(b: Bill) -> dict[str, Any]:
        return {
            "id": b.slug,
            "number": b.number,
            "year": b.year,
            "title": b.title,
            "titles": _values(b, "title"),
            "type": b.bill_type,
            "initiator_kind": b.initiator_kind,
            "initiator": b.initiator or "",
            "lead_committee_id": b.lead_committee.slug,
            "co_committee_ids": sorted(o.slug for o in b.co_committees.all()),
            "stage": b.stage,
            "stage_label": selectors.stage_label(b.stage),
            "stage_since": _iso(b.stage_since),
            "registered_on": b.registered_on.isoformat(),
            "priority": b.priority,
            "priority_since": b.priority_since.isoformat() if b.priority_since else None,
            "amends_act_id": b.amends_act.slug if b.amends_act_id else None,
            "current_version": getattr(b, "current_number", None),
            "open_for_comment": bool(getattr(b, "open_for_comment", False)),
            "url": f"/{_lang()}/bills/{b.slug}/",
        }


class NextStageOut(Schema):
    stage: str
    label: str
    needs_vote_event: bool


class DeadlineOut(Schema):
    key: str = Field(description="priority, send_to_president or president_decision.")
    start: str
    due: str
    done_on: str | None
    status: str = Field(description="pending, overdue, met or late.")
    citation: str
    assumed: bool = Field(description="True when the 2026 text was not found and an older value stands in.")


class ScoreOut(Schema):
    language: str
    score: float
    words: int


class ConsultationOut(Schema):
    version: int
    opened_on: str
    closes_on: str
    working_days: int
    open: bool
    response: str
    responded_at: str | None


class VersionOut(Schema):
    number: int
    label: str
    kind: str
    published_on: str
    created_at: str | None
    sha256: str = Field(description="SHA-256 of the canonical JSON of the texts, as in the public record.")
    languages: list[str]
    based_on: int | None
    amends_act: bool
    akn: dict[str, str] = Field(description="Akoma Ntoso download per language.")
    consultation: ConsultationOut | None


class BillDetailOut(BillOut):
    citizen_summary: dict[str, str]
    summary_readability: list[ScoreOut]
    text_readability: list[ScoreOut]
    next_stages: list[NextStageOut]
    deadlines: list[DeadlineOut]
    versions: list[VersionOut]
    amendments: dict[str, int]


class StageOut(Schema):
    number: int
    from_stage: str | None
    to_stage: str
    label: str
    at: str | None
    acting_as: str
    vote_event_ref: str
    decision: str

    @staticmethod
    def from_model(t: StageTransition) -> dict[str, Any]:
        return {
            "number": t.number,
            "from_stage": t.from_stage or None,
            "to_stage": t.to_stage,
            "label": selectors.stage_label(t.to_stage),
            "at": _iso(t.at),
            "acting_as": t.actor_role,
            "vote_event_ref": t.vote_event_ref,
            "decision": t.decision,
        }


class ProvisionOut(Schema):
    eid: str
    kind: str
    label: str
    heading: str
    content: str
    depth: int
    repealed: bool
    comments: int


class VersionDetailOut(VersionOut):
    language: str
    title: str
    preface: str
    provisions: list[ProvisionOut]
    change_summary: list[str] = Field(description="What this version changes from the one it is based on.")


class AmendmentOut(Schema):
    number: int
    version: int
    target_eid: str
    provision: str
    operation: dict[str, Any]
    operations: dict[str, Any]
    current_wording: str
    proposed_wording: str
    author_person_id: str | None
    author_committee_id: str | None
    author: str
    justification: str
    recommendation: str
    recommendation_note: str
    outcome: str
    proposed_at: str | None
    decided_at: str | None
    applied_in_version: int | None


class CommentOut(Schema):
    id: str
    version: int
    eid: str
    provision: str
    text: str
    author: str = Field(description="Never a name: a verified citizen and the region they live in.")
    created_at: str | None
    agree: int
    disagree: int
    status: str

    @staticmethod
    def from_model(c: Comment, regions: dict[str, str] | None = None) -> dict[str, Any]:
        region = (regions or {}).get(c.author_region, c.author_region)
        return {
            "id": c.public_id,
            "version": c.version_number,
            "eid": c.eid,
            "provision": selectors.provision_name(c.eid),
            "text": c.text,
            "author": _("verified citizen") + (f" ({region})" if region else ""),
            "created_at": _iso(c.created_at),
            "agree": c.agree_count,
            "disagree": c.disagree_count,
            "status": c.status,
        }


class ReactionOut(Schema):
    comment: str
    reaction: str | None
    agree: int
    disagree: int


class ReportRowOut(Schema):
    eid: str
    provision: str
    comments: int
    agree: int
    disagree: int
    most_supported: list[CommentOut]


class ReportOut(Schema):
    consultation: ConsultationOut
    comments: int
    participants: int
    agree: int
    disagree: int
    hidden: int
    provisions: list[ReportRowOut]


class ChangeOut(Schema):
    kind: str
    provision: str
    old_eid: str | None
    new_eid: str | None
    old_text: str
    new_text: str
    words: list[dict[str, str]] = Field(description="Word diff: [{op: equal|insert|delete, text}].")


class DiffOut(Schema):
    from_version: int
    to_version: int
    language: str
    summary: list[str]
    changes: list[ChangeOut]


class ActVersionOut(Schema):
    valid_from: str
    sha256: str
    amended_by: str | None


class ActOut(Schema):
    id: str
    number: str
    kind: str
    title: str
    titles: dict[str, str]
    adopted_on: str
    demo: bool
    versions: list[ActVersionOut]

    @staticmethod
    def from_model(a: Act) -> dict[str, Any]:
        return {
            "id": a.slug,
            "number": a.number,
            "kind": a.kind,
            "title": a.title,
            "titles": _values(a, "title"),
            "adopted_on": a.adopted_on.isoformat(),
            "demo": a.is_demo,
            "versions": [_act_version(v) for v in a.versions.all()],
        }


class ActDetailOut(ActOut):
    date: str
    language: str
    in_force: ActVersionOut | None
    provisions: list[ProvisionOut]


def _act_version(v: ActVersion) -> dict[str, Any]:
    return {
        "valid_from": v.valid_from.isoformat(),
        "sha256": v.sha256,
        "amended_by": v.source_bill.slug if v.source_bill_id else None,
    }


def _consultation(c: Any) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "version": c.version.number,
        "opened_on": c.opened_on.isoformat(),
        "closes_on": c.closes_on.isoformat(),
        "working_days": c.working_days,
        "open": c.is_open(),
        "response": c.response or "",
        "responded_at": _iso(c.responded_at),
    }


def _version(bill: Bill, v: BillVersion) -> dict[str, Any]:
    languages = selectors.version_languages(v)
    return {
        "number": v.number,
        "label": v.label,
        "kind": v.kind,
        "published_on": v.published_on.isoformat(),
        "created_at": _iso(v.created_at),
        "sha256": v.sha256,
        "languages": languages,
        "based_on": v.based_on.number if v.based_on_id else None,
        "amends_act": bool(v.act_changes),
        "akn": {lang: f"/api/v1/bills/{bill.slug}/versions/{v.number}/akn?language={lang}" for lang in languages},
        "consultation": _consultation(selectors.consultation_of(v)),
    }


def _versions(bill: Bill) -> list[dict[str, Any]]:
    return [_version(bill, v) for v in selectors.version_list(bill)]


def _provisions(document: Any, counts: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {
            "eid": r.eid,
            "kind": r.kind,
            "label": r.label,
            "heading": r.heading,
            "content": "\n".join(r.blocks),
            "depth": r.depth,
            "repealed": r.repealed,
            "comments": counts.get(r.eid, 0),
        }
        for r in selectors.provision_rows(document)
    ]


def _amendment_dict(row: selectors.AmendmentRow, lang: str) -> dict[str, Any]:
    a = row.amendment
    return {
        "number": a.number,
        "version": row.version_number,
        "target_eid": a.target_eid,
        "provision": row.name,
        "operation": a.operation.get(lang) or a.operation["kk"],
        "operations": a.operation,
        "current_wording": row.current,
        "proposed_wording": row.proposed,
        "author_person_id": a.author_person_slug or None,
        "author_committee_id": a.author_committee.slug if a.author_committee_id else None,
        "author": row.author,
        "justification": a.justification or "",
        "recommendation": a.recommendation,
        "recommendation_note": a.recommendation_note or "",
        "outcome": a.outcome,
        "proposed_at": _iso(a.proposed_at),
        "decided_at": _iso(a.decided_at),
        "applied_in_version": row.applied_in,
    }


# ---------------------------------------------------------------- bills


class BillQuery(Schema):
    stage: StageName | None = None
    type: Literal["ordinary", "constitutional", "budget", "ratification"] | None = None
    committee: str | None = Field(None, max_length=120, description="A committee's identifier (lead or co-committee).")
    initiator: Literal["deputies", "government", "president", "halyk_kenesi", "regional_initiative"] | None = None
    open_for_comment: bool | None = None
    q: str | None = Field(None, max_length=200, description="Words of the title, or the bill's identifier.")


@router.get("/bills", response={200: list[BillOut], 422: Problem}, summary="List bills")
@paginate(LimitOffsetPage)
def list_bills(request: HttpRequest, filters: Query[BillQuery]) -> Any:
    qs = selectors.bill_list(
        selectors.BillFilters(
            stage=filters.stage,
            bill_type=filters.type,
            committee=filters.committee,
            initiator=filters.initiator,
            open_for_comment=filters.open_for_comment,
            q=filters.q,
        )
    )
    return Mapped(qs, BillOut.from_model)


class BillIn(Schema):
    number: int = Field(..., ge=1, le=1_000_000)
    titles: dict[str, str] = Field(..., description="kk and ru required, en optional.")
    type: Literal["ordinary", "constitutional", "budget", "ratification"] = "ordinary"
    initiator_kind: Literal["deputies", "government", "president", "halyk_kenesi", "regional_initiative"]
    initiator: dict[str, str] = Field(default_factory=dict)
    lead_committee: str = Field(..., max_length=120)
    co_committees: list[str] = Field(default_factory=list, max_length=10)
    amends_act: str | None = Field(None, max_length=80)
    priority: bool = False
    registered_on: date | None = None


def _committee(slug: str) -> Organization:
    org = Organization.objects.filter(slug=slug, classification=OrganizationClassification.COMMITTEE).first()
    if org is None:
        raise DomainError(Code.NOT_A_COMMITTEE, _("No committee with this identifier."), status=422, data={"id": slug})
    return org


@router.post("/bills", auth=api_auth, response={201: BillOut, **WRITE_ERRORS}, summary="Register a bill (clerk)")
def register_bill(request: HttpRequest, payload: BillIn) -> Any:
    act = None
    if payload.amends_act:
        act = Act.objects.filter(slug=payload.amends_act).first()
        if act is None:
            raise DomainError(Code.ACT_NOT_FOUND, _("No act with this identifier."), status=422)
    bill = services.bill_register(
        number=payload.number,
        titles=payload.titles,
        bill_type=payload.type,
        initiator_kind=payload.initiator_kind,
        initiator=payload.initiator,
        lead_committee=_committee(payload.lead_committee),
        co_committees=[_committee(s) for s in payload.co_committees],
        amends_act=act,
        priority=payload.priority,
        registered_on=payload.registered_on,
        actor=request.user,
    )
    return Status(201, BillOut.from_model(selectors.bill_get(bill.slug)))


@router.get("/bills/{bill_id}", response={200: BillDetailOut, **READ_ERRORS}, summary="One bill")
def get_bill(request: HttpRequest, bill_id: str) -> Any:
    bill = _bill(bill_id)
    data = BillOut.from_model(bill)
    history = selectors.transitions(bill)
    current = selectors.current_version(bill)
    data.update(
        citizen_summary=_values(bill, "citizen_summary"),
        summary_readability=[s.__dict__ for s in selectors.summary_readability(bill)],
        text_readability=[s.__dict__ for s in selectors.text_readability(current)] if current else [],
        next_stages=[
            {"stage": s, "label": label, "needs_vote_event": v} for s, label, v in selectors.allowed_next(bill)
        ],
        deadlines=[
            {
                "key": d.key,
                "start": d.start.isoformat(),
                "due": d.due.isoformat(),
                "done_on": d.done_on.isoformat() if d.done_on else None,
                "status": d.status,
                "citation": d.citation,
                "assumed": d.assumed,
            }
            for d in selectors.bill_deadlines(bill, history)
        ],
        versions=_versions(bill),
        amendments=selectors.outcome_counts(bill),
    )
    return data


class SummaryIn(Schema):
    summary: dict[str, str] = Field(..., description="The citizen summary by language (kk, ru, en).")


@router.put(
    "/bills/{bill_id}/summary",
    auth=api_auth,
    response={200: BillOut, **WRITE_ERRORS},
    summary="Write the citizen summary (clerk, committee staff)",
)
def put_summary(request: HttpRequest, bill_id: str, payload: SummaryIn) -> Any:
    bill = services.bill_summary_set(bill=_bill(bill_id), summary=payload.summary, actor=request.user)
    return BillOut.from_model(selectors.bill_get(bill.slug))


# ---------------------------------------------------------------- stages


@router.get(
    "/bills/{bill_id}/stages", response={200: list[StageOut], **READ_ERRORS}, summary="The bill's stage history"
)
@paginate(LimitOffsetPage)
def list_stages(request: HttpRequest, bill_id: str) -> Any:
    bill = _bill(bill_id)
    return Mapped(StageTransition.objects.filter(bill=bill).order_by("number"), StageOut.from_model)


class StageIn(Schema):
    to: str = Field(..., max_length=40, description="The stage to move to; see next_stages on the bill.")
    vote_event_ref: str = Field(
        "", max_length=200, description="The plenary vote event that decided it, if a vote did."
    )
    decision: str = Field(
        "", max_length=1000, description="The decision behind it (referral, conclusion, signature...)."
    )


@router.post(
    "/bills/{bill_id}/stages",
    auth=api_auth,
    response={201: StageOut, **WRITE_ERRORS},
    summary="Move the bill to its next stage (clerk); 409 illegal_transition lists the allowed ones",
)
def post_stage(request: HttpRequest, bill_id: str, payload: StageIn) -> Any:
    transition = services.stage_transition(
        bill=_bill(bill_id),
        to=payload.to,
        vote_event_ref=payload.vote_event_ref,
        decision=payload.decision,
        actor=request.user,
    )
    return Status(201, StageOut.from_model(transition))


# ---------------------------------------------------------------- versions


@router.get("/bills/{bill_id}/versions", response={200: list[VersionOut], **READ_ERRORS}, summary="The bill's versions")
@paginate(LimitOffsetPage)
def list_versions(request: HttpRequest, bill_id: str) -> Any:
    return _versions(_bill(bill_id))


class VersionIn(Schema):
    texts: dict[str, str] = Field(
        ..., description="Authoring text by language; kk and ru required (docs/authoring-format.md)."
    )
    labels: dict[str, str] = Field(default_factory=dict)
    published_on: date | None = None
    act_changes: dict[str, list[dict[str, Any]]] | None = Field(
        None, description="For a bill amending an act: its changes by eId, by language (amend.amendment_to_dict)."
    )


@router.post(
    "/bills/{bill_id}/versions",
    auth=api_auth,
    response={201: VersionOut, **WRITE_ERRORS},
    summary="Publish a new version from authoring text (clerk, committee staff); 422 parse_error names the line",
)
def post_version(request: HttpRequest, bill_id: str, payload: VersionIn) -> Any:
    bill = _bill(bill_id)
    version = services.version_publish(
        bill=bill,
        sources=payload.texts,
        labels=payload.labels,
        published_on=payload.published_on,
        act_changes=payload.act_changes,
        actor=request.user,
    )
    return Status(201, _version(bill, selectors.version_get(bill, version.number)))


class ConsolidateIn(Schema):
    labels: dict[str, str] = Field(default_factory=dict)
    published_on: date | None = None


@router.post(
    "/bills/{bill_id}/consolidation",
    auth=api_auth,
    response={201: VersionOut, **WRITE_ERRORS},
    summary="Apply the accepted amendments: a new version (clerk, committee staff); 409 lists conflicts",
)
def post_consolidation(request: HttpRequest, bill_id: str, payload: ConsolidateIn) -> Any:
    bill = _bill(bill_id)
    version = services.bill_consolidate(
        bill=bill, labels=payload.labels, published_on=payload.published_on, actor=request.user
    )
    return Status(201, _version(bill, selectors.version_get(bill, version.number)))


class LanguageQuery(Schema):
    language: Language | None = Field(None, description="kk, ru or en (default: the request's language).")


@router.get(
    "/bills/{bill_id}/versions/{number}",
    response={200: VersionDetailOut, **READ_ERRORS},
    summary="One version with its provisions",
)
def get_version(request: HttpRequest, bill_id: str, number: int, query: Query[LanguageQuery]) -> Any:
    bill = _bill(bill_id)
    version = selectors.version_get(bill, number)
    lang = selectors.text_language(version, query.language, _lang())
    document = selectors.document_of(version, lang)
    data = _version(bill, version)
    summary: list[str] = []
    if version.based_on_id:
        previous = selectors.version_get(bill, version.based_on.number)
        summary = selectors.version_diff(previous, version, lang, _lang()).summary
    data.update(
        language=lang,
        title=document.title if document else "",
        preface=document.preface if document else "",
        provisions=_provisions(document, selectors.comment_counts(bill, version)) if document else [],
        change_summary=summary,
    )
    return data


@router.get(
    "/bills/{bill_id}/versions/{number}/provisions",
    response={200: list[ProvisionOut], **READ_ERRORS},
    summary="The provisions of a version, in document order",
)
@paginate(LimitOffsetPage)
def list_provisions(request: HttpRequest, bill_id: str, number: int, query: Query[LanguageQuery]) -> Any:
    bill = _bill(bill_id)
    version = selectors.version_get(bill, number)
    document = selectors.document_of(version, selectors.text_language(version, query.language, _lang()))
    return _provisions(document, selectors.comment_counts(bill, version)) if document else []


@router.get(
    "/bills/{bill_id}/versions/{number}/akn",
    response=READ_ERRORS,
    summary="The version as Akoma Ntoso 3.0 XML (valid against the strict OASIS schema)",
    openapi_extra={"responses": {"200": {"description": "Akoma Ntoso XML", "content": {AKN_CONTENT_TYPE: {}}}}},
)
def get_akn(request: HttpRequest, bill_id: str, number: int, language: Language = "kk") -> Any:
    bill = _bill(bill_id)
    version = selectors.version_get(bill, number)
    xml = selectors.akn_xml(bill, version, language)
    name = selectors.akn_meta(bill, version, language).file_name()
    response = HttpResponse(xml, content_type=AKN_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class DiffQuery(Schema):
    from_version: int = Field(..., ge=1, alias="from")
    to_version: int = Field(..., ge=1, alias="to")
    language: Language | None = None


@router.get(
    "/bills/{bill_id}/diff",
    response={200: DiffOut, **READ_ERRORS},
    summary="What changed between two versions: structural and word diff, and the plain-language summary",
)
def get_diff(request: HttpRequest, bill_id: str, query: Query[DiffQuery]) -> Any:
    bill = _bill(bill_id)
    old = selectors.version_get(bill, query.from_version)
    new = selectors.version_get(bill, query.to_version)
    lang = selectors.text_language(new, query.language, _lang())
    view = selectors.version_diff(old, new, lang, _lang())
    return {
        "from_version": old.number,
        "to_version": new.number,
        "language": lang,
        "summary": view.summary,
        "changes": [
            {
                "kind": c.kind,
                "provision": c.name,
                "old_eid": c.old_eid,
                "new_eid": c.new_eid,
                "old_text": c.old_text,
                "new_text": c.new_text,
                "words": [{"op": s.op, "text": s.text} for s in c.segments],
            }
            for c in view.changes
        ],
    }


# ---------------------------------------------------------------- amendments


@router.get(
    "/bills/{bill_id}/amendments",
    response={200: list[AmendmentOut], **READ_ERRORS},
    summary="The amendment table: current and proposed wording, author, recommendation, outcome",
)
@paginate(LimitOffsetPage)
def list_amendments(request: HttpRequest, bill_id: str, query: Query[LanguageQuery]) -> Any:
    bill = _bill(bill_id)
    lang = query.language or _lang()
    text_lang = lang if lang in ("kk", "ru", "en") else "kk"
    return [_amendment_dict(row, text_lang) for row in selectors.amendment_table(bill, text_lang, _lang())]


class AmendmentIn(Schema):
    target_eid: str = Field(..., min_length=1, max_length=300)
    operations: dict[str, dict[str, Any]] = Field(
        ..., description='By language (kk and ru required): {"op": "replace", "target": eId, "content": ...}.'
    )
    justification: dict[str, str] = Field(default_factory=dict)
    author_committee: str | None = Field(None, max_length=120, description="Committee staff: the committee tabling it.")


@router.post(
    "/bills/{bill_id}/amendments",
    auth=api_auth,
    response={201: AmendmentOut, **WRITE_ERRORS},
    summary="Table an amendment (deputy, committee staff); 422 provision_not_found for a missing eId",
)
def post_amendment(request: HttpRequest, bill_id: str, payload: AmendmentIn) -> Any:
    bill = _bill(bill_id)
    amendment = services.amendment_propose(
        bill=bill,
        target_eid=payload.target_eid,
        operations=payload.operations,
        justification=payload.justification,
        author_committee=_committee(payload.author_committee) if payload.author_committee else None,
        actor=request.user,
    )
    return Status(201, _amendment_out(bill, amendment.number))


def _amendment_out(bill: Bill, number: int) -> dict[str, Any]:
    lang = _lang()
    row = next(r for r in selectors.amendment_table(bill, lang, lang) if r.amendment.number == number)
    return _amendment_dict(row, lang)


class DecisionIn(Schema):
    recommendation: Literal["none", "support", "support_in_part", "reject"] | None = None
    recommendation_note: dict[str, str] = Field(default_factory=dict)
    outcome: Literal["pending", "accepted", "rejected", "withdrawn"] | None = None


@router.post(
    "/bills/{bill_id}/amendments/{number}/decision",
    auth=api_auth,
    response={200: AmendmentOut, **WRITE_ERRORS},
    summary="The committee's recommendation and the outcome (committee staff, clerk)",
)
def post_decision(request: HttpRequest, bill_id: str, number: int, payload: DecisionIn) -> Any:
    bill = _bill(bill_id)
    amendment = selectors.amendment_get(bill, number)
    services.amendment_decide(
        amendment=amendment,
        recommendation=payload.recommendation,
        recommendation_note=payload.recommendation_note,
        outcome=payload.outcome,
        actor=request.user,
    )
    return _amendment_out(bill, number)


# ---------------------------------------------------------------- comments and consultation


class CommentQuery(Schema):
    version: int | None = Field(None, ge=1)
    eid: str | None = Field(None, max_length=300)


@router.get(
    "/bills/{bill_id}/comments",
    response={200: list[CommentOut], **READ_ERRORS},
    summary="Citizens' comments on the bill's provisions (visible ones)",
)
@paginate(LimitOffsetPage)
def list_comments(request: HttpRequest, bill_id: str, query: Query[CommentQuery]) -> Any:
    bill = _bill(bill_id)
    regions = selectors.region_names()
    return Mapped(
        selectors.comments_api(bill, version=query.version, eid=query.eid),
        lambda c: CommentOut.from_model(c, regions),
    )


class CommentIn(Schema):
    eid: str = Field(..., min_length=1, max_length=300, description="The provision commented on.")
    text: str = Field(..., min_length=1, max_length=10_000, description="Plain text; markup is removed.")
    version: int | None = Field(None, ge=1, description="Default: the current version.")


@router.post(
    "/bills/{bill_id}/comments",
    auth=api_auth,
    response={201: CommentOut, 429: Problem, **WRITE_ERRORS},
    summary="Comment on a provision (verified citizen; 403 not_verified, 409 when the consultation is closed)",
)
def post_comment(request: HttpRequest, bill_id: str, payload: CommentIn) -> Any:
    bill = _bill(bill_id)
    version: BillVersion | None
    if payload.version is not None:
        version = selectors.version_get(bill, payload.version)
    else:
        version = selectors.current_version(bill)
        if version is None:
            raise DomainError(Code.CONSULTATION_CLOSED, _("This version is not open for comments."), status=409)
    comment = services.comment_create(
        version=version, eid=payload.eid, text=payload.text, actor=request.user, request=request
    )
    return Status(201, CommentOut.from_model(selectors.comment_get(bill, comment.public_id), selectors.region_names()))


class ReactionIn(Schema):
    kind: Literal["agree", "disagree"]


@router.post(
    "/bills/{bill_id}/comments/{comment_id}/reactions",
    auth=api_auth,
    response={200: ReactionOut, **WRITE_ERRORS},
    summary="Agree or disagree with a comment (verified citizen); the same reaction again takes it back",
)
def post_reaction(request: HttpRequest, bill_id: str, comment_id: str, payload: ReactionIn) -> Any:
    bill = _bill(bill_id)
    comment = selectors.comment_get(bill, comment_id)
    result = services.comment_react(comment=comment, kind=payload.kind, actor=request.user)
    fresh = selectors.comment_get(bill, comment_id)
    return {"comment": comment_id, "reaction": result, "agree": fresh.agree_count, "disagree": fresh.disagree_count}


class ModerationIn(Schema):
    status: Literal["visible", "hidden"]
    note: str = Field("", max_length=300)


@router.post(
    "/bills/{bill_id}/comments/{comment_id}/moderation",
    auth=api_auth,
    response={200: CommentOut, **WRITE_ERRORS},
    summary="Hide a comment or show it again (moderator)",
)
def post_moderation(request: HttpRequest, bill_id: str, comment_id: str, payload: ModerationIn) -> Any:
    bill = _bill(bill_id)
    comment = selectors.comment_get(bill, comment_id)
    services.comment_moderate(comment=comment, status=payload.status, note=payload.note, actor=request.user)
    return CommentOut.from_model(selectors.comment_get(bill, comment_id), selectors.region_names())


def _report(bill: Bill, version: BillVersion) -> dict[str, Any]:
    report = selectors.consultation_report(selectors.consultation_get(version), lang=_lang())
    regions = selectors.region_names()
    return {
        "consultation": _consultation(report.consultation),
        "comments": report.comments,
        "participants": report.participants,
        "agree": report.agree,
        "disagree": report.disagree,
        "hidden": report.hidden,
        "provisions": [
            {
                "eid": r.eid,
                "provision": r.name,
                "comments": r.comments,
                "agree": r.agree,
                "disagree": r.disagree,
                "most_supported": [CommentOut.from_model(v.comment, regions) for v in r.top],
            }
            for r in report.rows
        ],
    }


@router.get(
    "/bills/{bill_id}/versions/{number}/consultation",
    response={200: ReportOut, **READ_ERRORS},
    summary="The consultation report: comments per provision, agree/disagree, most supported",
)
def get_consultation(request: HttpRequest, bill_id: str, number: int) -> Any:
    bill = _bill(bill_id)
    return _report(bill, selectors.version_get(bill, number))


class ConsultationIn(Schema):
    working_days: int = Field(services.DEFAULT_CONSULTATION_DAYS, ge=1, le=services.MAX_CONSULTATION_DAYS)


@router.post(
    "/bills/{bill_id}/versions/{number}/consultation",
    auth=api_auth,
    response={201: ReportOut, **WRITE_ERRORS},
    summary="Open the version for comments for N working days (clerk)",
)
def post_consultation(request: HttpRequest, bill_id: str, number: int, payload: ConsultationIn) -> Any:
    bill = _bill(bill_id)
    version = selectors.version_get(bill, number)
    services.consultation_open(version=version, working_days=payload.working_days, actor=request.user)
    return Status(201, _report(bill, version))


class ResponseIn(Schema):
    response: dict[str, str] = Field(..., description="The committee's response by language; kk and ru required.")


@router.put(
    "/bills/{bill_id}/versions/{number}/consultation/response",
    auth=api_auth,
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Publish the committee's response to the consultation (committee staff, clerk)",
)
def put_response(request: HttpRequest, bill_id: str, number: int, payload: ResponseIn) -> Any:
    bill = _bill(bill_id)
    version = selectors.version_get(bill, number)
    services.consultation_respond(
        consultation=selectors.consultation_get(version), response=payload.response, actor=request.user
    )
    return _report(bill, version)


# ---------------------------------------------------------------- acts


@router.get("/acts", response={200: list[ActOut], 422: Problem}, summary="Acts in force, with their versions")
@paginate(LimitOffsetPage)
def list_acts(request: HttpRequest) -> Any:
    return Mapped(selectors.act_list(), ActOut.from_model)


class ActQuery(Schema):
    date: dt.date | None = Field(None, description="Read the act as it stood on this day (default: today).")
    language: Language | None = None


@router.get(
    "/acts/{act_id}",
    response={200: ActDetailOut, **READ_ERRORS},
    summary="One act as it stood at a date (point in time)",
)
def get_act(request: HttpRequest, act_id: str, query: Query[ActQuery]) -> Any:
    from django.utils import timezone

    act = selectors.act_get(act_id)
    day = query.date or timezone.localdate()
    version = selectors.act_version_at(act, day)
    data = ActOut.from_model(act)
    lang = selectors.text_language(version, query.language, _lang()) if version else _lang()
    document = selectors.document_of(version, lang) if version else None
    data.update(
        date=day.isoformat(),
        language=lang,
        in_force=_act_version(version) if version else None,
        provisions=_provisions(document, {}) if document else [],
    )
    return data
