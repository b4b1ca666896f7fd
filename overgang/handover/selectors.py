"""Reads for the handover and the ending: a course's plan, meetings, celebration and letter; which
courses have a handover meeting (for the coordinator's alert); and when the ending may be written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from overgang.courses.access import JOB_TEMPLATE, user_can_change_course
from overgang.courses.job_people import course_is_job
from overgang.courses.models import Course
from overgang.handover.letters import DEFAULT_LETTER, fill_in
from overgang.handover.models import (
    Celebration,
    ClosingLetter,
    ClosingLetterTemplate,
    ContinuedSupport,
    HandoverMeeting,
    HandoverPlan,
    MeetingKind,
)
from overgang.jobs.team import JOB_CENTRE_ROLES, SOCIAL_SERVICES_ROLES, job_team
from overgang.method.alerts import HANDOVER_DAYS
from overgang.method.clock import Period, Schedule
from overgang.network.models import NetworkPerson
from overgang.programmes.models import Programme

# The ending (celebration, closing letter) is often done on the last day or just after the end has
# been registered: it stays writable this many days after the end date.
ENDING_GRACE_DAYS = 14

# The job model's closing meeting (afsluttende møde): who takes part.
CLOSING_MEETING_PEOPLE = {
    "citizen": _("the citizen"),
    "job_centre": _("the case worker in the job centre"),
    "social_services": _("the case worker in social services"),
    "job_consultant": _("the job consultant"),
    "worker": _("the CTI worker"),
}


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
    return list(
        HandoverMeeting.objects.filter(course=course).prefetch_related("participants", "job_consultants")
    )


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


# The job model: closing meeting, retention plan, the decision on mentor or § 85 support --------------


def support_decision_registered(plan: HandoverPlan | None) -> bool:
    """The job model asks for a decision on mentor or § 85 support before the end: registered when
    the plan says no continued support is needed, or gives the date continued support was decided."""
    if plan is None:
        return False
    return plan.continued_support == ContinuedSupport.NONE or plan.support_decided_on is not None


def job_courses_support_decision(course_ids: Iterable[int]) -> dict[int, bool]:
    """For the job-programme courses among these: whether the decision on mentor or § 85 support
    is registered (one query). Courses of other programmes are left out."""
    decided = HandoverPlan.objects.filter(course_id=OuterRef("pk")).filter(
        Q(continued_support=ContinuedSupport.NONE) | Q(support_decided_on__isnull=False)
    )
    rows = (
        Course.objects.filter(pk__in=list(course_ids), programme__template__code=JOB_TEMPLATE)
        .annotate(decided=Exists(decided))
        .values_list("pk", "decided")
    )
    return {pk: bool(flag) for pk, flag in rows}


def handover_alert_inputs(course_ids: Iterable[int]) -> dict[int, tuple[bool, bool | None]]:
    """Per course: (a handover meeting is registered, the decision on mentor or § 85 support is
    registered, or None outside the job programme). One query for any number of courses: the inputs
    of the no-handover and no-support-decision alerts."""
    decided = HandoverPlan.objects.filter(course_id=OuterRef("pk")).filter(
        Q(continued_support=ContinuedSupport.NONE) | Q(support_decided_on__isnull=False)
    )
    rows = (
        Course.objects.filter(pk__in=list(course_ids))
        .annotate(
            has_meeting=Exists(HandoverMeeting.objects.filter(course_id=OuterRef("pk"))),
            decided=Exists(decided),
            is_job=Case(
                When(programme__template__code=JOB_TEMPLATE, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values_list("pk", "has_meeting", "decided", "is_job")
    )
    return {pk: (bool(meeting), bool(flag) if is_job else None) for pk, meeting, flag, is_job in rows}


def closing_meeting_missing(meeting: HandoverMeeting | None) -> list[str]:
    """Who the job model expects at the closing meeting but is not registered as taking part:
    the citizen, both case workers, the job consultant and the CTI worker (translated labels)."""
    if meeting is None:
        return [str(label) for label in CLOSING_MEETING_PEOPLE.values()]
    roles = {person.role for person in meeting.participants.all()}
    present = {
        "citizen": meeting.citizen_attended,
        "job_centre": bool(roles & set(JOB_CENTRE_ROLES)),
        "social_services": bool(roles & set(SOCIAL_SERVICES_ROLES)),
        "job_consultant": bool(list(meeting.job_consultants.all())),
        "worker": meeting.worker_attended,
    }
    return [str(label) for key, label in CLOSING_MEETING_PEOPLE.items() if not present[key]]


def job_handover_context(
    course: Course, plan: HandoverPlan | None, meetings: list[HandoverMeeting]
) -> dict[str, Any]:
    """What the handover page adds for a job-programme course; nothing for other programmes."""
    if not course_is_job(course):
        return {"is_job": False}
    closing = [m for m in meetings if m.kind == MeetingKind.CLOSING]
    latest = closing[-1] if closing else None
    is_sel_85 = course.legal_basis == "sel_85"
    return {
        "is_job": True,
        "job_team": job_team(course),
        "closing_meeting": latest,
        "closing_missing": closing_meeting_missing(latest),
        "closing_people": [str(label) for label in CLOSING_MEETING_PEOPLE.values()],
        "support_decision_registered": support_decision_registered(plan),
        "is_sel_85": is_sel_85,
        "new_worker_missing": (
            plan is not None
            and plan.continued_support == ContinuedSupport.SEL_85
            and plan.new_worker_id is None
            and not plan.new_worker_text
        ),
    }
