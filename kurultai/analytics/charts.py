"""Geometry of the server-rendered SVG charts (the templates draw it; tables beside them carry
the same numbers). Pure Python: plain numbers in, plain numbers out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Bar", "ScatterPoint", "TrendChart", "scatter", "trend_chart"]

WIDTH = 640
HEIGHT = 240
PAD_LEFT = 44
PAD_RIGHT = 44
PAD_TOP = 16
PAD_BOTTOM = 36


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True, slots=True)
class TrendChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    # "x,y x,y ..." of the median line, split where a month has no answer.
    lines: tuple[str, ...]
    dots: tuple[tuple[float, float, float], ...]  # x, y, value
    count_max: int
    days_max: float
    baseline: float
    left_ticks: tuple[tuple[float, int], ...]  # y, value
    right_ticks: tuple[tuple[float, float], ...]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000):
        top = step * 4
        if value <= top:
            return float(top)
    return float(value)


def trend_chart(labels: Sequence[str], counts: Sequence[int], medians: Sequence[float | None]) -> TrendChart:
    """Bars: records received per month (left axis); line: median working days (right axis)."""
    n = len(labels)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    baseline = float(PAD_TOP + plot_h)
    count_max = _nice_max(max(counts, default=0))
    days_max = _nice_max(max((m for m in medians if m is not None), default=0.0))
    slot = plot_w / n if n else plot_w
    bars = []
    dots = []
    lines: list[str] = []
    current: list[str] = []
    for i, (label, count, med) in enumerate(zip(labels, counts, medians, strict=True)):
        h = plot_h * count / count_max
        x = PAD_LEFT + i * slot
        bars.append(
            Bar(round(x + slot * 0.15, 1), round(baseline - h, 1), round(slot * 0.7, 1), round(h, 1), label, count)
        )
        cx = round(x + slot / 2, 1)
        if med is None:
            if current:
                lines.append(" ".join(current))
            current = []
            continue
        cy = round(baseline - plot_h * med / days_max, 1)
        current.append(f"{cx},{cy}")
        dots.append((cx, cy, med))
    if current:
        lines.append(" ".join(current))
    left = tuple((round(baseline - plot_h * k / 4, 1), int(count_max * k / 4)) for k in range(5))
    right = tuple((round(baseline - plot_h * k / 4, 1), days_max * k / 4) for k in range(5))
    return TrendChart(
        WIDTH, HEIGHT, tuple(bars), tuple(lines), tuple(dots), int(count_max), days_max, baseline, left, right
    )


@dataclass(frozen=True, slots=True)
class ScatterPoint:
    x: float
    y: float
    group: int


def scatter(points: Sequence[tuple[float, float, int]], *, size: int = 400, pad: int = 16) -> list[ScatterPoint]:
    """Map (x, y, group) to an SVG square of ``size``, keeping the aspect ratio; y grows upwards."""
    if not points:
        return []
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx = (max(xs) + min(xs)) / 2
    cy = (max(ys) + min(ys)) / 2
    scale = (size - 2 * pad) / span
    half = size / 2
    return [ScatterPoint(round(half + (x - cx) * scale, 1), round(half - (y - cy) * scale, 1), g) for x, y, g in points]
