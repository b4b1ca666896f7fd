"""Pauses stop the CTI clock: planned dates after a pause's start move by its length."""

import datetime as dt

import pytest

from overgang.method.clock import (
    LONG_PAUSE_DAYS,
    CourseDates,
    Flag,
    Pause,
    compute_schedule,
    contact_limit,
    planned_transitions,
    shift_by_pauses,
)


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# A nine-month course starting phase 1 on 2026-02-02 plans phase 2 on 2026-05-02, phase 3 on
# 2026-08-02 and the end on 2026-11-02 when nothing is paused.
PHASE_1 = d("2026-02-02")
UNPAUSED = (d("2026-05-02"), d("2026-08-02"), d("2026-11-02"))


def course(*pauses: Pause, **kwargs) -> CourseDates:
    return CourseDates(duration_months=9, phase_1=PHASE_1, pauses=tuple(pauses), **kwargs)


# A day long after every pause below has closed.
LATER = d("2027-06-01")


def plan(dates: CourseDates, today: dt.date = LATER):
    return planned_transitions(dates, today=today)


# --- the pause itself ---------------------------------------------------------------------------


def test_a_closed_pause_lasts_from_its_start_to_its_resume():
    pause = Pause(d("2026-03-02"), d("2026-03-12"))
    assert pause.length_days(today=d("2030-01-01")) == 10
    assert not pause.is_open


def test_an_open_pause_counts_up_to_today():
    pause = Pause(d("2026-03-02"))
    assert pause.is_open
    assert pause.length_days(today=d("2026-03-02")) == 0
    assert pause.length_days(today=d("2026-03-09")) == 7
    assert pause.length_days(today=d("2026-04-01")) == 30


def test_an_open_pause_that_has_not_begun_yet_counts_no_days():
    assert Pause(d("2026-03-02")).length_days(today=d("2026-02-20")) == 0


def test_a_pause_covers_its_start_day_but_not_its_resume_day():
    pause = Pause(d("2026-03-02"), d("2026-03-12"))
    assert not pause.covers(d("2026-03-01"))
    assert pause.covers(d("2026-03-02"))
    assert pause.covers(d("2026-03-11"))
    assert not pause.covers(d("2026-03-12"))


def test_an_open_pause_covers_every_day_from_its_start():
    pause = Pause(d("2026-03-02"))
    assert not pause.covers(d("2026-03-01"))
    assert pause.covers(d("2026-03-02"))
    assert pause.covers(d("2027-03-02"))


def test_a_pause_of_exactly_fourteen_days_is_not_long():
    assert LONG_PAUSE_DAYS == 14
    assert not Pause(d("2026-03-02"), d("2026-03-16")).is_long(today=d("2026-04-01"))


def test_a_pause_of_fifteen_days_is_long():
    assert Pause(d("2026-03-02"), d("2026-03-17")).is_long(today=d("2026-04-01"))


def test_an_open_pause_becomes_long_on_its_fifteenth_day():
    pause = Pause(d("2026-03-02"))
    assert not pause.is_long(today=d("2026-03-16"))
    assert pause.is_long(today=d("2026-03-17"))


# --- moving the planned dates -------------------------------------------------------------------


def test_it_moves_the_worked_example_by_the_ten_day_pause():
    dates = course(Pause(d("2026-03-02"), d("2026-03-12")))
    assert plan(dates) == (d("2026-05-12"), d("2026-08-12"), d("2026-11-12"))


def test_it_moves_every_later_date_by_the_pause_length():
    for length in (1, 10, 14, 40):
        dates = course(Pause(d("2026-03-02"), d("2026-03-02") + days(length)))
        assert plan(dates) == tuple(day + days(length) for day in UNPAUSED)


def test_a_pause_starting_on_the_phase_1_start_day_moves_the_phase_dates():
    dates = course(Pause(PHASE_1, PHASE_1 + days(5)))
    assert plan(dates) == tuple(day + days(5) for day in UNPAUSED)


