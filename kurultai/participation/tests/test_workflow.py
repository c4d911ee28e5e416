"""The transition tables: every state reachable, terminal states final, the paths the law describes."""

from __future__ import annotations

import pytest

from kurultai.participation import workflow
from kurultai.participation.models import AppealStatus, PetitionStatus, ProposalStatus, ReportStatus

TABLES = [
    (workflow.APPEAL, "registered", AppealStatus),
    (workflow.PETITION, "draft", PetitionStatus),
    (workflow.PROPOSAL, "open", ProposalStatus),
    (workflow.REPORT, "open", ReportStatus),
]


@pytest.mark.parametrize(("table", "start", "states"), TABLES)
def test_every_state_is_in_the_table_and_reachable(table, start, states):
    assert set(table) == set(states.values)
    assert workflow.reachable(table, start) == frozenset(states.values)
    for targets in table.values():
        assert targets <= set(states.values)


@pytest.mark.parametrize(("table", "start", "states"), TABLES)
def test_nothing_leaves_a_terminal_state(table, start, states):
    for state in workflow.terminal(table):
        assert all(not workflow.allowed(table, state, target) for target in states.values)


def test_appeal_paths():
    a = workflow.APPEAL
    assert workflow.terminal(a) == {"rated", "forwarded", "dismissed"}
    # One extension only: an extended appeal is answered, never extended again or forwarded.
    assert a["extended"] == {"answered"}
    assert workflow.allowed(a, "registered", "forwarded")
    assert not workflow.allowed(a, "answered", "forwarded")
    assert not workflow.allowed(a, "registered", "rated")


def test_petition_paths():
    p = workflow.PETITION
    assert workflow.allowed(p, "moderation", "link_only")
    assert workflow.allowed(p, "link_only", "listed")
    assert workflow.allowed(p, "listed", "sent")
    assert not workflow.allowed(p, "link_only", "sent")  # listed first, at 50 supporters
    assert not workflow.allowed(p, "sent", "withdrawn")  # the addressee must answer
    assert workflow.terminal(p) == {"answered", "rejected", "not_supported", "closed", "withdrawn"}
