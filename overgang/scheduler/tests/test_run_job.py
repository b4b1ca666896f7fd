"""`manage.py run_job <job>`: each job does its work once per period; a second run finds it done;
a failed digest is retried by the next run, which sends only what failed."""

from __future__ import annotations

import datetime as dt
import io
import smtplib
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from overgang.audit.models import AuditEntry
from overgang.audit.services import audit_record
from overgang.desk.models import DigestDelivery
from overgang.journal import services as journal_services
from overgang.journal.models import ContactEntry, ReminderStatus
from overgang.scheduler.models import JobRun, JobState

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def run_job(*args: str) -> str:
    out = io.StringIO()
    call_command("run_job", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def locmem_email(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def recipients(alice: Any, bob: Any, carol: Any, homelessness: Any, make_course: Any) -> list[Any]:
    """Three people who get the digest: a worker with a course, a colleague and the coordinator."""
    make_course(alice, homelessness, phase_1=dt.date(2026, 10, 1))
    for user in (alice, bob, carol):
        user.email = f"{user.username}@testkommune.dk"
        user.save(update_fields=["email"])
    return [alice, bob, carol]


# --- the digest ----------------------------------------------------------------------------------


def test_the_digest_job_sends_the_weeks_digest_once(recipients: list[Any]) -> None:
    first = run_job("digest", "--at", "2026-11-23T06:00")
    second = run_job("digest", "--at", "2026-11-23T07:00")

    assert len(mail.outbox) == 3
    assert "digest 2026-W48: claimed; sent 3, skipped 0, failed 0" in first
    assert "digest 2026-W48: already done" in second
    assert "nothing to do" in second
    stored = JobRun.objects.get(job="digest")
    assert (stored.period, stored.state, stored.attempts) == ("2026-W48", JobState.DONE, 1)


def test_the_digest_job_with_failures_exits_with_an_error_and_the_next_run_sends_only_those(
    recipients: list[Any], alice: Any
) -> None:
    real_send = EmailMultiAlternatives.send

    def fail_for_alice(message: EmailMultiAlternatives, *args: Any, **kwargs: Any) -> int:
        if alice.email in message.to:
            raise smtplib.SMTPException("mailbox unavailable")
        return real_send(message, *args, **kwargs)

    with (
        mock.patch.object(EmailMultiAlternatives, "send", autospec=True, side_effect=fail_for_alice),
        pytest.raises(CommandError, match="1 digests failed"),
    ):
        run_job("digest", "--at", "2026-11-23T06:00")

    failed = JobRun.objects.get(job="digest")
    assert (failed.state, failed.counts) == (JobState.FAILED, {"sent": 2, "skipped": 0, "failed": 1})

    out = run_job("digest", "--at", "2026-11-23T07:00")

    assert "took over; sent 1, skipped 2, failed 0" in out
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in recipients)
    assert DigestDelivery.objects.filter(week="2026-W48").count() == 3
    done = JobRun.objects.get(job="digest")
    assert (done.state, done.attempts) == (JobState.DONE, 2)


def test_the_next_week_is_a_new_digest(recipients: list[Any]) -> None:
    run_job("digest", "--at", "2026-11-23T06:00")

    out = run_job("digest", "--at", "2026-11-30T06:00")

    assert "digest 2026-W49: claimed; sent 3" in out
    assert len(mail.outbox) == 6


def test_force_sends_no_digest_twice_because_each_is_recorded_per_user(recipients: list[Any]) -> None:
    run_job("digest", "--at", "2026-11-23T06:00")

    out = run_job("digest", "--at", "2026-11-23T08:00", "--force")

    assert "took over; sent 0, skipped 3" in out
    assert len(mail.outbox) == 3


# --- reminders, retention and the audit purge -----------------------------------------------------


def test_the_reminders_job_runs_once_an_hour(
    alice: Any, homelessness: Any, make_course: Any, settings: Any, tmp_path: Any
) -> None:
    settings.SMS_BACKEND = "overgang.journal.sms.ConsoleBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.txt")
    course = make_course(alice, homelessness, contact=dt.date(2026, 10, 1), phase_1=dt.date(2026, 11, 1))
    course.citizen.phone = "+45 00 00 00 01"
    course.citizen.save(update_fields=["phone"])
    entry = journal_services.contact_entry_create(
        course=course,
        actor=alice,
        now=dt.datetime(2026, 11, 22, 8, 0, tzinfo=CPH),
        occurred_at=dt.datetime(2026, 11, 23, 10, 0, tzinfo=CPH),
        status="planned",
        kind="home_visit",
        reminder_wanted=True,
    )

    first = run_job("reminders", "--at", "2026-11-22T09:05")
    same_hour = run_job("reminders", "--at", "2026-11-22T09:40")
    next_hour = run_job("reminders", "--at", "2026-11-22T10:05")

    assert "reminders 2026-11-22T09: claimed; sent 1, failed 0" in first
    assert "already done" in same_hour
    assert "reminders 2026-11-22T10: claimed; sent 0, failed 0" in next_hour
    assert (tmp_path / "sms.txt").read_text().count("+45 00 00 00 01") == 1
    assert ContactEntry.objects.get(pk=entry.pk).reminder_status == ReminderStatus.SENT


def test_the_retention_job_runs_once_a_day_in_the_configured_mode(settings: Any) -> None:
    settings.RETENTION_MODE = "preserve"

    first = run_job("retention", "--at", "2026-11-23T03:00")
    again = run_job("retention", "--at", "2026-11-23T23:00")

    assert "retention 2026-11-23: claimed; mode preserve, changed 0, kept 0" in first
    assert "already done" in again


def test_the_audit_purge_job_runs_once_a_day(settings: Any) -> None:
    settings.AUDIT_LOG_RETENTION_DAYS = 400
    old = audit_record(actor=None, action="old.row")
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=401))

    first = run_job("audit-purge")
    again = run_job("audit-purge")

    assert "claimed; deleted 1" in first
    assert "already done" in again
    assert AuditEntry.objects.filter(action="audit.purged").count() == 1


def test_a_job_that_is_refused_is_recorded_as_failed(settings: Any) -> None:
    settings.AUDIT_LOG_RETENTION_DAYS = 30

    with pytest.raises(CommandError, match="RetentionError"):
        run_job("audit-purge")

    stored = JobRun.objects.get(job="audit-purge")
    assert stored.state == JobState.FAILED
    assert "at least 180 days" in stored.error


def test_an_unknown_job_and_a_malformed_moment_are_refused() -> None:
    with pytest.raises(CommandError):
        run_job("alerts")
    with pytest.raises(CommandError, match="--at must be"):
        run_job("digest", "--at", "23-11-2026")
    assert not JobRun.objects.exists()
