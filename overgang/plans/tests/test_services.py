"""Making and changing the CTI plan through the services: one plan per period, carried forward,
the fields of appendix 6, focus areas and sub-goals, follow-ups, and revisions for every change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from overgang.courses import services as course_services
from overgang.courses.services import CourseActionError
from overgang.plans import services
from overgang.plans.models import CtiPlan, FocusArea, PlanRevision, SubGoal
from overgang.plans.presentation import plan_view, responsibility_text
from overgang.plans.tests.conftest import (
    CITIZEN_WORDS,
    CONTACT_START,
    GOAL,
    PHASE_1_START,
    PLAN_MADE_ON,
    SUB_GOALS,
    fresh,
)

pytestmark = pytest.mark.usefixtures("frozen_today")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def make_plan(course, actor, period, *, made_on, today, **values):
    starts_on, ends_on = services.period_dates(course, period, today=today)
    return services.plan_create(
        course=course,
        actor=actor,
        period=period,
        made_on=made_on,
        starts_on=values.pop("starts_on", starts_on),
        ends_on=values.pop("ends_on", ends_on),
        today=today,
        **values,
    )


def add_area(plan, actor, goal, sub_goals=(), **values):
    return services.focus_area_save(
        plan=plan,
        actor=actor,
        expected_version=fresh(plan).version,
        goal=goal,
        sub_goals=[services.SubGoalInput(text=text) for text in sub_goals],
        **values,
    )


# One plan per course per period -------------------------------------------------------------------


def test_a_plan_is_made_for_a_period_with_its_first_revision(plan, alice):
    assert plan.period == "phase_1"
    assert plan.version == 1
    assert plan.worker == alice
    assert plan.municipality_id == plan.course.municipality_id
    revision = PlanRevision.objects.get(plan=plan)
    assert (revision.number, revision.kind, revision.saved_by) == (1, "created", alice)
    assert revision.snapshot["citizen_words"] == CITIZEN_WORDS
    assert revision.snapshot["dimensions"] == ["housing", "network"]
    assert revision.snapshot["focus_areas"] == []


def test_each_period_of_the_course_gets_its_own_plan(course, alice, today):
    for period in ("contact", "phase_1", "phase_2", "phase_3"):
        make_plan(course, alice, period, made_on=today, today=today, carry_forward=False)

    assert sorted(CtiPlan.objects.filter(course=course).values_list("period", flat=True)) == [
        "contact",
        "phase_1",
        "phase_2",
        "phase_3",
    ]


def test_a_second_plan_for_the_same_period_is_refused(plan, alice, today):
    with pytest.raises(CourseActionError) as refused:
        make_plan(plan.course, alice, "phase_1", made_on=today, today=today, citizen_words="Igen")

    assert refused.value.field == "period"
    assert CtiPlan.objects.filter(course=plan.course).count() == 1
    assert fresh(plan).citizen_words == CITIZEN_WORDS


def test_a_period_outside_the_method_is_refused(course, alice, today):
    with pytest.raises(CourseActionError) as refused:
        services.plan_create(
            course=course,
            actor=alice,
            period="phase_4",
            made_on=today,
            starts_on=today,
            ends_on=today,
            today=today,
        )

    assert refused.value.field == "period"
    assert not CtiPlan.objects.exists()


# Carrying the plan forward ----------------------------------------------------------------------


def test_the_next_periods_plan_carries_the_focus_areas_sub_goals_and_citizens_words_forward(
    plan, area, alice, today
):
    carried = make_plan(plan.course, alice, "phase_2", made_on=today, today=today)

    assert carried.carried_from == plan
    assert carried.citizen_words == CITIZEN_WORDS
    copies = list(carried.focus_areas.all())
    assert [a.goal for a in copies] == [GOAL]
    assert copies[0].pk != area.pk
    assert copies[0].reason == area.reason
    assert copies[0].contacts == area.contacts
    assert [g.text for g in copies[0].sub_goals.all()] == list(SUB_GOALS)
    assert PlanRevision.objects.get(plan=carried).kind == "carried_forward"
    # The earlier plan keeps its own focus area: copied, not moved.
    assert [a.pk for a in plan.focus_areas.all()] == [area.pk]


def test_the_citizens_new_words_win_over_the_carried_ones(plan, area, alice, today):
    carried = make_plan(
        plan.course, alice, "phase_2", made_on=today, today=today, citizen_words="Nu vil jeg have et job."
    )

    assert carried.citizen_words == "Nu vil jeg have et job."
    assert carried.focus_areas.count() == 1


def test_a_plan_starts_empty_when_the_worker_chooses_not_to_carry_forward(plan, area, alice, today):
    new = make_plan(plan.course, alice, "phase_2", made_on=today, today=today, carry_forward=False)

    assert new.carried_from is None
    assert new.citizen_words == ""
    assert not new.focus_areas.exists()
    assert PlanRevision.objects.get(plan=new).kind == "created"


def test_the_latest_earlier_periods_plan_is_carried_not_an_older_or_a_later_one(course, alice, today):
    contact = make_plan(course, alice, "contact", made_on=CONTACT_START, today=today, citizen_words="Kontakt")
    add_area(contact, alice, "Mål fra kontaktfasen")
    phase_3 = make_plan(
        course, alice, "phase_3", made_on=today, today=today, carry_forward=False, citizen_words="Fase 3"
    )
    add_area(phase_3, alice, "Mål fra fase 3")
    phase_1 = make_plan(course, alice, "phase_1", made_on=PHASE_1_START, today=today)
    add_area(phase_1, alice, "Nyt mål i fase 1")

    phase_2 = make_plan(course, alice, "phase_2", made_on=today, today=today)

    assert phase_1.carried_from == contact  # phase 3 is later: never carried backwards
    assert phase_2.carried_from == phase_1  # the latest earlier plan, not the contact period's
    assert [a.goal for a in phase_2.focus_areas.all()] == ["Mål fra kontaktfasen", "Nyt mål i fase 1"]


def test_achieved_sub_goals_stay_in_the_earlier_plan_and_the_open_ones_carry_forward(
    plan, area, alice, today
):
    achieved, still_open = area.sub_goals.all()
    services.sub_goal_mark(
        plan=plan,
        sub_goal=achieved,
        achieved_on=d("2026-10-20"),
        actor=alice,
        expected_version=fresh(plan).version,
    )

    carried = make_plan(plan.course, alice, "phase_2", made_on=today, today=today)

    copied = list(SubGoal.objects.filter(focus_area__plan=carried))
    assert [(g.text, g.achieved_on) for g in copied] == [(still_open.text, None)]
    assert SubGoal.objects.get(pk=achieved.pk).achieved_on == d("2026-10-20")


def test_a_carried_plan_can_be_changed_after_the_earlier_plan_had_successes(plan, area, alice, today):
    services.sub_goal_mark(
        plan=plan,
        sub_goal=area.sub_goals.first(),
        achieved_on=d("2026-10-20"),
        actor=alice,
        expected_version=fresh(plan).version,
    )
    carried = make_plan(plan.course, alice, "phase_2", made_on=today, today=today)
    copy = carried.focus_areas.get()
    inputs = [
        services.SubGoalInput(id=g.pk, text=g.text, achieved_on=g.achieved_on) for g in copy.sub_goals.all()
    ]

    services.plan_update(
        plan=carried,
        actor=alice,
        expected_version=carried.version,
        citizen_words="Jeg har fået en lejlighed.",
    )
    services.focus_area_save(
        plan=carried,
        actor=alice,
        expected_version=fresh(carried).version,
        focus_area=copy,
        goal="Blive boende i lejligheden.",
        sub_goals=inputs,
    )

    assert fresh(carried).citizen_words == "Jeg har fået en lejlighed."
    assert FocusArea.objects.get(pk=copy.pk).goal == "Blive boende i lejligheden."
    assert fresh(carried).version == 3


# The period's dates from the CTI clock ----------------------------------------------------------


def test_period_dates_use_the_realised_start_and_the_planned_next_transition(course, today):
    # Phase 1 started 1 October 2026; 3-month phases, so phase 2 is planned for 1 January 2027.
    assert services.period_dates(course, "contact", today=today) == (CONTACT_START, d("2026-09-30"))
    assert services.period_dates(course, "phase_1", today=today) == (PHASE_1_START, d("2026-12-31"))
    assert services.period_dates(course, "phase_2", today=today) == (d("2027-01-01"), d("2027-03-31"))
    assert services.period_dates(course, "phase_3", today=today) == (d("2027-04-01"), d("2027-06-30"))


def test_period_dates_follow_a_realised_early_phase_change(course, alice, today):
    course = course_services.course_start_phase(
        course=course, phase=2, on=d("2026-11-20"), actor=alice, today=today
    )

    assert services.period_dates(course, "phase_1", today=today) == (PHASE_1_START, d("2026-11-19"))
    assert services.period_dates(course, "phase_2", today=today)[0] == d("2026-11-20")


def test_the_contact_period_ends_at_its_limit_before_phase_1_has_started(
    alice, homelessness, make_course, today
):
    course = make_course(alice, homelessness, contact=d("2026-11-02"))

    # One phase length (3 months) after the contact period started.
    assert services.period_dates(course, "contact", today=today) == (d("2026-11-02"), d("2027-02-01"))
    assert services.period_dates(course, "phase_1", today=today) == (None, None)


# The fields of appendix 6 -----------------------------------------------------------------------


def test_the_plan_keeps_the_dimensions_from_the_programmes_list_once_each(course, alice, today):
    plan = make_plan(
        course, alice, "phase_1", made_on=today, today=today, dimensions=["finances", "housing", "finances"]
    )

    assert fresh(plan).dimensions == ["finances", "housing"]
    with translation.override("da"):
        assert plan_view(fresh(plan)).dimensions == ["Økonomi", "Bolig"]
    with translation.override("en"):
        assert plan_view(fresh(plan)).dimensions == ["Finances", "Housing"]


def test_an_unknown_dimension_is_refused_and_nothing_is_saved(course, alice, today):
    with pytest.raises(CourseActionError) as refused:
        make_plan(course, alice, "phase_1", made_on=today, today=today, dimensions=["housing", "astrology"])

    assert refused.value.field == "dimensions"
    assert not CtiPlan.objects.exists()
    assert not PlanRevision.objects.exists()


def test_a_focus_area_holds_reason_goal_sub_goals_responsibility_activities_horizon_and_contacts(area, plan):
    stored = FocusArea.objects.get(pk=area.pk)
    assert stored.plan == plan
    assert stored.dimension == "housing"
    assert stored.reason == "Hun har boet på herberg i to år."
    assert stored.goal == GOAL
    assert stored.responsibility == "both"
    assert stored.activities == "Besøg hos boligselskabet."
    assert stored.time_horizon == "Inden udgangen af fase 1"
    assert stored.contacts == "Boligrådgiver Hanne, 12 34 56 78"
    assert [g.text for g in stored.sub_goals.all()] == list(SUB_GOALS)
    assert [g.position for g in stored.sub_goals.all()] == [1, 2]


@pytest.mark.parametrize("responsibility", ["citizen", "worker", "both"])
def test_responsibility_can_lie_with_the_citizen_the_worker_or_both(plan, alice, responsibility):
    area = add_area(plan, alice, "Et mål", responsibility=responsibility)

    assert FocusArea.objects.get(pk=area.pk).responsibility == responsibility


def test_a_named_person_from_the_network_can_be_responsible(plan, alice):
    area = add_area(plan, alice, "Et mål", responsibility="network", responsible_name="Morbror Jens")

    stored = FocusArea.objects.get(pk=area.pk)
    assert (stored.responsibility, stored.responsible_name) == ("network", "Morbror Jens")
    assert responsibility_text(stored).endswith(": Morbror Jens")


def test_network_responsibility_without_a_name_is_refused(plan, alice, plan_state):
    before = plan_state(plan)

    with pytest.raises(CourseActionError) as refused:
        add_area(plan, alice, "Et mål", responsibility="network", responsible_name="   ")

    assert refused.value.field == "responsible_name"
    assert plan_state(plan) == before


def test_an_unknown_responsibility_is_refused(plan, alice, plan_state):
    before = plan_state(plan)

    with pytest.raises(CourseActionError) as refused:
        add_area(plan, alice, "Et mål", responsibility="the_mayor")

    assert refused.value.field == "responsibility"
    assert plan_state(plan) == before


def test_a_focus_area_dimension_outside_the_programmes_list_is_refused(plan, alice, plan_state):
    before = plan_state(plan)

    with pytest.raises(CourseActionError) as refused:
        add_area(plan, alice, "Et mål", dimension="job")  # a job-programme track, not homelessness

    assert refused.value.field == "dimension"
    assert plan_state(plan) == before


def test_the_job_programmes_plan_is_one_joint_plan_across_the_three_tracks(
    alice, job_programme, make_course, today
):
    course = make_course(alice, job_programme, phase_1=d("2026-10-01"))

    plan = make_plan(
        course, alice, "phase_1", made_on=today, today=today, dimensions=["job", "coping", "network"]
    )

    assert plan_view(fresh(plan)).is_job_plan
    assert fresh(plan).dimensions == ["job", "coping", "network"]
    with pytest.raises(CourseActionError):
        services.plan_update(
            plan=plan, actor=alice, expected_version=plan.version, dimensions=["job", "housing"]
        )
    assert fresh(plan).dimensions == ["job", "coping", "network"]


def test_the_homelessness_plan_is_not_the_joint_plan(plan):
    assert not plan_view(fresh(plan)).is_job_plan


# About three focus areas ------------------------------------------------------------------------


def test_a_fourth_focus_area_is_saved_and_the_plan_is_marked_as_having_too_many(plan, alice):
    for number in (1, 2, 3):
        add_area(plan, alice, f"Mål {number}")
    assert not plan_view(fresh(plan)).too_many

    fourth = add_area(plan, alice, "Mål 4")

    view = plan_view(fresh(plan))
    assert FocusArea.objects.filter(plan=plan).count() == 4
    assert view.too_many
    assert [item.area.pk for item in view.areas][-1] == fourth.pk
    assert [item.number for item in view.areas] == [1, 2, 3, 4]


# Sub-goals achieved with a date ----------------------------------------------------------------


def test_a_sub_goal_is_marked_achieved_with_a_date_and_progress_counts_it(plan, area, alice):
    goal = area.sub_goals.first()

    services.sub_goal_mark(
        plan=plan,
        sub_goal=goal,
        achieved_on=d("2026-11-10"),
        actor=alice,
        expected_version=fresh(plan).version,
    )

    assert SubGoal.objects.get(pk=goal.pk).achieved_on == d("2026-11-10")
    view = plan_view(fresh(plan))
    assert (view.achieved, view.total) == (1, 2)
    assert view.percent == 50
    assert view.areas[0].achieved == 1
    latest = fresh(plan).revisions.first()
    assert latest.kind == "sub_goal_achieved"


def test_a_sub_goal_can_be_achieved_on_the_day_the_plan_was_made_and_today(plan, area, alice, today):
    first, second = area.sub_goals.all()

    services.sub_goal_mark(
        plan=plan, sub_goal=first, achieved_on=PLAN_MADE_ON, actor=alice, expected_version=fresh(plan).version
    )
    services.sub_goal_mark(
        plan=plan, sub_goal=second, achieved_on=today, actor=alice, expected_version=fresh(plan).version
    )

    assert plan_view(fresh(plan)).achieved == 2


@pytest.mark.parametrize(
    "achieved_on",
    [PLAN_MADE_ON - dt.timedelta(days=1), dt.date(2026, 11, 23)],
    ids=["before the plan was made", "in the future"],
)
def test_an_impossible_achieved_date_is_refused_and_nothing_is_saved(
    plan, area, alice, plan_state, achieved_on
):
    before = plan_state(plan)

    with pytest.raises(CourseActionError) as refused:
        services.sub_goal_mark(
            plan=plan,
            sub_goal=area.sub_goals.first(),
            achieved_on=achieved_on,
            actor=alice,
            expected_version=fresh(plan).version,
        )

    assert refused.value.field == "achieved_on"
    assert plan_state(plan) == before


def test_an_achieved_date_before_the_plan_is_refused_in_the_focus_area_form_too(
    plan, area, alice, plan_state
):
    before = plan_state(plan)
    goals = list(area.sub_goals.all())

    with pytest.raises(CourseActionError) as refused:
        services.focus_area_save(
            plan=plan,
            actor=alice,
            expected_version=fresh(plan).version,
            focus_area=area,
            goal=GOAL,
            sub_goals=[
                services.SubGoalInput(id=goals[0].pk, text=goals[0].text, achieved_on=d("2026-09-15")),
                services.SubGoalInput(id=goals[1].pk, text=goals[1].text),
            ],
        )

    assert refused.value.field == "sub_goals"
    assert plan_state(plan) == before


def test_a_sub_goal_marked_by_mistake_is_reopened(plan, area, alice):
    goal = area.sub_goals.first()
    services.sub_goal_mark(
        plan=plan,
        sub_goal=goal,
        achieved_on=d("2026-11-10"),
        actor=alice,
        expected_version=fresh(plan).version,
    )

    services.sub_goal_mark(
        plan=plan, sub_goal=goal, achieved_on=None, actor=alice, expected_version=fresh(plan).version
    )

    assert SubGoal.objects.get(pk=goal.pk).achieved_on is None
    assert plan_view(fresh(plan)).achieved == 0
    assert list(fresh(plan).revisions.values_list("kind", flat=True)[:2]) == [
        "sub_goal_reopened",
        "sub_goal_achieved",
    ]


def test_changing_a_focus_area_keeps_matched_sub_goals_adds_new_ones_and_removes_emptied_ones(
    plan, area, alice
):
    first, second = area.sub_goals.all()

    services.focus_area_save(
        plan=plan,
        actor=alice,
        expected_version=fresh(plan).version,
        focus_area=area,
        goal="Flytte ind i egen bolig i januar.",
        sub_goals=[
            services.SubGoalInput(id=first.pk, text="Ringe til boligselskabet igen"),
            services.SubGoalInput(id=second.pk, text=""),
            services.SubGoalInput(text="Købe en seng"),
        ],
    )

    goals = list(SubGoal.objects.filter(focus_area=area))
    assert [(g.pk == first.pk, g.text) for g in goals] == [
        (True, "Ringe til boligselskabet igen"),
        (False, "Købe en seng"),
    ]
    assert not SubGoal.objects.filter(pk=second.pk).exists()
    assert FocusArea.objects.get(pk=area.pk).goal == "Flytte ind i egen bolig i januar."


def test_a_removed_focus_area_leaves_the_plan_but_stays_in_its_history(plan, area, alice):
    services.focus_area_remove(plan=plan, focus_area=area, actor=alice, expected_version=fresh(plan).version)

    assert not FocusArea.objects.filter(pk=area.pk).exists()
    revisions = list(fresh(plan).revisions.all())
    assert revisions[0].kind == "focus_area_removed"
    assert revisions[0].snapshot["focus_areas"] == []
    assert revisions[1].snapshot["focus_areas"][0]["goal"] == GOAL


# Every change is a revision --------------------------------------------------------------------


def test_every_change_is_a_numbered_revision_with_the_whole_plan_after_it(plan, alice, carol):
    area = add_area(plan, alice, "Mål 1", sub_goals=["Skridt 1"])
    services.plan_update(
        plan=plan, actor=carol, expected_version=fresh(plan).version, citizen_words="Nye ord"
    )
    services.sub_goal_mark(
        plan=plan,
        sub_goal=area.sub_goals.get(),
        achieved_on=d("2026-11-01"),
        actor=alice,
        expected_version=fresh(plan).version,
    )
    services.plan_follow_up(
        plan=fresh(plan),
        actor=alice,
        expected_version=fresh(plan).version,
        on=d("2026-11-20"),
        note="Godt gået",
    )

    current = fresh(plan)
    revisions = list(PlanRevision.objects.filter(plan=plan).order_by("number"))
    assert current.version == 5
    assert [r.number for r in revisions] == [1, 2, 3, 4, 5]
    assert [r.kind for r in revisions] == [
        "created",
        "focus_area_added",
        "changed",
        "sub_goal_achieved",
        "follow_up",
    ]
    assert [r.saved_by for r in revisions] == [alice, alice, carol, alice, alice]
    assert revisions[2].snapshot["citizen_words"] == "Nye ord"
    assert revisions[1].snapshot["citizen_words"] == CITIZEN_WORDS
    assert revisions[3].snapshot["focus_areas"][0]["sub_goals"][0]["achieved_on"] == "2026-11-01"
    assert revisions[-1].snapshot == services.plan_snapshot(current)


def test_a_plan_change_updates_the_fields_of_the_plan(plan, carol):
    services.plan_update(
        plan=plan,
        actor=carol,
        expected_version=1,
        made_on=d("2026-10-06"),
        starts_on=d("2026-10-02"),
        ends_on=d("2027-01-15"),
        dimensions=["finances"],
        citizen_words="  Jeg vil styre min økonomi.  ",
    )

    current = fresh(plan)
    assert (current.made_on, current.starts_on, current.ends_on) == (
        d("2026-10-06"),
        d("2026-10-02"),
        d("2027-01-15"),
    )
    assert current.dimensions == ["finances"]
    assert current.citizen_words == "Jeg vil styre min økonomi."
    assert current.version == 2


# Follow-ups ------------------------------------------------------------------------------------


def test_a_follow_up_is_a_revision_with_its_date_and_note(plan, area, alice, today):
    revision = services.plan_follow_up(
        plan=fresh(plan), actor=alice, expected_version=2, on=today, note="  Vi har talt om boligen.  "
    )

    assert (revision.kind, revision.number, revision.follow_up_on) == ("follow_up", 3, today)
    assert revision.note == "Vi har talt om boligen."
    assert fresh(plan).version == 3
    assert plan_view(fresh(plan)).latest_follow_up == revision


@pytest.mark.parametrize(
    ("on", "note", "field"),
    [
        (dt.date(2026, 11, 23), "Opfølgning", "on"),
        (PLAN_MADE_ON - dt.timedelta(days=1), "Opfølgning", "on"),
        (None, "Opfølgning", "on"),
        (dt.date(2026, 11, 20), "   ", "note"),
    ],
    ids=["in the future", "before the plan", "without a date", "without a note"],
)
def test_an_impossible_follow_up_is_refused_and_nothing_is_saved(plan, alice, plan_state, on, note, field):
    before = plan_state(plan)

    with pytest.raises(CourseActionError) as refused:
        services.plan_follow_up(plan=plan, actor=alice, expected_version=1, on=on, note=note)

    assert refused.value.field == field
    assert plan_state(plan) == before


# Bad input saves nothing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": dt.date(2026, 9, 30)}, "ends_on"),
        ({"made_on": dt.date(2026, 11, 23)}, "made_on"),
        ({"made_on": dt.date(2026, 8, 31)}, "made_on"),
        ({"dimensions": ["housing", "unknown"]}, "dimensions"),
        ({"citizen_words": "x" * 2001}, "citizen_words"),
    ],
    ids=["end before start", "made in the future", "made before referral", "unknown dimension", "too long"],
)
def test_a_bad_plan_change_is_refused_with_a_message_and_nothing_is_saved(
    plan, area, carol, plan_state, change, field
):
    before = plan_state(plan)

    with pytest.raises(CourseActionError) as refused:
        services.plan_update(plan=plan, actor=carol, expected_version=fresh(plan).version, **change)

    assert refused.value.field == field
    assert refused.value.message
    assert plan_state(plan) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": dt.date(2026, 9, 30)}, "ends_on"),
        ({"made_on": dt.date(2026, 11, 23)}, "made_on"),
        ({"made_on": dt.date(2026, 8, 31)}, "made_on"),
        ({"dimensions": ["unknown"]}, "dimensions"),
        ({"made_on": None}, "made_on"),
        ({"starts_on": None}, "starts_on"),
    ],
    ids=["end before start", "in the future", "before referral", "unknown dimension", "no date", "no start"],
)
def test_a_bad_new_plan_is_refused_and_nothing_is_saved(course, alice, today, change, field):
    values = {
        "made_on": today,
        "starts_on": PHASE_1_START,
        "ends_on": d("2026-12-31"),
        "dimensions": ["housing"],
    } | change

    with pytest.raises(CourseActionError) as refused:
        services.plan_create(course=course, actor=alice, period="phase_1", today=today, **values)

    assert refused.value.field == field
    assert not CtiPlan.objects.exists()


def test_the_plan_cannot_be_dated_after_a_sub_goal_was_achieved(plan, area, alice, plan_state):
    services.sub_goal_mark(
        plan=plan,
        sub_goal=area.sub_goals.first(),
        achieved_on=d("2026-10-10"),
        actor=alice,
        expected_version=fresh(plan).version,
    )
    before = plan_state(plan)

    with pytest.raises(CourseActionError) as refused:
        services.plan_update(
            plan=plan, actor=alice, expected_version=fresh(plan).version, made_on=d("2026-10-11")
        )

    assert refused.value.field == "made_on"
    assert plan_state(plan) == before


@pytest.mark.parametrize("goal", ["", "   \n  "], ids=["empty", "blank"])
def test_a_focus_area_without_a_goal_is_refused_and_nothing_is_saved(plan, area, alice, plan_state, goal):
    before = plan_state(plan)

    with pytest.raises(CourseActionError) as new_refused:
        add_area(plan, alice, goal, sub_goals=["Et skridt"])
    with pytest.raises(CourseActionError) as change_refused:
        services.focus_area_save(
            plan=plan, actor=alice, expected_version=fresh(plan).version, focus_area=area, goal=goal
        )

    assert new_refused.value.field == change_refused.value.field == "goal"
    assert plan_state(plan) == before


def test_an_ended_course_is_read_only_for_every_write_to_its_plan(plan, area, alice, today, plan_state):
    course_services.course_end(course=plan.course, on=today, reason="moved", actor=alice, today=today)
    plan = fresh(plan)
    version = plan.version
    goal = area.sub_goals.first()
    before = plan_state(plan)
    writes = [
        lambda: services.plan_update(plan=plan, actor=alice, expected_version=version, citizen_words="Nej"),
        lambda: add_area(plan, alice, "Endnu et mål"),
        lambda: services.focus_area_save(
            plan=plan, actor=alice, expected_version=version, focus_area=area, goal="Ændret"
        ),
        lambda: services.focus_area_remove(plan=plan, focus_area=area, actor=alice, expected_version=version),
        lambda: services.sub_goal_mark(
            plan=plan, sub_goal=goal, achieved_on=today, actor=alice, expected_version=version
        ),
        lambda: services.plan_follow_up(
            plan=plan, actor=alice, expected_version=version, on=today, note="Nej"
        ),
        lambda: make_plan(plan.course, alice, "phase_2", made_on=today, today=today),
    ]

    for write in writes:
        with pytest.raises(CourseActionError) as refused:
            write()
        assert refused.value.conflict

    assert plan_state(plan) == before
    assert CtiPlan.objects.filter(course=plan.course).count() == 1


def test_the_database_refuses_a_focus_area_without_goal_and_a_sub_goal_without_text(plan):
    from django.db import IntegrityError, transaction

    from overgang.plans.models import FocusArea, SubGoal

    with pytest.raises(IntegrityError), transaction.atomic():
        FocusArea.objects.create(plan=plan, goal="")
    area = FocusArea.objects.create(plan=plan, goal="Et mål")
    with pytest.raises(IntegrityError), transaction.atomic():
        SubGoal.objects.create(focus_area=area, text="")
