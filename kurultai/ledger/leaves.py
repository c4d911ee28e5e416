"""What a leaf of the public record is (DESIGN.md, "The public record's leaves").

A leaf is the canonical JSON (kurultai.common.canonical: keys sorted, no insignificant
whitespace, UTF-8, no floats) of ``{"kind": ..., "at": ..., "data": {...}}``:

* ``kind`` is a dotted action name, ``plenary.ballot.cast`` (pretix ``log_action``);
* ``at`` is the moment in UTC to the second, ``2026-09-01T10:00:00Z``;
* ``data`` is an object of strings, integers, booleans, nulls, lists and objects.

Personal data never enters a leaf: the log is public and can never be edited, so a
leaf names deputies by their public identifier and citizens only by a salted hash
(a petition signature carries the hash of the signer, never an IIN). Callers pass
data that is already safe to publish for ever.

Pure: no Django.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from kurultai.common.canonical import canonical_json

AT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
AT_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
KIND_PATTERN = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")
MAX_KIND_LENGTH = 100
MAX_DEPTH = 16
# Key names that only personal data would use. A guard against accidents, not a proof:
# callers are responsible for publishing nothing personal (see the module docstring).
PERSONAL_KEYS = frozenset({"iin", "email", "phone", "password", "address"})


class LeafError(ValueError):
    """A leaf that the log refuses; the message is one sentence."""


def format_at(moment: datetime) -> str:
    """An aware datetime as the leaf's ``at``: UTC, whole seconds."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise LeafError("A ledger time must carry a time zone.")
    return moment.astimezone(UTC).strftime(AT_FORMAT)


def parse_at(text: str) -> datetime:
    if not AT_PATTERN.fullmatch(text):
        raise LeafError(f"{text!r} is not a UTC time in the form YYYY-MM-DDTHH:MM:SSZ.")
    try:
        return datetime.strptime(text, AT_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise LeafError(f"{text!r} is not a real date and time.") from None


def check_kind(kind: str) -> str:
    if not isinstance(kind, str) or len(kind) > MAX_KIND_LENGTH or not KIND_PATTERN.fullmatch(kind):
        raise LeafError(f"{kind!r} is not a dotted kind such as plenary.ballot.cast.")
    return kind


def _check_value(value: Any, where: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise LeafError(f"The data nests deeper than {MAX_DEPTH} levels at {where}.")
    if isinstance(value, str):
        # PostgreSQL's jsonb cannot store NUL, and a leaf must read back byte for byte.
        if "\x00" in value:
            raise LeafError(f"The text at {where} contains a NUL character.")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise LeafError(f"The text at {where} is not valid Unicode (a lone surrogate).") from None
    elif value is None or isinstance(value, bool | int):
        return
    elif isinstance(value, float):
        raise LeafError(f"The number at {where} is a float; ledger data carries integers and strings only.")
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise LeafError(f"The key {key!r} at {where} is not a string.")
            if key.lower() in PERSONAL_KEYS:
                raise LeafError(f"The key {where}.{key} names personal data, which never enters the public record.")
            _check_value(key, f"{where}.{key}", depth + 1)
            _check_value(item, f"{where}.{key}", depth + 1)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_value(item, f"{where}[{i}]", depth + 1)
    else:
        raise LeafError(f"The value at {where} is a {type(value).__name__}, which JSON cannot carry.")


def check_data(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise LeafError("The data of a leaf is a JSON object.")
    _check_value(data, "data", 0)
    return data


def leaf_bytes(*, kind: str, at: str, data: dict[str, Any]) -> bytes:
    """The canonical bytes of a leaf, after checking every part of it."""
    check_kind(kind)
    parse_at(at)
    check_data(data)
    return canonical_json({"kind": kind, "at": at, "data": data})
