"""Where each of Kazakhstan's 20 regions sits on a 6 × 4 grid of equal tiles (pure, no Django).

Shared by the Council of Regions' indicator maps and the petitions' signature maps, so a region
is always in the same place on every map of the site.
"""

from __future__ import annotations

__all__ = ["COLUMNS", "LAYOUT", "ROWS"]

# (column, row), west to east and north to south.
LAYOUT: dict[str, tuple[int, int]] = {
    "KZ-27": (0, 0),  # West Kazakhstan
    "KZ-15": (1, 0),  # Aktobe
    "KZ-39": (2, 0),  # Kostanay
    "KZ-59": (3, 0),  # North Kazakhstan
    "KZ-55": (4, 0),  # Pavlodar
    "KZ-63": (5, 0),  # East Kazakhstan
    "KZ-23": (0, 1),  # Atyrau
    "KZ-62": (2, 1),  # Ulytau
    "KZ-11": (3, 1),  # Akmola
    "KZ-71": (4, 1),  # Astana
    "KZ-10": (5, 1),  # Abai
    "KZ-47": (0, 2),  # Mangystau
    "KZ-43": (1, 2),  # Kyzylorda
    "KZ-61": (2, 2),  # Turkistan
    "KZ-35": (3, 2),  # Karaganda
    "KZ-19": (4, 2),  # Almaty Region
    "KZ-33": (5, 2),  # Jetisu
    "KZ-79": (2, 3),  # Shymkent
    "KZ-31": (3, 3),  # Jambyl
    "KZ-75": (4, 3),  # Almaty
}
COLUMNS, ROWS = 6, 4
