"""The course page's way to the data export, without the course app having to know of it."""

from __future__ import annotations

from typing import Any

from django import template

from overgang.courses.models import Course
from overgang.privacy.export import user_may_export

register = template.Library()


@register.inclusion_tag("privacy/_export_link.html", takes_context=True)
def data_export_link(context: dict[str, Any], course: Course) -> dict[str, Any]:
    return {"course": course, "show": user_may_export(context["request"].user)}
