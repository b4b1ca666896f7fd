"""Fixtures for the job programme: a job course in its contact period and helpers to take the
steps through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from overgang.jobs import services

REFERRAL = dt.date(2026, 9, 1)
CONTACT = dt.date(2026, 9, 3)
MEETING = dt.date(2026, 9, 8)
PLAN = dt.date(2026, 9, 22)
MATCH = dt.date(2026, 10, 5)


@pytest.fixture
def job_course(alice: Any, job_programme: Any, make_course: Any) -> Any:
    return make_course(alice, job_programme, referral=REFERRAL, contact=CONTACT, legal_basis="sel_85")


@pytest.fixture
def meet(today: dt.date) -> Any:
    def take(course: Any, *, held_on: dt.date = MEETING, **values: Any) -> Any:
        data = {
            "held_on": held_on,
            "attendees": "Borgeren, to sagsbehandlere, jobkonsulent og CTI-medarbejder",
            "dreams_and_wishes": "Vil gerne arbejde med dyr",
            "plan_writer": "job_centre",
            "cv_agreed": True,
        } | values
        return services.start_meeting_save(
            course=course, actor=course.worker, expected_version=0, today=today, **data
        )

    return take


@pytest.fixture
def plan_jointly(today: dt.date) -> Any:
    def take(course: Any, *, made_on: dt.date = PLAN, **values: Any) -> Any:
        data = {
            "made_on": made_on,
            "job_centre_case_worker": "Jens Jobcenter",
            "social_services_case_worker": "Sofie Social",
            "purpose": "Fast job med ordinære timer",
        } | values
        return services.joint_plan_save(
            course=course, actor=course.worker, expected_version=0, today=today, **data
        )

    return take


@pytest.fixture
def matched(meet: Any, plan_jointly: Any, today: dt.date) -> Any:
    """Take the three steps: phase 1 starts on MATCH."""

    def take(course: Any) -> Any:
        meet(course)
        plan_jointly(course)
        services.job_match_register(
            course=course,
            actor=course.worker,
            employer="Dyreklinikken Syd",
            position="Staldmedhjælper",
            found_on=MATCH,
            today=today,
        )
        course.refresh_from_db()
        return course

    return take


@pytest.fixture
def revise(today: dt.date) -> Any:
    def take(course: Any, *, valid_from: dt.date, hours: str, expected: int, kind: str = "placement") -> Any:
        return services.work_agreement_revise(
            course=course,
            actor=course.worker,
            expected_number=expected,
            valid_from=valid_from,
            employer="Dyreklinikken Syd",
            hours_per_week=hours,
            hours_kind=kind,
            tasks="Fodring og rengøring",
            today=today,
        )

    return take
