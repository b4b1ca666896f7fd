"""The contact frame: how Alice and her citizen agreed to keep in touch, and reminders."""

import datetime as dt

import pytest

from overgang.audit.models import AuditEntry
from overgang.courses import services as course_services
from overgang.courses.models import Citizen
from overgang.courses.services import CourseActionError
from overgang.journal.models import ContactFrame, ReminderChannel
from overgang.journal.services import contact_frame_save


@pytest.fixture
def course(alice, homelessness, make_course):
    return make_course(alice, homelessness, contact=dt.date(2026, 9, 1), phase_1=dt.date(2026, 10, 1))


def give_citizen(course, **fields):
    Citizen.objects.filter(pk=course.citizen_id).update(**fields)
    course.citizen.refresh_from_db()


FRAME = {"frequency": "Hver uge", "time": "Tirsdag formiddag", "place": "Hjemme", "kind": "home_visit"}


def test_it_creates_the_frame(alice, course):
    frame = contact_frame_save(course=course, actor=alice, **FRAME)

    stored = ContactFrame.objects.get(course=course)
    assert stored.pk == frame.pk
    assert stored.version == 1
    assert stored.updated_by == alice
    assert (stored.frequency, stored.time, stored.place, stored.kind) == (
        "Hver uge",
        "Tirsdag formiddag",
        "Hjemme",
        "home_visit",
    )
    assert stored.reminder_channel == ReminderChannel.NONE


def test_it_audits_the_creation(alice, course):
    frame = contact_frame_save(course=course, actor=alice, **FRAME)

    [audit] = AuditEntry.objects.filter(action="contact_frame.saved")
    assert audit.object_id == str(frame.pk)
    assert audit.citizen_id == course.citizen_id
    assert audit.before is None
    assert audit.after["frequency"] == "Hver uge"


def test_it_updates_the_same_frame_and_bumps_its_version(alice, bob, course):
    contact_frame_save(course=course, actor=alice, **FRAME)

    frame = contact_frame_save(
        course=course, actor=bob, expected_version=1, **FRAME | {"frequency": "Hver 14. dag"}
    )

    assert ContactFrame.objects.count() == 1
    stored = ContactFrame.objects.get(course=course)
    assert stored.pk == frame.pk
    assert stored.version == 2
    assert stored.frequency == "Hver 14. dag"
    assert stored.updated_by == bob
    latest = AuditEntry.objects.filter(action="contact_frame.saved").order_by("-pk").first()
    assert latest.before["frequency"] == "Hver uge"
    assert latest.after["frequency"] == "Hver 14. dag"


def test_it_refuses_an_update_made_on_a_stale_version_and_saves_nothing(alice, bob, course):
    contact_frame_save(course=course, actor=alice, **FRAME)
    contact_frame_save(course=course, actor=alice, expected_version=1, **FRAME | {"place": "Caféen"})

    with pytest.raises(CourseActionError) as error:
        contact_frame_save(course=course, actor=bob, expected_version=1, **FRAME | {"place": "Biblioteket"})

    assert error.value.conflict
    stored = ContactFrame.objects.get(course=course)
    assert stored.version == 2
    assert stored.place == "Caféen"
    assert stored.updated_by == alice
    assert AuditEntry.objects.filter(action="contact_frame.saved").count() == 2


def test_it_refuses_text_message_reminders_without_the_citizens_phone(alice, course):
    give_citizen(course, phone="")

    with pytest.raises(CourseActionError) as error:
        contact_frame_save(course=course, actor=alice, reminder_channel="sms", **FRAME)

    assert error.value.field == "reminder_channel"
    assert not ContactFrame.objects.exists()


def test_it_accepts_text_message_reminders_with_the_citizens_phone(alice, course):
    give_citizen(course, phone="12345678")

    frame = contact_frame_save(course=course, actor=alice, reminder_channel="sms", **FRAME)

    assert frame.reminder_channel == ReminderChannel.SMS


def test_it_refuses_email_reminders_without_the_citizens_email(alice, course):
    give_citizen(course, phone="12345678", email="")

    with pytest.raises(CourseActionError) as error:
        contact_frame_save(course=course, actor=alice, reminder_channel="email", **FRAME)

    assert error.value.field == "reminder_channel"
    assert not ContactFrame.objects.exists()


def test_it_accepts_email_reminders_with_the_citizens_email(alice, course):
    give_citizen(course, email="borger@example.org")

    frame = contact_frame_save(course=course, actor=alice, reminder_channel="email", **FRAME)

    assert frame.reminder_channel == ReminderChannel.EMAIL


def test_it_refuses_to_switch_an_existing_frame_to_reminders_the_citizen_cannot_receive(alice, course):
    contact_frame_save(course=course, actor=alice, **FRAME)

    with pytest.raises(CourseActionError):
        contact_frame_save(course=course, actor=alice, expected_version=1, reminder_channel="sms", **FRAME)

    stored = ContactFrame.objects.get(course=course)
    assert (stored.version, stored.reminder_channel) == (1, ReminderChannel.NONE)


@pytest.mark.parametrize(
    "overrides, field",
    [({"kind": "carrier_pigeon"}, "kind"), ({"reminder_channel": "pigeon_post"}, "reminder_channel")],
    ids=["unknown kind", "unknown reminder channel"],
)
def test_it_refuses_unknown_choices(alice, course, overrides, field):
    with pytest.raises(CourseActionError) as error:
        contact_frame_save(course=course, actor=alice, **FRAME | overrides)

    assert error.value.field == field
    assert not ContactFrame.objects.exists()


def test_it_refuses_a_frame_for_an_ended_course(alice, course, today):
    course = course_services.course_end(
        course=course, on=dt.date(2026, 11, 21), reason="moved", actor=alice, today=today
    )

    with pytest.raises(CourseActionError) as error:
        contact_frame_save(course=course, actor=alice, **FRAME)

    assert error.value.conflict
    assert not ContactFrame.objects.exists()


def test_a_form_made_before_the_frame_existed_does_not_overwrite_it(alice, bob, course):
    contact_frame_save(course=course, actor=alice, **FRAME)

    with pytest.raises(CourseActionError) as error:
        contact_frame_save(course=course, actor=bob, **FRAME | {"place": "Biblioteket"})

    assert error.value.conflict
    assert ContactFrame.objects.get(course=course).place == FRAME["place"]
