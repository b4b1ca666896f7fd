"""Weighted and headcount caseloads on one day."""

import datetime as dt
from fractions import Fraction

import pytest

from overgang.method.caseload import (
    CaseloadItem,
    CaseloadRule,
    RuleKind,
    caseload_on,
)
from overgang.method.clock import CourseDates, Pause, Period, period_on


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


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
JOB_9_MONTHS = CaseloadRule(kind=RuleKind.HEADCOUNT, maximum=Fraction(10))
JOB_6_MONTHS = CaseloadRule(kind=RuleKind.HEADCOUNT, maximum=Fraction(15))

TODAY = d("2026-06-01")

# One course in each period on TODAY.
BEFORE_REFERRAL = CourseDates(duration_months=9, referral=d("2026-06-10"))
REFERRED = CourseDates(duration_months=9, referral=d("2026-05-20"))
CONTACT = CourseDates(duration_months=9, referral=d("2026-05-01"), contact_start=d("2026-05-15"))
PHASE_1 = CourseDates(duration_months=9, contact_start=d("2026-03-01"), phase_1=d("2026-05-01"))
PHASE_2 = CourseDates(duration_months=9, phase_1=d("2026-02-01"), phase_2=d("2026-05-01"))
PHASE_3 = CourseDates(
    duration_months=9,
    phase_1=d("2025-11-01"),
    phase_2=d("2026-02-01"),
    phase_3=d("2026-05-01"),
)
ENDED = CourseDates(
    duration_months=9,
    phase_1=d("2025-08-01"),
    phase_2=d("2025-11-01"),
    phase_3=d("2026-02-01"),
    end=d("2026-05-01"),
)


def items(rule: CaseloadRule, *courses: CourseDates) -> list[CaseloadItem]:
    return [CaseloadItem(n, dates, rule) for n, dates in enumerate(courses)]


def test_the_fixture_courses_are_in_the_periods_their_names_say():
    assert period_on(BEFORE_REFERRAL, TODAY) is None
    assert period_on(REFERRED, TODAY) is Period.REFERRED
    assert period_on(CONTACT, TODAY) is Period.CONTACT
    assert period_on(PHASE_1, TODAY) is Period.PHASE_1
    assert period_on(PHASE_2, TODAY) is Period.PHASE_2
    assert period_on(PHASE_3, TODAY) is Period.PHASE_3
    assert period_on(ENDED, TODAY) is Period.ENDED


def test_the_manuals_table_1_is_exactly_one_full_caseload():
    # 4 in the contact period, 2 in phase 1, 3 in phase 2, 2 in phase 3: 2 + 4 + 3 + 1 = 10.
    courses = [CONTACT] * 4 + [PHASE_1] * 2 + [PHASE_2] * 3 + [PHASE_3] * 2
    caseload = caseload_on(items(HOMELESSNESS, *courses), fte=Fraction(1), today=TODAY)
    assert caseload.units == 10
    assert caseload.load == 1
    assert caseload.capacity == 1
    assert caseload.unit_capacity == 10
    assert not caseload.over_capacity
    assert caseload.utilisation == 1
    assert caseload.by_period == {
        Period.CONTACT: 4,
        Period.PHASE_1: 2,
        Period.PHASE_2: 3,
        Period.PHASE_3: 2,
    }


def test_one_more_citizen_in_phase_1_than_table_1_is_over_capacity():
    courses = [CONTACT] * 4 + [PHASE_1] * 3 + [PHASE_2] * 3 + [PHASE_3] * 2
    caseload = caseload_on(items(HOMELESSNESS, *courses), fte=Fraction(1), today=TODAY)
    assert caseload.units == 12
    assert caseload.load == Fraction(12, 10)
    assert caseload.over_capacity


@pytest.mark.parametrize(
    ("course", "weight"),
    [
        (BEFORE_REFERRAL, Fraction(0)),
        (REFERRED, HALF),
        (CONTACT, HALF),
        (PHASE_1, Fraction(2)),
        (PHASE_2, Fraction(1)),
        (PHASE_3, HALF),
        (ENDED, Fraction(0)),
    ],
)
def test_a_homelessness_course_weighs_what_its_period_weighs(course, weight):
    caseload = caseload_on(items(HOMELESSNESS, course), fte=Fraction(1), today=TODAY)
    assert caseload.units == weight
    assert caseload.load == weight / 10


