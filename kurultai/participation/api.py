"""/api/v1: appeals (own only; staff by role), petitions and their signatures, proposals,
subscriptions, notifications and reports. Errors are problem+json with a stable ``code``.

Signatures are never listed: ``GET /petitions/{id}/signatures`` gives counts by region only.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.security import HttpBearer, SessionAuth

from kurultai.accounts.auth import api_auth
from kurultai.accounts.permissions import is_moderator, require
from kurultai.common.api import LimitOffsetPage, Mapped, Problem
from kurultai.common.errors import DomainError, NotFound
from kurultai.participation import messages, selectors, services
from kurultai.participation.edge import check_sign_rate, check_write_rate, network_of, signer_for_token
from kurultai.participation.models import (
    LINKED_PETITION_STATES,
    Appeal,
    Notification,
    Petition,
    Proposal,
    ProposalComment,
    Subscription,
)
from kurultai.registry.models import Area, Organization

router = Router(tags=["participation"])

ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem, 429: Problem}


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# ---------------------------------------------------------------- appeals


class AttachmentOut(Schema):
    name: str
    content_type: str
    size: int
    sha256: str


class AppealEventOut(Schema):
    at: str
    action: str
    note: str
    actor_role: str


class AppealDeadlineOut(Schema):
    label: str
    due: str
    working_days_left: int
    done: bool
    overdue: bool


class AppealOut(Schema):
    id: str = Field(description="The registration number, e.g. A-2026-000042.")
    status: str
    addressee_kind: str
    addressee_id: str = Field(description="Slug of the deputy (person) or of the organization.")
    addressee_name: str
    category: str
    subject: str
    text: str
    text_sha256: str = Field(description="SHA-256 of the text as registered (part of the receipt).")
    consent_to_publish: bool
    region: str
    received_at: str
    registered_on: str
    answer_due: str
    original_due: str
    forward_due: str
    extended_until: str | None
    extension_reason: str
    forwarded_to: str
    answer: str
    answered_at: str | None
    answered_on_time: bool | None
    rating: int | None
    deadlines: list[AppealDeadlineOut]
    attachments: list[AttachmentOut]
    events: list[AppealEventOut]


def appeal_out(a: Appeal, *, detail: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": a.number,
        "status": a.status,
        "addressee_kind": a.addressee_kind,
        "addressee_id": a.addressee_person.slug if a.addressee_person_id else a.addressee_org.slug,
        "addressee_name": services.addressee_label(a),
        "category": a.category,
        "subject": a.subject,
        "text": a.text,
        "text_sha256": a.text_sha256,
        "consent_to_publish": a.consent_to_publish,
        "region": a.region_code,
        "received_at": a.received_at.isoformat(),
        "registered_on": a.registered_on.isoformat(),
        "answer_due": a.answer_due.isoformat(),
        "original_due": a.original_due.isoformat(),
        "forward_due": a.forward_due.isoformat(),
        "extended_until": _d(a.answer_due) if a.extended_at else None,
        "extension_reason": a.extension_reason,
        "forwarded_to": a.forwarded_to,
        "answer": a.answer_text,
        "answered_at": _dt(a.answered_at),
        "answered_on_time": (a.answered_on <= a.answer_due) if a.answered_on else None,
        "rating": a.rating,
        "deadlines": [],
        "attachments": [],
        "events": [],
    }
    if detail:
        doc["deadlines"] = [
            {
                "label": d.label,
                "due": d.due.isoformat(),
                "working_days_left": d.days_left,
                "done": d.done,
                "overdue": d.overdue,
            }
            for d in selectors.appeal_deadlines(a)
        ]
        doc["attachments"] = [
            {"name": f.name, "content_type": f.content_type, "size": f.size, "sha256": f.sha256}
            for f in a.attachments.all()
        ]
        doc["events"] = [
            {"at": e.at.isoformat(), "action": e.action, "note": e.note, "actor_role": e.actor_role}
            for e in a.events.all()
        ]
    return doc


class AppealIn(Schema):
    addressee_kind: Literal["parliament", "committee", "faction", "deputy"]
    addressee_id: str = Field("", max_length=120, description="Slug of the committee, faction or deputy.")
    category: str = Field(..., max_length=20)
    subject: str = Field(..., max_length=400)
    text: str = Field(..., max_length=20_000)
    consent_to_publish: bool = False


class AppealFiltersIn(Schema):
    status: str | None = Field(None, max_length=20)
    overdue: bool | None = None
    mine: bool | None = Field(None, description="Only appeals I sent (for staff who also write appeals).")
    q: str | None = Field(None, max_length=100)


class RouteIn(Schema):
    addressee_kind: Literal["parliament", "committee", "faction", "deputy"]
    addressee_id: str = Field("", max_length=120)
    note: str = Field("", max_length=4000)


class ForwardIn(Schema):
    to: str = Field(..., max_length=300, description="The competent body the appeal is forwarded to.")
    to_id: str | None = Field(None, max_length=120, description="Its organization slug, when it is in the registry.")
    note: str = Field("", max_length=4000)


class ExtendIn(Schema):
    until: date
    reason: str = Field(..., max_length=4000)


class TextIn(Schema):
    text: str = Field(..., max_length=40_000)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=4000)


class AppealRatingIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=4000)


class AppealResponsivenessOut(Schema):
    id: str
    name: str
    kind: str
    received: int
    answered: int
    answered_on_time: int
    overdue: int
    median_working_days: float | None
    on_time_share: float | None


class AppealResponsivenessIn(Schema):
    by: Literal["addressee", "region"] = "addressee"


def _appeal(request: HttpRequest, number: str) -> Appeal:
    return selectors.appeal_get(request.user, number)


@router.get(
    "/appeals/responsiveness",
    response={200: list[AppealResponsivenessOut], 422: Problem},
    summary="How fast appeals are answered, per addressee or per region",
)
def appeals_responsiveness(request: HttpRequest, params: Query[AppealResponsivenessIn]) -> Any:
    return [
        {
            "id": r.key,
            "name": r.name,
            "kind": r.kind,
            "received": r.stats.received,
            "answered": r.stats.answered,
            "answered_on_time": r.stats.answered_on_time,
            "overdue": r.stats.overdue,
            "median_working_days": r.stats.median_working_days,
            "on_time_share": round(r.stats.on_time_share, 4) if r.stats.on_time_share is not None else None,
        }
        for r in selectors.responsiveness(params.by)
    ]


@router.get(
    "/appeals",
    auth=api_auth,
    response={200: list[AppealOut], **ERRORS},
    summary="Appeals I may see: my own; staff see those addressed to them (clerks: all)",
)
@paginate(LimitOffsetPage)
def list_appeals(request: HttpRequest, filters: Query[AppealFiltersIn]) -> Any:
    qs = selectors.appeal_list(
        request.user,
        selectors.AppealFilters(status=filters.status, overdue=filters.overdue, mine=filters.mine, q=filters.q),
    )
    return Mapped(qs, appeal_out)


@router.post(
    "/appeals", auth=api_auth, response={201: AppealOut, **ERRORS}, summary="Send an appeal (verified citizens)"
)
def create_appeal(request: HttpRequest, data: AppealIn) -> Any:
    check_write_rate(request, "appeal")
    appeal = services.appeal_create(
        author=request.user,
        addressee_kind=data.addressee_kind,
        addressee=data.addressee_id,
        category=data.category,
        subject=data.subject,
        body=data.text,
        consent_to_publish=data.consent_to_publish,
        language=getattr(request, "LANGUAGE_CODE", None),
    )
    return Status(201, appeal_out(selectors.appeal_get(request.user, appeal.number), detail=True))


@router.get(
    "/appeals/{number}",
    auth=api_auth,
    response={200: AppealOut, **ERRORS},
    summary="One appeal (404 if not mine to see)",
)
def get_appeal(request: HttpRequest, number: str) -> Any:
    return appeal_out(_appeal(request, number), detail=True)


@router.post(
    "/appeals/{number}/attachments",
    auth=api_auth,
    response={201: AttachmentOut, 413: Problem, 415: Problem, 507: Problem, **ERRORS},
    summary="Attach a PDF, PNG or JPEG (5 MB at most) to my registered appeal",
)
def add_attachment(request: HttpRequest, number: str, file: File[UploadedFile]) -> Any:
    appeal = _appeal(request, number)
    attachment = services.appeal_attachment_add(appeal=appeal, actor=request.user, upload=file)
    return Status(
        201,
        {
            "name": attachment.name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
        },
    )


@router.post("/appeals/{number}/routing", auth=api_auth, response={200: AppealOut, **ERRORS}, summary="Route (clerks)")
def route_appeal(request: HttpRequest, number: str, data: RouteIn) -> Any:
    appeal = services.appeal_route(
        appeal=_appeal(request, number),
        actor=request.user,
        addressee_kind=data.addressee_kind,
        addressee=data.addressee_id,
        note=data.note,
    )
    return appeal_out(appeal, detail=True)


@router.post(
    "/appeals/{number}/forwarding",
    auth=api_auth,
    response={200: AppealOut, **ERRORS},
    summary="Forward out of the Kurultai",
)
def forward_appeal(request: HttpRequest, number: str, data: ForwardIn) -> Any:
    to_org = Organization.objects.filter(slug=data.to_id).first() if data.to_id else None
    appeal = services.appeal_forward(
        appeal=_appeal(request, number), actor=request.user, to=data.to, to_org=to_org, note=data.note
    )
    return appeal_out(appeal, detail=True)


@router.post(
    "/appeals/{number}/extension", auth=api_auth, response={200: AppealOut, **ERRORS}, summary="Extend the term once"
)
def extend_appeal(request: HttpRequest, number: str, data: ExtendIn) -> Any:
    appeal = services.appeal_extend(
        appeal=_appeal(request, number), actor=request.user, until=data.until, reason=data.reason
    )
    return appeal_out(appeal, detail=True)


@router.post(
    "/appeals/{number}/answer", auth=api_auth, response={200: AppealOut, **ERRORS}, summary="Answer (the addressee)"
)
def answer_appeal(request: HttpRequest, number: str, data: TextIn) -> Any:
    appeal = services.appeal_answer(appeal=_appeal(request, number), actor=request.user, answer=data.text)
    return appeal_out(appeal, detail=True)


@router.post(
    "/appeals/{number}/dismissal",
    auth=api_auth,
    response={200: AppealOut, **ERRORS},
    summary="Leave without consideration",
)
def dismiss_appeal(request: HttpRequest, number: str, data: ReasonIn) -> Any:
    appeal = services.appeal_dismiss(appeal=_appeal(request, number), actor=request.user, reason=data.reason)
    return appeal_out(appeal, detail=True)


@router.post(
    "/appeals/{number}/rating", auth=api_auth, response={200: AppealOut, **ERRORS}, summary="Rate the answer (author)"
)
def rate_appeal(request: HttpRequest, number: str, data: AppealRatingIn) -> Any:
    appeal = services.appeal_rate(
        appeal=_appeal(request, number), actor=request.user, rating=data.rating, comment=data.comment
    )
    return appeal_out(appeal, detail=True)


# ---------------------------------------------------------------- petitions


class PetitionOut(Schema):
    id: str
    title: str
    text: str
    category: str
    status: str
    addressee_kind: str
    addressee_id: str | None
    region: str | None
    district: str
    threshold: int
    threshold_citation: str
    signatures: int = Field(description="Valid signatures as of counted_at (counted in the background).")
    counted_at: str | None
    published_on: str | None
    support_due: str | None
    collect_until: str | None
    moderation_due: str | None
    sent_at: str | None
    answer_due: str | None
    answer: str
    answered_at: str | None
    rejection_reason: str
    hidden: bool


def petition_out(p: Petition) -> dict[str, Any]:
    return {
        "id": p.slug,
        "title": p.title,
        "text": p.text if not p.hidden_at else "",
        "category": p.category,
        "status": p.status,
        "addressee_kind": p.addressee_kind,
        "addressee_id": p.addressee_org.slug if p.addressee_org_id else None,
        "region": p.area.identifier if p.area_id else None,
        "district": p.district_name,
        "threshold": p.threshold,
        "threshold_citation": p.threshold_citation,
        "signatures": p.signature_count,
        "counted_at": _dt(p.counted_at),
        "published_on": _d(p.published_on),
        "support_due": _d(p.support_due),
        "collect_until": _d(p.collect_until),
        "moderation_due": _d(p.moderation_due),
        "sent_at": _dt(p.sent_at),
        "answer_due": _d(p.answer_due),
        "answer": p.answer_text,
        "answered_at": _dt(p.answered_at),
        "rejection_reason": p.rejection_reason,
        "hidden": p.hidden_at is not None,
    }


class PetitionFiltersIn(Schema):
    q: str | None = Field(None, max_length=100)
    status: Literal["listed", "sent", "answered", "closed"] | None = None
    category: str | None = Field(None, max_length=20)
    addressee_kind: str | None = Field(None, max_length=30)
    region: str | None = Field(None, max_length=8, description="ISO 3166-2 code, e.g. KZ-75.")
    sort: Literal["popular", "newest", "ending"] = "popular"


class PetitionIn(Schema):
    title: str = Field(..., max_length=400)
    text: str = Field(..., max_length=20_000)
    category: str = Field(..., max_length=20)
    addressee_kind: Literal[
        "government", "regional_akimat", "regional_maslikhat", "district_akimat", "district_maslikhat", "parliament"
    ]
    region: str | None = Field(
        None, max_length=8, description="ISO 3166-2 code of the region, for regional and district addressees."
    )
    district_name: str = Field("", max_length=120)
    district_population: int | None = Field(None, ge=0, le=100_000_000)
    submit: bool = Field(False, description="Send to moderation at once.")


class ModerateIn(Schema):
    approve: bool
    reason: str = Field("", max_length=30, description="Required to reject: a value of the rejection reasons.")
    note: str = Field("", max_length=4000)


class SignIn(Schema):
    notify: bool = Field(False, description="Tell me when the addressee answers.")


class SignedOut(Schema):
    petition: str
    signed_at: str
    region: str
    ledger_index: int = Field(description="Index of the signature's leaf in the public record (/api/v1/ledger).")
    signer_hash: str = Field(description="The salted hash that stands for you in that leaf.")


class RegionCountOut(Schema):
    region: str
    name: str
    signatures: int


class CountsOut(Schema):
    petition: str
    total: int
    threshold: int
    counted_at: str | None = Field(description="When the background count ran; new signatures show within seconds.")
    regions: list[RegionCountOut]


class InvalidateIn(Schema):
    network: str = Field("", max_length=50, description="A network as flagged, e.g. 203.0.113.0/24.")
    since: datetime | None = None
    until: datetime | None = None
    reason: str = Field(..., max_length=4000)


class InvalidationOut(Schema):
    petition: str
    invalidated: int


def _area(code: str | None) -> Area | None:
    if not code:
        return None
    area = Area.objects.filter(identifier=code).first()
    if area is None:
        raise DomainError("invalid_region", "No region with this code.", status=422, data={"region": code[:8]})
    return area


def _petition(request: HttpRequest, slug: str) -> Petition:
    return selectors.petition_get(request.user, slug)


@router.get(
    "/petitions", response={200: list[PetitionOut], 422: Problem}, summary="Listed petitions, with filters and sorting"
)
@paginate(LimitOffsetPage)
def list_petitions(request: HttpRequest, filters: Query[PetitionFiltersIn]) -> Any:
    qs = selectors.petition_list(
        selectors.PetitionFilters(
            q=filters.q,
            status=filters.status,
            category=filters.category,
            addressee=filters.addressee_kind,
            region=filters.region,
            sort=filters.sort,
        )
    )
    return Mapped(qs, petition_out)


@router.post(
    "/petitions", auth=api_auth, response={201: PetitionOut, **ERRORS}, summary="Draft a petition (verified citizens)"
)
def create_petition(request: HttpRequest, data: PetitionIn) -> Any:
    check_write_rate(request, "petition")
    petition = services.petition_create(
        author=request.user,
        title=data.title,
        body=data.text,
        category=data.category,
        addressee_kind=data.addressee_kind,
        area=_area(data.region),
        district_name=data.district_name,
        district_population=data.district_population,
        language=getattr(request, "LANGUAGE_CODE", None),
    )
    if data.submit:
        petition = services.petition_submit(petition=petition, actor=request.user)
    return Status(201, petition_out(petition))


@router.get("/petitions/{slug}", response={200: PetitionOut, 404: Problem}, summary="One petition (by its link)")
def get_petition(request: HttpRequest, slug: str) -> Any:
    return petition_out(_petition(request, slug))


@router.post(
    "/petitions/{slug}/submission",
    auth=api_auth,
    response={200: PetitionOut, **ERRORS},
    summary="Send a draft to moderation",
)
def submit_petition(request: HttpRequest, slug: str) -> Any:
    return petition_out(services.petition_submit(petition=_petition(request, slug), actor=request.user))


@router.post(
    "/petitions/{slug}/moderation",
    auth=api_auth,
    response={200: PetitionOut, **ERRORS},
    summary="Publish or reject (moderators)",
)
def moderate_petition(request: HttpRequest, slug: str, data: ModerateIn) -> Any:
    petition = services.petition_moderate(
        petition=_petition(request, slug), actor=request.user, approve=data.approve, reason=data.reason, note=data.note
    )
    return petition_out(petition)


@router.post(
    "/petitions/{slug}/withdrawal", auth=api_auth, response={200: PetitionOut, **ERRORS}, summary="Withdraw (author)"
)
def withdraw_petition(request: HttpRequest, slug: str) -> Any:
    return petition_out(services.petition_withdraw(petition=_petition(request, slug), actor=request.user))


@router.post(
    "/petitions/{slug}/answer",
    auth=api_auth,
    response={200: PetitionOut, **ERRORS},
    summary="Publish the addressee's answer",
)
def answer_petition(request: HttpRequest, slug: str, data: TextIn) -> Any:
    return petition_out(
        services.petition_answer(petition=_petition(request, slug), actor=request.user, answer=data.text)
    )


@router.get(
    "/petitions/{slug}/signatures",
    response={200: CountsOut, 404: Problem},
    summary="Signature counts by region (never who signed)",
)
def petition_counts(request: HttpRequest, slug: str) -> Any:
    petition = _petition(request, slug)
    counts = selectors.signature_counts(petition)
    return {
        "petition": petition.slug,
        "total": counts.total,
        "threshold": counts.threshold,
        "counted_at": _dt(counts.counted_at),
        "regions": [{"region": c, "name": n, "signatures": k} for c, n, k in counts.by_region],
    }


class SignerBearer(HttpBearer):
    """``accounts.auth.BearerToken`` for the signing hot path: the citizen profile comes in the same query."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = signer_for_token(token)
        if user is not None:
            request.user = user
        return user


