"""The allowed status changes of a regional initiative, as data (pure, no Django).

A maslikhat delegate submits; the Council of Regions puts it on a session's agenda and decides:
to send it to a committee, to make it a bill (initiator "regional initiative"), or to reject it.
A committee that took an initiative may later turn it into a bill. Every change is reported back
to the maslikhat (``MaslikhatNotification``).
"""

from __future__ import annotations

from collections.abc import Mapping

INITIATIVE: Mapping[str, frozenset[str]] = {
    "submitted": frozenset({"on_agenda", "withdrawn"}),
    "on_agenda": frozenset({"sent_to_committee", "became_bill", "rejected"}),
    "sent_to_committee": frozenset({"became_bill"}),
    "became_bill": frozenset(),
    "rejected": frozenset(),
    "withdrawn": frozenset(),
}
# The Council's decisions on an initiative on its agenda.
DECISIONS = frozenset({"sent_to_committee", "became_bill", "rejected"})


def allowed(current: str, target: str) -> bool:
    return target in INITIATIVE.get(current, frozenset())
