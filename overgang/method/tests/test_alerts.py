"""The alert rules: what needs the worker's or the coordinator's attention, and why.

Pure: schedules come from the real clock (compute_schedule), forecasts from the real caseload
forecast, and every expected date is worked out from the manuals' rules in the comments.
"""

import datetime as dt
import re
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from overgang.method.alerts import (
    SOURCES,
    AlertCode,
    Severity,
    caseload_alerts,
    course_alerts,
    supervision_alerts,
)
from overgang.method.caseload import CaseloadItem, CaseloadRule, RuleKind, forecast
from overgang.method.clock import CourseDates, Pause, Period, compute_schedule


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


TODAY = d("2026-11-22")
HALF = Fraction(1, 2)

# Homelessness manual 3.5: contact 0.5, phase 1 2, phase 2 1, phase 3 0.5; 10 units per worker.
HOMELESSNESS = CaseloadRule(
    kind=RuleKind.WEIGHTED,
    maximum=Fraction(10),
    weights={
        Period.CONTACT: HALF,
        Period.PHASE_1: Fraction(2),
        Period.PHASE_2: Fraction(1),
        Period.PHASE_3: HALF,
    },
)


def schedule(today=TODAY, **dates):
    return compute_schedule(CourseDates(duration_months=9, **dates), today=today)


def alerts_of(code, alerts):
    return [alert for alert in alerts if alert.code is code]


def in_phase_1_with_phase_2_planned(planned: str) -> dict:
    """Nine months: phase 2 is planned three calendar months after the phase 1 start."""
    day = d(planned)
    return {"phase_1": day.replace(month=day.month - 3)}


# --- a transition due within 14 days ------------------------------------------------------------


def test_a_transition_three_days_away_is_due_as_a_warning():
    # Phase 1 on 2026-08-25: phase 2 planned 2026-11-25, three days from today.
    alerts = course_alerts(1, schedule(phase_1=d("2026-08-25")))

    assert [(a.code, a.severity, a.to, a.due, a.days) for a in alerts] == [
        (AlertCode.TRANSITION_DUE, Severity.WARNING, Period.PHASE_2, d("2026-11-25"), 3)
    ]


@pytest.mark.parametrize(
    ("planned", "days", "severity"),
    [
        ("2026-11-29", 7, Severity.WARNING),  # a week away is still a warning
        ("2026-11-30", 8, Severity.INFO),  # beyond a week it is for information
        ("2026-12-06", 14, Severity.INFO),  # the last day of the 14-day window
    ],
)
def test_the_severity_of_a_due_transition_follows_the_days_left(planned, days, severity):
    alerts = course_alerts(1, schedule(**in_phase_1_with_phase_2_planned(planned)))

    assert [(a.code, a.severity, a.due, a.days) for a in alerts] == [
        (AlertCode.TRANSITION_DUE, severity, d(planned), days)
    ]


def test_a_transition_fifteen_days_away_raises_nothing():
    assert course_alerts(1, schedule(phase_1=d("2026-09-07"))) == []  # phase 2 planned 2026-12-07


@pytest.mark.parametrize(("planned", "days"), [("2026-11-19", -3), ("2026-11-15", -7)])
def test_a_passed_transition_within_the_tolerance_is_still_due(planned, days):
    # The default tolerance is 7 days: on 2026-11-22 a transition planned 2026-11-15 is not late yet.
    alerts = course_alerts(1, schedule(**in_phase_1_with_phase_2_planned(planned)))

    assert [(a.code, a.severity, a.days) for a in alerts] == [
        (AlertCode.TRANSITION_DUE, Severity.WARNING, days)
    ]


def test_only_the_next_transition_is_due_not_the_one_after_it():
    # Phase 1 on 2026-03-01, phase 2 on 2026-06-01 (realised): phase 3 is planned 2026-09-01 (past
    # the tolerance) and the end 2026-12-01 (9 days away). Only phase 3 is actionable.
    alerts = course_alerts(1, schedule(phase_1=d("2026-03-01"), phase_2=d("2026-06-01")))

    assert [(a.code, a.to) for a in alerts] == [(AlertCode.TRANSITION_OVERDUE, Period.PHASE_3)]


