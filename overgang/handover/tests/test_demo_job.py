"""The demo's job-model data: the job consultant attached to the job courses, the case workers in
the networks, retention plans, decisions and closing meetings near the end, and one job course near
its end left without a decision so the alert shows."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from overgang.courses.models import Course
from overgang.desk.selectors import phase_plan_rows
from overgang.handover.demo_job import load_demo_data_job
from overgang.handover.models import HandoverMeeting, HandoverPlan
from overgang.method.alerts import AlertCode
from overgang.network.models import NetworkPerson

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def demo_job_courses(make_course, erin, job_programme, jonas):
    # sel_82b: 6 months. Phase 1 2026-06-10 -> planned end 2026-12-10 (18 days);
    # 2026-06-20 -> 2026-12-20 (28 days); 2026-09-01 -> 2027-03-01 (far).
    near = make_course(
        erin, job_programme, phase_1=dt.date(2026, 6, 10), legal_basis="sel_82b", first_name="A"
    )
    nearish = make_course(
        erin, job_programme, phase_1=dt.date(2026, 6, 20), legal_basis="lab_31b", first_name="B"
    )
    far = make_course(erin, job_programme, phase_1=dt.date(2026, 9, 1), legal_basis="sel_82b", first_name="C")
    return near, nearish, far


def no_decision(today):
    rows = phase_plan_rows(Course.objects.all(), today=today)
    return {r.course.pk for r in rows for a in r.alerts if a.code is AlertCode.NO_SUPPORT_DECISION}


def test_it_attaches_the_job_consultant_and_leaves_one_course_without_a_decision(
    demo_job_courses, jonas, municipality, homeless_course, today
):
    near, nearish, far = demo_job_courses
    load_demo_data_job(municipality=municipality, today=today, rng=random.Random(7))

    for course in (near, nearish, far):
        assert list(course.job_consultants.all()) == [jonas]
        roles = set(NetworkPerson.objects.filter(citizen_id=course.citizen_id).values_list("role", flat=True))
        assert {"job_centre_consultant", "case_worker_adults"} <= roles
    assert not homeless_course.job_consultants.exists()
    assert no_decision(today) == {near.pk}
    closing = HandoverMeeting.objects.get(course=nearish, kind="closing")
    assert closing.citizen_attended and closing.worker_attended
    assert list(closing.job_consultants.all()) == [jonas]
    assert HandoverPlan.objects.get(course=nearish).crisis_support
    assert not HandoverPlan.objects.filter(course=near).exists()


def test_without_a_job_consultant_it_still_fills_in_the_rest(
    make_course, erin, job_programme, municipality, today
):
    course = make_course(erin, job_programme, phase_1=dt.date(2026, 6, 10), legal_basis="sel_85")
    load_demo_data_job(municipality=municipality, today=today, rng=random.Random(1))
    assert not course.job_consultants.exists()
    assert NetworkPerson.objects.filter(citizen_id=course.citizen_id).count() == 2
