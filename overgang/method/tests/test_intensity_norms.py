"""Aggregated intensity over several courses, and the contact-frequency norm check.

Expectations are worked out by hand, with the round course of test_intensity.py: a contact period
of 4 weeks (2026-01-05 .. 2026-02-01), then three phases of 13 weeks each (phase 2 from 2026-05-04,
phase 3 from 2026-08-03), today 2026-11-01.
"""

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from overgang.method.clock import CourseDates, Period
from overgang.method.intensity import (
    Contact,
    Intensity,
    PeriodIntensity,
    aggregate,
    course_norm_check,
    intensity,
    norm_check,
)


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def contacts(*pairs: tuple[str, int]) -> list[Contact]:
    return [Contact(day=d(day), minutes=minutes) for day, minutes in pairs]


TODAY = d("2026-11-01")
FULL_COURSE = CourseDates(
    duration_months=9,
    contact_start=d("2026-01-05"),
    phase_1=d("2026-02-02"),
    phase_2=d("2026-05-04"),
    phase_3=d("2026-08-03"),
)
NORMS = {"contact": 7, "phase_1": 7, "phase_2": 14, "phase_3": 30}


# Aggregate ---------------------------------------------------------------------------------------


def test_the_aggregate_sums_minutes_contacts_and_days_per_period():
    # A full course: 52 h, 26 h, 13 h in phases of 13 weeks (4 : 2 : 1).
    full = intensity(
        FULL_COURSE,
        contacts(("2026-03-01", 52 * 60), ("2026-06-01", 26 * 60), ("2026-09-01", 13 * 60)),
        today=TODAY,
    )
    # A younger course: phase 1 from 2026-10-05, 4 weeks up to and including today, 8 hours.
    young = intensity(
        CourseDates(duration_months=9, phase_1=d("2026-10-05")), contacts(("2026-10-06", 8 * 60)), today=TODAY
    )

    total = aggregate([full, young])

    phase_1 = total.of(Period.PHASE_1)
    assert (phase_1.days, phase_1.minutes, phase_1.contacts) == (91 + 28, 60 * 60, 2)
    # 60 hours over 17 course-weeks, not the mean of 4 and 2 h/week.
    assert phase_1.hours_per_week == Fraction(60, 17)
    assert total.of(Period.PHASE_2).hours_per_week == 2
    assert total.courses_in(Period.PHASE_1) == 2
    assert total.courses_in(Period.PHASE_2) == 1
    assert total.courses_in(Period.CONTACT) == 1
    assert total.courses == 2


def test_the_aggregate_ratio_is_relative_to_phase_3_as_for_one_course():
    # Two full courses at 4 : 2 : 1 and 2 : 1 : 1 hours per week: together 6 : 3 : 2 over 26 weeks each.
    one = intensity(
        FULL_COURSE,
        contacts(("2026-03-01", 52 * 60), ("2026-06-01", 26 * 60), ("2026-09-01", 13 * 60)),
        today=TODAY,
    )
    other = intensity(
        FULL_COURSE,
        contacts(("2026-03-01", 26 * 60), ("2026-06-01", 13 * 60), ("2026-09-01", 13 * 60)),
        today=TODAY,
    )

    total = aggregate([one, other])

    assert total.of(Period.PHASE_1).hours_per_week == 3
    assert total.ratio == {Period.PHASE_1: 3, Period.PHASE_2: Fraction(3, 2), Period.PHASE_3: 1}
    assert total.halves_per_phase is True


def test_the_aggregate_has_no_ratio_while_no_course_has_phase_3_contacts():
    in_phase_2 = intensity(
        CourseDates(duration_months=9, phase_1=d("2026-02-02"), phase_2=d("2026-05-04")),
        contacts(("2026-03-01", 600), ("2026-06-01", 300)),
        today=TODAY,
    )

    total = aggregate([in_phase_2])

    assert total.ratio is None
    assert total.of(Period.PHASE_3) is None


def test_the_aggregate_of_nothing_is_empty():
    total = aggregate([])

    assert total.periods == ()
    assert total.courses == 0
    assert total.ratio is None
    assert total.halves_per_phase is None


def test_the_aggregate_lists_the_periods_in_the_methods_order():
    late_starter = Intensity(periods=(PeriodIntensity(Period.PHASE_3, 7, 60, 1),))
    early = Intensity(periods=(PeriodIntensity(Period.CONTACT, 14, 30, 1),))

    assert [p.period for p in aggregate([late_starter, early]).periods] == [Period.CONTACT, Period.PHASE_3]


# Properties of the aggregate -----------------------------------------------------------------------

period_intensities = st.builds(
    PeriodIntensity,
    period=st.sampled_from([Period.CONTACT, Period.PHASE_1, Period.PHASE_2, Period.PHASE_3]),
    days=st.integers(min_value=0, max_value=400),
    minutes=st.integers(min_value=0, max_value=10_000),
    contacts=st.integers(min_value=0, max_value=100),
)
course_intensities = st.lists(period_intensities, max_size=4, unique_by=lambda p: p.period).map(
    lambda periods: Intensity(periods=tuple(periods))
)


@given(st.lists(course_intensities, max_size=8))
def test_the_aggregate_keeps_every_minute_contact_and_day(courses):
    total = aggregate(courses)

    for field in ("minutes", "contacts", "days"):
        assert sum(getattr(p, field) for p in total.periods) == sum(
            getattr(p, field) for one in courses for p in one.periods
        )


