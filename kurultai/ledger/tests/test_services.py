"""Appending, signing and verifying the public record in the database, and catching tampering there."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, transaction

from kurultai.common.errors import DomainError
from kurultai.common.models import AppendOnlyError, AuditEntry
from kurultai.ledger import heads, keys, merkle, offline, selectors
from kurultai.ledger.leaves import leaf_bytes
from kurultai.ledger.models import LedgerEntry, LedgerNode, TreeHead
from kurultai.ledger.services import (
    export_lines,
    ledger_append,
    ledger_verify,
    tree_head_current,
    tree_head_sign,
)

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only triggers exist on PostgreSQL only"
)


def all_leaf_hashes() -> list[bytes]:
    return [bytes.fromhex(h) for h in LedgerEntry.objects.order_by("index").values_list("leaf_hash", flat=True)]


def test_append_stores_the_leaf_it_hashed_with_gapless_indices(ballots):
    start = selectors.log_size()
    entries = ballots(5)
    assert [e.index for e in entries] == list(range(start, start + 5))
    stored = LedgerEntry.objects.get(index=start + 2)
    leaf = leaf_bytes(kind=stored.kind, at=stored.at.strftime("%Y-%m-%dT%H:%M:%SZ"), data=stored.data)
    assert stored.leaf_hash == merkle.leaf_hash(leaf).hex()
    assert stored.data == {
        "vote_event": entries[2].data["vote_event"],
        "deputy": entries[2].data["deputy"],
        "option": entries[2].data["option"],
    }


def test_append_keeps_the_time_to_the_second_in_utc():
    entry = ledger_append(
        kind="test.result.published", data={"n": 1}, at=datetime(2026, 9, 1, 10, 0, 0, 999, tzinfo=UTC)
    )
    assert LedgerEntry.objects.get(pk=entry.pk).at == datetime(2026, 9, 1, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "nodots", "data": {}}, "dotted kind"),
        ({"kind": "test.x", "data": {"share": 0.5}}, "float"),
        ({"kind": "test.x", "data": {"signer": {"iin": "900101300123"}}}, "personal data"),
        ({"kind": "test.x", "data": {}, "at": datetime(2026, 9, 1)}, "time zone"),  # noqa: DTZ001
    ],
)
def test_append_refuses_a_bad_leaf_with_a_stable_code(kwargs, message):
    size = selectors.log_size()
    with pytest.raises(DomainError, match=message) as error:
        ledger_append(**kwargs)
    assert (error.value.code, error.value.status) == ("ledger_invalid_leaf", 422)
    assert selectors.log_size() == size


def test_append_stores_every_completed_subtree(ballots):
    ballots(37)
    tree = merkle.MerkleTree(all_leaf_hashes())
    stored = {(lv, i): bytes.fromhex(h) for lv, i, h in LedgerNode.objects.values_list("level", "index", "hash")}
    assert stored == {(lv, i): h for lv, i, h in tree.inner_nodes()}


def test_append_takes_a_constant_number_of_queries(ballots, django_assert_max_num_queries):
    ballots(7)
    # Savepoint, lock (PostgreSQL), last index, sibling leaf, sibling nodes, entry, new nodes, release:
    # the same however many subtrees the entry completes.
    with django_assert_max_num_queries(8):
        ledger_append(kind="test.ballot.cast", data={"option": "yes"})


def test_a_signed_head_covers_the_log_and_verifies_with_the_published_key(ballots):
    ballots(20)
    head = tree_head_sign()
    assert head.tree_size == selectors.log_size()
    assert head.root_hash == merkle.root_from_leaf_hashes(all_leaf_hashes()).hex()
    assert head.public_key == keys.public_key_b64()
    assert heads.verify_tree_head(
        tree_size=head.tree_size,
        root_hash=head.root_hash,
        timestamp=head.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        signature=head.signature,
        public_key_b64=keys.public_key_b64(),
    )
    assert AuditEntry.objects.filter(action="ledger.tree_head.signed", object_id=str(head.pk)).exists()


def test_the_current_head_is_signed_only_when_the_log_grew(ballots):
    ballots(3)
    first = tree_head_current()
    assert tree_head_current() == first
    ballots(1)
    second = tree_head_current()
    assert (second.pk != first.pk, second.tree_size) == (True, first.tree_size + 1)


def test_stored_subtrees_answer_roots_and_proofs(ballots):
    ballots(45)
    tree_head_sign()
    tree = merkle.MerkleTree(all_leaf_hashes())
    n = tree.size
    assert selectors.root_at(n) == tree.root()
    assert selectors.root_at(0) == merkle.EMPTY_ROOT
    for index in (0, n // 2, n - 1):
        assert selectors.inclusion_proof(index=index, tree_size=n) == tree.inclusion_proof(index)
    for first in (0, 1, n // 3, n - 1, n):
        assert selectors.consistency_proof(first=first, second=n) == tree.consistency_proof(first)


def test_verify_recomputes_the_log_and_every_head(ballots):
    ballots(10)
    tree_head_sign()
    ballots(5)
    tree_head_sign()
    ballots(2)
    report = ledger_verify()
    assert report.ok, report.problem
    assert report.tree_size == selectors.log_size()
    assert report.root_hash == merkle.root_from_leaf_hashes(all_leaf_hashes()).hex()
    assert report.tree_heads == TreeHead.objects.count()
    assert report.signed_tree_size == report.tree_size - 2


def test_export_lines_verify_offline_with_the_published_key(ballots):
    ballots(30)
    head = tree_head_current()
    lines = [line.decode() for line in export_lines(head)]
    assert len(lines) == head.tree_size + 1
    assert json.loads(lines[-1]) == {
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "timestamp": head.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "signature": head.signature,
        "public_key": head.public_key,
    }
    report = offline.verify_lines(lines, public_key=heads.b64decode(keys.public_key_b64(), size=32, what="key"))
    assert report.ok, report.problem


# ---------------------------------------------------------------- append-only


def test_the_model_refuses_to_change_or_delete_an_entry(ballots):
    entry = ballots(1)[0]
    entry.kind = "test.forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).update(kind="test.forged")
    with pytest.raises(AppendOnlyError):
        TreeHead.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        LedgerNode.objects.all().update(hash="0" * 64)


@postgresql_only
@pytest.mark.parametrize("table", ["ledger_ledgerentry", "ledger_ledgernode", "ledger_treehead"])
def test_postgresql_refuses_raw_updates_and_deletes(ballots, table):
    ballots(2)
    tree_head_sign()
    for sql in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608 - fixed table names
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert ledger_verify().ok


# ---------------------------------------------------------------- tampering in the database


def test_a_changed_vote_names_its_entry(ballots, tamper):
    entries = ballots(12)
    tree_head_sign()
    target = entries[6]
    forged = {**target.data, "option": "no" if target.data["option"] == "yes" else "yes"}
    tamper('UPDATE ledger_ledgerentry SET data = %s WHERE "index" = %s', [json.dumps(forged), target.index])
    report = ledger_verify()
    assert (report.ok, report.bad_entry) == (False, target.index)
    assert "does not match its leaf hash" in report.problem


def test_a_change_with_a_recomputed_leaf_hash_breaks_the_signed_head(ballots, tamper):
    entries = ballots(12)
    tree_head_sign()
    target = entries[3]
    forged = {**target.data, "option": "no" if target.data["option"] == "yes" else "yes"}
    at = target.at.strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = merkle.leaf_hash(leaf_bytes(kind=target.kind, at=at, data=forged)).hex()
    tamper(
        'UPDATE ledger_ledgerentry SET data = %s, leaf_hash = %s WHERE "index" = %s',
        [json.dumps(forged), digest, target.index],
    )
    report = ledger_verify()
    assert not report.ok
    assert "does not match" in report.problem


def test_a_deleted_entry_is_named(ballots, tamper):
    entries = ballots(8)
    tamper('DELETE FROM ledger_ledgerentry WHERE "index" = %s', [entries[4].index])
    report = ledger_verify()
    assert (report.ok, report.bad_entry) == (False, entries[4].index)
    assert "missing" in report.problem


def test_entries_removed_from_the_end_are_caught_by_the_head(ballots, tamper):
    entries = ballots(8)
    tree_head_sign()
    tamper('DELETE FROM ledger_ledgerentry WHERE "index" >= %s', [entries[6].index])
    report = ledger_verify()
    assert (report.ok, report.bad_entry) == (False, entries[6].index)
    assert "entries were removed" in report.problem


def test_a_forged_head_signature_is_caught(ballots, tamper):
    ballots(4)
    head = tree_head_sign()
    other = heads.b64encode(heads.sign(bytes(32), b"something else"))
    tamper("UPDATE ledger_treehead SET signature = %s WHERE id = %s", [other, head.pk])
    report = ledger_verify()
    assert not report.ok
    assert "signature" in report.problem


def test_a_changed_stored_subtree_is_caught(ballots, tamper):
    ballots(8)
    node = LedgerNode.objects.order_by("-level").first()
    tamper("UPDATE ledger_ledgernode SET hash = %s WHERE id = %s", ["0" * 64, node.pk])
    report = ledger_verify()
    assert not report.ok
    assert "stored tree node" in report.problem


def test_an_entry_tampered_beyond_the_leaf_format_is_still_exported_and_named(ballots, tamper):
    entries = ballots(6)
    head = tree_head_current()
    target = entries[2]
    tamper('UPDATE ledger_ledgerentry SET data = %s WHERE "index" = %s', ['{"share": 0.5}', target.index])
    lines = [line.decode() for line in export_lines(head)]
    report = offline.verify_lines(lines)
    assert (report.ok, report.problem.line) == (False, target.index + 1)
    assert ledger_verify().bad_entry == target.index


def test_append_many_is_the_same_log_as_appending_one_by_one():
    from kurultai.ledger.services import PendingLeaf, ledger_append_many

    at = datetime(2026, 9, 1, 10, 0, 0, tzinfo=UTC)
    start = selectors.log_size()
    ledger_append(kind="test.batch.one", data={"n": -1}, at=at)
    for size in (1, 2, 5, 3, 8):
        entries = ledger_append_many([PendingLeaf("test.batch.many", {"n": n, "t": (1, 2)}, at) for n in range(size)])
        assert [e.data["n"] for e in entries] == list(range(size))
        assert entries[0].data["t"] == [1, 2]
    assert ledger_append_many([]) == []
    hashes = all_leaf_hashes()
    assert len(hashes) == start + 1 + 19
    tree = merkle.MerkleTree(hashes)
    assert selectors.root_at(len(hashes)) == tree.root()
    assert LedgerNode.objects.count() == sum(len(level) for level in tree.levels[1:])
    assert ledger_verify().ok


def test_append_many_refuses_a_bad_leaf_before_writing_any():
    from kurultai.ledger.services import PendingLeaf, ledger_append_many

    size = selectors.log_size()
    with pytest.raises(DomainError):
        ledger_append_many([PendingLeaf("test.ok.leaf", {}), PendingLeaf("test.bad.leaf", {"email": "x"})])
    assert selectors.log_size() == size