sign_auth = [SignerBearer(), SessionAuth()]


@router.post(
    "/petitions/{slug}/signatures",
    auth=sign_auth,
    response={201: SignedOut, **ERRORS},
    summary="Sign (verified adult citizens, once: a second signature is a 409 with the first one's date)",
)
def sign_petition(request: HttpRequest, slug: str, data: SignIn | None = None) -> Any:
    check_sign_rate(request)
    petition = selectors.petition_for_signing(slug)
    if petition is None or petition.status not in LINKED_PETITION_STATES or petition.hidden_at is not None:
        raise NotFound("No such petition.", data={"id": slug[:40]})
    signature = services.petition_sign(
        petition=petition,
        actor=request.user,
        network=network_of(request),
        notify_me=bool(data and data.notify),
    )
    return Status(
        201,
        {
            "petition": petition.slug,
            "signed_at": signature.signed_at.isoformat(),
            "region": signature.region_code,
            "ledger_index": signature.ledger_index,
            "signer_hash": services.signer_hash(petition, signature.citizen),
        },
    )


@router.post(
    "/petitions/{slug}/invalidations",
    auth=api_auth,
    response={201: InvalidationOut, **ERRORS},
    summary="Invalidate signatures in bulk (moderators)",
)
def invalidate_signatures(request: HttpRequest, slug: str, data: InvalidateIn) -> Any:
    require(request.user, is_moderator, action="participation.signatures.invalidate")
    inv = services.signatures_invalidate(
        petition=_petition(request, slug),
        actor=request.user,
        reason=data.reason,
        network=data.network,
        since=data.since,
        until=data.until,
    )
    return Status(201, {"petition": slug, "invalidated": inv.count})


