"""The coordinator's alert: fewer than 30 days to the planned end and no handover meeting registered
(homelessness 4.5.1), on the phase plan and the alert panel; found in one query for all courses."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from overgang.courses.models import Course
from overgang.desk.selectors import alerts_for, phase_plan_rows
from overgang.handover import services
from overgang.handover.selectors import courses_with_handover_meeting
from overgang.handover.tests.conftest import PHASE_1_FAR_END, PHASE_1_NEAR_END
from overgang.method.alerts import AlertCode

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def near_end(phase_3_course, make_course, alice, homelessness):
    """Planned end 2026-12-10: 18 days from today."""
    return phase_3_course(make_course, alice, homelessness, phase_1=PHASE_1_NEAR_END, first_name="Nær")


def codes(rows, course):
    return {alert.code for row in rows if row.course.pk == course.pk for alert in row.alerts}


def meet(course, today):
    return services.meeting_add(
        course=course, actor=course.worker, today=today, held_on=today, other_participants="Sagsbehandler"
    )


def test_a_course_near_its_end_without_a_meeting_raises_the_alert(near_end, course, today):
    rows = phase_plan_rows(Course.objects.all(), today=today)

    assert AlertCode.NO_HANDOVER in codes(rows, near_end)
    assert AlertCode.NO_HANDOVER not in codes(rows, course)  # 40 days left: not yet


def test_a_registered_meeting_silences_it(near_end, today):
    meet(near_end, today)

    rows = phase_plan_rows(Course.objects.all(), today=today)

    assert AlertCode.NO_HANDOVER not in codes(rows, near_end)


def test_a_meeting_on_another_course_does_not_count(near_end, course, today):
    meet(course, today)

    rows = phase_plan_rows(Course.objects.all(), today=today)

    assert AlertCode.NO_HANDOVER in codes(rows, near_end)


def test_the_coordinator_and_the_worker_see_it_on_the_alert_panel(near_end, alice, carol, bob, today):
    for user in (alice, carol):
        items = [item for item in alerts_for(user, today=today) if item.alert.code is AlertCode.NO_HANDOVER]
        assert [item.course.pk for item in items] == [near_end.pk]
    assert not [item for item in alerts_for(bob, today=today) if item.alert.code is AlertCode.NO_HANDOVER]


def test_the_alert_shows_on_the_alert_page_and_panel(near_end, carol, client_for):
    client = client_for(carol)
    for address in ("/desk/alerts/", "/courses/"):  # the alert page and the overview's alert panel
        html = client.get(address).content.decode()
        assert "no handover meeting" in html, address


def test_which_courses_have_a_meeting_is_one_query(near_end, course, today, django_assert_num_queries):
    meet(course, today)
    with django_assert_num_queries(1):
        found = courses_with_handover_meeting([near_end.pk, course.pk])
    assert found == {course.pk}


def test_the_phase_plan_query_count_does_not_grow_with_courses(
    phase_3_course, make_course, alice, homelessness, today
):
    phase_3_course(make_course, alice, homelessness, phase_1=PHASE_1_NEAR_END, first_name="En")
    with CaptureQueriesContext(connection) as one:
        rows = phase_plan_rows(Course.objects.all(), today=today)
    assert len(rows) == 1
    for n in range(5):
        course = phase_3_course(
            make_course,
            alice,
            homelessness,
            phase_1=PHASE_1_NEAR_END if n % 2 else PHASE_1_FAR_END,
            first_name=f"N{n}",
        )
        if n % 3 == 0:
            meet(course, today)
    with CaptureQueriesContext(connection) as many:
        rows = phase_plan_rows(Course.objects.all(), today=today)
    assert len(rows) == 6
    assert len(many.captured_queries) == len(one.captured_queries)
