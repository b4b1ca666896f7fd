"""The supervision rule (homelessness manual 3.6): a worker without a session for longer than the
interval (default four weeks) is named for the coordinator. Pure: dates in, alerts out."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overgang.method.alerts import (
    SOURCES,
    SUPERVISION_INTERVAL_WEEKS,
    AlertCode,
    Severity,
    supervision_alerts,
)

TODAY = dt.date(2026, 11, 22)


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def test_the_default_interval_is_four_weeks():
    assert SUPERVISION_INTERVAL_WEEKS == 4


def test_a_session_two_weeks_ago_raises_nothing():
    assert supervision_alerts(1, last_session=d("2026-11-08"), started=d("2026-01-05"), today=TODAY) == []


def test_a_session_exactly_four_weeks_ago_is_still_in_time():
    assert supervision_alerts(1, last_session=d("2026-10-25"), started=None, today=TODAY) == []


def test_a_session_four_weeks_and_a_day_ago_raises_a_warning():
    (alert,) = supervision_alerts(7, last_session=d("2026-10-24"), started=d("2026-01-05"), today=TODAY)

    assert alert.code is AlertCode.NO_SUPERVISION
    assert alert.severity is Severity.WARNING
    assert alert.worker_id == 7
    assert alert.course_id is None
    assert alert.due == d("2026-10-24")
    assert alert.days == 29


def test_the_source_is_the_homelessness_manuals_method_supervision():
    (alert,) = supervision_alerts(7, last_session=d("2026-09-01"), started=None, today=TODAY)

    assert alert.source == "Hjemløshed 3.6"
    assert SOURCES[AlertCode.NO_SUPERVISION] == "Hjemløshed 3.6"


def test_before_the_first_session_it_counts_from_when_the_worker_started():
    (alert,) = supervision_alerts(7, last_session=None, started=d("2026-10-01"), today=TODAY)

    assert alert.due == d("2026-10-01")
    assert alert.days == 52


def test_a_worker_who_started_recently_is_not_named_yet():
    assert supervision_alerts(7, last_session=None, started=d("2026-11-10"), today=TODAY) == []


def test_without_a_session_or_a_start_it_stays_silent():
    assert supervision_alerts(7, last_session=None, started=None, today=TODAY) == []


def test_the_last_session_counts_even_when_the_worker_started_long_ago():
    assert supervision_alerts(7, last_session=d("2026-11-20"), started=d("2020-01-01"), today=TODAY) == []


def test_another_interval_can_be_given():
    last = d("2026-10-11")  # six weeks ago

    assert supervision_alerts(7, last_session=last, started=None, today=TODAY, interval_weeks=6) == []
    assert supervision_alerts(7, last_session=last, started=None, today=TODAY, interval_weeks=5)


def test_the_key_stays_while_the_situation_lasts_and_changes_with_a_new_session():
    first = supervision_alerts(7, last_session=d("2026-09-01"), started=None, today=TODAY)
    a_week_later = supervision_alerts(
        7, last_session=d("2026-09-01"), started=None, today=TODAY + dt.timedelta(days=7)
    )
    after_a_new_session = supervision_alerts(
        7, last_session=d("2026-09-15"), started=None, today=TODAY + dt.timedelta(days=7)
    )

    assert first[0].key == a_week_later[0].key
    assert after_a_new_session[0].key != first[0].key


@pytest.mark.parametrize("worker_id", [1, 2])
def test_each_worker_has_her_own_key(worker_id):
    (alert,) = supervision_alerts(worker_id, last_session=d("2026-09-01"), started=None, today=TODAY)

    assert alert.key == f"no_supervision:{worker_id}:2026-09-01"


@given(
    days_ago=st.integers(min_value=0, max_value=800),
    weeks=st.integers(min_value=1, max_value=26),
)
def test_it_fires_exactly_when_more_than_the_interval_has_passed(days_ago, weeks):
    last = TODAY - dt.timedelta(days=days_ago)

    alerts = supervision_alerts(1, last_session=last, started=None, today=TODAY, interval_weeks=weeks)

    assert bool(alerts) == (days_ago > weeks * 7)
    assert all(alert.days == days_ago for alert in alerts)
