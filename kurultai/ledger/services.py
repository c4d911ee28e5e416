"""Writes to the public record, and its full verification.

``ledger_append`` is called by other apps' services inside their own transaction, so a
ballot and its leaf commit together or not at all. Appends are serialised so the
indices are gapless: on PostgreSQL with a transaction-scoped advisory lock; on SQLite
every transaction already begins IMMEDIATE (settings), which holds the one write lock.
With the lock held, each statement of a READ COMMITTED transaction sees every earlier
append (a REPEATABLE READ caller would instead fail on the unique index, never skip one).

Personal data never enters a leaf (kurultai.ledger.leaves): callers pass public
identifiers and salted hashes only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from kurultai.common.bulk import insert_rows
from kurultai.common.canonical import canonical_json
from kurultai.common.errors import DomainError
from kurultai.common.services import audit_log
from kurultai.ledger import heads, keys, merkle, offline, selectors
from kurultai.ledger.errors import LedgerErrorCode
from kurultai.ledger.leaves import LeafError, format_at, leaf_bytes
from kurultai.ledger.models import LedgerEntry, LedgerNode, TreeHead

# pg_advisory_xact_lock key shared by every writer of the log ("KLED").
ADVISORY_LOCK_KEY = 0x4B4C4544
VERIFY_CHUNK = 5000


def _serialise_writers() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def _whole_second(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


class PendingLeaf(NamedTuple):
    """One leaf to append with :func:`ledger_append_many`: ``at`` defaults to now."""

    kind: str
    data: dict[str, Any]
    at: datetime | None = None


def ledger_append(*, kind: str, data: dict[str, Any], at: datetime | None = None) -> LedgerEntry:
    """Append one leaf ``{"kind", "at", "data"}``; ``at`` defaults to now and is kept to the second.

    Call it inside the transaction that makes the change it records. Raises DomainError
    (``ledger_invalid_leaf``, 422) for a kind, time or data the log refuses.
    """
    return ledger_append_many([PendingLeaf(kind, data, at)])[0]


def ledger_append_many(leaves: Sequence[PendingLeaf]) -> list[LedgerEntry]:
    """Append several leaves, in order and contiguously, under one lock: group commit for the log.

    Everything that does not need the lock (checking and hashing the leaves) happens before it;
    with it held, one query reads the log's size, one the older subtrees the new leaves complete,
    and one INSERT each writes the entries and the new subtrees. Same rules and errors as
    :func:`ledger_append`; an invalid leaf fails the whole call before anything is written.
    """
    if not leaves:
        return []
    now = timezone.now()
    prepared = []
    for leaf in leaves:
        moment = now if leaf.at is None else leaf.at
        try:
            at_text = format_at(moment)
            raw = leaf_bytes(kind=leaf.kind, at=at_text, data=leaf.data)
        except LeafError as error:
            raise DomainError(LedgerErrorCode.INVALID_LEAF, str(error), status=422) from None
        # Store exactly what was hashed (tuples become lists, the caller's dict may change later).
        prepared.append((leaf.kind, _whole_second(moment), json.loads(raw)["data"], merkle.leaf_hash(raw)))

    # No savepoint of its own: nothing below fails in a way a caller could carry on from (on
    # PostgreSQL a failed statement aborts the caller's transaction anyway), and leaves are checked above.
    with transaction.atomic(savepoint=False):
        _serialise_writers()
        start = selectors.log_size()
        store = selectors.node_store(merkle.append_batch_plan(start, len(prepared)))
        completed = merkle.append_batch(start, [digest for *_, digest in prepared], store)
        rows = [
            (start + i, kind, moment, stored, digest.hex(), now)
            for i, (kind, moment, stored, digest) in enumerate(prepared)
        ]
        ids = insert_rows(LedgerEntry, ENTRY_FIELDS, rows, returning="id")
        if completed:
            insert_rows(LedgerNode, ("level", "index", "hash"), [(lv, i, h.hex()) for lv, i, h in completed])
    return [_stored_entry(pk, row) for pk, row in zip(ids, rows, strict=True)]


ENTRY_FIELDS = ("index", "kind", "at", "data", "leaf_hash", "created")


def _stored_entry(pk: int, row: tuple[Any, ...]) -> LedgerEntry:
    entry = LedgerEntry(pk=pk, **dict(zip(ENTRY_FIELDS, row, strict=True)))
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


@transaction.atomic
def tree_head_sign(*, actor: Any = None) -> TreeHead:
    """Sign the log's current size and root with the ledger key."""
    _serialise_writers()  # the size and the root are read as one
    size = selectors.log_size()
    root_hash = selectors.root_at(size).hex()
    moment = _whole_second(timezone.now())
    timestamp = format_at(moment)
    private = keys.signing_key()
    signature = heads.sign(private, heads.tree_head_bytes(tree_size=size, root_hash=root_hash, timestamp=timestamp))
    head = TreeHead.objects.create(
        tree_size=size,
        root_hash=root_hash,
        timestamp=moment,
        signature=heads.b64encode(signature),
        public_key=heads.b64encode(heads.public_key(private)),
    )
    audit_log(action="ledger.tree_head.signed", actor=actor, obj=head, data={"tree_size": size, "root_hash": root_hash})
    return head


def tree_head_current(*, actor: Any = None) -> TreeHead:
    """The latest signed tree head, signing a new one first if the log has grown past it."""
    head = selectors.tree_head_latest()
    if head is not None and head.tree_size == selectors.log_size():
        return head
    return tree_head_sign(actor=actor)


