"""The contact journal of a course: entries, the contact frame and the intensity."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overgang.accounts.models import Role
from overgang.audit.services import audit_record
from overgang.courses.access import (
    get_course_for_user,
    refuse_foreign,
    user_can_change_course,
    user_can_change_journal_entry,
    user_can_write_journal,
)
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.journal import services
from overgang.journal.forms import ContactEntryForm, ContactFrameForm
from overgang.journal.models import ContactEntry, ContactFrame, ContactStatus
from overgang.journal.selectors import course_intensity
from overgang.method.intensity import course_norm_check


def _journal_context(request: HttpRequest, course: Course, **forms_in: Any) -> dict[str, Any]:
    today = timezone.localdate()
    frame = ContactFrame.objects.filter(course=course).first()
    can_change = user_can_change_course(request.user, course) and course.end_date is None
    can_write = user_can_write_journal(request.user, course)
    now = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
    entries = list(ContactEntry.objects.filter(course=course).select_related("author"))
    # Entries come newest first: the first that took place is the last contact.
    last_contact = next(
        (
            timezone.localtime(e.occurred_at).date()
            for e in entries
            if e.status == ContactStatus.HAPPENED and e.author.role != Role.JOB_CONSULTANT
        ),
        None,
    )
    return {
        "course": course,
        "citizen": course.citizen,
        "entries": entries,
        "frame": frame,
        "intensity": course_intensity(course, today=today),
        "norm": course_norm_check(
            course.clock_dates(),
            norms=course.programme.contact_norm_days(),
            last_contact=last_contact,
            today=today,
        ),
        "can_change": can_change,
        "can_write": can_write,
        # Which entries the user may change: all for the CTI worker, a job consultant's own only.
        "changeable_ids": {
            e.pk for e in entries if can_write and user_can_change_journal_entry(request.user, course, e)
        },
        "entry_form": forms_in.get("entry")
        or ContactEntryForm(initial={"occurred_at": now, "status": "happened"}),
        "frame_form": forms_in.get("frame")
        or ContactFrameForm(
            auto_id="frame_%s",
            initial={
                field: getattr(frame, field)
                for field in ("frequency", "time", "place", "kind", "reminder_channel", "version")
            }
            if frame
            else None,
        ),
    }


@login_required
@require_GET
def journal(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    audit_record(
        actor=request.user, action="contact_journal.viewed", obj=course, citizen_id=course.citizen_id
    )
    return render(request, "journal/journal.html", _journal_context(request, course))


def _changeable(request: HttpRequest, pk: int) -> Course:
    course = get_course_for_user(request.user, pk)
    if not user_can_change_course(request.user, course):
        raise PermissionDenied
    return course


def _error(form: Any, error: CourseActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _writable(request: HttpRequest, pk: int) -> Course:
    """The course, if the user may add journal entries to it (a job consultant on their courses)."""
    course = get_course_for_user(request.user, pk)
    if not user_can_write_journal(request.user, course):
        raise PermissionDenied
    return course


@login_required
@require_POST
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    course = _writable(request, pk)
    form = ContactEntryForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.contact_entry_create(course=course, actor=request.user, **data)
        except CourseActionError as error:
            _error(form, error)
        else:
            messages.success(request, _("The contact is registered."))
            return redirect("journal:journal", pk=course.pk)
    messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
    return render(request, "journal/journal.html", _journal_context(request, course, entry=form), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    course = _writable(request, pk)
    entry = ContactEntry.objects.filter(course=course, pk=entry_pk).first()
    if entry is None:
        refuse_foreign(request.user, ContactEntry, entry_pk, citizen_path="course__citizen_id")
    if not user_can_change_journal_entry(request.user, course, entry):
        raise PermissionDenied  # a job consultant's own entries only
    initial = {field: getattr(entry, field) for field in services.ENTRY_FIELDS} | {"version": entry.version}
    initial["occurred_at"] = timezone.localtime(entry.occurred_at).replace(tzinfo=None)
    form = ContactEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.contact_entry_update(
                entry=entry, actor=request.user, expected_version=form.cleaned_data["version"] or 0, **data
            )
        except CourseActionError as error:
            _error(form, error)
        else:
            messages.success(request, _("The contact is changed."))
            return redirect("journal:journal", pk=course.pk)
    status = 400 if request.method == "POST" else 200
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action="contact_journal.entry_form_viewed",
            obj=entry,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
        )
    return render(
        request, "journal/entry_edit.html", {"course": course, "entry": entry, "form": form}, status=status
    )


@login_required
@require_POST
def frame_save(request: HttpRequest, pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    form = ContactFrameForm(request.POST, auto_id="frame_%s")
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.contact_frame_save(
                course=course, actor=request.user, expected_version=form.cleaned_data["version"], **data
            )
        except CourseActionError as error:
            _error(form, error)
        else:
            messages.success(request, _("The contact frame is saved."))
            return redirect("journal:journal", pk=course.pk)
    messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
    return render(request, "journal/journal.html", _journal_context(request, course, frame=form), status=400)
