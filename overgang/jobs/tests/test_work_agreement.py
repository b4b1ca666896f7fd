"""The work agreement: dated revisions, never overwritten, and the hours chart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from overgang.audit.models import AuditEntry
from overgang.courses.services import CourseActionError
from overgang.jobs import services
from overgang.jobs.models import HoursUpdate, WorkAgreementRevision
from overgang.jobs.tests.conftest import MATCH

pytestmark = pytest.mark.django_db


def test_the_work_agreement_follows_the_job_match(job_course: Any, revise: Any) -> None:
    with pytest.raises(CourseActionError):
        revise(job_course, valid_from=MATCH, hours="10", expected=0)
    assert not WorkAgreementRevision.objects.exists()


def test_revisions_keep_the_old_ones(job_course: Any, matched: Any, revise: Any) -> None:
    course = matched(job_course)
    first = revise(course, valid_from=MATCH, hours="10", expected=0)
    second = revise(
        course, valid_from=MATCH + dt.timedelta(days=28), hours="18.5", expected=1, kind="ordinary"
    )
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.hours_per_week == Decimal("10.0")
    assert WorkAgreementRevision.objects.filter(course=course).count() == 2
    entry = AuditEntry.objects.filter(action="jobs.work_agreement_revised").latest("pk")
    assert set(entry.after["fields"]) == {"valid_from", "hours_per_week", "hours_kind"}
    assert "Fodring" not in str(entry.after)


@pytest.mark.parametrize(
    ("hours", "kind", "field"),
    [
        ("0", "placement", "hours_per_week"),
        ("61", "placement", "hours_per_week"),
        ("ten", "placement", "hours_per_week"),
        ("10", "holiday", "hours_kind"),
    ],
)
def test_bad_hours_are_refused(
    job_course: Any, matched: Any, revise: Any, hours: str, kind: str, field: str
) -> None:
    course = matched(job_course)
    with pytest.raises(CourseActionError) as error:
        revise(course, valid_from=MATCH, hours=hours, expected=0, kind=kind)
    assert error.value.field == field
    assert not WorkAgreementRevision.objects.exists()


def test_a_revision_must_be_dated_after_the_latest_and_not_before_the_match(
    job_course: Any, matched: Any, revise: Any
) -> None:
    course = matched(job_course)
    with pytest.raises(CourseActionError) as error:
        revise(course, valid_from=MATCH - dt.timedelta(days=1), hours="10", expected=0)
    assert error.value.field == "valid_from"
    revise(course, valid_from=MATCH + dt.timedelta(days=7), hours="10", expected=0)
    with pytest.raises(CourseActionError) as error:
        revise(course, valid_from=MATCH + dt.timedelta(days=7), hours="12", expected=1)
    assert error.value.field == "valid_from"
    assert WorkAgreementRevision.objects.count() == 1


def test_a_stale_revision_is_a_conflict(job_course: Any, matched: Any, revise: Any) -> None:
    course = matched(job_course)
    revise(course, valid_from=MATCH, hours="10", expected=0)
    with pytest.raises(services.StepConflict):
        revise(course, valid_from=MATCH + dt.timedelta(days=14), hours="12", expected=0)
    assert WorkAgreementRevision.objects.count() == 1


def test_the_page_draws_the_hours_over_the_phases(
    client_for: Any, alice: Any, job_course: Any, matched: Any, revise: Any, frozen_today: Any
) -> None:
    course = matched(job_course)
    revise(course, valid_from=MATCH, hours="10", expected=0)
    page = client_for(alice).get(reverse("jobs:work_agreement", args=[course.pk])).content.decode()
    assert page.count('data-testid="hours-dot"') == 1
    assert page.count('data-testid="hours-band"') >= 3
    revise(course, valid_from=MATCH + dt.timedelta(days=30), hours="20", expected=1)
    page = client_for(alice).get(reverse("jobs:work_agreement", args=[course.pk])).content.decode()
    assert page.count('data-testid="hours-dot"') == 2
    assert page.count('data-testid="hours-cell"') == 2 and ">20,0<" in page


def test_the_form_posts_a_revision_and_bad_input_is_400(
    client_for: Any, alice: Any, job_course: Any, matched: Any, frozen_today: Any
) -> None:
    course = matched(job_course)
    client = client_for(alice)
    url = reverse("jobs:work_agreement", args=[course.pk])
    post = {
        "expected_number": 0,
        "valid_from": MATCH.isoformat(),
        "employer": "Dyreklinikken",
        "hours_per_week": "12",
        "hours_kind": "placement",
        "tasks": "Fodring af heste",
    }
    bad = client.post(url, post | {"hours_per_week": "99"})
    assert bad.status_code == 400 and "Fodring af heste" in bad.content.decode()
    assert not WorkAgreementRevision.objects.exists()
    assert client.post(url, post).status_code == 302
    stale = client.post(url, post | {"valid_from": (MATCH + dt.timedelta(days=9)).isoformat()})
    assert stale.status_code == 409
    assert WorkAgreementRevision.objects.count() == 1


def test_the_manager_cannot_post_a_revision(
    client_for: Any, manny: Any, job_course: Any, matched: Any
) -> None:
    course = matched(job_course)
    response = client_for(manny).post(
        reverse("jobs:work_agreement", args=[course.pk]),
        {
            "expected_number": 0,
            "valid_from": MATCH.isoformat(),
            "employer": "X",
            "hours_per_week": "5",
            "hours_kind": "placement",
        },
    )
    assert response.status_code == 403
    assert not WorkAgreementRevision.objects.exists()


def test_hours_worked_are_noted_between_revisions_and_drawn(
    client_for: Any, alice: Any, job_course: Any, matched: Any, revise: Any, frozen_today: Any
) -> None:
    course = matched(job_course)
    revise(course, valid_from=MATCH, hours="10", expected=0)
    client = client_for(alice)
    url = reverse("jobs:hours_update", args=[course.pk])
    response = client.post(url, {"on": (MATCH + dt.timedelta(days=14)).isoformat(), "hours_per_week": "12.5"})
    assert response.status_code == 302
    update = HoursUpdate.objects.get(course=course)
    assert update.hours_per_week == Decimal("12.5")
    assert AuditEntry.objects.filter(action="jobs.hours_updated", citizen_id=course.citizen_id).count() == 1
    page = client.get(reverse("jobs:work_agreement", args=[course.pk])).content.decode()
    assert page.count('data-testid="hours-dot"') == 2
    assert 'data-testid="hours-row-worked"' in page and ">12,5<" in page


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"on": "2026-10-01", "hours_per_week": "5"}, "on"),  # before the job match
        ({"on": "2026-12-01", "hours_per_week": "5"}, "on"),  # in the future
        ({"on": "2026-10-20", "hours_per_week": "-1"}, "hours_per_week"),
        ({"on": "2026-10-20", "hours_per_week": "61"}, "hours_per_week"),
    ],
)
def test_bad_hours_updates_are_400_and_save_nothing(
    client_for: Any,
    alice: Any,
    job_course: Any,
    matched: Any,
    frozen_today: Any,
    post: dict[str, str],
    field: str,
) -> None:
    course = matched(job_course)
    response = client_for(alice).post(
        reverse("jobs:hours_update", args=[course.pk]), post | {"note": "Sygemeldt"}
    )
    assert response.status_code == 400
    assert response.context["hours_form"].errors.get(field)
    assert "Sygemeldt" in response.content.decode()
    assert not HoursUpdate.objects.exists()


def test_zero_hours_are_allowed_once_a_day(job_course: Any, matched: Any, today: dt.date) -> None:
    course = matched(job_course)
    services.hours_update_register(
        course=course, actor=course.worker, on=MATCH, hours_per_week="0", today=today
    )
    with pytest.raises(CourseActionError) as error:
        services.hours_update_register(
            course=course, actor=course.worker, on=MATCH, hours_per_week="3", today=today
        )
    assert error.value.field == "on"
    assert HoursUpdate.objects.count() == 1


def test_hours_updates_need_the_job_match_and_write_access(
    client_for: Any, manny: Any, job_course: Any, today: dt.date
) -> None:
    with pytest.raises(CourseActionError):
        services.hours_update_register(
            course=job_course, actor=job_course.worker, on=today, hours_per_week="3", today=today
        )
    response = client_for(manny).post(
        reverse("jobs:hours_update", args=[job_course.pk]), {"on": today.isoformat(), "hours_per_week": "3"}
    )
    assert response.status_code == 403
    assert not HoursUpdate.objects.exists()