def test_after_the_last_phase_change_the_end_is_the_transition_due():
    # Phase 1 on 2026-03-01: the planned end is nine months later, 2026-12-01, 9 days from today.
    alerts = course_alerts(
        1, schedule(phase_1=d("2026-03-01"), phase_2=d("2026-06-01"), phase_3=d("2026-09-01"))
    )

    due = alerts_of(AlertCode.TRANSITION_DUE, alerts)
    assert [(a.to, a.due, a.days, a.severity) for a in due] == [
        (Period.ENDED, d("2026-12-01"), 9, Severity.INFO)
    ]


# --- overdue --------------------------------------------------------------------------------------


def test_a_transition_past_its_planned_date_and_the_tolerance_is_overdue():
    # Planned 2026-11-14; the tolerance ran out on 2026-11-21; today it is 8 days overdue.
    alerts = course_alerts(1, schedule(phase_1=d("2026-08-14")))

    assert [(a.code, a.severity, a.to, a.due, a.days) for a in alerts] == [
        (AlertCode.TRANSITION_OVERDUE, Severity.CRITICAL, Period.PHASE_2, d("2026-11-14"), 8)
    ]


def test_a_programme_with_a_shorter_tolerance_is_overdue_sooner():
    # Planned 2026-11-19, three days ago: within the default 7 days, but not within 2.
    strict = compute_schedule(
        CourseDates(duration_months=9, phase_1=d("2026-08-19"), tolerance_days=2), today=TODAY
    )

    assert [(a.code, a.days) for a in course_alerts(1, strict)] == [(AlertCode.TRANSITION_OVERDUE, 3)]


def test_a_realised_transition_is_not_overdue():
    # Phase 2 planned 2026-11-14 and realised 2026-11-20; phase 3 is planned 2027-02-14.
    assert course_alerts(1, schedule(phase_1=d("2026-08-14"), phase_2=d("2026-11-20"))) == []


# --- the contact period ---------------------------------------------------------------------------


def test_a_contact_period_longer_than_one_phase_is_flagged():
    # Contact period from 2026-07-01: one phase (3 months) ends 2026-10-01, 52 days ago.
    alerts = course_alerts(1, schedule(referral=d("2026-07-01"), contact_start=d("2026-07-01")))

    assert [(a.code, a.severity, a.due, a.days) for a in alerts] == [
        (AlertCode.LONG_CONTACT_PERIOD, Severity.WARNING, d("2026-10-01"), 52)
    ]


def test_a_contact_period_within_one_phase_raises_nothing():
    assert course_alerts(1, schedule(contact_start=d("2026-09-01"))) == []  # limit 2026-12-01


def test_a_long_contact_period_is_not_flagged_once_phase_1_has_started():
    # The contact period was too long (limit 2026-10-01, phase 1 on 2026-11-01), but it is over.
    course = schedule(contact_start=d("2026-07-01"), phase_1=d("2026-11-01"))
    assert course.contact_too_long

    assert alerts_of(AlertCode.LONG_CONTACT_PERIOD, course_alerts(1, course)) == []


# --- pauses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "days"), [("2026-11-15", 7), ("2026-11-08", 14)])
def test_an_open_pause_of_up_to_14_days_is_for_information(start, days):
    alerts = course_alerts(1, schedule(phase_1=d("2026-10-01"), pauses=(Pause(d(start)),)))

    assert [(a.code, a.severity, a.due, a.days) for a in alerts] == [
        (AlertCode.OPEN_PAUSE, Severity.INFO, d(start), days)
    ]


def test_an_open_pause_of_more_than_14_days_is_a_long_pause():
    # Homelessness 3.7 advises against pauses over 14 days: 2026-11-07 to today is 15.
    alerts = course_alerts(1, schedule(phase_1=d("2026-10-01"), pauses=(Pause(d("2026-11-07")),)))

    assert [(a.code, a.severity, a.due, a.days) for a in alerts] == [
        (AlertCode.LONG_PAUSE, Severity.WARNING, d("2026-11-07"), 15)
    ]


