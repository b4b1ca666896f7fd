"""The one door to citizens and courses.

Every view, export and API endpoint fetches citizen data through these helpers. They scope by the
user's municipality first, then by role; anything outside looks exactly like something missing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from overgang.accounts.models import Role
from overgang.courses.models import Citizen, Course
from overgang.programmes.models import Programme


def courses_visible_to(user: Any) -> QuerySet[Course]:
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return Course.objects.none()
    courses = Course.objects.filter(municipality_id=user.municipality_id)
    if user.role == Role.WORKER:
        return courses.filter(worker=user)
    if user.role == Role.COORDINATOR:
        return courses.filter(programme__coordinators=user).distinct()
    if user.role in (Role.MANAGER, Role.ADMINISTRATOR):
        return courses
    return Course.objects.none()


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    """Workers see the programmes they work in, coordinators those they coordinate, the rest all."""
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return Programme.objects.none()
    programmes = Programme.objects.filter(municipality_id=user.municipality_id)
    if user.role == Role.WORKER:
        return programmes.filter(workers=user)
    if user.role == Role.COORDINATOR:
        return programmes.filter(coordinators=user)
    return programmes


def citizens_visible_to(user: Any) -> QuerySet[Citizen]:
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return Citizen.objects.none()
    return Citizen.objects.filter(
        municipality_id=user.municipality_id,
        pk__in=courses_visible_to(user).values("citizen_id"),
    )


def get_course_for_user(user: Any, pk: Any) -> Course:
    """The course, if the user may see it; 404 whether it is missing or forbidden."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    course = (
        courses_visible_to(user)
        .select_related("citizen", "programme", "worker", "restarted_from")
        .prefetch_related("pauses", "assignments__worker")
        .filter(pk=pk)
        .first()
    )
    if course is None:
        raise Http404
    return course


def user_can_change_course(user: Any, course: Course) -> bool:
    """Write access to a course the user can already see (managers only read)."""
    return bool(user.can_change_courses) and course.municipality_id == user.municipality_id


def user_can_reassign(user: Any) -> bool:
    return user.role in (Role.COORDINATOR, Role.ADMINISTRATOR)


def get_programme_for_user(user: Any, pk: Any) -> Programme:
    """The programme, if the user may see it; 404 whether it is missing or forbidden."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    programme = programmes_visible_to(user).select_related("template").filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


def user_can_manage_programme(user: Any, programme: Programme) -> bool:
    """Who runs a programme: its own coordinators, and administrators of the same municipality
    (contact norms, fidelity reviews, supervision)."""
    if getattr(user, "municipality_id", None) != programme.municipality_id:
        return False
    if user.role == Role.ADMINISTRATOR:
        return True
    return user.role == Role.COORDINATOR and programme.coordinators.filter(pk=user.pk).exists()


user_can_change_contact_norms = user_can_manage_programme
