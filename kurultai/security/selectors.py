"""Reads for privacy: everything the platform holds about one account, as plain JSON data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from kurultai.accounts.models import User
from kurultai.common.models import AuditEntry
from kurultai.participation.models import (
    Appeal,
    Notification,
    Petition,
    Proposal,
    ProposalComment,
    ProposalSupport,
    Report,
    Signature,
    Subscription,
)

EXPORT_FORMAT = "kurultai-personal-data/1"


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def citizen_data_export(*, user: User) -> dict[str, Any]:
    """The account's own data (GDPR-style access right). Never the IIN, not even its hash."""
    citizen = getattr(user, "citizen", None)
    profile: dict[str, Any] = {
        "username": user.username,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "roles": sorted(user.role_names()),
        "citizen": None
        if citizen is None
        else {
            "region": citizen.region_code,
            "birth_year": citizen.birth_year,
            "sex": citizen.sex,
            "verified_at": _iso(citizen.verified_at),
            "verification_method": citizen.verification_method,
        },
    }
    appeals = [
        {
            "number": a.number,
            "subject": a.subject,
            "text": a.text,
            "addressee": a.addressee_kind,
            "category": a.category,
            "status": a.status,
            "language": a.language,
            "consent_to_publish": a.consent_to_publish,
            "received_at": _iso(a.received_at),
            "answer_due": _iso(a.answer_due),
            "answer": a.answer_text,
            "answered_at": _iso(a.answered_at),
            "rating": a.rating,
            "rating_comment": a.rating_comment,
            "attachments": [
                {"name": f.name, "content_type": f.content_type, "size": f.size, "sha256": f.sha256}
                for f in a.attachments.all()
            ],
        }
        for a in Appeal.objects.filter(author=user).prefetch_related("attachments").order_by("received_at", "id")
    ]
    signed = []
    if citizen is not None:
        signed = [
            {
                "petition": s.petition.slug,
                "title": s.petition.title,
                "signed_at": _iso(s.signed_at),
                "region": s.region_code,
                "notify": s.notify,
                "invalidated_at": _iso(s.invalidated_at),
            }
            for s in Signature.objects.filter(citizen=citizen).select_related("petition").order_by("signed_at", "id")
        ]
    petitions = [
        {"slug": p.slug, "title": p.title, "text": p.text, "status": p.status, "created_at": _iso(p.created_at)}
        for p in Petition.objects.filter(author=user).order_by("created_at", "id")
    ]
    proposals = [
        {"slug": p.slug, "title": p.title, "text": p.text, "status": p.status, "created_at": _iso(p.created_at)}
        for p in Proposal.objects.filter(author=user).order_by("created_at", "id")
    ]
    supported = [
        {"proposal": s.proposal.slug, "at": _iso(s.created_at)}
        for s in ProposalSupport.objects.filter(user=user).select_related("proposal").order_by("created_at", "id")
    ]
    comments = [
        {"ref": c.ref, "proposal": c.proposal.slug, "text": c.text, "at": _iso(c.created_at)}
        for c in ProposalComment.objects.filter(author=user).select_related("proposal").order_by("created_at", "id")
    ]
    from kurultai.news.models import ArticleComment

    comments += [
        {"ref": c.ref, "news": c.article.slug, "text": c.text, "at": _iso(c.created_at)}
        for c in ArticleComment.objects.filter(author=user).select_related("article").order_by("created_at", "id")
    ]
    subscriptions = [
        {
            "kind": s.kind,
            "key": s.key,
            "delivery": s.delivery,
            "language": s.language,
            "since": _iso(s.created_at),
        }
        for s in Subscription.objects.filter(user=user).order_by("kind", "key")
    ]
    notifications = [
        {"kind": n.kind, "params": n.params, "url": n.url, "at": _iso(n.created_at), "read_at": _iso(n.read_at)}
        for n in Notification.objects.filter(user=user).order_by("created_at", "id")
    ]
    reports = [
        {"content": n.content_kind, "id": n.content_id, "reason": n.reason, "note": n.note, "status": n.status}
        for n in Report.objects.filter(reporter=user).order_by("created_at", "id")
    ]
    tokens = [
        {"name": t.name, "prefix": t.prefix, "created_at": _iso(t.created_at), "revoked_at": _iso(t.revoked_at)}
        for t in user.api_tokens.order_by("created_at", "id")
    ]
    activity = [
        {"at": _iso(e.at), "action": e.action, "object_type": e.object_type, "object_id": e.object_id}
        for e in AuditEntry.objects.filter(actor=user).order_by("at", "id")
    ]
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "profile": profile,
        "appeals": appeals,
        "petitions_signed": signed,
        "petitions_authored": petitions,
        "proposals": proposals,
        "proposals_supported": supported,
        "comments": comments,
        "subscriptions": subscriptions,
        "notifications": notifications,
        "reports": reports,
        "api_tokens": tokens,
        "activity": activity,
    }
