"""/api/v1/ledger and the public page: what a citizen's client checks with the pure core alone."""

from __future__ import annotations

import pytest

from kurultai.ledger import heads, keys, merkle, offline, selectors
from kurultai.ledger.leaves import leaf_bytes
from kurultai.ledger.services import tree_head_sign

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture
def signed_log(ballots):
    """A log with two signed heads, the later one covering every entry but the last two."""
    ballots(21)
    first = tree_head_sign()
    ballots(40)
    second = tree_head_sign()
    ballots(2)
    return first, second


def test_tree_head_is_signed_by_the_published_key(client, signed_log):
    _, second = signed_log
    doc = client.get("/api/v1/ledger/tree-head").json()
    assert doc["tree_size"] == second.tree_size
    assert doc["log_size"] == second.tree_size + 2
    assert doc["public_key"] == keys.public_key_b64()
    assert heads.verify_tree_head(
        tree_size=doc["tree_size"],
        root_hash=doc["root_hash"],
        timestamp=doc["timestamp"],
        signature=doc["signature"],
        public_key_b64=doc["public_key"],
    )


def test_tree_heads_are_listed_newest_first(client, signed_log):
    first, second = signed_log
    items = client.get("/api/v1/ledger/tree-heads", {"limit": 2}).json()["items"]
    assert [h["tree_size"] for h in items] == [second.tree_size, first.tree_size]


def test_entries_are_paged_oldest_first_in_constant_queries(client, signed_log, django_assert_max_num_queries):
    size = selectors.log_size()
    with django_assert_max_num_queries(2):
        page = client.get("/api/v1/ledger/entries", {"limit": 10, "offset": size - 10}).json()
    assert page["count"] == size
    assert [e["index"] for e in page["items"]] == list(range(size - 10, size))
    assert page["next"] is None
    assert set(page["items"][0]) == {"index", "kind", "at", "data", "leaf_hash"}


def test_an_entry_proves_its_inclusion_in_the_signed_root(client, signed_log):
    _, second = signed_log
    head = client.get("/api/v1/ledger/tree-head").json()
    for index in (0, second.tree_size // 2, second.tree_size - 1):
        doc = client.get(f"/api/v1/ledger/entries/{index}").json()
        leaf = merkle.leaf_hash(leaf_bytes(kind=doc["kind"], at=doc["at"], data=doc["data"]))
        assert leaf.hex() == doc["leaf_hash"]
        proof = doc["proof"]
        assert (proof["tree_size"], proof["root_hash"]) == (head["tree_size"], head["root_hash"])
        path = [bytes.fromhex(p) for p in proof["audit_path"]]
        assert merkle.verify_inclusion(leaf, index, head["tree_size"], path, bytes.fromhex(head["root_hash"]))


def test_an_entry_proves_its_inclusion_in_an_older_head(client, signed_log):
    first, _ = signed_log
    index = first.tree_size - 1
    doc = client.get(f"/api/v1/ledger/entries/{index}", {"tree_size": first.tree_size}).json()
    path = [bytes.fromhex(p) for p in doc["proof"]["audit_path"]]
    leaf = bytes.fromhex(doc["leaf_hash"])
    assert merkle.verify_inclusion(leaf, index, first.tree_size, path, bytes.fromhex(first.root_hash))


def test_an_entry_not_yet_signed_has_no_proof(client, signed_log):
    _, second = signed_log
    assert client.get(f"/api/v1/ledger/entries/{second.tree_size}").json()["proof"] is None


def test_consistency_between_two_signed_heads(client, signed_log):
    first, second = signed_log
    doc = client.get("/api/v1/ledger/consistency", {"first": first.tree_size, "second": second.tree_size}).json()
    proof = [bytes.fromhex(p) for p in doc["proof"]]
    assert merkle.verify_consistency(
        first.tree_size, second.tree_size, bytes.fromhex(first.root_hash), bytes.fromhex(second.root_hash), proof
    )
    assert (doc["first_root_hash"], doc["second_root_hash"]) == (first.root_hash, second.root_hash)


def test_an_unknown_entry_is_a_404_problem(client, signed_log):
    r = client.get(f"/api/v1/ledger/entries/{selectors.log_size() + 5}")
    assert (r.status_code, r["Content-Type"], r.json()["code"]) == (404, PROBLEM, "ledger_unknown_entry")


@pytest.mark.parametrize(
    ("path", "params", "code"),
    [
        ("/api/v1/ledger/consistency", {"first": 5, "second": 3}, "ledger_bad_tree_size"),
        ("/api/v1/ledger/consistency", {"first": 0, "second": 10**9}, "ledger_bad_tree_size"),
        ("/api/v1/ledger/consistency", {"first": -1, "second": 3}, "validation_error"),
        ("/api/v1/ledger/consistency", {"first": "x", "second": 3}, "validation_error"),
        ("/api/v1/ledger/consistency", {"second": 3}, "validation_error"),
        ("/api/v1/ledger/entries/0", {"tree_size": 10**9}, "ledger_bad_tree_size"),
        ("/api/v1/ledger/entries/30", {"tree_size": 21}, "ledger_bad_tree_size"),
        ("/api/v1/ledger/entries", {"limit": 0}, "validation_error"),
    ],
)
def test_bad_sizes_are_422_problems(client, signed_log, path, params, code):
    r = client.get(path, params)
    assert (r.status_code, r["Content-Type"], r.json()["code"]) == (422, PROBLEM, code)


# ---------------------------------------------------------------- the public page


def test_the_page_shows_the_head_the_key_the_command_and_the_entries(client, signed_log, django_assert_max_num_queries):
    _, second = signed_log
    with django_assert_max_num_queries(8):
        r = client.get("/en/ledger/")
    html = r.content.decode()
    assert r.status_code == 200
    assert second.root_hash in html
    assert keys.public_key_b64() in html
    assert "kurultai audit verify --log" in html
    assert html.count("<tr>") == 1 + min(50, selectors.log_size())


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_page_exists_in_every_language(client, lang):
    assert client.get(f"/{lang}/ledger/").status_code == 200


def test_the_downloadable_export_verifies_offline(client, signed_log):
    _, second = signed_log
    r = client.get("/en/ledger/export.jsonl")
    lines = b"".join(r.streaming_content).decode().split("\n")
    assert lines.pop() == ""
    public = heads.b64decode(keys.public_key_b64(), size=32, what="key")
    report = offline.verify_lines(lines, public_key=public)
    assert (report.ok, report.tree_size) == (True, second.tree_size)
