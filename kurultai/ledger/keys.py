"""The Ed25519 key that signs tree heads, from settings (read when needed, never at import).

``LEDGER_SIGNING_KEY`` (base64 of the raw 32-byte private key) is the production way;
settings refuse to start production without it. In development and tests a key is
generated once and kept at ``LEDGER_SIGNING_KEY_FILE`` (``VAR_DIR/ledger-ed25519.key``,
mode 0600), so the demo's tree heads keep verifying across restarts.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kurultai.ledger import heads


def _read_key_file(path: Path) -> bytes:
    try:
        return heads.b64decode(path.read_text(encoding="ascii"), size=heads.KEY_SIZE, what="ledger key file")
    except (heads.FormatError, UnicodeDecodeError) as error:
        raise ImproperlyConfigured(f"{path} does not hold a base64 Ed25519 key: {error}") from None


def _create_key_file(path: Path) -> bytes:
    key = heads.generate_private_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written in full under a private name, then linked into place: link() refuses an
    # existing file, so two processes starting at once agree on one key, and neither
    # ever reads a half-written file.
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(heads.b64encode(key) + "\n")
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return key


def signing_key() -> bytes:
    """The raw 32-byte private key."""
    configured: bytes | None = settings.LEDGER_SIGNING_KEY
    if configured is not None:
        return configured
    if settings.PRODUCTION:
        raise ImproperlyConfigured("production refuses a missing LEDGER_SIGNING_KEY")
    path = Path(settings.LEDGER_SIGNING_KEY_FILE)
    try:
        return _read_key_file(path)
    except FileNotFoundError:
        pass
    try:
        return _create_key_file(path)
    except FileExistsError:
        return _read_key_file(path)


def public_key_b64() -> str:
    """The public key as published on the site and in every export."""
    return heads.b64encode(heads.public_key(signing_key()))
