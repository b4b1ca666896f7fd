"""What changed between two revisions of a CTI plan: pure Python over the revisions' snapshots.

A snapshot is the whole plan as plain JSON (see services.plan_snapshot). Focus areas and sub-goals
are matched by id, so a changed goal reads as a change, not as one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PLAN_FIELDS = ("period", "made_on", "worker", "starts_on", "ends_on", "dimensions", "citizen_words")
FOCUS_FIELDS = (
    "dimension",
    "reason",
    "goal",
    "responsibility",
    "responsible_name",
    "activities",
    "time_horizon",
    "contacts",
)
SUB_GOAL_FIELDS = ("text", "achieved_on")


@dataclass(frozen=True)
class Change:
    """One difference. `scope` is "plan", "focus_area" or "sub_goal"; `action` added/removed/changed."""

    scope: str
    action: str
    field: str | None = None
    before: Any = None
    after: Any = None
    focus_area: int | None = None  # 1-based position of the focus area in the newer (or older) plan
    sub_goal: int | None = None  # 1-based position of the sub-goal within its focus area
    title: str = ""  # the focus area's goal or the sub-goal's text, to say which one


def _by_id(items: list[dict[str, Any]]) -> dict[Any, tuple[int, dict[str, Any]]]:
    return {item["id"]: (index, item) for index, item in enumerate(items, start=1)}


def _field_changes(
    old: dict[str, Any], new: dict[str, Any], fields: tuple[str, ...]
) -> list[tuple[str, Any, Any]]:
    return [(name, old.get(name), new.get(name)) for name in fields if old.get(name) != new.get(name)]


def plan_diff(older: dict[str, Any] | None, newer: dict[str, Any]) -> list[Change]:
    """The changes that lead from `older` to `newer` (no older: the whole plan is new)."""
    if older is None:
        return [Change("plan", "added")]
    changes = [
        Change("plan", "changed", field=name, before=before, after=after)
        for name, before, after in _field_changes(older, newer, PLAN_FIELDS)
    ]
    old_areas = _by_id(older.get("focus_areas", []))
    new_areas = _by_id(newer.get("focus_areas", []))
    for area_id, (position, area) in new_areas.items():
        if area_id not in old_areas:
            changes.append(Change("focus_area", "added", focus_area=position, title=area.get("goal", "")))
            continue
        _, old_area = old_areas[area_id]
        changes.extend(
            Change(
                "focus_area",
                "changed",
                field=name,
                before=before,
                after=after,
                focus_area=position,
                title=area.get("goal", ""),
            )
            for name, before, after in _field_changes(old_area, area, FOCUS_FIELDS)
        )
        old_goals = _by_id(old_area.get("sub_goals", []))
        new_goals = _by_id(area.get("sub_goals", []))
        for goal_id, (goal_position, goal) in new_goals.items():
            if goal_id not in old_goals:
                changes.append(
                    Change(
                        "sub_goal",
                        "added",
                        focus_area=position,
                        sub_goal=goal_position,
                        title=goal.get("text", ""),
                    )
                )
                continue
            _, old_goal = old_goals[goal_id]
            changes.extend(
                Change(
                    "sub_goal",
                    "changed",
                    field=name,
                    before=before,
                    after=after,
                    focus_area=position,
                    sub_goal=goal_position,
                    title=goal.get("text", ""),
                )
                for name, before, after in _field_changes(old_goal, goal, SUB_GOAL_FIELDS)
            )
        for goal_id, (goal_position, goal) in old_goals.items():
            if goal_id not in new_goals:
                changes.append(
                    Change(
                        "sub_goal",
                        "removed",
                        focus_area=position,
                        sub_goal=goal_position,
                        title=goal.get("text", ""),
                    )
                )
    for area_id, (position, area) in old_areas.items():
        if area_id not in new_areas:
            changes.append(Change("focus_area", "removed", focus_area=position, title=area.get("goal", "")))
    return changes


def progress(snapshot: dict[str, Any]) -> tuple[int, int]:
    """Sub-goals achieved and sub-goals in all, over the plan's focus areas."""
    goals = [goal for area in snapshot.get("focus_areas", []) for goal in area.get("sub_goals", [])]
    return sum(1 for goal in goals if goal.get("achieved_on")), len(goals)
