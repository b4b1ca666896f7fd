"""The job model's rule: a decision on mentor or SEL § 85 support is registered before the course
ends. Pure: schedules from the real clock."""

from __future__ import annotations

import datetime as dt

import pytest

from overgang.method.alerts import SUPPORT_DECISION_DAYS, AlertCode, Severity, course_alerts
from overgang.method.clock import CourseDates, compute_schedule

TODAY = dt.date(2026, 11, 22)


def schedule(phase_1: dt.date, *, end: dt.date | None = None, today: dt.date = TODAY):
    return compute_schedule(CourseDates(duration_months=6, phase_1=phase_1, end=end), today=today)


def codes(alerts):
    return {alert.code for alert in alerts}


def test_it_fires_when_fewer_than_30_days_remain_and_no_decision_is_registered() -> None:
    alerts = course_alerts(1, schedule(dt.date(2026, 6, 10)), support_decision_registered=False)
    [alert] = [a for a in alerts if a.code is AlertCode.NO_SUPPORT_DECISION]
    assert alert.severity is Severity.WARNING
    assert alert.due == dt.date(2026, 12, 10)
    assert alert.days == 18
    assert alert.source == "Job, indsatsmodel (bilag 2): Afsluttende møde"
    assert alert.key == f"{AlertCode.NO_SUPPORT_DECISION}:1:2026-12-10"


def test_a_registered_decision_silences_it() -> None:
    alerts = course_alerts(1, schedule(dt.date(2026, 6, 10)), support_decision_registered=True)
    assert AlertCode.NO_SUPPORT_DECISION not in codes(alerts)


def test_it_stays_silent_for_courses_outside_the_job_programme() -> None:
    alerts = course_alerts(1, schedule(dt.date(2026, 6, 10)))  # None: not a job course
    assert AlertCode.NO_SUPPORT_DECISION not in codes(alerts)


@pytest.mark.parametrize(
    ("days_left", "fires"),
    [(SUPPORT_DECISION_DAYS, False), (SUPPORT_DECISION_DAYS - 1, True), (0, True), (-1, False)],
)
def test_the_window_is_the_last_30_days_before_the_planned_end(days_left: int, fires: bool) -> None:
    planned_end = dt.date(2026, 12, 10)
    today = planned_end - dt.timedelta(days=days_left)
    alerts = course_alerts(1, schedule(dt.date(2026, 6, 10), today=today), support_decision_registered=False)
    assert (AlertCode.NO_SUPPORT_DECISION in codes(alerts)) is fires


def test_an_ended_course_raises_nothing() -> None:
    ended = schedule(dt.date(2026, 6, 10), end=dt.date(2026, 11, 20))
    assert course_alerts(1, ended, support_decision_registered=False) == []
