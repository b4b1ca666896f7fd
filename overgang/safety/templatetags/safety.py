"""The course page's way to the safety plan, without the course app having to know of it."""

from __future__ import annotations

from typing import Any

from django import template

from overgang.courses.access import user_may_see_safety_plan
from overgang.courses.models import Course
from overgang.safety.services import course_has_safety_plan

register = template.Library()


@register.simple_tag(takes_context=True)
def shows_safety_link(context: dict[str, Any], course: Course) -> bool:
    """Only shelter-programme courses have a safety plan, and only its few readers see the way."""
    return course_has_safety_plan(course) and user_may_see_safety_plan(context["request"].user, course)
