"""Intensity: hours of contact per period and per week, against the manual's 4 : 2 : 1.

Expectations are worked out by hand. The course used throughout has four-week and thirteen-week
periods so that hours per week come out round:

- contact period 2026-01-05 .. 2026-02-01   28 days = 4 weeks
- phase 1        2026-02-02 .. 2026-05-03   91 days = 13 weeks (Feb 27 + Mar 31 + Apr 30 + May 3)
- phase 2        2026-05-04 .. 2026-08-02   91 days = 13 weeks (May 28 + Jun 30 + Jul 31 + Aug 2)
- phase 3        2026-08-03 .. 2026-11-01   91 days = 13 weeks (Aug 29 + Sep 30 + Oct 31 + Nov 1),
  with today = 2026-11-01 (today itself counts as a day in the period).
"""

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from overgang.method.clock import CourseDates, Period
from overgang.method.intensity import Contact, intensity


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def contacts(*pairs: tuple[str, int]) -> list[Contact]:
    return [Contact(day=d(day), minutes=minutes) for day, minutes in pairs]


REFERRAL = d("2025-12-15")
CONTACT_START = d("2026-01-05")
PHASE_1 = d("2026-02-02")
PHASE_2 = d("2026-05-04")
PHASE_3 = d("2026-08-03")
TODAY_IN_PHASE_3 = d("2026-11-01")

FULL_COURSE = CourseDates(
    duration_months=9,
    referral=REFERRAL,
    contact_start=CONTACT_START,
    phase_1=PHASE_1,
    phase_2=PHASE_2,
    phase_3=PHASE_3,
)

# 4 h/week, 2 h/week and 1 h/week over 13 weeks each: 52 h, 26 h and 13 h.
MANUAL_CONTACTS = contacts(
    ("2026-02-02", 26 * 60),
    ("2026-05-03", 26 * 60),
    ("2026-05-04", 13 * 60),
    ("2026-08-02", 13 * 60),
    ("2026-08-03", 6 * 60),
    ("2026-11-01", 7 * 60),
)


# Hours per period and per week ------------------------------------------------------------------


def test_it_sums_the_minutes_and_counts_the_contacts_in_each_period():
    result = intensity(
        FULL_COURSE,
        contacts(
            ("2026-01-10", 60),
            ("2026-01-20", 60),
            ("2026-02-10", 90),
            ("2026-03-10", 30),
            ("2026-04-10", 120),
            ("2026-06-01", 45),
            ("2026-09-01", 15),
        ),
        today=TODAY_IN_PHASE_3,
    )

    assert [(p.period, p.minutes, p.contacts) for p in result.periods] == [
        (Period.CONTACT, 120, 2),
        (Period.PHASE_1, 240, 3),
        (Period.PHASE_2, 45, 1),
        (Period.PHASE_3, 15, 1),
    ]


def test_it_gives_hours_and_hours_per_week():
    result = intensity(FULL_COURSE, MANUAL_CONTACTS, today=TODAY_IN_PHASE_3)

    assert result.of(Period.PHASE_1).hours == 52
    assert result.of(Period.PHASE_1).hours_per_week == 4
    assert result.of(Period.PHASE_2).hours == 26
    assert result.of(Period.PHASE_2).hours_per_week == 2
    assert result.of(Period.PHASE_3).hours == 13
    assert result.of(Period.PHASE_3).hours_per_week == 1


def test_it_keeps_hours_as_exact_fractions():
    # 50 minutes in the 4 weeks of the contact period: 5/6 h, 5/24 h per week.
    result = intensity(FULL_COURSE, contacts(("2026-01-12", 50)), today=TODAY_IN_PHASE_3)

    contact_period = result.of(Period.CONTACT)
    assert contact_period.hours == Fraction(5, 6)
    assert contact_period.hours_per_week == Fraction(5, 24)


def test_a_period_without_contacts_has_zero_hours_but_is_still_there():
    result = intensity(FULL_COURSE, [], today=TODAY_IN_PHASE_3)

    phase_2 = result.of(Period.PHASE_2)
    assert phase_2.minutes == 0
    assert phase_2.contacts == 0
    assert phase_2.hours_per_week == 0


# Boundaries --------------------------------------------------------------------------------------


def test_a_contact_on_the_phase_2_start_day_counts_for_phase_2():
    result = intensity(FULL_COURSE, contacts(("2026-05-04", 60)), today=TODAY_IN_PHASE_3)

    assert result.of(Period.PHASE_1).minutes == 0
    assert result.of(Period.PHASE_2).minutes == 60


