"""The course timeline: periods, pauses and today as positions on a bar, for the course page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from overgang.courses.models import Course
from overgang.method.clock import Period, Schedule
from overgang.method.dates import add_months


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    start: dt.date
    end: dt.date
    planned: bool  # drawn from planned dates rather than realised ones
    left: float
    width: float


@dataclass(frozen=True)
class Timeline:
    start: dt.date
    end: dt.date
    segments: list[Segment]
    pauses: list[Segment]
    today_left: float | None
    ticks: list[tuple[float, dt.date]]


def period_label(period: Period | None) -> str:
    labels = {
        Period.REFERRED: _("Referred"),
        Period.CONTACT: _("Contact period"),
        Period.PHASE_1: _("Phase 1"),
        Period.PHASE_2: _("Phase 2"),
        Period.PHASE_3: _("Phase 3"),
        Period.ENDED: _("Ended"),
    }
    return labels.get(period, "—") if period is not None else "—"


def build_timeline(course: Course, schedule: Schedule) -> Timeline:
    today = schedule.today
    start = course.contact_start or course.phase_1_start or course.referral_date
    planned_end = schedule.planned(Period.ENDED)
    end_candidates = [today, course.end_date or today]
    if planned_end:
        end_candidates.append(planned_end)
    if schedule.contact_limit and course.phase_1_start is None:
        end_candidates.append(add_months(schedule.contact_limit, course.duration_months))
    end = max(end_candidates) + dt.timedelta(days=7)
    start = min(start, today) - dt.timedelta(days=7)
    span = max((end - start).days, 1)

    def pos(day: dt.date) -> float:
        return round(100 * max(0, min(span, (day - start).days)) / span, 2)

    def segment(key: str, label: str, a: dt.date, b: dt.date, planned: bool) -> Segment:
        return Segment(key, label, a, b, planned, pos(a), max(round(pos(b) - pos(a), 2), 0.5))

    segments: list[Segment] = []
    boundaries: list[tuple[str, str, dt.date | None, dt.date | None]] = []
    phase_1 = course.phase_1_start
    if course.contact_start:
        contact_end = phase_1 or course.end_date or max(today, schedule.contact_limit or today)
        boundaries.append(("contact", _("Contact period"), course.contact_start, contact_end))
    if phase_1:
        p2 = course.phase_2_start or schedule.planned(Period.PHASE_2)
        p3 = course.phase_3_start or schedule.planned(Period.PHASE_3)
        stop = course.end_date or planned_end
        boundaries.append(("phase_1", _("Phase 1"), phase_1, p2))
        boundaries.append(("phase_2", _("Phase 2"), p2, p3))
        boundaries.append(("phase_3", _("Phase 3"), p3, stop))
    realised = {
        "contact": course.contact_start,
        "phase_1": course.phase_1_start,
        "phase_2": course.phase_2_start,
        "phase_3": course.phase_3_start,
    }
    for key, label, a, b in boundaries:
        if a is None or b is None:
            continue
        if course.end_date is not None:
            if a >= course.end_date:
                continue
            b = min(b, course.end_date)
        segments.append(segment(key, label, a, b, planned=realised.get(key) is None))
    pauses = [
        segment("pause", _("Pause"), p.start, p.resume or today, planned=False) for p in course.pauses.all()
    ]
    ticks = []
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            ticks.append((pos(month), month))
        month = add_months(month, 1)
    return Timeline(
        start=start,
        end=end,
        segments=segments,
        pauses=pauses,
        today_left=pos(today) if start <= today <= end else None,
        ticks=ticks,
    )
