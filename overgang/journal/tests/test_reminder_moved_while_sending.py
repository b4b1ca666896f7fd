"""A meeting moved while its reminder is being sent keeps a reminder for the new time: the sender's
"sent" does not overwrite the worker's newer change."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from overgang.journal import services
from overgang.journal.models import ContactEntry, ReminderStatus
from overgang.journal.reminders import reminders_send
from overgang.journal.sms import Sms

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=CPH)
TOMORROW_AT_TEN = dt.datetime(2026, 11, 23, 10, 0, tzinfo=CPH)
TOMORROW_AT_TWO = dt.datetime(2026, 11, 23, 14, 0, tzinfo=CPH)

SENT: list[Sms] = []


class MovingTheMeetingBackend:
    """Records the text message, and meanwhile the worker moves the meeting to two o'clock."""

    def send(self, message: Sms) -> None:
        SENT.append(message)
        entry = ContactEntry.objects.get(occurred_at=TOMORROW_AT_TEN)
        services.contact_entry_update(
            entry=entry,
            actor=entry.author,
            expected_version=entry.version,
            now=NOW,
            occurred_at=TOMORROW_AT_TWO,
        )


@pytest.fixture
def planned(alice: Any, homelessness: Any, make_course: Any, settings: Any) -> ContactEntry:
    settings.SMS_BACKEND = f"{__name__}.MovingTheMeetingBackend"
    SENT.clear()
    course = make_course(alice, homelessness, contact=dt.date(2026, 10, 1), phase_1=dt.date(2026, 11, 1))
    course.citizen.phone = "+45 00 00 00 01"
    course.citizen.save(update_fields=["phone"])
    services.contact_frame_save(course=course, actor=alice, reminder_channel="sms")
    return services.contact_entry_create(
        course=course,
        actor=alice,
        now=NOW,
        occurred_at=TOMORROW_AT_TEN,
        status="planned",
        kind="home_visit",
        reminder_wanted=True,
    )


def test_a_meeting_moved_while_its_reminder_is_sent_gets_a_reminder_for_the_new_time(
    planned: ContactEntry,
) -> None:
    reminders_send(now=NOW)

    entry = ContactEntry.objects.get(pk=planned.pk)
    assert len(SENT) == 1 and "10.00" in SENT[0].text
    assert entry.occurred_at == TOMORROW_AT_TWO
    assert entry.reminder_status == ReminderStatus.PENDING  # not marked sent by the old send
    assert entry.reminder_sent_at is None
