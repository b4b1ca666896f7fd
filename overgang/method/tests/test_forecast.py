"""The caseload forecast: twelve weeks ahead on planned dates, and the first day with room."""

import datetime as dt
from fractions import Fraction

from overgang.method.caseload import (
    FORECAST_WEEKS,
    CaseloadItem,
    CaseloadRule,
    RuleKind,
    caseload_on,
    first_date_with_room,
    forecast,
)
from overgang.method.clock import CourseDates, Pause, Period, period_on, projected_dates


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


HALF = Fraction(1, 2)
ONE = Fraction(1)
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
HOMELESSNESS_NO_CONTACT = CaseloadRule(
    kind=RuleKind.WEIGHTED,
    maximum=Fraction(10),
    weights=dict(HOMELESSNESS.weights),
    uses_contact_period=False,
)
JOB = CaseloadRule(kind=RuleKind.HEADCOUNT, maximum=Fraction(10))

TODAY = d("2026-06-01")
HORIZON = TODAY + days(84)  # 2026-08-24


def items(rule: CaseloadRule, *courses: CourseDates) -> list[CaseloadItem]:
    return [CaseloadItem(n, dates, rule) for n, dates in enumerate(courses)]


def units(points) -> list[Fraction]:
    return [point.units for point in points]


def in_phase_1_from(start: dt.date) -> CourseDates:
    return CourseDates(duration_months=9, phase_1=start)


# --- the shape of the forecast ------------------------------------------------------------------


def test_it_forecasts_today_and_each_of_the_next_twelve_weeks():
    points = forecast(items(HOMELESSNESS, in_phase_1_from(TODAY)), fte=ONE, today=TODAY)
    assert FORECAST_WEEKS == 12
    assert len(points) == 13
    assert [p.day for p in points] == [TODAY + dt.timedelta(weeks=w) for w in range(13)]


def test_it_forecasts_as_many_weeks_as_asked():
    points = forecast([], fte=ONE, today=TODAY, weeks=4, rule_for_new=HOMELESSNESS)
    assert [p.day for p in points] == [TODAY + dt.timedelta(weeks=w) for w in range(5)]


def test_every_point_carries_the_workers_capacity():
    points = forecast(items(HOMELESSNESS, in_phase_1_from(TODAY)), fte=HALF, today=TODAY)
    assert {p.capacity for p in points} == {HALF}
    assert {p.unit_capacity for p in points} == {5}


def test_the_first_point_is_the_caseload_today():
    courses = items(HOMELESSNESS, in_phase_1_from(d("2026-01-05")))
    assert forecast(courses, fte=ONE, today=TODAY)[0] == caseload_on(courses, fte=ONE, today=TODAY)


# --- courses follow their planned dates ---------------------------------------------------------


def test_a_course_drops_out_at_its_planned_end():
    # Phase 1 from 2025-09-10: planned end 2026-06-10.
    dates = CourseDates(
        duration_months=9,
        phase_1=d("2025-09-10"),
        phase_2=d("2025-12-10"),
        phase_3=d("2026-03-10"),
    )
    points = forecast(items(HOMELESSNESS, dates), fte=ONE, today=TODAY)
    expected = [HALF if p.day < d("2026-06-10") else 0 for p in points]
    assert units(points) == expected
    assert expected[:2] == [HALF, HALF] and expected[2] == 0
    assert points[-1].by_period == {}


def test_a_course_moves_to_the_lower_phase_2_weight_at_its_planned_phase_2():
    # Phase 1 from 2026-04-15: phase 2 planned 2026-07-15, phase 3 after the horizon.
    points = forecast(items(HOMELESSNESS, in_phase_1_from(d("2026-04-15"))), fte=ONE, today=TODAY)
    expected = [Fraction(2) if p.day < d("2026-07-15") else ONE for p in points]
    assert units(points) == expected
    assert 2 in expected and 1 in expected


