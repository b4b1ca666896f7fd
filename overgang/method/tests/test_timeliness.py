"""Timely transitions: realised within the tolerance of the planned date; overdue and late."""

import datetime as dt

import pytest

from overgang.method.clock import (
    DEFAULT_TOLERANCE_DAYS,
    CourseDates,
    Flag,
    Pause,
    Period,
    TimelinessStatus,
    compute_schedule,
    timeliness,
)


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


PLANNED = d("2026-05-12")


def test_the_default_tolerance_is_seven_days():
    assert DEFAULT_TOLERANCE_DAYS == 7
    assert CourseDates(duration_months=9).tolerance_days == 7


def test_realised_seven_days_after_the_planned_date_is_on_time():
    result = timeliness(planned=PLANNED, realised=d("2026-05-19"), tolerance_days=7)
    assert result.status is TimelinessStatus.ON_TIME
    assert result.days == 7
    assert result.is_timely


def test_realised_eight_days_after_the_planned_date_is_eight_days_late():
    result = timeliness(planned=PLANNED, realised=d("2026-05-20"), tolerance_days=7)
    assert result.status is TimelinessStatus.LATE
    assert result.days == 8
    assert not result.is_timely


def test_realised_seven_days_before_the_planned_date_is_on_time():
    result = timeliness(planned=PLANNED, realised=d("2026-05-05"), tolerance_days=7)
    assert result.status is TimelinessStatus.ON_TIME
    assert result.days == 7


def test_realised_eight_days_before_the_planned_date_is_eight_days_early():
    result = timeliness(planned=PLANNED, realised=d("2026-05-04"), tolerance_days=7)
    assert result.status is TimelinessStatus.EARLY
    assert result.days == 8
    assert not result.is_timely


def test_realised_on_the_planned_date_is_on_time_by_zero_days():
    result = timeliness(planned=PLANNED, realised=PLANNED, tolerance_days=7)
    assert result.status is TimelinessStatus.ON_TIME
    assert result.days == 0


def test_with_no_tolerance_one_day_off_is_not_timely():
    assert timeliness(planned=PLANNED, realised=PLANNED, tolerance_days=0).is_timely
    late = timeliness(planned=PLANNED, realised=PLANNED + days(1), tolerance_days=0)
    early = timeliness(planned=PLANNED, realised=PLANNED - days(1), tolerance_days=0)
    assert (late.status, late.days) == (TimelinessStatus.LATE, 1)
    assert (early.status, early.days) == (TimelinessStatus.EARLY, 1)


@pytest.mark.parametrize("tolerance", [0, 3, 7, 14])
def test_the_tolerance_is_the_last_timely_deviation(tolerance):
    on_edge = timeliness(planned=PLANNED, realised=PLANNED + days(tolerance), tolerance_days=tolerance)
    past_edge = timeliness(planned=PLANNED, realised=PLANNED + days(tolerance + 1), tolerance_days=tolerance)
    assert on_edge.is_timely
    assert not past_edge.is_timely


# --- in the schedule ----------------------------------------------------------------------------

# Phase 1 from 2026-02-02 with the worked example's pause plans phase 2 on 2026-05-12.
PAUSE = Pause(d("2026-03-02"), d("2026-03-12"))


def course(**kwargs) -> CourseDates:
    return CourseDates(duration_months=9, phase_1=d("2026-02-02"), pauses=(PAUSE,), **kwargs)


def test_the_schedule_judges_a_realised_transition_against_the_moved_planned_date():
    on_time = compute_schedule(course(phase_2=d("2026-05-19")), today=d("2026-06-01"))
    late = compute_schedule(course(phase_2=d("2026-05-20")), today=d("2026-06-01"))
    phase_2_on_time = on_time.transitions[0]
    phase_2_late = late.transitions[0]
    assert phase_2_on_time.timeliness is not None and phase_2_on_time.timeliness.is_timely
    assert phase_2_late.timeliness is not None
    assert phase_2_late.timeliness.status is TimelinessStatus.LATE
    assert phase_2_late.timeliness.days == 8


def test_a_late_transition_is_flagged_late():
    schedule = compute_schedule(course(phase_2=d("2026-05-20")), today=d("2026-06-01"))
    assert [t.to for t in schedule.late_transitions] == [Period.PHASE_2]
    assert Flag.LATE in schedule.flags


