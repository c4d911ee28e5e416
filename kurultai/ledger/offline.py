"""Verify an export of the public record with nothing but the file and a public key.

This is what ``kurultai audit verify --log FILE`` runs, and what anyone can re-implement
from docs/ledger.md: no Django, no database, no network.

The export is JSON Lines. Every line but the last is one entry::

    {"at":"2026-09-01T10:00:00Z","data":{...},"index":0,"kind":"plenary.ballot.cast","leaf_hash":"<hex>"}

and the last line is the signed tree head that covers exactly those entries::

    {"public_key":"<base64>","root_hash":"<hex>","signature":"<base64>","timestamp":"...","tree_size":N}

The file verifies when every entry's leaf hash is SHA-256(0x00 || canonical JSON of its
kind, at and data), the indices run 0, 1, ..., N-1, the RFC 6962 root over those leaf
hashes is the head's root hash, and the head's Ed25519 signature holds. Any entry that
is changed, removed, added or moved breaks one of these, and the report names the first
line where that shows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from kurultai.common.canonical import canonical_json
from kurultai.ledger import heads, merkle
from kurultai.ledger.leaves import AT_PATTERN, KIND_PATTERN
from kurultai.ledger.parallel import cpu_count, fork_map

LEAF_KEYS = frozenset({"index", "kind", "at", "data", "leaf_hash"})
HEAD_KEYS = frozenset({"tree_size", "root_hash", "timestamp", "signature", "public_key"})
# A line is the tree head when it carries any of these (the export's own marker).
HEAD_MARKERS = frozenset({"tree_size", "root_hash", "signature"})


class _NotCanonical(ValueError):
    pass


def _refuse_float(text: str) -> NoReturn:
    raise _NotCanonical(f"the number {text} is not an integer")


def _refuse_constant(text: str) -> NoReturn:
    raise _NotCanonical(f"{text} is not JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        raise _NotCanonical("a key appears twice in one object")
    return value


# One decoder and one encoder for the whole file: json.loads(..., parse_float=...) would
# build a new decoder for every line. The encoder's settings are canonical_json's
# (kurultai.common.canonical); floats cannot reach it because the decoder refuses them.
_DECODER = json.JSONDecoder(parse_float=_refuse_float, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
# The fast path: without the pairs hook the whole line is decoded in C. A line that encodes back to
# itself is canonical, and a canonical line has no duplicate keys (a duplicate would be dropped
# and the line would not encode back); any other line is read again with _DECODER.
_FAST_DECODER = json.JSONDecoder(parse_float=_refuse_float, parse_constant=_refuse_constant)
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_scan = _FAST_DECODER.scan_once
# The C encoder itself, with canonical_json's settings, without JSONEncoder.encode's per-call set-up.
_c_encoder = json.encoder.c_make_encoder
_FAST_ENCODE = (
    _c_encoder(None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", True, False, True)
    if _c_encoder is not None
    else None
)


def _fast_decode(text: str) -> Any:
    """The line's value if it is one JSON value with nothing around it, else raise ValueError."""
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        raise ValueError("not JSON") from None
    if end != len(text):
        raise ValueError("extra data")
    return value


def _fast_encode(value: Any) -> str:
    if _FAST_ENCODE is None:
        return _ENCODER.encode(value)
    return "".join(_FAST_ENCODE(value, 0))


@dataclass(frozen=True)
class BadLine:
    line: int  # 1-based line of the file
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class OfflineReport:
    ok: bool
    entries: int
    tree_size: int | None = None
    root_hash: str | None = None
    timestamp: str | None = None
    public_key: str | None = None
    key_from_file: bool = False
    problem: BadLine | None = None

    def as_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"ok": self.ok, "entries": self.entries}
        if self.tree_size is not None:
            doc.update(
                tree_size=self.tree_size,
                root_hash=self.root_hash,
                timestamp=self.timestamp,
                public_key=self.public_key,
                key_from_file=self.key_from_file,
            )
        if self.problem is not None:
            doc["bad_line"] = self.problem.line
            doc["problem"] = self.problem.message
        return doc


