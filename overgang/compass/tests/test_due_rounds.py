"""Rounds fall due early in the contact period and at the end of each phase, from the CTI clock.
Pure: built from dates and the clock's schedule, no database."""

from __future__ import annotations

import datetime as dt

from overgang.compass.rounds import RoundFacts, RoundStatus, due_rounds, round_windows
from overgang.method.clock import CourseDates, Pause, compute_schedule

D = dt.date


def windows(*, today, pauses=(), **dates):
    facts = RoundFacts(
        contact_start=dates.get("contact"),
        phase_1=dates.get("phase_1"),
        phase_2=dates.get("phase_2"),
        phase_3=dates.get("phase_3"),
        end=dates.get("end"),
    )
    schedule = compute_schedule(
        CourseDates(
            duration_months=dates.get("months", 9),
            referral=dates.get("contact") or dates.get("phase_1"),
            contact_start=facts.contact_start,
            phase_1=facts.phase_1,
            phase_2=facts.phase_2,
            phase_3=facts.phase_3,
            end=facts.end,
            pauses=tuple(pauses),
        ),
        today=today,
    )
    return facts, schedule


def statuses(today, entered=None, **dates):
    facts, schedule = windows(today=today, **dates)
    return {r.slot: r.status for r in due_rounds(facts, schedule, today=today, entered=entered or {})}


def test_a_course_only_referred_has_no_rounds_yet():
    facts, schedule = windows(today=D(2026, 3, 1))
    assert round_windows(facts, schedule) == []


def test_the_contact_round_falls_due_within_the_first_month_of_contact():
    facts, schedule = windows(today=D(2026, 3, 5), contact=D(2026, 3, 1))
    assert round_windows(facts, schedule) == [("contact", D(2026, 3, 1), D(2026, 3, 31))]


def test_the_contact_round_is_due_by_phase_1_when_that_comes_sooner():
    facts, schedule = windows(today=D(2026, 3, 20), contact=D(2026, 3, 1), phase_1=D(2026, 3, 15))
    assert round_windows(facts, schedule)[0] == ("contact", D(2026, 3, 1), D(2026, 3, 15))


def test_phase_rounds_fall_due_at_the_planned_end_of_each_phase_every_three_months():
    facts, schedule = windows(
        today=D(2026, 12, 31), phase_1=D(2026, 3, 31), phase_2=D(2026, 6, 30), phase_3=D(2026, 9, 30)
    )
    assert round_windows(facts, schedule) == [
        ("phase_1", D(2026, 6, 9), D(2026, 6, 30)),
        ("phase_2", D(2026, 9, 9), D(2026, 9, 30)),
        ("phase_3", D(2026, 12, 10), D(2026, 12, 31)),
    ]


def test_a_phase_ends_when_the_next_one_really_started():
    facts, schedule = windows(today=D(2026, 7, 1), phase_1=D(2026, 3, 31), phase_2=D(2026, 6, 20))
    assert round_windows(facts, schedule)[0] == ("phase_1", D(2026, 5, 30), D(2026, 6, 20))


def test_a_pause_moves_the_end_of_the_phase_and_so_the_round():
    facts, schedule = windows(
        today=D(2026, 4, 1), phase_1=D(2026, 2, 2), pauses=[Pause(D(2026, 3, 2), D(2026, 3, 12))]
    )
    assert round_windows(facts, schedule) == [("phase_1", D(2026, 4, 21), D(2026, 5, 12))]


def test_six_month_courses_have_rounds_at_the_end_of_their_two_month_phases():
    facts, schedule = windows(today=D(2026, 3, 2), phase_1=D(2026, 1, 10), months=6)
    assert round_windows(facts, schedule) == [("phase_1", D(2026, 2, 17), D(2026, 3, 10))]


def test_status_upcoming_then_due_then_overdue_after_two_weeks_grace():
    dates = {"phase_1": D(2026, 3, 31)}  # phase 1 round due 30 June, opens 9 June
    assert statuses(D(2026, 6, 8), **dates) == {"phase_1": RoundStatus.UPCOMING}
    assert statuses(D(2026, 6, 9), **dates) == {"phase_1": RoundStatus.DUE}
    assert statuses(D(2026, 7, 14), **dates) == {"phase_1": RoundStatus.DUE}
    assert statuses(D(2026, 7, 15), **dates) == {"phase_1": RoundStatus.OVERDUE}


def test_status_partly_done_then_done_when_both_have_rated():
    dates = {"phase_1": D(2026, 3, 31)}
    assert statuses(D(2026, 7, 20), {"phase_1": (True, False)}, **dates) == {"phase_1": RoundStatus.PARTLY}
    assert statuses(D(2026, 7, 20), {"phase_1": (False, True)}, **dates) == {"phase_1": RoundStatus.PARTLY}
    assert statuses(D(2026, 7, 20), {"phase_1": (True, True)}, **dates) == {"phase_1": RoundStatus.DONE}


def test_an_ended_course_has_no_rounds_for_phases_it_never_reached():
    result = statuses(D(2026, 6, 1), contact=D(2026, 1, 5), phase_1=D(2026, 2, 1), end=D(2026, 4, 1))
    assert result == {"contact": RoundStatus.MISSED, "phase_1": RoundStatus.MISSED}
    facts, schedule = windows(
        today=D(2026, 6, 1), contact=D(2026, 1, 5), phase_1=D(2026, 2, 1), end=D(2026, 4, 1)
    )
    assert round_windows(facts, schedule)[-1] == ("phase_1", D(2026, 3, 11), D(2026, 4, 1))
