"""Team figures over a period: active courses, timely transitions, lengths, ends, pauses, caseload use.

Every expectation is counted by hand from the dates in the test (homelessness: 9 months, 3-month
phases, tolerance 7 days; weights contact 0.5, phase 1 2, phase 2 1, phase 3 0.5; 10 per worker).
"""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overgang.method.caseload import CaseloadRule, RuleKind
from overgang.method.clock import ACTIVE_PERIODS, CourseDates, Pause, Period, period_on
from overgang.method.figures import (
    COMPLETED,
    CourseFacts,
    DateRange,
    Group,
    WorkerSpell,
    active_by_period,
    caseload_use,
    compute_figures,
    ended_by_reason,
    pauses_started,
    period_lengths,
    transitions_on_time,
)


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


HALF = Fraction(1, 2)
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
JOB_6_MONTHS = CaseloadRule(kind=RuleKind.HEADCOUNT, maximum=Fraction(15))

YEAR_2026 = DateRange(d("2026-01-01"), d("2026-12-31"))

REASONS = ("completed", "died", "moved", "disappeared", "refuses", "imprisoned", "hospitalised", "other")


def course(
    course_id: int,
    *,
    worker: int = 1,
    rule: CaseloadRule = HOMELESSNESS,
    end_reason: str = "",
    spells: tuple[WorkerSpell, ...] = (),
    duration: int = 9,
    tolerance: int = 7,
    referral: str | None = None,
    contact: str | None = None,
    phase_1: str | None = None,
    phase_2: str | None = None,
    phase_3: str | None = None,
    end: str | None = None,
    pauses: tuple[tuple[str, str | None], ...] = (),
) -> CourseFacts:
    first = referral or contact or phase_1
    return CourseFacts(
        course_id=course_id,
        dates=CourseDates(
            duration_months=duration,
            referral=d(first) if first else None,
            contact_start=d(contact) if contact else None,
            phase_1=d(phase_1) if phase_1 else None,
            phase_2=d(phase_2) if phase_2 else None,
            phase_3=d(phase_3) if phase_3 else None,
            end=d(end) if end else None,
            pauses=tuple(Pause(d(start), d(resume) if resume else None) for start, resume in pauses),
            tolerance_days=tolerance,
        ),
        worker_id=worker,
        rule=rule,
        end_reason=end_reason,
        spells=spells,
    )


# The period ------------------------------------------------------------------------------------------


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        DateRange(d("2026-02-01"), d("2026-01-31"))


def test_a_period_of_one_day_is_allowed():
    assert d("2026-02-01") in DateRange(d("2026-02-01"), d("2026-02-01"))


def test_a_period_includes_both_its_first_and_its_last_day():
    period = DateRange(d("2026-01-01"), d("2026-01-31"))
    assert d("2026-01-01") in period
    assert d("2026-01-31") in period
    assert d("2025-12-31") not in period
    assert d("2026-02-01") not in period
    assert None not in period


def test_the_weekly_points_start_on_the_first_day_and_stop_at_the_last():
    assert DateRange(d("2026-01-01"), d("2026-01-15")).weeks == (
        d("2026-01-01"),
        d("2026-01-08"),
        d("2026-01-15"),
    )
    assert DateRange(d("2026-01-01"), d("2026-01-14")).weeks == (d("2026-01-01"), d("2026-01-08"))
    assert DateRange(d("2026-01-01"), d("2026-01-01")).weeks == (d("2026-01-01"),)


def test_the_worker_on_a_day_follows_the_spells_and_falls_back_to_the_current_worker():
    facts = course(
        1,
        worker=2,
        phase_1="2025-12-01",
        spells=(WorkerSpell(1, d("2025-12-01"), d("2026-01-10")), WorkerSpell(2, d("2026-01-10"))),
    )
    assert facts.worker_on(d("2025-12-01")) == 1
    assert facts.worker_on(d("2026-01-09")) == 1
    assert facts.worker_on(d("2026-01-10")) == 2
    assert facts.worker_on(d("2025-11-30")) == 2  # no spell covers it: the current worker