def entry_line(*, index: int, kind: str, at: str, data: dict[str, Any], leaf_hash: str) -> bytes:
    """One entry line of an export (canonical JSON, without the newline)."""
    return canonical_json({"index": index, "kind": kind, "at": at, "data": data, "leaf_hash": leaf_hash})


def head_line(*, tree_size: int, root_hash: str, timestamp: str, signature: str, public_key: str) -> bytes:
    """The tree head line that ends an export."""
    return canonical_json(
        {
            "tree_size": tree_size,
            "root_hash": root_hash,
            "timestamp": timestamp,
            "signature": signature,
            "public_key": public_key,
        }
    )


def _bad(entries: int, line: int, message: str, **head: Any) -> OfflineReport:
    return OfflineReport(ok=False, entries=entries, problem=BadLine(line, message), **head)


PARALLEL_MIN_LINES = 1 << 13
"""Below this one process is quicker than forking workers (a fork is ~5 ms)."""


def verify_lines(
    lines: Iterable[str], *, public_key: bytes | None = None, processes: int | None = None
) -> OfflineReport:
    """Verify an export given as text lines (without their newlines); see the module docstring.

    With several CPUs the entries are checked by forked workers first (``processes``, default
    every CPU); if any of them meets a line that is not a good entry, the whole file is checked
    again here, in order, so the report names the same first bad line either way.
    """
    lines = lines if isinstance(lines, list) else list(lines)
    hashes, root = _hashes_in_parallel(lines, processes or cpu_count())
    found = _entries(lines, len(hashes), len(lines), hashes, offset=0)
    if isinstance(found, OfflineReport):
        return found
    head_at, head = found
    if head is None:
        return _bad(len(hashes), len(lines) + 1, "the file ends without a signed tree head")
    for number in range(head_at + 1, len(lines)):
        if lines[number].strip():
            return _bad(len(hashes), number + 1, "there is more after the tree head, which must be the last line")
    if root is None or len(hashes) != head_at:
        root = merkle.root_from_leaf_hashes(hashes)
    return _check_head(head, head_at + 1, len(hashes), root, public_key)


def _hashes_in_parallel(lines: list[str], processes: int) -> tuple[list[bytes], bytes | None]:
    """Leaf hashes of every line but the last and their root, when forked workers find them all good.

    Returns ``([], None)`` when one process is quicker, or when a worker meets anything else (a
    bad entry, a tree head before the end): the caller's check in order then finds and names it.
    Each worker also lifts its run of leaf hashes to one level of the tree (merkle.chunk_bounds).
    """
    body = len(lines) - 1
    if processes < 2 or body < PARALLEL_MIN_LINES:
        return [], None
    level, runs = merkle.chunk_bounds(body, processes)

    def check(run: tuple[int, int]) -> tuple[bytes, bytes] | None:
        start, stop = run
        hashes: list[bytes] = []
        if _entries(lines, start, stop, hashes, offset=start) != (stop, None):
            return None
        return b"".join(hashes), b"".join(merkle.lift(hashes, level))

    parts = fork_map(check, runs)
    if any(part is None for part in parts):
        return [], None
    leaves = merkle.split_hashes(b"".join(part[0] for part in parts if part is not None))
    nodes = merkle.split_hashes(b"".join(part[1] for part in parts if part is not None))
    return leaves, merkle.root_from_leaf_hashes(nodes)


