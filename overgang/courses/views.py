"""The worker's screens: my citizens, search, register, and the course page with its actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overgang.accounts.models import Role, User
from overgang.audit.services import audit_record
from overgang.courses import job_people, services
from overgang.courses.access import (
    contact_details_for,
    courses_visible_to,
    get_course_for_user,
    refuse_job_consultants,
    user_can_change_course,
    user_can_reassign,
    user_is_job_consultant,
    user_may_mark_confidential_address,
)
from overgang.courses.cpr import normalise_cpr
from overgang.courses.forms import (
    CitizenCourseForm,
    DateActionForm,
    EndForm,
    PauseForm,
    ReassignForm,
    RestartForm,
    SearchForm,
)
from overgang.courses.models import Course
from overgang.courses.selectors import (
    CourseRow,
    caseload_of,
    citizen_search,
    course_rows,
    course_schedule,
    programmes_for_referral,
    worker_caseload,
    workers_visible_to,
)
from overgang.courses.timeline import build_timeline
from overgang.desk.selectors import caseload_board, phase_plan_rows
from overgang.method.clock import Period

# The pure core's FORECAST_ASSUMPTION, as a translatable sentence for the screens.
FORECAST_ASSUMPTION_TEXT = gettext_lazy(
    "Realised periods up to today; after today each course follows its planned dates. "
    "A course in the contact period is assumed to enter phase 1 when the contact period reaches "
    "one phase length; a referred course keeps its weight; an open pause is assumed to end today."
)


def _add_service_error(form: forms.Form, error: services.CourseActionError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _course_order(course: Course) -> tuple[int, int]:
    """Course.Meta.ordering (newest referral first), for lists read in another order."""
    return (-course.referral_date.toordinal(), course.pk)


OVERVIEW_PAGE_SIZE = 100


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """'Mine borgere' for a worker; every visible course, filterable, for the others."""
    today = timezone.localdate()
    user: User = request.user  # type: ignore[assignment]
    courses = courses_visible_to(user)
    show_ended = request.GET.get("ended") == "1"
    if not show_ended:
        courses = courses.filter(end_date__isnull=True)
    workers = workers_visible_to(user).order_by("first_name", "last_name")
    # The alerts (the desk's overview_alerts tag) need the caseload board and the running courses'
    # phase plan rows: they are read once, here, and the worker list, the caseload and the course
    # list are taken from them. A job consultant has no alerts, caseloads or workers.
    board = None if user_is_job_consultant(user) else caseload_board(workers, today=today)
    worker_list = [entry.worker for entry in board or ()]
    selected_worker = None
    worker_param = request.GET.get("worker", "")
    if (
        user.role != Role.WORKER
        and worker_param.isascii()
        and worker_param.isdigit()
        and len(worker_param) <= 18
    ):
        selected_worker = next((w for w in worker_list if w.pk == int(worker_param)), None)
        if selected_worker is not None:
            courses = courses.filter(worker=selected_worker)
    alert_rows = alert_board = None
    if board is None:
        rows = course_rows(courses, today=today)
    else:
        # The board has the programmes at hand already: its courses' and its workers' active ones.
        known = {c.programme for e in board for c in e.courses}
        known.update(p for e in board for p in e.worker.programmes.all())
        plan_rows = phase_plan_rows(courses, today=today, programmes=known)
        plan_rows.sort(key=lambda row: _course_order(row.course))
        rows = [CourseRow(course=row.course, schedule=row.schedule) for row in plan_rows]
        rows.sort(key=lambda row: row.urgency)
        alert_rows = [row for row in plan_rows if row.course.end_date is None]
        alert_board = [e for e in board if selected_worker is None or e.worker.pk == selected_worker.pk]
    caseload = None
    caseload_worker = selected_worker or (user if user.role == Role.WORKER else None)
    if caseload_worker is not None:
        entry = next((e for e in board or () if e.worker.pk == caseload_worker.pk), None)
        caseload = (
            caseload_of(
                entry.worker,
                sorted(entry.courses, key=_course_order),
                today=today,
                active_programmes=[p for p in entry.worker.programmes.all() if p.is_active],
            )
            if entry is not None
            else worker_caseload(caseload_worker, today=today)
        )
    # A list of many citizens: one audit row for the list, not one per citizen.
    audit_record(
        actor=user,
        action="course_list.viewed",
        municipality_id=user.municipality_id,
        after={"courses": len(rows)},
    )
    # A coordinator's or manager's list can hold thousands of courses: a page at a time, the most
    # urgent first (the alerts above it still cover every course).
    page = Paginator(rows, OVERVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    rest = request.GET.copy()
    rest.pop("page", None)
    return render(
        request,
        "courses/overview.html",
        {
            "rows": rows,
            "page": page,
            "page_query": rest.urlencode(),
            "today": today,
            "caseload": caseload,
            "forecast_assumption": FORECAST_ASSUMPTION_TEXT,
            "workers": worker_list if user.role != Role.WORKER else None,
            "selected_worker": selected_worker,
            "show_ended": show_ended,
            "is_worker": user.role == Role.WORKER,
            "alert_rows": alert_rows,
            "alert_board": alert_board,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_job_consultants
def search(request: HttpRequest) -> HttpResponse:
    # The term may be a CPR number, so it travels only in a POST body: never in a URL, the browser's
    # history or a proxy's log. A GET shows the empty form (a stale ?q= link is ignored, not run).
    form = SearchForm(request.POST if request.method == "POST" else None)
    query = form.data.get("q", "").strip() if form.is_valid() else ""
    results = citizen_search(request.user, query) if query else []
    if query:
        # Datatilsynet wants every search logged with its term (a name or a CPR number): it goes in
        # the audit row's search_term, never in a log line.
        kind = "cpr" if normalise_cpr(query).isdigit() else "name"
        audit_record(
            actor=request.user,
            action="citizen.searched",
            municipality_id=request.user.municipality_id,  # type: ignore[union-attr]
            search_term=query,
            after={"kind": kind, "results": len(results)},
        )
    template = (
        "courses/fragment_search_results.html" if request.headers.get("HX-Request") else "courses/search.html"
    )
    return render(request, template, {"form": form, "query": query, "results": results})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_job_consultants
def citizen_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    programmes = programmes_for_referral(user)
    if not programmes.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {"referral_date": timezone.localdate()}
    if user.role == Role.WORKER:
        initial["worker"] = user.pk
    form = CitizenCourseForm(request.POST or None, programmes=programmes, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.citizen_register_and_refer(
                actor=user,
                citizen_data=form.citizen_data(),
                programme=form.cleaned_data["programme"],
                legal_basis=form.cleaned_data["legal_basis"],
                worker=form.cleaned_data["worker"],
                referral_date=form.cleaned_data["referral_date"],
            )
        except services.CourseActionError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The citizen is registered and referred."))
            if course.worker_id == user.pk or user.role != Role.WORKER:
                return redirect("courses:detail", pk=course.pk)
            return redirect("courses:overview")
    status = 400 if request.method == "POST" else 200
    return render(request, "courses/citizen_new.html", {"form": form}, status=status)


@login_required
@require_GET
@refuse_job_consultants
def fragment_referral_options(request: HttpRequest) -> HttpResponse:
    """The legal bases and workers of the chosen programme, for the registration form."""
    programmes = programmes_for_referral(request.user)
    form = CitizenCourseForm(
        initial={"programme": request.GET.get("programme"), "worker": request.user.pk},
        programmes=programmes,
    )
    return render(request, "courses/fragment_referral_options.html", {"form": form})


# The course page ---------------------------------------------------------------------------------


def _course_context(request: HttpRequest, course: Course, **forms_in: Any) -> dict[str, Any]:
    today = timezone.localdate()
    schedule = course_schedule(course, today=today)
    version = {"version": course.version}
    can_change = user_can_change_course(request.user, course) and course.end_date is None
    next_phase = None
    if course.phase_1_start is None:
        next_phase = 1
    elif course.phase_2_start is None:
        next_phase = 2
    elif course.phase_3_start is None:
        next_phase = 3
    open_pause = next((p for p in course.pauses.all() if p.resume is None), None)
    planned_next = schedule.next_transition.planned if schedule.next_transition else None
    # Only an ended course can have been started over (no query for a running one).
    restarted_as = Course.objects.filter(restarted_from=course).first() if course.end_date else None
    context = {
        "course": course,
        "citizen": course.citizen,
        "schedule": schedule,
        "timeline": build_timeline(course, schedule),
        "today": today,
        "can_change": can_change,
        "can_reassign": can_change and user_can_reassign(request.user),
        "can_restart": (
            user_can_change_course(request.user, course)
            and course.end_date is not None
            and restarted_as is None
            and not Course.objects.filter(citizen_id=course.citizen_id, end_date__isnull=True).exists()
        ),
        "next_phase": next_phase,
        "open_pause": open_pause,
        "needs_contact_start": (
            course.programme.uses_contact_period
            and course.contact_start is None
            and course.phase_1_start is None
        ),
        "assignments": list(course.assignments.all()),
        "legal_basis_label": (course.programme.legal_basis(course.legal_basis) or {}).get(
            "label", course.legal_basis
        ),
        "contact_form": forms_in.get("contact")
        or DateActionForm(initial={"on": today, **version}, prefix="contact"),
        "phase_form": forms_in.get("phase")
        or DateActionForm(
            initial={
                "on": planned_next
                if next_phase and next_phase > 1 and planned_next and planned_next <= today
                else today,
                **version,
            },
            prefix="phase",
        ),
        "pause_form": forms_in.get("pause") or PauseForm(initial={"start": today, **version}, prefix="pause"),
        "resume_form": forms_in.get("resume")
        or DateActionForm(initial={"on": today, **version}, prefix="resume"),
        "restart_form": forms_in.get("restart")
        or RestartForm(initial={"referral_date": today}, prefix="restart"),
        "restarted_as": restarted_as,
        "contact": contact_details_for(request.user, course.citizen),
        "can_mark_confidential": user_may_mark_confidential_address(request.user, course.citizen),
        # A job consultant works with the employer: the CPR number is not theirs to see.
        "is_job_consultant": user_is_job_consultant(request.user),
    }
    if job_people.course_is_job(course):
        context["is_job_course"] = True
        context["can_attach_job_consultants"] = job_people.user_may_attach_job_consultants(
            request.user, course
        )
        if context["can_attach_job_consultants"]:
            context["job_consultants_available"] = job_people.job_consultants_available(course)
    return context


def _render_course_page(request: HttpRequest, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    """The course page, with its one audit row: a look at a confidential address is logged as such
    (which citizen, never the values), any other look as `course.viewed`."""
    course = context["course"]
    if context["contact"].confidential and not context["contact"].hidden:
        audit_record(
            actor=request.user,
            action="citizen.confidential_contact_viewed",
            obj=course.citizen,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
        )
    else:
        audit_record(actor=request.user, action="course.viewed", obj=course, citizen_id=course.citizen_id)
    return render(request, "courses/course_detail.html", context, status=status)


@login_required
@require_GET
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    return _render_course_page(request, _course_context(request, course))


@login_required
@require_POST
def course_job_consultants(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a job consultant to a job course, or detach one (the CTI worker or a coordinator)."""
    course = get_course_for_user(request.user, pk)
    if not job_people.user_may_attach_job_consultants(request.user, course):
        raise PermissionDenied
    consultant_pk = request.POST.get("consultant", "")
    consultant = (
        User.objects.filter(pk=int(consultant_pk)).first()
        if consultant_pk.isascii() and consultant_pk.isdigit() and len(consultant_pk) <= 18
        else None
    )
    detach = request.POST.get("do") == "detach"
    try:
        if detach:
            job_people.course_detach_job_consultant(course=course, consultant=consultant, actor=request.user)
        else:
            job_people.course_attach_job_consultant(course=course, consultant=consultant, actor=request.user)
    except services.CourseActionError as error:
        messages.error(request, error.message)
        context = _course_context(request, course)
        context["job_consultant_error"] = error.message
        return _render_course_page(request, context, status=400)
    if detach:
        messages.success(request, _("The job consultant is no longer attached to the course."))
    else:
        messages.success(request, _("The job consultant is attached to the course."))
    return redirect("courses:detail", pk=course.pk)


