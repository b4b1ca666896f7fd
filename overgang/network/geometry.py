"""The network map's geometry, as plain Python (no Django): where the five fields and the rings
are, which field and ring a point falls in, and a free spot in a field and ring.

Positions are normalised: the citizen is at (0, 0), the map's edge at distance 1; y grows
downwards as on screen. network-map.js mirrors `clamp`, `sector_index` and `ring_of`."""

from __future__ import annotations

import math

SECTORS = ("family", "relatives", "others", "work_school", "professionals")
SECTOR_SPAN = 360 / len(SECTORS)  # degrees
CITIZEN_RADIUS = 0.22
RING_EDGES = (CITIZEN_RADIUS, 0.48, 0.74, 1.0)  # ring n lies between edges n-1 and n
RINGS = (1, 2, 3)
MIN_RADIUS = CITIZEN_RADIUS + 0.05
MAX_RADIUS = 0.96
# Spread people who share a field and ring: angle offsets from the field's middle, in degrees.
SLOT_ANGLES = (0, 18, -18, 9, -9, 27, -27)


def sector_middle(index: int) -> float:
    """The field's middle, in degrees; the first field (family) is straight up."""
    return -90 + SECTOR_SPAN * index


def sector_index(x: float, y: float) -> int:
    angle = math.degrees(math.atan2(y, x))
    return int(((angle + 90 + SECTOR_SPAN / 2) % 360) // SECTOR_SPAN) % len(SECTORS)


def sector_of(x: float, y: float) -> str:
    return SECTORS[sector_index(x, y)]


def ring_of(x: float, y: float) -> int:
    distance = math.hypot(x, y)
    for ring in RINGS:
        if distance < RING_EDGES[ring]:
            return ring
    return RINGS[-1]


def clamp(x: float, y: float) -> tuple[float, float]:
    """Keep a point on the map: outside the citizen's circle and inside the edge."""
    distance = math.hypot(x, y)
    if distance == 0:
        return 0.0, -MIN_RADIUS
    scale = min(max(distance, MIN_RADIUS), MAX_RADIUS) / distance
    return round(x * scale, 4), round(y * scale, 4)


def ring_middle(ring: int) -> float:
    return (RING_EDGES[ring - 1] + RING_EDGES[ring]) / 2


def polar(angle: float, radius: float) -> tuple[float, float]:
    return radius * math.cos(math.radians(angle)), radius * math.sin(math.radians(angle))


def spot(sector: str, ring: int, slot: int) -> tuple[float, float]:
    """A point in the field and ring; `slot` (how many are there already) spreads people out."""
    angle = sector_middle(SECTORS.index(sector)) + SLOT_ANGLES[slot % len(SLOT_ANGLES)]
    wobble = (0.0, 0.07, -0.07)[(slot // len(SLOT_ANGLES)) % 3]
    x, y = polar(angle, ring_middle(ring) + wobble)
    return clamp(x, y)


def wedge_path(index: int, *, cx: float, cy: float, radius: float, inner: float) -> str:
    """An SVG path for one field, between the citizen's circle and the edge."""
    start = sector_middle(index) - SECTOR_SPAN / 2
    end = start + SECTOR_SPAN
    ox1, oy1 = polar(start, radius)
    ox2, oy2 = polar(end, radius)
    ix2, iy2 = polar(end, inner)
    ix1, iy1 = polar(start, inner)
    return (
        f"M {cx + ix1:.1f} {cy + iy1:.1f} L {cx + ox1:.1f} {cy + oy1:.1f} "
        f"A {radius:.1f} {radius:.1f} 0 0 1 {cx + ox2:.1f} {cy + oy2:.1f} "
        f"L {cx + ix2:.1f} {cy + iy2:.1f} "
        f"A {inner:.1f} {inner:.1f} 0 0 0 {cx + ix1:.1f} {cy + iy1:.1f} Z"
    )