# ---------------------------------------------------------------- proposals


class ProposalOut(Schema):
    id: str
    title: str
    text: str
    category: str
    status: str
    addressee_kind: str
    addressee_id: str
    addressee_name: str
    supports: int
    created_at: str
    answer: str
    answered_at: str | None


def proposal_out(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.slug,
        "title": p.title,
        "text": p.text,
        "category": p.category,
        "status": p.status,
        "addressee_kind": p.addressee_kind,
        "addressee_id": p.addressee_org.slug,
        "addressee_name": p.addressee_org.name,
        "supports": getattr(p, "support_count", 0),
        "created_at": p.created_at.isoformat(),
        "answer": p.answer_text,
        "answered_at": _dt(p.answered_at),
    }


class ProposalFiltersIn(Schema):
    q: str | None = Field(None, max_length=100)
    status: Literal["open", "under_review", "answered"] | None = None
    category: str | None = Field(None, max_length=20)
    addressee_id: str | None = Field(None, max_length=120)
    addressee_kind: Literal["parliament", "committee", "party"] | None = None
    sort: Literal["popular", "newest", "discussed"] = "popular"


class ProposalIn(Schema):
    addressee_kind: Literal["parliament", "committee", "party"]
    addressee_id: str = Field("", max_length=120)
    category: str = Field(..., max_length=20)
    title: str = Field(..., max_length=400)
    text: str = Field(..., max_length=20_000)


