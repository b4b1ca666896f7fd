"""Reads for the team figures: the courses a user may see in a period, and the figures over them.

Everything goes through `courses_visible_to`, so a worker's figures cover their own courses, a
coordinator's their programmes and a manager's the municipality. Four queries whatever the number
of courses: the courses (with citizen, programme and worker), their pauses, their worker
assignments and the workers of those assignments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch, Q

from overgang.accounts.models import User
from overgang.courses.access import courses_visible_to
from overgang.courses.models import Course, EndReason, Pause, WorkerAssignment
from overgang.method.caseload import CaseloadRule
from overgang.method.clock import Period, period_on
from overgang.method.figures import CourseFacts, DateRange, Figures, WorkerSpell, compute_figures
from overgang.programmes.models import Programme


def figure_courses(user: Any, *, period: DateRange, programme: Programme | None = None) -> list[Course]:
    """The courses the user may see that can count in the period: referred by its end, not ended
    before its start. Sorted by citizen name."""
    courses = courses_visible_to(user).filter(referral_date__lte=period.end)
    courses = courses.filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
    if programme is not None:
        courses = courses.filter(programme=programme)
    found = list(
        courses.select_related("citizen", "programme", "worker").prefetch_related(
            # A queryset given for each relation: a bare "pauses" makes Django build the related
            # manager's scoped queryset once per course (seconds for thousands; issue 9).
            Prefetch("pauses", queryset=Pause.objects.all()),
            Prefetch("assignments", queryset=WorkerAssignment.objects.select_related("worker")),
        )
    )
    found.sort(key=lambda c: (c.citizen.last_name, c.citizen.first_name, c.pk))
    return found


def _fte(worker: User) -> Fraction:
    return Fraction(Decimal(worker.fte))


def course_facts(course: Course, *, rule: CaseloadRule) -> CourseFacts:
    """What the pure figures need to know of one course (pauses and assignments prefetched)."""
    return CourseFacts(
        course_id=course.pk,
        dates=course.clock_dates(),
        worker_id=course.worker_id,
        rule=rule,
        end_reason=course.end_reason,
        spells=tuple(WorkerSpell(a.worker_id, a.start, a.end) for a in course.assignments.all()),
    )


def course_workers(courses: list[Course]) -> dict[int, User]:
    """Everyone who has been the worker of one of the courses, by id."""
    workers: dict[int, User] = {}
    for course in courses:
        workers[course.worker_id] = course.worker
        for assignment in course.assignments.all():
            workers.setdefault(assignment.worker_id, assignment.worker)
    return workers


def figures_for(courses: list[Course], *, period: DateRange) -> Figures:
    rules: dict[tuple[int, str], CaseloadRule] = {}
    facts = []
    for course in courses:
        key = (course.programme_id, course.legal_basis)
        if key not in rules:
            rules[key] = course.programme.caseload_rule_for(course.legal_basis)
        facts.append(course_facts(course, rule=rules[key]))
    fte = {worker_id: _fte(worker) for worker_id, worker in course_workers(courses).items()}
    return compute_figures(facts, period, fte=fte, reason_order=EndReason.values)


@dataclass(frozen=True)
class DrillDownRow:
    course: Course
    period: Period | None  # where the course was on the last day of the chosen period


def drill_down_rows(
    courses: list[Course], course_ids: tuple[int, ...], *, day: dt.date
) -> list[DrillDownRow]:
    wanted = set(course_ids)
    return [
        DrillDownRow(course=course, period=period_on(course.clock_dates(), day))
        for course in courses
        if course.pk in wanted
    ]
