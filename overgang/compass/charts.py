"""Geometry for the compass charts, drawn as inline SVG by the templates (they print, need no
JavaScript, and every point carries its value for tests and screen readers).

- radar: one round, citizen and worker as two shapes over the dimensions, 1 to 10 from the centre;
- lines: one small chart per dimension, both respondents over the rounds;
- disagreement: the round's dimensions sorted by how far apart the two ratings are.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from overgang.compass.instruments import Dimension
from overgang.compass.models import SCALE_MAX, SCALE_MIN
from overgang.compass.selectors import RoundView

RESPONDENTS = ("citizen", "worker")


def _fmt(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Point:
    key: str
    label: str
    respondent: str
    value: int
    x: str
    y: str


@dataclass(frozen=True)
class AxisLabel:
    lines: tuple[str, ...]
    x: str
    y: str
    anchor: str
    dy_first: str


@dataclass(frozen=True)
class RadarSeries:
    respondent: str
    points: tuple[Point, ...]

    @property
    def polygon(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class Radar:
    width: int
    height: int
    cx: str
    cy: str
    rings: tuple[tuple[int, str, str], ...]  # (value, polygon points, y of its scale label)
    axes: tuple[tuple[str, str], ...]  # outer end of each axis
    labels: tuple[AxisLabel, ...]
    series: tuple[RadarSeries, ...]


RADAR_WIDTH, RADAR_HEIGHT, RADAR_RADIUS = 620, 500, 165


def radar(dimensions: list[Dimension], view: RoundView) -> Radar:
    cx, cy = RADAR_WIDTH / 2, RADAR_HEIGHT / 2
    count = max(len(dimensions), 1)

    def at(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = RADAR_RADIUS * value / SCALE_MAX
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    rings = tuple(
        (
            value,
            " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in (at(i, value) for i in range(count))),
            _fmt(cy - RADAR_RADIUS * value / SCALE_MAX),
        )
        for value in (2, 4, 6, 8, 10)
    )
    axes = tuple((_fmt(x), _fmt(y)) for x, y in (at(i, SCALE_MAX) for i in range(count)))
    labels = []
    for index, dimension in enumerate(dimensions):
        x, y = at(index, SCALE_MAX * 1.12)
        cos = (x - cx) / (RADAR_RADIUS * 1.12)
        anchor = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
        lines = tuple(textwrap.wrap(dimension.short_text, 20)[:3]) or (dimension.key,)
        # Labels above the centre grow upwards, those below downwards.
        dy_first = f"{-(len(lines) - 1) * 1.1 + 0.35:.2f}em" if y < cy - 1 else "0.35em"
        if abs(y - cy) < RADAR_RADIUS * 0.3:
            dy_first = f"{-(len(lines) - 1) * 0.55 + 0.35:.2f}em"
        labels.append(AxisLabel(lines, _fmt(x), _fmt(y), anchor, dy_first))
    series = []
    for respondent in RESPONDENTS:
        ratings = view.ratings_of(respondent)
        points = []
        for index, dimension in enumerate(dimensions):
            if dimension.key in ratings:
                x, y = at(index, ratings[dimension.key])
                points.append(
                    Point(
                        dimension.key,
                        dimension.short_text,
                        respondent,
                        ratings[dimension.key],
                        _fmt(x),
                        _fmt(y),
                    )
                )
        series.append(RadarSeries(respondent, tuple(points)))
    return Radar(RADAR_WIDTH, RADAR_HEIGHT, _fmt(cx), _fmt(cy), rings, axes, tuple(labels), tuple(series))


@dataclass(frozen=True)
class LineSeries:
    respondent: str
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class LineChart:
    dimension: Dimension
    width: int
    height: int
    gridlines: tuple[tuple[int, str], ...]  # (value, y)
    ticks: tuple[tuple[str, str, str], ...]  # (label, x, text-anchor)
    series: tuple[LineSeries, ...]
    left: int
    right: int


LINE_WIDTH, LINE_HEIGHT = 300, 170
LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM, LINE_PAD = 30, 6, 12, 30, 10


def lines(
    dimensions: list[Dimension], rounds: list[RoundView], slot_labels: dict[str, str]
) -> list[LineChart]:
    """A small chart per dimension, both respondents across the rounds held so far."""
    inner_w = LINE_WIDTH - LINE_LEFT - LINE_RIGHT - 2 * LINE_PAD
    inner_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    step = inner_w / max(len(rounds) - 1, 1)

    def x_of(index: int) -> float:
        return LINE_LEFT + LINE_PAD + (index * step if len(rounds) > 1 else inner_w / 2)

    def y_of(value: float) -> float:
        return LINE_TOP + inner_h * (SCALE_MAX - value) / (SCALE_MAX - SCALE_MIN)

    gridlines = tuple((value, _fmt(y_of(value))) for value in (1, 4, 7, 10))

    def anchor(index: int) -> str:
        # The first and the last label stay inside the chart.
        if len(rounds) == 1:
            return "middle"
        return "start" if index == 0 else "end" if index == len(rounds) - 1 else "middle"

    ticks = tuple(
        (
            slot_labels[view.slot],
            _fmt(
                x_of(i) - LINE_PAD
                if anchor(i) == "start"
                else x_of(i) + LINE_PAD
                if anchor(i) == "end"
                else x_of(i)
            ),
            anchor(i),
        )
        for i, view in enumerate(rounds)
    )
    charts = []
    for dimension in dimensions:
        series = []
        for respondent in RESPONDENTS:
            points = tuple(
                Point(
                    dimension.key,
                    slot_labels[view.slot],
                    respondent,
                    view.ratings_of(respondent)[dimension.key],
                    _fmt(x_of(i)),
                    _fmt(y_of(view.ratings_of(respondent)[dimension.key])),
                )
                for i, view in enumerate(rounds)
                if dimension.key in view.ratings_of(respondent)
            )
            series.append(LineSeries(respondent, points))
        charts.append(
            LineChart(
                dimension,
                LINE_WIDTH,
                LINE_HEIGHT,
                gridlines,
                ticks,
                tuple(series),
                LINE_LEFT,
                LINE_WIDTH - LINE_RIGHT,
            )
        )
    return charts


@dataclass(frozen=True)
class Disagreement:
    dimension: Dimension
    citizen: int
    worker: int
    citizen_x: str
    worker_x: str

    @property
    def difference(self) -> int:
        return abs(self.citizen - self.worker)

    @property
    def signed(self) -> int:
        """Positive when the citizen rates higher than the worker."""
        return self.citizen - self.worker


GAP_WIDTH, GAP_LEFT, GAP_RIGHT = 260, 12, 12


def gap_x(value: int) -> str:
    inner = GAP_WIDTH - GAP_LEFT - GAP_RIGHT
    return _fmt(GAP_LEFT + inner * (value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN))


def disagreements(dimensions: list[Dimension], view: RoundView) -> list[Disagreement]:
    """Dimensions both rated in the round, the largest difference first (ties in instrument order)."""
    rows = [
        Disagreement(
            d, view.citizen[d.key], view.worker[d.key], gap_x(view.citizen[d.key]), gap_x(view.worker[d.key])
        )
        for d in dimensions
        if d.key in view.citizen and d.key in view.worker
    ]
    return sorted(rows, key=lambda row: -row.difference)


def gap_ticks() -> list[tuple[int, str]]:
    return [(value, gap_x(value)) for value in range(SCALE_MIN, SCALE_MAX + 1)]