class SimilarIn(Schema):
    title: str = Field(..., max_length=400)
    text: str = Field("", max_length=2000)


class ProposalCommentOut(Schema):
    id: str
    text: str
    created_at: str


def comment_out(c: ProposalComment) -> dict[str, Any]:
    return {"id": c.ref, "text": c.text, "created_at": c.created_at.isoformat()}


def _proposal(request: HttpRequest, slug: str) -> Proposal:
    return selectors.proposal_get(request.user, slug)


@router.get(
    "/proposals", response={200: list[ProposalOut], 422: Problem}, summary="Proposals, with filters and sorting"
)
@paginate(LimitOffsetPage)
def list_proposals(request: HttpRequest, filters: Query[ProposalFiltersIn]) -> Any:
    qs = selectors.proposal_list(
        selectors.ProposalFilters(
            q=filters.q,
            status=filters.status,
            category=filters.category,
            addressee=filters.addressee_id,
            kind=filters.addressee_kind,
            sort=filters.sort,
        )
    )
    return Mapped(qs, proposal_out)


@router.get(
    "/proposals/similar", response={200: list[ProposalOut], 422: Problem}, summary="Existing proposals like this one"
)
def similar_proposals(request: HttpRequest, params: Query[SimilarIn]) -> Any:
    return [proposal_out(p) for p in selectors.proposals_similar(params.title, params.text)]


