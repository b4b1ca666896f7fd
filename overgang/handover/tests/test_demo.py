"""The demo's handover data: plans and meetings for phase-3 courses, one near its end left without a
meeting so the coordinator's alert shows; only the demo municipality is touched."""

from __future__ import annotations

import datetime as dt
import random
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from overgang.courses.models import Course
from overgang.desk.selectors import phase_plan_rows
from overgang.handover.demo import load_demo_data
from overgang.handover.models import ClosingLetter, HandoverMeeting, HandoverPlan
from overgang.handover.tests.conftest import PHASE_1_FAR_END, PHASE_1_NEAR_END
from overgang.method.alerts import AlertCode

pytestmark = pytest.mark.usefixtures("frozen_today")


def no_handover(today):
    rows = phase_plan_rows(Course.objects.all(), today=today)
    return {row.course.pk for row in rows for alert in row.alerts if alert.code is AlertCode.NO_HANDOVER}


@pytest.fixture
def demo_courses(phase_3_course, make_course, alice, homelessness, municipality):
    """Two courses near their end and one further from it, in a municipality with the demo's code."""
    near = [
        phase_3_course(make_course, alice, homelessness, phase_1=PHASE_1_NEAR_END, first_name=name)
        for name in ("Nær", "Næsten")
    ]
    far = phase_3_course(make_course, alice, homelessness, phase_1=PHASE_1_FAR_END, first_name="Fjern")
    early = make_course(alice, homelessness, phase_1=PHASE_1_FAR_END, first_name="Tidlig")
    return near, far, early


def test_phase_3_courses_get_plans_and_one_near_the_end_keeps_its_alert(demo_courses, municipality, today):
    (near_1, near_2), far, early = demo_courses

    load_demo_data(municipality=municipality, today=today, rng=random.Random(1))

    assert set(HandoverPlan.objects.values_list("course_id", flat=True)) == {near_2.pk, far.pk}
    assert not HandoverPlan.objects.filter(course=early).exists()  # phase 1: no handover yet
    with_meeting = set(HandoverMeeting.objects.values_list("course_id", flat=True))
    assert near_2.pk in with_meeting
    assert near_1.pk not in with_meeting
    assert no_handover(today) == {near_1.pk}
    assert ClosingLetter.objects.filter(course=near_2).exists()
    for plan in HandoverPlan.objects.select_related("responsible"):
        assert plan.responsible.citizen_id == plan.course.citizen_id


def test_other_municipalities_are_left_alone(
    phase_3_course, make_course, alice, mallory, homelessness, today
):
    phase_3_course(make_course, alice, homelessness, phase_1=PHASE_1_NEAR_END)

    load_demo_data(municipality=mallory.municipality, today=today, rng=random.Random(1))

    assert not HandoverPlan.objects.exists()
    assert not HandoverMeeting.objects.exists()


@pytest.mark.django_db
def test_it_runs_on_the_whole_demo():
    noon = dt.datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(noon, tick=False):
        call_command("load_demo", stdout=StringIO())
        assert HandoverPlan.objects.exists()
        assert HandoverMeeting.objects.exists()
