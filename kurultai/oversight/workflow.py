"""The allowed state changes of inquiries, hearings and investigations, as data (pure, no Django).

Services refuse any change not listed here with a 409; tests enumerate the tables.
"""

from __future__ import annotations

from collections.abc import Mapping

Transitions = Mapping[str, frozenset[str]]

# registered -> answered by the respondent of the body -> rated by an author deputy ->
# (if rated unsatisfactory) raised at a plenary sitting. Only an unanswered inquiry is withdrawn.
INQUIRY: Transitions = {
    "registered": frozenset({"answered", "withdrawn"}),
    "answered": frozenset({"rated"}),
    "rated": frozenset({"raised"}),
    "raised": frozenset(),
    "withdrawn": frozenset(),
}

# A hearing is announced, held (transcript and minutes recorded), then closed; closing needs minutes.
HEARING: Transitions = {
    "announced": frozenset({"held", "cancelled"}),
    "held": frozenset({"closed"}),
    "closed": frozenset(),
    "cancelled": frozenset(),
}

# An investigation works under its mandate, publishes a final report, then closes.
INVESTIGATION: Transitions = {
    "open": frozenset({"reported"}),
    "reported": frozenset({"closed"}),
    "closed": frozenset(),
}

# Recommendations of hearings and investigations: who must act, by when, done?
FOLLOW_UP: Transitions = {
    "open": frozenset({"in_progress", "done", "not_done"}),
    "in_progress": frozenset({"done", "not_done"}),
    "done": frozenset(),
    "not_done": frozenset(),
}


def allowed(table: Transitions, current: str, target: str) -> bool:
    return target in table.get(current, frozenset())