# Active courses by period ----------------------------------------------------------------------------


def test_active_courses_are_counted_by_the_period_they_are_in_on_the_last_day():
    facts = [
        course(1, referral="2026-12-01"),
        course(2, referral="2026-11-01", contact="2026-11-15"),
        course(3, contact="2026-10-01", phase_1="2026-12-01"),
        course(4, phase_1="2026-09-01", phase_2="2026-12-01"),
        course(5, phase_1="2026-03-01", phase_2="2026-06-01", phase_3="2026-09-01"),
        course(6, phase_1="2026-10-01", pauses=(("2026-12-10", None),)),  # paused: still phase 1
        course(7, phase_1="2026-03-01", end="2026-06-01", end_reason="moved"),  # ended
        course(8, referral="2027-01-05"),  # referred after the period
        course(9, phase_1="2026-01-01", end="2026-12-31", end_reason="died"),  # ended on the last day
    ]

    figure = active_by_period(facts, YEAR_2026)

    assert figure.day == d("2026-12-31")
    assert figure.by_period == (
        Group("referred", 1, (1,)),
        Group("contact", 1, (2,)),
        Group("phase_1", 2, (3, 6)),
        Group("phase_2", 1, (4,)),
        Group("phase_3", 1, (5,)),
    )
    assert figure.total == Group("all", 6, (1, 2, 3, 4, 5, 6))


def test_no_courses_give_zero_in_every_period():
    figure = active_by_period([], YEAR_2026)
    assert [g.count for g in figure.by_period] == [0, 0, 0, 0, 0]
    assert figure.total == Group("all", 0, ())


# Transitions on time ---------------------------------------------------------------------------------

# T1 is the manual's worked example: phase 1 2026-02-02, paused 03-02 to 03-12 (10 days), so phase 2 is
# planned 05-12 (realised 05-19: on time by 7 days), phase 3 08-12 (realised 08-25: 13 days late),
# the end 11-12 (completed 11-10: on time by 2 days).
T1 = course(
    1,
    phase_1="2026-02-02",
    pauses=(("2026-03-02", "2026-03-12"),),
    phase_2="2026-05-19",
    phase_3="2026-08-25",
    end="2026-11-10",
    end_reason=COMPLETED,
)
# T2: phase 1 2026-03-31, phase 2 planned 06-30, realised 06-20: 10 days early.
T2 = course(2, phase_1="2026-03-31", phase_2="2026-06-20")
# T3: phase 2 on its planned date 04-15, then ended early: the early end is no transition to time.
T3 = course(3, phase_1="2026-01-15", phase_2="2026-04-15", end="2026-05-01", end_reason="moved")
# T4: phase 2 before the period (not counted), phase 3 on its planned date 2026-03-01.
T4 = course(4, phase_1="2025-09-01", phase_2="2025-12-01", phase_3="2026-03-01")
# T5: only a contact period: nothing planned yet.
T5 = course(5, contact="2026-10-01")


def test_transitions_within_the_period_are_compared_with_their_planned_dates():
    figure = transitions_on_time([T1, T2, T3, T4, T5], YEAR_2026)

    phase_2, phase_3, end = figure.by_transition
    assert phase_2.key == "phase_2"
    assert phase_2.realised == Group("phase_2", 3, (1, 2, 3))
    assert phase_2.on_time == Group("phase_2:on_time", 2, (1, 3))
    assert phase_2.early == Group("phase_2:early", 1, (2,))
    assert phase_2.late == Group("phase_2:late", 0, ())
    assert phase_2.share_on_time == Fraction(2, 3)

    assert phase_3.realised == Group("phase_3", 2, (1, 4))
    assert phase_3.on_time.course_ids == (4,)
    assert phase_3.late.course_ids == (1,)
    assert phase_3.share_on_time == HALF

    assert end.key == "ended"
    assert end.realised == Group("ended", 1, (1,))
    assert end.on_time.course_ids == (1,)
    assert end.share_on_time == 1


