"""The hemicycle layout moved to ``kurultai.common.hemicycle`` so plenary can draw the chamber too.

Kept as a re-export so elections code and tests import it from here unchanged.
"""

from kurultai.common.hemicycle import INNER_RADIUS, Seat, colour_seats, hemicycle, ring_count

__all__ = ["INNER_RADIUS", "Seat", "colour_seats", "hemicycle", "ring_count"]