def test_a_course_in_the_contact_period_enters_phase_1_at_the_contact_limit():
    # Contact from 2026-04-10; the limit is one phase (3 months) later, 2026-07-10.
    dates = CourseDates(duration_months=9, contact_start=d("2026-04-10"))
    assert projected_dates(dates, today=TODAY).phase_1 == d("2026-07-10")
    points = forecast(items(HOMELESSNESS, dates), fte=ONE, today=TODAY)
    assert units(points) == [HALF if p.day < d("2026-07-10") else Fraction(2) for p in points]


def test_a_course_past_its_contact_limit_is_assumed_to_enter_phase_1_tomorrow():
    # Contact from 2026-01-10; the limit 2026-04-10 has passed.
    dates = CourseDates(duration_months=9, contact_start=d("2026-01-10"))
    projected = projected_dates(dates, today=TODAY)
    assert projected.phase_1 == TODAY + days(1)
    assert projected.phase_2 == d("2026-09-02")  # three months after the assumed phase 1 start
    points = forecast(items(HOMELESSNESS, dates), fte=ONE, today=TODAY)
    assert units(points) == [HALF] + [Fraction(2)] * 12


def test_a_course_reaching_its_contact_limit_today_enters_phase_1_tomorrow():
    dates = CourseDates(duration_months=9, contact_start=d("2026-03-01"))
    assert projected_dates(dates, today=TODAY).phase_1 == TODAY + days(1)
    assert caseload_on(items(HOMELESSNESS, dates), fte=ONE, today=TODAY).units == HALF


def test_a_pause_in_the_contact_period_postpones_the_assumed_phase_1_start():
    dates = CourseDates(
        duration_months=9,
        contact_start=d("2026-04-10"),
        pauses=(Pause(d("2026-05-01"), d("2026-05-11")),),
    )
    assert projected_dates(dates, today=TODAY).phase_1 == d("2026-07-20")


def test_an_open_pause_is_assumed_to_end_today():
    # Phase 1 from 2026-04-15, paused since 2026-05-22: 10 days up to today, so phase 2 moves
    # from 2026-07-15 to 2026-07-25 and no further.
    dates = CourseDates(duration_months=9, phase_1=d("2026-04-15"), pauses=(Pause(d("2026-05-22")),))
    projected = projected_dates(dates, today=TODAY)
    assert projected.pauses == (Pause(d("2026-05-22"), TODAY),)
    assert (projected.phase_2, projected.phase_3, projected.end) == (
        d("2026-07-25"),
        d("2026-10-25"),
        d("2027-01-25"),
    )
    points = forecast(items(HOMELESSNESS, dates), fte=ONE, today=TODAY)
    assert units(points) == [Fraction(2) if p.day < d("2026-07-25") else ONE for p in points]


def test_an_open_pause_that_has_not_begun_is_assumed_to_last_no_days():
    dates = CourseDates(duration_months=9, phase_1=d("2026-04-15"), pauses=(Pause(d("2026-06-10")),))
    projected = projected_dates(dates, today=TODAY)
    assert projected.phase_2 == d("2026-07-15")


def test_an_overdue_transition_is_assumed_to_happen_tomorrow():
    # Phase 1 from 2026-01-05: phase 2 was planned for 2026-04-05, phase 3 for 2026-07-05.
    dates = in_phase_1_from(d("2026-01-05"))
    projected = projected_dates(dates, today=TODAY)
    assert projected.phase_2 == TODAY + days(1)
    assert projected.phase_3 == d("2026-07-05")
    assert projected.end == d("2026-10-05")
    points = forecast(items(HOMELESSNESS, dates), fte=ONE, today=TODAY)
    expected = [Fraction(2) if p.day <= TODAY else ONE if p.day < d("2026-07-05") else HALF for p in points]
    assert units(points) == expected


def test_a_transition_planned_for_today_but_not_registered_is_assumed_for_tomorrow():
    # Phase 1 from 2026-03-01: phase 2 planned for today. Today stays realised as phase 1.
    dates = in_phase_1_from(d("2026-03-01"))
    assert projected_dates(dates, today=TODAY).phase_2 == TODAY + days(1)
    assert caseload_on(items(HOMELESSNESS, dates), fte=ONE, today=TODAY).units == 2


