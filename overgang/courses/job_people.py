"""The people around a job-programme course (the job model, "Social støtte i overgang til og
fastholdelse i job"): besides the CTI worker, the job consultant (jobkonsulent), who has the
company-facing effort and the contact with the employer, and the two case workers, the job-centre
case worker (sagsbehandler i jobcenter) and the social-services case worker (sagsbehandler i
socialforvaltningen).

The job consultant is a user of Overgang (role job_consultant), attached to the course. The case
workers are outside people: they are kept in the citizen's network (overgang/network), and found
there by role.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from overgang.accounts.models import Role, User
from overgang.audit.services import audit_record
from overgang.courses.access import JOB_TEMPLATE, user_can_change_course
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError


def course_is_job(course: Course) -> bool:
    return bool(course.programme.template.code == JOB_TEMPLATE)


def job_consultants_available(course: Course) -> list[User]:
    """Job consultants of the course's municipality who are not attached yet."""
    return list(
        User.objects.filter(municipality_id=course.municipality_id, role=Role.JOB_CONSULTANT, is_active=True)
        .exclude(pk__in=course.job_consultants.values("pk"))
        .order_by("first_name", "last_name", "pk")
    )


def user_may_attach_job_consultants(user: Any, course: Course) -> bool:
    """The course's CTI worker, or a coordinator or administrator who may change it."""
    return (
        course_is_job(course)
        and course.end_date is None
        and user_can_change_course(user, course)
        and getattr(user, "role", None) in (Role.WORKER, Role.COORDINATOR, Role.ADMINISTRATOR)
    )


def course_attach_job_consultant(*, course: Course, consultant: Any, actor: Any) -> None:
    if not course_is_job(course):
        raise CourseActionError(_("Only courses in the job programme have a job consultant."))
    if course.end_date is not None:
        raise CourseActionError(_("The course has ended. Nothing can be changed."))
    if (
        consultant is None
        or getattr(consultant, "role", None) != Role.JOB_CONSULTANT
        or consultant.municipality_id != course.municipality_id
        or not consultant.is_active
    ):
        raise CourseActionError(_("Choose a job consultant from the list."), field="consultant")
    with transaction.atomic():
        if course.job_consultants.filter(pk=consultant.pk).exists():
            return
        course.job_consultants.add(consultant)
        audit_record(
            actor=actor,
            action="course.job_consultant_attached",
            obj=course,
            citizen_id=course.citizen_id,
            after={"job_consultant": consultant.pk},
        )


def course_detach_job_consultant(*, course: Course, consultant: Any, actor: Any) -> None:
    if course.end_date is not None:
        raise CourseActionError(_("The course has ended. Nothing can be changed."))
    if consultant is None or not course.job_consultants.filter(pk=consultant.pk).exists():
        raise CourseActionError(_("The job consultant is not attached to the course."), field="consultant")
    with transaction.atomic():
        course.job_consultants.remove(consultant)
        audit_record(
            actor=actor,
            action="course.job_consultant_detached",
            obj=course,
            citizen_id=course.citizen_id,
            before={"job_consultant": consultant.pk},
        )
