"""The weekly digest: each worker their slice of the phase plan, each coordinator the whole
programme, once per ISO week, retried after a failure; and the preview of it on the desk."""

import datetime as dt
import io
import smtplib
from unittest import mock
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from overgang.audit.models import AuditEntry
from overgang.desk.digest import XLSX, digest_send_week
from overgang.desk.models import DigestDelivery

SUNDAY = dt.date(2026, 11, 22)  # the last day of ISO week 47
MONDAY_SAME_WEEK = dt.date(2026, 11, 16)
NEXT_MONDAY = dt.date(2026, 11, 23)  # ISO week 48

CITIZENS = ("Anna", "Bente", "Jens")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def give_email(*users) -> None:
    for user in users:
        user.email = f"{user.username}@testkommune.dk"
        user.save(update_fields=["email"])


@pytest.fixture
def our_courses(alice, bob, carol, dave, homelessness, job_programme, make_course):
    """Anna (alice, homelessness), Bente (bob, homelessness), Jens (alice, job). Alice, Bob and
    Carol have e-mail addresses; Dave, the job programme's coordinator, has none."""
    give_email(alice, bob, carol)
    return {
        "Anna": make_course(alice, homelessness, phase_1=d("2026-08-01"), first_name="Anna"),  # overdue
        "Bente": make_course(bob, homelessness, phase_1=d("2026-10-01"), first_name="Bente"),
        "Jens": make_course(alice, job_programme, phase_1=d("2026-10-01"), first_name="Jens"),
    }


def mail_to(user) -> EmailMultiAlternatives:
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    return message


def html_of(message) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def citizens_in(text: str) -> list[str]:
    return [name for name in CITIZENS if f"{name} Borgersen" in text]


def citizens_in_workbook(content: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    cells = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )
    return citizens_in(cells)


# --- what each one gets ---------------------------------------------------------------------------


def test_each_worker_gets_only_her_own_citizens(alice, bob, our_courses):
    run = digest_send_week(today=SUNDAY)

    assert run.sent == 3
    assert citizens_in(mail_to(alice).body) == ["Anna", "Jens"]
    assert citizens_in(html_of(mail_to(alice))) == ["Anna", "Jens"]
    assert citizens_in(mail_to(bob).body) == ["Bente"]
    assert citizens_in(html_of(mail_to(bob))) == ["Bente"]


def test_the_coordinator_gets_the_whole_programme(carol, our_courses):
    digest_send_week(today=SUNDAY)

    assert citizens_in(mail_to(carol).body) == ["Anna", "Bente"]
    assert citizens_in(html_of(mail_to(carol))) == ["Anna", "Bente"]


def test_the_mail_lists_the_open_alerts(alice, our_courses):
    digest_send_week(today=SUNDAY)

    # Anna's phase 2 was planned 2026-11-01 and is overdue; the alert names its date.
    assert "01-11-2026" in html_of(mail_to(alice))


def test_the_mail_has_an_html_alternative_and_the_phase_plan_attached(alice, our_courses):
    digest_send_week(today=SUNDAY)

    message = mail_to(alice)
    assert "47" in message.subject
    assert html_of(message).lstrip().startswith("<!DOCTYPE html>")
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("faseplan-2026-W47.xlsx", XLSX)
    assert content[:2] == b"PK"  # a zip container, as every xlsx file is
    assert citizens_in_workbook(content) == ["Anna", "Jens"]


def test_the_sending_is_audited(alice, bob, carol, our_courses):
    digest_send_week(today=SUNDAY)

    entries = {entry.after["user"]: entry.after for entry in AuditEntry.objects.filter(action="digest.sent")}
    assert set(entries) == {alice.pk, bob.pk, carol.pk}
    assert (entries[alice.pk]["week"], entries[alice.pk]["courses"]) == ("2026-W47", 2)


# --- once a week ----------------------------------------------------------------------------------


