"""Supervision: the log of sessions per programme, and the selected courses laid out for the group.

Everyone reads through the one door (overgang.courses.access); the programme's coordinators and the
administrators log and change sessions; workers read the sessions they took part in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from overgang.accounts.models import Role, User
from overgang.audit.services import audit_record
from overgang.courses.access import (
    courses_visible_to,
    get_programme_for_user,
    programmes_visible_to,
    refuse_foreign,
    refuse_job_consultants,
)
from overgang.courses.selectors import workers_visible_to
from overgang.courses.services import CourseActionError
from overgang.method.alerts import SUPERVISION_INTERVAL_WEEKS
from overgang.method.clock import Period
from overgang.programmes.models import Programme
from overgang.supervision import services
from overgang.supervision.forms import SessionForm
from overgang.supervision.models import SupervisionSession
from overgang.supervision.selectors import (
    PREPARE_MAX_COURSES,
    courses_by_worker,
    last_session_days,
    prepared_courses,
    programme_courses,
    supervision_sessions_visible_to,
)

# What each period is for, so the group can ask whether the work fits the phase (appendix 5).
PERIOD_FOCUS = {
    Period.CONTACT: (
        gettext_lazy("Build trust and prepare the transition; not longer than one phase."),
        "Hjemløshed 4.2",
    ),
    Period.PHASE_1: (
        gettext_lazy(
            "Settle in, map the support needs, make the CTI plan (about three focus areas) and start "
            "the activities; the most intensive phase."
        ),
        "Hjemløshed 4.3",
    ),
    Period.PHASE_2: (
        gettext_lazy(
            "Try out and adjust the plan and the network; the worker steps back and coordinates "
            "rather than supports hands-on."
        ),
        "Hjemløshed 4.4",
    ),
    Period.PHASE_3: (
        gettext_lazy(
            "Hand over: a handover plan with the network, handover meetings at the latest a month "
            "before the end, long-term responsibility placed with one person."
        ),
        "Hjemløshed 4.5",
    ),
}


def _int_list(values: list[str]) -> list[int]:
    found = []
    for value in values:
        try:
            found.append(int(value))
        except (TypeError, ValueError):
            continue
    return found


def _programme_from_query(request: HttpRequest) -> Programme | None:
    value = request.GET.get("programme")
    return get_programme_for_user(request.user, value) if value else None


def _get_session_for_user(user: Any, pk: int) -> SupervisionSession:
    """The session, if the user may read it; 404 whether it is missing or forbidden."""
    session = (
        supervision_sessions_visible_to(user)
        .select_related("programme", "created_by")
        .prefetch_related("participants")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        refuse_foreign(user, SupervisionSession, pk, citizen_path=None)
    return session


# The log -----------------------------------------------------------------------------------------------


@login_required
@require_GET
@refuse_job_consultants
def session_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    programme = _programme_from_query(request)
    programmes = list(programmes_visible_to(user))
    sessions = (
        supervision_sessions_visible_to(user).select_related("programme").prefetch_related("participants")
    )
    if programme is not None:
        sessions = sessions.filter(programme=programme)
    loggable = [
        p for p in ([programme] if programme else programmes) if services.user_can_log_supervision(user, p)
    ]
    last_by_worker: list[dict[str, Any]] = []
    if getattr(user, "role", None) != Role.WORKER:
        workers = workers_visible_to(user).order_by("first_name", "last_name", "pk")
        if programme is not None:
            workers = workers.filter(programmes=programme)
        worker_list = list(workers)
        last = last_session_days(w.pk for w in worker_list)
        limit = today - dt.timedelta(weeks=SUPERVISION_INTERVAL_WEEKS)
        last_by_worker = [
            {"worker": w, "last": last.get(w.pk), "overdue": w.pk in last and last[w.pk] < limit}
            for w in worker_list
        ]
    return render(
        request,
        "supervision/session_list.html",
        {
            "programme": programme,
            "programmes": programmes,
            "sessions": list(sessions),
            "loggable": loggable,
            "last_by_worker": last_by_worker,
            "interval_weeks": SUPERVISION_INTERVAL_WEEKS,
        },
    )


@login_required
@require_GET
@refuse_job_consultants
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_session_for_user(request.user, pk)
    linked = session.courses.all()
    visible = list(
        courses_visible_to(request.user)
        .filter(pk__in=linked.values("pk"))
        .select_related("citizen", "worker")
        .order_by("citizen__first_name", "citizen__last_name")
    )
    audit_record(actor=request.user, action="supervision.viewed", obj=session)
    return render(
        request,
        "supervision/session_detail.html",
        {
            "session": session,
            "courses": visible,
            "hidden_courses": linked.count() - len(visible),
            "can_change": services.user_can_log_supervision(request.user, session.programme),
        },
    )


def _form_context(
    request: HttpRequest, programme: Programme, *, session: SupervisionSession | None, data: Any, initial: Any
) -> tuple[SessionForm, dict[str, Any]]:
    today = timezone.localdate()
    in_programme = Q(pk__in=programme.workers.filter(is_active=True).values("pk"))
    linked_courses: list[int] = []
    if session is not None:
        # Who took part stays on the list even after leaving the programme.
        in_programme |= Q(pk__in=session.participants.values("pk"))
        linked_courses = list(session.courses.values_list("pk", flat=True))
    worker_list = list(User.objects.filter(in_programme).order_by("first_name", "last_name", "pk"))
    courses = (
        courses_visible_to(request.user)
        .filter(programme=programme)
        .filter(Q(end_date__isnull=True) | Q(pk__in=linked_courses))
    )
    groups = courses_by_worker(courses, today=today)
    form = SessionForm(
        data,
        initial=initial,
        participant_choices=[(w.pk, str(w)) for w in worker_list],
        course_choices=[
            (choice.course.pk, str(choice.course)) for group in groups for choice in group.choices
        ],
    )
    return form, {
        "programme": programme,
        "session": session,
        "form": form,
        "workers": worker_list,
        "course_groups": groups,
        "checked_participants": form.selected("participants"),
        "checked_courses": form.selected("courses"),
    }


def _error(form: SessionForm, error: CourseActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_job_consultants
def session_new(request: HttpRequest) -> HttpResponse:
    programme = _programme_from_query(request)
    if programme is None:
        return redirect("supervision:list")
    if not services.user_can_log_supervision(request.user, programme):
        raise PermissionDenied
    initial = {"held_on": timezone.localdate(), "courses": _int_list(request.GET.getlist("course"))}
    form, context = _form_context(
        request, programme, session=None, data=request.POST or None, initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                session = services.session_create(programme=programme, actor=request.user, **form.values())
            except CourseActionError as error:
                _error(form, error)
            else:
                messages.success(request, _("The supervision session is logged."))
                return redirect("supervision:detail", pk=session.pk)
        messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
        return render(request, "supervision/session_form.html", context, status=400)
    return render(request, "supervision/session_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_job_consultants
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_session_for_user(request.user, pk)
    if not services.user_can_log_supervision(request.user, session.programme):
        raise PermissionDenied
    initial = {
        "held_on": session.held_on,
        "kind": session.kind,
        "supervisor": session.supervisor,
        "participants": [u.pk for u in session.participants.all()],
        "courses": list(session.courses.values_list("pk", flat=True)),
        "conclusions": session.conclusions,
        "version": session.version,
    }
    form, context = _form_context(
        request, session.programme, session=session, data=request.POST or None, initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.session_update(
                    session=session,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    **form.values(),
                )
            except CourseActionError as error:
                _error(form, error)
            else:
                messages.success(request, _("The supervision session is changed."))
                return redirect("supervision:detail", pk=session.pk)
        messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
        return render(request, "supervision/session_form.html", context, status=400)
    return render(request, "supervision/session_form.html", context)


# For supervision ---------------------------------------------------------------------------------------


@login_required
@require_GET
@refuse_job_consultants
def prepare(request: HttpRequest) -> HttpResponse:
    """The selected courses with their period, checklist status and CTI plan, for the group to ask
    whether the activities fit the phase (appendix 5; homelessness 3.6)."""
    user = request.user
    today = timezone.localdate()
    programmes = list(programmes_visible_to(user).filter(is_active=True))
    programme = _programme_from_query(request)
    if programme is None and len(programmes) == 1:
        programme = programmes[0]
    groups = []
    prepared = []
    selected = set(_int_list(request.GET.getlist("course")))
    if programme is not None:
        available = programme_courses(user, programme)
        groups = courses_by_worker(available, today=today)
        if selected:
            prepared = prepared_courses(available.filter(pk__in=selected), today=today)
            for item in prepared:
                audit_record(
                    actor=user,
                    action="supervision.prepared",
                    obj=item.course,
                    citizen_id=item.course.citizen_id,
                )
        else:
            # The programme's courses to choose from: one audit row for the list.
            audit_record(
                actor=user,
                action="supervision.courses_listed",
                obj=programme,
                after={"courses": sum(len(group.choices) for group in groups)},
            )
    log_query = ""
    if programme is not None and services.user_can_log_supervision(user, programme):
        log_query = urlencode(
            [("programme", programme.pk)] + [("course", item.course.pk) for item in prepared]
        )
    return render(
        request,
        "supervision/prepare.html",
        {
            "programme": programme,
            "programmes": programmes,
            "course_groups": groups,
            "selected": selected,
            "prepared": [(item, PERIOD_FOCUS.get(item.period) if item.period else None) for item in prepared],
            "max_courses": PREPARE_MAX_COURSES,
            "too_many": len(selected) > PREPARE_MAX_COURSES,
            "log_url": f"{reverse('supervision:new')}?{log_query}" if log_query else "",
        },
    )
