"""A job consultant writes their own contact-journal entries on their courses, and only changes those."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from overgang.audit.models import AuditEntry
from overgang.journal.models import ContactEntry

pytestmark = pytest.mark.django_db


def entry_data(**overrides: Any) -> dict[str, Any]:
    return {
        "occurred_at": "2026-11-20T10:00",
        "status": "happened",
        "kind": "meeting",
        "duration_minutes": "45",
        "place": "Virksomheden",
        "citizen_present": "on",
        "note": "Samtale med arbejdsgiveren om arbejdsaftalen.",
    } | overrides


def test_it_adds_an_entry_to_its_course(
    jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).post(reverse("journal:entry_new", args=[job_course.pk]), entry_data())
    assert response.status_code == 302
    entry = ContactEntry.objects.get(course=job_course)
    assert entry.author == jonas
    assert AuditEntry.objects.filter(actor=jonas, citizen_id=job_course.citizen_id).exists()


def test_it_cannot_add_an_entry_to_another_course(
    jonas: Any, job_course: Any, other_job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).post(reverse("journal:entry_new", args=[other_job_course.pk]), entry_data())
    assert response.status_code == 404
    assert not ContactEntry.objects.filter(course=other_job_course).exists()


def test_it_changes_its_own_entry(jonas: Any, job_course: Any, client_for: Any, frozen_today: Any) -> None:
    client = client_for(jonas)
    client.post(reverse("journal:entry_new", args=[job_course.pk]), entry_data())
    entry = ContactEntry.objects.get(course=job_course)
    url = reverse("journal:entry_edit", args=[job_course.pk, entry.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, entry_data(place="Kantinen", version=entry.version))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.place == "Kantinen"


def test_it_cannot_change_the_cti_workers_entry(
    jonas: Any, job_course: Any, contact_on: Any, client_for: Any, frozen_today: Any
) -> None:
    entry = contact_on(job_course)
    client = client_for(jonas)
    url = reverse("journal:entry_edit", args=[job_course.pk, entry.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, entry_data(place="Kantinen", version=entry.version))
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.place != "Kantinen"
    page = client.get(reverse("journal:journal", args=[job_course.pk])).content.decode()
    assert url not in page
    assert 'data-testid="form-contact-entry"' in page  # but it may add its own


def test_it_cannot_change_the_contact_frame(
    jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).post(
        reverse("journal:frame_save", args=[job_course.pk]), {"reminder_channel": "none"}
    )
    assert response.status_code == 403


def test_it_cannot_write_on_an_ended_course(
    jonas: Any, job_course: Any, client_for: Any, frozen_today: Any, today: Any
) -> None:
    from overgang.courses.services import course_end

    course_end(course=job_course, on=today, reason="moved", reason_text="", actor=job_course.worker)
    response = client_for(jonas).post(reverse("journal:entry_new", args=[job_course.pk]), entry_data())
    assert response.status_code == 403
    assert not ContactEntry.objects.filter(course=job_course).exists()


def test_its_entries_are_not_cti_contacts(
    jonas: Any, job_course: Any, client_for: Any, frozen_today: Any, today: Any
) -> None:
    from overgang.journal.selectors import course_intensity, last_contact_days

    client_for(jonas).post(reverse("journal:entry_new", args=[job_course.pk]), entry_data())
    assert ContactEntry.objects.filter(course=job_course).count() == 1
    assert last_contact_days([job_course.pk]) == {}
    assert sum(p.contacts for p in course_intensity(job_course, today=today).periods) == 0
