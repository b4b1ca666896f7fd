"""The contact journal's pages: who may see and write, and that bad input saves nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from overgang.accounts.testing import log_in_verified
from overgang.audit.models import AuditEntry
from overgang.journal.models import ContactEntry, ContactFrame

NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def course(alice, homelessness, make_course):
    return make_course(alice, homelessness, contact=dt.date(2026, 10, 1), phase_1=dt.date(2026, 11, 1))


def entry_data(**overrides):
    data = {
        "occurred_at": "2026-11-20T10:00",
        "status": "happened",
        "kind": "home_visit",
        "duration_minutes": "60",
        "place": "I hjemmet",
        "citizen_present": "on",
        "third_parties": "",
        "note": "Talte om budget og husleje.",
        "next_agreement": "Vi ses tirsdag kl. 10.",
    }
    return data | overrides


def test_the_worker_registers_a_contact_and_sees_it_in_the_journal(client, alice, course):
    log_in_verified(client, alice)

    response = client.post(f"/courses/{course.pk}/journal/new/", entry_data())

    assert response.status_code == 302
    entry = ContactEntry.objects.get(course=course)
    assert entry.duration_minutes == 60
    assert entry.author == alice
    page = client.get(f"/courses/{course.pk}/journal/")
    assert "Talte om budget og husleje." in page.content.decode()
    assert "Vi ses tirsdag kl. 10." in page.content.decode()


def test_a_contact_that_took_place_without_duration_is_refused_and_nothing_is_saved(client, alice, course):
    log_in_verified(client, alice)

    response = client.post(f"/courses/{course.pk}/journal/new/", entry_data(duration_minutes=""))

    assert response.status_code == 400
    assert not ContactEntry.objects.exists()


def test_a_planned_contact_in_the_past_is_refused(client, alice, course):
    log_in_verified(client, alice)

    response = client.post(f"/courses/{course.pk}/journal/new/", entry_data(status="planned"))

    assert response.status_code == 400
    assert not ContactEntry.objects.exists()


def test_an_outsider_gets_404_for_the_journal_and_its_actions(client, mallory, course):
    log_in_verified(client, mallory)

    assert client.get(f"/courses/{course.pk}/journal/").status_code == 404
    assert client.post(f"/courses/{course.pk}/journal/new/", entry_data()).status_code == 404
    assert (
        client.post(f"/courses/{course.pk}/journal/frame/", {"reminder_channel": "none"}).status_code == 404
    )
    assert not ContactEntry.objects.exists()


def test_a_colleague_cannot_see_another_workers_journal(client, bob, course):
    log_in_verified(client, bob)

    assert client.get(f"/courses/{course.pk}/journal/").status_code == 404


def test_the_manager_reads_but_cannot_write(client, manny, course):
    log_in_verified(client, manny)

    assert client.get(f"/courses/{course.pk}/journal/").status_code == 200
    assert client.post(f"/courses/{course.pk}/journal/new/", entry_data()).status_code == 403
    assert not ContactEntry.objects.exists()


def test_reading_the_journal_is_audited(client, carol, course):
    log_in_verified(client, carol)

    client.get(f"/courses/{course.pk}/journal/")

    entry = AuditEntry.objects.get(action="contact_journal.viewed")
    assert entry.actor == carol
    assert entry.citizen_id == course.citizen_id


def test_editing_from_a_stale_version_is_refused_and_keeps_the_newer_text(client, alice, course):
    log_in_verified(client, alice)
    client.post(f"/courses/{course.pk}/journal/new/", entry_data())
    entry = ContactEntry.objects.get()
    url = f"/courses/{course.pk}/journal/{entry.pk}/edit/"
    first = client.post(url, entry_data(note="Første ændring", version=str(entry.version)))
    assert first.status_code == 302

    stale = client.post(url, entry_data(note="Gammel formular", version=str(entry.version)))

    assert stale.status_code == 400
    entry.refresh_from_db()
    assert entry.note == "Første ændring"
    assert entry.version == 2


def test_the_contact_frame_is_saved_and_shown(client, alice, course):
    log_in_verified(client, alice)

    response = client.post(
        f"/courses/{course.pk}/journal/frame/",
        {
            "frequency": "Hver uge",
            "time": "Tirsdag formiddag",
            "place": "Hjemme",
            "kind": "home_visit",
            "reminder_channel": "none",
        },
    )

    assert response.status_code == 302
    assert ContactFrame.objects.get(course=course).frequency == "Hver uge"
    assert "Tirsdag formiddag" in client.get(f"/courses/{course.pk}/journal/").content.decode()


def test_the_course_page_links_to_the_journal(client, alice, course):
    log_in_verified(client, alice)

    page = client.get(f"/courses/{course.pk}/").content.decode()

    assert f'href="/courses/{course.pk}/journal/"' in page
