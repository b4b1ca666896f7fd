"""Reminders the day before a planned meeting: sent once, failures kept and retried, no details."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from overgang.accounts.testing import log_in_verified
from overgang.audit.models import AuditEntry
from overgang.courses.services import CourseActionError
from overgang.journal import services
from overgang.journal.models import ContactEntry, ReminderStatus
from overgang.journal.reminders import MAX_ATTEMPTS, reminders_send
from overgang.journal.sms import HttpBackend, Sms, SmsError

CPH = ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=CPH)
TOMORROW_AT_TEN = dt.datetime(2026, 11, 23, 10, 0, tzinfo=CPH)


@pytest.fixture
def course(alice, homelessness, make_course):
    course = make_course(alice, homelessness, contact=dt.date(2026, 10, 1), phase_1=dt.date(2026, 11, 1))
    citizen = course.citizen
    citizen.phone = "+45 00 00 00 01"
    citizen.email = "borger@example.invalid"
    citizen.save(update_fields=["phone", "email"])
    return course


def plan(course, alice, *, at=TOMORROW_AT_TEN, reminder=True, **extra):
    return services.contact_entry_create(
        course=course,
        actor=alice,
        now=NOW,
        occurred_at=at,
        status="planned",
        kind="home_visit",
        place="Krisecentret, Hemmelig Vej 1",
        note="Taler om voldsepisoden",
        reminder_wanted=reminder,
        **extra,
    )


@pytest.fixture
def sms_file(settings, tmp_path):
    path = tmp_path / "sms.txt"
    settings.SMS_BACKEND = "overgang.journal.sms.ConsoleBackend"
    settings.SMS_FILE_PATH = str(path)
    return path


def test_a_reminder_is_sent_once_the_day_before(course, alice, sms_file):
    entry = plan(course, alice)

    first = reminders_send(now=NOW)
    second = reminders_send(now=NOW)

    assert (first.sent, second.sent) == (1, 0)
    lines = sms_file.read_text().splitlines()
    assert len(lines) == 1
    assert "+45 00 00 00 01" in lines[0]
    assert "i morgen kl. 10.00" in lines[0]
    entry.refresh_from_db()
    assert entry.reminder_status == ReminderStatus.SENT
    assert AuditEntry.objects.filter(action="contact.reminder_sent", object_id=str(entry.pk)).count() == 1


def test_the_reminder_holds_no_sensitive_details(course, alice, sms_file):
    plan(course, alice)

    reminders_send(now=NOW)

    text = sms_file.read_text()
    assert "Krisecentret" not in text
    assert "Hemmelig" not in text
    assert "vold" not in text.lower()
    assert course.programme.name not in text


def test_a_meeting_the_day_after_tomorrow_is_not_reminded_yet(course, alice, sms_file):
    plan(course, alice, at=TOMORROW_AT_TEN + dt.timedelta(days=1))

    assert reminders_send(now=NOW).sent == 0
    assert not sms_file.exists()


def test_no_reminder_without_the_wish(course, alice, sms_file):
    plan(course, alice, reminder=False)

    assert reminders_send(now=NOW).sent == 0


class FailingBackend:
    def send(self, message: Sms) -> None:
        raise SmsError("gateway answered 503")


def test_a_failure_is_kept_visible_and_retried(course, alice, settings, sms_file):
    entry = plan(course, alice)
    settings.SMS_BACKEND = "overgang.journal.tests.test_reminders.FailingBackend"

    failed = reminders_send(now=NOW)

    entry.refresh_from_db()
    assert failed.failed == 1
    assert entry.reminder_status == ReminderStatus.FAILED
    assert entry.reminder_error == "gateway answered 503"

    settings.SMS_BACKEND = "overgang.journal.sms.ConsoleBackend"
    retried = reminders_send(now=NOW)

    entry.refresh_from_db()
    assert retried.sent == 1
    assert entry.reminder_status == ReminderStatus.SENT
    assert entry.reminder_attempts == 2
    assert entry.reminder_error == ""


def test_retries_stop_after_the_maximum(course, alice, settings):
    entry = plan(course, alice)
    settings.SMS_BACKEND = "overgang.journal.tests.test_reminders.FailingBackend"

    for _ in range(MAX_ATTEMPTS + 2):
        reminders_send(now=NOW)

    entry.refresh_from_db()
    assert entry.reminder_attempts == MAX_ATTEMPTS
    assert entry.reminder_status == ReminderStatus.FAILED


def test_the_worker_sees_a_failed_reminder_in_the_journal(client, course, alice, settings):
    plan(course, alice)
    settings.SMS_BACKEND = "overgang.journal.tests.test_reminders.FailingBackend"
    reminders_send(now=NOW)
    log_in_verified(client, alice)

    page = client.get(f"/courses/{course.pk}/journal/").content.decode()

    assert "gateway answered 503" in page


def test_a_reminder_by_e_mail_when_the_frame_says_so(course, alice, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.contact_frame_save(course=course, actor=alice, reminder_channel="email")
    plan(course, alice)

    assert reminders_send(now=NOW).sent == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["borger@example.invalid"]
    assert "Krisecentret" not in mail.outbox[0].body


def test_a_reminder_needs_a_planned_meeting(course, alice):
    with pytest.raises(CourseActionError) as error:
        services.contact_entry_create(
            course=course,
            actor=alice,
            now=NOW,
            occurred_at=NOW - dt.timedelta(hours=1),
            status="happened",
            duration_minutes=30,
            kind="phone",
            reminder_wanted=True,
        )
    assert error.value.field == "reminder_wanted"
    assert not ContactEntry.objects.exists()


def test_a_text_reminder_needs_the_citizens_phone_number(course, alice):
    course.citizen.phone = ""
    course.citizen.save(update_fields=["phone"])

    with pytest.raises(CourseActionError) as error:
        plan(course, alice)
    assert error.value.field == "reminder_wanted"
    assert not ContactEntry.objects.exists()


def test_moving_the_meeting_gives_a_new_reminder(course, alice, sms_file):
    entry = plan(course, alice)
    reminders_send(now=NOW)
    entry.refresh_from_db()

    moved = services.contact_entry_update(
        entry=entry,
        actor=alice,
        expected_version=entry.version,
        now=NOW,
        occurred_at=TOMORROW_AT_TEN + dt.timedelta(hours=3),
    )

    assert moved.reminder_status == ReminderStatus.PENDING
    assert reminders_send(now=NOW).sent == 1
    assert "kl. 13.00" in sms_file.read_text().splitlines()[-1]


class _Gateway(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 200

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        _Gateway.received.append(
            {"body": json.loads(self.rfile.read(length)), "auth": self.headers.get("Authorization")}
        )
        self.send_response(_Gateway.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received = []
    _Gateway.status = 200
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_GATEWAY_USER = "overgang"
    settings.SMS_GATEWAY_PASSWORD = "hemmelig"
    settings.SMS_SENDER = "Demokommune"
    yield _Gateway
    server.shutdown()
    server.server_close()


def test_the_http_gateway_gets_json_with_basic_authentication(gateway):
    HttpBackend().send(Sms(to="+4500000001", text="Påmindelse"))

    assert gateway.received[0]["body"] == {"to": "+4500000001", "from": "Demokommune", "text": "Påmindelse"}
    assert gateway.received[0]["auth"].startswith("Basic ")


def test_a_gateway_error_is_an_sms_error(gateway):
    gateway.status = 500

    with pytest.raises(SmsError):
        HttpBackend().send(Sms(to="+4500000001", text="Påmindelse"))


# --- the contact frame says "no reminders" ----------------------------------------------------------


def test_a_reminder_is_refused_when_the_contact_frame_says_no_reminders(course, alice):
    services.contact_frame_save(course=course, actor=alice, reminder_channel="none")

    with pytest.raises(CourseActionError) as refused:
        plan(course, alice)

    assert refused.value.field == "reminder_wanted"
    assert not ContactEntry.objects.filter(course=course).exists()


def test_saying_no_to_reminders_calls_off_the_waiting_ones(course, alice, sms_file):
    frame = services.contact_frame_save(course=course, actor=alice, reminder_channel="sms")
    entry = plan(course, alice)
    assert entry.reminder_status == ReminderStatus.PENDING

    services.contact_frame_save(
        course=course, actor=alice, expected_version=frame.version, reminder_channel="none"
    )

    entry.refresh_from_db()
    assert (entry.reminder_wanted, entry.reminder_status) == (False, ReminderStatus.NONE)
    audit = AuditEntry.objects.filter(action="contact_frame.saved").latest("pk")
    assert audit.after["reminders_called_off"] == 1
    assert reminders_send(now=NOW).sent == 0
    assert not sms_file.exists()


def test_a_waiting_reminder_is_not_sent_once_the_frame_says_no(course, alice, sms_file):
    frame = services.contact_frame_save(course=course, actor=alice, reminder_channel="sms")
    entry = plan(course, alice)
    # The frame changed by a path that did not call the waiting reminders off (e.g. the admin).
    type(frame).objects.filter(pk=frame.pk).update(reminder_channel="none")

    assert reminders_send(now=NOW).sent == 0
    entry.refresh_from_db()
    assert entry.reminder_status == ReminderStatus.PENDING
    assert not sms_file.exists()
