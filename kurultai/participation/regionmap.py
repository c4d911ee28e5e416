"""Signatures by region as a tile map: one equal square per region, placed roughly where it lies.

Pure Python, no Django. Takes counts per ISO 3166-2 code and returns positions, fills and labels
for an SVG template; fills are SVG attributes because the site's CSP forbids inline styles. Equal
tiles keep small regions as visible as large ones, and the page always shows the same numbers as
a table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kurultai.common.kzgrid import COLUMNS, LAYOUT, ROWS

__all__ = ["LAYOUT", "PALETTE", "Tile", "TileMap", "tile_map"]

TILE, GAP = 96, 4
# Light to dark in the site's teal; the text colour on each keeps WCAG AA contrast (4.5:1).
PALETTE: tuple[tuple[str, str], ...] = (
    ("#ffffff", "#1b1f24"),
    ("#e6f2f4", "#1b1f24"),
    ("#b3d9e0", "#1b1f24"),
    ("#6fb3c2", "#1b1f24"),
    ("#2a8197", "#ffffff"),
    ("#005f73", "#ffffff"),
)


@dataclass(frozen=True, slots=True)
class Tile:
    code: str
    name: str
    count: int
    share: str  # "12.5" percent of all signatures, one decimal
    x: int
    y: int
    cx: int
    fill: str
    text_fill: str
    name_lines: tuple[tuple[str, int], ...]  # (text, y)
    count_y: int


@dataclass(frozen=True, slots=True)
class TileMap:
    tiles: tuple[Tile, ...]
    total: int
    width: int
    height: int
    tile: int = TILE


def _lines(name: str) -> tuple[str, ...]:
    if len(name) <= 13:
        return (name,)
    for sep in (" ", "-"):
        head, found, tail = name.partition(sep)
        if found and tail:
            return (head + ("-" if sep == "-" else ""), tail)
    return (name[:13], name[13:])


def _level(count: int, top: int) -> int:
    if count <= 0 or top <= 0:
        return 0
    # Five shades above zero, in proportion to the largest region.
    return min(len(PALETTE) - 1, 1 + (count * (len(PALETTE) - 1) - 1) // top)


def tile_map(counts: Mapping[str, int], names: Mapping[str, str]) -> TileMap:
    """Tiles for the 20 regions of ``LAYOUT``; codes missing from ``counts`` count as zero."""
    total = sum(max(0, counts.get(code, 0)) for code in LAYOUT)
    top = max((counts.get(code, 0) for code in LAYOUT), default=0)
    tiles = []
    for code, (col, row) in LAYOUT.items():
        count = max(0, counts.get(code, 0))
        fill, text_fill = PALETTE[_level(count, top)]
        x, y = col * (TILE + GAP), row * (TILE + GAP)
        lines = _lines(names.get(code, code))
        tiles.append(
            Tile(
                code=code,
                name=names.get(code, code),
                count=count,
                share=f"{100 * count / total:.1f}" if total else "0.0",
                x=x,
                y=y,
                cx=x + TILE // 2,
                fill=fill,
                text_fill=text_fill,
                name_lines=tuple((text, y + 20 + i * 14) for i, text in enumerate(lines)),
                count_y=y + TILE - 18,
            )
        )
    return TileMap(
        tiles=tuple(tiles), total=total, width=COLUMNS * (TILE + GAP) - GAP, height=ROWS * (TILE + GAP) - GAP
    )