def test_the_total_counts_transitions_and_lists_each_course_once():
    total = transitions_on_time([T1, T2, T3, T4, T5], YEAR_2026).total

    assert total.key == "all"
    assert total.realised.count == 6  # T1 three times, T2, T3, T4
    assert total.realised.course_ids == (1, 2, 3, 4)
    assert total.on_time == Group("all:on_time", 4, (1, 3, 4))
    assert total.early == Group("all:early", 1, (2,))
    assert total.late == Group("all:late", 1, (1,))
    assert total.share_on_time == Fraction(4, 6)


def test_a_transition_on_the_first_or_last_day_counts_and_one_day_outside_does_not():
    on_first = course(1, phase_1="2025-10-01", phase_2="2026-01-01")
    on_last = course(2, phase_1="2026-09-30", phase_2="2026-12-31")
    before = course(3, phase_1="2025-09-30", phase_2="2025-12-31")
    after = course(4, phase_1="2026-10-01", phase_2="2027-01-01")

    figure = transitions_on_time([on_first, on_last, before, after], YEAR_2026)

    assert figure.by_transition[0].realised.course_ids == (1, 2)


def test_eight_days_late_is_late_and_the_tolerance_is_the_programmes():
    late = course(1, phase_1="2026-02-02", pauses=(("2026-03-02", "2026-03-12"),), phase_2="2026-05-20")
    strict = course(2, phase_1="2026-03-01", phase_2="2026-06-02", tolerance=0)  # planned 06-01

    phase_2 = transitions_on_time([late, strict], YEAR_2026).by_transition[0]

    assert phase_2.late.course_ids == (1, 2)
    assert phase_2.share_on_time == 0


def test_a_six_month_course_plans_two_month_phases():
    # Phase 1 2026-01-31: phase 2 planned 03-31 (two months, no clipping needed); realised 04-07.
    six = course(1, duration=6, rule=JOB_6_MONTHS, phase_1="2026-01-31", phase_2="2026-04-07")

    assert transitions_on_time([six], YEAR_2026).by_transition[0].on_time.course_ids == (1,)


def test_an_end_after_phase_3_but_for_another_reason_is_not_a_timely_transition():
    died = course(
        1,
        phase_1="2026-01-05",
        phase_2="2026-04-05",
        phase_3="2026-07-05",
        end="2026-10-05",
        end_reason="died",
    )

    figure = transitions_on_time([died], YEAR_2026)

    assert figure.by_transition[2].realised.count == 0
    assert figure.total.realised.count == 2  # phase 2 and phase 3


def test_no_transitions_have_no_share():
    figure = transitions_on_time([T5], YEAR_2026)
    assert figure.total.realised.count == 0
    assert figure.total.share_on_time is None


# Lengths -----------------------------------------------------------------------------------------------

# L1: contact 28 days (01-05 to 02-02), phase 1 99 days (02-02 to 05-12: 28 + 31 + 30 + 10),
#     phase 2 92 days (05-12 to 08-12: 31 + 30 + 31), phase 3 92 days (08-12 to 11-12: 31 + 30 + 31).
L1 = course(
    1,
    contact="2026-01-05",
    phase_1="2026-02-02",
    phase_2="2026-05-12",
    phase_3="2026-08-12",
    end="2026-11-12",
    end_reason=COMPLETED,
)
# L2: contact 61 days (03-01 to 05-01: 31 + 30); phase 1 cut short by an early end: not counted.
L2 = course(2, contact="2026-03-01", phase_1="2026-05-01", end="2026-06-15", end_reason="moved")
# L3: contact ended 2025-12-20, before the period: not counted;
#     phase 1 90 days (12-20 to 03-20: 11 + 31 + 28 + 20).
L3 = course(3, contact="2025-12-01", phase_1="2025-12-20", phase_2="2026-03-20")
# L4: phase 1 96 days (03-01 to 06-05: 31 + 30 + 31 + 4), phase 2 88 days (06-05 to 09-01: 30 + 31 + 27);
#     phase 3 ended early (died): not counted.
L4 = course(
    4, phase_1="2026-03-01", phase_2="2026-06-05", phase_3="2026-09-01", end="2026-10-01", end_reason="died"
)