def test_a_contact_on_the_day_before_phase_2_counts_for_phase_1():
    result = intensity(FULL_COURSE, contacts(("2026-05-03", 60)), today=TODAY_IN_PHASE_3)

    assert result.of(Period.PHASE_1).minutes == 60
    assert result.of(Period.PHASE_2).minutes == 0


def test_a_contact_on_the_contact_period_start_day_counts_for_the_contact_period():
    result = intensity(FULL_COURSE, contacts(("2026-01-05", 30)), today=TODAY_IN_PHASE_3)

    assert result.of(Period.CONTACT).minutes == 30


def test_contacts_before_the_contact_period_are_not_counted():
    # Between referral and the contact period the course is only referred: not measured.
    result = intensity(FULL_COURSE, contacts(("2026-01-04", 30)), today=TODAY_IN_PHASE_3)

    assert sum(p.minutes for p in result.periods) == 0
    assert Period.REFERRED not in [p.period for p in result.periods]


def test_contacts_on_or_after_the_end_are_not_counted():
    ended = CourseDates(
        duration_months=9,
        contact_start=CONTACT_START,
        phase_1=PHASE_1,
        phase_2=PHASE_2,
        phase_3=PHASE_3,
        end=d("2026-11-02"),
    )

    result = intensity(ended, contacts(("2026-11-01", 10), ("2026-11-02", 20)), today=d("2026-11-22"))

    assert result.of(Period.PHASE_3).minutes == 10
    assert Period.ENDED not in [p.period for p in result.periods]


# Days in a period --------------------------------------------------------------------------------


def test_days_in_a_period_stop_at_the_next_periods_start():
    result = intensity(FULL_COURSE, [], today=TODAY_IN_PHASE_3)

    assert [(p.period, p.days) for p in result.periods] == [
        (Period.CONTACT, 28),
        (Period.PHASE_1, 91),
        (Period.PHASE_2, 91),
        (Period.PHASE_3, 91),
    ]


def test_days_in_the_current_period_run_up_to_and_including_today():
    dates = CourseDates(duration_months=9, phase_1=d("2026-11-20"))

    assert intensity(dates, [], today=d("2026-11-22")).of(Period.PHASE_1).days == 3


def test_a_period_started_today_has_one_day():
    dates = CourseDates(duration_months=9, phase_1=d("2026-11-22"))

    phase_1 = intensity(dates, contacts(("2026-11-22", 60)), today=d("2026-11-22")).of(Period.PHASE_1)
    assert phase_1.days == 1
    assert phase_1.hours_per_week == 7


def test_days_in_phase_3_stop_at_the_end_of_the_course():
    ended = CourseDates(
        duration_months=9,
        phase_1=PHASE_1,
        phase_2=PHASE_2,
        phase_3=PHASE_3,
        end=d("2026-08-10"),
    )

    assert intensity(ended, [], today=d("2026-11-22")).of(Period.PHASE_3).days == 7


def test_a_skipped_contact_period_is_absent_and_phase_1_is_measured_from_its_start():
    dates = CourseDates(duration_months=9, referral=d("2026-11-01"), phase_1=d("2026-11-01"))

    result = intensity(dates, [], today=d("2026-11-22"))

    assert [p.period for p in result.periods] == [Period.PHASE_1]
    assert result.of(Period.CONTACT) is None
    assert result.of(Period.PHASE_1).days == 22


def test_a_contact_period_that_gave_way_to_phase_1_the_same_day_has_no_weekly_hours():
    dates = CourseDates(duration_months=9, contact_start=d("2026-11-01"), phase_1=d("2026-11-01"))

    contact_period = intensity(dates, [], today=d("2026-11-22")).of(Period.CONTACT)

    assert contact_period.days == 0
    assert contact_period.hours_per_week is None


def test_a_period_not_started_yet_is_absent():
    dates = CourseDates(duration_months=9, contact_start=CONTACT_START, phase_1=PHASE_1)

    result = intensity(dates, [], today=d("2026-03-01"))

    assert [p.period for p in result.periods] == [Period.CONTACT, Period.PHASE_1]
    assert result.of(Period.PHASE_2) is None
    assert result.of(Period.PHASE_3) is None


def test_a_period_whose_start_lies_after_today_is_absent():
    # Dates recorded ahead of time (or today passed in from the past) must not make a period appear.
    result = intensity(FULL_COURSE, [], today=d("2026-05-03"))

    assert [p.period for p in result.periods] == [Period.CONTACT, Period.PHASE_1]
    assert result.of(Period.PHASE_1).days == 91


# Ratio against 4 : 2 : 1 -------------------------------------------------------------------------


