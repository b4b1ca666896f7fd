"""Reads for the team figures: the courses a user may see in a period, and the figures over them.

Everything goes through `courses_visible_to`, so a worker's figures cover their own courses, a
coordinator's their programmes and a manager's the municipality. Five queries whatever the number
of courses: the courses (with citizen), their pauses, their programmes, their worker assignments
and everyone who has held one of them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Q, QuerySet

from overgang.accounts.models import User
from overgang.courses.access import courses_visible_to
from overgang.courses.models import CLOCK_FIELDS, Course, EndReason, Pause, WorkerAssignment, clock_dates_of
from overgang.courses.prefetch import attach_children, attach_shared
from overgang.method.caseload import CaseloadRule
from overgang.method.clock import Pause as ClockPause
from overgang.method.clock import Period, period_on
from overgang.method.figures import CourseFacts, DateRange, Figures, WorkerSpell, compute_figures
from overgang.programmes.models import Programme


def _in_period(
    user: Any, *, period: DateRange, programme: Programme | None, held_by: int | None
) -> QuerySet[Course]:
    courses = courses_visible_to(user).filter(referral_date__lte=period.end)
    courses = courses.filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
    if programme is not None:
        courses = courses.filter(programme=programme)
    if held_by is not None:
        held = WorkerAssignment.objects.filter(worker_id=held_by).values("course_id")
        courses = courses.filter(Q(worker_id=held_by) | Q(pk__in=held))
    return courses


def figure_courses(
    user: Any,
    *,
    period: DateRange,
    programme: Programme | None = None,
    held_by: int | None = None,
) -> list[Course]:
    """The courses the user may see that can count in the period: referred by its end, not ended
    before its start. Sorted by citizen name. `held_by`: only those that worker is or has been
    the CTI worker of (their caseload figures are computed from these alone)."""
    courses = _in_period(user, period=period, programme=programme, held_by=held_by)
    # The relations are attached in bulk (overgang/courses/prefetch.py): Django's prefetch costs
    # seconds for thousands of courses, and select_related builds a programme and a worker per row.
    courses = courses.select_related("citizen")
    found = attach_children(courses, "pauses", Pause.objects.all())
    attach_shared(found, "programme", Programme._base_manager.all())
    attach_children(found, "assignments", WorkerAssignment.objects.all(), within=courses)
    spells = [assignment for course in found for assignment in course.assignments.all()]
    # Everyone who has held one of the courses, in one query, shared by courses and spells.
    people = list(
        User._base_manager.filter(pk__in={c.worker_id for c in found} | {s.worker_id for s in spells})
    )
    attach_shared(found, "worker", User._base_manager.none(), known=people)
    attach_shared(spells, "worker", User._base_manager.none(), known=people)
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
    """The figures over the courses (read by `figure_courses`)."""
    rules: dict[tuple[int, str], CaseloadRule] = {}
    facts = []
    for course in courses:
        key = (course.programme_id, course.legal_basis)
        if key not in rules:
            rules[key] = course.programme.caseload_rule_for(course.legal_basis)
        facts.append(course_facts(course, rule=rules[key]))
    return figures_of(facts, period=period, workers=course_workers(courses))


def figures_of(facts: list[CourseFacts], *, period: DateRange, workers: dict[int, User]) -> Figures:
    fte = {worker_id: _fte(worker) for worker_id, worker in workers.items()}
    return compute_figures(facts, period, fte=fte, reason_order=EndReason.values)


_FACT_FIELDS = ("pk", "worker_id", "programme_id", "legal_basis", "end_reason", *CLOCK_FIELDS)


def figure_facts(
    user: Any, *, period: DateRange, programme: Programme | None = None, held_by: int | None = None
) -> tuple[list[CourseFacts], dict[int, User]]:
    """The facts of the courses `figure_courses` finds, by id, and everyone who has held one of them:
    what `course_facts` and `course_workers` give, read as plain values. The dashboard and a
    worker's weeks show figures only: no model instance per course, no citizen (issue 9)."""
    courses = _in_period(user, period=period, programme=programme, held_by=held_by)
    rows = list(courses.order_by("pk").values_list(*_FACT_FIELDS))
    wanted = courses.values("pk")
    pauses: dict[int, list[ClockPause]] = defaultdict(list)
    for course_id, start, resume in (
        Pause.objects.filter(course_id__in=wanted)
        .order_by("course_id", "start", "pk")
        .values_list("course_id", "start", "resume")
    ):
        pauses[course_id].append(ClockPause(start, resume))
    spells: dict[int, list[WorkerSpell]] = defaultdict(list)
    for course_id, worker_id, start, end in (
        WorkerAssignment.objects.filter(course_id__in=wanted)
        .order_by("course_id", "start", "pk")
        .values_list("course_id", "worker_id", "start", "end")
    ):
        spells[course_id].append(WorkerSpell(worker_id, start, end))
    programmes = {p.pk: p for p in Programme._base_manager.filter(pk__in={row[2] for row in rows})}
    held = {row[1] for row in rows} | {spell.worker_id for own in spells.values() for spell in own}
    workers = {person.pk: person for person in User._base_manager.filter(pk__in=held)}
    rules: dict[tuple[int, str], CaseloadRule] = {}
    facts = []
    for course_id, worker_id, programme_id, legal_basis, end_reason, *clock in rows:
        key = (programme_id, legal_basis)
        if key not in rules:
            rules[key] = programmes[programme_id].caseload_rule_for(legal_basis)
        dates = clock_dates_of(
            *clock,
            pauses=tuple(pauses.get(course_id, ())),
            tolerance_days=programmes[programme_id].tolerance_days,
        )
        facts.append(
            CourseFacts(
                course_id=course_id,
                dates=dates,
                worker_id=worker_id,
                rule=rules[key],
                end_reason=end_reason,
                spells=tuple(spells.get(course_id, ())),
            )
        )
    return facts, workers


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
