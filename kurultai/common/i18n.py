"""Per-language content values (django-modeltranslation columns)."""

from __future__ import annotations

from typing import Any

CONTENT_LANGUAGES = ("kk", "ru", "en")


def set_translations(obj: Any, field: str, values: dict[str, str]) -> None:
    """Set ``field_kk``, ``field_ru``, ``field_en`` and the default column (Kazakh first, then any)."""
    for lang, value in values.items():
        if lang not in CONTENT_LANGUAGES:
            raise ValueError(f"unknown content language {lang!r}")
        setattr(obj, f"{field}_{lang}", value)
    setattr(obj, field, values.get("kk") or next(iter(values.values())))
