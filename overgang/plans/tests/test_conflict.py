"""Two people editing the same plan at once: the second save names a version that has moved on, so
it is refused with the revision that got there first, and nothing is overwritten."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages

from overgang.plans import services
from overgang.plans.models import FocusArea, SubGoal
from overgang.plans.tests.conftest import GOAL, fresh

pytestmark = pytest.mark.usefixtures("frozen_today")


def stale_writes(plan, area, actor, version):
    """Every write to the plan, each made with the version the user saw."""
    goal = area.sub_goals.first()
    return {
        "plan change": lambda: services.plan_update(
            plan=plan, actor=actor, expected_version=version, citizen_words="Carols ord"
        ),
        "new focus area": lambda: services.focus_area_save(
            plan=plan, actor=actor, expected_version=version, goal="Carols nye mål"
        ),
        "focus area change": lambda: services.focus_area_save(
            plan=plan, actor=actor, expected_version=version, focus_area=area, goal="Carols mål"
        ),
        "focus area removal": lambda: services.focus_area_remove(
            plan=plan, focus_area=area, actor=actor, expected_version=version
        ),
        "sub-goal achieved": lambda: services.sub_goal_mark(
            plan=plan, sub_goal=goal, achieved_on=dt.date(2026, 11, 20), actor=actor, expected_version=version
        ),
        "follow-up": lambda: services.plan_follow_up(
            plan=plan, actor=actor, expected_version=version, on=dt.date(2026, 11, 20), note="Carols note"
        ),
    }


WRITES = [
    "plan change",
    "new focus area",
    "focus area change",
    "focus area removal",
    "sub-goal achieved",
    "follow-up",
]


@pytest.mark.parametrize("write", WRITES)
def test_a_stale_write_is_refused_with_the_revision_that_got_there_first(
    plan, area, alice, carol, plan_state, write
):
    seen = fresh(plan).version
    services.plan_update(plan=plan, actor=alice, expected_version=seen, citizen_words="Alices ord")
    before = plan_state(plan)

    with pytest.raises(services.PlanConflict) as refused:
        stale_writes(plan, area, carol, seen)[write]()

    assert refused.value.conflict
    assert refused.value.latest is not None
    assert refused.value.latest.number == seen + 1
    assert refused.value.latest.saved_by == alice
    assert refused.value.latest.kind == "changed"
    assert plan_state(plan) == before
    assert fresh(plan).citizen_words == "Alices ord"


@pytest.mark.parametrize("write", WRITES)
def test_a_write_without_a_version_is_refused(plan, area, carol, plan_state, write):
    before = plan_state(plan)

    with pytest.raises(services.PlanConflict):
        stale_writes(plan, area, carol, None)[write]()

    assert plan_state(plan) == before


def test_the_next_write_with_the_current_version_is_accepted(plan, area, alice, carol):
    services.plan_update(plan=plan, actor=alice, expected_version=2, citizen_words="Alices ord")

    services.plan_update(plan=plan, actor=carol, expected_version=3, citizen_words="Carols ord")

    assert fresh(plan).citizen_words == "Carols ord"
    assert fresh(plan).version == 4


# Through the pages, with two people at two screens ----------------------------------------------


def focus_area_post(area, version, goal):
    goals = list(area.sub_goals.all())
    data = {
        "version": str(version),
        "dimension": area.dimension,
        "reason": area.reason,
        "goal": goal,
        "responsibility": area.responsibility,
        "responsible_name": area.responsible_name,
        "activities": area.activities,
        "time_horizon": area.time_horizon,
        "contacts": area.contacts,
        "goals-TOTAL_FORMS": str(len(goals)),
        "goals-INITIAL_FORMS": str(len(goals)),
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "20",
    }
    for index, sub_goal in enumerate(goals):
        data |= {f"goals-{index}-id": str(sub_goal.pk), f"goals-{index}-text": sub_goal.text}
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_two_people_change_the_same_focus_area_and_the_second_is_refused_with_their_input_kept(
    plan, area, alice, carol, client_for
):
    url = f"/courses/{plan.course.pk}/plan/{plan.pk}/focus/{area.pk}/"
    alices_screen, carols_screen = client_for(alice), client_for(carol)
    alices_form = alices_screen.get(url)
    carols_form = carols_screen.get(url)
    alices_version = alices_form.context["form"]["version"].value()
    carols_version = carols_form.context["form"]["version"].value()
    assert alices_version == carols_version == fresh(plan).version

    saved = alices_screen.post(url, focus_area_post(area, alices_version, "Alices nye mål for boligen"))
    refused = carols_screen.post(url, focus_area_post(area, carols_version, "Carols helt andet mål"))

    assert saved.status_code == 302
    assert refused.status_code == 400
    assert FocusArea.objects.get(pk=area.pk).goal == "Alices nye mål for boligen"
    message = " ".join(messages_of(refused))
    assert "Alice Testsen" in message  # who changed it
    assert f" {alices_version + 1} " in message  # which revision
    assert refused.context["form"]["goal"].value() == "Carols helt andet mål"
    assert "Carols helt andet mål" in refused.content.decode()
    assert fresh(plan).revisions.first().saved_by == alice


def test_two_people_change_the_plan_and_the_second_is_refused_in_english_too(
    plan, area, alice, carol, client_for
):
    url = f"/courses/{plan.course.pk}/plan/{plan.pk}/edit/"
    alices_screen, carols_screen = client_for(alice), client_for(carol)
    carols_screen.cookies["django_language"] = "en"
    version = carols_screen.get(url).context["form"]["version"].value()
    form = {
        "version": str(version),
        "made_on": "2026-10-05",
        "starts_on": "2026-10-01",
        "ends_on": "2026-12-31",
        "dimensions": ["housing"],
    }

    assert alices_screen.post(url, form | {"citizen_words": "Alice skrev dette"}).status_code == 302
    refused = carols_screen.post(url, form | {"citizen_words": "Carol skrev dette"})

    assert refused.status_code == 400
    message = " ".join(messages_of(refused))
    assert "Someone else changed this plan" in message
    assert "by Alice Testsen" in message
    assert "Carol skrev dette" in refused.content.decode()
    assert fresh(plan).citizen_words == "Alice skrev dette"


def test_a_stale_sub_goal_mark_from_the_page_is_refused_and_says_who_changed_the_plan(
    plan, area, alice, carol, client_for
):
    seen = fresh(plan).version
    services.plan_update(plan=plan, actor=alice, expected_version=seen, citizen_words="Alices ord")
    goal = area.sub_goals.first()

    response = client_for(carol).post(
        f"/courses/{plan.course.pk}/plan/{plan.pk}/sub-goals/{goal.pk}/",
        {"version": str(seen), "achieved_on": "2026-11-20", "action": "achieve"},
    )

    assert response.status_code == 302
    assert "Alice Testsen" in " ".join(messages_of(response))
    assert SubGoal.objects.get(pk=goal.pk).achieved_on is None
    assert FocusArea.objects.get(pk=area.pk).goal == GOAL
