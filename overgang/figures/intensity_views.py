"""Intensity across courses: hours of contact per week in each period, per programme and per worker,
against the manual's 4 : 2 : 1, and how many courses are behind their programme's contact norm.

Over the active courses the user may see (`courses_visible_to`): a worker sees their own courses,
a coordinator their programmes', a manager the municipality's. Three queries whatever the number
of courses: the courses (with citizen, programme and worker), their pauses, and the contacts that
took place. The sums and ratios come from the pure core (overgang/method/intensity.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from overgang.accounts.models import Role, User
from overgang.courses.access import courses_visible_to, refuse_job_consultants
from overgang.courses.models import Course, Pause
from overgang.journal.models import ContactStatus
from overgang.journal.selectors import cti_contacts
from overgang.method.intensity import (
    MANUAL_RATIO,
    MEASURED_PERIODS,
    AggregateIntensity,
    Contact,
    Intensity,
    aggregate,
    course_norm_check,
    intensity,
)
from overgang.programmes.models import Programme


@dataclass(frozen=True)
class CourseIntensity:
    course: Course
    intensity: Intensity
    behind_norm: bool | None  # None: no norm applies (referred, or no norm for the period)


@dataclass(frozen=True)
class IntensityRow:
    label: str
    total: AggregateIntensity
    courses: int
    behind_norm: int
    with_norm: int
    programme: Programme | None = None
    worker: User | None = None

    @property
    def cells(self) -> list[Any]:
        """Per measured period: (period, hours per week or None, courses that have been in it)."""
        cells = []
        for period in MEASURED_PERIODS:
            measured = self.total.of(period)
            cells.append(
                (
                    period,
                    measured.hours_per_week if measured is not None else None,
                    self.total.courses_in(period),
                )
            )
        return cells

    @property
    def ratio(self) -> list[Any] | None:
        ratio = self.total.ratio
        if ratio is None:
            return None
        return [ratio.get(period) for period in MANUAL_RATIO]


def course_intensities(user: Any, *, today: dt.date) -> list[CourseIntensity]:
    """Each active course the user may see, with its intensity and its norm status today."""
    courses = list(
        courses_visible_to(user)
        .filter(end_date__isnull=True)
        .select_related("citizen", "programme", "worker")
        # The pauses' queryset given: a bare "pauses" makes Django build the related manager's
        # scoped queryset once per course (seconds for thousands of courses; issue 9).
        .prefetch_related(Prefetch("pauses", queryset=Pause.objects.all()))
    )
    contacts: dict[int, list[Contact]] = defaultdict(list)
    last_contact: dict[int, dt.date] = {}
    entries = (
        cti_contacts()
        .filter(
            municipality_id=user.municipality_id,
            course__in=courses_visible_to(user).filter(end_date__isnull=True).values("pk"),
            status=ContactStatus.HAPPENED,
        )
        .values_list("course_id", "occurred_at", "duration_minutes")
    )
    for course_id, occurred_at, minutes in entries:
        day = timezone.localtime(occurred_at).date()
        contacts[course_id].append(Contact(day=day, minutes=minutes))
        if course_id not in last_contact or day > last_contact[course_id]:
            last_contact[course_id] = day
    result = []
    for course in courses:
        dates = course.clock_dates()
        check = course_norm_check(
            dates,
            norms=course.programme.contact_norm_days(),
            last_contact=last_contact.get(course.pk),
            today=today,
        )
        result.append(
            CourseIntensity(
                course=course,
                intensity=intensity(dates, contacts[course.pk], today=today),
                behind_norm=check.behind if check is not None else None,
            )
        )
    return result


def _row(label: str, members: list[CourseIntensity], **kwargs: Any) -> IntensityRow:
    return IntensityRow(
        label=label,
        total=aggregate(m.intensity for m in members),
        courses=len(members),
        behind_norm=sum(1 for m in members if m.behind_norm),
        with_norm=sum(1 for m in members if m.behind_norm is not None),
        **kwargs,
    )


def intensity_rows(items: list[CourseIntensity]) -> dict[str, Any]:
    """The rows of the page: per programme, per worker and all together."""
    by_programme: dict[int, list[CourseIntensity]] = defaultdict(list)
    by_worker: dict[int, list[CourseIntensity]] = defaultdict(list)
    for item in items:
        by_programme[item.course.programme_id].append(item)
        by_worker[item.course.worker_id].append(item)
    programmes = sorted(
        (
            _row(members[0].course.programme.name, members, programme=members[0].course.programme)
            for members in by_programme.values()
        ),
        key=lambda row: row.label,
    )
    workers = sorted(
        (
            _row(str(members[0].course.worker), members, worker=members[0].course.worker)
            for members in by_worker.values()
        ),
        key=lambda row: row.label,
    )
    return {"programme_rows": programmes, "worker_rows": workers, "total_row": _row(_("All"), items)}


def _scope_text(user: Any) -> str:
    role = getattr(user, "role", "")
    if role == Role.WORKER:
        return _("Your own active courses.")
    if role == Role.COORDINATOR:
        return _("The active courses of the programmes you coordinate.")
    return _("All the municipality's active courses.")


@login_required
@require_GET
@refuse_job_consultants
def intensity_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = intensity_rows(course_intensities(request.user, today=today))
    is_worker = getattr(request.user, "role", "") == Role.WORKER
    return render(
        request,
        "figures/intensity.html",
        {
            **rows,
            # A worker's programme rows would only repeat their own courses under another name.
            "programme_rows": [] if is_worker else rows["programme_rows"],
            "total_rows": [rows["total_row"]],
            "today": today,
            "scope": _scope_text(request.user),
            "periods": MEASURED_PERIODS,
        },
    )
