"""A worker's caseload (homelessness 3.5, job model table): weighted units against capacity."""

import datetime as dt
from fractions import Fraction

import pytest

from overgang.courses import services
from overgang.courses.models import Course
from overgang.courses.selectors import course_schedule, worker_caseload
from overgang.method.clock import Period


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


# On 2026-11-22, a nine-month course is in each period with these dates.
def in_contact_period(make_course, worker, programme, **kw):
    return make_course(worker, programme, contact=d("2026-11-01"), **kw)


def in_phase_1(make_course, worker, programme, **kw):
    return make_course(worker, programme, phase_1=d("2026-10-15"), **kw)


def in_phase_2(make_course, worker, programme, today, **kw):
    course = make_course(worker, programme, phase_1=d("2026-07-10"), **kw)
    return services.course_start_phase(course=course, phase=2, on=d("2026-10-10"), actor=worker, today=today)


def in_phase_3(make_course, worker, programme, today, **kw):
    course = make_course(worker, programme, phase_1=d("2026-04-10"), **kw)
    services.course_start_phase(course=course, phase=2, on=d("2026-07-10"), actor=worker, today=today)
    return services.course_start_phase(course=course, phase=3, on=d("2026-10-10"), actor=worker, today=today)


@pytest.fixture
def table_1(alice, homelessness, make_course, today):
    """The manual's table 1: 4 citizens in the contact period, 2 in phase 1, 3 in phase 2, 2 in phase 3."""
    for _ in range(4):
        in_contact_period(make_course, alice, homelessness)
    for _ in range(2):
        in_phase_1(make_course, alice, homelessness)
    for _ in range(3):
        in_phase_2(make_course, alice, homelessness, today)
    for _ in range(2):
        in_phase_3(make_course, alice, homelessness, today)


def test_the_manuals_table_1_is_exactly_a_full_caseload(alice, table_1, today):
    # 4 x 0.5 + 2 x 2 + 3 x 1 + 2 x 0.5 = 2 + 4 + 3 + 1 = 10 units.
    now = worker_caseload(alice, today=today).now

    assert now.day == today
    assert now.units == 10
    assert now.unit_capacity == 10
    assert now.load == 1
    assert now.capacity == 1
    assert now.utilisation == 1
    assert not now.over_capacity
    assert dict(now.by_period) == {Period.CONTACT: 4, Period.PHASE_1: 2, Period.PHASE_2: 3, Period.PHASE_3: 2}


def test_one_more_citizen_puts_the_worker_over_capacity(alice, homelessness, make_course, table_1, today):
    in_contact_period(make_course, alice, homelessness)

    now = worker_caseload(alice, today=today).now

    assert now.units == Fraction(21, 2)
    assert now.over_capacity


def test_a_referred_citizen_weighs_like_the_contact_period(alice, homelessness, make_course, today):
    make_course(alice, homelessness, referral=d("2026-11-20"))

    now = worker_caseload(alice, today=today).now

    assert now.units == Fraction(1, 2)
    assert dict(now.by_period) == {Period.REFERRED: 1}


def test_an_ended_course_does_not_count(alice, homelessness, make_course, today):
    course = in_phase_1(make_course, alice, homelessness)
    services.course_end(course=course, on=d("2026-11-01"), reason="moved", actor=alice, today=today)

    assert worker_caseload(alice, today=today).now.units == 0


def test_another_workers_courses_do_not_count(alice, bob, homelessness, make_course, today):
    in_phase_1(make_course, bob, homelessness)

    assert worker_caseload(alice, today=today).now.units == 0
    assert worker_caseload(bob, today=today).now.units == 2


def test_a_paused_course_still_counts(alice, homelessness, make_course, today):
    # Support and the contact person continue during a pause.
    course = in_phase_1(make_course, alice, homelessness)
    services.course_pause(course=course, start=d("2026-11-15"), reason="hospital", actor=alice, today=today)
    assert course_schedule(Course.objects.get(pk=course.pk), today=today).paused

    now = worker_caseload(alice, today=today).now

    assert now.units == 2
    assert dict(now.by_period) == {Period.PHASE_1: 1}


# --- the worker's hours -----------------------------------------------------------------------------


def test_a_half_time_worker_has_room_for_five_units(bob, homelessness, make_course, today):
    in_phase_1(make_course, bob, homelessness)

    now = worker_caseload(bob, today=today).now

    assert now.capacity == Fraction(1, 2)
    assert now.unit_capacity == 5
    assert now.units == 2
    assert now.load == Fraction(2, 10)


