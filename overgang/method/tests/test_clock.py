"""The CTI clock: planned dates from the phase 1 start, the schedule, and a pure core."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine

from overgang.method.clock import (
    CourseDates,
    Period,
    Schedule,
    compute_schedule,
    planned_transitions,
)
from overgang.method.dates import add_months


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def test_it_plans_the_worked_example_with_month_ends_clipped():
    dates = CourseDates(duration_months=9, phase_1=d("2026-03-31"))
    assert planned_transitions(dates, today=d("2026-04-01")) == (
        d("2026-06-30"),
        d("2026-09-30"),
        d("2026-12-31"),
    )


def test_it_counts_every_planned_date_from_the_phase_1_start_not_from_the_previous_date():
    # 2025-11-30 + 3 months is clipped to 2026-02-28, but + 6 and + 9 months keep the 30th.
    # Chained counting would give 2026-05-28 and 2026-08-28 instead.
    dates = CourseDates(duration_months=9, phase_1=d("2025-11-30"))
    assert planned_transitions(dates, today=d("2025-12-01")) == (
        d("2026-02-28"),
        d("2026-05-30"),
        d("2026-08-30"),
    )


def test_a_nine_month_course_has_three_month_phases():
    dates = CourseDates(duration_months=9, phase_1=d("2026-01-15"))
    assert dates.phase_months == 3
    assert planned_transitions(dates, today=d("2026-01-15")) == (
        d("2026-04-15"),
        d("2026-07-15"),
        d("2026-10-15"),
    )


def test_a_six_month_course_has_two_month_phases():
    dates = CourseDates(duration_months=6, phase_1=d("2026-01-15"))
    assert dates.phase_months == 2
    assert planned_transitions(dates, today=d("2026-01-15")) == (
        d("2026-03-15"),
        d("2026-05-15"),
        d("2026-07-15"),
    )


def test_a_six_month_course_clips_month_ends_too():
    dates = CourseDates(duration_months=6, phase_1=d("2025-12-31"))
    assert planned_transitions(dates, today=d("2026-01-01")) == (
        d("2026-02-28"),
        d("2026-04-30"),
        d("2026-06-30"),
    )


@pytest.mark.parametrize("months", [0, -3, 1, 4, 7, 8, 10])
def test_it_refuses_a_duration_that_is_not_a_positive_multiple_of_three_months(months):
    with pytest.raises(ValueError):
        CourseDates(duration_months=months)


def test_it_plans_nothing_before_phase_1_has_started():
    dates = CourseDates(duration_months=9, referral=d("2026-01-02"), contact_start=d("2026-01-10"))
    assert planned_transitions(dates, today=d("2026-02-01")) is None
    schedule = compute_schedule(dates, today=d("2026-02-01"))
    assert schedule.transitions == ()
    assert schedule.next_transition is None
    assert schedule.planned(Period.PHASE_2) is None
    assert schedule.overdue is False


def test_without_pauses_the_plan_does_not_depend_on_today():
    dates = CourseDates(duration_months=9, phase_1=d("2026-03-31"))
    plans = {
        planned_transitions(dates, today=today)
        for today in (d("2026-03-31"), d("2026-08-01"), d("2027-06-01"))
    }
    assert len(plans) == 1


def test_the_schedule_lists_the_three_planned_transitions_in_order():
    dates = CourseDates(duration_months=9, phase_1=d("2026-03-31"))
    schedule = compute_schedule(dates, today=d("2026-04-10"))
    assert [t.to for t in schedule.transitions] == [Period.PHASE_2, Period.PHASE_3, Period.ENDED]
    assert schedule.planned(Period.PHASE_2) == d("2026-06-30")
    assert schedule.planned(Period.PHASE_3) == d("2026-09-30")
    assert schedule.planned(Period.ENDED) == d("2026-12-31")
    assert schedule.planned(Period.CONTACT) is None
    assert schedule.phase_months == 3


def test_the_schedule_counts_days_until_each_planned_date_negative_once_passed():
    dates = CourseDates(duration_months=9, phase_1=d("2026-03-31"))
    today = d("2026-07-10")
    schedule = compute_schedule(dates, today=today)
    # 2026-06-30 was ten days ago; 2026-09-30 is 21 + 31 + 30 = 82 days ahead.
    assert [t.days_until for t in schedule.transitions] == [
        -10,
        82,
        (d("2026-12-31") - today).days,
    ]


def test_the_schedule_reports_the_current_period_and_how_long_it_has_lasted():
    dates = CourseDates(
        duration_months=9,
        referral=d("2026-01-01"),
        contact_start=d("2026-01-20"),
        phase_1=d("2026-03-01"),
    )
    schedule = compute_schedule(dates, today=d("2026-03-11"))
    assert schedule.period is Period.PHASE_1
    assert schedule.period_start == d("2026-03-01")
    assert schedule.days_in_period == 10
    assert schedule.today == d("2026-03-11")


def test_the_schedule_has_no_period_before_the_referral():
    dates = CourseDates(duration_months=9, referral=d("2026-01-10"))
    schedule = compute_schedule(dates, today=d("2026-01-09"))
    assert schedule.period is None
    assert schedule.period_start is None
    assert schedule.days_in_period is None
    assert schedule.flags == ()


def test_the_next_transition_is_the_first_one_not_yet_realised():
    dates = CourseDates(duration_months=9, phase_1=d("2026-01-15"), phase_2=d("2026-04-15"))
    schedule = compute_schedule(dates, today=d("2026-05-01"))
    assert schedule.next_transition is not None
    assert schedule.next_transition.to is Period.PHASE_3
    assert schedule.next_transition.planned == d("2026-07-15")


def test_the_next_transition_is_phase_2_at_the_start_of_phase_1():
    dates = CourseDates(duration_months=9, phase_1=d("2026-01-15"))
    schedule = compute_schedule(dates, today=d("2026-01-15"))
    assert schedule.next_transition is not None
    assert schedule.next_transition.to is Period.PHASE_2


def test_there_is_no_next_transition_once_the_course_has_ended():
    # Ended early in phase 1: phases 2 and 3 are never realised but will not come either.
    dates = CourseDates(duration_months=9, phase_1=d("2026-01-15"), end=d("2026-02-20"))
    schedule = compute_schedule(dates, today=d("2026-03-01"))
    assert schedule.period is Period.ENDED
    assert schedule.next_transition is None


def test_a_transition_records_its_realised_date():
    dates = CourseDates(duration_months=9, phase_1=d("2026-01-15"), phase_2=d("2026-04-17"))
    schedule = compute_schedule(dates, today=d("2026-05-01"))
    assert [t.realised for t in schedule.transitions] == [d("2026-04-17"), None, None]


def test_a_clean_running_course_has_no_flags():
    dates = CourseDates(duration_months=9, contact_start=d("2026-01-01"), phase_1=d("2026-02-01"))
    assert compute_schedule(dates, today=d("2026-02-10")).flags == ()


def test_the_clock_reads_no_clock_only_the_today_it_is_given():
    dates = CourseDates(
        duration_months=9,
        contact_start=d("2026-01-01"),
        phase_1=d("2026-02-01"),
    )
    today = d("2026-06-01")
    expected = compute_schedule(dates, today=today)
    for now in (dt.datetime(1999, 1, 1, 12), dt.datetime(2040, 7, 1, 12)):
        with time_machine.travel(now, tick=False):
            assert dt.date.today() == now.date()
            assert compute_schedule(dates, today=today) == expected


def test_the_schedule_is_a_value_equal_for_equal_inputs():
    dates = CourseDates(duration_months=9, phase_1=d("2026-02-01"))
    first = compute_schedule(dates, today=d("2026-06-01"))
    second = compute_schedule(dates, today=d("2026-06-01"))
    assert isinstance(first, Schedule)
    assert first == second


def test_planned_dates_agree_with_adding_phase_lengths_to_the_phase_1_start():
    start = d("2026-08-31")
    dates = CourseDates(duration_months=9, phase_1=start)
    assert planned_transitions(dates, today=start) == tuple(add_months(start, n) for n in (3, 6, 9))


ROOT = Path(__file__).resolve().parents[3]


def test_neither_the_core_nor_these_tests_import_django():
    tests = sorted(p.stem for p in Path(__file__).parent.glob("test_*.py"))
    code = "\n".join(
        [
            "import sys",
            "import overgang.method, overgang.method.clock",
            "import overgang.method.caseload, overgang.method.dates",
            *(f"import overgang.method.tests.{name}" for name in tests),
            "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]",
            "assert not loaded, loaded",
            "print(len(sys.modules))",
        ]
    )
    # A fixed command: this interpreter with code built above from the test file names.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert len(tests) >= 8