def test_all_overdue_transitions_are_assumed_to_happen_tomorrow_at_the_earliest():
    # Phase 1 from 2025-01-05: every planned date has passed.
    projected = projected_dates(in_phase_1_from(d("2025-01-05")), today=TODAY)
    tomorrow = TODAY + days(1)
    assert (projected.phase_2, projected.phase_3, projected.end) == (tomorrow, tomorrow, tomorrow)
    assert period_on(projected, tomorrow) is Period.ENDED


def test_a_registered_transition_keeps_its_realised_date():
    dates = CourseDates(duration_months=9, phase_1=d("2026-01-05"), phase_2=d("2026-04-20"))
    projected = projected_dates(dates, today=TODAY)
    assert projected.phase_1 == d("2026-01-05")
    assert projected.phase_2 == d("2026-04-20")
    assert projected.phase_3 == d("2026-07-05")


def test_a_referred_course_stays_referred_with_its_weight():
    dates = CourseDates(duration_months=9, referral=d("2026-05-20"))
    assert projected_dates(dates, today=TODAY) == dates
    points = forecast(items(HOMELESSNESS, dates), fte=ONE, today=TODAY)
    assert units(points) == [HALF] * 13


def test_an_ended_course_is_left_as_it_is_and_counts_nothing():
    dates = CourseDates(
        duration_months=9,
        phase_1=d("2026-01-05"),
        end=d("2026-03-01"),
        pauses=(Pause(d("2026-02-01")),),
    )
    assert projected_dates(dates, today=TODAY) == dates
    points = forecast(items(HOMELESSNESS, dates), fte=ONE, today=TODAY)
    assert units(points) == [0] * 13


def test_a_headcount_course_counts_until_its_planned_end():
    dates = CourseDates(
        duration_months=9,
        phase_1=d("2025-09-10"),
        phase_2=d("2025-12-10"),
        phase_3=d("2026-03-10"),
    )
    points = forecast(items(JOB, dates), fte=ONE, today=TODAY)
    assert units(points) == [ONE if p.day < d("2026-06-10") else 0 for p in points]


def test_the_forecast_states_its_assumptions():
    doc = projected_dates.__doc__
    assert doc is not None
    for phrase in ("referred", "contact period", "phase 1", "open pause ends today", "tomorrow"):
        assert phrase in doc


# --- the first day with room for a new citizen --------------------------------------------------


def test_an_empty_caseload_has_room_today():
    assert first_date_with_room([], fte=ONE, today=TODAY, rule_for_new=HOMELESSNESS) == TODAY


def test_there_is_room_today_when_the_new_citizen_fits_exactly():
    # 4 in phase 1, 1 in phase 2, 1 in the contact period: 9.5 units, plus 0.5 for a new one.
    courses = [in_phase_1_from(TODAY)] * 4 + [
        CourseDates(duration_months=9, phase_1=d("2026-04-01"), phase_2=d("2026-05-25")),
        CourseDates(duration_months=9, contact_start=d("2026-05-25")),
    ]
    caseload = caseload_on(items(HOMELESSNESS, *courses), fte=ONE, today=TODAY)
    assert caseload.units == Fraction(19, 2)
    assert (
        first_date_with_room(items(HOMELESSNESS, *courses), fte=ONE, today=TODAY, rule_for_new=HOMELESSNESS)
        == TODAY
    )


def test_room_comes_when_full_courses_reach_their_planned_phase_2():
    # Five citizens in phase 1 since 2026-04-15 fill a caseload until phase 2 on 2026-07-15.
    courses = items(HOMELESSNESS, *[in_phase_1_from(d("2026-04-15"))] * 5)
    room = first_date_with_room(courses, fte=ONE, today=TODAY, rule_for_new=HOMELESSNESS)
    assert room == d("2026-07-15")
    before = caseload_on(courses, fte=ONE, today=TODAY, day=room - days(1))
    assert before.load + HALF / 10 > 1


