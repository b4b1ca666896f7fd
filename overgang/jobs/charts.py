"""The hours-per-week chart as server-rendered SVG (it must print): a step line of the hours from
each work agreement revision, over bands for the course's phases from the CTI clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from overgang.courses.models import Course
from overgang.courses.timeline import build_timeline
from overgang.jobs.selectors import HoursPoint
from overgang.method.clock import Schedule

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 36


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    x: float
    width: float
    planned: bool

    @property
    def show_label(self) -> bool:
        """Only where the label fits; the band's <title> and the table name it anyway."""
        return self.width >= 7 * len(self.label)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    point: HoursPoint

    @property
    def left(self) -> float:
        return round(self.x - 4, 1)

    @property
    def top(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class HoursChart:
    width: int
    height: int
    plot_left: int
    plot_right: float
    plot_top: int
    plot_bottom: float
    plot_height: float
    bands: list[Band]
    path: str
    dots: list[Dot]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    today_x: float | None


def hours_chart(course: Course, schedule: Schedule, points: list[HoursPoint]) -> HoursChart | None:
    if not points:
        return None
    timeline = build_timeline(course, schedule)
    today = schedule.today
    start = min(timeline.start, points[0].on)
    end = max(timeline.end, points[-1].on + dt.timedelta(days=14))
    span = max((end - start).days, 1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    top_hours = max(Decimal(37), max(p.hours for p in points))
    top_hours = Decimal(int((top_hours + 4) // 5 * 5))

    def x(day: dt.date) -> float:
        return round(LEFT + plot_w * max(0, min(span, (day - start).days)) / span, 1)

    def y(hours: Decimal) -> float:
        return round(TOP + plot_h * (1 - float(hours / top_hours)), 1)

    bands = [
        Band(s.key, s.label, x(s.start), max(round(x(s.end) - x(s.start), 1), 1.0), s.planned)
        for s in timeline.segments
    ]
    stop = (
        min(course.end_date or today, end) if (course.end_date or today) >= points[-1].on else points[-1].on
    )
    commands = []
    for index, point in enumerate(points):
        px, py = x(point.on), y(point.hours)
        if index == 0:
            commands.append(f"M{px},{py}")
        else:
            commands.append(f"H{px}")
            commands.append(f"V{py}")
    commands.append(f"H{max(x(stop), x(points[-1].on))}")
    dots = [Dot(x(p.on), y(p.hours), p) for p in points]
    step = 5 if top_hours <= 40 else 10
    y_ticks = [Tick(y(Decimal(v)), str(v)) for v in range(0, int(top_hours) + 1, step)]
    x_ticks = [
        Tick(x(month), month.strftime("%m-%y")) for _, month in timeline.ticks if start <= month <= end
    ]
    return HoursChart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
        plot_height=HEIGHT - BOTTOM - TOP,
        bands=bands,
        path=" ".join(commands),
        dots=dots,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        today_x=x(today) if start <= today <= end else None,
    )
