"""The one door to citizens and courses.

Every view, export and API endpoint fetches citizen data through these helpers. They scope by the
user's municipality first, then by role; anything outside looks exactly like something missing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from overgang.accounts.models import Role
from overgang.audit.services import audit_denied
from overgang.courses.models import Citizen, Course
from overgang.programmes.models import Programme

JOB_TEMPLATE = "job"  # the job programme's template code (overgang/programmes/data/job.json)


def courses_visible_to(user: Any) -> QuerySet[Course]:
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return Course.objects.none()
    courses = Course.objects.filter(municipality_id=user.municipality_id)
    if user.role == Role.WORKER:
        return courses.filter(worker=user)
    if user.role == Role.COORDINATOR:
        # A subquery, not a join: no DISTINCT to sort thousands of rows, and a course appears once.
        return courses.filter(programme__in=Programme._base_manager.filter(coordinators=user).values("pk"))
    if user.role in (Role.MANAGER, Role.ADMINISTRATOR):
        return courses
    if user.role == Role.JOB_CONSULTANT:
        # Only the job courses they are attached to: no caseload, no other citizens.
        return courses.filter(job_consultants=user, programme__template__code=JOB_TEMPLATE).distinct()
    return Course.objects.none()


def user_is_job_consultant(user: Any) -> bool:
    return getattr(user, "role", None) == Role.JOB_CONSULTANT


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])


def refuse_job_consultants(view: ViewFunc) -> ViewFunc:
    """For pages about the municipality, a programme, a team or a worker (desk, figures,
    supervision, feeds, API): a job consultant sees only their attached courses, so for them
    these pages do not exist (404). Put it under @login_required."""

    @functools.wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        user = getattr(request, "user", None)
        if user_is_job_consultant(user):
            # A refused attempt like any other, named by the page asked for (and its id, if any);
            # no citizen is looked up: these pages are about many, or about a worker or programme.
            match = getattr(request, "resolver_match", None)
            object_type = (match.view_name if match else "") or getattr(view, "__name__", "")
            log_denied(user, object_type[:50], kwargs.get("pk", ""))
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    """Workers see the programmes they work in, coordinators those they coordinate, the rest all."""
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return Programme.objects.none()
    programmes = Programme.objects.filter(municipality_id=user.municipality_id)
    if user.role == Role.WORKER:
        return programmes.filter(workers=user)
    if user.role == Role.COORDINATOR:
        return programmes.filter(coordinators=user)
    if user.role == Role.JOB_CONSULTANT:
        return Programme.objects.none()  # a job consultant sees courses, never a programme's figures
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
        .select_related("citizen", "programme__template", "worker", "restarted_from")
        .prefetch_related("pauses", "assignments__worker")
        .filter(pk=pk)
        .first()
    )
    if course is None:
        # Across municipalities on purpose: an attempt on another municipality's course is logged too.
        citizen_id = Course._base_manager.filter(pk=pk).values_list("citizen_id", flat=True).first()
        if citizen_id is not None:
            log_denied(user, "courses.course", pk, citizen_id=citizen_id)
        raise Http404
    return course


def log_denied(user: Any, object_type: str, object_id: Any, *, citizen_id: int | None = None) -> None:
    """Something exists but is not for this user: one `access.denied` audit row. The caller still
    answers exactly as for a missing object (404)."""
    if getattr(user, "is_authenticated", False):
        audit_denied(actor=user, object_type=object_type, object_id=object_id, citizen_id=citizen_id)


def refuse_foreign(user: Any, model: type[Model], pk: Any, *, citizen_path: str | None) -> NoReturn:
    """A sub-object (a journal entry, a network person, a plan...) asked for through a course it
    does not belong to: if it exists elsewhere that is a refused attempt, logged once with the
    citizen it belongs to (`citizen_path`, a lookup from the model to the citizen id; None for
    objects that are no citizen's data). A truly missing id logs nothing. Always 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = model._base_manager.filter(pk=pk)
    if citizen_path is None:
        if found.exists():
            log_denied(user, model._meta.label_lower, pk)
    else:
        owners = list(found.values_list(citizen_path, flat=True)[:1])
        if owners:
            log_denied(user, model._meta.label_lower, pk, citizen_id=owners[0])
    raise Http404


def user_can_change_course(user: Any, course: Course) -> bool:
    """Write access to a course the user can already see (managers only read)."""
    return bool(user.can_change_courses) and course.municipality_id == user.municipality_id


def user_can_write_journal(user: Any, course: Course) -> bool:
    """Adding contact-journal entries: whoever may change the course, and a job consultant attached
    to it (their own entries; see user_can_change_journal_entry)."""
    if course.end_date is not None or course.municipality_id != getattr(user, "municipality_id", None):
        return False
    if user_is_job_consultant(user):
        return course.job_consultants.filter(pk=user.pk).exists()
    return user_can_change_course(user, course)


def user_can_change_journal_entry(user: Any, course: Course, entry: Any) -> bool:
    """A job consultant changes or removes only the entries they wrote themselves."""
    if not user_can_write_journal(user, course):
        return False
    if user_is_job_consultant(user):
        return bool(entry.author_id == user.pk)
    return True


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
        if Programme._base_manager.filter(pk=pk).exists():
            log_denied(user, "programmes.programme", pk)
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


# Confidential addresses and the safety plan (shelter manual 3.1.2) ------------------------------
#
# A woman who lives hidden from the perpetrator: her address, phone and safety plan are for the few
# who work with her now, not for everyone who may read her course. One rule, used by every screen,
# export and endpoint that could show them.


def _courses_trusted_with(citizen: Citizen) -> list[Course]:
    """The courses whose worker and coordinators are trusted with the citizen's whereabouts: the
    running course, or the latest one if none runs (so an ended course is not orphaned)."""
    courses = list(Course.objects.filter(citizen_id=citizen.pk).order_by("referral_date", "pk"))
    running = [course for course in courses if course.end_date is None]
    return running or courses[-1:]


def _user_coordinates(user: Any, course: Course) -> bool:
    return user.role == Role.COORDINATOR and course.programme.coordinators.filter(pk=user.pk).exists()


def user_may_see_contact_details(user: Any, citizen: Citizen) -> bool:
    """Whether the user may see the citizen's address, phone and e-mail.

    Without the confidential-address marker: anyone who may see the citizen (the caller has been
    through the door). With it: only the CTI worker of the citizen's running course and that
    programme's coordinators.
    """
    if not getattr(user, "is_authenticated", False) or user.municipality_id != citizen.municipality_id:
        return False
    if not citizen.confidential_address:
        return True
    return any(
        course.worker_id == user.pk or _user_coordinates(user, course)
        for course in _courses_trusted_with(citizen)
    )


def user_may_see_safety_plan(user: Any, course: Course) -> bool:
    """The safety plan is for the course's CTI worker and the programme's coordinators only: not
    managers, not colleagues on the team, not administrators. A confidential address narrows it
    further to those trusted with the citizen's whereabouts."""
    if not getattr(user, "is_authenticated", False) or user.municipality_id != course.municipality_id:
        return False
    if not (course.worker_id == user.pk or _user_coordinates(user, course)):
        return False
    return user_may_see_contact_details(user, course.citizen)


def user_may_mark_confidential_address(user: Any, citizen: Citizen) -> bool:
    """Set or clear the marker: the CTI worker or a coordinator of the citizen's running course."""
    if not getattr(user, "is_authenticated", False) or not user.can_change_courses:
        return False
    if user.municipality_id != citizen.municipality_id:
        return False
    return any(
        course.end_date is None and (course.worker_id == user.pk or _user_coordinates(user, course))
        for course in _courses_trusted_with(citizen)
    )


@dataclass(frozen=True)
class ContactDetails:
    """What a screen may show of the citizen's contact details. `hidden` means the values exist
    but are withheld; the fields are then empty strings, so nothing can leak by accident."""

    confidential: bool
    hidden: bool
    address: str
    phone: str
    email: str


def contact_details_for(user: Any, citizen: Citizen) -> ContactDetails:
    if user_may_see_contact_details(user, citizen):
        return ContactDetails(
            confidential=citizen.confidential_address,
            hidden=False,
            address=citizen.address,
            phone=citizen.phone,
            email=citizen.email,
        )
    return ContactDetails(confidential=True, hidden=True, address="", phone="", email="")
