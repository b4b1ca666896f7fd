"""Courses in phase 3 and people in their citizens' networks, built through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from overgang.accounts.tests.conftest import (  # noqa: F401  (the job consultant and job courses)
    homeless_course,
    job_course,
    jonas,
    other_job_course,
)
from overgang.courses import services as course_services
from overgang.network.models import NetworkPerson

# today is 2026-11-22 (root conftest). Phase 1 from 2026-04-01: phase 3 from 2026-10-01, planned end
# 2027-01-01 (40 days away). Phase 1 from 2026-03-10: planned end 2026-12-10 (18 days away).
PHASE_1_FAR_END = dt.date(2026, 4, 1)
PHASE_1_NEAR_END = dt.date(2026, 3, 10)


@pytest.fixture
def phase_3_course(today: dt.date) -> Any:
    """make_phase_3(worker, programme, phase_1=...): a course realised through phases 1–3 on time."""
    from overgang.method.dates import add_months

    def make(make_course: Any, worker: Any, programme: Any, *, phase_1: dt.date, **kwargs: Any) -> Any:
        course = make_course(worker, programme, phase_1=phase_1, **kwargs)
        for phase in (2, 3):
            course = course_services.course_start_phase(
                course=course,
                phase=phase,
                on=add_months(phase_1, 3 * (phase - 1)),
                actor=worker,
                today=today,
            )
        return course

    return make


@pytest.fixture
def course(phase_3_course: Any, make_course: Any, alice: Any, homelessness: Any) -> Any:
    return phase_3_course(make_course, alice, homelessness, phase_1=PHASE_1_FAR_END)


def add_person(
    course: Any, *, name: str, role: str = "case_worker_adults", actor: Any = None
) -> NetworkPerson:
    return NetworkPerson.objects.create(
        citizen=course.citizen,
        municipality_id=course.municipality_id,
        role=role,
        name=name,
        created_by=actor or course.worker,
    )


@pytest.fixture
def case_worker(course: Any) -> NetworkPerson:
    return add_person(course, name="Sara Sagsbehandler")


@pytest.fixture
def sister(course: Any) -> NetworkPerson:
    return add_person(course, name="Søs Borgersen", role="family")


@pytest.fixture
def stranger(make_course: Any, alice: Any, homelessness: Any) -> NetworkPerson:
    """A person in another citizen's network."""
    other = make_course(alice, homelessness, first_name="Anden")
    return add_person(other, name="Fremmed Person")


@pytest.fixture
def client_for(db: Any) -> Any:
    """As the root fixture, but the pages speak English: the assertions read the English source
    strings, whatever the Danish catalogue holds."""
    from django.conf import settings
    from django.test import Client

    from overgang.accounts.testing import log_in_verified

    def make(user: Any) -> Client:
        client = log_in_verified(Client(), user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
