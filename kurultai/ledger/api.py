"""/api/v1/ledger: signed tree heads, entries with their audit paths, consistency proofs.

Hashes are lowercase hex, keys and signatures base64 (docs/ledger.md). A client checks
an entry by recomputing its leaf hash from kind, at and data, folding the audit path
into a root (RFC 9162 §2.1.3.2) and comparing it with a tree head whose signature it
has checked against the published public key.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kurultai.common.api import LimitOffsetPage, Mapped, Problem
from kurultai.common.errors import NotFound
from kurultai.ledger import selectors
from kurultai.ledger.errors import LedgerErrorCode
from kurultai.ledger.leaves import format_at
from kurultai.ledger.models import LedgerEntry, TreeHead
from kurultai.ledger.services import tree_head_document

router = Router(tags=["ledger"])

HEX = "Lowercase hex of a SHA-256 hash."


class TreeHeadOut(Schema):
    tree_size: int = Field(description="Entries the head covers: indices 0 to tree_size - 1.")
    root_hash: str = Field(description="RFC 6962 Merkle tree hash of those entries, hex.")
    timestamp: str = Field(description="When it was signed, UTC, YYYY-MM-DDTHH:MM:SSZ.")
    signature: str = Field(
        description='Ed25519 signature (base64) over the canonical JSON of {"root_hash","timestamp","tree_size"}.'
    )
    public_key: str = Field(description="The Ed25519 public key (base64, 32 bytes) that signed it.")

    @staticmethod
    def from_model(head: TreeHead) -> dict[str, Any]:
        return tree_head_document(head)


class LatestTreeHeadOut(TreeHeadOut):
    log_size: int = Field(description="Entries in the log now; those past tree_size await the next signed head.")


class EntryOut(Schema):
    index: int
    kind: str = Field(description="Dotted kind, e.g. plenary.ballot.cast.")
    at: str = Field(description="UTC, YYYY-MM-DDTHH:MM:SSZ.")
    data: dict[str, Any]
    leaf_hash: str = Field(description="SHA-256(0x00 || canonical JSON of kind, at and data), hex.")

    @staticmethod
    def from_model(entry: LedgerEntry) -> dict[str, Any]:
        return {
            "index": entry.index,
            "kind": entry.kind,
            "at": format_at(entry.at),
            "data": entry.data,
            "leaf_hash": entry.leaf_hash,
        }


class InclusionProofOut(Schema):
    tree_size: int
    root_hash: str = Field(description="The root the audit path leads to (that of a signed tree head).")
    audit_path: list[str] = Field(description="RFC 6962 audit path, leaf to root, hex.")


class EntryDetailOut(EntryOut):
    proof: InclusionProofOut | None = Field(description="Null while no signed tree head covers the entry yet.")


class ConsistencyOut(Schema):
    first: int
    second: int
    first_root_hash: str = Field(description="Root of the first tree, for convenience: compare with a signed head.")
    second_root_hash: str = Field(description="Root of the second tree, for convenience: compare with a signed head.")
    proof: list[str] = Field(description="RFC 6962 consistency proof, hex (empty when first is 0 or second).")


class ProofIn(Schema):
    tree_size: int | None = Field(None, ge=1, description="Prove against this tree size; default: the latest head.")


class ConsistencyIn(Schema):
    first: int = Field(..., ge=0, description="The older tree size.")
    second: int = Field(..., ge=0, description="The newer tree size, at most the latest signed head's.")


def _latest_head() -> TreeHead:
    head = selectors.tree_head_latest()
    if head is None:
        raise NotFound(_("No tree head has been signed yet."), code=LedgerErrorCode.NO_TREE_HEAD)
    return head


@router.get(
    "/ledger/tree-head",
    response={200: LatestTreeHeadOut, 404: Problem},
    summary="The latest signed tree head and the public key",
)
def get_tree_head(request: HttpRequest) -> Any:
    head = _latest_head()
    return {**tree_head_document(head), "log_size": selectors.log_size()}


@router.get(
    "/ledger/tree-heads",
    response={200: list[TreeHeadOut], 422: Problem},
    summary="Every signed tree head, newest first",
)
@paginate(LimitOffsetPage)
def list_tree_heads(request: HttpRequest) -> Any:
    return Mapped(selectors.tree_head_list(), TreeHeadOut.from_model)


@router.get("/ledger/entries", response={200: list[EntryOut], 422: Problem}, summary="Entries of the log, oldest first")
@paginate(LimitOffsetPage)
def list_entries(request: HttpRequest) -> Any:
    return Mapped(selectors.entry_list(), EntryOut.from_model)


@router.get(
    "/ledger/entries/{index}",
    response={200: EntryDetailOut, 404: Problem, 422: Problem},
    summary="One entry with its audit path to a signed tree head",
)
def get_entry(request: HttpRequest, index: int, params: Query[ProofIn]) -> Any:
    tree_size = params.tree_size
    entry = selectors.entry_get(index)
    data = EntryOut.from_model(entry)
    head = selectors.tree_head_latest()
    size = tree_size if tree_size is not None else (head.tree_size if head is not None else 0)
    if tree_size is None and index >= size:
        data["proof"] = None
        return data
    path = selectors.inclusion_proof(index=index, tree_size=size)
    data["proof"] = {
        "tree_size": size,
        "root_hash": selectors.root_at(size).hex(),
        "audit_path": [p.hex() for p in path],
    }
    return data


@router.get(
    "/ledger/consistency",
    response={200: ConsistencyOut, 422: Problem},
    summary="Proof that a newer tree extends an older one",
)
def get_consistency(request: HttpRequest, params: Query[ConsistencyIn]) -> Any:
    proof = selectors.consistency_proof(first=params.first, second=params.second)
    return {
        "first": params.first,
        "second": params.second,
        "first_root_hash": selectors.root_at(params.first).hex(),
        "second_root_hash": selectors.root_at(params.second).hex(),
        "proof": [p.hex() for p in proof],
    }
