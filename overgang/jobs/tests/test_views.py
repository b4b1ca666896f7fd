"""The job pages through the door: who may see and change them, bad input, conflicts, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from overgang.audit.models import AuditEntry
from overgang.courses.models import Course
from overgang.courses.services import course_end
from overgang.jobs.models import JobMatch, JointPlan, StartMeeting
from overgang.jobs.tests.conftest import MATCH, MEETING, PLAN

pytestmark = pytest.mark.django_db

PAGES = ["jobs:steps", "jobs:work_agreement"]
FORMS = ["jobs:start_meeting", "jobs:joint_plan", "jobs:job_match"]


def _meeting_post(version: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "version": version,
        "held_on": MEETING.isoformat(),
        "attendees": "Borgeren, sagsbehandlerne, jobkonsulenten og CTI-medarbejderen",
        "dreams_and_wishes": "At arbejde med dyr",
        "plan_writer": "social_services",
        "cv_agreed": "on",
        "cv_note": "Starter i uge 40",
    } | extra


def _plan_post(version: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "version": version,
        "made_on": PLAN.isoformat(),
        "job_centre_case_worker": "Jens Jobcenter",
        "social_services_case_worker": "Sofie Social",
        "purpose": "Job med ordinære timer",
    } | extra


@pytest.mark.parametrize("name", PAGES + FORMS)
def test_the_worker_opens_every_page(
    client_for: Any, alice: Any, job_course: Any, frozen_today: Any, name: str
) -> None:
    assert client_for(alice).get(reverse(name, args=[job_course.pk])).status_code == 200


@pytest.mark.parametrize("name", PAGES + FORMS)
def test_the_programmes_coordinator_opens_every_page(
    client_for: Any, dave: Any, job_course: Any, frozen_today: Any, name: str
) -> None:
    assert client_for(dave).get(reverse(name, args=[job_course.pk])).status_code == 200


@pytest.mark.parametrize("name", PAGES + FORMS)
@pytest.mark.parametrize("who", ["bob", "carol", "mallory"])
def test_outsiders_get_404(client_for: Any, job_course: Any, name: str, who: str, request: Any) -> None:
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse(name, args=[job_course.pk])).status_code == 404
    assert client_for(user).post(reverse(FORMS[0], args=[job_course.pk]), _meeting_post()).status_code == 404
    assert not StartMeeting.objects.exists()


@pytest.mark.parametrize("name", PAGES + FORMS)
def test_anonymous_is_sent_to_log_in(client: Any, job_course: Any, name: str) -> None:
    response = client.get(reverse(name, args=[job_course.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_manager_reads_but_cannot_change(
    client_for: Any, manny: Any, job_course: Any, frozen_today: Any
) -> None:
    client = client_for(manny)
    assert client.get(reverse("jobs:steps", args=[job_course.pk])).status_code == 200
    page = client.get(reverse("jobs:work_agreement", args=[job_course.pk]))
    assert page.status_code == 200 and b"form-work-agreement" not in page.content
    assert client.get(reverse("jobs:start_meeting", args=[job_course.pk])).status_code == 403
    assert (
        client.post(reverse("jobs:start_meeting", args=[job_course.pk]), _meeting_post()).status_code == 403
    )
    assert not StartMeeting.objects.exists()


@pytest.mark.parametrize("name", PAGES + FORMS)
def test_courses_outside_the_job_programme_get_404(
    client_for: Any, alice: Any, homelessness: Any, make_course: Any, name: str
) -> None:
    course = make_course(alice, homelessness)
    assert client_for(alice).get(reverse(name, args=[course.pk])).status_code == 404


def test_the_steps_page_is_audited(client_for: Any, alice: Any, job_course: Any, frozen_today: Any) -> None:
    client_for(alice).get(reverse("jobs:steps", args=[job_course.pk]))
    assert (
        AuditEntry.objects.filter(action="jobs.steps_viewed", citizen_id=job_course.citizen_id).count() == 1
    )


def test_the_flow_through_the_forms_starts_phase_1(
    client_for: Any, alice: Any, job_course: Any, frozen_today: Any
) -> None:
    client = client_for(alice)
    response = client.post(reverse("jobs:start_meeting", args=[job_course.pk]), _meeting_post())
    assert response.status_code == 302
    meeting = StartMeeting.objects.get(course=job_course)
    assert meeting.cv_agreed and meeting.plan_writer == "social_services"
    assert client.post(reverse("jobs:joint_plan", args=[job_course.pk]), _plan_post()).status_code == 302
    version = Course.objects.get(pk=job_course.pk).version
    response = client.post(
        reverse("jobs:job_match", args=[job_course.pk]),
        {
            "version": version,
            "employer": "Dyreklinikken",
            "position": "Staldhjælper",
            "found_on": MATCH.isoformat(),
        },
    )
    assert response.status_code == 302
    assert Course.objects.get(pk=job_course.pk).phase_1_start == MATCH
    page = client.get(reverse("jobs:steps", args=[job_course.pk])).content.decode()
    assert "Dyreklinikken" in page and 'data-status="done"' in page


def test_bad_input_is_400_keeps_the_input_and_saves_nothing(
    client_for: Any, alice: Any, job_course: Any, frozen_today: Any
) -> None:
    response = client_for(alice).post(
        reverse("jobs:start_meeting", args=[job_course.pk]),
        _meeting_post(held_on=(frozen_today + dt.timedelta(days=3)).isoformat()),
    )
    assert response.status_code == 400
    assert "At arbejde med dyr" in response.content.decode()
    assert not StartMeeting.objects.exists()


def test_an_engine_refusal_is_shown_on_the_form_and_nothing_is_saved(
    client_for: Any, alice: Any, job_course: Any, frozen_today: Any
) -> None:
    client = client_for(alice)
    client.post(reverse("jobs:start_meeting", args=[job_course.pk]), _meeting_post())
    client.post(reverse("jobs:joint_plan", args=[job_course.pk]), _plan_post())
    response = client.post(
        reverse("jobs:job_match", args=[job_course.pk]),
        {
            "version": 1,
            "employer": "Dyreklinikken",
            "position": "Staldhjælper",
            "found_on": MATCH.isoformat(),
        },
    )
    assert response.status_code == 409
    assert "Dyreklinikken" in response.content.decode()
    assert not JobMatch.objects.exists()
    assert Course.objects.get(pk=job_course.pk).phase_1_start is None


def test_a_stale_joint_plan_is_409_and_nothing_changes(
    client_for: Any, alice: Any, job_course: Any, frozen_today: Any
) -> None:
    client = client_for(alice)
    client.post(reverse("jobs:start_meeting", args=[job_course.pk]), _meeting_post())
    client.post(reverse("jobs:joint_plan", args=[job_course.pk]), _plan_post())
    response = client.post(
        reverse("jobs:joint_plan", args=[job_course.pk]), _plan_post(version=0, purpose="Andet")
    )
    assert response.status_code == 409
    assert JointPlan.objects.get(course=job_course).purpose == "Job med ordinære timer"
    assert "Andet" in response.content.decode()


def test_an_ended_course_is_read_only(
    client_for: Any, alice: Any, job_course: Any, frozen_today: Any
) -> None:
    course_end(course=job_course, on=frozen_today, reason="refuses", actor=alice, today=frozen_today)
    client = client_for(alice)
    assert client.get(reverse("jobs:steps", args=[job_course.pk])).status_code == 200
    assert (
        client.post(reverse("jobs:start_meeting", args=[job_course.pk]), _meeting_post()).status_code == 403
    )
    assert not StartMeeting.objects.exists()


def test_the_step_history_shows_each_version(
    client_for: Any, alice: Any, job_course: Any, frozen_today: Any
) -> None:
    client = client_for(alice)
    client.post(reverse("jobs:start_meeting", args=[job_course.pk]), _meeting_post())
    client.post(
        reverse("jobs:start_meeting", args=[job_course.pk]), _meeting_post(version=1, cv_note="Uge 42")
    )
    page = client.get(reverse("jobs:history", args=[job_course.pk, "start_meeting"])).content.decode()
    assert page.count('data-testid="step-revision"') == 2 and "Uge 42" in page
    assert client.get(reverse("jobs:history", args=[job_course.pk, "nonsense"])).status_code == 404


def test_the_course_page_links_job_courses_only(
    client_for: Any, alice: Any, job_course: Any, homelessness: Any, make_course: Any, frozen_today: Any
) -> None:
    client = client_for(alice)
    assert b"job-steps-link" in client.get(reverse("courses:detail", args=[job_course.pk])).content
    other = make_course(alice, homelessness)
    assert b"job-steps-link" not in client.get(reverse("courses:detail", args=[other.pk])).content


def test_a_course_started_on_the_course_page_records_the_match_on_the_phase_1_date(
    client_for: Any, alice: Any, job_programme: Any, make_course: Any, frozen_today: Any
) -> None:
    course = make_course(alice, job_programme, referral=dt.date(2026, 9, 1), phase_1=MATCH)
    client = client_for(alice)
    client.post(reverse("jobs:start_meeting", args=[course.pk]), _meeting_post())
    client.post(reverse("jobs:joint_plan", args=[course.pk]), _plan_post())
    page = client.get(reverse("jobs:job_match", args=[course.pk]))
    assert b'data-testid="already-started"' in page.content
    version = Course.objects.get(pk=course.pk).version
    post = {"version": version, "employer": "Dyreklinikken", "position": "Staldhjælper"}
    wrong = client.post(reverse("jobs:job_match", args=[course.pk]), post | {"found_on": "2026-10-06"})
    assert wrong.status_code == 409 and not JobMatch.objects.exists()
    right = client.post(reverse("jobs:job_match", args=[course.pk]), post | {"found_on": MATCH.isoformat()})
    assert right.status_code == 302
    assert JobMatch.objects.get(course=course).found_on == MATCH
    assert Course.objects.get(pk=course.pk).version == version
