from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from kurultai.accounts.auth import api_auth
from kurultai.common.api import Problem

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[str]
    verified_citizen: bool
    region: str | None
    person_id: str | None


def me_data(user: Any) -> dict[str, Any]:
    citizen = getattr(user, "citizen", None)
    return {
        "username": user.username,
        "display_name": user.display_name,
        "roles": sorted(user.role_names()),
        "verified_citizen": citizen is not None,
        "region": citizen.region_code if citizen else None,
        "person_id": user.person_slug or None,
    }


@router.get("/me", auth=api_auth, response={200: MeOut, 401: Problem}, summary="The signed-in account")
def me(request: HttpRequest) -> Any:
    return me_data(request.user)
