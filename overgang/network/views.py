"""The network overview of a course's citizen (appendix 7)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overgang.audit.services import audit_record
from overgang.courses.access import get_course_for_user, user_can_change_course
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.network import services
from overgang.network.forms import NetworkPersonForm
from overgang.network.models import NetworkPerson


def _changeable(request: HttpRequest, pk: int) -> Course:
    course = get_course_for_user(request.user, pk)
    if not user_can_change_course(request.user, course) or course.end_date is not None:
        raise PermissionDenied
    return course


def _person(course: Course, person_pk: int) -> NetworkPerson:
    person = NetworkPerson.objects.filter(citizen_id=course.citizen_id, pk=person_pk).first()
    if person is None:
        raise Http404
    return person


def _error(form: Any, error: CourseActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _page(
    request: HttpRequest, course: Course, form: NetworkPersonForm | None = None, status: int = 200
) -> HttpResponse:
    people = list(NetworkPerson.objects.filter(citizen_id=course.citizen_id))
    return render(
        request,
        "network/overview.html",
        {
            "course": course,
            "citizen": course.citizen,
            "private": [p for p in people if p.is_private],
            "professional": [p for p in people if not p.is_private],
            "form": form or NetworkPersonForm(),
            "can_change": user_can_change_course(request.user, course) and course.end_date is None,
        },
        status=status,
    )


@login_required
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    audit_record(actor=request.user, action="network.viewed", obj=course, citizen_id=course.citizen_id)
    return _page(request, course)


@login_required
@require_POST
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    form = NetworkPersonForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.person_add(citizen=course.citizen, actor=request.user, **data)
        except CourseActionError as error:
            _error(form, error)
        else:
            messages.success(request, _("The person is added to the network."))
            return redirect("network:overview", pk=course.pk)
    messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
    return _page(request, course, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    person = _person(course, person_pk)
    initial = {name: getattr(person, name) for name in services.FIELDS} | {"version": person.version}
    form = NetworkPersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.person_change(
                person=person, actor=request.user, expected_version=form.cleaned_data["version"], **data
            )
        except CourseActionError as error:
            _error(form, error)
        else:
            messages.success(request, _("The person is changed."))
            return redirect("network:overview", pk=course.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "network/person_edit.html", {"course": course, "person": person, "form": form}, status=status
    )


@login_required
@require_POST
def person_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    person = _person(course, person_pk)
    version = request.POST.get("version", "")
    try:
        services.person_remove(
            person=person, actor=request.user, expected_version=int(version) if version.isdigit() else None
        )
    except CourseActionError as error:
        messages.error(request, error.message + " " + _("Nothing was removed."))
    else:
        messages.success(request, _("The person is removed from the network."))
    return redirect("network:overview", pk=course.pk)