def test_a_pause_beginning_the_day_before_a_planned_date_moves_it():
    dates = course(Pause(d("2026-05-01"), d("2026-05-11")))
    assert plan(dates) == (d("2026-05-12"), d("2026-08-12"), d("2026-11-12"))


def test_a_pause_beginning_on_a_planned_date_does_not_move_that_date_but_moves_the_later_ones():
    dates = course(Pause(d("2026-05-02"), d("2026-05-12")))
    assert plan(dates) == (d("2026-05-02"), d("2026-08-12"), d("2026-11-12"))


def test_a_pause_in_phase_2_moves_only_phase_3_and_the_end():
    dates = course(Pause(d("2026-06-01"), d("2026-06-06")))
    assert plan(dates) == (d("2026-05-02"), d("2026-08-07"), d("2026-11-07"))


def test_a_pause_in_phase_3_moves_only_the_end():
    dates = course(Pause(d("2026-09-01"), d("2026-09-04")))
    assert plan(dates) == (d("2026-05-02"), d("2026-08-02"), d("2026-11-05"))


@pytest.mark.parametrize("start", ["2026-11-02", "2026-11-03", "2027-01-10"])
def test_a_pause_beginning_on_or_after_the_planned_end_moves_nothing(start):
    dates = course(Pause(d(start), d(start) + days(20)))
    assert plan(dates) == UNPAUSED


def test_a_pause_of_no_days_moves_nothing():
    dates = course(Pause(d("2026-03-02"), d("2026-03-02")))
    assert plan(dates) == UNPAUSED


def test_an_open_pause_moves_the_dates_by_the_days_it_has_lasted_so_far():
    dates = course(Pause(d("2026-03-02")))
    assert plan(dates, today=d("2026-03-09")) == tuple(day + days(7) for day in UNPAUSED)
    assert plan(dates, today=d("2026-03-20")) == tuple(day + days(18) for day in UNPAUSED)


def test_an_open_pause_moves_the_dates_one_more_day_for_every_day_it_stays_open():
    dates = course(Pause(d("2026-03-02")))
    first = plan(dates, today=d("2026-04-01"))
    second = plan(dates, today=d("2026-04-02"))
    assert [b - a for a, b in zip(first, second, strict=True)] == [days(1)] * 3


def test_an_open_pause_that_begins_after_today_moves_nothing_yet():
    dates = course(Pause(d("2026-03-20")))
    assert plan(dates, today=d("2026-03-10")) == UNPAUSED


def test_two_pauses_in_phase_1_add_up():
    dates = course(
        Pause(d("2026-02-10"), d("2026-02-15")),
        Pause(d("2026-03-02"), d("2026-03-12")),
    )
    assert plan(dates) == tuple(day + days(15) for day in UNPAUSED)


def test_pauses_in_different_phases_each_move_only_the_dates_after_them():
    # 10 days in phase 1 move everything to 05-12, 08-12, 11-12; 5 days in phase 2 then move
    # phase 3 and the end once more.
    dates = course(
        Pause(d("2026-03-02"), d("2026-03-12")),
        Pause(d("2026-06-01"), d("2026-06-06")),
    )
    assert plan(dates) == (d("2026-05-12"), d("2026-08-17"), d("2026-11-17"))


def test_a_later_pause_is_compared_with_the_dates_as_already_moved():
    # The first pause moves phase 2 from 05-02 to 05-12, so a pause starting 05-05 is still in
    # phase 1 and moves phase 2 by its three days as well.
    dates = course(
        Pause(d("2026-03-02"), d("2026-03-12")),
        Pause(d("2026-05-05"), d("2026-05-08")),
    )
    assert plan(dates) == (d("2026-05-15"), d("2026-08-15"), d("2026-11-15"))


def test_the_order_the_pauses_were_registered_in_does_not_matter():
    first = Pause(d("2026-03-02"), d("2026-03-12"))
    second = Pause(d("2026-05-05"), d("2026-05-08"))
    assert plan(course(first, second)) == plan(course(second, first))


