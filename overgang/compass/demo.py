"""Synthetic change-compass rounds for the demo: every running course gets the rounds that have
fallen due, through the services, with ratings that mostly improve and a citizen and a worker who
do not always agree. No real person's data."""

from __future__ import annotations

import datetime
import random

from overgang.accounts.models import Municipality
from overgang.compass.instruments import instrument_for_programme
from overgang.compass.models import SCALE_MAX, SCALE_MIN, Respondent
from overgang.compass.rounds import RoundStatus
from overgang.compass.selectors import course_due_rounds, course_rounds
from overgang.compass.services import round_rate
from overgang.courses.models import Course

WORKER_NOTES = (
    "Vi tager det op ved næste møde.",
    "Borgeren ser det mere positivt end jeg gør; vi taler om hvorfor.",
    "Der er sket meget siden sidst.",
)


def _clamp(value: int) -> int:
    return max(SCALE_MIN, min(SCALE_MAX, value))


def load_demo_data(*, municipality: Municipality, today: datetime.date, rng: random.Random) -> None:
    courses = (
        Course.objects.filter(municipality=municipality, end_date__isnull=True)
        .select_related("programme__template", "citizen", "worker")
        .prefetch_related("pauses")
        .order_by("pk")
    )
    for course in courses:
        instrument = instrument_for_programme(course.programme)
        rounds = course_rounds(course)
        level = {d.key: rng.randint(2, 6) for d in instrument.active}
        for due in course_due_rounds(course, rounds, today=today):
            if due.status is RoundStatus.UPCOMING or due.slot in rounds:
                continue
            if due.status is RoundStatus.OVERDUE and rng.random() < 0.1:
                continue  # now and then a round was not held: the page shows it overdue
            on = max(due.opens_on, min(due.due_on, today))
            level = {key: _clamp(value + rng.choice((0, 1, 1, 2))) for key, value in level.items()}
            citizen = {
                key: str(_clamp(value + rng.choice((-2, -1, 0, 1, 1, 2)))) for key, value in level.items()
            }
            compass_round = round_rate(
                course=course,
                slot=due.slot,
                respondent=Respondent.CITIZEN,
                values=citizen,
                rated_on=on,
                actor=course.worker,
                expected_version=0,
                today=today,
            )
            # The round due right now is sometimes only half done: the worker rates later.
            if due.status is RoundStatus.DUE and rng.random() < 0.4:
                continue
            worker = {key: str(_clamp(value + rng.choice((-1, 0, 0, 1)))) for key, value in level.items()}
            widest = max(worker, key=lambda key: abs(int(worker[key]) - int(citizen[key])))
            notes = {widest: rng.choice(WORKER_NOTES)} if rng.random() < 0.5 else {}
            round_rate(
                course=course,
                slot=due.slot,
                respondent=Respondent.WORKER,
                values=worker,
                notes=notes,
                rated_on=on,
                actor=course.worker,
                expected_version=compass_round.version,
                today=today,
            )
