"""Citizen-facing API endpoints that need more than one app (accounts + registry)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from kurultai.accounts import services as account_services
from kurultai.accounts.api import MeOut, me_data
from kurultai.accounts.auth import api_auth
from kurultai.common.api import Problem
from kurultai.common.errors import DomainError
from kurultai.common.ratelimit import check_rate
from kurultai.registry.models import Area

router = Router(tags=["accounts"])
VERIFY_RATE = "10/h"


class VerifyIn(Schema):
    iin: str = Field(..., min_length=1, max_length=32, description="The 12-digit IIN; never stored in the clear.")
    region: str = Field(..., min_length=4, max_length=8, description="ISO 3166-2 code of the region, e.g. KZ-75.")


@router.post(
    "/me/verification",
    auth=api_auth,
    response={200: MeOut, 401: Problem, 409: Problem, 422: Problem, 429: Problem},
    summary="Verify the account as a citizen with an IIN",
)
def verify(request: HttpRequest, payload: VerifyIn) -> Any:
    check_rate(request, group="citizen.verify", rate=VERIFY_RATE)
    if not Area.objects.filter(identifier=payload.region).exclude(classification="country").exists():
        raise DomainError("unknown_region", _("Unknown region."), status=422)
    account_services.citizen_verify(user=request.user, iin=payload.iin, region_code=payload.region)  # type: ignore[arg-type]
    request.user.refresh_from_db()
    return me_data(request.user)
