"""Transitions: phase 1 at the transition event, then phases 2 and 3 as the calendar says."""

import datetime as dt

import pytest

from overgang.courses import services
from overgang.courses.models import Course
from overgang.courses.selectors import course_schedule
from overgang.courses.services import CourseActionError
from overgang.method.clock import Flag, Period, TimelinessStatus


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def fresh(course):
    return Course.objects.get(pk=course.pk)


def start(course, phase, on, actor, today):
    return services.course_start_phase(course=course, phase=phase, on=d(on), actor=actor, today=today)


def transition(schedule, to):
    return next(t for t in schedule.transitions if t.to is to)


# --- phase 1 ----------------------------------------------------------------------------------------


def test_phase_1_may_start_directly_without_a_contact_period(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    start(course, 1, "2026-11-10", alice, today)

    course = fresh(course)
    assert course.contact_start is None
    assert course.phase_1_start == d("2026-11-10")
    schedule = course_schedule(course, today=today)
    assert schedule.period is Period.PHASE_1
    assert schedule.contact_limit is None
    # Nine months from 2026-11-10: three months a phase.
    assert schedule.planned(Period.PHASE_2) == d("2027-02-10")
    assert schedule.planned(Period.PHASE_3) == d("2027-05-10")
    assert schedule.planned(Period.ENDED) == d("2027-08-10")


def test_phase_1_may_start_on_the_referral_date(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    start(course, 1, "2026-11-01", alice, today)

    assert fresh(course).phase_1_start == d("2026-11-01")


def test_phase_1_after_a_contact_period(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, contact=d("2026-09-01"))

    start(course, 1, "2026-10-20", alice, today)

    course = fresh(course)
    assert (course.contact_start, course.phase_1_start) == (d("2026-09-01"), d("2026-10-20"))
    assert course.version == 3


def test_planned_dates_are_counted_from_the_phase_1_start_and_clipped_to_month_ends(
    alice, homelessness, make_course, today
):
    course = make_course(alice, homelessness, phase_1=d("2026-03-31"))

    schedule = course_schedule(fresh(course), today=today)

    assert schedule.planned(Period.PHASE_2) == d("2026-06-30")
    assert schedule.planned(Period.PHASE_3) == d("2026-09-30")
    assert schedule.planned(Period.ENDED) == d("2026-12-31")


def test_phase_1_cannot_start_before_the_referral(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    with pytest.raises(CourseActionError) as error:
        start(course, 1, "2026-10-31", alice, today)

    assert error.value.field == "on"
    assert fresh(course).phase_1_start is None


def test_phase_1_cannot_start_before_the_contact_period(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-10-01"), contact=d("2026-10-15"))

    with pytest.raises(CourseActionError) as error:
        start(course, 1, "2026-10-14", alice, today)

    assert error.value.field == "on"
    assert fresh(course).phase_1_start is None


# --- phases 2 and 3 ---------------------------------------------------------------------------------


def test_it_registers_phase_2_and_phase_3(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-02-16"))

    start(course, 2, "2026-05-16", alice, today)
    start(course, 3, "2026-08-16", alice, today)

    course = fresh(course)
    assert (course.phase_2_start, course.phase_3_start) == (d("2026-05-16"), d("2026-08-16"))
    assert course.version == 4
    schedule = course_schedule(course, today=today)
    assert schedule.period is Period.PHASE_3
    assert schedule.next_transition.to is Period.ENDED
    assert schedule.next_transition.planned == d("2026-11-16")


def test_a_phase_starts_only_once(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    with pytest.raises(CourseActionError) as error:
        start(course, 1, "2026-06-05", alice, today)

    assert error.value.conflict
    assert fresh(course).phase_1_start == d("2026-06-01")


@pytest.mark.parametrize("phase", [0, 4])
def test_a_course_has_only_phases_1_2_and_3(alice, homelessness, make_course, today, phase):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    with pytest.raises(CourseActionError) as error:
        start(course, phase, "2026-09-01", alice, today)

    assert error.value.field == "phase"


def test_phase_2_cannot_skip_phase_1(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, contact=d("2026-10-01"))

    with pytest.raises(CourseActionError) as error:
        start(course, 2, "2026-11-01", alice, today)

    assert error.value.conflict
    course = fresh(course)
    assert (course.phase_1_start, course.phase_2_start) == (None, None)
    assert course.version == 2


def test_phase_3_cannot_skip_phase_2(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-05-01"))

    with pytest.raises(CourseActionError) as error:
        start(course, 3, "2026-11-01", alice, today)

    assert error.value.conflict
    course = fresh(course)
    assert (course.phase_2_start, course.phase_3_start) == (None, None)


@pytest.mark.parametrize("on", ["2026-05-31", "2026-06-01"])
def test_phase_2_must_start_after_phase_1(alice, homelessness, make_course, today, on):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    with pytest.raises(CourseActionError) as error:
        start(course, 2, on, alice, today)

    assert error.value.field == "on"
    assert fresh(course).phase_2_start is None


@pytest.mark.parametrize("on", ["2026-08-31", "2026-09-01"])
def test_phase_3_must_start_after_phase_2(alice, homelessness, make_course, today, on):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))
    start(course, 2, "2026-09-01", alice, today)

    with pytest.raises(CourseActionError) as error:
        start(course, 3, on, alice, today)

    assert error.value.field == "on"
    assert fresh(course).phase_3_start is None


def test_a_transition_up_to_a_year_ahead_is_accepted(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness)

    start(course, 1, "2027-11-22", alice, today)

    assert fresh(course).phase_1_start == d("2027-11-22")


def test_a_transition_more_than_a_year_ahead_is_refused(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness)

    with pytest.raises(CourseActionError) as error:
        start(course, 1, "2027-11-23", alice, today)

    assert error.value.field == "on"
    assert fresh(course).phase_1_start is None


def test_a_transition_more_than_a_year_back_is_refused(alice, homelessness, make_course):
    # Built a year ago, when these dates were near; phase 2 on 2025-09-10 is in order, but
    # more than a year before today.
    a_year_ago = d("2025-10-01")
    course = services.citizen_register_and_refer(
        actor=alice,
        citizen_data={"first_name": "Gamle", "last_name": "Sag", "cpr": "150585-4320"},
        programme=homelessness,
        legal_basis="sel_85",
        worker=alice,
        referral_date=d("2025-06-01"),
        today=a_year_ago,
    )
    start(course, 1, "2025-06-10", alice, a_year_ago)

    with pytest.raises(CourseActionError) as error:
        start(course, 2, "2025-09-10", alice, d("2026-11-22"))

    assert error.value.field == "on"
    assert fresh(course).phase_2_start is None


def test_a_refused_transition_leaves_the_version_alone(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    with pytest.raises(CourseActionError):
        start(course, 3, "2026-10-01", alice, today)

    assert fresh(course).version == 2


# --- timeliness on the schedule ---------------------------------------------------------------------
# Phase 1 on 2026-02-12 plans phase 2 for 2026-05-12; the tolerance is 7 days.


def test_a_transition_seven_days_after_its_planned_date_is_on_time(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-02-12"))
    start(course, 2, "2026-05-19", alice, today)

    phase_2 = transition(course_schedule(fresh(course), today=today), Period.PHASE_2)

    assert phase_2.planned == d("2026-05-12")
    assert phase_2.realised == d("2026-05-19")
    assert phase_2.timeliness.status is TimelinessStatus.ON_TIME
    assert phase_2.timeliness.days == 7
    assert phase_2.timeliness.is_timely


def test_a_transition_eight_days_after_its_planned_date_is_late(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-02-12"))
    start(course, 2, "2026-05-20", alice, today)

    schedule = course_schedule(fresh(course), today=today)
    phase_2 = transition(schedule, Period.PHASE_2)

    assert phase_2.timeliness.status is TimelinessStatus.LATE
    assert phase_2.timeliness.days == 8
    assert schedule.late_transitions == (phase_2,)
    assert Flag.LATE in schedule.flags


def test_a_transition_eight_days_before_its_planned_date_is_early(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-02-12"))
    start(course, 2, "2026-05-04", alice, today)

    phase_2 = transition(course_schedule(fresh(course), today=today), Period.PHASE_2)

    assert phase_2.timeliness.status is TimelinessStatus.EARLY
    assert phase_2.timeliness.days == 8
    assert not phase_2.timeliness.is_timely


def test_a_late_phase_2_does_not_move_the_planned_phase_3(alice, homelessness, make_course, today):
    # The calendar drives the phases, not the realised dates.
    course = make_course(alice, homelessness, phase_1=d("2026-02-12"))
    start(course, 2, "2026-06-01", alice, today)

    assert course_schedule(fresh(course), today=today).planned(Period.PHASE_3) == d("2026-08-12")


def test_a_transition_not_registered_past_its_tolerance_is_overdue(alice, homelessness, make_course, today):
    # Phase 1 on 2026-08-14 plans phase 2 on 2026-11-14; seven days later is 2026-11-21.
    course = make_course(alice, homelessness, phase_1=d("2026-08-14"))

    schedule = course_schedule(fresh(course), today=today)

    assert transition(schedule, Period.PHASE_2).overdue
    assert Flag.OVERDUE in schedule.flags


def test_a_transition_within_its_tolerance_is_not_yet_overdue(alice, homelessness, make_course, today):
    # Phase 1 on 2026-08-15 plans phase 2 on 2026-11-15; the tolerance runs until 2026-11-22.
    course = make_course(alice, homelessness, phase_1=d("2026-08-15"))

    schedule = course_schedule(fresh(course), today=today)

    assert not transition(schedule, Period.PHASE_2).overdue
    assert Flag.OVERDUE not in schedule.flags
