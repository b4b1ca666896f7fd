"""The period a course is in on any day, whether it is paused, and the contact-period limit."""

import datetime as dt

import pytest

from overgang.method.clock import (
    CourseDates,
    Flag,
    Pause,
    Period,
    compute_schedule,
    is_paused_on,
    period_on,
)


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


FULL = CourseDates(
    duration_months=9,
    referral=d("2026-01-05"),
    contact_start=d("2026-01-20"),
    phase_1=d("2026-03-02"),
    phase_2=d("2026-06-02"),
    phase_3=d("2026-09-02"),
    end=d("2026-12-02"),
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-12-31", None),
        ("2026-01-04", None),
        ("2026-01-05", Period.REFERRED),
        ("2026-01-19", Period.REFERRED),
        ("2026-01-20", Period.CONTACT),
        ("2026-03-01", Period.CONTACT),
        ("2026-03-02", Period.PHASE_1),
        ("2026-06-01", Period.PHASE_1),
        ("2026-06-02", Period.PHASE_2),
        ("2026-09-01", Period.PHASE_2),
        ("2026-09-02", Period.PHASE_3),
        ("2026-12-01", Period.PHASE_3),
        ("2026-12-02", Period.ENDED),
        ("2030-01-01", Period.ENDED),
    ],
)
def test_it_names_the_period_from_the_realised_dates(day, expected):
    assert period_on(FULL, d(day)) is expected


def test_a_period_begins_on_its_start_day():
    for period in (Period.REFERRED, Period.CONTACT, Period.PHASE_1, Period.PHASE_2):
        start = FULL.start_of(period)
        assert start is not None
        assert period_on(FULL, start) is period
        assert period_on(FULL, start - days(1)) is not period


def test_a_course_without_any_date_has_no_period():
    assert period_on(CourseDates(duration_months=9), d("2026-01-01")) is None


def test_a_course_that_skips_the_contact_period_goes_from_referred_to_phase_1():
    dates = CourseDates(duration_months=9, referral=d("2026-01-05"), phase_1=d("2026-02-01"))
    assert period_on(dates, d("2026-01-31")) is Period.REFERRED
    assert period_on(dates, d("2026-02-01")) is Period.PHASE_1


def test_a_course_without_a_referral_date_has_no_period_before_its_contact_start():
    dates = CourseDates(duration_months=9, contact_start=d("2026-01-20"))
    assert period_on(dates, d("2026-01-19")) is None
    assert period_on(dates, d("2026-01-20")) is Period.CONTACT


def test_a_course_ended_in_phase_1_is_ended_from_its_end_date():
    dates = CourseDates(duration_months=9, phase_1=d("2026-03-02"), end=d("2026-04-15"))
    assert period_on(dates, d("2026-04-14")) is Period.PHASE_1
    assert period_on(dates, d("2026-04-15")) is Period.ENDED


def test_a_course_stays_in_phase_1_past_the_planned_date_until_phase_2_is_registered():
    dates = CourseDates(duration_months=9, phase_1=d("2026-03-02"))
    # Planned phase 2 is 2026-06-02; periods follow realised dates only.
    assert period_on(dates, d("2026-08-01")) is Period.PHASE_1


def test_a_pause_does_not_change_the_period():
    dates = CourseDates(
        duration_months=9,
        phase_1=d("2026-03-02"),
        pauses=(Pause(d("2026-03-10")),),
    )
    assert period_on(dates, d("2026-04-01")) is Period.PHASE_1
    assert is_paused_on(dates, d("2026-04-01"))


def test_it_knows_on_which_days_the_course_is_paused():
    dates = CourseDates(
        duration_months=9,
        phase_1=d("2026-03-02"),
        pauses=(Pause(d("2026-03-10"), d("2026-03-20")), Pause(d("2026-05-01"))),
    )
    assert not is_paused_on(dates, d("2026-03-09"))
    assert is_paused_on(dates, d("2026-03-10"))
    assert is_paused_on(dates, d("2026-03-19"))
    assert not is_paused_on(dates, d("2026-03-20"))
    assert not is_paused_on(dates, d("2026-04-30"))
    assert is_paused_on(dates, d("2026-05-01"))
    assert is_paused_on(dates, d("2027-05-01"))


