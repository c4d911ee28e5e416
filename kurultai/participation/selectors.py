"""Reads of citizen participation. Lists are built for a constant number of queries.

Appeals are private: every read of an appeal goes through ``appeals_visible_to``, which lets a
citizen see their own, the addressee see what is addressed to them, and clerks (who route them)
see all; anyone else gets a 404, never a hint that the appeal exists.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.roles import Role
from kurultai.common import minhash
from kurultai.common.errors import NotFound
from kurultai.common.workdays import kazakhstan_calendar
from kurultai.participation import regionmap, similarity, terms
from kurultai.participation.models import (
    LINKED_PETITION_STATES,
    OPEN_APPEAL_STATES,
    PUBLIC_PETITION_STATES,
    Appeal,
    AppealAddressee,
    AppealStatus,
    BurstStatus,
    Notification,
    Petition,
    PetitionStatus,
    Proposal,
    ProposalComment,
    ProposalStatus,
    ProposalSupport,
    Report,
    ReportStatus,
    Responder,
    Signature,
    SignatureBurst,
    SignatureTally,
    Subscription,
)
from kurultai.registry.models import Area, AreaClassification, Organization, Person

COUNT_CACHE_SECONDS = 3


def _authenticated(actor: Any) -> bool:
    return actor is not SYSTEM and bool(getattr(actor, "is_authenticated", False))


# ---------------------------------------------------------------- appeals


def appeals_visible_to(actor: Any) -> QuerySet[Appeal]:
    """The appeals ``actor`` may see: own; addressed to them (deputy, committee/faction staff); all for clerks."""
    base = Appeal.objects.select_related("addressee_org", "addressee_person")
    if actor is SYSTEM:
        return base
    if not _authenticated(actor):
        return base.none()
    if actor.has_role(Role.CLERK):
        return base
    visible = Q(author=actor)
    if actor.has_role(Role.DEPUTY) and actor.person_slug:
        visible |= Q(addressee_kind=AppealAddressee.DEPUTY, addressee_person__slug=actor.person_slug)
    org_ids = list(
        Responder.objects.filter(user=actor, ended_at__isnull=True).values_list("organization_id", flat=True)
    )
    if org_ids:
        visible |= Q(
            addressee_kind__in=[AppealAddressee.COMMITTEE, AppealAddressee.FACTION], addressee_org_id__in=org_ids
        )
    return base.filter(visible)


def appeal_get(actor: Any, number: str) -> Appeal:
    appeal = appeals_visible_to(actor).select_related("author").filter(number=number).first()
    if appeal is None:
        raise NotFound(_("No such appeal."), data={"id": number[:40]})
    return appeal


@dataclass(frozen=True)
class AppealFilters:
    status: str | None = None
    overdue: bool | None = None
    mine: bool | None = None  # only the actor's own appeals (a clerk's cabinet, for example)
    q: str | None = None


def appeal_list(actor: Any, filters: AppealFilters | None = None, *, today: date | None = None) -> QuerySet[Appeal]:
    f = filters or AppealFilters()
    qs = appeals_visible_to(actor)
    if f.mine and _authenticated(actor):
        qs = qs.filter(author=actor)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.overdue:
        qs = qs.filter(status__in=OPEN_APPEAL_STATES, answer_due__lt=today or timezone.localdate())
    if f.q:
        qs = qs.filter(Q(number__icontains=f.q) | Q(subject__icontains=f.q))
    return qs.order_by("-received_at", "-id")


def overdue_appeals(actor: Any, *, today: date | None = None) -> QuerySet[Appeal]:
    """Open appeals past their answer date that ``actor`` handles (or all of them, for clerks)."""
    return (
        appeals_visible_to(actor)
        .exclude(author=actor if _authenticated(actor) else None)
        .filter(status__in=OPEN_APPEAL_STATES, answer_due__lt=today or timezone.localdate())
        .order_by("answer_due", "number")
    )


def appeals_to_handle(actor: Any) -> QuerySet[Appeal]:
    """Open appeals addressed to ``actor`` (or, for clerks, every open one), earliest deadline first."""
    if not _authenticated(actor):
        return Appeal.objects.none()
    return (
        appeals_visible_to(actor)
        .exclude(author=actor)
        .filter(status__in=OPEN_APPEAL_STATES)
        .order_by("answer_due", "number")
    )


@dataclass(frozen=True)
class DeadlineView:
    label: str
    due: date
    days_left: int  # working days; negative when overdue
    done: bool
    overdue: bool

    @property
    def overdue_by(self) -> int:
        return max(0, -self.days_left)


def appeal_deadlines(appeal: Appeal, *, today: date | None = None) -> list[DeadlineView]:
    """The deadlines the citizen sees, each with working days left (APPC Art. 76)."""
    today = today or timezone.localdate()
    calendar = kazakhstan_calendar()
    open_ = appeal.status in OPEN_APPEAL_STATES

    def view(label: str, due: date, done: bool) -> DeadlineView:
        left = terms.working_days_left(due, today, calendar)
        return DeadlineView(label=label, due=due, days_left=left, done=done, overdue=not done and today > due)

    rows = [view(_("Answer due"), appeal.answer_due, not open_)]
    if appeal.answer_due != appeal.original_due:
        rows.append(view(_("Original term (15 working days)"), appeal.original_due, True))
    rows.append(
        view(
            _("Forward to the competent body, if misdirected, by"),
            appeal.forward_due,
            appeal.status != AppealStatus.REGISTERED or today > appeal.forward_due,
        )
    )
    if appeal.extension_notice_due:
        rows.append(
            view(
                _("Notice of the extension due"), appeal.extension_notice_due, appeal.extension_notified_at is not None
            )
        )
    return rows


def published_appeals() -> QuerySet[Appeal]:
    """Answered appeals whose authors consented to publication, without the author."""
    return (
        Appeal.objects.filter(consent_to_publish=True, status__in=[AppealStatus.ANSWERED, AppealStatus.RATED])
        .select_related("addressee_org", "addressee_person")
        .order_by("-answered_at", "-id")
    )


@dataclass(frozen=True)
class ResponsivenessRow:
    key: str
    name: str
    kind: str
    stats: terms.Responsiveness


def responsiveness(by: str = "addressee", *, today: date | None = None) -> list[ResponsivenessRow]:
    """Median working days to answer and the share answered on time, per addressee or per region.

    Read as plain rows and folded in the pure core; appeals forwarded out of the Kurultai or left
    without consideration are not the addressee's to answer and are left out.
    """
    today = today or timezone.localdate()
    key = f"participation:responsiveness:{by}:{get_language()}:{today.isoformat()}:{_appeals_generation()}"
    hit = cache.get(key)
    if hit is not None:
        return list(hit)
    calendar = kazakhstan_calendar()
    rows = Appeal.objects.exclude(status__in=[AppealStatus.FORWARDED, AppealStatus.DISMISSED]).values_list(
        "addressee_kind",
        "addressee_org__slug",
        "addressee_person__slug",
        "region_code",
        "registered_on",
        "answer_due",
        "answered_on",
    )
    groups: dict[tuple[str, str], list[terms.AnswerRecord]] = defaultdict(list)
    for kind, org_slug, person_slug, region, registered, due, answered in rows:
        group = ("region", region) if by == "region" else (kind, person_slug or org_slug)
        groups[group].append(terms.AnswerRecord(registered, due, answered))
    # Names through each model's own manager, so they come in the reader's language.
    keys = [g[1] for g in groups]
    if by == "region":
        names = dict(Area.objects.filter(identifier__in=keys).values_list("identifier", "name"))
    else:
        names = dict(Organization.objects.filter(slug__in=keys).values_list("slug", "name"))
        names.update(Person.objects.filter(slug__in=keys).values_list("slug", "name"))
    result = [
        ResponsivenessRow(
            key=g[1],
            name=names.get(g[1], g[1]),
            kind=g[0],
            stats=terms.responsiveness(recs, today=today, calendar=calendar),
        )
        for g, recs in groups.items()
    ]
    result.sort(key=lambda r: (r.kind, r.name))
    cache.set(key, result, 300)
    return result


def _appeals_generation() -> str:
    # Any appeal write changes updated_at; a cheap key for the cached figures.
    last = Appeal.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return last.isoformat() if last else "0"


# ---------------------------------------------------------------- petitions


@dataclass(frozen=True)
class PetitionFilters:
    q: str | None = None
    status: str | None = None
    category: str | None = None
    addressee: str | None = None
    region: str | None = None  # ISO code
    sort: str = "popular"  # popular | newest | ending


PETITION_SORTS = {
    "popular": ("-signature_count", "-listed_at", "slug"),
    "newest": ("-listed_at", "slug"),
    "ending": ("collect_until", "slug"),
}


def petition_list(filters: PetitionFilters | None = None) -> QuerySet[Petition]:
    """Listed petitions (and those past collection), never the ones reachable by link only."""
    f = filters or PetitionFilters()
    qs = Petition.objects.filter(status__in=PUBLIC_PETITION_STATES, hidden_at__isnull=True).select_related(
        "area", "addressee_org"
    )
    if f.status in PUBLIC_PETITION_STATES:
        qs = qs.filter(status=f.status)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.addressee:
        qs = qs.filter(addressee_kind=f.addressee)
    if f.region:
        qs = qs.filter(area__identifier=f.region)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(text__icontains=f.q))
    return qs.order_by(*PETITION_SORTS.get(f.sort, PETITION_SORTS["popular"]))


def petition_get(actor: Any, slug: str) -> Petition:
    """A petition by its link: public or link-only for everyone; drafts and moderation for the
    author and moderators; hidden ones for the author and moderators (with the reason)."""
    petition = Petition.objects.select_related("area", "addressee_org", "author").filter(slug=slug).first()
    if petition is None:
        raise NotFound(_("No such petition."), data={"id": slug[:40]})
    privileged = actor is SYSTEM or (
        _authenticated(actor) and (petition.author_id == actor.pk or actor.has_role(Role.MODERATOR))
    )
    if privileged:
        return petition
    if petition.status not in LINKED_PETITION_STATES or petition.hidden_at is not None:
        raise NotFound(_("No such petition."), data={"id": slug[:40]})
    return petition


SIGNING_CACHE_SECONDS = 2.0
_signing: dict[str, tuple[float, Petition | None]] = {}


def petition_for_signing(slug: str) -> Petition | None:
    """The few fields signing needs, read at most every 2 s per process: the hot path of a popular
    petition should not re-read its row for every signature. A petition closed in the meantime
    is refused by the service at most two seconds late; the count reads the signature table."""
    now = time.monotonic()
    hit = _signing.get(slug)
    if hit is not None and now - hit[0] < SIGNING_CACHE_SECONDS:
        return hit[1]
    petition = (
        Petition.objects.only("id", "slug", "status", "hidden_at", "signer_salt").filter(slug=slug).order_by().first()
    )
    if len(_signing) > 10_000:
        _signing.clear()
    _signing[slug] = (now, petition)
    return petition


@dataclass
class SignatureCounts:
    total: int
    counted_at: Any
    by_region: list[tuple[str, str, int]] = field(default_factory=list)  # code, name, count
    threshold: int = 0


def signature_counts(petition: Petition) -> SignatureCounts:
    """Counts by region from the background tallies (never the signature table), cached briefly."""
    key = f"participation:counts:{petition.pk}:{get_language()}"
    hit = cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    tallies = dict(SignatureTally.objects.filter(petition=petition).values_list("region_code", "count"))
    regions = Area.objects.exclude(classification=AreaClassification.COUNTRY).order_by("identifier")
    by_region = sorted(((a.identifier, a.name, tallies.get(a.identifier, 0)) for a in regions), key=lambda r: r[1])
    counts = SignatureCounts(
        total=petition.signature_count,
        counted_at=petition.counted_at,
        by_region=by_region,
        threshold=petition.threshold,
    )
    cache.set(key, counts, COUNT_CACHE_SECONDS)
    return counts


def signature_count_exact(petition: Petition) -> dict[str, int]:
    """The exact valid signatures by region, straight from the signature table."""
    rows = (
        Signature.objects.filter(petition=petition, invalidated_at__isnull=True)
        .values_list("region_code")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def signature_map(counts: SignatureCounts) -> regionmap.TileMap:
    return regionmap.tile_map({c: n for c, _n, n in counts.by_region}, {c: name for c, name, _ in counts.by_region})


def signature_of(actor: Any, petition: Petition) -> Signature | None:
    if not _authenticated(actor):
        return None
    citizen = getattr(actor, "citizen", None)
    if citizen is None:
        return None
    return Signature.objects.filter(petition=petition, citizen=citizen).first()


def my_signatures(actor: Any) -> QuerySet[Signature]:
    citizen = getattr(actor, "citizen", None) if _authenticated(actor) else None
    if citizen is None:
        return Signature.objects.none()
    return Signature.objects.filter(citizen=citizen).select_related("petition").order_by("-signed_at")


def my_petitions(actor: Any) -> QuerySet[Petition]:
    if not _authenticated(actor):
        return Petition.objects.none()
    return Petition.objects.filter(author=actor).select_related("area").order_by("-created_at")


def petitions_to_answer(actor: Any) -> QuerySet[Petition]:
    if not _authenticated(actor):
        return Petition.objects.none()
    qs = Petition.objects.filter(status=PetitionStatus.SENT)
    if not actor.has_role(Role.CLERK):
        org_ids = Responder.objects.filter(user=actor, ended_at__isnull=True).values("organization_id")
        qs = qs.filter(addressee_org_id__in=org_ids)
    return qs.select_related("area").order_by("answer_due")


# ---------------------------------------------------------------- proposals


@dataclass(frozen=True)
class ProposalFilters:
    q: str | None = None
    status: str | None = None
    category: str | None = None
    addressee: str | None = None  # organization slug
    kind: str | None = None  # parliament | committee | party
    sort: str = "popular"  # popular | newest | discussed


def proposal_list(filters: ProposalFilters | None = None) -> QuerySet[Proposal]:
    f = filters or ProposalFilters()
    qs = (
        Proposal.objects.filter(hidden_at__isnull=True)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("addressee_org")
        .annotate(
            support_count=Count("supports", distinct=True),
            comment_count=Count("comments", filter=Q(comments__hidden_at__isnull=True), distinct=True),
        )
    )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.addressee:
        qs = qs.filter(addressee_org__slug=f.addressee)
    if f.kind:
        qs = qs.filter(addressee_kind=f.kind)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(text__icontains=f.q))
    order = {
        "newest": ("-created_at", "slug"),
        "discussed": ("-comment_count", "-created_at", "slug"),
    }.get(f.sort, ("-support_count", "-created_at", "slug"))
    return qs.order_by(*order)


def proposal_get(actor: Any, slug: str) -> Proposal:
    proposal = (
        Proposal.objects.select_related("addressee_org", "author")
        .annotate(support_count=Count("supports", distinct=True))
        .filter(slug=slug)
        .first()
    )
    if proposal is None:
        raise NotFound(_("No such proposal."), data={"id": slug[:40]})
    if proposal.hidden_at is not None and not (
        actor is SYSTEM
        or (_authenticated(actor) and (proposal.author_id == actor.pk or actor.has_role(Role.MODERATOR)))
    ):
        raise NotFound(_("No such proposal."), data={"id": slug[:40]})
    return proposal


def proposal_comments(proposal: Proposal) -> QuerySet[ProposalComment]:
    return proposal.comments.filter(hidden_at__isnull=True).order_by("created_at", "id")


def has_supported(actor: Any, proposal: Proposal) -> bool:
    return _authenticated(actor) and ProposalSupport.objects.filter(proposal=proposal, user=actor).exists()


SIMILAR_POOL = 2000
NEAR_COPY_TEXT = 300  # the part of a proposal's text compared, as the similarity pool does


def _near_copy_text(title: str, body: str) -> str:
    return f"{title} {body[:NEAR_COPY_TEXT]}".strip()


class _ProposalIndex:
    """A MinHash LSH index of every proposal's title and start, per process, kept fresh
    incrementally: each query first adds the proposals created since the last one (by primary
    key), so building it costs one pass over the proposals once and a cheap query afterwards.
    Hidden and withdrawn proposals stay in the index and are filtered out when the matches are
    read back; a proposal's text does not change after it is filed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.index = minhash.DuplicateIndex()
        self.last: tuple[int, str] = (0, "")

    def near_copies(self, query: str) -> list[tuple[str, float]]:
        with self.lock:
            last_pk, last_slug = self.last
            # The newest proposal indexed is gone (a rolled-back transaction, a restored
            # database): start again rather than keep suggesting what no longer exists.
            if last_pk and not Proposal.objects.filter(pk=last_pk, slug=last_slug).exists():
                self._reset()
            fresh = (
                Proposal.objects.filter(pk__gt=self.last[0]).order_by("pk").values_list("pk", "slug", "title", "text")
            )
            for pk, slug, title, body in fresh.iterator(chunk_size=2000):
                self.index.add(slug, similarity.signature(_near_copy_text(title, body)))
                self.last = (pk, slug)
            return self.index.scored(similarity.signature(query))


