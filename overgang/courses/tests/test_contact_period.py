"""The contact-establishment period: it builds trust before the transition and is not a phase."""

import datetime as dt

import pytest

from overgang.courses import services
from overgang.courses.models import Course
from overgang.courses.selectors import course_schedule
from overgang.courses.services import CourseActionError
from overgang.method.clock import Flag, Period


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def fresh(course):
    return Course.objects.get(pk=course.pk)


def test_it_starts_the_contact_period(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    services.course_start_contact_period(course=course, on=d("2026-11-05"), actor=alice, today=today)

    course = fresh(course)
    assert course.contact_start == d("2026-11-05")
    assert course.phase_1_start is None
    assert course.version == 2
    assert course_schedule(course, today=today).period is Period.CONTACT


def test_it_may_start_on_the_referral_date(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    services.course_start_contact_period(course=course, on=d("2026-11-01"), actor=alice, today=today)

    assert fresh(course).contact_start == d("2026-11-01")


def test_it_cannot_start_before_the_referral(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    with pytest.raises(CourseActionError) as error:
        services.course_start_contact_period(course=course, on=d("2026-10-31"), actor=alice, today=today)

    assert error.value.field == "on"
    assert fresh(course).contact_start is None
    assert fresh(course).version == 1


def test_it_starts_only_once(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, contact=d("2026-11-01"))

    with pytest.raises(CourseActionError) as error:
        services.course_start_contact_period(course=course, on=d("2026-11-10"), actor=alice, today=today)

    assert error.value.conflict
    assert fresh(course).contact_start == d("2026-11-01")


def test_it_cannot_begin_once_phase_1_has_started(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-11-01"), phase_1=d("2026-11-05"))

    with pytest.raises(CourseActionError) as error:
        services.course_start_contact_period(course=course, on=d("2026-11-10"), actor=alice, today=today)

    assert error.value.conflict
    assert fresh(course).contact_start is None


def test_a_programme_without_a_contact_period_refuses_it(alice, homelessness, make_course, today):
    homelessness.uses_contact_period = False
    homelessness.save(update_fields=["uses_contact_period"])
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    with pytest.raises(CourseActionError) as error:
        services.course_start_contact_period(course=course, on=d("2026-11-05"), actor=alice, today=today)

    assert error.value.conflict
    assert fresh(course).contact_start is None


@pytest.mark.parametrize("on", ["2025-11-21", "2027-11-23"])
def test_a_date_more_than_a_year_from_today_is_refused(alice, homelessness, make_course, today, on):
    course = make_course(alice, homelessness, referral=d("2025-11-22"))

    with pytest.raises(CourseActionError) as error:
        services.course_start_contact_period(course=course, on=d(on), actor=alice, today=today)

    assert error.value.field == "on"
    assert fresh(course).contact_start is None


def test_it_should_last_no_longer_than_one_phase(alice, homelessness, make_course, today):
    # Nine months: one phase is three months, so phase 1 should start by 2026-11-30.
    course = make_course(alice, homelessness, contact=d("2026-08-31"))

    schedule = course_schedule(fresh(course), today=today)

    assert schedule.contact_limit == d("2026-11-30")
    assert not schedule.contact_too_long
    assert Flag.LONG_CONTACT_PERIOD not in schedule.flags


def test_a_contact_period_past_one_phase_is_flagged(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, contact=d("2026-08-01"))

    schedule = course_schedule(fresh(course), today=today)

    assert schedule.contact_limit == d("2026-11-01")
    assert schedule.contact_too_long
    assert Flag.LONG_CONTACT_PERIOD in schedule.flags


def test_the_job_programmes_six_month_course_has_a_two_month_contact_limit(
    alice, job_programme, make_course, today
):
    course = make_course(alice, job_programme, contact=d("2026-10-15"), legal_basis="sel_82b")

    assert course_schedule(fresh(course), today=today).contact_limit == d("2026-12-15")


def test_the_contact_period_has_no_planned_phase_dates_yet(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, contact=d("2026-11-01"))

    schedule = course_schedule(fresh(course), today=today)

    assert schedule.transitions == ()
    assert schedule.next_transition is None
