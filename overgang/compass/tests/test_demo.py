"""The demo loader makes plausible rounds for running courses, through the services."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from overgang.accounts.models import Municipality
from overgang.compass.demo import load_demo_data
from overgang.compass.models import CompassRating, CompassRound
from overgang.compass.selectors import course_rounds
from overgang.demo.management.commands.load_demo import DEMO_MUNICIPALITY_CODE

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_rounds_are_made_for_rounds_due_or_passed_only(course, alice, make_course, homelessness, today):
    fresh = make_course(alice, homelessness, contact=today - dt.timedelta(days=3), first_name="Ny")
    referred = make_course(alice, homelessness, first_name="Henvist")
    load_demo_data(municipality=alice.municipality, today=today, rng=random.Random(6))
    slots = set(CompassRound.objects.filter(course=course).values_list("slot", flat=True))
    assert slots <= {"contact", "phase_1"} and "phase_1" in slots
    assert set(CompassRound.objects.filter(course=fresh).values_list("slot", flat=True)) == {"contact"}
    assert not CompassRound.objects.filter(course=referred).exists()
    for rating in CompassRating.objects.all():
        assert 1 <= rating.value <= 10
        assert rating.rated_on <= today
        assert rating.entered_by == alice
    citizen_rated = [view for view in course_rounds(course).values() if view.citizen]
    assert citizen_rated and all(len(view.citizen) == 8 for view in citizen_rated)


def test_ended_courses_get_no_rounds_and_a_second_run_adds_nothing(course, alice, today):
    from overgang.courses import services as course_services

    course_services.course_end(course=course, on=today, reason="moved", actor=alice, today=today)
    load_demo_data(municipality=alice.municipality, today=today, rng=random.Random(1))
    assert not CompassRound.objects.exists()


def test_running_twice_does_not_duplicate(course, today):
    load_demo_data(municipality=course.municipality, today=today, rng=random.Random(2))
    count = CompassRating.objects.count()
    load_demo_data(municipality=course.municipality, today=today, rng=random.Random(3))
    assert CompassRating.objects.count() == count > 0


def test_on_the_real_demo_every_running_course_gets_its_passed_rounds_and_pages_render(client_for):
    from io import StringIO
    from zoneinfo import ZoneInfo

    import time_machine
    from django.core.management import call_command

    from overgang.compass.rounds import RoundStatus
    from overgang.compass.selectors import course_due_rounds
    from overgang.courses.models import Course

    today = dt.date(2026, 11, 22)
    with time_machine.travel(
        dt.datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False
    ):
        call_command("load_demo", stdout=StringIO())
        demo = Municipality.objects.get(code=DEMO_MUNICIPALITY_CODE)
        load_demo_data(municipality=demo, today=today, rng=random.Random(2026))
        running = list(Course.objects.filter(end_date__isnull=True).select_related("programme__template"))
        assert running
        overdue = 0
        for course in running:
            rounds = course_rounds(course)
            for due in course_due_rounds(course, rounds, today=today):
                if due.status is RoundStatus.UPCOMING:
                    assert due.slot not in rounds
                overdue += due.status is RoundStatus.OVERDUE
        assert CompassRound.objects.count() > len(running) // 2
        assert overdue < CompassRound.objects.count()
        course = next(c for c in running if course_rounds(c))
        response = client_for(course.worker).get(f"/courses/{course.pk}/compass/")
        assert response.status_code == 200
        assert 'data-testid="compass-radar"' in response.content.decode()
