"""Reads for the network map: who may see it (the citizen's consent decides), and the drawing
as positions in SVG units, ready for the template (the same drawing on screen, on paper, in PDF)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from overgang.accounts.models import Role
from overgang.courses.models import Course
from overgang.network import geometry
from overgang.network.models import (
    ConsentScope,
    MapConsent,
    MapLine,
    MapRing,
    MapSector,
    NetworkMap,
    NetworkPerson,
    NetworkRole,
)

# The drawing, in SVG user units.
WIDTH = 1200
CX, CY, RADIUS = 600, 430, 360
TRAY_TOP = 850
TRAY_COLUMNS = 7
TRAY_ROW = 80
SECTOR_COLOURS = {  # (field tint, person colour): readable on white and in greyscale print
    "family": ("#fde8e6", "#b42318"),
    "relatives": ("#fdf1dc", "#a14a05"),
    "others": ("#e6f3df", "#2f6b21"),
    "work_school": ("#e0ecfd", "#1d4ed8"),
    "professionals": ("#eee6f8", "#6b21a8"),
}
UNPLACED_COLOUR = "#5b6472"
WORK_SCHOOL_ROLES = {
    NetworkRole.SCHOOL,
    NetworkRole.EDUCATION,
    NetworkRole.COMPANY,
    NetworkRole.WORK_PLACEMENT,
    NetworkRole.UU_COUNSELLOR,
}


def current_consent(citizen: Any) -> MapConsent | None:
    """The consent in force: the newest row (a withdrawal is a row too)."""
    return MapConsent.objects.filter(citizen=citizen).order_by("-pk").first()


def map_visible_to(user: Any, course: Course, consent: MapConsent | None) -> bool:
    """The CTI worker always sees the map; anyone else only within the citizen's consent.
    `course` has already come through the door (get_course_for_user)."""
    if user.role == Role.WORKER:
        return True  # a worker sees only their own courses (courses_visible_to)
    if consent is None or consent.is_withdrawal:
        return False
    if user.role == Role.COORDINATOR:
        return consent.scope in (ConsentScope.WORKER_AND_COORDINATOR, ConsentScope.EVERYONE)
    return consent.scope == ConsentScope.EVERYONE


def default_sector(person: NetworkPerson) -> str:
    """Where a person starts when first put on the map without a point: a guess from the role."""
    if person.role == NetworkRole.FAMILY:
        return MapSector.FAMILY
    if person.role == NetworkRole.OTHER:
        return MapSector.OTHERS
    if person.role in WORK_SCHOOL_ROLES:
        return MapSector.WORK_SCHOOL
    return MapSector.PROFESSIONALS


def initials(name: str) -> str:
    parts = [part for part in name.replace("-", " ").split() if part]
    if not parts:
        return "?"
    letters = parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")
    return letters.upper()


@dataclass
class Node:
    person: NetworkPerson
    px: float
    py: float
    placed: bool
    x: float = 0.0
    y: float = 0.0
    sector: str = ""
    sector_label: str = ""
    ring: int = 0
    ring_label: str = ""
    colour: str = UNPLACED_COLOUR
    default_sector: str = ""
    initials: str = ""
    short_name: str = ""


@dataclass
class Drawing:
    version: int
    width: int
    height: int
    cx: int = CX
    cy: int = CY
    radius: int = RADIUS
    citizen_radius: float = 0.0
    wedges: list[dict[str, Any]] = field(default_factory=list)
    rings: list[dict[str, Any]] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    tray_top: int = TRAY_TOP

    @property
    def colours_json(self) -> str:
        return json.dumps({sector: colours[1] for sector, colours in SECTOR_COLOURS.items()})

    @property
    def placed(self) -> list[Node]:
        return [node for node in self.nodes if node.placed]

    @property
    def unplaced(self) -> list[Node]:
        return [node for node in self.nodes if not node.placed]


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def map_drawing(course: Course) -> Drawing:
    """Everything the SVG needs, in three queries."""
    network_map = NetworkMap.objects.filter(citizen_id=course.citizen_id).first()
    people = list(NetworkPerson.objects.filter(citizen_id=course.citizen_id).select_related("placement"))
    lines = list(MapLine.objects.filter(network_map=network_map)) if network_map else []
    sector_labels = dict(MapSector.choices)
    ring_labels = dict(MapRing.choices)
    unplaced_count = sum(1 for person in people if not hasattr(person, "placement"))
    tray_rows = (unplaced_count + TRAY_COLUMNS - 1) // TRAY_COLUMNS
    drawing = Drawing(
        version=network_map.version if network_map else 0,
        width=WIDTH,
        height=TRAY_TOP + 20 + tray_rows * TRAY_ROW if tray_rows else TRAY_TOP - 60,
        citizen_radius=geometry.CITIZEN_RADIUS * RADIUS,
    )
    for index, sector in enumerate(geometry.SECTORS):
        middle = geometry.sector_middle(index)
        lx, ly = geometry.polar(middle, 1.06)
        anchor = "start" if lx > 0.3 else "end" if lx < -0.3 else "middle"
        drawing.wedges.append(
            {
                "sector": sector,
                "label": sector_labels[sector],
                "path": geometry.wedge_path(
                    index, cx=CX, cy=CY, radius=RADIUS, inner=geometry.CITIZEN_RADIUS * RADIUS
                ),
                "tint": SECTOR_COLOURS[sector][0],
                "colour": SECTOR_COLOURS[sector][1],
                "label_x": round(CX + lx * RADIUS, 1),
                "label_y": round(CY + ly * RADIUS + (8 if ly > 0.3 else 0), 1),
                "anchor": anchor,
            }
        )
    # The ring names sit along the border between the last field and the first.
    border = geometry.sector_middle(0) - geometry.SECTOR_SPAN / 2
    for ring in geometry.RINGS:
        tx, ty = geometry.polar(border, geometry.ring_middle(ring))
        drawing.rings.append(
            {
                "ring": ring,
                "label": ring_labels[ring],
                "r": round(geometry.RING_EDGES[ring] * RADIUS, 1),
                "label_x": round(CX + tx * RADIUS, 1),
                "label_y": round(CY + ty * RADIUS, 1),
            }
        )
    positions: dict[int, tuple[float, float]] = {}
    tray_index = 0
    tray_step = (WIDTH - 160) / TRAY_COLUMNS
    for person in people:
        placement = getattr(person, "placement", None)
        if placement is not None:
            sector = geometry.sector_of(placement.x, placement.y)
            ring = geometry.ring_of(placement.x, placement.y)
            node = Node(
                person=person,
                px=round(CX + placement.x * RADIUS, 1),
                py=round(CY + placement.y * RADIUS, 1),
                placed=True,
                x=placement.x,
                y=placement.y,
                sector=sector,
                sector_label=str(sector_labels[sector]),
                ring=ring,
                ring_label=str(ring_labels[ring]),
                colour=SECTOR_COLOURS[sector][1],
            )
            positions[person.pk] = (node.px, node.py)
        else:
            row, column = divmod(tray_index, TRAY_COLUMNS)
            tray_index += 1
            node = Node(
                person=person,
                px=round(160 + tray_step * (column + 0.5), 1),
                py=TRAY_TOP + 40 + row * TRAY_ROW,
                placed=False,
            )
        node.default_sector = default_sector(person)
        node.initials = initials(person.name)
        node.short_name = _short(person.name)
        drawing.nodes.append(node)
    names = {person.pk: person.name for person in people}
    for line in lines:
        if line.person_a_id in positions and line.person_b_id in positions:
            (x1, y1), (x2, y2) = positions[line.person_a_id], positions[line.person_b_id]
            drawing.lines.append(
                {
                    "line": line,
                    "a": names[line.person_a_id],
                    "b": names[line.person_b_id],
                    "x1": x1,
                    "y1": y1,
                    "x2": x2,
                    "y2": y2,
                }
            )
    return drawing