def test_the_ratio_is_4_2_1_when_the_worker_halves_the_time_per_phase():
    result = intensity(FULL_COURSE, MANUAL_CONTACTS, today=TODAY_IN_PHASE_3)

    assert result.ratio == {Period.PHASE_1: 4, Period.PHASE_2: 2, Period.PHASE_3: 1}


def test_the_ratio_leaves_out_the_contact_period():
    result = intensity(
        FULL_COURSE, [*MANUAL_CONTACTS, *contacts(("2026-01-10", 600))], today=TODAY_IN_PHASE_3
    )

    assert Period.CONTACT not in result.ratio


def test_the_ratio_is_relative_to_phase_3():
    # Phase 1 3 h/week (39 h), phase 2 3 h/week (39 h), phase 3 2 h/week (26 h): 3/2 : 3/2 : 1.
    result = intensity(
        FULL_COURSE,
        contacts(("2026-03-01", 39 * 60), ("2026-06-01", 39 * 60), ("2026-09-01", 26 * 60)),
        today=TODAY_IN_PHASE_3,
    )

    assert result.ratio == {
        Period.PHASE_1: Fraction(3, 2),
        Period.PHASE_2: Fraction(3, 2),
        Period.PHASE_3: 1,
    }


def test_there_is_no_ratio_before_phase_3():
    dates = CourseDates(duration_months=9, phase_1=PHASE_1, phase_2=PHASE_2)

    result = intensity(dates, contacts(("2026-03-01", 600), ("2026-06-01", 300)), today=d("2026-07-01"))

    assert result.ratio is None


def test_there_is_no_ratio_while_phase_3_has_no_contacts():
    result = intensity(
        FULL_COURSE, contacts(("2026-03-01", 600), ("2026-06-01", 300)), today=TODAY_IN_PHASE_3
    )

    assert result.of(Period.PHASE_3).hours_per_week == 0
    assert result.ratio is None


# Halving per phase -------------------------------------------------------------------------------


def test_it_halves_per_phase_when_each_phase_has_no_more_weekly_hours_than_the_one_before():
    assert intensity(FULL_COURSE, MANUAL_CONTACTS, today=TODAY_IN_PHASE_3).halves_per_phase is True


def test_equal_weekly_hours_in_two_phases_still_count_as_not_rising():
    result = intensity(
        FULL_COURSE,
        contacts(("2026-03-01", 39 * 60), ("2026-06-01", 39 * 60), ("2026-09-01", 26 * 60)),
        today=TODAY_IN_PHASE_3,
    )

    assert result.halves_per_phase is True


def test_it_does_not_halve_when_phase_2_has_more_weekly_hours_than_phase_1():
    dates = CourseDates(duration_months=9, phase_1=PHASE_1, phase_2=PHASE_2)

    result = intensity(dates, contacts(("2026-03-01", 60), ("2026-06-01", 600)), today=d("2026-07-01"))

    assert result.halves_per_phase is False


def test_it_does_not_halve_when_phase_3_rises_again():
    result = intensity(
        FULL_COURSE,
        contacts(("2026-03-01", 52 * 60), ("2026-06-01", 13 * 60), ("2026-09-01", 26 * 60)),
        today=TODAY_IN_PHASE_3,
    )

    assert result.halves_per_phase is False


def test_it_is_too_early_to_say_in_phase_1():
    dates = CourseDates(duration_months=9, contact_start=CONTACT_START, phase_1=PHASE_1)

    result = intensity(dates, contacts(("2026-01-10", 600), ("2026-03-01", 60)), today=d("2026-03-01"))

    # The contact period does not count as a phase to compare with.
    assert result.halves_per_phase is None


def test_it_is_too_early_to_say_before_any_phase():
    dates = CourseDates(duration_months=9, contact_start=CONTACT_START)

    assert intensity(dates, [], today=d("2026-01-20")).halves_per_phase is None


# Properties --------------------------------------------------------------------------------------

days_up_to_today = st.dates(min_value=d("2025-12-01"), max_value=TODAY_IN_PHASE_3)


@given(st.lists(st.tuples(days_up_to_today, st.integers(min_value=0, max_value=1440)), max_size=30))
def test_every_measured_contact_lands_in_exactly_one_period(pairs):
    result = intensity(FULL_COURSE, [Contact(day=day, minutes=m) for day, m in pairs], today=TODAY_IN_PHASE_3)

    measured = [(day, m) for day, m in pairs if day >= CONTACT_START]
    assert sum(p.minutes for p in result.periods) == sum(m for _, m in measured)
    assert sum(p.contacts for p in result.periods) == len(measured)