def test_five_units_fill_a_half_time_worker(bob, homelessness, make_course, today):
    in_phase_1(make_course, bob, homelessness)
    in_phase_1(make_course, bob, homelessness)
    in_phase_2(make_course, bob, homelessness, today)

    now = worker_caseload(bob, today=today).now
    assert now.units == 5
    assert not now.over_capacity

    in_contact_period(make_course, bob, homelessness)

    now = worker_caseload(bob, today=today).now
    assert now.units == Fraction(11, 2)
    assert now.over_capacity


def test_a_half_time_worker_without_courses_still_has_a_capacity_of_five(bob, today):
    now = worker_caseload(bob, today=today).now

    assert (now.units, now.unit_capacity, now.load) == (0, 5, 0)


# --- headcount programmes ---------------------------------------------------------------------------


def test_a_headcount_programme_counts_each_citizen_once_whatever_the_period(
    alice, job_programme, make_course, today
):
    # The job programme under SEL § 85: about 10 citizens per worker, 9 months.
    in_contact_period(make_course, alice, job_programme, legal_basis="sel_85")
    in_phase_1(make_course, alice, job_programme, legal_basis="sel_85")
    in_phase_2(make_course, alice, job_programme, today, legal_basis="sel_85")
    in_phase_3(make_course, alice, job_programme, today, legal_basis="sel_85")

    now = worker_caseload(alice, today=today).now

    assert now.units == 4
    assert now.unit_capacity == 10
    assert now.load == Fraction(4, 10)


def test_the_job_programme_under_sel_82b_gives_a_six_month_course(alice, job_programme, make_course, today):
    course = make_course(alice, job_programme, phase_1=d("2026-10-01"), legal_basis="sel_82b")

    assert course.duration_months == 6
    schedule = course_schedule(Course.objects.get(pk=course.pk), today=today)
    assert schedule.phase_months == 2
    assert schedule.planned(Period.PHASE_2) == d("2026-12-01")
    assert schedule.planned(Period.PHASE_3) == d("2027-02-01")
    assert schedule.planned(Period.ENDED) == d("2027-04-01")


def test_the_job_programme_under_sel_82b_allows_15_citizens(alice, job_programme, make_course, today):
    make_course(alice, job_programme, phase_1=d("2026-10-01"), legal_basis="sel_82b")
    make_course(alice, job_programme, contact=d("2026-11-01"), legal_basis="sel_82b")

    now = worker_caseload(alice, today=today).now

    assert now.units == 2
    assert now.unit_capacity == 15
    assert now.load == Fraction(2, 15)


def test_lab_31b_is_six_months_like_sel_82b(alice, job_programme, make_course):
    course = make_course(alice, job_programme, legal_basis="lab_31b")

    assert course.duration_months == 6


def test_courses_under_different_rules_add_up_as_shares_of_a_full_caseload(
    alice, homelessness, job_programme, make_course, today
):
    # Phase 1 in homelessness: 2 of 10. One job citizen under § 85: 1 of 10. Under § 82 b: 1 of 15.
    in_phase_1(make_course, alice, homelessness)
    in_phase_1(make_course, alice, job_programme, legal_basis="sel_85")
    in_phase_1(make_course, alice, job_programme, legal_basis="sel_82b")

    now = worker_caseload(alice, today=today).now

    assert now.load == Fraction(2, 10) + Fraction(1, 10) + Fraction(1, 15)
    # No single rule: no units to show.
    assert now.units is None
    assert now.unit_capacity is None


def test_the_forecast_covers_twelve_weeks_from_today(alice, table_1, today):
    caseload = worker_caseload(alice, today=today)

    assert [point.day for point in caseload.forecast] == [today + dt.timedelta(weeks=w) for w in range(13)]


def test_in_twelve_weeks_table_1_has_moved_on_by_the_planned_dates(alice, table_1, today):
    # On 2027-02-14: the four contact periods reached one phase length on 2027-02-01 and are in
    # phase 1 (4 x 2); phase 1 moved to phase 2 on 2027-01-15 (2 x 1); phase 2 moved to phase 3 on
    # 2027-01-10 (3 x 0.5); phase 3 ended on 2027-01-10 (0).
    last = worker_caseload(alice, today=today).forecast[-1]

    assert last.day == d("2027-02-14")
    assert dict(last.by_period) == {Period.PHASE_1: 4, Period.PHASE_2: 2, Period.PHASE_3: 3}
    assert last.units == Fraction(23, 2)
    assert last.over_capacity
