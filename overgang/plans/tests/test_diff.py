"""What changed between two revisions: plan fields, focus areas and sub-goals matched by id.
Pure Python over snapshots, so most tests need no database."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overgang.plans.diff import FOCUS_FIELDS, PLAN_FIELDS, SUB_GOAL_FIELDS, plan_diff, progress


def snapshot(**overrides: Any) -> dict[str, Any]:
    base = {
        "period": "phase_1",
        "made_on": "2026-10-05",
        "worker": "Alice Testsen",
        "starts_on": "2026-10-01",
        "ends_on": "2026-12-31",
        "dimensions": ["housing"],
        "citizen_words": "Egen bolig",
        "focus_areas": [
            focus_area(1, "Flytte ind i egen bolig", [sub_goal(11, "Ringe"), sub_goal(12, "Søge støtte")]),
            focus_area(2, "Styr på økonomien", [sub_goal(21, "Lave et budget")]),
        ],
    }
    return base | overrides


def focus_area(area_id: int, goal: str, sub_goals: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "id": area_id,
        "dimension": "housing",
        "reason": "",
        "goal": goal,
        "responsibility": "both",
        "responsible_name": "",
        "activities": "",
        "time_horizon": "",
        "contacts": "",
        "sub_goals": sub_goals or [],
    }


def sub_goal(goal_id: int, text: str, achieved_on: str | None = None) -> dict[str, Any]:
    return {"id": goal_id, "text": text, "achieved_on": achieved_on}


def summary(changes):
    return [(c.scope, c.action, c.field, c.focus_area, c.sub_goal) for c in changes]


# Examples --------------------------------------------------------------------------------------


def test_the_first_version_is_the_whole_plan_added():
    changes = plan_diff(None, snapshot())

    assert summary(changes) == [("plan", "added", None, None, None)]


def test_a_changed_plan_field_reads_with_its_value_before_and_after():
    changes = plan_diff(snapshot(), snapshot(citizen_words="Et job", ends_on="2027-01-15"))

    assert {(c.field, c.before, c.after) for c in changes} == {
        ("ends_on", "2026-12-31", "2027-01-15"),
        ("citizen_words", "Egen bolig", "Et job"),
    }
    assert all((c.scope, c.action) == ("plan", "changed") for c in changes)


def test_a_changed_goal_is_one_change_not_one_removed_and_one_added():
    newer = copy.deepcopy(snapshot())
    newer["focus_areas"][1]["goal"] = "Betale gælden af"

    changes = plan_diff(snapshot(), newer)

    assert summary(changes) == [("focus_area", "changed", "goal", 2, None)]
    assert (changes[0].before, changes[0].after, changes[0].title) == (
        "Styr på økonomien",
        "Betale gælden af",
        "Betale gælden af",
    )


def test_focus_areas_are_matched_by_id_even_when_their_order_changes():
    older = snapshot()
    newer = snapshot(focus_areas=list(reversed(older["focus_areas"])))

    assert plan_diff(older, newer) == []


def test_an_added_and_a_removed_focus_area():
    older = snapshot()
    newer = copy.deepcopy(older)
    removed = newer["focus_areas"].pop(0)
    newer["focus_areas"].append(focus_area(3, "Se min datter", [sub_goal(31, "Skrive et brev")]))

    changes = plan_diff(older, newer)

    assert sorted(summary(changes), key=str) == sorted(
        [("focus_area", "added", None, 2, None), ("focus_area", "removed", None, 1, None)], key=str
    )
    titles = {c.action: c.title for c in changes}
    assert titles == {"added": "Se min datter", "removed": removed["goal"]}


def test_sub_goals_added_removed_changed_and_achieved():
    older = snapshot()
    newer = copy.deepcopy(older)
    goals = newer["focus_areas"][0]["sub_goals"]
    goals[0]["achieved_on"] = "2026-11-10"  # achieved
    goals.pop(1)  # removed
    goals.append(sub_goal(13, "Købe en seng"))  # added
    newer["focus_areas"][1]["sub_goals"][0]["text"] = "Lave et budget med Hanne"  # changed

    changes = plan_diff(older, newer)

    assert sorted(summary(changes), key=str) == sorted(
        [
            ("sub_goal", "changed", "achieved_on", 1, 1),
            ("sub_goal", "removed", None, 1, 2),
            ("sub_goal", "added", None, 1, 2),
            ("sub_goal", "changed", "text", 2, 1),
        ],
        key=str,
    )
    achieved = next(c for c in changes if c.field == "achieved_on")
    assert (achieved.before, achieved.after, achieved.title) == (None, "2026-11-10", "Ringe")
    removed = next(c for c in changes if c.action == "removed")
    assert removed.title == "Søge støtte"


def test_progress_counts_achieved_sub_goals_over_all_focus_areas():
    newer = copy.deepcopy(snapshot())
    newer["focus_areas"][1]["sub_goals"][0]["achieved_on"] = "2026-11-01"

    assert progress(snapshot()) == (0, 3)
    assert progress(newer) == (1, 3)
    assert progress(snapshot(focus_areas=[])) == (0, 0)


# Properties ------------------------------------------------------------------------------------

texts = st.text(alphabet="abcæøå ÆØÅ1-", max_size=12)
dates = st.dates().map(lambda day: day.isoformat())
optional_dates = st.none() | dates


@st.composite
def snapshots(draw: Any) -> dict[str, Any]:
    area_ids = draw(st.lists(st.integers(1, 50), unique=True, max_size=5))
    goal_ids = iter(draw(st.lists(st.integers(100, 10_000), unique=True, min_size=40, max_size=40)))
    areas = []
    for area_id in area_ids:
        area = {name: draw(texts) for name in FOCUS_FIELDS}
        area["id"] = area_id
        area["sub_goals"] = [
            {"id": next(goal_ids), "text": draw(texts), "achieved_on": draw(optional_dates)}
            for _ in range(draw(st.integers(0, 4)))
        ]
        areas.append(area)
    return {
        "period": draw(st.sampled_from(["contact", "phase_1", "phase_2", "phase_3"])),
        "made_on": draw(dates),
        "worker": draw(texts),
        "starts_on": draw(dates),
        "ends_on": draw(dates),
        "dimensions": draw(st.lists(st.sampled_from(["housing", "network", "finances"]), unique=True)),
        "citizen_words": draw(texts),
        "focus_areas": areas,
    }


@given(snapshots())
def test_a_snapshot_compared_with_itself_has_no_changes(plan):
    assert plan_diff(plan, copy.deepcopy(plan)) == []


@given(snapshots(), st.data())
def test_every_changed_plan_field_appears_once_and_nothing_else(older, data):
    fields = data.draw(st.lists(st.sampled_from(PLAN_FIELDS), unique=True))
    newer = copy.deepcopy(older)
    for name in fields:
        newer[name] = [*older[name], "unknown"] if name == "dimensions" else f"{older[name]}+"

    changes = plan_diff(older, newer)

    assert sorted(c.field for c in changes) == sorted(fields)
    for change in changes:
        assert (change.scope, change.action) == ("plan", "changed")
        assert (change.before, change.after) == (older[change.field], newer[change.field])


@given(snapshots(), st.data())
def test_every_changed_focus_area_and_sub_goal_field_appears(older, data):
    newer = copy.deepcopy(older)
    expected = set()
    for position, area in enumerate(newer["focus_areas"], start=1):
        for name in data.draw(st.lists(st.sampled_from(FOCUS_FIELDS), unique=True)):
            area[name] += "+"
            expected.add(("focus_area", name, position, None))
        for goal_position, goal in enumerate(area["sub_goals"], start=1):
            for name in data.draw(st.lists(st.sampled_from(SUB_GOAL_FIELDS), unique=True)):
                goal[name] = (goal[name] or "") + "+"
                expected.add(("sub_goal", name, position, goal_position))

    changes = plan_diff(older, newer)

    assert {(c.scope, c.field, c.focus_area, c.sub_goal) for c in changes} == expected
    assert len(changes) == len(expected)
    assert all(c.action == "changed" for c in changes)


@given(snapshots(), snapshots())
def test_the_diff_backwards_swaps_added_with_removed_and_before_with_after(older, newer):
    forwards = plan_diff(older, newer)
    backwards = plan_diff(newer, older)
    swap = {"added": "removed", "removed": "added", "changed": "changed"}

    def key(change, flip):
        action = swap[change.action] if flip else change.action
        before, after = (change.after, change.before) if flip else (change.before, change.after)
        # A changed item is titled by its newer text, so only added and removed keep their title.
        title = change.title if change.action != "changed" else ""
        return (change.scope, action, change.field, repr(before), repr(after), title)

    assert sorted(key(c, True) for c in forwards) == sorted(key(c, False) for c in backwards)


@given(snapshots())
def test_removing_every_focus_area_reports_each_as_removed_with_its_goal(older):
    changes = plan_diff(older, older | {"focus_areas": []})

    removed = [c for c in changes if c.scope == "focus_area"]
    assert [(c.action, c.focus_area, c.title) for c in removed] == [
        ("removed", position, area["goal"]) for position, area in enumerate(older["focus_areas"], start=1)
    ]
    assert not [c for c in changes if c.scope == "sub_goal"]


@pytest.mark.parametrize("field", PLAN_FIELDS)
def test_each_plan_field_is_compared(field):
    older = snapshot()
    newer = snapshot(**{field: ["network"] if field == "dimensions" else "changed"})

    assert [c.field for c in plan_diff(older, newer)] == [field]