def test_there_is_no_room_when_nothing_changes_within_twelve_weeks():
    # Five citizens starting phase 1 today stay in phase 1 until 2026-09-01.
    courses = items(HOMELESSNESS, *[in_phase_1_from(TODAY)] * 5)
    assert first_date_with_room(courses, fte=ONE, today=TODAY, rule_for_new=HOMELESSNESS) is None


def test_a_course_ending_on_the_last_day_of_the_horizon_makes_room_that_day():
    ending = CourseDates(
        duration_months=9,
        phase_1=d("2025-11-24"),
        phase_2=d("2026-02-24"),
        phase_3=d("2026-05-24"),
    )  # planned end 2026-08-24, today + 84 days
    courses = items(HOMELESSNESS, *[in_phase_1_from(TODAY)] * 4, *[ending] * 4)
    assert caseload_on(courses, fte=ONE, today=TODAY).units == 10
    assert first_date_with_room(courses, fte=ONE, today=TODAY, rule_for_new=HOMELESSNESS) == HORIZON


def test_a_course_ending_the_day_after_the_horizon_makes_no_room_within_it():
    ending = CourseDates(
        duration_months=9,
        phase_1=d("2025-11-25"),
        phase_2=d("2026-02-25"),
        phase_3=d("2026-05-25"),
    )  # planned end 2026-08-25
    courses = items(HOMELESSNESS, *[in_phase_1_from(TODAY)] * 4, *[ending] * 4)
    assert first_date_with_room(courses, fte=ONE, today=TODAY, rule_for_new=HOMELESSNESS) is None


def test_a_longer_horizon_finds_room_further_ahead():
    courses = items(HOMELESSNESS, *[in_phase_1_from(TODAY)] * 5)
    room = first_date_with_room(courses, fte=ONE, today=TODAY, rule_for_new=HOMELESSNESS, horizon_days=120)
    assert room == d("2026-09-01")


def test_a_half_time_worker_has_room_for_half_as_much():
    two = items(HOMELESSNESS, *[in_phase_1_from(d("2026-04-15"))] * 2)  # 4 of 5 units
    assert first_date_with_room(two, fte=HALF, today=TODAY, rule_for_new=HOMELESSNESS) == TODAY
    full = items(
        HOMELESSNESS,
        *[in_phase_1_from(d("2026-04-15"))] * 2,
        CourseDates(duration_months=9, phase_1=d("2026-04-01"), phase_2=d("2026-05-25")),
    )  # 5 of 5 units until the phase 1 courses reach phase 2 on 2026-07-15
    assert first_date_with_room(full, fte=HALF, today=TODAY, rule_for_new=HOMELESSNESS) == d("2026-07-15")


def test_a_new_citizen_without_a_contact_period_needs_room_for_phase_1():
    # 9 units: room for 0.5 more today but not for 2 until phase 1 ends on 2026-07-15.
    courses = items(
        HOMELESSNESS,
        *[in_phase_1_from(d("2026-04-15"))] * 4,
        CourseDates(duration_months=9, phase_1=d("2026-04-01"), phase_2=d("2026-05-25")),
    )
    assert first_date_with_room(courses, fte=ONE, today=TODAY, rule_for_new=HOMELESSNESS) == TODAY
    assert first_date_with_room(courses, fte=ONE, today=TODAY, rule_for_new=HOMELESSNESS_NO_CONTACT) == d(
        "2026-07-15"
    )


def test_a_headcount_caseload_has_room_once_a_course_ends():
    # Nine citizens just starting, one whose planned end is 2026-06-10: full until then.
    ending = CourseDates(
        duration_months=9,
        phase_1=d("2025-09-10"),
        phase_2=d("2025-12-10"),
        phase_3=d("2026-03-10"),
    )
    courses = items(JOB, *[in_phase_1_from(TODAY)] * 9, ending)
    assert caseload_on(courses, fte=ONE, today=TODAY).load == 1
    assert first_date_with_room(courses, fte=ONE, today=TODAY, rule_for_new=JOB) == d("2026-06-10")
