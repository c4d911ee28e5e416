"""Identity verification behind one interface.

The built-in verifier checks the IIN's structure and checksum and the citizen's age. A
national identity provider (eGov OpenID Connect) can replace it by implementing
``IdentityVerifier`` and naming the class in ``KURULTAI_IDENTITY_VERIFIER``; the rest of
the platform only sees a ``VerifiedIdentity``. See docs/identity.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.utils.translation import gettext as _

from kurultai.accounts.iin import validate_iin
from kurultai.common.errors import DomainError

ADULT_AGE = 18  # Constitution: citizens take part in public affairs from the age of majority


@dataclass(frozen=True)
class VerifiedIdentity:
    iin: str
    birth_date: date
    sex: str
    method: str


class IdentityVerifier(Protocol):
    def verify(self, *, iin: str, today: date) -> VerifiedIdentity: ...


def age_on(birth_date: date, today: date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


class BuiltinIinVerifier:
    """Trusts the IIN the citizen types once it is well-formed and belongs to an adult."""

    method = "builtin-iin"

    def verify(self, *, iin: str, today: date) -> VerifiedIdentity:
        check = validate_iin(iin, today=today)
        if not check.valid or check.birth_date is None or check.sex is None:
            raise DomainError("iin_invalid", _(check.message), status=422, data={"reason": str(check.reason)})
        if age_on(check.birth_date, today) < ADULT_AGE:
            raise DomainError("iin_not_adult", _("Only adult citizens can verify an account."), status=422)
        return VerifiedIdentity(iin=iin, birth_date=check.birth_date, sex=check.sex, method=self.method)
