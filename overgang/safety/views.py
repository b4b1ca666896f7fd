"""The safety plan of a shelter-programme course and the citizen's confidential-address marker.

The plan is for the course's CTI worker and the programme's coordinators only; anyone else, and any
course outside the shelter programme, gets 404, exactly as for a course that does not exist. Every
look at the plan or its history is audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overgang.audit.services import audit_record
from overgang.courses.access import (
    get_course_for_user,
    log_denied,
    user_can_change_course,
    user_may_mark_confidential_address,
    user_may_see_safety_plan,
)
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.safety import services
from overgang.safety.forms import ConfidentialAddressForm, SafetyPlanForm
from overgang.safety.models import PART_FIELDS, SafetyPlan


def _safety_course(request: HttpRequest, pk: int) -> Course:
    """The one door to a safety plan: the course door, then the shelter programme, then the few."""
    course = get_course_for_user(request.user, pk)
    if not services.course_has_safety_plan(course):
        raise Http404
    if not user_may_see_safety_plan(request.user, course):
        # The course may be read, its safety plan not (a manager, a colleague): a refused attempt.
        log_denied(request.user, "safety.safetyplan", course.pk, citizen_id=course.citizen_id)
        raise Http404
    return course


def _plan(course: Course) -> SafetyPlan | None:
    return SafetyPlan.objects.filter(course_id=course.pk).first()


def _can_change(request: HttpRequest, course: Course) -> bool:
    return user_can_change_course(request.user, course) and course.end_date is None


def _page(
    request: HttpRequest,
    course: Course,
    plan: SafetyPlan | None,
    form: SafetyPlanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        initial: dict[str, object] = {"version": plan.version if plan else 0}
        if plan is not None:
            initial |= {name: getattr(plan, name) for name in services.PLAN_FIELDS}
        form = SafetyPlanForm(initial=initial)
    latest = plan.revisions.select_related("saved_by").first() if plan is not None else None
    return render(
        request,
        "safety/plan.html",
        {
            "course": course,
            "citizen": course.citizen,
            "plan": plan,
            "latest": latest,
            "form": form,
            "can_change": _can_change(request, course),
        },
        status=status,
    )


@login_required
@require_GET
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    course = _safety_course(request, pk)
    audit_record(actor=request.user, action="safety.plan_viewed", obj=course, citizen_id=course.citizen_id)
    return _page(request, course, _plan(course))


@login_required
@require_POST
def plan_save(request: HttpRequest, pk: int) -> HttpResponse:
    course = _safety_course(request, pk)
    if not _can_change(request, course):
        log_denied(request.user, "safety.safetyplan", course.pk, citizen_id=course.citizen_id)
        raise Http404
    form = SafetyPlanForm(request.POST)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS}
        try:
            services.safety_plan_save(
                course=course,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                today=timezone.localdate(),
                **data,
            )
        except services.SafetyPlanConflict as error:
            text = error.message
            if error.latest is not None:
                text += " " + _("Latest change: version %(number)s by %(who)s at %(when)s.") % {
                    "number": error.latest.number,
                    "who": error.latest.saved_by.get_full_name() or error.latest.saved_by.get_username(),
                    "when": timezone.localtime(error.latest.saved_at).strftime("%d-%m-%Y %H:%M"),
                }
            messages.error(request, text)
            return _page(request, course, _plan(course), form, status=409)
        except CourseActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The safety plan is saved."))
            return redirect("safety:plan", pk=course.pk)
    messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
    return _page(request, course, _plan(course), form, status=400)


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    course = _safety_course(request, pk)
    plan = _plan(course)
    audit_record(
        actor=request.user, action="safety.plan_history_viewed", obj=course, citizen_id=course.citizen_id
    )
    revisions = list(plan.revisions.select_related("saved_by")) if plan is not None else []
    labels = {name: str(SafetyPlan._meta.get_field(name).verbose_name) for name in PART_FIELDS}  # type: ignore[union-attr]
    entries = []
    for index, revision in enumerate(revisions):
        previous = revisions[index + 1] if index + 1 < len(revisions) else None
        changes = [
            {
                "label": labels[name],
                "before": previous.values.get(name, "") if previous else "",
                "after": revision.values.get(name, ""),
            }
            for name in PART_FIELDS
            if (previous.values.get(name, "") if previous else "") != revision.values.get(name, "")
        ]
        reviewed_changed = previous is None or previous.reviewed_on != revision.reviewed_on
        entries.append({"revision": revision, "changes": changes, "reviewed_changed": reviewed_changed})
    return render(
        request,
        "safety/history.html",
        {"course": course, "citizen": course.citizen, "plan": plan, "entries": entries},
    )


@login_required
@require_http_methods(["GET", "POST"])
def confidential_address(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page (GET), then the change (POST): set or clear the marker."""
    course = get_course_for_user(request.user, pk)
    citizen = course.citizen
    if not user_may_mark_confidential_address(request.user, citizen):
        log_denied(request.user, "courses.citizen", citizen.pk, citizen_id=citizen.pk)
        raise Http404
    wanted = not citizen.confidential_address
    form = ConfidentialAddressForm(
        request.POST or None,
        initial={"confidential": "yes" if wanted else "no", "version": citizen.version},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.citizen_mark_confidential_address(
                    citizen=citizen,
                    actor=request.user,
                    confidential=form.cleaned_data["confidential"],
                    expected_version=form.cleaned_data["version"],
                )
            except CourseActionError as error:
                form.add_error(None, error.message)
            else:
                if form.cleaned_data["confidential"]:
                    messages.success(request, _("The address is marked as confidential."))
                else:
                    messages.success(request, _("The address is no longer marked as confidential."))
                return redirect("courses:detail", pk=course.pk)
        messages.error(request, _("Nothing was changed. Correct the marked field and try again."))
    else:
        audit_record(
            actor=request.user,
            action="citizen.confidential_address_form_viewed",
            obj=citizen,
            municipality_id=course.municipality_id,
            citizen_id=citizen.pk,
        )
    return render(
        request,
        "safety/confidential_address.html",
        {"course": course, "citizen": citizen, "form": form, "wanted": wanted},
        status=400 if request.method == "POST" else 200,
    )
