"""The allowed state changes of appeals, petitions, proposals and reports, as data (pure, no Django).

Services refuse any change not listed here with a 409 ``invalid_transition``; tests enumerate the
tables, so a new state or change is one line here and a test that names it.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["APPEAL", "PETITION", "PROPOSAL", "REPORT", "Transitions", "allowed", "reachable", "terminal"]

Transitions = Mapping[str, frozenset[str]]

# An appeal is registered on receipt; a clerk routes it to the competent addressee (or forwards it
# out of parliament within 3 working days, APPC Art. 76); the addressee answers, once extending the
# term if needed; the citizen rates the answer. "dismissed": left without consideration (an appeal
# without the essence of the matter, [A2]).
APPEAL: Transitions = {
    "registered": frozenset({"routed", "extended", "forwarded", "answered", "dismissed"}),
    "routed": frozenset({"extended", "forwarded", "answered", "dismissed"}),
    "extended": frozenset({"answered"}),
    "answered": frozenset({"rated"}),
    "rated": frozenset(),
    "forwarded": frozenset(),
    "dismissed": frozenset(),
}

# Drafted, sent to moderation (20 working days), then public by link only until 50 supporters
# within 10 working days, then listed until the collecting window closes; at the threshold it is
# sent to the addressee, whose answer is published. The author may withdraw it until it is sent.
PETITION: Transitions = {
    "draft": frozenset({"moderation", "withdrawn"}),
    "moderation": frozenset({"link_only", "rejected", "withdrawn"}),
    "link_only": frozenset({"listed", "not_supported", "withdrawn"}),
    "listed": frozenset({"sent", "closed", "withdrawn"}),
    "sent": frozenset({"answered"}),
    "answered": frozenset(),
    "rejected": frozenset(),
    "not_supported": frozenset(),
    "closed": frozenset(),
    "withdrawn": frozenset(),
}

# A proposal is open for support and comments; the addressee's staff take it up and answer.
PROPOSAL: Transitions = {
    "open": frozenset({"under_review", "answered", "withdrawn"}),
    "under_review": frozenset({"answered"}),
    "answered": frozenset(),
    "withdrawn": frozenset(),
}

# A report about citizen content: a moderator upholds it (the content is hidden) or dismisses it.
REPORT: Transitions = {
    "open": frozenset({"upheld", "dismissed"}),
    "upheld": frozenset(),
    "dismissed": frozenset(),
}


def allowed(table: Transitions, current: str, target: str) -> bool:
    return target in table.get(current, frozenset())


def terminal(table: Transitions) -> frozenset[str]:
    return frozenset(state for state, targets in table.items() if not targets)


def reachable(table: Transitions, start: str) -> frozenset[str]:
    """Every state reachable from ``start`` (``start`` included)."""
    seen = {start}
    todo = [start]
    while todo:
        for target in table.get(todo.pop(), frozenset()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return frozenset(seen)