def _entries(
    lines: list[str], start: int, stop: int, hashes: list[bytes], *, offset: int
) -> OfflineReport | tuple[int, dict[str, Any] | None]:
    """Check ``lines[start:stop]`` as entries ``offset + len(hashes)``, ..., appending their leaf hashes.

    Returns the report of the first bad line, or the position of the first tree head line and
    the head (``(stop, None)`` when there is none).
    """
    sha256, prefix = hashlib.sha256, b"\x00"
    decode, encode, fast_decode = _DECODER.decode, _fast_encode, _fast_decode
    at_match, kind_match = AT_PATTERN.fullmatch, KIND_PATTERN.fullmatch
    append = hashes.append
    for position in range(start, stop):
        text, number, index = lines[position], position + 1, offset + len(hashes)
        try:
            entry = fast_decode(text)
            canonical = type(entry) is dict and encode(entry) == text
            if not canonical:
                entry = decode(text)
        except ValueError as error:
            reason = str(error) if isinstance(error, _NotCanonical) else "it is not valid JSON"
            if not text.strip():
                reason = "it is empty"
            return _bad(index, number, f"the line cannot be read: {reason}")
        if not isinstance(entry, dict):
            return _bad(index, number, "the line is not a JSON object")
        if not HEAD_MARKERS.isdisjoint(entry):
            return position, entry
        if entry.keys() != LEAF_KEYS:
            return _bad(index, number, f"the keys of an entry are not exactly {', '.join(sorted(LEAF_KEYS))}")
        found = entry["index"]
        if type(found) is not int or found != index:
            return _bad(
                index, number, f"expected entry {index}, found {found!r}: entries are missing, added or out of order"
            )
        kind, at, data, stored = entry["kind"], entry["at"], entry["data"], entry["leaf_hash"]
        if not (isinstance(kind, str) and kind_match(kind)):
            return _bad(index, number, f"entry {index} has no valid kind")
        if not (isinstance(at, str) and at_match(at)):
            return _bad(index, number, f"entry {index} has no valid time")
        if not isinstance(data, dict):
            return _bad(index, number, f"the data of entry {index} is not an object")
        if canonical:
            # The line is {"at":..,"data":..,"index":..,"kind":..,"leaf_hash":..} in canonical form,
            # so the leaf {"at":..,"data":..,"kind":..} is its head up to "index" plus the kind.
            kind_part = ',"kind":' + encode(kind)
            cut = len(text) - len(',"leaf_hash":' + encode(stored) + "}") - len(kind_part) - len(f',"index":{index}')
            leaf = (text[:cut] + kind_part + "}").encode()
        else:
            leaf = encode({"kind": kind, "at": at, "data": data}).encode()
        digest = sha256(prefix + leaf).digest()
        if not isinstance(stored, str) or digest.hex() != stored:
            return _bad(index, number, f"entry {index} does not match its leaf hash: it was changed")
        append(digest)
    return stop, None


def _check_head(head: dict[str, Any], line: int, count: int, root: bytes, public_key: bytes | None) -> OfflineReport:
    if head.keys() != HEAD_KEYS:
        return _bad(count, line, f"the keys of the tree head are not exactly {', '.join(sorted(HEAD_KEYS))}")
    size, root_hash, timestamp = head["tree_size"], head["root_hash"], head["timestamp"]
    signature, file_key = head["signature"], head["public_key"]
    if type(size) is not int or not all(isinstance(v, str) for v in (root_hash, timestamp, signature, file_key)):
        return _bad(count, line, "the tree head has a field of the wrong type")
    key = heads.b64encode(public_key) if public_key is not None else file_key
    facts: dict[str, Any] = {
        "tree_size": size,
        "root_hash": root_hash,
        "timestamp": timestamp,
        "public_key": key,
        "key_from_file": public_key is None,
    }
    if size != count:
        return _bad(
            count, line, f"the tree head covers {size} entries but the file holds {count}: entries were removed"
        )
    if not heads.HEX_HASH.fullmatch(root_hash):
        return _bad(count, line, "the tree head's root hash is not 64 lowercase hex digits")
    if root.hex() != root_hash:
        return _bad(count, line, "the root over the entries differs from the tree head's: the log was changed", **facts)
    if not heads.verify_tree_head(
        tree_size=size, root_hash=root_hash, timestamp=timestamp, signature=signature, public_key_b64=key
    ):
        return _bad(count, line, "the tree head's signature does not verify with the public key", **facts)
    return OfflineReport(ok=True, entries=count, **facts)


def verify_file(path: Path, *, public_key: bytes | None = None) -> OfflineReport:
    """Verify an export file. OSError and UnicodeDecodeError are the caller's to report."""
    text = path.read_text(encoding="utf-8")
    # Split on "\n" only: str.splitlines() would also split at U+2028 and friends, which
    # canonical JSON leaves unescaped inside strings.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return verify_lines(lines, public_key=public_key)
