"""The tile map core: the 20 regions on a grid, colour classes, labels (pure, no database)."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kurultai.regions.tiles import LAYOUT, NO_DATA_FILL, PALETTE, tile_map

REGIONS_CSV = Path(__file__).resolve().parents[2] / "registry" / "data" / "regions.csv"


def test_every_region_has_one_tile_and_no_two_share_a_cell():
    with open(REGIONS_CSV, encoding="utf-8-sig") as fh:
        codes = {row["iso_code"] for row in csv.DictReader(fh)}
    assert set(LAYOUT) == codes
    assert len(set(LAYOUT.values())) == len(LAYOUT) == 20


def test_counts_get_whole_number_classes():
    m = tile_map({"KZ-75": 2, "KZ-71": 1, "KZ-79": 0}, {"KZ-75": "Almaty"})
    assert [(b.low, b.high) for b in m.bins] == [(0, 0), (1, 1), (2, 2)]
    tiles = {t.code: t for t in m.tiles}
    assert tiles["KZ-75"].fill == PALETTE[-1][0]
    assert tiles["KZ-79"].fill == PALETTE[0][0]
    assert (tiles["KZ-75"].label, tiles["KZ-75"].lines[0].text) == ("2", "Almaty")
    assert (tiles["KZ-10"].fill, tiles["KZ-10"].label) == (NO_DATA_FILL[0], "—")


def test_rates_get_equal_classes_and_decimals():
    m = tile_map({"KZ-75": 0.5, "KZ-71": 0.05}, {}, decimals=2)
    assert len(m.bins) == 5
    assert {t.code: t.label for t in m.tiles if t.value is not None} == {"KZ-75": "0.50", "KZ-71": "0.05"}


def test_long_names_wrap_onto_two_lines():
    m = tile_map({}, {"KZ-63": "Восточно-Казахстанская", "KZ-27": "West Kazakhstan"})
    tiles = {t.code: t for t in m.tiles}
    assert [line.text for line in tiles["KZ-63"].lines] == ["Восточно-", "Казахстанская"]
    assert [line.text for line in tiles["KZ-27"].lines] == ["West", "Kazakhstan"]
    assert not m.bins


@given(st.dictionaries(st.sampled_from(sorted(LAYOUT)), st.integers(min_value=0, max_value=10_000)))
def test_a_larger_count_never_gets_a_lighter_class(values):
    tiles = sorted((t for t in tile_map(values, {}).tiles if t.value is not None), key=lambda t: t.value)
    levels = [t.level for t in tiles]
    assert levels == sorted(levels)
    assert all(0 <= t.level < len(PALETTE) for t in tiles)