def test_shifting_leaves_dates_on_or_before_the_pause_start_alone():
    planned = [d("2026-01-01"), d("2026-01-10"), d("2026-01-11")]
    pause = Pause(d("2026-01-10"), d("2026-01-13"))
    assert shift_by_pauses(planned, (pause,), today=d("2026-02-01")) == [
        d("2026-01-01"),
        d("2026-01-10"),
        d("2026-01-14"),
    ]


def test_shifting_without_pauses_returns_the_dates_unchanged():
    planned = [d("2026-01-01"), d("2026-04-01")]
    assert shift_by_pauses(planned, (), today=d("2026-02-01")) == planned


# --- pauses in the contact period ---------------------------------------------------------------


def test_the_contact_limit_is_one_phase_length_after_the_contact_start():
    nine = CourseDates(duration_months=9, contact_start=d("2026-01-31"))
    six = CourseDates(duration_months=6, contact_start=d("2026-01-31"))
    assert contact_limit(nine, today=d("2026-02-01")) == d("2026-04-30")
    assert contact_limit(six, today=d("2026-02-01")) == d("2026-03-31")


def test_there_is_no_contact_limit_without_a_contact_period():
    dates = CourseDates(duration_months=9, referral=d("2026-01-02"), phase_1=d("2026-01-10"))
    assert contact_limit(dates, today=d("2026-02-01")) is None
    assert compute_schedule(dates, today=d("2026-02-01")).contact_limit is None


def test_a_pause_in_the_contact_period_moves_the_contact_limit_not_the_phase_dates():
    dates = CourseDates(
        duration_months=9,
        contact_start=d("2026-01-05"),
        phase_1=d("2026-04-20"),
        pauses=(Pause(d("2026-02-01"), d("2026-02-11")),),
    )
    today = d("2026-05-01")
    assert contact_limit(dates, today=today) == d("2026-04-15")
    assert planned_transitions(dates, today=today) == (
        d("2026-07-20"),
        d("2026-10-20"),
        d("2027-01-20"),
    )


def test_a_pause_on_the_phase_1_start_day_moves_the_phase_dates_not_the_contact_limit():
    dates = CourseDates(
        duration_months=9,
        contact_start=d("2026-01-05"),
        phase_1=d("2026-04-01"),
        pauses=(Pause(d("2026-04-01"), d("2026-04-11")),),
    )
    today = d("2026-05-01")
    assert contact_limit(dates, today=today) == d("2026-04-05")
    assert planned_transitions(dates, today=today) == (
        d("2026-07-11"),
        d("2026-10-11"),
        d("2027-01-11"),
    )


def test_an_open_pause_in_the_contact_period_moves_the_limit_up_to_today():
    dates = CourseDates(duration_months=9, contact_start=d("2026-01-05"), pauses=(Pause(d("2026-02-01")),))
    assert contact_limit(dates, today=d("2026-02-08")) == d("2026-04-12")
    assert contact_limit(dates, today=d("2026-02-21")) == d("2026-04-25")


def test_a_contact_period_pause_beginning_on_the_limit_does_not_move_it():
    dates = CourseDates(
        duration_months=9,
        contact_start=d("2026-01-05"),
        pauses=(Pause(d("2026-04-05"), d("2026-04-15")),),
    )
    assert contact_limit(dates, today=d("2026-04-20")) == d("2026-04-05")


def test_the_schedule_uses_the_moved_contact_limit():
    dates = CourseDates(
        duration_months=9,
        contact_start=d("2026-01-05"),
        pauses=(Pause(d("2026-02-01"), d("2026-02-11")),),
    )
    schedule = compute_schedule(dates, today=d("2026-04-15"))
    assert schedule.contact_limit == d("2026-04-15")
    assert Flag.LONG_CONTACT_PERIOD not in schedule.flags


# --- pauses in the schedule ---------------------------------------------------------------------


