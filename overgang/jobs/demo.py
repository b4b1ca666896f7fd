"""Synthetic job-programme steps for the demo: every running job course gets its start meeting;
those past the first weeks also the joint plan; those that have started phase 1 the job match on
the phase 1 start (recorded without starting the phase again: the demo started it) and a work
agreement with two or three revisions and rising hours. No real person's data."""

from __future__ import annotations

import datetime
import random

from overgang.accounts.models import Municipality
from overgang.courses.access import JOB_TEMPLATE
from overgang.courses.models import Course
from overgang.jobs.models import HoursKind
from overgang.jobs.services import (
    hours_update_register,
    job_match_register,
    joint_plan_save,
    start_meeting_save,
    work_agreement_revise,
)

WISHES = (
    "Vil gerne arbejde med dyr, gerne udendørs. Drømmer om fast job og egen økonomi.",
    "Har tidligere arbejdet på lager og vil gerne tilbage til noget praktisk med faste tider.",
    "Ønsker et job i et køkken; har lavet mad til mange i sin tid på højskole.",
    "Vil gerne have et job med kolleger; savner at have noget at stå op til.",
)
RESOURCES = (
    "Mødestabil, god til at lære ved at se andre gøre det. Har kørekort.",
    "Praktisk anlagt, god med hænderne. Erfaring fra lager og rengøring.",
    "Omhyggelig og rolig. Har passet sin mor i flere år.",
)
JOBS = (
    ("Dyreklinikken Syd", "Staldmedhjælper", "Fodring, udmugning og rengøring af bure"),
    ("Lagerhuset ApS", "Lagermedarbejder", "Plukning af ordrer og modtagelse af varer"),
    ("Kantinen på Rådhuset", "Køkkenmedhjælper", "Opvask, anretning af salatbar"),
    ("Byens Genbrug", "Butiksmedhjælper", "Sortering af tøj og prismærkning"),
)
HEALTH = (
    "Pauser efter behov; undgår tunge løft på grund af ryggen.",
    "Starter senere om morgenen på grund af medicin; fast kontaktperson på arbejdspladsen.",
)


def _revisions(
    found_on: datetime.date, today: datetime.date, rng: random.Random
) -> list[tuple[datetime.date, str, str]]:
    first = (found_on, str(rng.choice((6, 8, 10))), HoursKind.PLACEMENT.value)
    second = (
        found_on + datetime.timedelta(days=rng.randint(28, 42)),
        str(rng.choice((12, 15, 16))),
        HoursKind.PLACEMENT.value,
    )
    third = (
        found_on + datetime.timedelta(days=rng.randint(70, 100)),
        str(rng.choice((20, 22, 25))),
        HoursKind.ORDINARY.value,
    )
    return [item for item in (first, second, third) if item[0] <= today]


def load_demo_data(*, municipality: Municipality, today: datetime.date, rng: random.Random) -> None:
    courses = list(
        Course.objects.filter(
            municipality=municipality,
            end_date__isnull=True,
            programme__template__code=JOB_TEMPLATE,
            start_meeting__isnull=True,
        )
        .select_related("programme__template", "citizen", "worker")
        .order_by("pk")
    )
    for course in courses:
        latest = course.phase_1_start or today
        held_on = min(course.referral_date + datetime.timedelta(days=rng.randint(2, 7)), latest, today)
        start_meeting_save(
            course=course,
            actor=course.worker,
            expected_version=0,
            today=today,
            held_on=held_on,
            attendees=(
                "Borgeren, sagsbehandler i jobcentret, sagsbehandler i socialforvaltningen, "
                "jobkonsulenten og CTI-medarbejderen"
            ),
            dreams_and_wishes=rng.choice(WISHES),
            resources=rng.choice(RESOURCES),
            network="En søster, som borgeren gerne vil have med. Misbrugskonsulenten inddrages.",
            plan_writer=rng.choice(("job_centre", "social_services")),
            timetable="Fælles plan inden for tre uger; CV og jobsøgning starter ugen efter mødet.",
            cv_agreed=True,
            cv_note="Jobkonsulenten og borgeren starter på CV'et ugen efter mødet.",
        )
        made_on = min(held_on + datetime.timedelta(days=rng.randint(7, 18)), latest, today)
        if course.phase_1_start is None and (today - held_on).days < 14:
            continue  # just started: the joint plan is the next step
        joint_plan_save(
            course=course,
            actor=course.worker,
            expected_version=0,
            today=today,
            made_on=made_on,
            job_centre_case_worker="Jonna Jobcenter",
            social_services_case_worker="Søren Socialrådgiver",
            purpose="Borgeren kommer i job med ordinære timer og trives i en hverdag med job.",
            citizen_goals="Et fast job, egen økonomi og mere overskud til familien.",
            resources="Mødestabil og praktisk anlagt.",
            barriers="Angst i nye situationer; usikker på transporten til arbejde.",
            support_needs=(
                "Hjælp til at mestre transport og morgenrutiner; støtte i opstarten på arbejdspladsen."
            ),
            offers="Samtaleforløb i misbrugscentret fortsætter ved siden af jobbet.",
            job_match_considerations="Arbejdstider, så behandlingen kan passes om tirsdagen.",
            consent_to_involve=True,
        )
        if course.phase_1_start is None:
            continue
        employer, position, tasks = rng.choice(JOBS)
        job_match_register(
            course=course,
            actor=course.worker,
            employer=employer,
            position=position,
            found_on=course.phase_1_start,
            note="Fundet af jobkonsulenten efter to snusepraktikker.",
            start_phase=False,
            today=today,
        )
        revisions = _revisions(course.phase_1_start, today, rng)
        for number, (valid_from, hours, kind) in enumerate(revisions):
            work_agreement_revise(
                course=course,
                actor=course.worker,
                expected_number=number,
                valid_from=valid_from,
                employer=employer,
                hours_per_week=hours,
                hours_kind=kind,
                today=today,
                tasks=tasks,
                health_considerations=rng.choice(HEALTH),
                sub_goals="Flere timer og flere opgaver, i det tempo borgeren kan håndtere.",
                follow_up="Opfølgning hver fjerde uge med arbejdsgiver, jobkonsulent og CTI-medarbejder.",
                aids="Virksomhedsmentor: en fast kollega." if number == 0 else "",
            )
        if len(revisions) >= 2:
            # Between the first two revisions the citizen already worked a little more than agreed.
            first, second = revisions[0], revisions[1]
            hours_update_register(
                course=course,
                actor=course.worker,
                on=first[0] + datetime.timedelta(days=(second[0] - first[0]).days // 2),
                hours_per_week=str(int(first[1]) + 2),
                note="Har selv bedt om en ekstra formiddag.",
                today=today,
            )
