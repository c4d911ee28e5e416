"""Seat positions for a hemicycle diagram (pure core, no Django).

Seats sit on concentric half-rings; each ring holds seats in proportion to its radius so
spacing is even, and seats are numbered by angle from left to right so a party's seats
form one wedge, the way parliament diagrams are read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

INNER_RADIUS = 0.36


@dataclass(frozen=True, slots=True)
class Seat:
    x: float
    y: float
    r: float


def ring_count(total: int) -> int:
    # About 24 seats on the outer ring per 100 seats keeps dots round and readable.
    return max(1, min(12, math.ceil(math.sqrt(total) / 2.1)))


def hemicycle(total: int, *, rings: int | None = None) -> list[Seat]:
    """``total`` seats as (x, y, r) in a box x ∈ [-1, 1], y ∈ [0, 1] (y up), ordered left to right."""
    if total <= 0:
        return []
    n_rings = rings or ring_count(total)
    radii = [INNER_RADIUS + (1 - INNER_RADIUS) * (i + 0.5) / n_rings for i in range(n_rings)]
    weight = sum(radii)
    per_ring = [math.floor(total * r / weight) for r in radii]
    # Seats lost to rounding go to the outer rings, which have the most room.
    for i in range(total - sum(per_ring)):
        per_ring[-1 - (i % n_rings)] += 1
    dot = min(0.5 * (1 - INNER_RADIUS) / n_rings, max(0.004, math.pi * radii[-1] / max(per_ring[-1], 1) * 0.45))
    seats: list[tuple[float, float, Seat]] = []
    for radius, count in zip(radii, per_ring, strict=True):
        for j in range(count):
            angle = math.pi / 2 if count == 1 else math.pi * (1 - j / (count - 1))
            seat = Seat(x=radius * math.cos(angle), y=radius * math.sin(angle), r=dot * 0.9)
            seats.append((-angle, radius, seat))
    seats.sort(key=lambda item: (round(item[0], 9), item[1]))
    return [s for _, _, s in seats]


def colour_seats(total: int, groups: list[tuple[str, int, str]]) -> list[tuple[Seat, str, str]]:
    """Assign seats to (label, seats, colour) groups in order, left to right."""
    layout = hemicycle(total)
    out: list[tuple[Seat, str, str]] = []
    i = 0
    for label, count, colour in groups:
        for _ in range(count):
            if i < len(layout):
                out.append((layout[i], label, colour))
                i += 1
    return out
