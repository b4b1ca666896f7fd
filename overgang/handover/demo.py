"""Synthetic handover data for the demo municipality: handover plans, meetings, a celebration and a
closing letter for courses in phase 3.

One phase-3 course close to its end is left without a handover meeting on purpose, so the
coordinator's alert shows in the demo (homelessness 4.5.1).
"""

from __future__ import annotations

import datetime as dt
import random

from overgang.accounts.models import Municipality
from overgang.courses.models import Course
from overgang.courses.selectors import with_schedule_data
from overgang.handover import services
from overgang.handover.letters import DEFAULT_LETTER, fill_in
from overgang.method.alerts import HANDOVER_DAYS
from overgang.method.clock import Period, compute_schedule
from overgang.network.models import NetworkPerson

GOALS = [
    "At blive boende i lejligheden og få den til at føles som et hjem.",
    "At komme i gang med et deltidsjob og se sin søn hver anden weekend.",
    "At have styr på økonomien og tage på kursus i madlavning.",
    "At bevare kontakten til sin søster og komme i fast behandling.",
]
NEEDS = [
    "Hjælp til at åbne post og betale regninger til tiden.",
    "Støtte til at holde aftaler med jobcentret.",
    "Nogen at ringe til, når det bliver svært om aftenen.",
]
AGREED = [
    "Sagsbehandleren overtager ansvaret for den langsigtede støtte. Bostøtte starter inden afslutningen.",
    "Søsteren følger med til de første møder i jobcentret. Næste opfølgning om tre måneder.",
    "Mentoren mødes med borgeren hver uge de første to måneder.",
]
# Synthetic people for citizens whose network overview is empty.
HELPERS = [
    ("case_worker_adults", "Sanne Sagsbehandler"),
    ("support_contact_person", "Bo Bostøtte"),
    ("family", "Søster (demo)"),
]


def _helpers(course: Course, rng: random.Random) -> list[NetworkPerson]:
    people = list(NetworkPerson.objects.filter(citizen_id=course.citizen_id))
    if people:
        return people
    return [
        NetworkPerson.objects.create(
            citizen=course.citizen,
            municipality_id=course.municipality_id,
            role=role,
            name=name,
            created_by=course.worker,
        )
        for role, name in rng.sample(HELPERS, 2)
    ]


def load_demo_data(*, municipality: Municipality, today: dt.date, rng: random.Random) -> None:
    """Handover plans and meetings for the demo's running courses in phase 3."""
    courses = list(
        with_schedule_data(
            Course.objects.filter(municipality=municipality, end_date__isnull=True)
            .exclude(programme__template__code="job")  # the job model's ending: demo_job.py
            .select_related("worker", "citizen", "programme")
            .order_by("pk")
        )
    )
    left_without_meeting = False
    for course in courses:
        schedule = compute_schedule(course.clock_dates(), today=today)
        if schedule.period is not Period.PHASE_3:
            continue
        end = schedule.planned(Period.ENDED)
        days_left = (end - today).days if end else None
        near_end = days_left is not None and 0 <= days_left < HANDOVER_DAYS
        if near_end and not left_without_meeting:
            left_without_meeting = True  # this one raises the coordinator's alert
            continue
        people = _helpers(course, rng)
        responsible = next((p for p in people if p.role != "family"), people[0])
        support = rng.choice(["sel_85", "mentor", "none"])
        decided = today - dt.timedelta(days=rng.randint(3, 20)) if support != "none" else None
        services.handover_plan_save(
            course=course,
            actor=course.worker,
            expected_version=None,
            today=today,
            long_term_goals=rng.choice(GOALS),
            support_needs=rng.choice(NEEDS),
            continued_support_plan="Aftalt på overdragelsesmødet med støttenetværket.",
            responsible_id=responsible.pk,
            continued_support=support,
            continued_support_text="",
            support_decided_on=decided,
            support_started_on=decided + dt.timedelta(days=7) if decided and near_end else None,
        )
        if days_left is not None and days_left < HANDOVER_DAYS + 30:
            held_on = min(today, (end or today) - dt.timedelta(days=HANDOVER_DAYS + rng.randint(1, 10)))
            services.meeting_add(
                course=course,
                actor=course.worker,
                today=today,
                held_on=held_on,
                participant_ids=[p.pk for p in people],
                other_participants="",
                agreed=rng.choice(AGREED),
            )
        if near_end:
            services.celebration_save(
                course=course,
                actor=course.worker,
                expected_version=None,
                today=today,
                held_on=today - dt.timedelta(days=1),
                note="Kaffe og kage på café.",
            )
            worker = course.worker
            services.closing_letter_save(
                course=course,
                actor=worker,
                expected_version=None,
                text=fill_in(
                    DEFAULT_LETTER["da"],
                    first_name=course.citizen.first_name,
                    worker_name=worker.get_full_name() or worker.get_username(),
                    programme=course.programme.name,
                    end_date=end,
                ).replace("…", "du fik din egen bolig og holdt fast i dine aftaler"),
            )
