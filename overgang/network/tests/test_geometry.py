"""The map's geometry: fields, rings, keeping points on the map, free spots."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overgang.network import geometry


@pytest.mark.parametrize(
    ("angle", "sector"),
    [(-90, "family"), (-18, "relatives"), (54, "others"), (126, "work_school"), (198, "professionals")],
)
def test_each_field_has_its_middle_where_we_draw_it(angle, sector):
    x, y = geometry.polar(angle, 0.6)
    assert geometry.sector_of(x, y) == sector
    assert geometry.sector_middle(geometry.SECTORS.index(sector)) % 360 == angle % 360


def test_rings_by_distance():
    assert geometry.ring_of(0, -0.3) == 1
    assert geometry.ring_of(0, -0.6) == 2
    assert geometry.ring_of(0, -0.9) == 3
    assert geometry.ring_of(0, -1.0) == 3


def test_clamp_keeps_points_off_the_citizen_and_inside_the_edge():
    assert geometry.clamp(0, 0) == (0.0, -geometry.MIN_RADIUS)
    x, y = geometry.clamp(0.01, 0)
    assert math.isclose(math.hypot(x, y), geometry.MIN_RADIUS, abs_tol=1e-3)
    x, y = geometry.clamp(3, 4)
    assert math.isclose(math.hypot(x, y), geometry.MAX_RADIUS, abs_tol=1e-3)
    assert geometry.clamp(0.5, 0.1) == (0.5, 0.1)


@given(
    sector=st.sampled_from(geometry.SECTORS),
    ring=st.sampled_from(geometry.RINGS),
    slot=st.integers(min_value=0, max_value=40),
)
def test_a_spot_lies_in_its_field_and_ring(sector, ring, slot):
    x, y = geometry.spot(sector, ring, slot)
    assert geometry.sector_of(x, y) == sector
    assert geometry.ring_of(x, y) == ring


def test_people_in_the_same_field_and_ring_get_different_spots():
    spots = {geometry.spot("family", 2, slot) for slot in range(7)}
    assert len(spots) == 7
