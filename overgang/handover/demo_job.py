"""Synthetic data for the job model's people and ending in the demo municipality.

The demo's job consultant (a user with the role job_consultant, found by role) is attached to the
running job-programme courses; the two case workers are put in the citizens' networks; and courses
near their planned end get the long-term retention plan and the decision on mentor or § 85 support,
and, within the last month, the closing meeting. The job course nearest its end is left without a
decision on purpose, so the alert shows in the demo once it is within 30 days of its end.
"""

from __future__ import annotations

import datetime as dt
import random

from overgang.accounts.models import Municipality, Role, User
from overgang.courses.job_people import course_attach_job_consultant
from overgang.courses.models import Course
from overgang.courses.selectors import with_schedule_data
from overgang.handover import services
from overgang.handover.models import HandoverPlan, MeetingKind
from overgang.method.alerts import SUPPORT_DECISION_DAYS
from overgang.method.clock import Period, compute_schedule
from overgang.network.models import NetworkPerson

JOB_CENTRE = ("job_centre_consultant", ["Jens Jobcenter", "Jytte Jobcenter"])
SOCIAL_SERVICES = ("case_worker_adults", ["Sofie Socialrådgiver", "Søren Sagsbehandler"])
CRISES = [
    "Mentoren på arbejdspladsen og sagsbehandleren i jobcentret; ved tilbagefald ringer borgeren "
    "til søsteren.",
    "Kollegaen i kantinen og bostøttemedarbejderen. Borgeren har en plan for dårlige dage.",
]
ENDING_DAYS = 90  # courses this close to their planned end get their retention plan in the demo
RETENTION = [
    "Borgeren fortsætter i jobbet med 25 timer om ugen. Mentoren følger op hver anden uge.",
    "Arbejdsaftalen fortsætter; jobkonsulenten holder kontakten til arbejdsgiveren det første halve år.",
]


def _case_worker(course: Course, role: str, names: list[str], rng: random.Random) -> NetworkPerson:
    existing = NetworkPerson.objects.filter(citizen_id=course.citizen_id, role=role).first()
    if existing is not None:
        return existing
    return NetworkPerson.objects.create(
        citizen=course.citizen,
        municipality_id=course.municipality_id,
        role=role,
        name=rng.choice(names),
        created_by=course.worker,
    )


def load_demo_data_job(*, municipality: Municipality, today: dt.date, rng: random.Random) -> None:
    consultants = list(
        User.objects.filter(municipality=municipality, role=Role.JOB_CONSULTANT, is_active=True).order_by(
            "pk"
        )
    )
    courses = list(
        with_schedule_data(
            Course.objects.filter(
                municipality=municipality, end_date__isnull=True, programme__template__code="job"
            )
            .select_related("worker", "citizen", "programme")
            .order_by("pk")
        )
    )
    ending: list[tuple[int, Course, dt.date]] = []
    for course in courses:
        if consultants:
            course_attach_job_consultant(course=course, consultant=consultants[0], actor=course.worker)
        _case_worker(course, *JOB_CENTRE, rng)
        _case_worker(course, *SOCIAL_SERVICES, rng)
        schedule = compute_schedule(course.clock_dates(), today=today)
        end = schedule.planned(Period.ENDED)
        if end is not None and schedule.period is not None and 0 <= (end - today).days < ENDING_DAYS:
            ending.append(((end - today).days, course, end))
    ending.sort(key=lambda item: (item[0], item[1].pk))
    # The course nearest its end is left without a decision: within the last 30 days it raises the
    # "no decision on mentor or § 85 support" alert.
    for _days_left, course, end in ending[1:]:
        _ending(course, end=end, today=today, rng=rng, consultants=consultants)


def _ending(
    course: Course, *, end: dt.date, today: dt.date, rng: random.Random, consultants: list[User]
) -> None:
    people = list(NetworkPerson.objects.filter(citizen_id=course.citizen_id).order_by("pk"))
    responsible = next((p for p in people if p.role == JOB_CENTRE[0]), None)
    support = "sel_85" if course.legal_basis == "sel_85" else rng.choice(["mentor", "none"])
    decided = today - dt.timedelta(days=rng.randint(3, 15)) if support != "none" else None
    values = {
        "long_term_goals": "At blive i jobbet og få flere timer.",
        "support_needs": "Støtte til at holde fast i hverdagen ved siden af arbejdet.",
        "continued_support_plan": rng.choice(RETENTION),
        "responsible_id": responsible.pk if responsible else None,
        "continued_support": support,
        "continued_support_text": "",
        "support_decided_on": decided,
        "support_started_on": None,
        "crisis_support": rng.choice(CRISES),
        "new_worker_id": None,
        "new_worker_text": "Bo Bostøtte, Socialpsykiatrien (demo)" if support == "sel_85" else "",
    }
    plan = HandoverPlan.objects.filter(course=course).first()
    services.handover_plan_save(
        course=course,
        actor=course.worker,
        expected_version=plan.version if plan else None,
        today=today,
        **values,
    )
    if (end - today).days < SUPPORT_DECISION_DAYS:
        services.meeting_add(
            course=course,
            actor=course.worker,
            today=today,
            kind=MeetingKind.CLOSING,
            held_on=today - dt.timedelta(days=rng.randint(1, 5)),
            participant_ids=[p.pk for p in people if p.role in (JOB_CENTRE[0], SOCIAL_SERVICES[0])],
            job_consultant_ids=[u.pk for u in consultants[:1]],
            citizen_attended=True,
            worker_attended=True,
            other_participants="",
            agreed="Alle kender planen for fastholdelse. Næste opfølgning hos jobcentret om en måned.",
        )
