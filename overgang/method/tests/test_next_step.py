"""The stored next step (`NextStep`) says what the clock says, on every day, without the pauses.

The phase plan orders thousands of courses from `step_status` over stored values; the page's rows,
the files and the digest compute the whole schedule. Both must agree on every course and day."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from overgang.method.clock import (
    CourseDates,
    NextStep,
    Pause,
    Period,
    compute_schedule,
    next_step,
    step_status,
)
from overgang.method.tests.test_properties import add, durations, gaps

EXAMPLES = settings(max_examples=600, database=None)


@st.composite
def valid_pauses(draw, start: dt.date) -> tuple[Pause, ...]:
    """Pauses as the services allow them: one after the other, only the last one still open."""
    result = []
    day = start
    count = draw(st.integers(min_value=0, max_value=3))
    for index in range(count):
        begin = add(day, draw(st.integers(min_value=0, max_value=150)))
        still_open = index == count - 1 and draw(st.booleans())
        if still_open:
            result.append(Pause(begin, None))
            break
        resume = add(begin, draw(st.integers(min_value=1, max_value=90)))
        result.append(Pause(begin, resume))
        day = resume
    return tuple(result)


@st.composite
def running_courses(draw) -> tuple[CourseDates, dt.date]:
    """A course with its realised dates in order, stopping anywhere, and a day to look at it."""
    referral = dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(min_value=0, max_value=700)))
    names = ["contact_start", "phase_1", "phase_2", "phase_3", "end"]
    if draw(st.booleans()):
        names.remove("contact_start")
    fields: dict[str, dt.date] = {}
    previous = referral
    for name in names[: draw(st.integers(min_value=0, max_value=len(names)))]:
        previous = add(previous, draw(gaps) + (name in ("phase_2", "phase_3")))
        fields[name] = previous
    if "end" not in fields and fields and draw(st.booleans()):
        fields["end"] = add(previous, draw(gaps))  # ended early
    dates = CourseDates(
        duration_months=draw(durations),
        referral=referral,
        pauses=draw(valid_pauses(referral)),
        tolerance_days=draw(st.sampled_from([0, 7, 14])),
        **fields,
    )
    today = add(referral, draw(st.integers(min_value=-30, max_value=1200)))
    return dates, today


@EXAMPLES
@given(course=running_courses())
def test_the_stored_step_gives_the_schedules_period_days_and_overdue_on_any_day(course):
    dates, today = course
    schedule = compute_schedule(dates, today=today)
    expected = (schedule.period, schedule.days_to_next_step, schedule.overdue)
    assert step_status(dates, next_step(dates), today=today) == expected


@EXAMPLES
@given(course=running_courses(), later=st.integers(min_value=1, max_value=400))
def test_the_stored_step_does_not_depend_on_the_day_it_was_stored(course, later):
    dates, today = course
    step = next_step(dates)
    # Stored once, read on a later day: still what the clock says that day.
    schedule = compute_schedule(dates, today=add(today, later))
    assert step_status(dates, step, today=add(today, later))[1] == schedule.days_to_next_step


def test_an_open_pause_moves_the_step_one_day_for_every_day_it_lasts():
    dates = CourseDates(
        duration_months=9,
        referral=dt.date(2026, 1, 5),
        phase_1=dt.date(2026, 1, 5),
        pauses=(Pause(dt.date(2026, 2, 1), dt.date(2026, 2, 11)), Pause(dt.date(2026, 3, 2), None)),
    )
    step = next_step(dates)
    # Phase 2 is planned for 5 April, ten days later for the closed pause; the open one began before.
    assert step == NextStep(dt.date(2026, 4, 15), paused_from=dt.date(2026, 3, 2))
    assert step.days_until(dt.date(2026, 3, 1)) == 45  # before the pause: the plain count
    assert step.days_until(dt.date(2026, 3, 2)) == 44
    assert step.days_until(dt.date(2026, 5, 20)) == 44  # the clock stands still while paused
    assert compute_schedule(dates, today=dt.date(2026, 5, 20)).days_to_next_step == 44


def test_a_course_with_every_transition_realised_or_not_yet_in_phase_1_has_no_step_days():
    referred = CourseDates(duration_months=9, referral=dt.date(2026, 1, 5))
    assert next_step(referred) == NextStep(None)
    assert step_status(referred, NextStep(None), today=dt.date(2026, 2, 1)) == (Period.REFERRED, None, False)
    done = CourseDates(
        duration_months=6,
        referral=dt.date(2026, 1, 5),
        phase_1=dt.date(2026, 1, 5),
        phase_2=dt.date(2026, 3, 5),
        phase_3=dt.date(2026, 5, 5),
        end=dt.date(2026, 7, 5),
    )
    assert next_step(done) == NextStep(None)
    assert step_status(done, next_step(done), today=dt.date(2026, 8, 1)) == (Period.ENDED, None, False)
