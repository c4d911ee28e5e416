"""A tile map of Kazakhstan's 20 regions: one equal square each, placed roughly where the region is.

Pure Python, no Django: it takes values per ISO 3166-2 code and returns positions, fills and
labels for an SVG template (fills are SVG attributes: the site's CSP forbids inline styles).
Equal tiles keep small regions as visible as large ones; a table always goes with the map.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from kurultai.common.kzgrid import COLUMNS, LAYOUT, ROWS

__all__ = ["LAYOUT", "NO_DATA_FILL", "PALETTE", "Bin", "Line", "Tile", "TileMap", "tile_map"]

TILE_W, TILE_H, GAP = 100, 64, 4
# A sequential scale in the site's teal; text on each fill meets WCAG AA (4.5:1).
PALETTE: tuple[tuple[str, str], ...] = (
    ("#e6f2f4", "#1b1f24"),
    ("#b3d9e0", "#1b1f24"),
    ("#6fb3c2", "#1b1f24"),
    ("#2a8197", "#ffffff"),
    ("#005f73", "#ffffff"),
)
NO_DATA_FILL = ("#ffffff", "#59636e")
LABEL_SPLIT = 12  # longer names wrap onto two lines
NAME_TOP, LINE_HEIGHT, LABEL_BOTTOM = 16, 12, 12


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    y: int


@dataclass(frozen=True, slots=True)
class Tile:
    code: str
    x: int
    y: int
    value: float | None
    level: int  # -1 when there is no value
    fill: str
    text_fill: str
    lines: tuple[Line, ...]  # the region's name, one or two lines
    label: str  # the value as shown
    cx: int  # the horizontal centre of the texts
    label_y: int


@dataclass(frozen=True, slots=True)
class Bin:
    low: float
    high: float
    fill: str


@dataclass(frozen=True, slots=True)
class TileMap:
    tiles: tuple[Tile, ...]
    bins: tuple[Bin, ...]
    width: int
    height: int
    tile_width: int = TILE_W
    tile_height: int = TILE_H


def _lines(name: str) -> tuple[str, ...]:
    if len(name) <= LABEL_SPLIT:
        return (name,)
    for sep in ("-", " "):
        head, found, tail = name.partition(sep)
        if found and tail:
            return (head + (sep if sep == "-" else ""), tail)
    return (name,)


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}" if decimals else f"{value:.0f}"


def _scale(top: float, integer: bool) -> tuple[float, int]:
    """(class width, classes used). Counts get whole-number classes; rates equal fifths of the top."""
    levels = len(PALETTE)
    if integer:
        step = float(max(1, math.ceil((top + 1) / levels)))
        return step, min(levels, int(top // step) + 1)
    return (top / levels, levels) if top > 0 else (0.0, 0)


def _palette_index(level: int, used: int) -> int:
    """Spread the classes used over the whole palette, so few classes still differ clearly."""
    last = len(PALETTE) - 1
    return 0 if used <= 1 else round(level * last / (used - 1))


def tile_map(values: Mapping[str, float | None], names: Mapping[str, str], *, decimals: int = 0) -> TileMap:
    """Tiles for the codes in ``LAYOUT``, coloured by class; ``decimals=0`` means the values are counts."""
    integer = decimals == 0
    present = [v for v in values.values() if v is not None]
    step, used = _scale(max(present), integer) if present else (0.0, 0)
    tiles = []
    for code, (col, row) in LAYOUT.items():
        value = values.get(code)
        if value is None or not used:
            level, (fill, text_fill) = -1, NO_DATA_FILL
            label = "—" if value is None else _fmt(value, decimals)
        else:
            level = min(used - 1, int(value // step)) if step else 0
            fill, text_fill = PALETTE[_palette_index(level, used)]
            label = _fmt(value, decimals)
        x, y = col * (TILE_W + GAP), row * (TILE_H + GAP)
        lines = _lines(names.get(code, code))
        tiles.append(
            Tile(
                code=code,
                x=x,
                y=y,
                value=value,
                level=level,
                fill=fill,
                text_fill=text_fill,
                lines=tuple(Line(text, y + NAME_TOP + i * LINE_HEIGHT) for i, text in enumerate(lines)),
                label=label,
                cx=x + TILE_W // 2,
                label_y=y + TILE_H - LABEL_BOTTOM,
            )
        )
    bins = tuple(
        Bin(
            low=i * step,
            high=(i + 1) * step - 1 if integer else (i + 1) * step,
            fill=PALETTE[_palette_index(i, used)][0],
        )
        for i in range(used)
    )
    return TileMap(
        tiles=tuple(tiles),
        bins=bins,
        width=COLUMNS * (TILE_W + GAP) - GAP,
        height=ROWS * (TILE_H + GAP) - GAP,
    )
