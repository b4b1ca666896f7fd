"""The CTI plan of a course: the plan per period, its focus areas and sub-goals, follow-ups, the
revision history with what changed, the citizen's copy and the section for the § 141 action plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overgang.audit.services import audit_record
from overgang.courses.access import get_course_for_user, refuse_foreign, user_can_change_course
from overgang.courses.models import Course
from overgang.courses.selectors import course_schedule
from overgang.courses.services import CourseActionError
from overgang.plans import services
from overgang.plans.documents import citizen_copy_pdf, section_141_context
from overgang.plans.forms import (
    FocusAreaForm,
    FollowUpForm,
    PlanForm,
    SubGoalFormSet,
    SubGoalMarkForm,
    VersionOnlyForm,
)
from overgang.plans.models import (
    PERIOD_ORDER,
    RECOMMENDED_FOCUS_AREAS,
    CtiPlan,
    FocusArea,
    PlanPeriod,
    SubGoal,
)
from overgang.plans.presentation import plan_view, revision_history


def _plans(course: Course) -> list[CtiPlan]:
    plans = list(CtiPlan.objects.filter(course=course))
    return sorted(plans, key=lambda p: PERIOD_ORDER.index(p.period))


def _plan_for(user: Any, course: Course, plan_pk: int) -> CtiPlan:
    plan = (
        CtiPlan.objects.select_related("worker", "course__programme", "course__citizen")
        .filter(course=course, pk=plan_pk)
        .first()
    )
    if plan is None:
        refuse_foreign(user, CtiPlan, plan_pk, citizen_path="course__citizen_id")
    plan.course = course
    return plan


def _changeable(request: HttpRequest, pk: int) -> Course:
    """The course, if the user may change its plan: visible, writable, and not ended."""
    course = get_course_for_user(request.user, pk)
    if not user_can_change_course(request.user, course) or course.end_date is not None:
        raise PermissionDenied
    return course


def _current_period(course: Course) -> str | None:
    period = str(course_schedule(course).period)
    return period if period in PERIOD_ORDER else None


def _conflict_message(request: HttpRequest, course: Course, plan: CtiPlan, error: CourseActionError) -> None:
    """The refusal, with who changed the plan and a way to see their change."""
    latest = getattr(error, "latest", None)
    text = error.message
    if latest is not None:
        text += " " + _("Latest change: revision %(number)s by %(who)s at %(when)s.") % {
            "number": latest.number,
            "who": latest.saved_by.get_full_name() or latest.saved_by.get_username(),
            "when": timezone.localtime(latest.saved_at).strftime("%d-%m-%Y %H:%M"),
        }
    messages.error(request, text)


def _form_error(form: Any, error: CourseActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    plans = _plans(course)
    selected = None
    wanted = request.GET.get("plan", "")
    if wanted.isdigit():
        selected = next((p for p in plans if p.pk == int(wanted)), None)
    current_period = _current_period(course)
    if selected is None:
        selected = next((p for p in plans if p.period == current_period), None) or (
            plans[-1] if plans else None
        )
    can_change = user_can_change_course(request.user, course) and course.end_date is None
    missing_current = current_period is not None and all(p.period != current_period for p in plans)
    audit_record(actor=request.user, action="cti_plan.viewed", obj=course, citizen_id=course.citizen_id)
    return render(
        request,
        "plans/plan.html",
        {
            "course": course,
            "citizen": course.citizen,
            "plans": plans,
            "plan": plan_view(selected) if selected else None,
            "can_change": can_change,
            "missing_current": missing_current,
            "current_period": current_period,
            "current_period_label": PlanPeriod(current_period).label if current_period else "",
            "recommended": RECOMMENDED_FOCUS_AREAS,
            "follow_up_form": FollowUpForm(initial={"on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    today = timezone.localdate()
    period = request.POST.get("period") or request.GET.get("period") or _current_period(course) or "contact"
    if period not in PERIOD_ORDER:
        period = "contact"
    starts_on, ends_on = services.period_dates(course, period, today=today)
    previous = services.previous_plan(course, period)
    form = PlanForm(
        request.POST or None,
        programme=course.programme,
        initial={
            "period": period,
            "made_on": today,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "dimensions": list(previous.dimensions) if previous else [],
            "carry_forward": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(course=course, actor=request.user, today=today, **data)
        except CourseActionError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The plan is made."))
            return redirect(f"{reverse('plans:plan', args=[course.pk])}?plan={plan.pk}")
    if request.method == "POST":
        messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
    else:
        audit_record(
            actor=request.user, action="cti_plan.form_viewed", obj=course, citizen_id=course.citizen_id
        )
    return render(
        request,
        "plans/plan_form.html",
        {"course": course, "form": form, "previous": previous, "plan": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    plan = _plan_for(request.user, course, plan_pk)
    form = PlanForm(
        request.POST or None,
        programme=course.programme,
        editing=True,
        initial={name: getattr(plan, name) for name in services.PLAN_FIELDS} | {"version": plan.version},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.plan_update(
                plan=plan, actor=request.user, expected_version=form.cleaned_data["version"], **data
            )
        except services.PlanConflict as error:
            _conflict_message(request, course, plan, error)
        except CourseActionError as error:
            _form_error(form, error)
            messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
        else:
            messages.success(request, _("The plan is changed."))
            return redirect(f"{reverse('plans:plan', args=[course.pk])}?plan={plan.pk}")
    if request.method == "GET":
        audit_record(
            actor=request.user, action="cti_plan.form_viewed", obj=plan, citizen_id=course.citizen_id
        )
    return render(
        request,
        "plans/plan_form.html",
        {"course": course, "form": form, "plan": plan},
        status=400 if request.method == "POST" else 200,
    )


def _sub_goal_inputs(formset: Any) -> list[services.SubGoalInput]:
    return [
        services.SubGoalInput(
            id=form.cleaned_data.get("id"),
            text=form.cleaned_data.get("text") or "",
            achieved_on=form.cleaned_data.get("achieved_on"),
        )
        for form in formset.forms
        if form.cleaned_data
    ]


@login_required
@require_http_methods(["GET", "POST"])
def focus_area_edit(request: HttpRequest, pk: int, plan_pk: int, area_pk: int | None = None) -> HttpResponse:
    course = _changeable(request, pk)
    plan = _plan_for(request.user, course, plan_pk)
    area = None
    if area_pk is not None:
        area = FocusArea.objects.filter(plan=plan, pk=area_pk).first()
        if area is None:
            refuse_foreign(request.user, FocusArea, area_pk, citizen_path="plan__course__citizen_id")
    initial: dict[str, Any] = {"version": plan.version}
    goals_initial: list[dict[str, Any]] = []
    if area is not None:
        initial |= {name: getattr(area, name) for name in services.FOCUS_FIELDS}
        goals_initial = [
            {"id": goal.pk, "text": goal.text, "achieved_on": goal.achieved_on}
            for goal in area.sub_goals.all()
        ]
    wanted = request.GET.get("dimension", "")
    if area is None and wanted in {d.get("code") for d in course.programme.dimensions}:
        initial["dimension"] = wanted  # "add a focus area in this track"
    form = FocusAreaForm(request.POST or None, programme=course.programme, initial=initial)
    formset = SubGoalFormSet(request.POST or None, initial=goals_initial, prefix="goals")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            saved = services.focus_area_save(
                plan=plan,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                focus_area=area,
                sub_goals=_sub_goal_inputs(formset),
                **data,
            )
        except services.PlanConflict as error:
            _conflict_message(request, course, plan, error)
        except CourseActionError as error:
            _form_error(form, error)
            messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
        else:
            count = plan.focus_areas.count()
            messages.success(request, _("The focus area is saved."))
            if count > RECOMMENDED_FOCUS_AREAS:
                messages.warning(
                    request,
                    _(
                        "The plan now has %(count)s focus areas. The manual recommends about three, "
                        "so that the work stays focused and the goals realistic."
                    )
                    % {"count": count},
                )
            return redirect(f"{reverse('plans:plan', args=[course.pk])}?plan={plan.pk}#focus-{saved.pk}")
    elif request.method == "POST":
        messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
    else:
        audit_record(
            actor=request.user,
            action="cti_plan.focus_area_form_viewed",
            obj=plan,
            citizen_id=course.citizen_id,
        )
    return render(
        request,
        "plans/focus_area_form.html",
        {
            "course": course,
            "plan": plan,
            "area": area,
            "form": form,
            "formset": formset,
            "count": plan.focus_areas.count(),
            "recommended": RECOMMENDED_FOCUS_AREAS,
        },
        status=400 if request.method == "POST" else 200,
    )


def _back(course: Course, plan: CtiPlan, anchor: str = "") -> HttpResponse:
    return redirect(f"{reverse('plans:plan', args=[course.pk])}?plan={plan.pk}{anchor}")


@login_required
@require_POST
def focus_area_remove(request: HttpRequest, pk: int, plan_pk: int, area_pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    plan = _plan_for(request.user, course, plan_pk)
    area = FocusArea.objects.filter(plan=plan, pk=area_pk).first()
    if area is None:
        refuse_foreign(request.user, FocusArea, area_pk, citizen_path="plan__course__citizen_id")
    form = VersionOnlyForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.focus_area_remove(plan=plan, focus_area=area, actor=request.user, expected_version=version)
    except services.PlanConflict as error:
        _conflict_message(request, course, plan, error)
    except CourseActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The focus area is removed. It can still be read in the plan's history."))
    return _back(course, plan)


@login_required
@require_POST
def sub_goal_mark(request: HttpRequest, pk: int, plan_pk: int, goal_pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    plan = _plan_for(request.user, course, plan_pk)
    goal = SubGoal.objects.filter(focus_area__plan=plan, pk=goal_pk).first()
    if goal is None:
        refuse_foreign(request.user, SubGoal, goal_pk, citizen_path="focus_area__plan__course__citizen_id")
    form = SubGoalMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The date was not understood. Nothing was saved."))
        return _back(course, plan, f"#goal-{goal.pk}")
    achieved_on: dt.date | None = form.cleaned_data["achieved_on"]
    if request.POST.get("action") == "reopen":
        achieved_on = None
    elif achieved_on is None:
        messages.error(request, _("Enter the date the sub-goal was achieved. Nothing was saved."))
        return _back(course, plan, f"#goal-{goal.pk}")
    try:
        services.sub_goal_mark(
            plan=plan,
            sub_goal=goal,
            achieved_on=achieved_on,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except services.PlanConflict as error:
        _conflict_message(request, course, plan, error)
    except CourseActionError as error:
        messages.error(request, error.message + " " + _("Nothing was saved."))
    else:
        if achieved_on:
            messages.success(request, _("Well done: the sub-goal is marked achieved."))
        else:
            messages.success(request, _("The sub-goal is no longer marked achieved."))
    return _back(course, plan, f"#goal-{goal.pk}")


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    plan = _plan_for(request.user, course, plan_pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.plan_follow_up(
                plan=plan,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except services.PlanConflict as error:
            _conflict_message(request, course, plan, error)
        except CourseActionError as error:
            messages.error(request, error.message + " " + _("Nothing was saved."))
        else:
            messages.success(request, _("The follow-up is registered in the plan's history."))
    else:
        first = next(iter(form.errors.values()))[0]
        messages.error(request, f"{first} " + _("Nothing was saved."))
    return _back(course, plan, "#follow-up")


@login_required
@require_GET
def history(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    plan = _plan_for(request.user, course, plan_pk)
    audit_record(actor=request.user, action="cti_plan.history_viewed", obj=plan, citizen_id=course.citizen_id)
    return render(
        request,
        "plans/history.html",
        {"course": course, "citizen": course.citizen, "plan": plan, "entries": revision_history(plan)},
    )


@login_required
@require_GET
def citizen_copy(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    plan = _plan_for(request.user, course, plan_pk)
    audit_record(actor=request.user, action="cti_plan.citizen_copy", obj=plan, citizen_id=course.citizen_id)
    response = HttpResponse(citizen_copy_pdf(plan), content_type="application/pdf")
    name = _("cti-plan") + f"-{plan.period}-{plan.made_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def section_141(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    plan = _plan_for(request.user, course, plan_pk)
    audit_record(actor=request.user, action="cti_plan.section_141", obj=plan, citizen_id=course.citizen_id)
    return render(request, "plans/section_141.html", section_141_context(plan))