def test_a_referred_citizen_counts_like_one_in_the_contact_period():
    assert HOMELESSNESS.weight(Period.REFERRED) == HOMELESSNESS.weight(Period.CONTACT) == HALF


def test_no_period_and_the_ended_period_weigh_nothing():
    assert HOMELESSNESS.weight(None) == 0
    assert HOMELESSNESS.weight(Period.ENDED) == 0
    assert JOB_9_MONTHS.weight(None) == 0
    assert JOB_9_MONTHS.weight(Period.ENDED) == 0


def test_a_paused_course_still_counts():
    paused = CourseDates(
        duration_months=9,
        phase_1=d("2026-05-01"),
        pauses=(Pause(d("2026-05-20")),),
    )
    caseload = caseload_on(items(HOMELESSNESS, paused), fte=Fraction(1), today=TODAY)
    assert caseload.units == 2
    assert caseload.by_period == {Period.PHASE_1: 1}


def test_ended_courses_count_nothing_and_are_not_listed_by_period():
    caseload = caseload_on(items(HOMELESSNESS, ENDED, ENDED), fte=Fraction(1), today=TODAY)
    assert caseload.load == 0
    assert caseload.units == 0
    assert caseload.by_period == {}


def test_a_headcount_rule_counts_one_per_active_course_whatever_its_period():
    active = [REFERRED, CONTACT, PHASE_1, PHASE_2, PHASE_3]
    caseload = caseload_on(items(JOB_9_MONTHS, *active, ENDED, BEFORE_REFERRAL), fte=Fraction(1), today=TODAY)
    assert caseload.units == 5
    assert caseload.load == Fraction(5, 10)
    assert sum(caseload.by_period.values()) == 5
    assert Period.ENDED not in caseload.by_period


def test_fifteen_citizens_fill_a_six_month_job_caseload():
    caseload = caseload_on(items(JOB_6_MONTHS, *[PHASE_1] * 15), fte=Fraction(1), today=TODAY)
    assert caseload.load == 1
    assert caseload.unit_capacity == 15
    assert not caseload.over_capacity


def test_a_headcount_rule_gives_every_active_period_weight_one():
    for period in (Period.REFERRED, Period.CONTACT, Period.PHASE_1, Period.PHASE_2, Period.PHASE_3):
        assert JOB_9_MONTHS.weight(period) == 1


def test_a_half_time_worker_has_half_the_capacity():
    caseload = caseload_on(items(HOMELESSNESS, PHASE_1, PHASE_1), fte=HALF, today=TODAY)
    assert caseload.capacity == HALF
    assert caseload.unit_capacity == 5
    assert caseload.units == 4
    assert caseload.load == Fraction(4, 10)
    assert caseload.utilisation == Fraction(4, 5)
    assert not caseload.over_capacity


def test_a_half_time_worker_is_over_capacity_above_five_units():
    courses = [PHASE_1, PHASE_1, PHASE_2, CONTACT, CONTACT]  # 2 + 2 + 1 + 0.5 + 0.5 = 6
    caseload = caseload_on(items(HOMELESSNESS, *courses), fte=HALF, today=TODAY)
    assert caseload.units == 6
    assert caseload.over_capacity


def test_exactly_at_capacity_is_not_over_capacity():
    caseload = caseload_on(items(HOMELESSNESS, PHASE_1, PHASE_1, PHASE_2), fte=HALF, today=TODAY)
    assert caseload.load == caseload.capacity
    assert not caseload.over_capacity


def test_mixed_rules_add_each_courses_share_of_its_own_maximum_and_give_no_units():
    mixed = [
        CaseloadItem("a", PHASE_1, HOMELESSNESS),  # 2 / 10
        CaseloadItem("b", PHASE_2, HOMELESSNESS),  # 1 / 10
        CaseloadItem("c", PHASE_3, JOB_6_MONTHS),  # 1 / 15
        CaseloadItem("d", CONTACT, JOB_9_MONTHS),  # 1 / 10
    ]
    caseload = caseload_on(mixed, fte=Fraction(1), today=TODAY)
    assert caseload.load == Fraction(2, 10) + Fraction(1, 10) + Fraction(1, 15) + Fraction(1, 10)
    assert caseload.units is None
    assert caseload.unit_capacity is None
    assert caseload.by_period == {
        Period.PHASE_1: 1,
        Period.PHASE_2: 1,
        Period.PHASE_3: 1,
        Period.CONTACT: 1,
    }