def test_a_timely_transition_is_not_flagged_late():
    schedule = compute_schedule(course(phase_2=d("2026-05-19")), today=d("2026-06-01"))
    assert schedule.late_transitions == ()
    assert Flag.LATE not in schedule.flags


def test_an_early_transition_is_early_but_not_late():
    schedule = compute_schedule(course(phase_2=d("2026-05-04")), today=d("2026-06-01"))
    phase_2 = schedule.transitions[0]
    assert phase_2.timeliness is not None
    assert phase_2.timeliness.status is TimelinessStatus.EARLY
    assert phase_2.timeliness.days == 8
    assert schedule.late_transitions == ()
    assert Flag.LATE not in schedule.flags


def test_an_unrealised_transition_has_no_timeliness():
    schedule = compute_schedule(course(), today=d("2026-04-01"))
    assert [t.timeliness for t in schedule.transitions] == [None, None, None]


def test_the_course_tolerance_is_used():
    # With a tolerance of 10 days, 8 days late is still on time.
    schedule = compute_schedule(course(phase_2=d("2026-05-20"), tolerance_days=10), today=d("2026-06-01"))
    assert schedule.tolerance_days == 10
    assert schedule.transitions[0].timeliness is not None
    assert schedule.transitions[0].timeliness.is_timely


# --- overdue ------------------------------------------------------------------------------------


def test_a_transition_is_not_overdue_before_its_planned_date():
    schedule = compute_schedule(course(), today=d("2026-05-11"))
    assert not schedule.overdue
    assert Flag.OVERDUE not in schedule.flags


def test_a_transition_is_not_overdue_on_the_last_day_of_the_tolerance():
    schedule = compute_schedule(course(), today=PLANNED + days(7))
    assert not schedule.transitions[0].overdue
    assert not schedule.overdue


def test_a_transition_is_overdue_the_day_after_the_tolerance_runs_out():
    schedule = compute_schedule(course(), today=PLANNED + days(8))
    assert schedule.transitions[0].overdue
    assert not schedule.transitions[1].overdue
    assert schedule.overdue
    assert Flag.OVERDUE in schedule.flags


def test_overdue_follows_the_course_tolerance():
    strict = course(tolerance_days=0)
    assert not compute_schedule(strict, today=PLANNED).overdue
    assert compute_schedule(strict, today=PLANNED + days(1)).overdue


def test_a_pause_postpones_when_a_transition_becomes_overdue():
    # Without the pause phase 2 would be planned for 2026-05-02 and overdue from 2026-05-10.
    unpaused = CourseDates(duration_months=9, phase_1=d("2026-02-02"))
    assert compute_schedule(unpaused, today=d("2026-05-10")).overdue
    assert not compute_schedule(course(), today=d("2026-05-10")).overdue


def test_a_realised_transition_is_never_overdue_even_when_late():
    schedule = compute_schedule(course(phase_2=d("2026-06-30")), today=d("2026-07-01"))
    assert not schedule.transitions[0].overdue
    assert not schedule.overdue
    assert Flag.LATE in schedule.flags


def test_every_unrealised_transition_past_its_tolerance_is_overdue():
    # Planned 2026-05-12, 2026-08-12, 2026-11-12; nothing realised by 2027-01-01.
    schedule = compute_schedule(course(), today=d("2027-01-01"))
    assert [t.overdue for t in schedule.transitions] == [True, True, True]


def test_nothing_is_overdue_after_an_early_end():
    schedule = compute_schedule(course(end=d("2026-04-01")), today=d("2027-01-01"))
    assert [t.overdue for t in schedule.transitions] == [False, False, False]
    assert not schedule.overdue
    assert Flag.OVERDUE not in schedule.flags


def test_the_end_itself_is_judged_for_timeliness_when_the_course_ends_early():
    schedule = compute_schedule(course(end=d("2026-04-01")), today=d("2027-01-01"))
    end = schedule.transitions[2]
    assert end.to is Period.ENDED
    assert end.timeliness is not None
    assert end.timeliness.status is TimelinessStatus.EARLY
    assert end.timeliness.days == (d("2026-11-12") - d("2026-04-01")).days


def test_an_end_date_still_in_the_future_does_not_hide_an_overdue_transition():
    dates = CourseDates(duration_months=9, phase_1=dt.date(2026, 1, 5), end=dt.date(2026, 12, 1))
    schedule = compute_schedule(dates, today=dt.date(2026, 6, 1))
    assert schedule.transitions[0].overdue