def test_a_resumed_pause_raises_nothing_even_when_it_was_long():
    pause = Pause(d("2026-10-05"), d("2026-11-01"))  # 27 days, over

    assert course_alerts(1, schedule(phase_1=d("2026-10-01"), pauses=(pause,))) == []


# --- contact with the citizen ---------------------------------------------------------------------


def test_no_contact_for_more_than_14_days_is_flagged():
    alerts = course_alerts(1, schedule(phase_1=d("2026-10-01")), last_contact=d("2026-11-07"))

    assert [(a.code, a.severity, a.due, a.days) for a in alerts] == [
        (AlertCode.NO_CONTACT, Severity.WARNING, d("2026-11-07"), 15)
    ]


def test_contact_14_days_ago_raises_nothing():
    assert course_alerts(1, schedule(phase_1=d("2026-10-01")), last_contact=d("2026-11-08")) == []


def test_an_unknown_last_contact_stays_silent():
    assert course_alerts(1, schedule(phase_1=d("2026-10-01")), last_contact=None) == []


# --- the handover before the end ------------------------------------------------------------------


def in_phase_3_ending(end: str) -> dict:
    """Phases realised on time, the planned end nine months after the phase 1 start."""
    day = d(end)
    phase_1 = day.replace(month=day.month - 9)
    return {
        "phase_1": phase_1,
        "phase_2": phase_1.replace(month=phase_1.month + 3),
        "phase_3": phase_1.replace(month=phase_1.month + 6),
    }


def test_the_end_in_fewer_than_30_days_without_a_handover_is_flagged():
    # Phase 1 on 2026-03-21: the planned end is 2026-12-21, 29 days from today.
    alerts = course_alerts(1, schedule(**in_phase_3_ending("2026-12-21")), handover_registered=False)

    assert [(a.code, a.severity, a.due, a.days) for a in alerts] == [
        (AlertCode.NO_HANDOVER, Severity.WARNING, d("2026-12-21"), 29)
    ]


def test_the_end_in_30_days_is_not_yet_a_missing_handover():
    alerts = course_alerts(1, schedule(**in_phase_3_ending("2026-12-22")), handover_registered=False)

    assert alerts_of(AlertCode.NO_HANDOVER, alerts) == []


def test_a_registered_handover_raises_nothing():
    alerts = course_alerts(1, schedule(**in_phase_3_ending("2026-12-21")), handover_registered=True)

    assert alerts == []


def test_an_unknown_handover_stays_silent():
    alerts = course_alerts(1, schedule(**in_phase_3_ending("2026-12-21")), handover_registered=None)

    assert alerts == []


# --- ended courses --------------------------------------------------------------------------------


def test_an_ended_course_raises_nothing():
    # Ended early while paused, long after the last contact: none of it needs action any more.
    ended = schedule(
        phase_1=d("2026-05-01"),
        pauses=(Pause(d("2026-07-01")),),
        end=d("2026-09-01"),
    )

    assert course_alerts(1, ended, last_contact=d("2026-06-01"), handover_registered=False) == []


def test_a_course_that_ended_as_planned_raises_nothing():
    ended = schedule(
        phase_1=d("2026-02-01"), phase_2=d("2026-05-01"), phase_3=d("2026-08-01"), end=d("2026-11-01")
    )

    assert course_alerts(1, ended, last_contact=d("2026-10-01"), handover_registered=False) == []


# --- the caseload ---------------------------------------------------------------------------------


def items(*courses: CourseDates) -> list[CaseloadItem]:
    return [CaseloadItem(n, dates, HOMELESSNESS) for n, dates in enumerate(courses)]


# Phase 1 from 2026-11-01: weight 2 until phase 2 on 2027-02-01, beyond the 4-week window.
IN_PHASE_1 = CourseDates(duration_months=9, phase_1=d("2026-11-01"))


def in_contact_until(limit: str) -> CourseDates:
    """A contact period that reaches one phase (3 months) on `limit`: then phase 1 (weight 2)."""
    day = d(limit)
    return CourseDates(duration_months=9, contact_start=day.replace(month=day.month - 3))


