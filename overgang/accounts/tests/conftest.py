"""The job consultant (jobkonsulent) and the job courses they are attached to.

- jonas: a job consultant in our municipality, attached to `job_course` (erin's, in the job
  programme) and to nothing else.
- `other_job_course`: another of erin's job courses, which jonas is not attached to.
- `homeless_course`: alice's course in the homelessness programme.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

# today is 2026-11-22: a § 82 b course (6 months) with phase 1 from 2026-06-10 ends 2026-12-10.
JOB_PHASE_1 = dt.date(2026, 6, 10)


@pytest.fixture
def jonas(municipality: Any) -> Any:
    from overgang.accounts.models import User

    user = User(
        username="jonas",
        first_name="Jonas",
        last_name="Jobsen",
        municipality=municipality,
        role="job_consultant",
    )
    user.set_password("correct horse battery staple")
    user.save()
    return user


@pytest.fixture
def job_course(make_course: Any, erin: Any, job_programme: Any, jonas: Any) -> Any:
    course = make_course(erin, job_programme, phase_1=JOB_PHASE_1, legal_basis="sel_82b", first_name="Jobbe")
    course.job_consultants.add(jonas)
    return course


@pytest.fixture
def other_job_course(make_course: Any, erin: Any, job_programme: Any) -> Any:
    return make_course(erin, job_programme, phase_1=JOB_PHASE_1, legal_basis="lab_31b", first_name="Anden")


@pytest.fixture
def homeless_course(make_course: Any, alice: Any, homelessness: Any) -> Any:
    return make_course(alice, homelessness, phase_1=JOB_PHASE_1, first_name="Hjemme")


@pytest.fixture
def client_for(db: Any) -> Any:
    """As the root fixture, but the pages speak English (assertions read the source strings)."""
    from django.conf import settings
    from django.test import Client

    from overgang.accounts.testing import log_in_verified

    def make(user: Any) -> Client:
        client = log_in_verified(Client(), user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
