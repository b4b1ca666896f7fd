"""The change compass of a course: rounds due, charts, the worker's rating, the citizen mode; and a
programme's instrument editor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from overgang.audit.services import audit_record
from overgang.compass import charts, services
from overgang.compass.instruments import Instrument, instrument_for_programme
from overgang.compass.models import SCALE_MAX, SCALE_MIN, SLOT_ORDER, Respondent, Slot
from overgang.compass.rounds import RoundStatus
from overgang.compass.selectors import (
    RoundView,
    course_due_rounds,
    course_rounds,
    dimensions_shown,
    instrument_for_course,
    open_slots,
)
from overgang.courses.access import (
    get_course_for_user,
    get_programme_for_user,
    user_can_change_course,
    user_can_manage_programme,
)
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.programmes.models import Programme

SCALE = list(range(SCALE_MIN, SCALE_MAX + 1))


def _slot_short_labels() -> dict[str, str]:
    return {
        "contact": _("Contact"),
        "phase_1": _("Phase 1"),
        "phase_2": _("Phase 2"),
        "phase_3": _("Phase 3"),
    }


def _can_change(request: HttpRequest, course: Course) -> bool:
    return user_can_change_course(request.user, course) and course.end_date is None


def _changeable(request: HttpRequest, pk: int, slot: str) -> Course:
    """The course, if the user may rate in it: visible, writable, not ended, and the round open."""
    if slot not in SLOT_ORDER:
        raise Http404
    course = get_course_for_user(request.user, pk)
    if not _can_change(request, course):
        raise PermissionDenied
    if slot not in open_slots(course, today=timezone.localdate()):
        raise Http404
    return course


@login_required
@require_GET
def compass_page(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    today = timezone.localdate()
    instrument = instrument_for_course(course)
    rounds_by_slot = course_rounds(course)
    rounds = list(rounds_by_slot.values())
    due = course_due_rounds(course, rounds_by_slot, today=today)
    dimensions = dimensions_shown(instrument, rounds)
    wanted = request.GET.get("round", "")
    selected: RoundView | None = rounds_by_slot.get(wanted)
    if selected is None and rounds:
        selected = rounds[-1]
    short = _slot_short_labels()
    round_rows = [
        {"dimension": d, "citizen": selected.citizen.get(d.key), "worker": selected.worker.get(d.key)}
        for d in dimensions
        if selected is not None
    ]
    history_rows = [
        {"dimension": d, "cells": [(v.slot, v.citizen.get(d.key), v.worker.get(d.key)) for v in rounds]}
        for d in dimensions
    ]
    notes = [
        (d, who, view_notes[d.key])
        for d in dimensions
        if selected is not None
        for who, view_notes in (
            (_("citizen"), selected.citizen_notes),
            (_("CTI worker"), selected.worker_notes),
        )
        if d.key in view_notes
    ]
    audit_record(actor=request.user, action="compass.viewed", obj=course, citizen_id=course.citizen_id)
    return render(
        request,
        "compass/compass.html",
        {
            "course": course,
            "citizen": course.citizen,
            "instrument": instrument,
            "dimensions": dimensions,
            "due": [(row, Slot(row.slot).label) for row in due],
            "statuses": RoundStatus,
            "rounds": rounds,
            "selected": selected,
            "radar": charts.radar(dimensions, selected) if selected else None,
            "disagreements": charts.disagreements(dimensions, selected) if selected else [],
            "gap_width": charts.GAP_WIDTH,
            "gap_ticks": charts.gap_ticks(),
            "lines": charts.lines(dimensions, rounds, short) if rounds else [],
            "short_labels": short,
            "round_rows": round_rows,
            "history_rows": history_rows,
            "notes": notes,
            "can_change": _can_change(request, course),
            "can_manage": user_can_manage_programme(request.user, course.programme),
            "today": today,
        },
    )


def _posted_ratings(request: HttpRequest) -> tuple[dict[str, str], dict[str, str]]:
    values = {
        k.removeprefix("rating-"): str(request.POST.get(k, ""))
        for k in request.POST
        if k.startswith("rating-")
    }
    notes = {
        k.removeprefix("note-"): str(request.POST.get(k, "")) for k in request.POST if k.startswith("note-")
    }
    return values, notes


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _rating_rows(
    instrument: Instrument, values: dict[str, Any], notes: dict[str, Any], error: CourseActionError | None
) -> list[dict[str, Any]]:
    return [
        {
            "dimension": d,
            "value": str(values.get(d.key, "")),
            "note": notes.get(d.key, ""),
            "error": error is not None and error.field in (d.key, f"note-{d.key}"),
        }
        for d in instrument.active
    ]


def _rate(request: HttpRequest, pk: int, slot: str, respondent: str) -> tuple[Course, dict[str, Any], int]:
    """What both rating pages share: load, save on POST, and the context to show on GET or error."""
    course = _changeable(request, pk, slot)
    instrument = instrument_for_course(course)
    view = course_rounds(course).get(slot) or RoundView(slot=slot, round=None)
    today = timezone.localdate()
    error: CourseActionError | None = None
    rated_on_raw = ""
    if request.method == "POST":
        values, notes = _posted_ratings(request)
        rated_on_raw = request.POST.get("rated_on", "") if respondent == Respondent.WORKER else ""
        try:
            rated_on = dt.date.fromisoformat(rated_on_raw) if rated_on_raw else today
        except ValueError:
            error = CourseActionError(_("Enter a valid date."), field="rated_on")
        if error is None:
            try:
                services.round_rate(
                    course=course,
                    slot=slot,
                    respondent=respondent,
                    values=values,
                    notes=notes,
                    rated_on=rated_on,
                    actor=request.user,
                    expected_version=_version(request),
                    today=today,
                )
            except CourseActionError as refused:
                error = refused
            else:
                return course, {}, 302
    else:
        # Only the respondent's own earlier answers: the citizen never sees the worker's.
        values = {k: str(v) for k, v in view.ratings_of(respondent).items()}
        notes = dict(view.notes_of(respondent))
        on = view.citizen_on if respondent == Respondent.CITIZEN else view.worker_on
        rated_on_raw = (on or today).isoformat()
    context = {
        "course": course,
        "slot": slot,
        "slot_label": Slot(slot).label,
        "rows": _rating_rows(instrument, values, notes, error),
        "scale": SCALE,
        "version": request.POST.get("version", view.version)
        if error and not error.conflict
        else view.version,
        "error": error,
        "rated_on": rated_on_raw,
        "today": today,
        "correcting": bool(view.ratings_of(respondent)),
    }
    return course, context, 400 if error else 200


@login_required
@require_http_methods(["GET", "POST"])
def worker_rate(request: HttpRequest, pk: int, slot: str) -> HttpResponse:
    course, context, status = _rate(request, pk, slot, Respondent.WORKER)
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action="compass.worker_rating_viewed",
            obj=course,
            citizen_id=course.citizen_id,
        )
    if status == 302:
        messages.success(request, _("Your rating is saved."))
        return redirect(f"{_compass_url(course)}?round={slot}")
    if context["error"]:
        messages.error(request, context["error"].message)
    return render(request, "compass/worker_rate.html", context | {"citizen": course.citizen}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def citizen_mode(request: HttpRequest, pk: int, slot: str) -> HttpResponse:
    """The citizen rates on the worker's screen: only their first name and the questions."""
    course, context, status = _rate(request, pk, slot, Respondent.CITIZEN)
    if request.method == "GET":
        audit_record(
            actor=request.user, action="compass.citizen_mode_viewed", obj=course, citizen_id=course.citizen_id
        )
    if status == 302:
        return redirect("compass:citizen_done", pk=course.pk, slot=slot)
    context["first_name"] = course.citizen.first_name
    return render(request, "compass/citizen_mode.html", context, status=status)