@router.post(
    "/proposals", auth=api_auth, response={201: ProposalOut, **ERRORS}, summary="Submit a proposal (verified citizens)"
)
def create_proposal(request: HttpRequest, data: ProposalIn) -> Any:
    check_write_rate(request, "proposal")
    proposal = services.proposal_create(
        author=request.user,
        addressee_kind=data.addressee_kind,
        addressee=data.addressee_id,
        category=data.category,
        title=data.title,
        body=data.text,
        language=getattr(request, "LANGUAGE_CODE", None),
    )
    return Status(201, proposal_out(selectors.proposal_get(request.user, proposal.slug)))


@router.get("/proposals/{slug}", response={200: ProposalOut, 404: Problem}, summary="One proposal")
def get_proposal(request: HttpRequest, slug: str) -> Any:
    return proposal_out(_proposal(request, slug))


@router.post(
    "/proposals/{slug}/supports", auth=api_auth, response={201: ProposalOut, **ERRORS}, summary="Support (once)"
)
def support_proposal(request: HttpRequest, slug: str) -> Any:
    check_write_rate(request, "support")
    services.proposal_support(proposal=_proposal(request, slug), actor=request.user)
    return Status(201, proposal_out(_proposal(request, slug)))


@router.get(
    "/proposals/{slug}/comments",
    response={200: list[ProposalCommentOut], 404: Problem, 422: Problem},
    summary="Comments",
)
@paginate(LimitOffsetPage)
def list_comments(request: HttpRequest, slug: str) -> Any:
    return Mapped(selectors.proposal_comments(_proposal(request, slug)), comment_out)


