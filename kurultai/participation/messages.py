"""Texts of notifications, rendered in the reader's language from a kind and its parameters.

A notification stores ``kind`` and ``params`` rather than text, so the same notice reads in Kazakh,
Russian or English wherever it is shown, and an e-mail is written in the language the reader
chose when following.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "appeal.registered": _("Your appeal %(number)s is registered; the answer is due by %(due)s."),
    "appeal.routed": _("Your appeal %(number)s was passed to %(addressee)s."),
    "appeal.extended": _("The term for your appeal %(number)s is extended to %(due)s: %(reason)s"),
    "appeal.forwarded": _("Your appeal %(number)s is outside the Kurultai's competence and was forwarded to %(to)s."),
    "appeal.answered": _("Your appeal %(number)s has been answered."),
    "appeal.dismissed": _("Your appeal %(number)s was left without consideration: %(reason)s"),
    "appeal.assigned": _("A new appeal %(number)s is addressed to you; the answer is due by %(due)s."),
    "appeal.reminder": _("Reminder: the answer to appeal %(number)s is due by %(due)s (%(days)s working days left)."),
    "appeal.rated": _("The citizen rated the answer to appeal %(number)s: %(rating)s of 5."),
    "petition.submitted": _("A new petition “%(title)s” awaits moderation until %(due)s."),
    "petition.published": _(
        "Your petition “%(title)s” passed moderation: share its link to gather %(minimum)s supporters."
    ),
    "petition.rejected": _("Your petition “%(title)s” was not accepted: %(reason)s. %(note)s"),
    "petition.listed": _("The petition “%(title)s” is now listed and collecting signatures."),
    "petition.not_supported": _("The petition “%(title)s” did not gather its first %(minimum)s supporters in time."),
    "petition.closed": _("The petition “%(title)s” closed with %(count)s signatures of the %(threshold)s needed."),
    "petition.sent": _("The petition “%(title)s” reached %(threshold)s signatures and was sent to the addressee."),
    "petition.answered": _("The addressee answered the petition “%(title)s”."),
    "petition.addressed": _("The petition “%(title)s” reached its threshold; the answer is due by %(due)s."),
    "proposal.created": _("A new proposal “%(title)s” was sent to %(addressee)s."),
    "proposal.review": _("Your proposal “%(title)s” is under review."),
    "proposal.answered": _("The proposal “%(title)s” has been answered."),
    "proposal.comment": _("A new comment on the proposal “%(title)s”."),
    "content.hidden": _("Your %(content)s “%(title)s” was hidden by a moderator: %(reason)s. %(note)s"),
    "content.restored": _("Your %(content)s “%(title)s” is visible again."),
    "subscription.event": _("News about %(target)s: %(text)s"),
}


def render(kind: str, params: dict[str, Any], language: str | None = None) -> str:
    """The notice in ``language`` (or the active one); an unknown kind shows as its name."""
    template = MESSAGES.get(kind)
    if template is None:
        return kind
    with translation.override(language or translation.get_language() or "kk"):
        try:
            return (str(template) % {k: _translated(v) for k, v in params.items()}).strip()
        except (KeyError, TypeError, ValueError):
            return str(template)


def _choices() -> dict[str, Any]:
    from kurultai.participation.models import ContentKind, RejectionReason, ReportReason

    return {"rejection_reason": RejectionReason, "report_reason": ReportReason, "content_kind": ContentKind}


def _translated(value: Any) -> Any:
    """A parameter may be a choice, {"label": "report_reason", "value": "spam"}, labelled at render time."""
    if isinstance(value, dict) and "label" in value:
        choices = _choices().get(str(value["label"]))
        if choices is not None and value.get("value") in choices.values:
            return str(choices(value["value"]).label)
        return str(value.get("value", ""))
    return value