def test_lengths_of_contact_periods_and_phases_ending_within_the_period():
    figure = period_lengths([L1, L2, L3, L4], YEAR_2026)

    contact, phase_1, phase_2, phase_3 = figure.groups
    assert (contact.key, contact.lengths, contact.course_ids) == ("contact", (28, 61), (1, 2))
    assert (phase_1.key, phase_1.lengths, phase_1.course_ids) == ("phase_1", (90, 96, 99), (1, 3, 4))
    assert (phase_2.key, phase_2.lengths, phase_2.course_ids) == ("phase_2", (88, 92), (1, 4))
    assert (phase_3.key, phase_3.lengths, phase_3.course_ids) == ("phase_3", (92,), (1,))


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    figure = period_lengths([L1, L2, L3, L4], YEAR_2026)

    assert figure.group("contact").median == Fraction(89, 2)  # (28 + 61) / 2
    assert figure.group("phase_1").median == 96
    assert figure.group("phase_2").median == 90  # (88 + 92) / 2
    assert figure.group("phase_3").median == 92


def test_shortest_and_longest_lengths():
    phase_1 = period_lengths([L1, L3, L4], YEAR_2026).group("phase_1")
    assert (phase_1.count, phase_1.shortest, phase_1.longest) == (3, 90, 99)


def test_no_lengths_have_no_median():
    group = period_lengths([course(1, contact="2026-10-01")], YEAR_2026).group("contact")
    assert group.count == 0
    assert group.median is None
    assert group.shortest is None
    assert group.longest is None


def test_a_length_ending_on_the_last_day_counts():
    ends_last_day = course(1, contact="2026-12-01", phase_1="2026-12-31")
    ends_after = course(2, contact="2026-12-01", phase_1="2027-01-01")

    assert period_lengths([ends_last_day, ends_after], YEAR_2026).group("contact").lengths == (30,)


def test_a_contact_period_with_a_pause_counts_calendar_days():
    paused = course(1, contact="2026-01-01", pauses=(("2026-01-10", "2026-01-20"),), phase_1="2026-03-01")

    assert period_lengths([paused], YEAR_2026).group("contact").lengths == (59,)  # 31 + 28


def test_an_unknown_length_group_is_none():
    assert period_lengths([], YEAR_2026).group("phase_4") is None


# Ended courses by reason -----------------------------------------------------------------------------

ENDED = [
    course(
        1,
        phase_1="2025-06-01",
        phase_2="2025-09-01",
        phase_3="2025-12-01",
        end="2026-03-01",
        end_reason=COMPLETED,
    ),
    course(2, phase_1="2026-01-10", end="2026-04-01", end_reason="moved"),
    course(3, phase_1="2026-01-10", end="2026-05-01", end_reason="moved"),
    course(4, phase_1="2025-10-01", end="2025-12-31", end_reason="died"),  # before the period
    course(5, phase_1="2026-10-01", end="2026-12-31", end_reason="other"),  # on the last day
    course(6, phase_1="2026-10-01"),  # still active
]


def test_ended_courses_by_reason_list_every_reason_in_the_given_order():
    figure = ended_by_reason(ENDED, YEAR_2026, reason_order=REASONS)

    assert [(g.key, g.count) for g in figure.by_reason] == [
        ("completed", 1),
        ("died", 0),
        ("moved", 2),
        ("disappeared", 0),
        ("refuses", 0),
        ("imprisoned", 0),
        ("hospitalised", 0),
        ("other", 1),
    ]
    assert figure.completed == Group("completed", 1, (1,))
    assert figure.by_reason[2].course_ids == (2, 3)
    assert figure.early == Group("early", 3, (2, 3, 5))
    assert figure.total == Group("all", 4, (1, 2, 3, 5))


