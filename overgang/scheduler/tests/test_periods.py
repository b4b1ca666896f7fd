"""Periods are named in Copenhagen time: the digest by ISO week, retention and the purge by day,
reminders by hour."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from overgang.scheduler.jobs import JOBS, day_of, hour_of, job_named, week_of

CPH = ZoneInfo("Europe/Copenhagen")
UTC = dt.UTC


def test_monday_just_after_midnight_in_copenhagen_is_the_new_week_though_utc_is_still_sunday() -> None:
    moment = dt.datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # 00:30 on Monday 23 November in Copenhagen

    assert week_of(moment) == "2026-W48"
    assert day_of(moment) == "2026-11-23"
    assert hour_of(moment) == "2026-11-23T00"


def test_the_iso_week_of_new_years_eve_can_belong_to_the_next_year() -> None:
    assert week_of(dt.datetime(2024, 12, 31, 12, 0, tzinfo=CPH)) == "2025-W01"


def test_the_summer_time_hour_is_the_local_hour() -> None:
    assert hour_of(dt.datetime(2026, 7, 1, 4, 15, tzinfo=UTC)) == "2026-07-01T06"


def test_every_job_has_a_period_and_a_positive_stale_limit() -> None:
    assert set(JOBS) == {"digest", "reminders", "retention", "audit-purge"}
    for job in JOBS.values():
        assert job.stale_after > dt.timedelta(0)
        assert job.period(dt.datetime(2026, 12, 7, 6, 0, tzinfo=CPH))


def test_an_unknown_job_is_refused_with_the_names_of_the_known_ones() -> None:
    with pytest.raises(LookupError, match="digest, reminders, retention, audit-purge"):
        job_named("alerts")