_PROPOSAL_INDEX = _ProposalIndex()


def proposals_near_copies(title: str, body: str = "") -> list[tuple[str, float]]:
    """(slug, estimated Jaccard similarity) of every proposal, old or new, whose title and start
    are a near-copy of the one being typed (MinHash LSH, similarity ≥ 0.8), most similar first."""
    return _PROPOSAL_INDEX.near_copies(_near_copy_text(title, body))


def proposals_similar(title: str, body: str = "", *, limit: int = 5, exclude: str = "") -> list[Proposal]:
    """Existing proposals most like the one being typed: near-copies of any age first (MinHash
    LSH over all proposals), then the newest proposals by token and trigram overlap of titles and
    starts."""
    query = _near_copy_text(title, body)
    if len(query) < 4:
        return []
    keys = [slug for slug, _score in proposals_near_copies(title, body) if slug != exclude]
    pool = (
        Proposal.objects.filter(hidden_at__isnull=True)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .exclude(slug=exclude)
        .order_by("-created_at")
        .values_list("slug", "title", "text")[:SIMILAR_POOL]
    )
    matches = similarity.rank(query, ((slug, f"{t} {x[:300]}") for slug, t, x in pool), limit=limit)
    keys += [m.key for m in matches if m.key not in keys]
    by_slug = {
        p.slug: p
        for p in Proposal.objects.filter(slug__in=keys, hidden_at__isnull=True)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("addressee_org")
        .annotate(support_count=Count("supports", distinct=True))
    }
    found = [k for k in keys if k in by_slug][:limit]
    return [by_slug[k] for k in found]


