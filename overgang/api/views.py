"""REST API v1: the same one door, the same services, the same rules as the web screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from overgang.accounts.models import User
from overgang.api import serializers as s
from overgang.audit.services import audit_record
from overgang.courses import services
from overgang.courses.access import (
    courses_visible_to,
    get_course_for_user,
    refuse_foreign,
    refuse_job_consultants,
    user_can_change_course,
    user_can_reassign,
)
from overgang.courses.models import Course
from overgang.courses.selectors import (
    course_rows,
    programmes_for_referral,
    with_schedule_data,
    worker_caseload,
    workers_visible_to,
)
from overgang.method.caseload import FORECAST_ASSUMPTION
from overgang.method.clock import compute_schedule

ERRORS = {400: s.ErrorSerializer, 403: s.ErrorSerializer, 404: s.ErrorSerializer, 409: s.ErrorSerializer}
# A body in a media type the API does not parse (or a broken multipart body) is a 415.
WRITE_ERRORS = {**ERRORS, 415: s.ErrorSerializer}


def _course_payload(course: Course) -> Any:
    today = timezone.localdate()
    course = with_schedule_data(Course.objects.filter(pk=course.pk)).get()
    schedules = {course.pk: compute_schedule(course.clock_dates(), today=today)}
    return s.CourseSerializer(course, context={"schedules": schedules}).data


def _courses_payload(courses: Any) -> Any:
    rows = course_rows(courses, today=timezone.localdate())
    schedules = {row.course.pk: row.schedule for row in rows}
    return s.CourseSerializer([row.course for row in rows], many=True, context={"schedules": schedules}).data


def _worker_for(user: Any, pk: int) -> User:
    worker = workers_visible_to(user).filter(pk=pk).first()
    if worker is None:
        # Another programme's or municipality's worker: their caseload is not for this user.
        refuse_foreign(user, User, pk, citizen_path=None)
    return worker


@extend_schema(
    summary="List the courses you may see",
    parameters=[
        OpenApiParameter("worker", int, description="Only this worker's courses"),
        OpenApiParameter("active", bool, description="Only active courses (default true)"),
    ],
    responses={
        200: s.CourseSerializer(many=True),
        400: s.ErrorSerializer,
        403: s.ErrorSerializer,
        404: s.ErrorSerializer,
    },
)
@api_view(["GET"])
@refuse_job_consultants
def course_list(request: Request) -> Response:
    courses = courses_visible_to(request.user)
    active = request.query_params.get("active", "true").lower()
    if active not in {"true", "false"}:
        return Response(
            {"errors": [{"field": "active", "message": _("active must be true or false.")}]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if active == "true":
        courses = courses.filter(end_date__isnull=True)
    worker = request.query_params.get("worker")
    if worker is not None:
        if not (worker.isascii() and worker.isdigit() and len(worker) <= 18):
            return Response(
                {"errors": [{"field": "worker", "message": _("worker must be a user id (a number).")}]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        courses = courses.filter(worker_id=int(worker))
    payload = _courses_payload(courses)
    # A list of many citizens: one audit row for the list, not one per citizen.
    audit_record(
        actor=request.user,
        action="course_list.viewed",
        municipality_id=request.user.municipality_id,  # type: ignore[union-attr]
        after={"courses": len(payload), "api": True},
    )
    return Response(payload)


@extend_schema(summary="A course with its CTI schedule", responses={200: s.CourseSerializer, **ERRORS})
@api_view(["GET"])
@refuse_job_consultants
def course_detail(request: Request, pk: int) -> Response:
    course = get_course_for_user(request.user, pk)
    audit_record(actor=request.user, action="course.viewed", obj=course, citizen_id=course.citizen_id)
    return Response(_course_payload(course))


@extend_schema(
    summary="Register a citizen and refer them to a programme",
    request=s.ReferralInput,
    responses={201: s.CourseSerializer, **WRITE_ERRORS},
)
@api_view(["POST"])
@refuse_job_consultants
def referral_create(request: Request) -> Response:
    if not request.user.can_change_courses:  # type: ignore[union-attr]
        raise PermissionDenied
    data = _parse(s.ReferralInput, request)
    programme = programmes_for_referral(request.user).filter(pk=data["programme"]).first()
    if programme is None:
        raise services.CourseActionError(_("Choose a programme you may refer to."), field="programme")
    worker = User.objects.filter(pk=data["worker"], municipality_id=request.user.municipality_id or 0).first()  # type: ignore[union-attr]
    citizen_fields = ("first_name", "last_name", "cpr", "address", "phone", "email", "preferred_contact_form")
    course = services.citizen_register_and_refer(
        actor=request.user,
        citizen_data={k: data[k] for k in citizen_fields},
        programme=programme,
        legal_basis=data["legal_basis"],
        worker=worker,
        referral_date=data["referral_date"],
    )
    return Response(_course_payload(course), status=status.HTTP_201_CREATED)


def _parse(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _changeable_course(request: Request, pk: int) -> Course:
    course = get_course_for_user(request.user, pk)
    if not user_can_change_course(request.user, course):
        raise PermissionDenied
    return course


def _action(
    serializer_class: type[serializers.Serializer],
    perform: Callable[[Course, dict[str, Any], Any], object],
    summary: str,
    *,
    created: bool = False,
    allowed: Callable[[Any], bool] | None = None,
) -> Callable[..., Response]:
    success = status.HTTP_201_CREATED if created else status.HTTP_200_OK

    @extend_schema(
        summary=summary, request=serializer_class, responses={success: s.CourseSerializer, **WRITE_ERRORS}
    )
    @api_view(["POST"])
    @refuse_job_consultants
    def view(request: Request, pk: int) -> Response:
        course = _changeable_course(request, pk)
        # Who may do it is answered before what was sent is looked at.
        if allowed is not None and not allowed(request.user):
            raise PermissionDenied
        data = _parse(serializer_class, request)
        result = perform(course, data, request.user)
        target = result if isinstance(result, Course) else course
        return Response(_course_payload(target), status=success)

    return view


def _reassign(course: Course, data: dict[str, Any], user: Any) -> Course:
    worker = User.objects.filter(pk=data["worker"], municipality_id=user.municipality_id).first()
    return services.course_reassign_worker(
        course=course, worker=worker, on=data["on"], actor=user, expected_version=data["version"]
    )


course_contact_period = _action(
    s.DateInput,
    lambda c, d, u: services.course_start_contact_period(
        course=c, on=d["on"], actor=u, expected_version=d["version"]
    ),
    "Start the contact period",
)
course_phase = _action(
    s.PhaseInput,
    lambda c, d, u: services.course_start_phase(
        course=c, phase=d["phase"], on=d["on"], actor=u, expected_version=d["version"]
    ),
    "Register the start of phase 1 (the transition event), 2 or 3",
)
course_pause = _action(
    s.PauseInput,
    lambda c, d, u: services.course_pause(
        course=c,
        start=d["start"],
        reason=d["reason"],
        reason_text=d.get("reason_text", ""),
        actor=u,
        expected_version=d["version"],
    ),
    "Pause the course (the CTI clock stops)",
)
course_resume = _action(
    s.DateInput,
    lambda c, d, u: services.course_resume(course=c, on=d["on"], actor=u, expected_version=d["version"]),
    "Resume a paused course",
)
course_end = _action(
    s.EndInput,
    lambda c, d, u: services.course_end(
        course=c,
        on=d["on"],
        reason=d["reason"],
        reason_text=d.get("reason_text", ""),
        actor=u,
        expected_version=d["version"],
    ),
    "End the course with a reason",
)
course_restart = _action(
    s.RestartInput,
    lambda c, d, u: services.course_restart(course=c, referral_date=d["referral_date"], actor=u),
    "Start over: a new course linked to this ended one",
    created=True,
)
course_reassign = _action(
    s.ReassignInput, _reassign, "Give the course another CTI worker", allowed=user_can_reassign
)


@extend_schema(summary="A worker's courses", responses={200: s.CourseSerializer(many=True), **ERRORS})
@api_view(["GET"])
@refuse_job_consultants
def worker_courses(request: Request, pk: int) -> Response:
    worker = _worker_for(request.user, pk)
    courses = courses_visible_to(request.user).filter(worker=worker, end_date__isnull=True)
    payload = _courses_payload(courses)
    audit_record(
        actor=request.user,
        action="course_list.viewed",
        municipality_id=request.user.municipality_id,  # type: ignore[union-attr]
        after={"courses": len(payload), "api": True, "worker": worker.pk},
    )
    return Response(payload)


@extend_schema(
    summary="A worker's caseload with the 12-week forecast", responses={200: s.CaseloadSerializer, **ERRORS}
)
@api_view(["GET"])
@refuse_job_consultants
def worker_caseload_view(request: Request, pk: int) -> Response:
    worker = _worker_for(request.user, pk)
    caseload = worker_caseload(worker, today=timezone.localdate())
    return Response(
        {
            "worker": worker.pk,
            "fte": f"{worker.fte:.2f}",
            "now": s.caseload_point(caseload.now),
            "forecast": [s.caseload_point(p) for p in caseload.forecast],
            "first_date_with_room": caseload.first_room,
            "assumption": FORECAST_ASSUMPTION,
        }
    )
