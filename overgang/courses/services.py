"""Every write to citizens and courses, as named operations.

Each one validates against the CTI method, runs in one transaction, saves only the fields it
changes, bumps the course's version (so a stale form cannot overwrite a newer state) and writes
one audit entry with the values before and after. Bad input raises `CourseActionError` with a
translated message and saves nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overgang.accounts.models import Role
from overgang.audit.services import audit_record, snapshot
from overgang.courses.cpr import normalise_cpr, validate_cpr
from overgang.courses.models import (
    Citizen,
    ContactForm,
    Course,
    EndReason,
    Pause,
    PauseReason,
    WorkerAssignment,
)
from overgang.courses.signals import course_transitioned
from overgang.method.dates import add_months
from overgang.programmes.models import Programme

COURSE_FIELDS = (
    "worker",
    "legal_basis",
    "duration_months",
    "referral_date",
    "contact_start",
    "phase_1_start",
    "phase_2_start",
    "phase_3_start",
    "end_date",
    "end_reason",
    "end_reason_text",
)
CITIZEN_FIELDS = ("first_name", "last_name", "cpr", "address", "phone", "email", "preferred_contact_form")


class CourseActionError(Exception):
    """A rule of the method or of the data said no. `conflict` marks a clash with the course's state."""

    def __init__(self, message: str, *, field: str | None = None, conflict: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.conflict = conflict


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


def _check_date_near(day: dt.date, *, today: dt.date, field: str) -> None:
    if day > add_months(today, 12) or day < add_months(today, -12):
        raise CourseActionError(
            _("The date %(date)s is more than a year from today. Check the date.")
            % {"date": day.strftime("%d-%m-%Y")},
            field=field,
        )


def _check_not_paused_on(course: Course, day: dt.date, *, field: str) -> None:
    for pause in course.pauses.all():
        if pause.start <= day and (pause.resume is None or day < pause.resume):
            raise CourseActionError(
                _("The course is paused on that date. Resume the course first."), field=field
            )


def _lock(course: Course, expected_version: int | None) -> Course:
    """Re-read the course under a row lock and refuse stale changes and ended courses."""
    locked = Course.objects.select_for_update().select_related("programme").get(pk=course.pk)
    if expected_version is not None and locked.version != expected_version:
        raise CourseActionError(
            _("Someone else changed this course while you were working. Reload the page to see the change."),
            conflict=True,
        )
    if locked.end_date is not None:
        raise CourseActionError(_("The course has ended and can no longer be changed."), conflict=True)
    return locked


def _save(
    course: Course,
    *,
    actor: Any,
    action: str,
    before: dict[str, Any],
    fields: list[str],
    record: bool = True,
) -> Course:
    course.version += 1
    course.save(update_fields=[*fields, "version", "updated_at"])
    if not record:
        return course  # the caller writes the one audit row for the whole change
    audit_record(
        actor=actor,
        action=action,
        obj=course,
        citizen_id=course.citizen_id,
        before=before,
        after=snapshot(course, COURSE_FIELDS),
    )
    return course


def _check_worker(worker: Any, programme: Programme) -> None:
    if (
        worker is None
        or worker.municipality_id != programme.municipality_id
        or worker.role != Role.WORKER
        or not worker.is_active
    ):
        raise CourseActionError(_("Choose a CTI worker from the programme."), field="worker")
    if not programme.workers.filter(pk=worker.pk).exists():
        raise CourseActionError(_("Choose a CTI worker from the programme."), field="worker")


def _check_legal_basis(programme: Programme, legal_basis: str) -> None:
    if programme.legal_basis(legal_basis) is None:
        raise CourseActionError(_("Choose one of the programme's legal bases."), field="legal_basis")


# Citizens and referral -------------------------------------------------------------------------


def citizen_register(
    *,
    actor: Any,
    first_name: str,
    last_name: str,
    cpr: str,
    address: str = "",
    phone: str = "",
    email: str = "",
    preferred_contact_form: str = "",
) -> Citizen:
    municipality_id = actor.municipality_id
    if municipality_id is None:
        raise CourseActionError(_("Your user is not attached to a municipality."))
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name or not last_name:
        raise CourseActionError(_("Enter the citizen's first and last name."), field="last_name")
    try:
        validate_cpr(cpr)
    except Exception as error:
        raise CourseActionError(" ".join(getattr(error, "messages", [str(error)])), field="cpr") from None
    if preferred_contact_form and preferred_contact_form not in ContactForm.values:
        raise CourseActionError(_("Choose a contact form from the list."), field="preferred_contact_form")
    cpr = normalise_cpr(cpr)
    if Citizen.objects.filter(municipality_id=municipality_id, cpr=cpr).exists():
        raise CourseActionError(
            _("A citizen with this CPR number is already registered. Search for the citizen instead."),
            field="cpr",
            conflict=True,
        )
    citizen = Citizen(
        municipality_id=municipality_id,
        first_name=first_name,
        last_name=last_name,
        cpr=cpr,
        address=address.strip(),
        phone=phone.strip(),
        email=email.strip(),
        preferred_contact_form=preferred_contact_form,
    )
    citizen.save()
    audit_record(
        actor=actor,
        action="citizen.registered",
        obj=citizen,
        citizen_id=citizen.pk,
        after=snapshot(citizen, [f for f in CITIZEN_FIELDS if f != "cpr"]),
    )
    return citizen


def course_refer(
    *,
    actor: Any,
    citizen: Citizen,
    programme: Programme,
    legal_basis: str,
    worker: Any,
    referral_date: dt.date,
    today: dt.date | None = None,
    restarted_from: Course | None = None,
) -> Course:
    """Refer a citizen to a programme: a new course with its referral date and legal basis."""
    today = _today(today)
    if (
        programme.municipality_id != citizen.municipality_id
        or programme.municipality_id != actor.municipality_id
    ):
        raise CourseActionError(_("Choose a programme of your municipality."), field="programme")
    if not programme.is_active:
        raise CourseActionError(_("The programme is closed for new courses."), field="programme")
    _check_legal_basis(programme, legal_basis)
    _check_worker(worker, programme)
    _check_date_near(referral_date, today=today, field="referral_date")
    with transaction.atomic():
        if Course.objects.filter(citizen=citizen, end_date__isnull=True).exists():
            raise CourseActionError(
                _("The citizen already has an active CTI course."), field="citizen", conflict=True
            )
        course = Course(
            municipality_id=citizen.municipality_id,
            citizen=citizen,
            programme=programme,
            legal_basis=legal_basis,
            duration_months=programme.duration_for(legal_basis),
            worker=worker,
            referral_date=referral_date,
            restarted_from=restarted_from,
        )
        try:
            with transaction.atomic():
                course.save()
        except IntegrityError:
            # Two referrals at once: the database's one-active-course rule decides.
            raise CourseActionError(
                _("The citizen already has an active CTI course."), field="citizen", conflict=True
            ) from None
        WorkerAssignment.objects.create(course=course, worker=worker, start=referral_date, assigned_by=actor)
        audit_record(
            actor=actor,
            action="course.restarted" if restarted_from else "course.referred",
            obj=course,
            citizen_id=citizen.pk,
            after=snapshot(course, COURSE_FIELDS),
        )
    return course


def citizen_register_and_refer(
    *,
    actor: Any,
    citizen_data: dict[str, Any],
    programme: Programme,
    legal_basis: str,
    worker: Any,
    referral_date: dt.date,
    today: dt.date | None = None,
) -> Course:
    today = _today(today)
    with transaction.atomic():
        citizen = citizen_register(actor=actor, **citizen_data)
        return course_refer(
            actor=actor,
            citizen=citizen,
            programme=programme,
            legal_basis=legal_basis,
            worker=worker,
            referral_date=referral_date,
            today=today,
        )


# The course's periods --------------------------------------------------------------------------


def course_start_contact_period(
    *,
    course: Course,
    on: dt.date,
    actor: Any,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Course:
    today = _today(today)
    _check_date_near(on, today=today, field="on")
    with transaction.atomic():
        course = _lock(course, expected_version)
        if not course.programme.uses_contact_period:
            raise CourseActionError(_("This programme does not use a contact period."), conflict=True)
        if course.contact_start is not None:
            raise CourseActionError(_("The contact period has already started."), conflict=True)
        if course.phase_1_start is not None:
            raise CourseActionError(
                _("Phase 1 has already started: a contact period can no longer begin."), conflict=True
            )
        if on < course.referral_date:
            raise CourseActionError(
                _("The contact period cannot start before the referral date (%(date)s).")
                % {"date": course.referral_date.strftime("%d-%m-%Y")},
                field="on",
            )
        before = snapshot(course, COURSE_FIELDS)
        course.contact_start = on
        return _save(
            course,
            actor=actor,
            action="course.contact_period_started",
            before=before,
            fields=["contact_start"],
        )


_PHASE_FIELDS = {1: "phase_1_start", 2: "phase_2_start", 3: "phase_3_start"}


def course_start_phase(
    *,
    course: Course,
    phase: int,
    on: dt.date,
    actor: Any,
    today: dt.date | None = None,
    expected_version: int | None = None,
    record: bool = True,
) -> Course:
    """Register the realised start of phase 1 (the transition event), 2 or 3.

    `record=False` is for a caller whose own change includes the phase start and writes the one
    audit row for both (the job match): one request, one row."""
    today = _today(today)
    if phase not in _PHASE_FIELDS:
        raise CourseActionError(_("A CTI course has phases 1, 2 and 3."), field="phase")
    _check_date_near(on, today=today, field="on")
    with transaction.atomic():
        course = _lock(course, expected_version)
        field = _PHASE_FIELDS[phase]
        if getattr(course, field) is not None:
            raise CourseActionError(
                _("Phase %(phase)d has already started.") % {"phase": phase}, conflict=True
            )
        if phase > 1:
            previous = getattr(course, _PHASE_FIELDS[phase - 1])
            if previous is None:
                raise CourseActionError(
                    _("Phase %(previous)d must start before phase %(phase)d: phases cannot be skipped.")
                    % {"previous": phase - 1, "phase": phase},
                    conflict=True,
                )
            if on <= previous:
                raise CourseActionError(
                    _("Phase %(phase)d must start after phase %(previous)d (%(date)s).")
                    % {"phase": phase, "previous": phase - 1, "date": previous.strftime("%d-%m-%Y")},
                    field="on",
                )
        else:
            earliest = course.contact_start or course.referral_date
            if on < earliest:
                raise CourseActionError(
                    _("Phase 1 cannot start before %(date)s.") % {"date": earliest.strftime("%d-%m-%Y")},
                    field="on",
                )
        _check_not_paused_on(course, on, field="on")
        if any(p.resume is None for p in course.pauses.all()):
            raise CourseActionError(_("The course is paused. Resume the course first."), conflict=True)
        before = snapshot(course, COURSE_FIELDS)
        setattr(course, field, on)
        course = _save(
            course,
            actor=actor,
            action=f"course.phase_{phase}_started",
            before=before,
            fields=[field],
            record=record,
        )
        course_transitioned.send(sender=Course, course=course, to=f"phase_{phase}", on=on, actor=actor)
        return course


def course_pause(
    *,
    course: Course,
    start: dt.date,
    reason: str,
    reason_text: str = "",
    actor: Any,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Pause:
    today = _today(today)
    _check_date_near(start, today=today, field="start")
    if reason not in PauseReason.values:
        raise CourseActionError(_("Choose a reason for the pause."), field="reason")
    if reason == PauseReason.OTHER and not reason_text.strip():
        raise CourseActionError(_("Describe the reason for the pause."), field="reason_text")
    with transaction.atomic():
        course = _lock(course, expected_version)
        course_start = course.contact_start or course.phase_1_start
        if course_start is None or start < course_start:
            raise CourseActionError(
                _("A course can only be paused after its contact period or phase 1 has started."),
                field="start",
            )
        latest = max(
            d for d in (course_start, course.phase_1_start, course.phase_2_start, course.phase_3_start) if d
        )
        if start < latest:
            raise CourseActionError(
                _("The pause cannot start before the latest registered phase start (%(date)s).")
                % {"date": latest.strftime("%d-%m-%Y")},
                field="start",
            )
        for existing in course.pauses.all():
            if existing.resume is None:
                raise CourseActionError(_("The course is already paused."), conflict=True)
            if start < existing.resume:
                raise CourseActionError(
                    _("The pause overlaps an earlier pause (%(start)s – %(resume)s).")
                    % {
                        "start": existing.start.strftime("%d-%m-%Y"),
                        "resume": existing.resume.strftime("%d-%m-%Y"),
                    },
                    field="start",
                )
        pause = Pause.objects.create(
            course=course, start=start, reason=reason, reason_text=reason_text.strip()
        )
        course.version += 1
        course.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            action="course.paused",
            obj=pause,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            after=snapshot(pause, ["start", "reason", "reason_text"]),
        )
    return pause


def course_resume(
    *,
    course: Course,
    on: dt.date,
    actor: Any,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Pause:
    today = _today(today)
    _check_date_near(on, today=today, field="on")
    with transaction.atomic():
        course = _lock(course, expected_version)
        pause = course.pauses.filter(resume__isnull=True).first()
        if pause is None:
            raise CourseActionError(_("The course is not paused."), conflict=True)
        if on <= pause.start:
            raise CourseActionError(
                _("The course must resume after the pause started (%(date)s).")
                % {"date": pause.start.strftime("%d-%m-%Y")},
                field="on",
            )
        before = snapshot(pause, ["start", "resume"])
        pause.resume = on
        pause.save(update_fields=["resume"])
        course.version += 1
        course.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            action="course.resumed",
            obj=pause,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            before=before,
            after=snapshot(pause, ["start", "resume"]),
        )
    return pause


def course_end(
    *,
    course: Course,
    on: dt.date,
    reason: str,
    reason_text: str = "",
    actor: Any,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Course:
    """End the course, after the full time or early with a reason from appendix 5."""
    today = _today(today)
    _check_date_near(on, today=today, field="on")
    if on > today:
        raise CourseActionError(
            _("The end date cannot be in the future. End the course on the day it ends."), field="on"
        )
    if reason not in EndReason.values:
        raise CourseActionError(_("Choose a reason for ending the course."), field="reason")
    if reason == EndReason.OTHER and not reason_text.strip():
        raise CourseActionError(_("Describe the reason for ending the course."), field="reason_text")
    with transaction.atomic():
        course = _lock(course, expected_version)
        if reason == EndReason.COMPLETED and course.phase_3_start is None:
            raise CourseActionError(
                _("A course is completed as planned only after phase 3. Choose why it ended early."),
                field="reason",
            )
        latest = max(
            d
            for d in (
                course.referral_date,
                course.contact_start,
                course.phase_1_start,
                course.phase_2_start,
                course.phase_3_start,
            )
            if d is not None
        )
        if on < latest:
            raise CourseActionError(
                _("The end date cannot be before the course's latest date (%(date)s).")
                % {"date": latest.strftime("%d-%m-%Y")},
                field="on",
            )
        open_pause = course.pauses.filter(resume__isnull=True).first()
        if open_pause is not None:
            if on <= open_pause.start:
                raise CourseActionError(
                    _("The end date must be after the start of the open pause (%(date)s).")
                    % {"date": open_pause.start.strftime("%d-%m-%Y")},
                    field="on",
                )
            # Support stops at the end: the open pause ends with the course.
            pause_before = snapshot(open_pause, ["start", "resume"])
            open_pause.resume = on
            open_pause.save(update_fields=["resume"])
            audit_record(
                actor=actor,
                action="course.resumed",
                obj=open_pause,
                municipality_id=course.municipality_id,
                citizen_id=course.citizen_id,
                before=pause_before,
                after=snapshot(open_pause, ["start", "resume"]),
            )
        if course.pauses.filter(resume__gt=on).exists():
            raise CourseActionError(_("The end date cannot lie inside a registered pause."), field="on")
        before = snapshot(course, COURSE_FIELDS)
        course.end_date = on
        course.end_reason = reason
        course.end_reason_text = reason_text.strip() if reason == EndReason.OTHER else ""
        course.assignments.filter(end__isnull=True).update(end=on)
        course = _save(
            course,
            actor=actor,
            action="course.ended",
            before=before,
            fields=["end_date", "end_reason", "end_reason_text"],
        )
        course_transitioned.send(sender=Course, course=course, to="ended", on=on, actor=actor)
        return course


def course_restart(
    *, course: Course, referral_date: dt.date, actor: Any, worker: Any = None, today: dt.date | None = None
) -> Course:
    """Start over: a new course for the same citizen and programme, linked to the ended one."""
    today = _today(today)
    course = Course.objects.select_related("citizen", "programme", "worker").get(pk=course.pk or 0)
    if course.end_date is None:
        raise CourseActionError(_("Only an ended course can be started over."), conflict=True)
    if Course.objects.filter(restarted_from=course).exists():
        raise CourseActionError(_("This course has already been started over."), conflict=True)
    if referral_date < course.end_date:
        raise CourseActionError(
            _("The new course cannot start before the old one ended (%(date)s).")
            % {"date": course.end_date.strftime("%d-%m-%Y")},
            field="referral_date",
        )
    return course_refer(
        actor=actor,
        citizen=course.citizen,
        programme=course.programme,
        legal_basis=course.legal_basis,
        worker=worker or course.worker,
        referral_date=referral_date,
        today=today,
        restarted_from=course,
    )


def course_reassign_worker(
    *,
    course: Course,
    worker: Any,
    on: dt.date,
    actor: Any,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Course:
    today = _today(today)
    _check_date_near(on, today=today, field="on")
    with transaction.atomic():
        course = _lock(course, expected_version)
        _check_worker(worker, course.programme)
        if worker.pk == course.worker_id:
            raise CourseActionError(_("The course already has this CTI worker."), field="worker")
        current = course.assignments.filter(end__isnull=True).first()
        if current is not None:
            if on < current.start:
                raise CourseActionError(
                    _("The change cannot be before the current worker took over (%(date)s).")
                    % {"date": current.start.strftime("%d-%m-%Y")},
                    field="on",
                )
            current.end = on
            current.save(update_fields=["end"])
        WorkerAssignment.objects.create(course=course, worker=worker, start=on, assigned_by=actor)
        before = snapshot(course, COURSE_FIELDS)
        course.worker = worker
        return _save(course, actor=actor, action="course.worker_reassigned", before=before, fields=["worker"])