def test_without_an_order_completed_comes_first_and_the_reasons_found_follow_sorted():
    figure = ended_by_reason(ENDED, YEAR_2026)

    assert [(g.key, g.count) for g in figure.by_reason] == [("completed", 1), ("moved", 2), ("other", 1)]


def test_a_reason_outside_the_order_is_still_counted():
    odd = course(1, phase_1="2026-01-10", end="2026-02-01", end_reason="legacy")

    figure = ended_by_reason([odd], YEAR_2026, reason_order=("completed", "moved"))

    assert [g.key for g in figure.by_reason] == ["completed", "moved", "legacy"]
    assert figure.early == Group("early", 1, (1,))


def test_no_ended_courses_still_show_completed_with_zero():
    figure = ended_by_reason([], YEAR_2026)
    assert figure.by_reason == (Group("completed", 0, ()),)
    assert figure.total.count == 0


# Pauses ------------------------------------------------------------------------------------------------

H1_2026 = DateRange(d("2026-01-01"), d("2026-06-30"))
PAUSED = [
    # 10 days, then 15 days (over 14: long)
    course(1, phase_1="2026-01-05", pauses=(("2026-01-10", "2026-01-20"), ("2026-03-01", "2026-03-16"))),
    # still open: 06-20 to the period's end 06-30 is 10 days
    course(2, phase_1="2026-05-01", pauses=(("2026-06-20", None),)),
    # started before the period: not counted
    course(3, phase_1="2025-12-01", pauses=(("2025-12-20", "2026-01-10"),)),
    # resumed after the period: open at its end, counted with its real 30 days (long)
    course(4, phase_1="2026-06-01", pauses=(("2026-06-25", "2026-07-25"),)),
    course(5, phase_1="2026-02-01"),  # never paused
]


def test_pauses_that_started_within_the_period():
    figure = pauses_started(PAUSED, H1_2026)

    assert figure.started == Group("all", 4, (1, 2, 4))
    assert figure.lengths == (10, 10, 15, 30)
    assert figure.median_days == Fraction(25, 2)  # (10 + 15) / 2
    assert figure.longest_days == 30
    assert figure.long == Group("long", 2, (1, 4))
    assert figure.open == Group("open", 2, (2, 4))


def test_a_pause_of_exactly_fourteen_days_is_not_long():
    fourteen = course(1, phase_1="2026-01-05", pauses=(("2026-02-01", "2026-02-15"),))
    fifteen = course(2, phase_1="2026-01-05", pauses=(("2026-02-01", "2026-02-16"),))

    figure = pauses_started([fourteen, fifteen], H1_2026)

    assert figure.lengths == (14, 15)
    assert figure.long.course_ids == (2,)


def test_a_pause_starting_on_the_last_day_counts_zero_days_so_far():
    figure = pauses_started([course(1, phase_1="2026-01-05", pauses=(("2026-06-30", None),))], H1_2026)

    assert figure.lengths == (0,)
    assert figure.open.course_ids == (1,)


def test_no_pauses_have_no_median_or_longest():
    figure = pauses_started([course(1, phase_1="2026-02-01")], H1_2026)
    assert figure.started.count == 0
    assert figure.median_days is None
    assert figure.longest_days is None


# Caseload use ---------------------------------------------------------------------------------------

THREE_WEEKS = DateRange(d("2026-01-01"), d("2026-01-22"))  # points 01-01, 01-08, 01-15, 01-22