@router.post(
    "/proposals/{slug}/comments", auth=api_auth, response={201: ProposalCommentOut, **ERRORS}, summary="Comment"
)
def comment_proposal(request: HttpRequest, slug: str, data: TextIn) -> Any:
    check_write_rate(request, "comment")
    comment = services.proposal_comment(proposal=_proposal(request, slug), actor=request.user, body=data.text)
    return Status(201, comment_out(comment))


@router.post(
    "/proposals/{slug}/review", auth=api_auth, response={200: ProposalOut, **ERRORS}, summary="Take up (the addressee)"
)
def review_proposal(request: HttpRequest, slug: str) -> Any:
    services.proposal_review(proposal=_proposal(request, slug), actor=request.user)
    return proposal_out(_proposal(request, slug))


@router.post(
    "/proposals/{slug}/answer", auth=api_auth, response={200: ProposalOut, **ERRORS}, summary="Answer (the addressee)"
)
def answer_proposal(request: HttpRequest, slug: str, data: TextIn) -> Any:
    services.proposal_answer(proposal=_proposal(request, slug), actor=request.user, answer=data.text)
    return proposal_out(_proposal(request, slug))


@router.post(
    "/proposals/{slug}/withdrawal", auth=api_auth, response={200: ProposalOut, **ERRORS}, summary="Withdraw (author)"
)
def withdraw_proposal(request: HttpRequest, slug: str) -> Any:
    services.proposal_withdraw(proposal=_proposal(request, slug), actor=request.user)
    return proposal_out(_proposal(request, slug))


