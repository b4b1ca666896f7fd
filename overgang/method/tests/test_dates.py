"""add_months: calendar months, a day past the end of a shorter month clipped to its last day."""

import calendar
import datetime as dt

import pytest

from overgang.method.dates import add_months


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def test_it_adds_whole_months_keeping_the_day_of_the_month():
    assert add_months(d("2026-01-15"), 3) == d("2026-04-15")


def test_it_returns_the_same_date_when_adding_no_months():
    assert add_months(d("2026-03-31"), 0) == d("2026-03-31")


def test_it_carries_over_into_the_next_year():
    assert add_months(d("2026-11-15"), 3) == d("2027-02-15")


def test_it_lands_in_december_without_skipping_to_the_next_year():
    assert add_months(d("2026-09-30"), 3) == d("2026-12-30")


def test_it_counts_many_years_ahead():
    assert add_months(d("2026-05-31"), 24) == d("2028-05-31")
    assert add_months(d("2026-05-31"), 121) == d("2036-06-30")


def test_it_clips_the_31st_to_the_30th_of_a_30_day_month():
    assert add_months(d("2026-03-31"), 3) == d("2026-06-30")


def test_it_clips_the_31st_of_january_to_the_28th_of_february_in_a_common_year():
    assert add_months(d("2026-01-31"), 1) == d("2026-02-28")


def test_it_clips_the_31st_of_january_to_the_29th_of_february_in_a_leap_year():
    assert add_months(d("2028-01-31"), 1) == d("2028-02-29")


def test_it_clips_a_leap_day_to_the_28th_of_february_a_year_later():
    assert add_months(d("2028-02-29"), 12) == d("2029-02-28")


def test_it_keeps_the_30th_when_the_target_month_is_long_enough():
    assert add_months(d("2026-01-30"), 2) == d("2026-03-30")


def test_it_does_not_clip_when_counting_from_a_clipped_day_of_a_short_month():
    # February's last day plus one month is the 28th of March, not the 31st.
    assert add_months(d("2026-02-28"), 1) == d("2026-03-28")


@pytest.mark.parametrize("month", range(1, 13))
def test_it_maps_the_31st_of_december_to_the_last_day_of_each_month_of_the_next_year(month):
    last_day = calendar.monthrange(2027, month)[1]
    assert add_months(d("2026-12-31"), month) == dt.date(2027, month, last_day)


@pytest.mark.parametrize("month", range(1, 13))
def test_it_never_moves_the_15th_off_the_15th(month):
    assert add_months(dt.date(2026, month, 15), 1).day == 15