def my_proposals(actor: Any) -> QuerySet[Proposal]:
    if not _authenticated(actor):
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(author=actor)
        .select_related("addressee_org")
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("-created_at")
    )


def proposals_to_answer(actor: Any) -> QuerySet[Proposal]:
    if not _authenticated(actor):
        return Proposal.objects.none()
    qs = Proposal.objects.filter(status__in=[ProposalStatus.OPEN, ProposalStatus.UNDER_REVIEW], hidden_at__isnull=True)
    org_ids = list(
        Responder.objects.filter(user=actor, ended_at__isnull=True).values_list("organization_id", flat=True)
    )
    visible = Q(addressee_org_id__in=org_ids, addressee_kind__in=["committee", "party"])
    if actor.has_role(Role.CLERK):
        visible |= Q(addressee_kind="parliament")
    return qs.filter(visible).select_related("addressee_org").order_by("created_at")


# ---------------------------------------------------------------- subscriptions and notifications


def subscriptions_of(actor: Any) -> QuerySet[Subscription]:
    if not _authenticated(actor):
        return Subscription.objects.none()
    return Subscription.objects.filter(user=actor).order_by("kind", "key")


def subscription_get(actor: Any, kind: str, key: str) -> Subscription | None:
    if not _authenticated(actor):
        return None
    return Subscription.objects.filter(user=actor, kind=kind, key=key).first()