# ---------------------------------------------------------------- subscriptions and notifications


class SubscriptionOut(Schema):
    kind: str
    id: str = Field(description="What is followed: a slug, an ISO region code or a topic.")
    delivery: str
    created_at: str


def subscription_out(s: Subscription) -> dict[str, Any]:
    return {"kind": s.kind, "id": s.key, "delivery": s.delivery, "created_at": s.created_at.isoformat()}


class SubscriptionIn(Schema):
    kind: Literal["bill", "committee", "deputy", "petition", "region", "topic"]
    id: str = Field(..., max_length=120)
    delivery: Literal["immediate", "digest", "none"] = "digest"


class DeliveryIn(Schema):
    delivery: Literal["immediate", "digest", "none"]


class CitizenNotificationOut(Schema):
    kind: str
    text: str
    url: str
    created_at: str
    read: bool


def notification_out(n: Notification) -> dict[str, Any]:
    return {
        "kind": n.kind,
        "text": messages.render(n.kind, n.params),
        "url": n.url,
        "created_at": n.created_at.isoformat(),
        "read": n.read_at is not None,
    }


class UnreadIn(Schema):
    unread: bool | None = None


def _subscription(request: HttpRequest, kind: str, key: str) -> Subscription:
    sub = selectors.subscription_get(request.user, kind, key)
    if sub is None:
        raise NotFound("No such subscription.", data={"kind": kind[:20], "id": key[:60]})
    return sub


@router.get("/subscriptions", auth=api_auth, response={200: list[SubscriptionOut], **ERRORS}, summary="What I follow")
@paginate(LimitOffsetPage)
def list_subscriptions(request: HttpRequest) -> Any:
    return Mapped(selectors.subscriptions_of(request.user), subscription_out)


