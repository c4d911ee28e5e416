"""The RFC 6962 Merkle core: known vectors, the RFC's own recursions as oracles, and its laws."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kurultai.ledger import merkle

REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "tools" / "rfc6962.py"

# Certificate Transparency's test vectors: the roots of the first 1..8 of these leaves.
CT_LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

leaf_lists = st.lists(st.binary(max_size=40), max_size=80)
nonempty_leaf_lists = st.lists(st.binary(max_size=40), min_size=1, max_size=80)


# --- the RFC's definitions, written as recursions on lists, as oracles ---------------


def rfc_mth(hashes: list[bytes]) -> bytes:
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return merkle.node_hash(rfc_mth(hashes[:k]), rfc_mth(hashes[k:]))


def rfc_path(m: int, hashes: list[bytes]) -> list[bytes]:
    if len(hashes) == 1:
        return []
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    if m < k:
        return [*rfc_path(m, hashes[:k]), rfc_mth(hashes[k:])]
    return [*rfc_path(m - k, hashes[k:]), rfc_mth(hashes[:k])]


def rfc_subproof(m: int, hashes: list[bytes], whole: bool) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if whole else [rfc_mth(hashes)]
    k = 1 << ((n - 1).bit_length() - 1)
    if m <= k:
        return [*rfc_subproof(m, hashes[:k], whole), rfc_mth(hashes[k:])]
    return [*rfc_subproof(m - k, hashes[k:], False), rfc_mth(hashes[:k])]


@pytest.fixture(scope="module")
def reference() -> ModuleType:
    """The workplace's reference tree hash (../shared/tools/rfc6962.py), imported by path."""
    if not REFERENCE.is_file():
        pytest.skip(f"the reference {REFERENCE} is not present in this checkout")
    spec = importlib.util.spec_from_file_location("rfc6962_reference", REFERENCE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- hashes and roots -----------------------------------------------------------------


def test_leaf_and_node_hashes_carry_the_rfc_prefixes() -> None:
    assert merkle.leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert merkle.node_hash(b"L" * 32, b"R" * 32) == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()


def test_the_empty_tree_hashes_to_sha256_of_nothing() -> None:
    assert merkle.root([]) == merkle.EMPTY_ROOT == hashlib.sha256(b"").digest()
    assert merkle.MerkleTree([]).root() == merkle.EMPTY_ROOT
    assert merkle.EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize("n", range(1, 9))
def test_certificate_transparency_vectors(n: int) -> None:
    assert merkle.root(CT_LEAVES[:n]).hex() == CT_ROOTS[n - 1]
    assert merkle.MerkleTree(merkle.leaf_hashes(CT_LEAVES)).root(n).hex() == CT_ROOTS[n - 1]


@given(leaf_lists)
def test_root_matches_the_rfc_recursion(leaves: list[bytes]) -> None:
    hashes = merkle.leaf_hashes(leaves)
    assert merkle.root_from_leaf_hashes(hashes) == rfc_mth(hashes)


@settings(max_examples=200)
@given(leaf_lists)
def test_root_matches_the_workplace_reference(reference: ModuleType, leaves: list[bytes]) -> None:
    assert merkle.root(leaves) == reference.root(leaves)


@given(leaf_lists)
def test_the_stored_subtrees_give_the_root_of_every_prefix(leaves: list[bytes]) -> None:
    hashes = merkle.leaf_hashes(leaves)
    tree = merkle.MerkleTree(hashes)
    assert [tree.root(size) for size in range(len(hashes) + 1)] == [
        merkle.root_from_leaf_hashes(hashes[:size]) for size in range(len(hashes) + 1)
    ]


@given(nonempty_leaf_lists, st.data())
def test_any_changed_leaf_changes_the_root(leaves: list[bytes], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(leaves) - 1))
    changed = data.draw(st.binary(max_size=40).filter(lambda b: b != leaves[i]))
    assert merkle.root([*leaves[:i], changed, *leaves[i + 1 :]]) != merkle.root(leaves)


@given(st.lists(st.binary(max_size=8), min_size=2, max_size=40, unique=True), st.data())
def test_reordering_or_dropping_leaves_changes_the_root(leaves: list[bytes], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(leaves) - 2))
    swapped = [*leaves[:i], leaves[i + 1], leaves[i], *leaves[i + 2 :]]
    assert merkle.root(swapped) != merkle.root(leaves)
    assert merkle.root(leaves[:i] + leaves[i + 1 :]) != merkle.root(leaves)


def test_a_large_tree_has_the_reference_root(reference: ModuleType) -> None:
    leaves = [i.to_bytes(4, "big") for i in range(100_003)]
    hashes = merkle.leaf_hashes(leaves)
    assert merkle.root_from_leaf_hashes(hashes) == reference.root_from_leaf_hashes(hashes)