@dataclass(frozen=True)
class InlineAction:
    prefix: str
    form_class: type[forms.Form]
    perform: Callable[[Course, dict[str, Any], Any], object]
    success: Any  # a lazy translation


INLINE_ACTIONS: dict[str, InlineAction] = {
    "contact": InlineAction(
        "contact",
        DateActionForm,
        lambda c, d, u: services.course_start_contact_period(
            course=c, on=d["on"], actor=u, expected_version=d["version"]
        ),
        gettext_lazy("The contact period has started."),
    ),
    "phase": InlineAction(
        "phase",
        DateActionForm,
        lambda c, d, u: services.course_start_phase(
            course=c, phase=d["phase"], on=d["on"], actor=u, expected_version=d["version"]
        ),
        gettext_lazy("The transition is registered."),
    ),
    "pause": InlineAction(
        "pause",
        PauseForm,
        lambda c, d, u: services.course_pause(
            course=c,
            start=d["start"],
            reason=d["reason"],
            reason_text=d["reason_text"],
            actor=u,
            expected_version=d["version"],
        ),
        gettext_lazy("The course is paused. The CTI clock has stopped."),
    ),
    "resume": InlineAction(
        "resume",
        DateActionForm,
        lambda c, d, u: services.course_resume(course=c, on=d["on"], actor=u, expected_version=d["version"]),
        gettext_lazy("The course is resumed. The CTI clock runs again."),
    ),
}


