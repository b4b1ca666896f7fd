"""Fixtures for the safety plan: a shelter programme in the test municipality, where alice and bob
work (bob is the colleague on the same team) and carol coordinates; and a course of alice's there
for a citizen whose address, phone and e-mail are known."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

ADDRESS = "Skjultvej 7, 9999 Demoby"
PHONE = "+45 00 11 22 33"
EMAIL = "skjult@example.invalid"


@pytest.fixture
def shelter(municipality: Any, alice: Any, bob: Any, carol: Any) -> Any:
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    programme = programme_create(
        municipality=municipality,
        template=ProgrammeTemplate.objects.get(code="shelter"),
        name="Krisecenter",
    )
    programme.workers.add(alice, bob)
    programme.coordinators.add(carol)
    return programme


def with_contact_details(course: Any) -> Any:
    from overgang.courses.models import Citizen

    Citizen.objects.filter(pk=course.citizen_id).update(address=ADDRESS, phone=PHONE, email=EMAIL)
    course.citizen.refresh_from_db()
    return course


@pytest.fixture
def shelter_course(make_course: Any, alice: Any, shelter: Any, today: dt.date) -> Any:
    return with_contact_details(make_course(alice, shelter, phase_1=today - dt.timedelta(days=30)))


@pytest.fixture
def confidential(shelter_course: Any) -> Any:
    """Alice's shelter course, its citizen's address marked confidential."""
    from overgang.courses.models import Citizen

    Citizen.objects.filter(pk=shelter_course.citizen_id).update(confidential_address=True)
    shelter_course.citizen.refresh_from_db()
    return shelter_course


@pytest.fixture
def administrator(municipality: Any) -> Any:
    from overgang.accounts.models import User

    return User.objects.create_user(
        username="ada", password="x", municipality=municipality, role="administrator"
    )