def test_caseload_use_per_week_sums_the_weights_of_the_realised_periods():
    # Course 1: contact (0.5) on 01-01, phase 1 (2) from 01-08. Course 2: phase 2 (1) until it ends 01-20.
    facts = [
        course(1, contact="2025-12-01", phase_1="2026-01-08"),
        course(2, phase_1="2025-10-01", phase_2="2026-01-01", end="2026-01-20", end_reason="moved"),
    ]

    figure = caseload_use(facts, THREE_WEEKS, fte={1: Fraction(1)})

    assert figure.days == (d("2026-01-01"), d("2026-01-08"), d("2026-01-15"), d("2026-01-22"))
    (worker,) = figure.workers
    assert worker.worker_id == 1
    assert [p.load for p in worker.points] == [
        Fraction(3, 20),
        Fraction(3, 10),
        Fraction(3, 10),
        Fraction(1, 5),
    ]
    assert [p.utilisation for p in worker.points] == [
        Fraction(3, 20),
        Fraction(3, 10),
        Fraction(3, 10),
        Fraction(1, 5),
    ]
    assert [p.course_ids for p in worker.points] == [(1, 2), (1, 2), (1, 2), (1,)]
    assert worker.course_ids == (1, 2)
    assert worker.peak == Fraction(3, 10)
    assert worker.mean == Fraction(19, 80)  # (3 + 6 + 6 + 4) / 20 / 4
    assert worker.weeks_over_capacity == 0


def test_the_manuals_table_1_fills_one_full_time_caseload_exactly():
    # 4 in the contact period, 2 in phase 1, 3 in phase 2, 2 in phase 3: 2 + 4 + 3 + 1 = 10 units.
    day = DateRange(d("2026-06-01"), d("2026-06-01"))
    facts = (
        [course(i, contact="2026-05-01") for i in (1, 2, 3, 4)]
        + [course(i, phase_1="2026-05-01") for i in (5, 6)]
        + [course(i, phase_1="2026-02-01", phase_2="2026-05-01") for i in (7, 8, 9)]
        + [course(i, phase_1="2025-11-01", phase_2="2026-02-01", phase_3="2026-05-01") for i in (10, 11)]
    )

    full = caseload_use(facts, day, fte={1: Fraction(1)}).workers[0].points[0]
    over = (
        caseload_use([*facts, course(12, referral="2026-05-20")], day, fte={1: Fraction(1)})
        .workers[0]
        .points[0]
    )

    assert full.utilisation == 1
    assert not full.over_capacity
    assert over.utilisation == Fraction(21, 20)  # a referred citizen weighs like the contact period
    assert over.over_capacity


def test_a_half_time_worker_reaches_capacity_at_half_the_load():
    facts = [course(1, worker=2, phase_1="2025-12-01")]  # phase 1: 2 of 10

    point = caseload_use(facts, THREE_WEEKS, fte={2: HALF}).workers[0].points[0]

    assert point.load == Fraction(1, 5)
    assert point.fte == HALF
    assert point.utilisation == Fraction(2, 5)


def test_courses_under_different_rules_add_their_shares_of_a_full_caseload():
    facts = [
        course(1, worker=2, rule=JOB_6_MONTHS, duration=6, phase_1="2025-12-01"),  # 1 of 15
        course(2, worker=2, phase_1="2025-11-01"),  # 2 of 10
    ]

    point = caseload_use(facts, THREE_WEEKS, fte={2: HALF}).workers[0].points[0]

    assert point.load == Fraction(4, 15)  # 1/15 + 1/5
    assert point.utilisation == Fraction(8, 15)


def test_a_reassigned_course_counts_for_the_worker_who_held_it_that_week():
    moved = course(
        1,
        worker=2,
        phase_1="2025-12-01",
        spells=(WorkerSpell(1, d("2025-12-01"), d("2026-01-10")), WorkerSpell(2, d("2026-01-10"))),
    )

    figure = caseload_use([moved], THREE_WEEKS, fte={1: Fraction(1), 2: Fraction(1)})

    first, second = figure.workers
    assert [p.load for p in first.points] == [Fraction(1, 5), Fraction(1, 5), 0, 0]
    assert [p.load for p in second.points] == [0, 0, Fraction(1, 5), Fraction(1, 5)]
    assert [p.course_ids for p in second.points] == [(), (), (1,), (1,)]


def test_a_worker_without_a_known_fte_counts_as_full_time():
    point = (
        caseload_use([course(1, worker=7, phase_1="2025-12-01")], THREE_WEEKS, fte={}).workers[0].points[0]
    )
    assert point.utilisation == Fraction(1, 5)


