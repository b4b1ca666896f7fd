"""The demo's safety plans: made through the service for running shelter courses only."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from overgang.courses.models import Citizen
from overgang.safety.demo import load_demo_data
from overgang.safety.models import SafetyPlan

pytestmark = pytest.mark.django_db


def test_the_demo_makes_plans_for_running_shelter_courses_and_marks_a_confidential_address(
    alice: Any, shelter: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    old = make_course(alice, shelter, phase_1=today - dt.timedelta(days=120), last_name="Aaa")
    new = make_course(alice, shelter, phase_1=today - dt.timedelta(days=10), last_name="Bbb")
    not_started = make_course(alice, shelter, last_name="Ccc")
    elsewhere = make_course(alice, homelessness, phase_1=today - dt.timedelta(days=30), last_name="Ddd")

    load_demo_data(municipality=alice.municipality, today=today, rng=random.Random(4))

    planned = set(SafetyPlan.objects.values_list("course_id", flat=True))
    assert planned == {old.pk, new.pk}
    assert not_started.pk not in planned and elsewhere.pk not in planned
    assert Citizen.objects.filter(confidential_address=True).count() == 2
    assert all(plan.reviewed_on and plan.reviewed_on <= today for plan in SafetyPlan.objects.all())

    load_demo_data(
        municipality=alice.municipality, today=today, rng=random.Random(4)
    )  # again: nothing doubled
    assert SafetyPlan.objects.count() == 2


def test_other_municipalities_are_left_alone(
    alice: Any, mallory: Any, shelter: Any, make_course: Any, today: dt.date
) -> None:
    make_course(alice, shelter, phase_1=today - dt.timedelta(days=60))

    load_demo_data(municipality=mallory.municipality, today=today, rng=random.Random(4))

    assert not SafetyPlan.objects.exists()
    assert not Citizen.objects.filter(confidential_address=True).exists()
