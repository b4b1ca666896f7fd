"""Writes to the contact journal and the contact frame: validated, atomic, versioned, audited.

Notes are personal data: the audit row records that a note changed (and its length), not its text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record, snapshot
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.journal.models import (
    ContactEntry,
    ContactFrame,
    ContactKind,
    ContactStatus,
    ReminderChannel,
    ReminderStatus,
)
from overgang.method.dates import add_months

ENTRY_FIELDS = (
    "occurred_at",
    "duration_minutes",
    "kind",
    "place",
    "citizen_present",
    "third_parties",
    "status",
    "note",
    "next_agreement",
    "reminder_wanted",
)
AUDITED_ENTRY_FIELDS = tuple(f for f in ENTRY_FIELDS if f not in ("note", "next_agreement"))
FRAME_FIELDS = ("frequency", "time", "place", "kind", "reminder_channel")


def _audit_values(entry: ContactEntry) -> dict[str, Any]:
    values = snapshot(entry, AUDITED_ENTRY_FIELDS)
    values["occurred_at"] = entry.occurred_at.isoformat()
    values["note_length"] = len(entry.note)
    values["next_agreement_length"] = len(entry.next_agreement)
    return values


def _validate_entry(course: Course, values: dict[str, Any], *, now: dt.datetime) -> None:
    if course.end_date is not None:
        raise CourseActionError(_("The course has ended and can no longer be changed."), conflict=True)
    if values["kind"] not in ContactKind.values:
        raise CourseActionError(_("Choose the form of the contact."), field="kind")
    if values["status"] not in ContactStatus.values:
        raise CourseActionError(_("Choose whether the contact took place."), field="status")
    occurred = values["occurred_at"]
    if timezone.is_naive(occurred):
        raise CourseActionError(_("Enter a date and a time."), field="occurred_at")
    day = timezone.localtime(occurred).date()
    today = timezone.localtime(now).date()
    if day < course.referral_date:
        raise CourseActionError(
            _("The contact cannot be before the referral date (%(date)s).")
            % {"date": course.referral_date.strftime("%d-%m-%Y")},
            field="occurred_at",
        )
    if day > add_months(today, 12) or day < add_months(today, -12):
        raise CourseActionError(
            _("The date %(date)s is more than a year from today. Check the date.")
            % {"date": day.strftime("%d-%m-%Y")},
            field="occurred_at",
        )
    minutes = values["duration_minutes"]
    if minutes is None or minutes < 0 or minutes > 1440:
        raise CourseActionError(
            _("The duration must be between 0 and 1440 minutes."), field="duration_minutes"
        )
    if values["status"] == ContactStatus.HAPPENED:
        if minutes == 0:
            raise CourseActionError(_("Enter how long the contact lasted."), field="duration_minutes")
        if occurred > now:
            raise CourseActionError(
                _("A contact in the future has not taken place yet: register it as planned."), field="status"
            )
    if values.get("reminder_wanted"):
        if values["status"] != ContactStatus.PLANNED:
            raise CourseActionError(_("Only a planned meeting can have a reminder."), field="reminder_wanted")
        frame = ContactFrame.objects.filter(course=course).first()
        channel = frame.reminder_channel if frame is not None else ReminderChannel.SMS
        if channel == ReminderChannel.NONE:
            raise CourseActionError(
                _(
                    "The contact frame says the citizen does not want reminders. "
                    "Change the contact frame first if the citizen wants one."
                ),
                field="reminder_wanted",
            )
        if channel == ReminderChannel.EMAIL and not course.citizen.email:
            raise CourseActionError(
                _("Reminders by e-mail need the citizen's e-mail address."), field="reminder_wanted"
            )
        if channel != ReminderChannel.EMAIL and not course.citizen.phone:
            raise CourseActionError(
                _("Reminders by text message need the citizen's phone number."), field="reminder_wanted"
            )
    if values["status"] == ContactStatus.PLANNED and occurred <= now:
        raise CourseActionError(
            _("A planned contact must lie in the future. Register what happened instead."), field="status"
        )


def contact_entry_create(
    *, course: Course, actor: Any, now: dt.datetime | None = None, **values: Any
) -> ContactEntry:
    now = now or timezone.now()
    values = {field: values.get(field, "") for field in ENTRY_FIELDS} | {
        "duration_minutes": values.get("duration_minutes") or 0,
        "citizen_present": bool(values.get("citizen_present")),
        "reminder_wanted": bool(values.get("reminder_wanted")),
        "occurred_at": values.get("occurred_at"),
    }
    _validate_entry(course, values, now=now)
    with transaction.atomic():
        entry = ContactEntry.objects.create(
            course=course,
            municipality_id=course.municipality_id,
            author=actor,
            reminder_status=ReminderStatus.PENDING if values["reminder_wanted"] else ReminderStatus.NONE,
            **values,
        )
        audit_record(
            actor=actor,
            action="contact.created",
            obj=entry,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            after=_audit_values(entry),
        )
    return entry


def contact_entry_update(
    *, entry: ContactEntry, actor: Any, expected_version: int, now: dt.datetime | None = None, **values: Any
) -> ContactEntry:
    now = now or timezone.now()
    with transaction.atomic():
        locked = ContactEntry.objects.select_for_update().select_related("course").get(pk=entry.pk)
        if locked.version != expected_version:
            raise CourseActionError(
                _(
                    "Someone else changed this contact while you were working. "
                    "Reload the page to see the change."
                ),
                conflict=True,
            )
        merged = {field: values.get(field, getattr(locked, field)) for field in ENTRY_FIELDS}
        merged["citizen_present"] = bool(merged["citizen_present"])
        merged["reminder_wanted"] = bool(merged["reminder_wanted"])
        merged["duration_minutes"] = merged["duration_minutes"] or 0
        _validate_entry(locked.course, merged, now=now)
        before = _audit_values(locked)
        moved = merged["occurred_at"] != locked.occurred_at
        for field, value in merged.items():
            setattr(locked, field, value)
        if not locked.reminder_wanted:
            locked.reminder_status = ReminderStatus.NONE
        elif moved or locked.reminder_status == ReminderStatus.NONE:
            # A new time (or a newly wanted reminder) gets its own reminder.
            locked.reminder_status, locked.reminder_attempts, locked.reminder_error = (
                ReminderStatus.PENDING,
                0,
                "",
            )
        locked.version += 1
        locked.save(
            update_fields=[
                *ENTRY_FIELDS,
                "reminder_status",
                "reminder_attempts",
                "reminder_error",
                "version",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="contact.changed",
            obj=locked,
            municipality_id=locked.municipality_id,
            citizen_id=locked.course.citizen_id,
            before=before,
            after=_audit_values(locked),
        )
    return locked


def contact_frame_save(
    *, course: Course, actor: Any, expected_version: int | None = None, **values: Any
) -> ContactFrame:
    """Create or change the contact frame agreed with the citizen."""
    if course.end_date is not None:
        raise CourseActionError(_("The course has ended and can no longer be changed."), conflict=True)
    values = {field: (values.get(field) or "") for field in FRAME_FIELDS}
    values["reminder_channel"] = values["reminder_channel"] or ReminderChannel.NONE
    if values["kind"] and values["kind"] not in ContactKind.values:
        raise CourseActionError(_("Choose the form of the contact."), field="kind")
    if values["reminder_channel"] not in ReminderChannel.values:
        raise CourseActionError(_("Choose how the citizen wants reminders."), field="reminder_channel")
    citizen = course.citizen
    if values["reminder_channel"] == ReminderChannel.SMS and not citizen.phone:
        raise CourseActionError(
            _("Reminders by text message need the citizen's phone number."), field="reminder_channel"
        )
    if values["reminder_channel"] == ReminderChannel.EMAIL and not citizen.email:
        raise CourseActionError(
            _("Reminders by e-mail need the citizen's e-mail address."), field="reminder_channel"
        )
    with transaction.atomic():
        # The course row first: two first saves queue here, so the second finds the frame made.
        Course.objects.select_for_update().filter(pk=course.pk).first()
        frame = ContactFrame.objects.select_for_update().filter(course=course).first()
        if frame is None:
            frame = ContactFrame.objects.create(course=course, updated_by=actor, **values)
            before = None
        else:
            # No version means the form was made before any frame existed: someone else saved one since.
            if expected_version is None or frame.version != expected_version:
                raise CourseActionError(
                    _(
                        "Someone else changed the contact frame while you were working. "
                        "Reload the page to see the change."
                    ),
                    conflict=True,
                )
            before = snapshot(frame, FRAME_FIELDS)
            for field, value in values.items():
                setattr(frame, field, value)
            frame.version += 1
            frame.updated_by = actor
            frame.save(update_fields=[*FRAME_FIELDS, "version", "updated_by", "updated_at"])
        called_off = 0
        if frame.reminder_channel == ReminderChannel.NONE:
            # The citizen no longer wants reminders: the ones waiting for coming meetings are called off.
            called_off = (
                ContactEntry.objects.filter(course=course, status=ContactStatus.PLANNED, reminder_wanted=True)
                .exclude(reminder_status=ReminderStatus.SENT)
                .update(reminder_wanted=False, reminder_status=ReminderStatus.NONE, version=F("version") + 1)
            )
        audit_record(
            actor=actor,
            action="contact_frame.saved",
            obj=frame,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            before=before,
            after=snapshot(frame, FRAME_FIELDS)
            | ({"reminders_called_off": called_off} if called_off else {}),
        )
    return frame
