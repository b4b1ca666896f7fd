"""The job programme's pages: the steps before CTI (start meeting, joint plan, job match), the
work agreement with its revisions and the hours chart. Only courses in a programme made from the
job template have them; any other course gets 404, like a course that does not exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overgang.audit.services import audit_record
from overgang.courses.access import get_course_for_user, user_can_change_course
from overgang.courses.job_people import course_is_job
from overgang.courses.models import Course
from overgang.courses.selectors import course_schedule
from overgang.courses.services import CourseActionError
from overgang.jobs import services
from overgang.jobs.charts import hours_chart
from overgang.jobs.forms import (
    HoursUpdateForm,
    JobMatchForm,
    JointPlanForm,
    StartMeetingForm,
    WorkAgreementForm,
)
from overgang.jobs.models import JointPlan, PlanWriter, StartMeeting, StepRevision
from overgang.jobs.selectors import (
    RECOMMENDED_CONTACTS,
    JobSteps,
    contact_period_contacts,
    hours_series,
    job_steps,
)
from overgang.network.models import NetworkPerson


def _nothing_saved(request: HttpRequest) -> None:
    messages.error(request, _("Nothing was saved. Correct the marked field and try again."))


def _job_course(request: HttpRequest, pk: int) -> Course:
    """The door, then the job programme: other courses look missing."""
    course = get_course_for_user(request.user, pk)
    if not course_is_job(course):
        raise Http404
    return course


def _can_change(request: HttpRequest, course: Course) -> bool:
    return user_can_change_course(request.user, course) and course.end_date is None


def _changeable(request: HttpRequest, pk: int) -> Course:
    course = _job_course(request, pk)
    if not _can_change(request, course):
        raise PermissionDenied
    return course


def _form_error(form: Any, error: CourseActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def steps(request: HttpRequest, pk: int) -> HttpResponse:
    course = _job_course(request, pk)
    data = job_steps(course)
    audit_record(actor=request.user, action="jobs.steps_viewed", obj=course, citizen_id=course.citizen_id)
    return render(
        request,
        "jobs/steps.html",
        {
            "course": course,
            "citizen": course.citizen,
            "data": data,
            "contacts": contact_period_contacts(course),
            "recommended_contacts": RECOMMENDED_CONTACTS,
            "can_change": _can_change(request, course),
        },
    )


def _people(course: Course) -> list[tuple[int, str]]:
    return [
        (person.pk, f"{person.name} ({person.get_role_display()})")
        for person in NetworkPerson.objects.filter(citizen_id=course.citizen_id)
    ]


def _step_page(
    request: HttpRequest, course: Course, template: str, form: Any, status: int, **extra: Any
) -> HttpResponse:
    if request.method == "GET":
        step = template.removeprefix("jobs/").removesuffix(".html")  # start_meeting, joint_plan, job_match
        audit_record(
            actor=request.user, action=f"jobs.{step}_form_viewed", obj=course, citizen_id=course.citizen_id
        )
    return render(
        request,
        template,
        {"course": course, "citizen": course.citizen, "form": form, **extra},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def start_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    meeting = job_steps(course).start_meeting
    initial: dict[str, Any] = {"version": meeting.version if meeting else 0, "held_on": timezone.localdate()}
    if meeting is not None:
        initial |= {name: getattr(meeting, name) for name in services.START_MEETING_FIELDS}
        initial["attendee_people"] = [str(p.pk) for p in meeting.attendee_people.all()]
    form = StartMeetingForm(request.POST or None, people=_people(course), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            people = [int(value) for value in data.pop("attendee_people")]
            try:
                services.start_meeting_save(
                    course=course,
                    actor=request.user,
                    expected_version=version,
                    attendee_people=people,
                    **data,
                )
            except services.StepConflict as error:
                messages.error(request, error.message)
                status = 409
            except CourseActionError as error:
                _form_error(form, error)
                _nothing_saved(request)
            else:
                messages.success(request, _("The start meeting is saved."))
                return redirect("jobs:steps", pk=course.pk)
        else:
            _nothing_saved(request)
    return _step_page(request, course, "jobs/start_meeting.html", form, status, meeting=meeting)


@login_required
@require_http_methods(["GET", "POST"])
def joint_plan(request: HttpRequest, pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    data_steps = job_steps(course)
    plan = data_steps.joint_plan
    initial: dict[str, Any] = {"version": plan.version if plan else 0, "made_on": timezone.localdate()}
    if plan is not None:
        initial |= {name: getattr(plan, name) for name in services.JOINT_PLAN_FIELDS}
    form = JointPlanForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.joint_plan_save(course=course, actor=request.user, expected_version=version, **data)
            except services.StepConflict as error:
                messages.error(request, error.message)
                status = 409
            except CourseActionError as error:
                _form_error(form, error)
                _nothing_saved(request)
            else:
                messages.success(request, _("The joint plan is saved."))
                return redirect("jobs:steps", pk=course.pk)
        else:
            _nothing_saved(request)
    return _step_page(
        request, course, "jobs/joint_plan.html", form, status, plan=plan, meeting=data_steps.start_meeting
    )


@login_required
@require_http_methods(["GET", "POST"])
def job_match(request: HttpRequest, pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    data_steps = job_steps(course)
    if data_steps.job_match is not None:
        messages.info(request, _("The job match is already registered."))
        return redirect("jobs:steps", pk=course.pk)
    # A course whose phase 1 was started on the course page: the match is recorded on that date.
    already_started = course.phase_1_start is not None
    form = JobMatchForm(
        request.POST or None,
        initial={"version": course.version, "found_on": course.phase_1_start or timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.job_match_register(
                    course=course,
                    actor=request.user,
                    expected_version=version,
                    start_phase=not already_started,
                    **data,
                )
            except CourseActionError as error:
                _form_error(form, error)
                _nothing_saved(request)
                if error.conflict:
                    status = 409
            else:
                messages.success(request, _("The job match is registered and phase 1 of CTI has started."))
                return redirect("jobs:steps", pk=course.pk)
        else:
            _nothing_saved(request)
    return _step_page(
        request,
        course,
        "jobs/job_match.html",
        form,
        status,
        data=data_steps,
        contacts=contact_period_contacts(course),
        recommended_contacts=RECOMMENDED_CONTACTS,
        already_started=already_started,
    )


def _work_agreement_page(
    request: HttpRequest,
    course: Course,
    data: JobSteps,
    *,
    form: WorkAgreementForm | None = None,
    hours_form: HoursUpdateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    latest = data.current_agreement
    if form is None:
        initial: dict[str, Any] = {
            "expected_number": latest.number if latest else 0,
            "valid_from": timezone.localdate(),
        }
        if latest is not None:
            initial |= {
                name: getattr(latest, name) for name in services.WORK_AGREEMENT_FIELDS if name != "valid_from"
            }
        elif data.job_match is not None:
            initial |= {"employer": data.job_match.employer, "valid_from": data.job_match.found_on}
        form = WorkAgreementForm(initial=initial)
    if hours_form is None:
        hours_form = HoursUpdateForm(initial={"on": timezone.localdate()})
    points = hours_series(data.revisions, data.updates)
    return render(
        request,
        "jobs/work_agreement.html",
        {
            "course": course,
            "citizen": course.citizen,
            "data": data,
            "revisions": list(reversed(data.revisions)),
            "chart": hours_chart(course, course_schedule(course), points),
            "points": points,
            "form": form,
            "hours_form": hours_form,
            "can_change": _can_change(request, course) and data.job_match is not None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def work_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    course = _job_course(request, pk)
    if request.method == "GET":
        audit_record(
            actor=request.user, action="jobs.work_agreement_viewed", obj=course, citizen_id=course.citizen_id
        )
        return _work_agreement_page(request, course, job_steps(course))
    if not _can_change(request, course):
        raise PermissionDenied
    form = WorkAgreementForm(request.POST)
    status = 400
    if form.is_valid():
        values = dict(form.cleaned_data)
        expected = values.pop("expected_number")
        try:
            services.work_agreement_revise(
                course=course, actor=request.user, expected_number=expected, **values
            )
        except services.StepConflict as error:
            messages.error(request, error.message)
            status = 409
        except CourseActionError as error:
            _form_error(form, error)
            _nothing_saved(request)
        else:
            messages.success(request, _("The work agreement is saved as a new revision."))
            return redirect("jobs:work_agreement", pk=course.pk)
    else:
        _nothing_saved(request)
    return _work_agreement_page(request, course, job_steps(course), form=form, status=status)


@login_required
@require_POST
def hours_update(request: HttpRequest, pk: int) -> HttpResponse:
    course = _job_course(request, pk)
    if not _can_change(request, course):
        raise PermissionDenied
    form = HoursUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.hours_update_register(course=course, actor=request.user, **form.cleaned_data)
        except CourseActionError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The hours worked are noted."))
            return redirect(f"{reverse('jobs:work_agreement', args=[course.pk])}#hours-heading")
    _nothing_saved(request)
    return _work_agreement_page(request, course, job_steps(course), hours_form=form, status=400)


@login_required
@require_GET
def step_history(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    course = _job_course(request, pk)
    if step not in StepRevision.Step.values:
        raise Http404
    revisions = list(
        StepRevision.objects.filter(course_id=course.pk, step=step)
        .select_related("saved_by")
        .order_by("number")
    )
    model = JointPlan if step == StepRevision.Step.JOINT_PLAN else StartMeeting
    fields = (
        services.JOINT_PLAN_FIELDS
        if model is JointPlan
        else (*services.START_MEETING_FIELDS, "attendee_people")
    )
    labels = {name: capfirst(str(model._meta.get_field(name).verbose_name)) for name in fields}  # type: ignore[union-attr]
    entries = []
    previous: dict[str, Any] = {}
    for revision in revisions:
        changes = [
            (labels[name], _display(revision.values.get(name)))
            for name in fields
            if revision.values.get(name) != previous.get(name)
            and (previous or revision.values.get(name) not in (None, "", [], False))
        ]
        entries.append({"revision": revision, "changes": changes})
        previous = revision.values
    entries.reverse()
    audit_record(
        actor=request.user, action=f"jobs.{step}_history_viewed", obj=course, citizen_id=course.citizen_id
    )
    return render(
        request,
        "jobs/history.html",
        {
            "course": course,
            "citizen": course.citizen,
            "step_label": StepRevision.Step(step).label,
            "entries": entries,
        },
    )


def _display(value: Any) -> str:
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d-%m-%Y")
        except ValueError:
            return value
    if value in PlanWriter.values:
        return str(PlanWriter(value).label)
    return "" if value is None else str(value)