def tree_head_document(head: TreeHead) -> dict[str, Any]:
    """A tree head as it is exported and served: everything needed to check its signature."""
    return {
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "timestamp": format_at(head.timestamp),
        "signature": head.signature,
        "public_key": head.public_key,
    }


def export_lines(head: TreeHead) -> Iterator[bytes]:
    """The export (docs/ledger.md): one canonical JSON line per entry covered by ``head``, then ``head``."""
    rows = (
        LedgerEntry.objects.filter(index__lt=head.tree_size)
        .order_by("index")
        .values_list("index", "kind", "at", "data", "leaf_hash")
    )
    for index, kind, at, data, digest in rows.iterator(chunk_size=VERIFY_CHUNK):
        fields = {"index": index, "kind": kind, "at": format_at(at), "data": data, "leaf_hash": digest}
        try:
            yield offline.entry_line(**fields)
        except TypeError:
            # A row changed behind the ledger's back (a float in its data) is exported as it
            # is, so that verifying the file names it instead of the export failing.
            yield json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    yield offline.head_line(**tree_head_document(head))


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    tree_size: int
    root_hash: str
    tree_heads: int
    signed_tree_size: int
    bad_entry: int | None = None
    problem: str | None = None

    def as_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        if self.ok:
            doc.pop("bad_entry")
            doc.pop("problem")
        return doc


def _recomputed_leaves() -> tuple[list[bytes], int | None, str | None]:
    """Leaf hashes recomputed from kind, at and data; stops at the first entry that is wrong."""
    rows = (
        LedgerEntry.objects.order_by("index")
        # The data is read as text and decoded here, so a corrupt row names its index.
        .annotate(data_text=Cast("data", output_field=TextField()))
        .values_list("index", "kind", "at", "data_text", "leaf_hash")
    )
    hashes: list[bytes] = []
    for index, kind, at, data_text, stored in rows.iterator(chunk_size=VERIFY_CHUNK):
        expected = len(hashes)
        if index != expected:
            return hashes, expected, f"entry {expected} is missing"
        try:
            data = json.loads(data_text)
            leaf = canonical_json({"kind": kind, "at": format_at(at), "data": data})
        except (TypeError, ValueError, LeafError):
            return hashes, index, f"entry {index} holds data that cannot be read"
        digest = merkle.leaf_hash(leaf)
        if digest.hex() != stored:
            return hashes, index, f"entry {index} does not match its leaf hash: it was changed"
        hashes.append(digest)
    return hashes, None, None


def ledger_verify() -> VerifyReport:
    """Recompute the whole log from the database and check it against every signed tree head.

    The problem is one plain English sentence for the operator's terminal (the CLI speaks
    English), not a translated page text.

    Checks, in order: each entry's leaf hash from its kind, at and data, with gapless
    indices; every stored inner node; then every tree head's size, root and signature (by
    the current key). Reads only; the report names the first bad entry it finds.
    """
    # Heads first: appends commit in index order (one writer at a time), so every entry a
    # head already read covers is there when the entries are read next, without needing
    # one snapshot for the whole run. Nodes past the entries read are skipped likewise.
    current_key = keys.public_key_b64()
    all_heads = list(TreeHead.objects.order_by("id"))
    hashes, bad, problem = _recomputed_leaves()
    tree = merkle.MerkleTree(hashes)
    signed = max((h.tree_size for h in all_heads), default=0)

    def report(bad_entry: int | None = None, message: str | None = None) -> VerifyReport:
        return VerifyReport(
            ok=message is None,
            tree_size=tree.size,
            root_hash=tree.root().hex(),
            tree_heads=len(all_heads),
            signed_tree_size=signed,
            bad_entry=bad_entry,
            problem=message,
        )

    if problem is not None:
        return report(bad, problem)

    expected = sum(len(level) for level in tree.levels[1:])
    stored_nodes = LedgerNode.objects.order_by("level", "index").values_list("level", "index", "hash")
    seen = 0
    for level, index, digest in stored_nodes.iterator(chunk_size=VERIFY_CHUNK):
        if (index + 1) << level > tree.size:
            continue  # completed by an entry appended after the entries were read
        if level >= len(tree.levels) or index >= len(tree.levels[level]) or tree.node(level, index).hex() != digest:
            first = index << level
            return report(first, f"the stored tree node above entry {first} does not match the entries")
        seen += 1
    if seen != expected:
        return report(None, f"{expected - seen} stored tree nodes are missing")

    previous = 0
    for head in all_heads:
        name = f"tree head {head.pk} ({head.tree_size} entries)"
        if head.tree_size > tree.size:
            return report(tree.size, f"{name} covers more entries than the log holds: entries were removed")
        if head.tree_size < previous:
            return report(None, f"{name} is smaller than an earlier tree head")
        previous = head.tree_size
        if tree.root(head.tree_size).hex() != head.root_hash:
            return report(None, f"{name} does not match the entries it covers: the log was changed")
        document = tree_head_document(head)
        if head.public_key != current_key or not heads.verify_tree_head(
            tree_size=head.tree_size,
            root_hash=head.root_hash,
            timestamp=document["timestamp"],
            signature=head.signature,
            public_key_b64=head.public_key,
        ):
            return report(None, f"the signature of {name} does not verify with the ledger key")
    return report()
