"""Writes for the job programme's steps and the work agreement: validated, atomic, versioned and
audited. The texts are personal data: the audit records which fields changed, never their values.

Registering the job match is the transition event: it starts phase 1 through the course engine
(`course_start_phase`) in the same transaction, so a refusal from the engine saves nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record
from overgang.courses.job_people import course_is_job
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError, course_start_phase
from overgang.jobs.models import (
    MAX_HOURS,
    TEXT_MAX,
    HoursKind,
    HoursUpdate,
    JobMatch,
    JointPlan,
    PlanWriter,
    StartMeeting,
    StepRevision,
    WorkAgreementRevision,
)
from overgang.method.dates import add_months
from overgang.network.models import NetworkPerson

START_MEETING_FIELDS = (
    "held_on",
    "attendees",
    "dreams_and_wishes",
    "resources",
    "network",
    "plan_writer",
    "timetable",
    "cv_agreed",
    "cv_note",
)
JOINT_PLAN_FIELDS = (
    "made_on",
    "job_centre_case_worker",
    "social_services_case_worker",
    "purpose",
    "citizen_goals",
    "resources",
    "barriers",
    "support_needs",
    "offers",
    "job_match_considerations",
    "existing_plans",
    "consent_to_involve",
)
WORK_AGREEMENT_FIELDS = (
    "valid_from",
    "employer",
    "hours_per_week",
    "hours_kind",
    "tasks",
    "health_considerations",
    "sub_goals",
    "follow_up",
    "aids",
)
SHORT_FIELDS = {"job_centre_case_worker": 150, "social_services_case_worker": 150, "cv_note": 500}


class StepConflict(CourseActionError):
    def __init__(self, message: str) -> None:
        super().__init__(message, conflict=True)


def _check_job_course(course: Course) -> None:
    if not course_is_job(course):
        raise CourseActionError(_("Only courses in the job programme have these steps."))


def _lock_course(course: Course) -> Course:
    locked = Course.objects.select_for_update().get(pk=course.pk)
    if locked.end_date is not None:
        raise CourseActionError(_("The course has ended and can no longer be changed."), conflict=True)
    return locked


def _date(value: Any, *, field: str, today: dt.date, label_missing: str) -> dt.date:
    if value is None:
        raise CourseActionError(label_missing, field=field)
    if not isinstance(value, dt.date):
        raise CourseActionError(_("Enter the date as dd-mm-yyyy."), field=field)
    if value > today:
        raise CourseActionError(_("The date cannot be in the future."), field=field)
    if value < add_months(today, -24):
        raise CourseActionError(_("The date is more than two years ago. Check the date."), field=field)
    return value


def _texts(values: dict[str, Any], names: Iterable[str]) -> dict[str, str]:
    cleaned = {}
    for name in names:
        value = values.get(name) or ""
        if not isinstance(value, str):
            raise CourseActionError(_("Write the field as text."), field=name)
        value = value.strip()
        limit = SHORT_FIELDS.get(name, TEXT_MAX)
        if len(value) > limit:
            raise CourseActionError(_("Write at most %(limit)s characters.") % {"limit": limit}, field=name)
        cleaned[name] = value
    return cleaned


def _snapshot(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def _versioned_save(
    *,
    model: Any,
    step: str,
    course: Course,
    actor: Any,
    expected_version: int | None,
    cleaned: dict[str, Any],
    fields: tuple[str, ...],
    conflict_message: str,
) -> tuple[Any, list[str]]:
    """Create (expected_version 0) or change (the version the user saw) a one-per-course step."""
    obj = model.objects.select_for_update().filter(course_id=course.pk).first()
    current = obj.version if obj is not None else 0
    if expected_version is None or expected_version != current:
        raise StepConflict(conflict_message)
    if obj is None:
        obj = model.objects.create(
            course=course, municipality_id=course.municipality_id, created_by=actor, **cleaned
        )
        changed = [name for name in fields if cleaned[name] not in ("", None, False)]
        action = f"jobs.{step}_created"
    else:
        changed = [name for name in fields if getattr(obj, name) != cleaned[name]]
        if not changed:
            return obj, []
        for name in fields:
            setattr(obj, name, cleaned[name])
        obj.version += 1
        obj.save(update_fields=[*fields, "version", "updated_at"])
        action = f"jobs.{step}_changed"
    return obj, [action, *changed]


def _revise(step: str, obj: Any, fields: tuple[str, ...], actor: Any, values: dict[str, Any]) -> None:
    StepRevision.objects.create(
        course_id=obj.course_id, step=step, number=obj.version, values=values, saved_by=actor
    )


# The start meeting --------------------------------------------------------------------------------


def start_meeting_save(
    *,
    course: Course,
    actor: Any,
    expected_version: int | None,
    attendee_people: Iterable[int] = (),
    today: dt.date | None = None,
    **values: Any,
) -> StartMeeting:
    """Register or change the start meeting (the first step). A stale version saves nothing."""
    today = today or timezone.localdate()
    _check_job_course(course)
    cleaned: dict[str, Any] = _texts(
        values, ("attendees", "dreams_and_wishes", "resources", "network", "timetable", "cv_note")
    )
    cleaned["held_on"] = _date(
        values.get("held_on"), field="held_on", today=today, label_missing=_("Enter the date of the meeting.")
    )
    if cleaned["held_on"] < course.referral_date:
        raise CourseActionError(
            _("The start meeting cannot be before the referral date (%(date)s).")
            % {"date": course.referral_date.strftime("%d-%m-%Y")},
            field="held_on",
        )
    plan_writer = values.get("plan_writer") or ""
    if plan_writer and plan_writer not in PlanWriter.values:
        raise CourseActionError(_("Choose who writes the joint plan."), field="plan_writer")
    cleaned["plan_writer"] = plan_writer
    cleaned["cv_agreed"] = bool(values.get("cv_agreed"))
    wanted = sorted({int(pk) for pk in attendee_people})
    people = list(NetworkPerson.objects.filter(citizen_id=course.citizen_id, pk__in=wanted))
    if len(people) != len(wanted):
        raise CourseActionError(
            _("Choose attendees from the citizen's network overview."), field="attendee_people"
        )
    if not cleaned["attendees"] and not people:
        raise CourseActionError(_("Write who attended the meeting."), field="attendees")
    with transaction.atomic():
        locked = _lock_course(course)
        meeting, changes = _versioned_save(
            model=StartMeeting,
            step="start_meeting",
            course=locked,
            actor=actor,
            expected_version=expected_version,
            cleaned=cleaned,
            fields=START_MEETING_FIELDS,
            conflict_message=_(
                "Someone else changed the start meeting while you were working. Nothing was saved. "
                "Reload the page to see their change."
            ),
        )
        before_people = sorted(meeting.attendee_people.values_list("pk", flat=True))
        if before_people != wanted:
            meeting.attendee_people.set(people)
            if not changes:
                meeting.version += 1
                meeting.save(update_fields=["version", "updated_at"])
                changes = ["jobs.start_meeting_changed"]
            changes.append("attendee_people")
        if not changes:
            return meeting
        snapshot = _snapshot(meeting, START_MEETING_FIELDS) | {"attendee_people": [p.name for p in people]}
        _revise("start_meeting", meeting, START_MEETING_FIELDS, actor, snapshot)
        audit_record(
            actor=actor,
            action=changes[0],
            obj=meeting,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            after={"version": meeting.version, "fields": changes[1:]},
        )
    return meeting


# The joint plan -----------------------------------------------------------------------------------


def joint_plan_save(
    *,
    course: Course,
    actor: Any,
    expected_version: int | None,
    today: dt.date | None = None,
    **values: Any,
) -> JointPlan:
    """Make or change the one joint plan (the second step). It follows the start meeting."""
    today = today or timezone.localdate()
    _check_job_course(course)
    cleaned: dict[str, Any] = _texts(
        values,
        (
            "job_centre_case_worker",
            "social_services_case_worker",
            "purpose",
            "citizen_goals",
            "resources",
            "barriers",
            "support_needs",
            "offers",
            "job_match_considerations",
            "existing_plans",
        ),
    )
    cleaned["made_on"] = _date(
        values.get("made_on"),
        field="made_on",
        today=today,
        label_missing=_("Enter the date the plan was made."),
    )
    if not cleaned["purpose"]:
        raise CourseActionError(_("Write the plan's common purpose and goal."), field="purpose")
    if not cleaned["job_centre_case_worker"]:
        raise CourseActionError(_("Name the case worker in the job centre."), field="job_centre_case_worker")
    if not cleaned["social_services_case_worker"]:
        raise CourseActionError(
            _("Name the case worker in the social services."), field="social_services_case_worker"
        )
    cleaned["consent_to_involve"] = bool(values.get("consent_to_involve"))
    with transaction.atomic():
        locked = _lock_course(course)
        meeting = StartMeeting.objects.filter(course_id=course.pk).first()
        if meeting is None:
            raise CourseActionError(_("Register the start meeting first: the joint plan follows it."))
        if cleaned["made_on"] < meeting.held_on:
            raise CourseActionError(
                _("The joint plan cannot be made before the start meeting (%(date)s).")
                % {"date": meeting.held_on.strftime("%d-%m-%Y")},
                field="made_on",
            )
        plan, changes = _versioned_save(
            model=JointPlan,
            step="joint_plan",
            course=locked,
            actor=actor,
            expected_version=expected_version,
            cleaned=cleaned,
            fields=JOINT_PLAN_FIELDS,
            conflict_message=_(
                "Someone else changed the joint plan while you were working. Nothing was saved. "
                "Reload the page to see their change."
            ),
        )
        if not changes:
            return plan
        _revise("joint_plan", plan, JOINT_PLAN_FIELDS, actor, _snapshot(plan, JOINT_PLAN_FIELDS))
        audit_record(
            actor=actor,
            action=changes[0],
            obj=plan,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            after={"version": plan.version, "fields": changes[1:]},
        )
    return plan


# The job match: the transition event --------------------------------------------------------------


def job_match_register(
    *,
    course: Course,
    actor: Any,
    employer: str,
    position: str,
    found_on: dt.date | None,
    note: str = "",
    expected_version: int | None = None,
    start_phase: bool = True,
    today: dt.date | None = None,
) -> JobMatch:
    """Register the individual job match and start phase 1 on its date (the transition event).

    `expected_version` is the course version the user saw. `start_phase=False` records a match
    for a course whose phase 1 already started on the match date (the demo's history); it never
    starts or moves a phase.
    """
    today = today or timezone.localdate()
    _check_job_course(course)
    cleaned = _texts(
        {"employer": employer, "position": position, "note": note}, ("employer", "position", "note")
    )
    if not cleaned["employer"]:
        raise CourseActionError(_("Name the employer."), field="employer")
    if not cleaned["position"]:
        raise CourseActionError(_("Write the job."), field="position")
    if len(cleaned["employer"]) > 200 or len(cleaned["position"]) > 200:
        raise CourseActionError(_("Write at most %(limit)s characters.") % {"limit": 200}, field="employer")
    day = _date(
        found_on, field="found_on", today=today, label_missing=_("Enter the date the job match was found.")
    )
    with transaction.atomic():
        locked = _lock_course(course)
        if JobMatch.objects.filter(course_id=course.pk).exists():
            raise CourseActionError(_("The job match is already registered."), conflict=True)
        meeting = StartMeeting.objects.filter(course_id=course.pk).first()
        if meeting is None or not JointPlan.objects.filter(course_id=course.pk).exists():
            raise CourseActionError(
                _("Register the start meeting and the joint plan first: the job match is the third step.")
            )
        if day < meeting.held_on:
            raise CourseActionError(
                _("The job match cannot be found before the start meeting (%(date)s).")
                % {"date": meeting.held_on.strftime("%d-%m-%Y")},
                field="found_on",
            )
        if start_phase:
            try:
                course_start_phase(
                    course=locked,
                    phase=1,
                    on=day,
                    actor=actor,
                    today=today,
                    expected_version=expected_version,
                    record=False,  # the job match's row below covers the phase start too
                )
            except CourseActionError as error:
                # The engine names its date "on": on this form it is the date the match was found.
                field = "found_on" if error.field == "on" else error.field
                raise CourseActionError(error.message, field=field, conflict=error.conflict) from None
        elif locked.phase_1_start != day:
            raise CourseActionError(
                _("Phase 1 must have started on the job match date."), field="found_on", conflict=True
            )
        match = JobMatch.objects.create(
            course=course, municipality_id=course.municipality_id, created_by=actor, found_on=day, **cleaned
        )
        audit_record(
            actor=actor,
            action="jobs.job_match_registered",
            obj=match,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            before={"phase_1_start": None} if start_phase else None,
            after={
                "found_on": day.isoformat(),
                "phase_1_started": start_phase,
                **({"phase_1_start": day.isoformat()} if start_phase else {}),
            },
        )
    return match


# The work agreement -------------------------------------------------------------------------------


def _hours(value: Any, *, allow_zero: bool = False) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise CourseActionError(_("Enter the hours per week as a number."), field="hours_per_week") from None
    if not hours.is_finite() or hours < 0 or (hours == 0 and not allow_zero) or hours > MAX_HOURS:
        if allow_zero:
            message = _("The hours per week must be from 0 to %(max)s.") % {"max": MAX_HOURS}
        else:
            message = _("The hours per week must be more than 0 and at most %(max)s.") % {"max": MAX_HOURS}
        raise CourseActionError(message, field="hours_per_week")
    if hours != hours.quantize(Decimal("0.1")):
        raise CourseActionError(_("Give the hours with at most one decimal."), field="hours_per_week")
    return hours


def work_agreement_revise(
    *,
    course: Course,
    actor: Any,
    expected_number: int | None,
    valid_from: dt.date | None,
    employer: str,
    hours_per_week: Any,
    hours_kind: str,
    today: dt.date | None = None,
    **values: Any,
) -> WorkAgreementRevision:
    """Make the work agreement, or a new revision of it valid from a date. Earlier revisions are
    never changed. `expected_number` is the latest revision number the user saw (0 for none)."""
    today = today or timezone.localdate()
    _check_job_course(course)
    cleaned: dict[str, Any] = _texts(
        values, ("tasks", "health_considerations", "sub_goals", "follow_up", "aids")
    )
    employer = (employer or "").strip()
    if not employer:
        raise CourseActionError(_("Name the employer."), field="employer")
    if len(employer) > 200:
        raise CourseActionError(_("Write at most %(limit)s characters.") % {"limit": 200}, field="employer")
    if hours_kind not in HoursKind.values:
        raise CourseActionError(_("Choose ordinary hours or work placement."), field="hours_kind")
    hours = _hours(hours_per_week)
    if valid_from is None:
        raise CourseActionError(_("Enter the date the agreement is valid from."), field="valid_from")
    if valid_from > add_months(today, 3):
        raise CourseActionError(
            _("The agreement can be valid from at most three months ahead."), field="valid_from"
        )
    with transaction.atomic():
        _lock_course(course)
        match = JobMatch.objects.filter(course_id=course.pk).first()
        if match is None:
            raise CourseActionError(_("Register the job match first: the work agreement follows it."))
        if valid_from < match.found_on:
            raise CourseActionError(
                _("The agreement cannot be valid before the job match was found (%(date)s).")
                % {"date": match.found_on.strftime("%d-%m-%Y")},
                field="valid_from",
            )
        latest = WorkAgreementRevision.objects.filter(course_id=course.pk).order_by("-number").first()
        current = latest.number if latest is not None else 0
        if expected_number is None or expected_number != current:
            raise StepConflict(
                _(
                    "Someone else revised the work agreement while you were working. Nothing was saved. "
                    "Reload the page to see their revision."
                )
            )
        if latest is not None and valid_from <= latest.valid_from:
            raise CourseActionError(
                _("A new revision must be valid from a date after the latest one (%(date)s).")
                % {"date": latest.valid_from.strftime("%d-%m-%Y")},
                field="valid_from",
            )
        revision = WorkAgreementRevision.objects.create(
            course=course,
            municipality_id=course.municipality_id,
            number=current + 1,
            valid_from=valid_from,
            employer=employer,
            hours_per_week=hours,
            hours_kind=hours_kind,
            saved_by=actor,
            **cleaned,
        )
        if latest is None:
            changed = [name for name in WORK_AGREEMENT_FIELDS if getattr(revision, name) not in ("", None)]
        else:
            changed = [
                name for name in WORK_AGREEMENT_FIELDS if getattr(revision, name) != getattr(latest, name)
            ]
        audit_record(
            actor=actor,
            action="jobs.work_agreement_revised",
            obj=revision,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            after={"number": revision.number, "fields": changed},
        )
    return revision


def hours_update_register(
    *,
    course: Course,
    actor: Any,
    on: dt.date | None,
    hours_per_week: Any,
    note: str = "",
    today: dt.date | None = None,
) -> HoursUpdate:
    """Note the hours actually worked per week on a date (0 is allowed: e.g. sick leave)."""
    today = today or timezone.localdate()
    _check_job_course(course)
    if on is None:
        raise CourseActionError(_("Enter the date of the update."), field="on")
    if on > today:
        raise CourseActionError(_("The date cannot be in the future."), field="on")
    hours = _hours(hours_per_week, allow_zero=True)
    note = (note or "").strip()
    if len(note) > 500:
        raise CourseActionError(_("Write at most %(limit)s characters.") % {"limit": 500}, field="note")
    with transaction.atomic():
        _lock_course(course)
        match = JobMatch.objects.filter(course_id=course.pk).first()
        if match is None:
            raise CourseActionError(_("Register the job match first: the work agreement follows it."))
        if on < match.found_on:
            raise CourseActionError(
                _("The update cannot be before the job match was found (%(date)s).")
                % {"date": match.found_on.strftime("%d-%m-%Y")},
                field="on",
            )
        if HoursUpdate.objects.filter(course_id=course.pk, on=on).exists():
            raise CourseActionError(_("There is already an update on that date."), field="on")
        update = HoursUpdate.objects.create(
            course=course,
            municipality_id=course.municipality_id,
            on=on,
            hours_per_week=hours,
            note=note,
            saved_by=actor,
        )
        audit_record(
            actor=actor,
            action="jobs.hours_updated",
            obj=update,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            after={"fields": ["on", "hours_per_week", *(["note"] if note else [])]},
        )
    return update
