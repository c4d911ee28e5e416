"""Small template filters of the analytics pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def top_items(mapping: dict[str, int], n: int) -> list[tuple[str, int]]:
    return sorted(mapping.items(), key=lambda kv: (-kv[1], kv[0]))[: int(n)]
