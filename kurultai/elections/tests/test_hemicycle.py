from hypothesis import given, settings
from hypothesis import strategies as st

from kurultai.elections.hemicycle import colour_seats, hemicycle


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=600))
def test_every_seat_is_placed_once_inside_the_half_disc(total):
    seats = hemicycle(total)
    assert len(seats) == total
    assert all(-1.0001 <= s.x <= 1.0001 and -0.0001 <= s.y <= 1.0001 and s.r > 0 for s in seats)
    assert len({(round(s.x, 6), round(s.y, 6)) for s in seats}) == total


def test_seats_run_left_to_right():
    xs_by_angle = [s.x for s in hemicycle(145)]
    # The first seats are on the left edge, the last on the right edge.
    assert xs_by_angle[0] < -0.3
    assert xs_by_angle[-1] > 0.3


def test_groups_fill_seats_in_order_and_never_overflow():
    coloured = colour_seats(10, [("A", 6, "#111111"), ("B", 4, "#222222"), ("C", 3, "#333333")])
    assert [label for _, label, _ in coloured] == ["A"] * 6 + ["B"] * 4


def test_no_seats_gives_an_empty_layout():
    assert hemicycle(0) == []
