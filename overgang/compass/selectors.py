"""Reads for the change compass: which rounds are due, and the ratings of a course's rounds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from overgang.compass.instruments import Dimension, Instrument, instrument_for_programme
from overgang.compass.models import SLOT_ORDER, CompassRating, CompassRound, Respondent, Slot
from overgang.compass.rounds import DueRound, RoundFacts, due_rounds, round_windows
from overgang.courses.models import Course
from overgang.courses.selectors import course_schedule


def _facts(course: Course) -> RoundFacts:
    return RoundFacts(
        contact_start=course.contact_start,
        phase_1=course.phase_1_start,
        phase_2=course.phase_2_start,
        phase_3=course.phase_3_start,
        end=course.end_date,
    )


def open_slots(course: Course, *, today: dt.date) -> list[str]:
    """The rounds that can be rated: those of the periods the course has reached."""
    schedule = course_schedule(course, today=today)
    return [slot for slot, _opens, _due in round_windows(_facts(course), schedule)]


@dataclass
class RoundView:
    """One round as the pages show it: the ratings of both respondents by dimension key."""

    slot: str
    round: CompassRound | None
    citizen: dict[str, int] = field(default_factory=dict)
    worker: dict[str, int] = field(default_factory=dict)
    citizen_notes: dict[str, str] = field(default_factory=dict)
    worker_notes: dict[str, str] = field(default_factory=dict)
    citizen_on: dt.date | None = None
    worker_on: dt.date | None = None

    @property
    def label(self) -> str:
        return str(Slot(self.slot).label)

    @property
    def version(self) -> int:
        return self.round.version if self.round is not None else 0

    @property
    def has_citizen(self) -> bool:
        return bool(self.citizen)

    @property
    def has_worker(self) -> bool:
        return bool(self.worker)

    def ratings_of(self, respondent: str) -> dict[str, int]:
        return self.citizen if respondent == Respondent.CITIZEN else self.worker

    def notes_of(self, respondent: str) -> dict[str, str]:
        return self.citizen_notes if respondent == Respondent.CITIZEN else self.worker_notes


def course_rounds(course: Course) -> dict[str, RoundView]:
    """The course's rounds by slot, in the order of the slots; one query for rounds, one for ratings."""
    rounds = {r.slot: r for r in CompassRound.objects.filter(course=course)}
    views = {slot: RoundView(slot=slot, round=rounds[slot]) for slot in SLOT_ORDER if slot in rounds}
    by_pk = {r.pk: views[r.slot] for r in rounds.values()}
    for rating in CompassRating.objects.filter(round__course=course):
        view = by_pk[rating.round_id]
        if rating.respondent == Respondent.CITIZEN:
            view.citizen[rating.dimension] = rating.value
            view.citizen_on = rating.rated_on
            if rating.note:
                view.citizen_notes[rating.dimension] = rating.note
        else:
            view.worker[rating.dimension] = rating.value
            view.worker_on = rating.rated_on
            if rating.note:
                view.worker_notes[rating.dimension] = rating.note
    return views


def course_due_rounds(
    course: Course, rounds: dict[str, RoundView], *, today: dt.date | None = None
) -> list[DueRound]:
    today = today or timezone.localdate()
    entered = {slot: (view.has_citizen, view.has_worker) for slot, view in rounds.items()}
    return due_rounds(_facts(course), course_schedule(course, today=today), today=today, entered=entered)


def dimensions_shown(instrument: Instrument, rounds: list[RoundView]) -> list[Dimension]:
    """The dimensions in use, then the retired ones that past rounds rated, in the instrument's order.

    A key rated in a round but unknown to the instrument (it cannot happen through the services)
    still shows, under its key, so no rating is ever hidden.
    """
    rated = {key for view in rounds for key in (*view.citizen, *view.worker)}
    shown = [d for d in instrument.dimensions if not d.retired or d.key in rated]
    known = {d.key for d in instrument.dimensions}
    shown += [Dimension(key=key, label={"da": key, "en": key}, retired=True) for key in sorted(rated - known)]
    return shown


def instrument_for_course(course: Course) -> Instrument:
    return instrument_for_programme(course.programme)


def slot_choices(course: Course, *, today: dt.date) -> list[tuple[str, Any]]:
    return [(slot, Slot(slot).label) for slot in open_slots(course, today=today)]
