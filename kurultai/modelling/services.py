"""Writes of the modelling app: recording a vote forecast before the vote, a bill's fiscal reform."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurultai.accounts.permissions import is_admin, is_clerk, is_committee_staff, require
from kurultai.common.errors import CommonErrorCode, Conflict, DomainError
from kurultai.common.services import audit_log
from kurultai.legislation.models import Bill
from kurultai.modelling import fiscal, selectors
from kurultai.modelling.forecast import Position
from kurultai.modelling.models import BillReform, VoteForecast
from kurultai.plenary.models import VoteEvent
from kurultai.plenary.selectors import DECIDED_VOTE_STATES


def forecast_record(*, vote: VoteEvent, positions: dict[str, Position], actor: Any) -> VoteForecast:
    """Record the forecast for a vote that is still to be decided (a clerk or an administrator)."""
    require(actor, is_clerk | is_admin, action="modelling.forecast.record")
    if vote.state in DECIDED_VOTE_STATES:
        raise Conflict(_("The vote is already decided; a forecast must be recorded before it."))
    view = selectors.vote_forecast(vote, positions=positions)
    try:
        with transaction.atomic():
            record = VoteForecast.objects.create(
                vote_event=vote,
                probability=view.forecast.probability,
                expected_yes=view.forecast.expected_yes,
                needed=view.forecast.needed,
                positions={f.slug: f.position.value for f in view.factions},
                past_votes=view.past_votes,
            )
            audit_log(
                action="modelling.forecast.record",
                actor=actor,
                obj=vote,
                data={"probability": record.probability, "needed": record.needed, "positions": record.positions},
            )
    except IntegrityError:
        raise Conflict(_("A forecast for this vote is already recorded.")) from None
    return record


def bill_reform_set(
    *, bill: Bill, name: str, parameters: dict[str, float], actor: Any, formulas: Sequence[str] = ()
) -> BillReform:
    """Attach (or replace) the parameter and formula changes a bill makes to the tax-benefit model."""
    require(actor, is_clerk | is_admin | is_committee_staff, action="modelling.reform.set")
    try:
        reform = fiscal.parse_reform({"name": name, "parameters": parameters, "formulas": list(formulas)})
    except fiscal.FiscalError as exc:
        raise DomainError(CommonErrorCode.INVALID, str(exc), status=422) from exc
    with transaction.atomic():
        record, _created = BillReform.objects.update_or_create(
            bill=bill,
            defaults={
                "name": reform.name,
                "parameters": reform.parameters,
                "formulas": list(reform.formulas),
                "updated_at": timezone.now(),
            },
        )
        audit_log(
            action="modelling.reform.set",
            actor=actor,
            obj=bill,
            data={"name": reform.name, **reform.parameters, "formulas": list(reform.formulas)},
        )
    return record
