"""Pauses: the CTI clock stops (homelessness manual 3.7), and the planned dates move with it."""

import datetime as dt

import pytest

from overgang.courses import services
from overgang.courses.models import Course, Pause
from overgang.courses.selectors import course_schedule
from overgang.courses.services import CourseActionError
from overgang.method.clock import Flag, Period


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def fresh(course):
    return Course.objects.get(pk=course.pk)


def pause(course, start, actor, today, reason="hospital", reason_text=""):
    return services.course_pause(
        course=course, start=d(start), reason=reason, reason_text=reason_text, actor=actor, today=today
    )


def resume(course, on, actor, today):
    return services.course_resume(course=course, on=d(on), actor=actor, today=today)


# --- pausing and resuming ---------------------------------------------------------------------------


def test_it_pauses_the_course(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))

    paused = pause(course, "2026-11-15", alice, today, reason="imprisonment")

    paused.refresh_from_db()
    assert (paused.course_id, paused.start, paused.resume, paused.reason) == (
        course.pk,
        d("2026-11-15"),
        None,
        "imprisonment",
    )
    assert fresh(course).version == 3
    schedule = course_schedule(fresh(course), today=today)
    assert schedule.paused
    assert Flag.PAUSED in schedule.flags
    # Support continues: the course stays in its phase.
    assert schedule.period is Period.PHASE_1


def test_it_resumes_the_course(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))
    pause(course, "2026-11-01", alice, today)

    resumed = resume(course, "2026-11-11", alice, today)

    resumed.refresh_from_db()
    assert resumed.resume == d("2026-11-11")
    assert resumed.length_days == 10
    assert fresh(course).version == 4
    schedule = course_schedule(fresh(course), today=today)
    assert not schedule.paused
    assert Flag.PAUSED not in schedule.flags


def test_a_course_in_its_contact_period_can_be_paused(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, contact=d("2026-11-01"))

    pause(course, "2026-11-01", alice, today)

    assert course.pauses.count() == 1


def test_a_course_only_referred_cannot_be_paused(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    with pytest.raises(CourseActionError) as error:
        pause(course, "2026-11-10", alice, today)

    assert error.value.field == "start"
    assert not Pause.objects.exists()


def test_a_pause_cannot_start_before_the_course_started(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, contact=d("2026-11-01"))

    with pytest.raises(CourseActionError) as error:
        pause(course, "2026-10-31", alice, today)

    assert error.value.field == "start"
    assert not Pause.objects.exists()


def test_a_pause_needs_a_reason_from_the_list(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))

    with pytest.raises(CourseActionError) as error:
        pause(course, "2026-11-01", alice, today, reason="lost_contact")

    assert error.value.field == "reason"
    assert not Pause.objects.exists()


@pytest.mark.parametrize("reason_text", ["", "   "])
def test_the_reason_other_needs_a_description(alice, homelessness, make_course, today, reason_text):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))

    with pytest.raises(CourseActionError) as error:
        pause(course, "2026-11-01", alice, today, reason="other", reason_text=reason_text)

    assert error.value.field == "reason_text"
    assert not Pause.objects.exists()


def test_the_reason_other_with_a_description_is_accepted(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))

    paused = pause(course, "2026-11-01", alice, today, reason="other", reason_text="  Udlandsophold ")

    assert paused.reason_text == "Udlandsophold"


def test_a_paused_course_cannot_be_paused_again(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))
    pause(course, "2026-11-01", alice, today)

    with pytest.raises(CourseActionError) as error:
        pause(course, "2026-11-10", alice, today)

    assert error.value.conflict
    assert course.pauses.count() == 1


# --- overlapping pauses and resume dates ------------------------------------------------------------


@pytest.mark.parametrize("start", ["2026-10-01", "2026-10-05", "2026-10-10"])
def test_a_pause_overlapping_an_earlier_pause_is_refused(alice, homelessness, make_course, today, start):
    course = make_course(alice, homelessness, phase_1=d("2026-09-01"))
    pause(course, "2026-10-01", alice, today)
    resume(course, "2026-10-11", alice, today)

    with pytest.raises(CourseActionError) as error:
        pause(course, start, alice, today)

    assert error.value.field == "start"
    assert course.pauses.count() == 1