def test_the_schedule_plans_with_the_pauses():
    dates = course(Pause(d("2026-03-02"), d("2026-03-12")))
    schedule = compute_schedule(dates, today=d("2026-04-01"))
    assert [t.planned for t in schedule.transitions] == [
        d("2026-05-12"),
        d("2026-08-12"),
        d("2026-11-12"),
    ]


def test_a_course_is_paused_while_an_open_pause_runs():
    pause = Pause(d("2026-03-02"))
    schedule = compute_schedule(course(pause), today=d("2026-03-05"))
    assert schedule.paused
    assert schedule.open_pause == pause
    assert Flag.PAUSED in schedule.flags


def test_a_course_is_not_paused_on_the_day_it_resumes():
    pause = Pause(d("2026-03-02"), d("2026-03-12"))
    during = compute_schedule(course(pause), today=d("2026-03-11"))
    after = compute_schedule(course(pause), today=d("2026-03-12"))
    assert during.paused and Flag.PAUSED in during.flags
    assert not after.paused and Flag.PAUSED not in after.flags
    assert after.open_pause is None


def test_an_ended_course_is_not_paused_even_with_an_open_pause():
    dates = course(Pause(d("2026-03-02")), end=d("2026-03-20"))
    schedule = compute_schedule(dates, today=d("2026-03-25"))
    assert not schedule.paused
    assert Flag.PAUSED not in schedule.flags


def test_a_pause_of_exactly_fourteen_days_is_not_flagged():
    schedule = compute_schedule(course(Pause(d("2026-03-02"), d("2026-03-16"))), today=d("2026-04-01"))
    assert schedule.long_pauses == ()
    assert Flag.LONG_PAUSE not in schedule.flags


def test_a_pause_longer_than_fourteen_days_is_flagged():
    pause = Pause(d("2026-03-02"), d("2026-03-17"))
    schedule = compute_schedule(course(pause), today=d("2026-04-01"))
    assert schedule.long_pauses == (pause,)
    assert Flag.LONG_PAUSE in schedule.flags


def test_only_the_long_pauses_are_listed_as_long():
    short = Pause(d("2026-02-10"), d("2026-02-12"))
    long = Pause(d("2026-06-01"), d("2026-07-01"))
    schedule = compute_schedule(course(short, long), today=d("2026-08-01"))
    assert schedule.long_pauses == (long,)


def test_an_open_pause_is_flagged_long_from_its_fifteenth_day():
    dates = course(Pause(d("2026-03-02")))
    assert Flag.LONG_PAUSE not in compute_schedule(dates, today=d("2026-03-16")).flags
    assert Flag.LONG_PAUSE in compute_schedule(dates, today=d("2026-03-17")).flags


def test_a_long_pause_in_the_contact_period_is_flagged_too():
    dates = CourseDates(
        duration_months=9,
        contact_start=d("2026-01-05"),
        pauses=(Pause(d("2026-02-01"), d("2026-03-01")),),
    )
    assert Flag.LONG_PAUSE in compute_schedule(dates, today=d("2026-03-05")).flags


def test_a_pause_after_a_realised_transition_does_not_move_that_transitions_planned_date():
    # Phase 2 planned 2026-05-02, realised 2026-04-27; a pause 04-28 → 05-08 comes after it.
    dates = CourseDates(
        duration_months=9,
        phase_1=dt.date(2026, 2, 2),
        phase_2=dt.date(2026, 4, 27),
        pauses=(Pause(dt.date(2026, 4, 28), dt.date(2026, 5, 8)),),
    )
    schedule = compute_schedule(dates, today=dt.date(2026, 6, 1))
    phase_2, phase_3, end = schedule.transitions
    assert phase_2.planned == dt.date(2026, 5, 2)
    assert phase_2.timeliness is not None and phase_2.timeliness.is_timely
    assert phase_3.planned == dt.date(2026, 8, 12)
    assert end.planned == dt.date(2026, 11, 12)
