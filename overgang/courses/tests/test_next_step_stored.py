"""Each course keeps its CTI clock's next step (`next_step_on`, `next_step_paused_from`) stored and
true, whichever way its dates or pauses change: the phase plan orders big programmes from it."""

import datetime as dt

import pytest

from overgang.courses import services
from overgang.courses.models import Course, Pause, PauseReason
from overgang.courses.receivers import store_next_steps
from overgang.method.clock import NextStep, Period, next_step, step_status

pytestmark = pytest.mark.usefixtures("frozen_today")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def stored(course: Course) -> NextStep:
    row = Course.objects.values_list("next_step_on", "next_step_paused_from").get(pk=course.pk)
    return NextStep(*row)


def computed(course: Course) -> NextStep:
    fresh = Course.objects.select_related("programme").prefetch_related("pauses").get(pk=course.pk)
    return next_step(fresh.clock_dates())


def test_every_service_that_moves_the_clock_stores_the_new_step(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-08-03"))
    assert stored(course) == NextStep(None)  # referred: nothing planned yet

    course = services.course_start_contact_period(course=course, on=d("2026-08-10"), actor=alice, today=today)
    assert stored(course) == computed(course) == NextStep(d("2026-11-10"))  # 9 months: 3-month phases

    pause = services.course_pause(
        course=course, start=d("2026-09-01"), reason=PauseReason.HOSPITAL, actor=alice, today=today
    )
    assert stored(course) == computed(course) == NextStep(d("2026-11-10"), paused_from=d("2026-09-01"))

    services.course_resume(course=pause.course, on=d("2026-09-11"), actor=alice, today=today)
    assert stored(course) == computed(course) == NextStep(d("2026-11-20"))  # ten days later

    course = services.course_start_phase(course=course, phase=1, on=d("2026-11-02"), actor=alice, today=today)
    assert stored(course) == computed(course) == NextStep(d("2027-02-02"))  # phase 2 is next

    course = services.course_end(course=course, on=d("2026-11-16"), reason="moved", actor=alice, today=today)
    # Ended early: phase 2 stays the first transition not realised (an end registered ahead of
    # time leaves the course running until then); once the end has come, nothing is due.
    assert stored(course) == computed(course)
    status = step_status(Course.objects.get(pk=course.pk).clock_dates(), stored(course), today=today)
    assert status == (Period.ENDED, None, False)

    restarted = services.course_restart(
        course=course, referral_date=d("2026-11-16"), actor=alice, today=today
    )
    assert stored(restarted) == computed(restarted) == NextStep(None)


def test_a_pause_written_around_the_services_still_moves_the_stored_step(alice, homelessness, make_course):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))
    assert stored(course) == NextStep(d("2027-01-01"))
    pause = Pause.objects.create(course=course, start=d("2026-10-20"), reason=PauseReason.TREATMENT)
    assert stored(course) == computed(course) == NextStep(d("2027-01-01"), paused_from=d("2026-10-20"))
    pause.resume = d("2026-10-30")
    pause.save()
    assert stored(course) == computed(course) == NextStep(d("2027-01-11"))
    pause.delete()
    assert stored(course) == NextStep(d("2027-01-01"))


def test_a_bulk_update_is_repaired_by_store_next_steps(alice, homelessness, make_course):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))
    other = make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Other")
    Course.objects.filter(pk=course.pk).update(duration_months=6)  # goes around save()
    assert stored(course) == NextStep(d("2027-01-01"))  # stale

    assert store_next_steps([course.pk, other.pk]) == 1  # only the stale one changed
    assert stored(course) == computed(course) == NextStep(d("2026-12-01"))  # two-month phases
    assert stored(other) == NextStep(d("2027-01-01"))


def test_the_demo_municipality_has_every_courses_step_stored(db, today):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    courses = Course.objects.select_related("programme").prefetch_related("pauses")
    assert courses.count() > 20
    for course in courses:
        assert stored(course) == next_step(course.clock_dates()), course.pk
    assert courses.filter(next_step_on__isnull=False).count() > 10
    assert courses.filter(next_step_paused_from__isnull=False).exists()  # the demo has a paused course