def test_a_second_run_in_the_same_iso_week_sends_nothing(our_courses):
    first = digest_send_week(today=MONDAY_SAME_WEEK)
    second = digest_send_week(today=SUNDAY)

    assert (first.sent, first.skipped) == (3, 0)
    assert (second.sent, second.skipped) == (0, 3)
    assert len(mail.outbox) == 3
    assert DigestDelivery.objects.count() == 3


def test_a_new_week_sends_again(alice, our_courses):
    digest_send_week(today=SUNDAY)

    run = digest_send_week(today=NEXT_MONDAY)

    assert run.sent == 3
    assert len(mail.outbox) == 6
    assert sorted(DigestDelivery.objects.filter(user=alice).values_list("week", flat=True)) == [
        "2026-W47",
        "2026-W48",
    ]


def test_users_without_e_mail_or_inactive_are_skipped(alice, bob, carol, dave, manny, our_courses):
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    give_email(manny)  # a manager: figures, not the weekly phase plan

    run = digest_send_week(today=SUNDAY)

    assert run.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, carol.email]
    assert set(DigestDelivery.objects.values_list("user__username", flat=True)) == {"alice", "carol"}


def test_the_outsider_gets_none_of_our_citizens(mallory, our_courses):
    give_email(mallory)

    digest_send_week(today=SUNDAY)

    assert citizens_in(mail_to(mallory).body) == []
    assert citizens_in_workbook(mail_to(mallory).attachments[0][1]) == []


# --- failures are retried -------------------------------------------------------------------------


def test_a_failing_send_leaves_no_delivery_so_the_next_run_retries(our_courses):
    with mock.patch.object(EmailMultiAlternatives, "send", side_effect=smtplib.SMTPException("server down")):
        failed = digest_send_week(today=SUNDAY)

    assert (failed.sent, failed.failed) == (0, 3)
    assert not DigestDelivery.objects.exists()
    assert mail.outbox == []

    retried = digest_send_week(today=SUNDAY)

    assert (retried.sent, retried.failed) == (3, 0)
    assert len(mail.outbox) == 3


def test_one_failure_does_not_stop_the_others(alice, bob, carol, our_courses):
    real_send = EmailMultiAlternatives.send

    def send_failing_for_alice(message, *args, **kwargs):
        if message.to == [alice.email]:
            raise smtplib.SMTPException("mailbox unavailable")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(EmailMultiAlternatives, "send", autospec=True, side_effect=send_failing_for_alice):
        run = digest_send_week(today=SUNDAY)

    assert (run.sent, run.failed) == (2, 1)
    assert set(DigestDelivery.objects.values_list("user__username", flat=True)) == {"bob", "carol"}

    retried = digest_send_week(today=SUNDAY)

    assert (retried.sent, retried.skipped) == (1, 2)
    assert [m.to[0] for m in mail.outbox].count(alice.email) == 1


def test_the_command_fails_when_a_digest_fails(our_courses):
    out = io.StringIO()
    failing = mock.patch.object(
        EmailMultiAlternatives, "send", side_effect=smtplib.SMTPException("server down")
    )
    with failing, pytest.raises(CommandError):
        call_command("send_weekly_digest", "--date", "2026-11-22", stdout=out)

    assert "failed 3" in out.getvalue()
    assert not DigestDelivery.objects.exists()


def test_the_command_sends_the_weeks_digest(our_courses):
    out = io.StringIO()

    call_command("send_weekly_digest", "--date", "2026-11-22", stdout=out)

    assert len(mail.outbox) == 3
    assert set(DigestDelivery.objects.values_list("week", flat=True)) == {"2026-W47"}
    assert "sent 3" in out.getvalue()


def test_the_command_reads_todays_date_from_the_clock(our_courses, frozen_today):
    call_command("send_weekly_digest", stdout=io.StringIO())

    assert set(DigestDelivery.objects.values_list("week", flat=True)) == {"2026-W47"}