def test_a_worker_whose_courses_are_not_active_at_any_point_is_left_out():
    facts = [
        course(1, referral="2026-02-01"),
        course(2, worker=2, phase_1="2025-06-01", end="2025-12-01", end_reason="moved"),
    ]

    assert caseload_use(facts, THREE_WEEKS, fte={}).workers == ()


def test_weeks_over_capacity_are_counted():
    busy = [course(i, phase_1="2025-12-01") for i in range(1, 6)]  # 5 × 2 = 10: exactly full
    busier = [*busy, course(6, contact="2026-01-10")]  # + 0.5 from 01-15

    worker = caseload_use(busier, THREE_WEEKS, fte={1: Fraction(1)}).workers[0]

    assert [p.utilisation for p in worker.points] == [1, 1, Fraction(21, 20), Fraction(21, 20)]
    assert worker.weeks_over_capacity == 2
    assert worker.peak == Fraction(21, 20)


# All figures together, and the drill-down --------------------------------------------------------------


@pytest.fixture
def figures():
    facts = [T1, T2, T3, T4, T5, course(6, worker=2, referral="2026-12-01")]
    return compute_figures(facts, YEAR_2026, fte={1: Fraction(1), 2: HALF}, reason_order=REASONS)


def test_compute_figures_bundles_every_figure_for_the_period(figures):
    assert figures.period == YEAR_2026
    assert figures.active.total.course_ids == (2, 4, 5, 6)
    assert figures.transitions.total.realised.count == 6
    assert figures.lengths.group("phase_1").course_ids == (1, 2, 3)  # T4's phase 1 ended before the period
    assert [g.key for g in figures.ended.by_reason] == list(REASONS)
    assert figures.pauses.started == Group("all", 1, (1,))
    assert [w.worker_id for w in figures.caseload.workers] == [1, 2]


@pytest.mark.parametrize(
    ("figure", "key", "expected"),
    [
        ("active", "all", (2, 4, 5, 6)),
        ("active", "referred", (6,)),
        ("active", "contact", (5,)),
        ("active", "phase_1", ()),
        ("active", "phase_2", (2,)),
        ("active", "phase_3", (4,)),
        ("transitions", "all", (1, 2, 3, 4)),
        ("transitions", "all:on_time", (1, 3, 4)),
        ("transitions", "phase_2", (1, 2, 3)),
        ("transitions", "phase_2:early", (2,)),
        ("transitions", "phase_3:late", (1,)),
        ("transitions", "ended:on_time", (1,)),
        ("lengths", "phase_1", (1, 2, 3)),
        ("lengths", "contact", ()),
        ("ended", "completed", (1,)),
        ("ended", "moved", (3,)),
        ("ended", "died", ()),
        ("ended", "early", (3,)),
        ("ended", "all", (1, 3)),
        ("pauses", "all", (1,)),
        ("pauses", "long", ()),
        ("pauses", "open", ()),
        ("caseload", "2", (6,)),
        ("caseload", "1", (1, 2, 3, 4, 5)),
        ("caseload", "1:2026-01-01", (4,)),
        ("caseload", "1:2026-12-31", (2, 4, 5)),
    ],
)
def test_the_courses_behind_each_figure(figures, figure, key, expected):
    assert figures.course_ids(figure, key) == expected


@pytest.mark.parametrize(
    ("figure", "key"),
    [
        ("nonsense", "all"),
        ("active", "ended"),
        ("active", ""),
        ("transitions", "phase_1"),
        ("transitions", "phase_2:soon"),
        ("lengths", "all"),
        ("ended", "vanished"),
        ("pauses", "short"),
        ("caseload", "99"),
        ("caseload", "x"),
        ("caseload", "1:2026-01-02"),  # not a weekly point
        ("caseload", "1:yesterday"),
        ("caseload", "١"),  # a non-ASCII digit
    ],
)
def test_an_unknown_figure_or_key_has_no_courses(figures, figure, key):
    assert figures.course_ids(figure, key) is None


# Properties on generated courses -------------------------------------------------------------------