@router.post("/subscriptions", auth=api_auth, response={201: SubscriptionOut, **ERRORS}, summary="Follow something")
def create_subscription(request: HttpRequest, data: SubscriptionIn) -> Any:
    check_write_rate(request, "subscription")
    sub = services.subscription_create(
        user=request.user,
        kind=data.kind,
        key=data.id,
        delivery=data.delivery,
        language=getattr(request, "LANGUAGE_CODE", None),
    )
    return Status(201, subscription_out(sub))


@router.patch(
    "/subscriptions/{kind}/{key}", auth=api_auth, response={200: SubscriptionOut, **ERRORS}, summary="Change delivery"
)
def update_subscription(request: HttpRequest, kind: str, key: str, data: DeliveryIn) -> Any:
    sub = services.subscription_update(
        subscription=_subscription(request, kind, key), actor=request.user, delivery=data.delivery
    )
    return subscription_out(sub)


@router.delete("/subscriptions/{kind}/{key}", auth=api_auth, response={204: None, **ERRORS}, summary="Stop following")
def delete_subscription(request: HttpRequest, kind: str, key: str) -> Any:
    services.subscription_delete(subscription=_subscription(request, kind, key), actor=request.user)
    return Status(204, None)


@router.get(
    "/notifications", auth=api_auth, response={200: list[CitizenNotificationOut], **ERRORS}, summary="My notifications"
)
@paginate(LimitOffsetPage)
def list_notifications(request: HttpRequest, params: Query[UnreadIn]) -> Any:
    return Mapped(selectors.notifications_of(request.user, unread=params.unread), notification_out)


class ReadOut(Schema):
    marked: int


@router.post(
    "/notifications/read", auth=api_auth, response={200: ReadOut, **ERRORS}, summary="Mark all my notifications read"
)
def read_notifications(request: HttpRequest) -> Any:
    return {"marked": services.notifications_mark_read(user=request.user)}


# ---------------------------------------------------------------- moderation


class ReportIn(Schema):
    content_kind: Literal["petition", "proposal", "comment"]
    content_id: str = Field(..., max_length=40)
    reason: str = Field(..., max_length=20)
    note: str = Field("", max_length=4000)


class ContentReportOut(Schema):
    content_kind: str
    content_id: str
    reason: str
    status: str


class HideIn(Schema):
    content_kind: Literal["petition", "proposal", "comment"]
    content_id: str = Field(..., max_length=40)
    reason: str = Field("", max_length=20)
    note: str = Field("", max_length=4000)


class HiddenOut(Schema):
    content_kind: str
    content_id: str
    hidden: bool


@router.post(
    "/reports",
    auth=api_auth,
    response={201: ContentReportOut, **ERRORS},
    summary="Report citizen content to the moderators",
)
def create_report(request: HttpRequest, data: ReportIn) -> Any:
    check_write_rate(request, "report")
    report = services.report_create(
        reporter=request.user,
        content_kind=data.content_kind,
        content_id=data.content_id,
        reason=data.reason,
        note=data.note,
    )
    return Status(
        201,
        {
            "content_kind": report.content_kind,
            "content_id": report.content_id,
            "reason": report.reason,
            "status": report.status,
        },
    )


@router.post(
    "/moderation/hidden", auth=api_auth, response={200: HiddenOut, **ERRORS}, summary="Hide content (moderators)"
)
def hide_content(request: HttpRequest, data: HideIn) -> Any:
    services.content_hide(
        content_kind=data.content_kind,
        content_id=data.content_id,
        actor=request.user,
        reason=data.reason,
        note=data.note,
    )
    return {"content_kind": data.content_kind, "content_id": data.content_id, "hidden": True}


@router.delete(
    "/moderation/hidden/{kind}/{content_id}",
    auth=api_auth,
    response={200: HiddenOut, **ERRORS},
    summary="Restore (moderators)",
)
def restore_content(request: HttpRequest, kind: str, content_id: str) -> Any:
    services.content_restore(content_kind=kind, content_id=content_id, actor=request.user)
    return {"content_kind": kind, "content_id": content_id, "hidden": False}