def test_just_after_midnight_on_monday_it_is_the_new_week_in_copenhagen(our_courses):
    # 00:30 on Monday 23 November in Copenhagen is still Sunday 23:30 in UTC.
    with time_machine.travel(
        dt.datetime(2026, 11, 23, 0, 30, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False
    ):
        call_command("send_weekly_digest", stdout=io.StringIO())

    assert set(DigestDelivery.objects.values_list("week", flat=True)) == {"2026-W48"}


def test_the_command_refuses_a_malformed_date(our_courses):
    with pytest.raises(CommandError):
        call_command("send_weekly_digest", "--date", "22-11-2026", stdout=io.StringIO())

    assert mail.outbox == []


def test_a_dry_run_sends_nothing(alice, our_courses):
    out = io.StringIO()

    call_command("send_weekly_digest", "--dry-run", "--date", "2026-11-22", stdout=out)

    assert mail.outbox == []
    assert not DigestDelivery.objects.exists()
    assert "would send to alice: 2 courses" in out.getvalue()


def test_a_dry_run_does_not_use_up_the_week(our_courses):
    call_command("send_weekly_digest", "--dry-run", "--date", "2026-11-22", stdout=io.StringIO())

    assert digest_send_week(today=SUNDAY).sent == 3


# --- the preview ----------------------------------------------------------------------------------

PREVIEW = "/desk/digest/"


def preview_names(response) -> list[str]:
    return sorted(
        row.course.citizen.first_name for _, rows in response.context["digest"].sections for row in rows
    )


@pytest.mark.usefixtures("frozen_today")
def test_the_preview_shows_the_same_citizens_as_the_mail(alice, our_courses, client_for):
    digest_send_week(today=SUNDAY)

    response = client_for(alice).get(PREVIEW)

    assert response.status_code == 200
    assertTemplateUsed(response, "desk/digest_preview.html")
    assert citizens_in(response.content.decode()) == citizens_in(html_of(mail_to(alice))) == ["Anna", "Jens"]
    assert preview_names(response) == ["Anna", "Jens"]
    assert response.context["subject"] == mail_to(alice).subject
    assert response.context["already_sent"] is True


@pytest.mark.usefixtures("frozen_today")
def test_the_preview_says_when_the_digest_is_not_sent_yet(alice, our_courses, client_for):
    assert client_for(alice).get(PREVIEW).context["already_sent"] is False


@pytest.mark.usefixtures("frozen_today")
def test_the_coordinator_previews_a_workers_digest(alice, bob, carol, our_courses, client_for):
    response = client_for(carol).get(PREVIEW, {"user": bob.pk})

    assert response.context["digest"].user == bob
    assert preview_names(response) == ["Bente"]
    assertContains(response, "Bente Borgersen")
    assertNotContains(response, "Anna Borgersen")


@pytest.mark.usefixtures("frozen_today")
def test_the_coordinator_sees_her_own_digest_by_default(carol, our_courses, client_for):
    response = client_for(carol).get(PREVIEW)

    assert response.context["digest"].user == carol
    assert preview_names(response) == ["Anna", "Bente"]


@pytest.mark.usefixtures("frozen_today")
def test_the_coordinator_sees_no_citizen_of_another_programme_in_a_preview(
    alice, carol, our_courses, client_for
):
    response = client_for(carol).get(PREVIEW, {"user": alice.pk})

    assert response.context["digest"].user == alice
    assertContains(response, "Anna Borgersen")
    assertNotContains(response, "Jens Borgersen")


@pytest.mark.usefixtures("frozen_today")
@pytest.mark.parametrize("whose", ["carol", "bob", "mallory"])
def test_a_worker_cannot_preview_anyone_elses_digest(
    whose, alice, bob, carol, mallory, our_courses, client_for
):
    other = {"carol": carol, "bob": bob, "mallory": mallory}[whose]

    response = client_for(alice).get(PREVIEW, {"user": other.pk})

    assert response.context["digest"].user == alice
    assert response.context["recipients"] is None
    assert preview_names(response) == ["Anna", "Jens"]


@pytest.mark.usefixtures("frozen_today")
def test_the_coordinator_cannot_preview_the_outsiders_digest(carol, mallory, our_courses, client_for):
    response = client_for(carol).get(PREVIEW, {"user": mallory.pk})

    assert response.context["digest"].user == carol
    assert mallory not in response.context["recipients"]