@st.composite
def generated_course(draw, course_id: int) -> CourseFacts:
    """A course whose realised dates follow each other like the services allow, maybe ended."""
    day = draw(st.dates(min_value=d("2025-01-01"), max_value=d("2026-12-31")))
    contact = day if draw(st.booleans()) else None
    steps: list[dt.date] = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        day = day + dt.timedelta(days=draw(st.integers(min_value=1 if steps else 0, max_value=150)))
        steps.append(day)
    phase_1, phase_2, phase_3, end = (steps + [None] * 4)[:4]
    reason = ""
    if end is not None:
        reason = draw(st.sampled_from(REASONS))
    pauses: tuple[Pause, ...] = ()
    if phase_1 is not None and draw(st.booleans()):
        begin = phase_1 + dt.timedelta(days=draw(st.integers(min_value=0, max_value=20)))
        pauses = (Pause(begin, begin + dt.timedelta(days=draw(st.integers(min_value=1, max_value=40)))),)
    return CourseFacts(
        course_id=course_id,
        dates=CourseDates(
            duration_months=draw(st.sampled_from([6, 9])),
            referral=contact or phase_1 or day,
            contact_start=contact,
            phase_1=phase_1,
            phase_2=phase_2,
            phase_3=phase_3,
            end=end,
            pauses=pauses,
        ),
        worker_id=draw(st.integers(min_value=1, max_value=3)),
        rule=HOMELESSNESS,
        end_reason=reason,
    )


@st.composite
def generated_facts(draw) -> list[CourseFacts]:
    count = draw(st.integers(min_value=0, max_value=8))
    return [draw(generated_course(i)) for i in range(1, count + 1)]


periods = st.tuples(
    st.dates(min_value=d("2025-06-01"), max_value=d("2026-12-31")), st.integers(min_value=0, max_value=400)
).map(lambda p: DateRange(p[0], p[0] + dt.timedelta(days=p[1])))

PROPERTIES = settings(max_examples=150, database=None)


@PROPERTIES
@given(facts=generated_facts(), period=periods)
def test_every_realised_transition_is_on_time_early_or_late(facts, period):
    figure = transitions_on_time(facts, period)
    for group in (*figure.by_transition, figure.total):
        assert group.on_time.count + group.early.count + group.late.count == group.realised.count
    assert figure.total.realised.count == sum(g.realised.count for g in figure.by_transition)


@PROPERTIES
@given(facts=generated_facts(), period=periods)
def test_the_active_periods_partition_the_active_courses(facts, period):
    figure = active_by_period(facts, period)
    ids = [i for g in figure.by_period for i in g.course_ids]
    assert len(ids) == len(set(ids)) == figure.total.count


@PROPERTIES
@given(facts=generated_facts(), period=periods)
def test_completed_and_early_ends_add_up_to_all_ends(facts, period):
    figure = ended_by_reason(facts, period, reason_order=REASONS)
    assert figure.completed.count + figure.early.count == figure.total.count
    assert all(f.dates.end in period for f in facts if f.course_id in figure.total.course_ids)


@PROPERTIES
@given(facts=generated_facts(), period=periods)
def test_medians_lie_between_the_shortest_and_the_longest(facts, period):
    for group in period_lengths(facts, period).groups:
        if group.count:
            assert group.shortest <= group.median <= group.longest
    pauses = pauses_started(facts, period)
    if pauses.lengths:
        assert pauses.lengths[0] <= pauses.median_days <= pauses.longest_days
        assert pauses.long.count <= pauses.started.count


@PROPERTIES
@given(facts=generated_facts(), period=periods)
def test_each_weekly_point_counts_each_active_course_for_exactly_one_worker(facts, period):
    figure = caseload_use(facts, period, fte={})
    for day in figure.days:
        counted = [i for w in figure.workers for i in w.point(day).course_ids]
        active = [f.course_id for f in facts if period_on(f.dates, day) in ACTIVE_PERIODS]
        assert sorted(counted) == sorted(active)
