"""Role predicates (``rules``) and the one check services call."""

from __future__ import annotations

from typing import Any

import rules
from django.utils.translation import gettext as _

from kurultai.accounts.roles import Role
from kurultai.common.errors import CommonErrorCode, DomainError, PermissionDenied


def _has_role(role: Role) -> Any:
    @rules.predicate(name=f"has_role_{role}")  # type: ignore[untyped-decorator,no-untyped-call,unused-ignore]
    def predicate(user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and user.has_role(role))

    return predicate


is_citizen = _has_role(Role.CITIZEN)
is_deputy = _has_role(Role.DEPUTY)
is_committee_staff = _has_role(Role.COMMITTEE_STAFF)
is_clerk = _has_role(Role.CLERK)
is_moderator = _has_role(Role.MODERATOR)
is_government_respondent = _has_role(Role.GOVERNMENT_RESPONDENT)
is_maslikhat_delegate = _has_role(Role.MASLIKHAT_DELEGATE)
is_party_operator = _has_role(Role.PARTY_OPERATOR)
is_admin = _has_role(Role.ADMIN)


class System:
    """The platform itself acting (demo loading, management commands), never a web request."""

    is_authenticated = False
    pk = None

    def __repr__(self) -> str:
        return "<system>"


SYSTEM = System()


def require(actor: Any, predicate: Any, *, action: str) -> None:
    """Raise 403 unless the actor may act; ``SYSTEM`` passes (internal calls only)."""
    if actor is SYSTEM:
        return
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(
            CommonErrorCode.NOT_AUTHENTICATED, _("Log in to do this."), status=401, data={"action": action}
        )
    if not predicate.test(actor):
        raise PermissionDenied(_("Your role does not allow this."), data={"action": action})