def test_a_course_without_pauses_is_never_paused():
    assert not any(is_paused_on(FULL, FULL.referral + days(n)) for n in range(0, 400, 7))


def test_start_of_gives_the_realised_start_of_each_period():
    assert [FULL.start_of(p) for p in Period] == [
        FULL.referral,
        FULL.contact_start,
        FULL.phase_1,
        FULL.phase_2,
        FULL.phase_3,
        FULL.end,
    ]


# --- the contact period should not exceed one phase length --------------------------------------

# Contact from 2026-01-20; one phase of a nine-month course later is 2026-04-20.
CONTACT = CourseDates(duration_months=9, referral=d("2026-01-05"), contact_start=d("2026-01-20"))
LIMIT = d("2026-04-20")


def test_the_schedule_gives_the_contact_limit_one_phase_after_the_contact_start():
    assert compute_schedule(CONTACT, today=d("2026-02-01")).contact_limit == LIMIT


def test_a_six_month_course_has_a_two_month_contact_limit():
    dates = CourseDates(duration_months=6, contact_start=d("2026-01-20"))
    assert compute_schedule(dates, today=d("2026-02-01")).contact_limit == d("2026-03-20")


def test_the_contact_period_is_not_too_long_on_the_limit_day():
    schedule = compute_schedule(CONTACT, today=LIMIT)
    assert schedule.period is Period.CONTACT
    assert not schedule.contact_too_long
    assert Flag.LONG_CONTACT_PERIOD not in schedule.flags


def test_the_contact_period_is_too_long_the_day_after_the_limit():
    schedule = compute_schedule(CONTACT, today=LIMIT + days(1))
    assert schedule.contact_too_long
    assert Flag.LONG_CONTACT_PERIOD in schedule.flags


def test_phase_1_starting_on_the_limit_day_is_not_a_too_long_contact_period():
    dates = CourseDates(duration_months=9, contact_start=d("2026-01-20"), phase_1=LIMIT)
    schedule = compute_schedule(dates, today=LIMIT + days(30))
    assert not schedule.contact_too_long
    assert Flag.LONG_CONTACT_PERIOD not in schedule.flags


def test_phase_1_starting_after_the_limit_records_a_too_long_contact_period():
    dates = CourseDates(duration_months=9, contact_start=d("2026-01-20"), phase_1=LIMIT + days(1))
    schedule = compute_schedule(dates, today=LIMIT + days(30))
    assert schedule.contact_too_long
    assert Flag.LONG_CONTACT_PERIOD in schedule.flags


def test_a_contact_period_ended_before_the_limit_is_not_too_long():
    dates = CourseDates(duration_months=9, contact_start=d("2026-01-20"), end=d("2026-03-01"))
    assert not compute_schedule(dates, today=d("2026-06-01")).contact_too_long


def test_a_referred_course_has_no_contact_limit_to_exceed():
    dates = CourseDates(duration_months=9, referral=d("2026-01-05"))
    schedule = compute_schedule(dates, today=d("2026-12-01"))
    assert schedule.period is Period.REFERRED
    assert schedule.contact_limit is None
    assert not schedule.contact_too_long


def test_a_pause_in_the_contact_period_postpones_the_too_long_flag():
    dates = CourseDates(
        duration_months=9,
        contact_start=d("2026-01-20"),
        pauses=(Pause(d("2026-02-01"), d("2026-02-06")),),
    )
    assert not compute_schedule(dates, today=LIMIT + days(5)).contact_too_long
    assert compute_schedule(dates, today=LIMIT + days(6)).contact_too_long
