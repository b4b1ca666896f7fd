"""Reads for the job programme's pages: the steps and their status, the contact period's contacts
from the journal, and the hours-per-week series for the progression chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from overgang.courses.models import Course
from overgang.jobs.models import HoursUpdate, JobMatch, JointPlan, StartMeeting, WorkAgreementRevision
from overgang.journal.models import ContactStatus
from overgang.journal.selectors import cti_contacts

DONE, NEXT, NOT_YET = "done", "next", "not_yet"
RECOMMENDED_CONTACTS = 2  # "mødes mindst et par gange" before CTI starts


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    title: str
    status: str
    url_name: str

    @property
    def status_label(self) -> str:
        return {DONE: _("Done"), NEXT: _("Next"), NOT_YET: _("Not yet")}[self.status]


@dataclass(frozen=True)
class JobSteps:
    start_meeting: StartMeeting | None
    joint_plan: JointPlan | None
    job_match: JobMatch | None
    steps: list[Step]
    revisions: list[WorkAgreementRevision]
    updates: list[HoursUpdate]

    @property
    def current_agreement(self) -> WorkAgreementRevision | None:
        return self.revisions[-1] if self.revisions else None


def job_steps(course: Course) -> JobSteps:
    meeting = StartMeeting.objects.filter(course_id=course.pk).prefetch_related("attendee_people").first()
    plan = JointPlan.objects.filter(course_id=course.pk).first()
    match = JobMatch.objects.filter(course_id=course.pk).first()
    revisions = list(WorkAgreementRevision.objects.filter(course_id=course.pk).order_by("number"))
    done = [meeting is not None, plan is not None, match is not None, bool(revisions)]
    titles = [
        ("start_meeting", _("Start meeting"), "jobs:start_meeting"),
        ("joint_plan", _("One joint plan"), "jobs:joint_plan"),
        ("job_match", _("Individual job match: CTI starts"), "jobs:job_match"),
        ("work_agreement", _("Work agreement"), "jobs:work_agreement"),
    ]
    first_open = next((i for i, is_done in enumerate(done) if not is_done), None)
    steps = [
        Step(
            key=key,
            number=index + 1,
            title=title,
            status=DONE if done[index] else (NEXT if index == first_open else NOT_YET),
            url_name=url_name,
        )
        for index, (key, title, url_name) in enumerate(titles)
    ]
    updates = list(HoursUpdate.objects.filter(course_id=course.pk).order_by("on"))
    return JobSteps(meeting, plan, match, steps, revisions, updates)


def contact_period_contacts(course: Course) -> int:
    """Contacts that took place in the contact period (from its start until phase 1 started)."""
    if course.contact_start is None:
        return 0
    contacts = cti_contacts().filter(
        course_id=course.pk, status=ContactStatus.HAPPENED, occurred_at__date__gte=course.contact_start
    )
    if course.phase_1_start is not None:
        contacts = contacts.filter(occurred_at__date__lt=course.phase_1_start)
    return contacts.count()


AGREED, WORKED = "agreed", "worked"


@dataclass(frozen=True)
class HoursPoint:
    on: dt.date
    hours: Decimal
    source: str  # AGREED (a work agreement revision) or WORKED (an hours update)
    label: str
    note: str = ""


def hours_series(
    revisions: list[WorkAgreementRevision], updates: list[HoursUpdate] | None = None
) -> list[HoursPoint]:
    """The hours per week over time: each revision's agreed hours and each update's worked hours,
    in date order (on one day an update follows the revision)."""
    points = [
        HoursPoint(
            on=r.valid_from,
            hours=r.hours_per_week,
            source=AGREED,
            label=_("Work agreement, revision %(number)s (%(kind)s)")
            % {"number": r.number, "kind": r.get_hours_kind_display()},
        )
        for r in revisions
    ]
    points += [
        HoursPoint(on=u.on, hours=u.hours_per_week, source=WORKED, label=_("Hours worked"), note=u.note)
        for u in updates or []
    ]
    return sorted(points, key=lambda p: (p.on, p.source == WORKED))
