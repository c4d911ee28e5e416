"""The DCAT-style catalogue of a bulk export (pure: no Django).

Each distribution names its file by a path relative to the export directory, with its
byte size, SHA-256 and media type, so a reader can check a download offline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
MEDIA_TYPES = {
    ".json": "application/json",
    ".csv": "text/csv",
    ".xml": "application/akn+xml",
    ".zip": "application/zip",
}
CHUNK = 1 << 16


@dataclass(frozen=True)
class Distribution:
    path: str  # relative to the export directory, with forward slashes
    title: str
    description: str
    media_type: str
    byte_size: int
    sha256: str
    modified: str  # ISO 8601, UTC

    def as_dict(self, licence: str) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "description": self.description,
            "license": licence,
            "mediaType": self.media_type,
            "byteSize": self.byte_size,
            "sha256": self.sha256,
            "checksum": {"algorithm": "spdx:checksumAlgorithm_sha256", "checksumValue": self.sha256},
            "modified": self.modified,
        }


def media_type(name: str) -> str:
    return MEDIA_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def describe(root: Path, rel: str, *, title: str, description: str, modified: str) -> Distribution:
    """One file under ``root`` as a distribution; ``rel`` must stay inside ``root``."""
    target = (root / rel).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ValueError(f"{rel!r} leaves the export directory")
    return Distribution(
        path=rel.replace("\\", "/"),
        title=title,
        description=description,
        media_type=media_type(rel),
        byte_size=target.stat().st_size,
        sha256=file_sha256(target),
        modified=modified,
    )


def catalogue(
    distributions: Iterable[Distribution],
    *,
    title: str,
    description: str,
    licence: str,
    publisher: str,
    issued: str,
) -> dict[str, Any]:
    """A DCAT catalogue with one dataset whose distributions are the files (sorted by path)."""
    files = sorted(distributions, key=lambda d: d.path)
    return {
        "@context": "https://www.w3.org/ns/dcat.jsonld",
        "@type": "dcat:Catalog",
        "title": title,
        "description": description,
        "license": licence,
        "publisher": publisher,
        "issued": issued,
        "modified": issued,
        "distribution": [d.as_dict(licence) for d in files],
    }


def verify(root: Path, document: dict[str, Any]) -> list[str]:
    """The paths whose size or SHA-256 no longer match the catalogue (empty when all hold)."""
    wrong = []
    for entry in document.get("distribution", []):
        target = root / str(entry["path"])
        if not target.is_file() or target.stat().st_size != entry["byteSize"] or file_sha256(target) != entry["sha256"]:
            wrong.append(str(entry["path"]))
    return wrong