@login_required
@require_GET
def citizen_done(request: HttpRequest, pk: int, slot: str) -> HttpResponse:
    course = _changeable(request, pk, slot)
    audit_record(
        actor=request.user, action="compass.citizen_done_viewed", obj=course, citizen_id=course.citizen_id
    )
    return render(
        request,
        "compass/citizen_done.html",
        {"course": course, "slot": slot, "first_name": course.citizen.first_name},
    )


def _compass_url(course: Course) -> str:
    from django.urls import reverse

    return reverse("compass:compass", kwargs={"pk": course.pk})


# --- the instrument editor -------------------------------------------------------------------


def _editor_rows(instrument: Instrument, blank: int = 2) -> list[dict[str, Any]]:
    rows = [
        {
            "key": d.key,
            "label_da": d.label.get("da", ""),
            "label_en": d.label.get("en", ""),
            "help_da": d.help.get("da", ""),
            "help_en": d.help.get("en", ""),
            "retired": d.retired,
        }
        for d in instrument.dimensions
    ]
    rows += [
        {"key": "", "label_da": "", "label_en": "", "help_da": "", "help_en": "", "retired": False}
        for _ in range(blank)
    ]
    for position, row in enumerate(rows, start=1):
        row["position"] = str(position)
    return rows


def _posted_rows(request: HttpRequest) -> list[dict[str, Any]]:
    count_raw = request.POST.get("rows", "")
    count = min(int(count_raw), 200) if count_raw.isdigit() else 0
    rows = []
    for index in range(count):
        prefix = f"row-{index}-"
        row: dict[str, Any] = {
            name: request.POST.get(prefix + name, "")
            for name in ("key", "label_da", "label_en", "help_da", "help_en", "position")
        }
        row["retired"] = bool(request.POST.get(prefix + "retired"))
        rows.append(row)

    def order(item: tuple[int, dict[str, Any]]) -> tuple[float, int]:
        index, row = item
        position = str(row["position"]).strip()
        return (float(position) if position.lstrip("-").isdigit() else float(index + 1), index)

    return [row for _index, row in sorted(enumerate(rows), key=order)]


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme: Programme = get_programme_for_user(request.user, pk)
    can_edit = user_can_manage_programme(request.user, programme)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    instrument = instrument_for_programme(programme)
    status = 200
    error: CourseActionError | None = None
    rows = _editor_rows(instrument)
    version = instrument.version
    if request.method == "POST":
        posted = _posted_rows(request)
        try:
            services.instrument_change(
                programme=programme, actor=request.user, expected_version=_version(request), rows=posted
            )
        except CourseActionError as refused:
            error = refused
            status = 400
            messages.error(request, refused.message)
            if not refused.conflict:
                rows = posted
                for position, row in enumerate(rows, start=1):
                    row["position"] = str(position)
                version = _version(request) or 0
        else:
            messages.success(request, _("The change compass is saved."))
            return redirect("compass:instrument", pk=programme.pk)
    return render(
        request,
        "compass/instrument.html",
        {
            "programme": programme,
            "instrument": instrument,
            "rows": rows,
            "version": version,
            "can_edit": can_edit,
            "error": error,
            "from_template": instrument.version == 0,
        },
        status=status,
    )