def test_a_caseload_over_capacity_today_is_critical():
    # Six citizens in phase 1: 12 units of 10.
    points = forecast(items(*[IN_PHASE_1] * 6), fte=Fraction(1), today=TODAY)

    alerts = caseload_alerts(7, points)

    assert [(a.code, a.severity, a.worker_id, a.due) for a in alerts] == [
        (AlertCode.OVER_CAPACITY, Severity.CRITICAL, 7, TODAY)
    ]


def test_a_full_caseload_is_not_over_capacity():
    # Five in phase 1: exactly 10 units of 10, for the whole window.
    assert caseload_alerts(7, forecast(items(*[IN_PHASE_1] * 5), fte=Fraction(1), today=TODAY)) == []


def test_a_half_time_worker_is_over_capacity_at_half_the_load():
    # Three in phase 1: 6 units, more than the 5 of a 0.5 FTE worker.
    points = forecast(items(*[IN_PHASE_1] * 3), fte=Fraction(1, 2), today=TODAY)

    assert [a.code for a in caseload_alerts(7, points)] == [AlertCode.OVER_CAPACITY]


def test_going_over_capacity_within_four_weeks_is_a_warning():
    # Today 4 in phase 1 and 2 in the contact period: 8 + 1 = 9 units. On 2026-12-08 the two
    # contact periods reach one phase and enter phase 1: 8 + 4 = 12. The first weekly point after
    # that is 2026-12-13, three weeks from today.
    points = forecast(
        items(*[IN_PHASE_1] * 4, *[in_contact_until("2026-12-08")] * 2), fte=Fraction(1), today=TODAY
    )
    assert not points[0].over_capacity

    alerts = caseload_alerts(7, points)

    assert [(a.code, a.severity, a.due, a.days) for a in alerts] == [
        (AlertCode.OVER_CAPACITY_SOON, Severity.WARNING, d("2026-12-13"), 21)
    ]


def test_going_over_capacity_exactly_four_weeks_ahead_is_a_warning():
    points = forecast(
        items(*[IN_PHASE_1] * 4, *[in_contact_until("2026-12-20")] * 2), fte=Fraction(1), today=TODAY
    )

    assert [(a.code, a.due, a.days) for a in caseload_alerts(7, points)] == [
        (AlertCode.OVER_CAPACITY_SOON, d("2026-12-20"), 28)
    ]


def test_going_over_capacity_beyond_four_weeks_raises_nothing():
    # Phase 1 for the two from 2026-12-21: the forecast is over capacity from 2026-12-27 (week 5).
    points = forecast(
        items(*[IN_PHASE_1] * 4, *[in_contact_until("2026-12-21")] * 2), fte=Fraction(1), today=TODAY
    )
    assert next(p.day for p in points if p.over_capacity) == d("2026-12-27")

    assert caseload_alerts(7, points) == []


def test_an_empty_forecast_raises_nothing():
    assert caseload_alerts(7, []) == []


# --- sources and keys -----------------------------------------------------------------------------


def one_of_each() -> list:
    """A scenario for every alert the rules know."""
    return [
        *course_alerts(1, schedule(phase_1=d("2026-08-25"))),
        *course_alerts(2, schedule(phase_1=d("2026-08-14"))),
        *course_alerts(3, schedule(contact_start=d("2026-07-01"))),
        *course_alerts(4, schedule(phase_1=d("2026-10-01"), pauses=(Pause(d("2026-11-15")),))),
        *course_alerts(5, schedule(phase_1=d("2026-10-01"), pauses=(Pause(d("2026-11-01")),))),
        *course_alerts(6, schedule(phase_1=d("2026-10-01")), last_contact=d("2026-10-01")),
        *course_alerts(7, schedule(**in_phase_3_ending("2026-12-21")), handover_registered=False),
        *course_alerts(11, schedule(**in_phase_3_ending("2026-12-21")), support_decision_registered=False),
        *caseload_alerts(8, forecast(items(*[IN_PHASE_1] * 6), fte=Fraction(1), today=TODAY)),
        *caseload_alerts(
            9,
            forecast(
                items(*[IN_PHASE_1] * 4, *[in_contact_until("2026-12-08")] * 2), fte=Fraction(1), today=TODAY
            ),
        ),
        *supervision_alerts(10, last_session=d("2026-10-01"), started=d("2026-01-05"), today=TODAY),
    ]


