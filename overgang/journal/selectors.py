"""Reads from the contact journal: entries, the last contact per course, and intensity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max, QuerySet
from django.utils import timezone

from overgang.accounts.models import Role
from overgang.courses.models import Course
from overgang.journal.models import ContactEntry, ContactStatus
from overgang.method.intensity import Contact, Intensity, intensity


def cti_contacts() -> QuerySet[ContactEntry]:
    """The CTI worker's side of the journal: a job consultant's own entries (the job model) are in
    the journal but are not CTI contacts, so they count neither in the intensity nor as the last
    contact."""
    return ContactEntry.objects.exclude(author__role=Role.JOB_CONSULTANT)


def last_contact_days(course_ids: Iterable[int]) -> dict[int, dt.date]:
    """The day of the last contact that took place, per course (one query for any number of courses)."""
    rows = (
        cti_contacts()
        .filter(course_id__in=list(course_ids), status=ContactStatus.HAPPENED)
        .values("course_id")
        .annotate(last=Max("occurred_at"))
    )
    return {row["course_id"]: timezone.localtime(row["last"]).date() for row in rows}


def course_intensity(course: Course, *, today: dt.date) -> Intensity:
    contacts = [
        Contact(day=timezone.localtime(at).date(), minutes=minutes)
        for at, minutes in cti_contacts()
        .filter(course=course, status=ContactStatus.HAPPENED)
        .values_list("occurred_at", "duration_minutes")
    ]
    return intensity(course.clock_dates(), contacts, today=today)
