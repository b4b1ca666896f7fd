"""Reads for supervision: the last session per worker, the courses a session can discuss, and the
selected courses laid out "for supervision" (appendix 5's purpose: does the work fit the phase?)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet

from overgang.accounts.models import Role, User
from overgang.checklists.selectors import PERIODS, CourseChecklist, course_checklist
from overgang.courses.access import courses_visible_to
from overgang.courses.models import Course
from overgang.courses.selectors import with_schedule_data
from overgang.method.clock import Period, Schedule, compute_schedule
from overgang.plans.models import CtiPlan, FocusArea
from overgang.plans.presentation import dimension_label, responsibility_text
from overgang.programmes.models import Programme
from overgang.supervision.models import SupervisionSession

PREPARE_MAX_COURSES = 30  # a supervision session discusses a handful; the page stays quick
# By worker, then citizen, by name: as the group goes through the phase plan.
COURSE_ORDER = (
    "worker__first_name",
    "worker__last_name",
    "worker_id",
    "citizen__first_name",
    "citizen__last_name",
    "pk",
)


def last_session_days(worker_ids: Iterable[int]) -> dict[int, dt.date]:
    """The day of each worker's last supervision session (one query for any number of workers)."""
    through = SupervisionSession.participants.through
    rows = (
        through.objects.filter(user_id__in=list(worker_ids))
        .values("user_id")
        .annotate(last=Max("supervisionsession__held_on"))
    )
    return {row["user_id"]: row["last"] for row in rows}


@dataclass(frozen=True)
class CourseChoice:
    course: Course
    schedule: Schedule

    @property
    def period(self) -> Period | None:
        return self.schedule.period


@dataclass(frozen=True)
class WorkerCourses:
    worker: User
    choices: list[CourseChoice]


def programme_courses(user: Any, programme: Programme) -> QuerySet[Course]:
    """The programme's active courses the user can see."""
    return courses_visible_to(user).filter(programme=programme, end_date__isnull=True)


def courses_by_worker(courses: QuerySet[Course], *, today: dt.date) -> list[WorkerCourses]:
    """Courses with their period today, grouped by worker (by name), citizens by name (2 queries)."""
    groups: dict[int, WorkerCourses] = {}
    ordered = with_schedule_data(courses).order_by(*COURSE_ORDER)
    for course in ordered:
        group = groups.setdefault(course.worker_id, WorkerCourses(worker=course.worker, choices=[]))
        group.choices.append(
            CourseChoice(course=course, schedule=compute_schedule(course.clock_dates(), today=today))
        )
    return list(groups.values())


# For supervision ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FocusAreaSummary:
    number: int
    dimension: str
    goal: str
    activities: str
    responsibility: str
    time_horizon: str
    sub_goals: list[Any]

    @property
    def achieved(self) -> int:
        return sum(1 for goal in self.sub_goals if goal.achieved_on)


@dataclass(frozen=True)
class PreparedCourse:
    course: Course
    schedule: Schedule
    checklist: CourseChecklist | None
    plan: CtiPlan | None
    focus_areas: list[FocusAreaSummary]

    @property
    def period(self) -> Period | None:
        return self.schedule.period


def _focus_areas(plan: CtiPlan) -> list[FocusAreaSummary]:
    areas: list[FocusArea] = list(plan.focus_areas.all())  # prefetched
    return [
        FocusAreaSummary(
            number=index,
            dimension=dimension_label(plan, area.dimension) if area.dimension else "",
            goal=area.goal,
            activities=area.activities,
            responsibility=responsibility_text(area),
            time_horizon=area.time_horizon,
            sub_goals=list(area.sub_goals.all()),
        )
        for index, area in enumerate(areas, start=1)
    ]


def prepared_courses(courses: QuerySet[Course], *, today: dt.date) -> list[PreparedCourse]:
    """Each course with its period today, that period's checklist status and CTI plan.

    The schedules and plans come from a constant number of queries; each course's checklist is read
    through the checklists app (a few queries per course), so the selection is capped.
    """
    course_list = list(with_schedule_data(courses).order_by(*COURSE_ORDER)[:PREPARE_MAX_COURSES])
    schedules = {c.pk: compute_schedule(c.clock_dates(), today=today) for c in course_list}
    plans: dict[tuple[int, str], CtiPlan] = {}
    for found in CtiPlan.objects.filter(course__in=course_list).prefetch_related("focus_areas__sub_goals"):
        plans[(found.course_id, found.period)] = found
    prepared = []
    for course in course_list:
        schedule = schedules[course.pk]
        period = str(schedule.period) if schedule.period is not None else ""
        plan = plans.get((course.pk, period))
        if plan is not None:
            plan.course = course  # the course is at hand with its programme: no query per label
        prepared.append(
            PreparedCourse(
                course=course,
                schedule=schedule,
                checklist=course_checklist(course, period) if period in PERIODS else None,
                plan=plan,
                focus_areas=_focus_areas(plan) if plan is not None else [],
            )
        )
    return prepared


def supervision_sessions_visible_to(user: Any) -> QuerySet[SupervisionSession]:
    """Supervision sessions the user may read: a worker those she took part in, a coordinator those of
    her programmes, managers and administrators all in the municipality."""
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return SupervisionSession.objects.none()
    sessions = SupervisionSession.objects.filter(municipality_id=user.municipality_id)
    if user.role == Role.WORKER:
        return sessions.filter(participants=user)
    if user.role == Role.COORDINATOR:
        return sessions.filter(programme__coordinators=user)
    if user.role in (Role.MANAGER, Role.ADMINISTRATOR):
        return sessions
    return SupervisionSession.objects.none()
