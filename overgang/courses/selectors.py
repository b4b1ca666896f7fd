"""Reads: courses with their CTI schedule, a worker's caseload and forecast, citizen search.

Each reads the clock once (`today`) and hands the pure core the facts from a constant number of
queries, whatever the number of courses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from overgang.accounts.models import Role, User
from overgang.courses.access import citizens_visible_to, courses_visible_to, programmes_visible_to
from overgang.courses.cpr import normalise_cpr
from overgang.courses.models import Citizen, Course, Pause
from overgang.method.caseload import (
    Caseload,
    CaseloadItem,
    CaseloadRule,
    forecast_with_room,
)
from overgang.method.clock import Flag, Period, Schedule, compute_schedule
from overgang.programmes.models import Programme


@dataclass(frozen=True)
class CourseRow:
    course: Course
    schedule: Schedule

    @property
    def urgency(self) -> tuple[int, int]:
        """Overdue first, then the soonest next transition, then ended courses last."""
        schedule = self.schedule
        if schedule.period is Period.ENDED:
            return (3, 0)
        if schedule.overdue:
            return (0, schedule.next_transition.days_until if schedule.next_transition else 0)
        if schedule.next_transition is not None:
            return (1, schedule.next_transition.days_until)
        return (2, 0)


def with_schedule_data(courses: QuerySet[Course]) -> QuerySet[Course]:
    # The pauses with a queryset of their own: a bare "pauses" makes Django build the related
    # manager's tenant-scoped queryset once per course (seconds for thousands of courses; issue 9).
    return courses.select_related("citizen", "programme", "worker").prefetch_related(
        Prefetch("pauses", queryset=Pause.objects.all())
    )


def course_rows(courses: QuerySet[Course], *, today: dt.date) -> list[CourseRow]:
    rows = [
        CourseRow(course=course, schedule=compute_schedule(course.clock_dates(), today=today))
        for course in with_schedule_data(courses)
    ]
    rows.sort(key=lambda row: row.urgency)
    return rows


def course_schedule(course: Course, *, today: dt.date | None = None) -> Schedule:
    return compute_schedule(course.clock_dates(), today=today or timezone.localdate())


@dataclass(frozen=True)
class WorkerCaseload:
    worker: User
    now: Caseload
    forecast: list[Caseload]
    first_room: dt.date | None
    rule_for_new: CaseloadRule | None

    @property
    def peak(self) -> Caseload:
        return max(self.forecast, key=lambda point: point.load)

    @property
    def over_capacity_within_forecast(self) -> bool:
        return any(point.over_capacity for point in self.forecast)


def _rule_for_new_citizen(
    worker: User, courses: list[Course], active_programmes: list[Programme] | None = None
) -> CaseloadRule | None:
    if active_programmes is None:
        programme = worker.programmes.filter(is_active=True).order_by("pk").first()
    else:
        programme = min(active_programmes, key=lambda p: p.pk, default=None)
    if programme is not None:
        return programme.caseload_rule_for()
    if courses:
        return courses[0].programme.caseload_rule_for(courses[0].legal_basis)
    return None


def worker_caseload(worker: User, *, today: dt.date) -> WorkerCaseload:
    """The worker's caseload today, the 12-week forecast and the first day with room."""
    courses = list(with_schedule_data(Course.objects.filter(worker=worker, end_date__isnull=True)))
    return caseload_of(worker, courses, today=today)


def caseload_of(
    worker: User, courses: list[Course], *, today: dt.date, active_programmes: list[Programme] | None = None
) -> WorkerCaseload:
    """`worker_caseload` from the worker's running courses (with programmes and pauses) already read,
    and their active programmes if those are read too (no query then)."""
    items = [
        CaseloadItem(
            course_id=course.pk,
            dates=course.clock_dates(),
            rule=course.programme.caseload_rule_for(course.legal_basis),
        )
        for course in courses
    ]
    fte = Fraction(Decimal(worker.fte))
    rule_for_new = _rule_for_new_citizen(worker, courses, active_programmes)
    points, first_room = forecast_with_room(items, fte=fte, today=today, rule_for_new=rule_for_new)
    return WorkerCaseload(
        worker=worker, now=points[0], forecast=points, first_room=first_room, rule_for_new=rule_for_new
    )


def workers_visible_to(user: Any) -> QuerySet[User]:
    """Workers whose caseload the user may see: themselves, or their programmes' workers."""
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return User.objects.none()
    workers = User.objects.filter(municipality_id=user.municipality_id, role=Role.WORKER, is_active=True)
    if user.role == Role.WORKER:
        return workers.filter(pk=user.pk)
    if user.role == Role.COORDINATOR:
        return workers.filter(programmes__coordinators=user).distinct()
    if user.role == Role.JOB_CONSULTANT:
        return workers.none()  # no caseloads, no team figures
    return workers


def programmes_for_referral(user: Any) -> QuerySet[Programme]:
    """Programmes the user may refer a citizen to: the active ones they see, if they may write."""
    if not getattr(user, "can_change_courses", False):
        return Programme.objects.none()
    return programmes_visible_to(user).filter(is_active=True)


def citizen_search(user: Any, query: str, *, limit: int = 25) -> list[Citizen]:
    """Citizens the user may see whose name or CPR number matches the query."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    citizens = citizens_visible_to(user)
    digits = normalise_cpr(query)
    if digits.isdigit():
        citizens = citizens.filter(cpr__startswith=digits)
    else:
        condition = Q()
        for part in query.split():
            condition &= Q(first_name__icontains=part) | Q(last_name__icontains=part)
        citizens = citizens.filter(condition)
    visible = courses_visible_to(user)
    results = list(citizens.order_by("last_name", "first_name")[:limit])
    latest: dict[int, Course] = {}
    for course in (
        visible.filter(citizen__in=results)
        .select_related("programme", "worker")
        .order_by("referral_date", "pk")
    ):
        latest[course.citizen_id] = course
    for citizen in results:
        citizen.latest_course = latest.get(citizen.pk)  # type: ignore[attr-defined]
    return results


FLAG_ORDER = (Flag.OVERDUE, Flag.LATE, Flag.PAUSED, Flag.LONG_PAUSE, Flag.LONG_CONTACT_PERIOD)
