"""The checklists on the course page: the current period's progress, and the transition list next
to the transition action."""

from __future__ import annotations

from typing import Any

from django import template

from overgang.checklists.selectors import course_checklist

register = template.Library()

NEXT = {"contact": "phase_1", "phase_1": "phase_2", "phase_2": "phase_3", "phase_3": "end"}


def _course_checklist(course: Any, period: str) -> Any:
    """course_checklist, read once per course object and period: the course page shows the card and
    the transition list of the same checklist."""
    cache = course.__dict__.setdefault("_checklist_by_period", {})
    if period not in cache:
        cache[period] = course_checklist(course, period)
    return cache[period]


@register.inclusion_tag("checklists/_card.html")
def checklist_card(course: Any, period: Any) -> dict[str, Any]:
    """Progress per group of the checklist for the period the course is in."""
    listed = _course_checklist(course, str(period)) if str(period) in NEXT else None
    return {"course": course, "listed": listed, "period": str(period)}


@register.inclusion_tag("checklists/_transition.html")
def transition_checklist(course: Any, period: Any) -> dict[str, Any]:
    """What should be in place at the transition out of the period, with the answers so far."""
    period = str(period)
    listed = _course_checklist(course, period) if period in NEXT else None
    rows = listed.transition_rows(NEXT[period]) if listed else []
    return {
        "course": course,
        "rows": rows,
        "answered": sum(1 for row in rows if row.answer is not None),
        "period": period,
    }


@register.filter
def completion_of(completion: dict[int, tuple[int, int]], course_id: int) -> tuple[int, int] | None:
    """`{{ completion|completion_of:course.pk }}`: (answered, total) of the course's current list."""
    return completion.get(course_id)
