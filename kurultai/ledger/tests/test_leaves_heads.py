"""The leaf format (DESIGN.md, "The public record's leaves") and signed tree heads."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kurultai.common.canonical import canonical_json
from kurultai.ledger import heads, merkle
from kurultai.ledger.leaves import PERSONAL_KEYS, LeafError, format_at, leaf_bytes, parse_at

BALLOT = {"vote_event": "ve-2026-0001", "deputy": "demo-deputy-001", "option": "yes"}

# Any Unicode scalar value but NUL, which PostgreSQL's jsonb cannot store (surrogates are not scalars).
TEXT = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet=TEXT),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "option", "Ω", "x y"]), inner, max_size=4)
    ),
    max_leaves=12,
)


def test_a_leaf_is_canonical_json_of_kind_at_and_data() -> None:
    leaf = leaf_bytes(kind="plenary.ballot.cast", at="2026-09-01T10:00:00Z", data=BALLOT)
    assert leaf == (
        b'{"at":"2026-09-01T10:00:00Z","data":{"deputy":"demo-deputy-001","option":"yes",'
        b'"vote_event":"ve-2026-0001"},"kind":"plenary.ballot.cast"}'
    )
    assert merkle.leaf_hash(leaf) == hashlib.sha256(b"\x00" + leaf).digest()


def test_non_ascii_text_is_utf8_not_escaped() -> None:
    leaf = leaf_bytes(kind="legislation.stage.decided", at="2026-09-01T10:00:00Z", data={"title": "Заң"})
    assert "Заң".encode() in leaf


@settings(suppress_health_check=[HealthCheck.too_slow])  # nested JSON draws are slow on a busy machine
@given(
    st.dictionaries(st.text(alphabet=TEXT, max_size=5).filter(lambda k: k.lower() not in PERSONAL_KEYS), json_values)
)
def test_key_order_never_changes_the_leaf(data: dict) -> None:
    reversed_data = dict(reversed(list(data.items())))
    at = "2026-09-01T10:00:00Z"
    assert leaf_bytes(kind="a.b", at=at, data=data) == leaf_bytes(kind="a.b", at=at, data=reversed_data)


@pytest.mark.parametrize(
    ("kind", "at", "data", "message"),
    [
        ("ballot", "2026-09-01T10:00:00Z", {}, "dotted kind"),
        ("Plenary.Ballot", "2026-09-01T10:00:00Z", {}, "dotted kind"),
        ("plenary.ballot.cast", "2026-09-01 10:00:00", {}, "YYYY-MM-DDTHH:MM:SSZ"),
        ("plenary.ballot.cast", "2026-02-30T10:00:00Z", {}, "real date"),
        ("plenary.ballot.cast", "2026-09-01T10:00:00Z", [], "JSON object"),
        ("plenary.ballot.cast", "2026-09-01T10:00:00Z", {"share": 0.5}, "float"),
        ("plenary.ballot.cast", "2026-09-01T10:00:00Z", {"nested": [{"x": 1.0}]}, "float"),
        ("plenary.ballot.cast", "2026-09-01T10:00:00Z", {"note": "a\x00b"}, "NUL"),
        ("plenary.ballot.cast", "2026-09-01T10:00:00Z", {"note": "\ud800"}, "surrogate"),
        ("plenary.ballot.cast", "2026-09-01T10:00:00Z", {"signer": {"IIN": "900101300123"}}, "personal data"),
        ("plenary.ballot.cast", "2026-09-01T10:00:00Z", {"when": datetime(2026, 1, 1, tzinfo=UTC)}, "datetime"),
    ],
)
def test_refused_leaves(kind: str, at: str, data: object, message: str) -> None:
    with pytest.raises(LeafError, match=message):
        leaf_bytes(kind=kind, at=at, data=data)  # type: ignore[arg-type]


def test_times_are_utc_to_the_second() -> None:
    almaty = timezone(timedelta(hours=5))
    assert format_at(datetime(2026, 9, 1, 15, 0, 0, 999_999, tzinfo=almaty)) == "2026-09-01T10:00:00Z"
    assert parse_at("2026-09-01T10:00:00Z") == datetime(2026, 9, 1, 10, tzinfo=UTC)
    with pytest.raises(LeafError, match="time zone"):
        format_at(datetime(2026, 9, 1, 10))  # noqa: DTZ001 - the naive time is the point


def test_a_tree_head_signs_canonical_json_of_size_root_and_time() -> None:
    message = heads.tree_head_bytes(tree_size=3, root_hash="ab" * 32, timestamp="2026-09-01T10:00:00Z")
    assert message == canonical_json({"root_hash": "ab" * 32, "timestamp": "2026-09-01T10:00:00Z", "tree_size": 3})
    private = heads.generate_private_key()
    signature = heads.sign(private, message)
    public = heads.public_key(private)
    assert heads.verify(public, signature, message)
    assert not heads.verify(public, signature, message.replace(b"3", b"4"))
    assert not heads.verify(heads.public_key(heads.generate_private_key()), signature, message)
    assert heads.verify_tree_head(
        tree_size=3,
        root_hash="ab" * 32,
        timestamp="2026-09-01T10:00:00Z",
        signature=heads.b64encode(signature),
        public_key_b64=heads.b64encode(public),
    )


def test_ed25519_matches_rfc8032_test_vector_1() -> None:
    private = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    assert heads.public_key(private).hex() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    assert heads.sign(private, b"").hex() == (
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [("not base64!", "not valid base64"), ("AAAA", "must be 32 bytes, not 3")],
)
def test_malformed_keys_are_refused(text: str, message: str) -> None:
    with pytest.raises(heads.FormatError, match=message):
        heads.b64decode(text, size=heads.KEY_SIZE, what="public key")
    assert not heads.verify_tree_head(
        tree_size=0, root_hash=merkle.EMPTY_ROOT.hex(), timestamp="x", signature="AAAA", public_key_b64=text
    )