def notifications_of(actor: Any, *, unread: bool | None = None) -> QuerySet[Notification]:
    if not _authenticated(actor):
        return Notification.objects.none()
    qs = Notification.objects.filter(user=actor)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


# ---------------------------------------------------------------- moderation


@dataclass
class QueueItem:
    kind: str
    content_id: str
    title: str
    hidden: bool
    reports: list[Report]


def moderation_queue() -> dict[str, Any]:
    """What moderators have to do: petitions to check (by their 20-working-day term), reported
    content grouped by item with the reasons, and bursts of signatures to review."""
    reports = list(Report.objects.filter(status=ReportStatus.OPEN).order_by("created_at", "id"))
    grouped: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for r in reports:
        grouped[(r.content_kind, r.content_id)].append(r)
    titles: dict[tuple[str, str], tuple[str, bool]] = {}
    for slug, title, hidden in Petition.objects.filter(
        slug__in=[k for kind, k in grouped if kind == "petition"]
    ).values_list("slug", "title", "hidden_at"):
        titles[("petition", slug)] = (title, hidden is not None)
    for slug, title, hidden in Proposal.objects.filter(
        slug__in=[k for kind, k in grouped if kind == "proposal"]
    ).values_list("slug", "title", "hidden_at"):
        titles[("proposal", slug)] = (title, hidden is not None)
    for ref, body, hidden in ProposalComment.objects.filter(
        ref__in=[k for kind, k in grouped if kind == "comment"]
    ).values_list("ref", "text", "hidden_at"):
        titles[("comment", ref)] = (body[:80], hidden is not None)
    items = [
        QueueItem(
            kind=k[0],
            content_id=k[1],
            title=titles.get(k, ("", False))[0],
            hidden=titles.get(k, ("", False))[1],
            reports=v,
        )
        for k, v in grouped.items()
    ]
    return {
        "petitions": Petition.objects.filter(status=PetitionStatus.MODERATION).order_by("moderation_due", "slug"),
        "reported": items,
        "bursts": SignatureBurst.objects.filter(status=BurstStatus.OPEN).select_related("petition").order_by("-count"),
    }


def hidden_content_of(actor: Any) -> list[tuple[str, str, str, str, str]]:
    """The author's hidden petitions and proposals: (kind, id, title, reason, note)."""
    if not _authenticated(actor):
        return []
    rows: list[tuple[str, str, str, str, str]] = []
    for slug, title, reason, note in Petition.objects.filter(author=actor, hidden_at__isnull=False).values_list(
        "slug", "title", "hidden_reason", "hidden_note"
    ):
        rows.append(("petition", slug, title, reason, note))
    for slug, title, reason, note in Proposal.objects.filter(author=actor, hidden_at__isnull=False).values_list(
        "slug", "title", "hidden_reason", "hidden_note"
    ):
        rows.append(("proposal", slug, title, reason, note))
    return rows


def has_signed_subquery(citizen_id: int) -> Exists:
    return Exists(Signature.objects.filter(petition=OuterRef("pk"), citizen_id=citizen_id))