# --- audit paths ----------------------------------------------------------------------


@given(nonempty_leaf_lists)
def test_every_inclusion_proof_verifies_for_every_leaf(leaves: list[bytes]) -> None:
    hashes = merkle.leaf_hashes(leaves)
    tree = merkle.MerkleTree(hashes)
    root = tree.root()
    for index, leaf in enumerate(hashes):
        path = tree.inclusion_proof(index)
        assert path == rfc_path(index, hashes)
        assert merkle.verify_inclusion(leaf, index, len(hashes), path, root)


@given(nonempty_leaf_lists, st.data())
def test_inclusion_proofs_for_older_tree_sizes(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = merkle.leaf_hashes(leaves)
    tree = merkle.MerkleTree(hashes)
    size = data.draw(st.integers(1, len(hashes)))
    index = data.draw(st.integers(0, size - 1))
    path = tree.inclusion_proof(index, size)
    assert path == rfc_path(index, hashes[:size])
    assert merkle.verify_inclusion(hashes[index], index, size, path, tree.root(size))


@given(st.lists(st.binary(max_size=8), min_size=2, max_size=60, unique=True), st.data())
def test_a_wrong_leaf_index_or_path_does_not_verify(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = merkle.leaf_hashes(leaves)
    tree = merkle.MerkleTree(hashes)
    n, root = len(hashes), tree.root()
    index = data.draw(st.integers(0, n - 1))
    other = data.draw(st.integers(0, n - 1).filter(lambda i: i != index))
    path = tree.inclusion_proof(index)
    assert not merkle.verify_inclusion(hashes[other], index, n, path, root)
    assert not merkle.verify_inclusion(hashes[index], other, n, path, root)
    assert not merkle.verify_inclusion(hashes[index], index, n, path, merkle.leaf_hash(b"not the root"))
    assert not merkle.verify_inclusion(hashes[index], index, n, [*path, root], root)
    if path:
        k = data.draw(st.integers(0, len(path) - 1))
        broken = [*path[:k], merkle.leaf_hash(b"x" + path[k]), *path[k + 1 :]]
        assert not merkle.verify_inclusion(hashes[index], index, n, broken, root)
        assert not merkle.verify_inclusion(hashes[index], index, n, path[:-1], root)


def test_inclusion_outside_the_tree_is_refused() -> None:
    tree = merkle.MerkleTree(merkle.leaf_hashes([b"a", b"b", b"c"]))
    with pytest.raises(ValueError, match="not in a tree"):
        tree.inclusion_proof(3)
    assert not merkle.verify_inclusion(merkle.leaf_hash(b"a"), 3, 3, [], tree.root())
    assert not merkle.verify_inclusion(merkle.leaf_hash(b"a"), -1, 3, [], tree.root())


def test_a_single_leaf_is_its_own_root() -> None:
    leaf = merkle.leaf_hash(b"only")
    assert merkle.MerkleTree([leaf]).inclusion_proof(0) == []
    assert merkle.verify_inclusion(leaf, 0, 1, [], leaf)


# --- consistency proofs -----------------------------------------------------------------


@given(leaf_lists)
def test_consistency_proofs_verify_for_every_m_up_to_n(leaves: list[bytes]) -> None:
    hashes = merkle.leaf_hashes(leaves)
    tree = merkle.MerkleTree(hashes)
    n = len(hashes)
    for m in range(n + 1):
        proof = tree.consistency_proof(m)
        expected = rfc_subproof(m, hashes, True) if 0 < m < n else []
        assert proof == expected
        assert merkle.verify_consistency(m, n, tree.root(m), tree.root(), proof)


@given(st.lists(st.binary(max_size=8), min_size=2, max_size=60, unique=True), st.data())
def test_consistency_between_any_two_sizes(leaves: list[bytes], data: st.DataObject) -> None:
    tree = merkle.MerkleTree(merkle.leaf_hashes(leaves))
    second = data.draw(st.integers(1, len(leaves)))
    first = data.draw(st.integers(0, second))
    proof = tree.consistency_proof(first, second)
    assert merkle.verify_consistency(first, second, tree.root(first), tree.root(second), proof)


@given(st.lists(st.binary(max_size=8), min_size=3, max_size=60, unique=True), st.data())
def test_a_rewritten_history_is_not_consistent(leaves: list[bytes], data: st.DataObject) -> None:
    n = len(leaves)
    m = data.draw(st.integers(1, n - 1))
    i = data.draw(st.integers(0, m - 1))
    honest = merkle.MerkleTree(merkle.leaf_hashes(leaves))
    forked = merkle.MerkleTree(merkle.leaf_hashes([*leaves[:i], b"forged", *leaves[i + 1 :]]))
    # The forked log proves its own history, which does not start with the honest first m leaves.
    proof = forked.consistency_proof(m)
    assert not merkle.verify_consistency(m, n, honest.root(m), forked.root(), proof)
    good = honest.consistency_proof(m)
    assert not merkle.verify_consistency(m, n, honest.root(m), forked.root(), good)
    assert not merkle.verify_consistency(m, n, honest.root(m), honest.root(), [*good[:-1]])
    assert not merkle.verify_consistency(m, n, honest.root(m), honest.root(), [])


def test_consistency_edge_cases() -> None:
    tree = merkle.MerkleTree(merkle.leaf_hashes([b"a", b"b", b"c"]))
    assert merkle.verify_consistency(0, 0, merkle.EMPTY_ROOT, merkle.EMPTY_ROOT, [])
    assert merkle.verify_consistency(0, 3, merkle.EMPTY_ROOT, tree.root(), [])
    assert merkle.verify_consistency(3, 3, tree.root(), tree.root(), [])
    assert not merkle.verify_consistency(3, 3, tree.root(), tree.root(), [tree.root()])
    assert not merkle.verify_consistency(2, 1, tree.root(2), tree.root(1), [])
    with pytest.raises(ValueError, match="no consistency proof"):
        tree.consistency_proof(2, 1)
    with pytest.raises(ValueError, match="has 3 leaves"):
        tree.consistency_proof(1, 4)


# --- planning from stored subtrees, and appending ---------------------------------------


@given(st.integers(0, 2**40), st.integers(1, 2**20))
def test_subtree_ranges_cover_their_range_in_order(start_block: int, width: int) -> None:
    start = start_block << width.bit_length()
    nodes = merkle.range_nodes(start, start + width)
    position = start
    for level, index in nodes:
        assert index << level == position
        position += 1 << level
    assert position == start + width
    assert [level for level, _ in nodes] == sorted((level for level, _ in nodes), reverse=True)


def test_an_unaligned_range_is_refused() -> None:
    with pytest.raises(ValueError, match="boundary"):
        merkle.range_nodes(1, 5)
    with pytest.raises(ValueError, match="empty"):
        merkle.range_nodes(4, 4)


@given(leaf_lists)
def test_appending_one_leaf_at_a_time_stores_every_perfect_subtree(leaves: list[bytes]) -> None:
    hashes = merkle.leaf_hashes(leaves)
    store: dict[merkle.Node, bytes] = {}
    for index, leaf in enumerate(hashes):
        siblings = [store[node] for node in merkle.append_plan(index)]
        store[(0, index)] = leaf
        for level, position, value in merkle.append_nodes(index, leaf, siblings):
            store[(level, position)] = value
    tree = merkle.MerkleTree(hashes)
    assert {(lv, i): h for lv, i, h in tree.inner_nodes()} == {k: v for k, v in store.items() if k[0] > 0}
    assert merkle.assemble([merkle.root_plan(len(hashes))], store) == [tree.root()]


def test_append_nodes_needs_exactly_the_planned_siblings() -> None:
    assert merkle.append_plan(0) == []
    assert merkle.append_plan(7) == [(0, 6), (1, 2), (2, 0)]
    with pytest.raises(ValueError, match="needs 3 sibling"):
        merkle.append_nodes(7, merkle.leaf_hash(b"x"), [])


@given(leaf_lists, st.data())
def test_appending_in_batches_stores_the_same_subtrees(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = merkle.leaf_hashes(leaves)
    store: dict[merkle.Node, bytes] = {}
    start = 0
    while start < len(hashes):
        count = data.draw(st.integers(min_value=1, max_value=len(hashes) - start))
        plan = merkle.append_batch_plan(start, count)
        assert all((position + 1) << level <= start for level, position in plan)
        batch = hashes[start : start + count]
        completed = merkle.append_batch(start, batch, {node: store[node] for node in plan})
        for offset, leaf in enumerate(batch):
            store[(0, start + offset)] = leaf
        for level, position, value in completed:
            assert (level, position) not in store
            store[(level, position)] = value
        start += count
    tree = merkle.MerkleTree(hashes)
    assert {(lv, i): h for lv, i, h in tree.inner_nodes()} == {k: v for k, v in store.items() if k[0] > 0}


def test_a_batch_plan_names_only_older_subtrees() -> None:
    assert merkle.append_batch_plan(0, 8) == []
    assert merkle.append_batch_plan(7, 1) == [(0, 6), (1, 2), (2, 0)]
    assert merkle.append_batch_plan(5, 3) == [(0, 4), (2, 0)]
    with pytest.raises(ValueError, match="0 or more"):
        merkle.append_batch_plan(-1, 1)
