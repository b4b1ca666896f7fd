"""The course page's card of the people around the citizen on a job course, without the course app
having to know the network: `{% job_team_card course %}`."""

from __future__ import annotations

from typing import Any

from django import template

from overgang.courses.models import Course
from overgang.jobs.team import job_team

register = template.Library()


@register.inclusion_tag("jobs/_job_team.html", takes_context=True)
def job_team_card(context: Any, course: Course) -> dict[str, Any]:
    return {
        "course": course,
        "job_team": job_team(course),
        "csrf_token": context.get("csrf_token"),
        "can_attach_job_consultants": context.get("can_attach_job_consultants"),
        "job_consultants_available": context.get("job_consultants_available"),
        "job_consultant_error": context.get("job_consultant_error"),
    }
