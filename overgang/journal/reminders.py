"""Reminders the day before a planned meeting (homelessness manual 4.2.3).

`reminders_send(now=...)` sends each due reminder exactly once: a reminder is claimed with a
conditional update (only one runner can move it from pending/failed to sending), then sent, then
marked sent or failed. Failures are kept on the entry, shown to the worker, and retried on the next
run, up to MAX_ATTEMPTS. The text is short, plain Danish and holds no sensitive details: no place,
no purpose, no programme name.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone, translation

from overgang.audit.services import audit_record
from overgang.journal.models import ContactEntry, ContactStatus, ReminderChannel, ReminderStatus
from overgang.journal.sms import Sms, SmsError, get_backend

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def reminder_text(entry: ContactEntry) -> str:
    local = timezone.localtime(entry.occurred_at)
    with translation.override("da"):
        return (
            f"Påmindelse: Du har en aftale med {entry.course.worker.first_name} "
            f"i morgen kl. {local:%H.%M}. Svar ikke på denne besked. Hilsen {entry.municipality.name}"
        )


def _channel(entry: ContactEntry) -> str:
    frame = getattr(entry.course, "contact_frame", None)
    return frame.reminder_channel if frame is not None else ReminderChannel.SMS


@dataclass(frozen=True)
class ReminderRun:
    sent: int
    failed: int


def reminders_due(*, now: dt.datetime) -> list[int]:
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    return list(
        ContactEntry.objects.filter(
            status=ContactStatus.PLANNED,
            reminder_wanted=True,
            occurred_at__gte=start,
            occurred_at__lt=end,
            course__end_date__isnull=True,
            reminder_attempts__lt=MAX_ATTEMPTS,
        )
        .filter(Q(reminder_status=ReminderStatus.PENDING) | Q(reminder_status=ReminderStatus.FAILED))
        .exclude(course__contact_frame__reminder_channel=ReminderChannel.NONE)
        .values_list("pk", flat=True)
    )


def reminders_send(*, now: dt.datetime | None = None) -> ReminderRun:
    now = now or timezone.now()
    sent = failed = 0
    backend = None
    for pk in reminders_due(now=now):
        claimed = ContactEntry.objects.filter(
            pk=pk, reminder_status__in=[ReminderStatus.PENDING, ReminderStatus.FAILED]
        ).update(reminder_status=ReminderStatus.SENDING, reminder_attempts=F("reminder_attempts") + 1)
        if claimed != 1:
            continue  # another runner has it
        entry = ContactEntry.objects.select_related("course__citizen", "course__worker", "municipality").get(
            pk=pk
        )
        citizen = entry.course.citizen
        try:
            if _channel(entry) == ReminderChannel.EMAIL:
                if not citizen.email:
                    raise SmsError("the citizen has no e-mail address")
                send_mail("Påmindelse om aftale", reminder_text(entry), None, [citizen.email])
            else:
                if not citizen.phone:
                    raise SmsError("the citizen has no phone number")
                backend = backend or get_backend()
                backend.send(Sms(to=citizen.phone, text=reminder_text(entry)))
        except Exception as error:  # any failure is recorded and retried, never silent
            # Only while still ours: a worker who moved the meeting meanwhile made a new reminder.
            ContactEntry.objects.filter(pk=pk, reminder_status=ReminderStatus.SENDING).update(
                reminder_status=ReminderStatus.FAILED, reminder_error=str(error)[:300]
            )
            logger.warning("reminder for contact %s failed: %s", pk, error)
            failed += 1
            continue
        ContactEntry.objects.filter(pk=pk, reminder_status=ReminderStatus.SENDING).update(
            reminder_status=ReminderStatus.SENT, reminder_sent_at=now, reminder_error=""
        )
        audit_record(
            actor=None,
            action="contact.reminder_sent",
            obj=entry,
            municipality_id=entry.municipality_id,
            citizen_id=citizen.pk,
            after={"channel": _channel(entry), "attempt": entry.reminder_attempts},
        )
        sent += 1
    return ReminderRun(sent=sent, failed=failed)
