"""Offline verification of an export: an intact file verifies, any change names its first bad line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurultai.ledger import heads, merkle, offline
from kurultai.ledger.leaves import leaf_bytes

PRIVATE = bytes(range(32))
PUBLIC = heads.public_key(PRIVATE)
OPTIONS = ("yes", "no", "abstain")


def make_export(n: int, *, private: bytes = PRIVATE, extra: dict | None = None) -> list[str]:
    """An export in the `kurultai audit export` format, built from the pure parts only."""
    lines, hashes = [], []
    for i in range(n):
        kind, at = "plenary.ballot.cast", f"2026-09-01T10:{i // 60 % 60:02d}:{i % 60:02d}Z"
        data = {"vote_event": f"ve-{i // 145}", "deputy": f"demo-deputy-{i % 145:03d}", "option": OPTIONS[i % 3]}
        data.update(extra or {})
        digest = merkle.leaf_hash(leaf_bytes(kind=kind, at=at, data=data))
        hashes.append(digest)
        line = offline.entry_line(index=i, kind=kind, at=at, data=data, leaf_hash=digest.hex())
        lines.append(line.decode())
    root_hash, timestamp = merkle.root_from_leaf_hashes(hashes).hex(), "2026-09-01T11:00:00Z"
    signature = heads.sign(private, heads.tree_head_bytes(tree_size=n, root_hash=root_hash, timestamp=timestamp))
    head = offline.head_line(
        tree_size=n,
        root_hash=root_hash,
        timestamp=timestamp,
        signature=heads.b64encode(signature),
        public_key=heads.b64encode(heads.public_key(private)),
    )
    return [*lines, head.decode()]


def bad_line(lines: list[str], **kwargs: bytes) -> int | None:
    report = offline.verify_lines(lines, **kwargs)
    return None if report.ok else report.problem.line  # type: ignore[union-attr]


def edited(lines: list[str], i: int, change) -> list[str]:  # type: ignore[no-untyped-def]
    entry = json.loads(lines[i])
    change(entry)
    return [*lines[:i], json.dumps(entry, ensure_ascii=False), *lines[i + 1 :]]


@pytest.mark.parametrize("processes", [1, 2, 5])
def test_an_intact_export_verifies_and_reports_its_head(processes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offline, "PARALLEL_MIN_LINES", 0)
    lines = make_export(300)
    report = offline.verify_lines(lines, processes=processes)
    assert report.ok
    assert (report.entries, report.tree_size, report.key_from_file) == (300, 300, True)
    assert report.root_hash == json.loads(lines[-1])["root_hash"]
    assert offline.verify_lines(lines, public_key=PUBLIC).key_from_file is False


def test_an_empty_log_is_its_signed_head_alone() -> None:
    lines = make_export(0)
    assert json.loads(lines[0])["root_hash"] == merkle.EMPTY_ROOT.hex()
    assert offline.verify_lines(lines, public_key=PUBLIC).ok


@pytest.mark.parametrize(
    ("name", "tamper", "line", "message"),
    [
        ("changed vote", lambda ls: edited(ls, 40, lambda e: e["data"].update(option="yes")), 41, "leaf hash"),
        ("changed time", lambda ls: edited(ls, 40, lambda e: e.update(at="2026-09-01T09:00:00Z")), 41, "leaf hash"),
        ("added key", lambda ls: edited(ls, 40, lambda e: e.update(tampered=True)), 41, "keys of an entry"),
        ("float", lambda ls: edited(ls, 40, lambda e: e["data"].update(share=0.5)), 41, "not an integer"),
        ("removed", lambda ls: ls[:40] + ls[41:], 41, "missing, added or out of order"),
        ("reordered", lambda ls: [*ls[:40], ls[41], ls[40], *ls[42:]], 41, "out of order"),
        ("duplicated", lambda ls: [*ls[:41], ls[40], *ls[41:]], 42, "out of order"),
        ("last removed", lambda ls: [*ls[:-2], ls[-1]], 100, "covers 100 entries but the file holds 99"),
        ("head removed", lambda ls: ls[:-1], 101, "without a signed tree head"),
        ("after the head", lambda ls: [*ls, ls[0]], 102, "more after the tree head"),
        ("blank line", lambda ls: [*ls[:5], "", *ls[5:]], 6, "empty"),
        ("not json", lambda ls: [*ls[:5], "{", *ls[6:]], 6, "not valid JSON"),
        (
            "duplicate key",
            lambda ls: [*ls[:5], ls[5].replace('"index":5,', '"index":5,"index":5,'), *ls[6:]],
            6,
            "twice",
        ),
        ("bigger head", lambda ls: edited(ls, 100, lambda e: e.update(tree_size=101)), 101, "covers 101"),
        ("root", lambda ls: edited(ls, 100, lambda e: e.update(root_hash="0" * 64)), 101, "root over the entries"),
        (
            "signature",
            lambda ls: edited(ls, 100, lambda e: e.update(timestamp="2027-01-01T00:00:00Z")),
            101,
            "signature",
        ),
    ],
)
@pytest.mark.parametrize("processes", [1, 2, 3])
def test_every_kind_of_tampering_names_the_first_bad_line(name, tamper, line, message, processes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # In forked workers too (however small the file): the report names the same first bad line.
    monkeypatch.setattr(offline, "PARALLEL_MIN_LINES", 0)
    report = offline.verify_lines(tamper(make_export(100)), processes=processes)
    assert not report.ok
    assert report.problem.line == line
    assert message in report.problem.message


def test_a_consistently_rehashed_entry_breaks_the_signed_root() -> None:
    lines = make_export(50)

    def forge(entry: dict) -> None:
        entry["data"]["option"] = "no" if entry["data"]["option"] == "yes" else "yes"
        leaf = leaf_bytes(kind=entry["kind"], at=entry["at"], data=entry["data"])
        entry["leaf_hash"] = merkle.leaf_hash(leaf).hex()

    report = offline.verify_lines(edited(lines, 10, forge))
    assert (report.ok, report.problem.line) == (False, 51)  # type: ignore[union-attr]
    assert "root over the entries differs" in report.problem.message  # type: ignore[union-attr]


def test_a_log_re_signed_by_another_key_fails_against_the_published_key() -> None:
    forged = make_export(20, private=bytes(32))
    assert offline.verify_lines(forged).ok  # consistent with the key it carries...
    report = offline.verify_lines(forged, public_key=PUBLIC)  # ...but not with the published one
    assert not report.ok
    assert "signature does not verify" in report.problem.message  # type: ignore[union-attr]


@given(st.integers(1, 60), st.data())
def test_any_single_change_to_a_vote_is_caught_on_its_line(n: int, data: st.DataObject) -> None:
    lines = make_export(n)
    i = data.draw(st.integers(0, n - 1))
    vote = json.loads(lines[i])["data"]["option"]
    other = data.draw(st.sampled_from([o for o in OPTIONS if o != vote]))
    assert bad_line(edited(lines, i, lambda e: e["data"].update(option=other)), public_key=PUBLIC) == i + 1


@given(st.integers(2, 60), st.data())
def test_any_removed_or_swapped_entry_is_caught(n: int, data: st.DataObject) -> None:
    lines = make_export(n)
    i = data.draw(st.integers(0, n - 2))
    assert bad_line([*lines[:i], *lines[i + 1 :]]) is not None
    assert bad_line([*lines[:i], lines[i + 1], lines[i], *lines[i + 2 :]]) == i + 1


def test_a_file_is_split_on_newlines_only(tmp_path: Path) -> None:
    # Canonical JSON leaves U+2028 unescaped; splitting at it would cut an entry in two.
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(make_export(5, extra={"note": "a\u2028b\u0085c"})) + "\n", encoding="utf-8")
    assert offline.verify_file(path, public_key=PUBLIC).ok