@given(st.lists(course_intensities, max_size=8))
def test_the_aggregate_does_not_depend_on_the_order_of_the_courses(courses):
    assert aggregate(courses).periods == aggregate(list(reversed(courses))).periods


@given(course_intensities)
def test_the_aggregate_of_one_course_has_that_courses_figures(one):
    total = aggregate([one])

    assert {p.period: p for p in total.periods} == {p.period: p for p in one.periods}
    assert total.ratio == one.ratio


# The norm check -------------------------------------------------------------------------------------


def test_days_since_the_last_contact_are_compared_with_the_norm_of_the_period():
    check = norm_check(
        period=Period.PHASE_2,
        norms=NORMS,
        last_contact=d("2026-10-23"),
        period_start=d("2026-05-04"),
        today=TODAY,
    )

    assert check is not None
    assert (check.period, check.norm_days, check.days_since) == (Period.PHASE_2, 14, 9)
    assert check.counted_from == d("2026-10-23")
    assert not check.behind
    assert check.days_left == 5


def test_exactly_the_norm_is_not_behind_and_one_day_more_is():
    on_the_day = norm_check(
        period=Period.PHASE_2, norms=NORMS, last_contact=d("2026-10-18"), period_start=None, today=TODAY
    )
    a_day_over = norm_check(
        period=Period.PHASE_2, norms=NORMS, last_contact=d("2026-10-17"), period_start=None, today=TODAY
    )

    assert on_the_day.days_since == 14
    assert not on_the_day.behind
    assert on_the_day.days_left == 0
    assert a_day_over.days_since == 15
    assert a_day_over.behind
    assert a_day_over.days_over == 1


def test_without_any_contact_the_days_count_from_the_start_of_the_period():
    check = norm_check(
        period=Period.PHASE_1, norms=NORMS, last_contact=None, period_start=d("2026-10-20"), today=TODAY
    )

    assert check.counted_from == d("2026-10-20")
    assert check.days_since == 12
    assert check.behind
    assert check.days_over == 5


def test_a_contact_in_the_previous_period_still_counts_as_the_last_contact():
    # Entered phase 3 on 2026-10-25; the last contact was in phase 2, 2026-10-10: 22 days, norm 30.
    check = norm_check(
        period=Period.PHASE_3,
        norms=NORMS,
        last_contact=d("2026-10-10"),
        period_start=d("2026-10-25"),
        today=TODAY,
    )

    assert check.days_since == 22
    assert check.norm_days == 30
    assert not check.behind


def test_a_contact_today_is_zero_days_ago():
    check = norm_check(period=Period.CONTACT, norms=NORMS, last_contact=TODAY, period_start=None, today=TODAY)

    assert check.days_since == 0
    assert not check.behind


def test_a_contact_registered_ahead_of_today_counts_as_zero_days_not_negative():
    check = norm_check(
        period=Period.PHASE_1, norms=NORMS, last_contact=d("2026-11-03"), period_start=None, today=TODAY
    )

    assert check.days_since == 0


def test_a_referred_or_ended_course_has_no_norm():
    for period in (Period.REFERRED, Period.ENDED, None):
        assert (
            norm_check(
                period=period, norms=NORMS, last_contact=None, period_start=d("2026-10-01"), today=TODAY
            )
            is None
        )


def test_a_period_without_a_norm_has_no_check():
    assert (
        norm_check(
            period=Period.PHASE_3,
            norms={"phase_1": 7},
            last_contact=None,
            period_start=d("2026-10-01"),
            today=TODAY,
        )
        is None
    )


def test_without_a_contact_or_a_start_there_is_nothing_to_count_from():
    assert (
        norm_check(period=Period.PHASE_1, norms=NORMS, last_contact=None, period_start=None, today=TODAY)
        is None
    )


def test_the_course_check_uses_the_period_the_course_is_in_today():
    check = course_norm_check(FULL_COURSE, norms=NORMS, last_contact=None, today=TODAY)

    # Phase 3 since 2026-08-03: 90 days without a contact against a norm of 30.
    assert check.period is Period.PHASE_3
    assert check.counted_from == d("2026-08-03")
    assert check.days_since == 90
    assert check.behind


def test_the_course_check_in_the_contact_period():
    dates = CourseDates(duration_months=9, referral=d("2026-10-01"), contact_start=d("2026-10-26"))

    check = course_norm_check(dates, norms=NORMS, last_contact=d("2026-10-28"), today=TODAY)

    assert check.period is Period.CONTACT
    assert check.days_since == 4
    assert check.norm_days == 7


def test_a_course_only_referred_has_no_check():
    dates = CourseDates(duration_months=9, referral=d("2026-10-01"))

    assert course_norm_check(dates, norms=NORMS, last_contact=None, today=TODAY) is None


@given(
    norm=st.integers(min_value=1, max_value=92),
    gap=st.integers(min_value=-10, max_value=200),
    period=st.sampled_from([Period.CONTACT, Period.PHASE_1, Period.PHASE_2, Period.PHASE_3]),
)
def test_behind_exactly_when_more_days_than_the_norm_have_passed(norm, gap, period):
    check = norm_check(
        period=period,
        norms={period.value: norm},
        last_contact=TODAY - dt.timedelta(days=gap),
        period_start=None,
        today=TODAY,
    )

    assert check.days_since == max(0, gap)
    assert check.behind == (max(0, gap) > norm)
    assert check.days_over - check.days_left == check.days_since - check.norm_days
    assert min(check.days_over, check.days_left) == 0