def test_two_equal_rules_count_as_one_rule():
    copy = CaseloadRule(
        kind=RuleKind.WEIGHTED,
        maximum=Fraction(10),
        weights=dict(HOMELESSNESS.weights),
    )
    mixed = [CaseloadItem("a", PHASE_1, HOMELESSNESS), CaseloadItem("b", PHASE_2, copy)]
    caseload = caseload_on(mixed, fte=Fraction(1), today=TODAY)
    assert caseload.units == 3
    assert caseload.unit_capacity == 10


def test_an_empty_caseload_uses_the_rule_for_new_citizens_for_its_units():
    caseload = caseload_on([], fte=HALF, today=TODAY, rule_for_new=HOMELESSNESS)
    assert caseload.load == 0
    assert caseload.units == 0
    assert caseload.unit_capacity == 5
    assert caseload.by_period == {}


def test_an_empty_caseload_without_a_rule_has_no_units():
    caseload = caseload_on([], fte=Fraction(1), today=TODAY)
    assert caseload.load == 0
    assert caseload.units is None
    assert caseload.unit_capacity is None


def test_the_items_own_rule_wins_over_the_rule_for_new_citizens():
    caseload = caseload_on(
        items(JOB_9_MONTHS, PHASE_1), fte=Fraction(1), today=TODAY, rule_for_new=HOMELESSNESS
    )
    assert caseload.units == 1
    assert caseload.unit_capacity == 10
    assert caseload.load == Fraction(1, 10)


def test_a_worker_without_hours_has_no_utilisation():
    caseload = caseload_on(items(HOMELESSNESS, PHASE_1), fte=Fraction(0), today=TODAY)
    assert caseload.utilisation is None
    assert caseload.over_capacity


def test_the_caseload_is_for_today_unless_another_day_is_asked_for():
    caseload = caseload_on(items(HOMELESSNESS, PHASE_1), fte=Fraction(1), today=TODAY)
    assert caseload.day == TODAY
    earlier = caseload_on(items(HOMELESSNESS, PHASE_1), fte=Fraction(1), today=TODAY, day=d("2026-04-15"))
    assert earlier.day == d("2026-04-15")
    assert earlier.units == HALF  # still in the contact period then


def test_an_overdue_course_counts_in_its_registered_period_today():
    # Phase 1 from 2026-01-05: phase 2 was planned for 2026-04-05 but is not registered.
    overdue = CourseDates(duration_months=9, phase_1=d("2026-01-05"))
    caseload = caseload_on(items(HOMELESSNESS, overdue), fte=Fraction(1), today=TODAY)
    assert caseload.units == 2


def test_a_rule_needs_a_positive_maximum():
    with pytest.raises(ValueError):
        CaseloadRule(kind=RuleKind.HEADCOUNT, maximum=Fraction(0))
    with pytest.raises(ValueError):
        CaseloadRule(kind=RuleKind.HEADCOUNT, maximum=Fraction(-10))


def test_a_weighted_rule_needs_weights():
    with pytest.raises(ValueError):
        CaseloadRule(kind=RuleKind.WEIGHTED, maximum=Fraction(10))
    with pytest.raises(ValueError):
        CaseloadRule(kind=RuleKind.WEIGHTED, maximum=Fraction(10), weights={})


def test_a_period_missing_from_the_weights_weighs_nothing():
    rule = CaseloadRule(kind=RuleKind.WEIGHTED, maximum=Fraction(10), weights={Period.PHASE_1: Fraction(2)})
    assert rule.weight(Period.PHASE_1) == 2
    assert rule.weight(Period.PHASE_2) == 0


def test_a_new_citizen_enters_with_the_weight_of_the_contact_period():
    assert HOMELESSNESS.entry_weight == HALF
    assert JOB_9_MONTHS.entry_weight == 1


def test_without_a_contact_period_a_new_citizen_enters_with_the_phase_1_weight():
    rule = CaseloadRule(
        kind=RuleKind.WEIGHTED,
        maximum=Fraction(10),
        weights=dict(HOMELESSNESS.weights),
        uses_contact_period=False,
    )
    assert rule.entry_weight == 2