@login_required
@require_POST
def course_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    if not user_can_change_course(request.user, course):
        raise PermissionDenied
    spec = INLINE_ACTIONS.get(action)
    if spec is None:
        return redirect("courses:detail", pk=course.pk)
    form = spec.form_class(request.POST, prefix=spec.prefix)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if action == "phase":
            data["phase"] = _next_phase(course)
        try:
            spec.perform(course, data, request.user)
        except services.CourseActionError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, str(spec.success))
            return redirect("courses:detail", pk=course.pk)
    course = get_course_for_user(request.user, pk)
    messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
    context = _course_context(request, course, **{spec.prefix: form})
    context["open_form"] = spec.prefix
    return _render_course_page(request, context, status=400)


def _next_phase(course: Course) -> int:
    if course.phase_1_start is None:
        return 1
    if course.phase_2_start is None:
        return 2
    return 3


@login_required
@require_http_methods(["GET", "POST"])
def course_end(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page for ending a course (GET), and the ending itself (POST)."""
    course = get_course_for_user(request.user, pk)
    if not user_can_change_course(request.user, course) or course.end_date is not None:
        raise PermissionDenied
    schedule = course_schedule(course)
    planned_end = schedule.planned(Period.ENDED)
    form = EndForm(request.POST or None, initial={"on": timezone.localdate(), "version": course.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.course_end(
                course=course,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                reason_text=form.cleaned_data["reason_text"],
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.CourseActionError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The course has ended."))
            return redirect("courses:detail", pk=course.pk)
    status = 400 if request.method == "POST" else 200
    if request.method == "GET":
        audit_record(
            actor=request.user, action="course.end_form_viewed", obj=course, citizen_id=course.citizen_id
        )
    return render(
        request,
        "courses/course_end.html",
        {"course": course, "form": form, "schedule": schedule, "planned_end": planned_end},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    if (
        not (user_can_change_course(request.user, course) and user_can_reassign(request.user))
        or course.end_date
    ):
        raise PermissionDenied
    next_url = _local_url(request.POST.get("next") or request.GET.get("next") or "")
    form = ReassignForm(
        request.POST or None,
        programme=course.programme,
        exclude_pk=course.worker_id,
        initial={"on": timezone.localdate(), "version": course.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.course_reassign_worker(
                course=course,
                worker=form.cleaned_data["worker"],
                on=form.cleaned_data["on"],
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.CourseActionError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The course has a new CTI worker."))
            if next_url:
                return redirect(next_url)
            return redirect("courses:detail", pk=course.pk)
    status = 400 if request.method == "POST" else 200
    if request.method == "GET":
        audit_record(
            actor=request.user, action="course.reassign_form_viewed", obj=course, citizen_id=course.citizen_id
        )
    return render(
        request,
        "courses/course_reassign.html",
        {"course": course, "form": form, "next": next_url},
        status=status,
    )


def _local_url(url: str) -> str:
    """A redirect target only if it stays on this site (no open redirects)."""
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts=None) and url.startswith("/") else ""


@login_required
@require_POST
def course_restart(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    if not user_can_change_course(request.user, course):
        raise PermissionDenied
    form = RestartForm(request.POST, prefix="restart")
    if form.is_valid():
        try:
            new_course = services.course_restart(
                course=course, referral_date=form.cleaned_data["referral_date"], actor=request.user
            )
        except services.CourseActionError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("A new course has started over for the citizen."))
            if courses_visible_to(request.user).filter(pk=new_course.pk).exists():
                return redirect("courses:detail", pk=new_course.pk)
            return redirect("courses:overview")
    messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
    context = _course_context(request, course, restart=form)
    return _render_course_page(request, context, status=400)
