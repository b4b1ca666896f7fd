"""Reads for the handover and the ending: a course's plan, meetings, celebration and letter; which
courses have a handover meeting (for the coordinator's alert); and when the ending may be written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

from overgang.courses.access import user_can_change_course
from overgang.courses.models import Course
from overgang.handover.letters import DEFAULT_LETTER, fill_in
from overgang.handover.models import (
    Celebration,
    ClosingLetter,
    ClosingLetterTemplate,
    HandoverMeeting,
    HandoverPlan,
)
from overgang.method.alerts import HANDOVER_DAYS
from overgang.method.clock import Period, Schedule
from overgang.network.models import NetworkPerson
from overgang.programmes.models import Programme

# The ending (celebration, closing letter) is often done on the last day or just after the end has
# been registered: it stays writable this many days after the end date.
ENDING_GRACE_DAYS = 14


def courses_with_handover_meeting(course_ids: Iterable[int]) -> set[int]:
    """The courses among these with at least one handover meeting registered (one query)."""
    return set(
        HandoverMeeting.objects.filter(course_id__in=list(course_ids))
        .values_list("course_id", flat=True)
        .distinct()
    )


def network_people(course: Course) -> QuerySet[NetworkPerson]:
    """The people who may take part in the handover: the course's citizen's network."""
    return NetworkPerson.objects.filter(citizen_id=course.citizen_id)


def plan_for(course: Course) -> HandoverPlan | None:
    return HandoverPlan.objects.select_related("responsible").filter(course=course).first()


def meetings_for(course: Course) -> list[HandoverMeeting]:
    return list(HandoverMeeting.objects.filter(course=course).prefetch_related("participants"))


def celebration_for(course: Course) -> Celebration | None:
    return Celebration.objects.filter(course=course).first()


def letter_for(course: Course) -> ClosingLetter | None:
    return ClosingLetter.objects.filter(course=course).first()


def letter_template_texts(programme: Programme) -> dict[str, str]:
    """The programme's own wording of the closing letter, else the default ({"da": ..., "en": ...})."""
    own = ClosingLetterTemplate.objects.filter(programme=programme).first()
    if own is None:
        return dict(DEFAULT_LETTER)
    return {"da": own.text_da, "en": own.text_en}


def letter_prefill(course: Course, schedule: Schedule) -> str:
    """The programme's template in the active language, filled in for this course."""
    language = "en" if (get_language() or "da").startswith("en") else "da"
    worker = course.worker
    return fill_in(
        letter_template_texts(course.programme)[language],
        first_name=course.citizen.first_name,
        worker_name=worker.get_full_name() or worker.get_username(),
        programme=course.programme.name,
        end_date=course.end_date or schedule.planned(Period.ENDED),
    )


def can_change_handover(user: Any, course: Course) -> bool:
    """The handover plan and meetings: while the course runs, by those who may change it."""
    return user_can_change_course(user, course) and course.end_date is None


def can_change_ending(user: Any, course: Course, schedule: Schedule) -> bool:
    """The celebration and the closing letter: in phase 3, and for a short while after the end."""
    if not user_can_change_course(user, course):
        return False
    if course.end_date is not None:
        return (schedule.today - course.end_date).days <= ENDING_GRACE_DAYS
    return schedule.period is Period.PHASE_3


def meeting_deadline(schedule: Schedule) -> dt.date | None:
    """At the latest one month before the planned end (4.5.1; shelter 2.4.1), counted as the
    coordinator's alert counts it."""
    end = schedule.planned(Period.ENDED)
    return end - dt.timedelta(days=HANDOVER_DAYS) if end else None