def test_a_pause_may_start_on_the_day_the_earlier_one_resumed(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-09-01"))
    pause(course, "2026-10-01", alice, today)
    resume(course, "2026-10-11", alice, today)

    pause(course, "2026-10-11", alice, today)

    assert list(course.pauses.values_list("start", flat=True)) == [d("2026-10-01"), d("2026-10-11")]


@pytest.mark.parametrize("on", ["2026-10-31", "2026-11-01"])
def test_a_course_cannot_resume_before_or_on_the_day_its_pause_started(
    alice, homelessness, make_course, today, on
):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))
    pause(course, "2026-11-01", alice, today)

    with pytest.raises(CourseActionError) as error:
        resume(course, on, alice, today)

    assert error.value.field == "on"
    assert course.pauses.get().resume is None
    assert fresh(course).version == 3


def test_a_course_that_is_not_paused_cannot_resume(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))

    with pytest.raises(CourseActionError) as error:
        resume(course, "2026-11-01", alice, today)

    assert error.value.conflict


# --- no transitions during a pause ------------------------------------------------------------------


def test_a_transition_while_the_course_is_paused_is_refused(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-08-01"))
    pause(course, "2026-11-01", alice, today)

    with pytest.raises(CourseActionError):
        services.course_start_phase(course=course, phase=2, on=d("2026-11-20"), actor=alice, today=today)

    assert fresh(course).phase_2_start is None


def test_a_transition_dated_before_the_open_pause_is_refused_too(alice, homelessness, make_course, today):
    # The clock has stopped: the worker resumes first, then registers the transition.
    course = make_course(alice, homelessness, phase_1=d("2026-08-01"))
    pause(course, "2026-11-01", alice, today)

    with pytest.raises(CourseActionError) as error:
        services.course_start_phase(course=course, phase=2, on=d("2026-10-20"), actor=alice, today=today)

    assert error.value.conflict
    assert fresh(course).phase_2_start is None


@pytest.mark.parametrize("on", ["2026-10-01", "2026-10-05", "2026-10-10"])
def test_a_transition_dated_inside_an_earlier_pause_is_refused(alice, homelessness, make_course, today, on):
    course = make_course(alice, homelessness, phase_1=d("2026-07-01"))
    pause(course, "2026-10-01", alice, today)
    resume(course, "2026-10-11", alice, today)

    with pytest.raises(CourseActionError) as error:
        services.course_start_phase(course=course, phase=2, on=d(on), actor=alice, today=today)

    assert error.value.field == "on"
    assert fresh(course).phase_2_start is None


def test_a_transition_on_the_day_the_course_resumed_is_accepted(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-07-01"))
    pause(course, "2026-10-01", alice, today)
    resume(course, "2026-10-11", alice, today)

    services.course_start_phase(course=course, phase=2, on=d("2026-10-11"), actor=alice, today=today)

    assert fresh(course).phase_2_start == d("2026-10-11")


def test_a_pause_that_would_cover_a_registered_transition_is_refused(alice, homelessness, make_course, today):
    # Phase 2 started 2026-10-01. A pause from 2026-09-25 would mean phase 2 started while the
    # clock stood still, which course_start_phase refuses; registering the pause afterwards must
    # not create that state either.
    course = make_course(alice, homelessness, phase_1=d("2026-07-01"))
    services.course_start_phase(course=course, phase=2, on=d("2026-10-01"), actor=alice, today=today)

    with pytest.raises(CourseActionError):
        pause(course, "2026-09-25", alice, today)

    assert not Pause.objects.exists()


def test_a_pause_may_start_on_the_day_of_the_latest_transition(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-07-01"))
    services.course_start_phase(course=course, phase=2, on=d("2026-10-01"), actor=alice, today=today)

    pause(course, "2026-10-01", alice, today)

    assert Pause.objects.get(course=course).start == d("2026-10-01")


# --- the clock stops ------------------------------------------------------------------------------


def test_a_pause_moves_every_later_planned_date_by_its_length(alice, homelessness, make_course, today):
    # DOMAIN.md's worked example: phase 1 on 2026-02-02, paused 2026-03-02 to 2026-03-12.
    course = make_course(alice, homelessness, phase_1=d("2026-02-02"))
    before = course_schedule(fresh(course), today=today)
    assert before.planned(Period.PHASE_2) == d("2026-05-02")

    pause(course, "2026-03-02", alice, today)
    resume(course, "2026-03-12", alice, today)

    schedule = course_schedule(fresh(course), today=today)
    assert schedule.planned(Period.PHASE_2) == d("2026-05-12")
    assert schedule.planned(Period.PHASE_3) == d("2026-08-12")
    assert schedule.planned(Period.ENDED) == d("2026-11-12")


def test_a_pause_after_phase_2_started_moves_only_the_later_dates(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-04-15"))
    services.course_start_phase(course=course, phase=2, on=d("2026-07-15"), actor=alice, today=today)
    pause(course, "2026-08-01", alice, today)
    resume(course, "2026-08-21", alice, today)

    schedule = course_schedule(fresh(course), today=today)

    assert schedule.planned(Period.PHASE_2) == d("2026-07-15")
    assert schedule.planned(Period.PHASE_3) == d("2026-11-04")
    assert schedule.planned(Period.ENDED) == d("2027-02-04")


def test_two_pauses_add_up(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-02-02"))
    pause(course, "2026-03-02", alice, today)
    resume(course, "2026-03-12", alice, today)
    pause(course, "2026-04-01", alice, today)
    resume(course, "2026-04-06", alice, today)

    schedule = course_schedule(fresh(course), today=today)

    assert schedule.planned(Period.PHASE_2) == d("2026-05-17")
    assert schedule.planned(Period.ENDED) == d("2026-11-17")


def test_an_open_pause_moves_the_planned_dates_by_the_days_so_far(alice, homelessness, make_course, today):
    # Phase 1 on 2026-09-01 plans phase 2 on 2026-12-01; paused since 2026-11-12, 10 days by today.
    course = make_course(alice, homelessness, phase_1=d("2026-09-01"))
    pause(course, "2026-11-12", alice, today)

    schedule = course_schedule(fresh(course), today=today)

    assert schedule.planned(Period.PHASE_2) == d("2026-12-11")
    assert schedule.open_pause is not None


def test_a_pause_in_the_contact_period_extends_its_limit(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, contact=d("2026-09-01"))
    pause(course, "2026-09-10", alice, today)
    resume(course, "2026-09-20", alice, today)

    assert course_schedule(fresh(course), today=today).contact_limit == d("2026-12-11")


def test_a_pause_in_the_contact_period_does_not_move_the_phase_dates(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, contact=d("2026-05-01"))
    pause(course, "2026-05-10", alice, today)
    resume(course, "2026-05-20", alice, today)
    services.course_start_phase(course=course, phase=1, on=d("2026-06-01"), actor=alice, today=today)

    assert course_schedule(fresh(course), today=today).planned(Period.PHASE_2) == d("2026-09-01")


def test_a_pause_longer_than_14_days_is_flagged(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-07-01"))
    pause(course, "2026-08-01", alice, today)
    resume(course, "2026-08-16", alice, today)

    schedule = course_schedule(fresh(course), today=today)

    assert [p.start for p in schedule.long_pauses] == [d("2026-08-01")]
    assert Flag.LONG_PAUSE in schedule.flags


def test_a_pause_of_14_days_is_not_flagged(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-07-01"))
    pause(course, "2026-08-01", alice, today)
    resume(course, "2026-08-15", alice, today)

    schedule = course_schedule(fresh(course), today=today)

    assert schedule.long_pauses == ()
    assert Flag.LONG_PAUSE not in schedule.flags


def test_a_pause_after_an_early_transition_leaves_that_transition_be(alice, homelessness, make_course, today):
    # Phase 1 on 2026-02-12 plans phase 2 for 2026-05-12. Phase 2 came 11 days early, on 2026-05-01;
    # a 10-day pause after that is history for phase 2 but moves phase 3 and the end.
    course = make_course(alice, homelessness, phase_1=d("2026-02-12"))
    services.course_start_phase(course=course, phase=2, on=d("2026-05-01"), actor=alice, today=today)
    pause(course, "2026-05-05", alice, today)
    resume(course, "2026-05-15", alice, today)

    schedule = course_schedule(fresh(course), today=today)

    phase_2 = next(t for t in schedule.transitions if t.to is Period.PHASE_2)
    assert phase_2.planned == d("2026-05-12")
    assert phase_2.timeliness.days == 11
    assert schedule.planned(Period.PHASE_3) == d("2026-08-22")
    assert schedule.planned(Period.ENDED) == d("2026-11-22")