def test_the_scenarios_cover_every_alert():
    assert {alert.code for alert in one_of_each()} == set(AlertCode)


def test_every_alert_names_its_source_in_the_manuals():
    for alert in one_of_each():
        # The job model's sections have names, not numbers: it is cited by its heading.
        assert re.search(r"\d\.\d", alert.source) or alert.source.startswith("Job, indsatsmodel"), alert.code
    assert set(SOURCES) == set(AlertCode)


def test_every_alert_has_its_own_key():
    keys = [alert.key for alert in one_of_each()]

    assert all(keys)
    assert len(set(keys)) == len(keys)


def test_the_same_situation_gives_the_same_key():
    first = course_alerts(1, schedule(phase_1=d("2026-08-25")))
    again = course_alerts(1, schedule(phase_1=d("2026-08-25")))

    assert [a.key for a in first] == [a.key for a in again]


def test_the_key_lasts_while_the_situation_lasts():
    # A comment attached to the alert on Sunday still belongs to it on Monday.
    sunday = course_alerts(1, schedule(phase_1=d("2026-08-25")))
    monday = course_alerts(1, schedule(today=d("2026-11-23"), phase_1=d("2026-08-25")))

    assert [a.days for a in sunday + monday] == [3, 2]
    assert [a.key for a in sunday] == [a.key for a in monday]


def test_a_different_planned_date_gives_a_different_key():
    # A two-day pause moves the planned phase 2 start from 2026-11-25 to 2026-11-27.
    plain = course_alerts(1, schedule(phase_1=d("2026-08-25")))
    moved = course_alerts(
        1, schedule(phase_1=d("2026-08-25"), pauses=(Pause(d("2026-09-01"), d("2026-09-03")),))
    )

    assert [a.due for a in plain + moved] == [d("2026-11-25"), d("2026-11-27")]
    assert plain[0].key != moved[0].key


def test_another_course_gives_a_different_key():
    one = course_alerts(1, schedule(phase_1=d("2026-08-25")))
    other = course_alerts(2, schedule(phase_1=d("2026-08-25")))

    assert one[0].key != other[0].key


# --- properties -----------------------------------------------------------------------------------


@given(
    phase_1=st.dates(min_value=d("2025-11-23"), max_value=TODAY),
    pause_days=st.integers(min_value=0, max_value=40),
)
@example(phase_1=d("2026-08-19"), pause_days=0)  # passed 3 days ago, within the tolerance
@example(phase_1=d("2026-08-14"), pause_days=0)  # 8 days overdue
@example(phase_1=d("2026-08-20"), pause_days=10)  # moved by the pause to 2026-11-30
def test_only_the_next_transition_raises_an_alert(phase_1, pause_days):
    pauses = (Pause(phase_1, phase_1 + dt.timedelta(days=pause_days)),) if pause_days else ()
    course = schedule(phase_1=phase_1, pauses=pauses)
    nxt = course.transitions[0]  # nothing realised after phase 1: phase 2 is the next transition
    if nxt.days_until < -7:  # past the planned date and the 7 days' tolerance
        expected = [(AlertCode.TRANSITION_OVERDUE, nxt.to, nxt.planned, -nxt.days_until)]
    elif nxt.days_until <= 14:
        expected = [(AlertCode.TRANSITION_DUE, nxt.to, nxt.planned, nxt.days_until)]
    else:
        expected = []

    alerts = course_alerts(1, course)

    assert [
        (a.code, a.to, a.due, a.days)
        for a in alerts
        if a.code in (AlertCode.TRANSITION_DUE, AlertCode.TRANSITION_OVERDUE)
    ] == expected
