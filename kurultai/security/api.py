"""Privacy over the API: a citizen's own data, and deleting the account."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from kurultai.accounts.auth import api_auth
from kurultai.common.api import Problem
from kurultai.common.ratelimit import check_rate
from kurultai.security import selectors, services
from kurultai.security.views import DELETE_RATE, EXPORT_RATE

router = Router(tags=["privacy"])


class PersonalDataOut(Schema):
    format: str
    generated_at: str
    profile: dict[str, Any]
    appeals: list[dict[str, Any]]
    petitions_signed: list[dict[str, Any]]
    petitions_authored: list[dict[str, Any]]
    proposals: list[dict[str, Any]]
    proposals_supported: list[dict[str, Any]]
    comments: list[dict[str, Any]]
    subscriptions: list[dict[str, Any]]
    notifications: list[dict[str, Any]]
    reports: list[dict[str, Any]]
    api_tokens: list[dict[str, Any]]
    activity: list[dict[str, Any]]


class DeleteIn(Schema):
    password: str = ""


class DeletedOut(Schema):
    signatures_kept: int
    subscriptions_removed: int
    notifications_removed: int
    tokens_removed: int


@router.get(
    "/me/data",
    auth=api_auth,
    response={200: PersonalDataOut, 401: Problem, 429: Problem},
    summary="Everything the platform holds about the signed-in account",
)
def my_data(request: HttpRequest) -> Any:
    check_rate(request, group="security.export", rate=EXPORT_RATE)
    return selectors.citizen_data_export(user=request.user)  # type: ignore[arg-type]


@router.post(
    "/me/delete",
    auth=api_auth,
    response={200: DeletedOut, 401: Problem, 409: Problem, 422: Problem, 429: Problem},
    summary="Delete the signed-in account (signatures stay as anonymous counts)",
)
def delete_me(request: HttpRequest, payload: DeleteIn) -> Any:
    check_rate(request, group="security.delete", rate=DELETE_RATE)
    report = services.account_delete(user=request.user, password=payload.password or None)  # type: ignore[arg-type]
    return services.deletion_summary(report)
