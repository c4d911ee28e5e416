"""Signed tree heads: what is signed, and the Ed25519 signature over it.

A tree head states "the log had ``tree_size`` entries and their RFC 6962 root was
``root_hash`` at ``timestamp``". The signed message is the canonical JSON of exactly
those three fields::

    {"root_hash":"<64 hex>","timestamp":"2026-09-01T10:00:00Z","tree_size":1234}

signed with Ed25519 (RFC 8032). Keys and signatures travel as standard base64 of their
raw bytes: 32 bytes for a key, 64 for a signature.

Pure: no Django; the ``cryptography`` package does the signing.
"""

from __future__ import annotations

import base64
import binascii
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kurultai.common.canonical import canonical_json

KEY_SIZE = 32
SIGNATURE_SIZE = 64
HEX_HASH = re.compile(r"[0-9a-f]{64}")


class FormatError(ValueError):
    """A key or signature that is not well-formed; the message is one sentence."""


def b64encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def b64decode(text: str, *, size: int, what: str) -> bytes:
    """Strict standard base64 of exactly ``size`` bytes."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise FormatError(f"The {what} is not valid base64.") from None
    if len(raw) != size:
        raise FormatError(f"The {what} must be {size} bytes, not {len(raw)}.")
    return raw


def tree_head_bytes(*, tree_size: int, root_hash: str, timestamp: str) -> bytes:
    """The exact bytes a tree head's signature covers."""
    return canonical_json({"tree_size": tree_size, "root_hash": root_hash, "timestamp": timestamp})


def generate_private_key() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes_raw()


def public_key(private_key: bytes) -> bytes:
    """The raw 32-byte public key of a raw 32-byte private key."""
    key = Ed25519PrivateKey.from_private_bytes(private_key)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def sign(private_key: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_key).sign(message)


def verify(public: bytes, signature: bytes, message: bytes) -> bool:
    if len(public) != KEY_SIZE or len(signature) != SIGNATURE_SIZE:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def verify_tree_head(*, tree_size: int, root_hash: str, timestamp: str, signature: str, public_key_b64: str) -> bool:
    """Check a tree head as it travels (base64 signature and key); False on any malformed part."""
    try:
        public = b64decode(public_key_b64, size=KEY_SIZE, what="public key")
        sig = b64decode(signature, size=SIGNATURE_SIZE, what="signature")
    except FormatError:
        return False
    return verify(public, sig, tree_head_bytes(tree_size=tree_size, root_hash=root_hash, timestamp=timestamp))
