"""Citizen text and files: plain text through nh3, attachments by their content, safe file names.

Pure: no Django. Text is stored as plain text (markup removed, never rendered as HTML) and escaped
by the templates on display. Files are judged by their first bytes, never by the name or the
browser's declared type, and their names are rewritten to a safe form.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

import nh3

__all__ = [
    "ALLOWED_TYPES",
    "MAX_ATTACHMENTS",
    "MAX_ATTACHMENT_BYTES",
    "FileKind",
    "plain_text",
    "safe_filename",
    "sniff",
]

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 5


@dataclass(frozen=True, slots=True)
class FileKind:
    content_type: str
    extension: str


# Magic numbers: PDF (ISO 32000 header), PNG (RFC 2083 signature), JPEG (SOI marker + a marker).
_SIGNATURES: tuple[tuple[bytes, FileKind], ...] = (
    (b"%PDF-", FileKind("application/pdf", ".pdf")),
    (b"\x89PNG\r\n\x1a\n", FileKind("image/png", ".png")),
    (b"\xff\xd8\xff", FileKind("image/jpeg", ".jpg")),
)
ALLOWED_TYPES = tuple(kind.content_type for _, kind in _SIGNATURES)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


def plain_text(raw: str) -> str:
    """Markup removed (script and style contents too), control characters dropped, line ends normalised."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = html.unescape(nh3.clean(text, tags=set(), attributes={}))
    text = _CONTROL.sub("", text)
    # Trailing spaces and runs of blank lines carry nothing.
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def sniff(head: bytes) -> FileKind | None:
    """The kind of a file from its first bytes, or None when it is not an allowed kind."""
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    return None


def safe_filename(name: str, kind: FileKind, *, max_length: int = 100) -> str:
    """A file name safe to store and to offer for download, with the extension of its real kind.

    Path parts, control characters and anything but letters, digits, dots, dashes, underscores and
    spaces are removed; a name that is left empty becomes "attachment".
    """
    base = unicodedata.normalize("NFKC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = _CONTROL.sub("", base)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE_NAME.sub("_", stem)
    stem = re.sub(r"[ _]{2,}", "_", stem).strip(" ._-")
    stem = stem[: max_length - len(kind.extension)] or "attachment"
    return stem + kind.extension
