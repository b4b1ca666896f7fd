"""When change-compass rounds fall due, from the CTI clock. Pure Python: no Django, `today` given.

The shelter manual (4.1.3): the woman and the worker rate her situation "med tre måneders
mellemrum". Overgang places the rounds where the clock already has dates: one early in the contact
period (the starting point), and one at the end of each phase. The end of a phase is the realised
start of the next one, or its planned date (pauses included) while it has not happened.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from overgang.method.clock import Period, Schedule

CONTACT_DUE_DAYS = 30  # the starting point is taken within the first month of contact
WINDOW_DAYS = 21  # a phase-end round can be held in the last three weeks of the phase
GRACE_DAYS = 14  # after the due date, before the round counts as overdue

SLOTS = ("contact", "phase_1", "phase_2", "phase_3")
_NEXT = {"phase_1": Period.PHASE_2, "phase_2": Period.PHASE_3, "phase_3": Period.ENDED}


class RoundStatus(enum.StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    PARTLY = "partly"  # one of the two ratings is entered
    DONE = "done"
    MISSED = "missed"  # the course ended without it


@dataclass(frozen=True)
class RoundFacts:
    """The realised dates the rounds depend on."""

    contact_start: dt.date | None
    phase_1: dt.date | None
    phase_2: dt.date | None
    phase_3: dt.date | None
    end: dt.date | None


@dataclass(frozen=True)
class DueRound:
    slot: str
    opens_on: dt.date
    due_on: dt.date
    status: RoundStatus
    citizen_done: bool
    worker_done: bool

    @property
    def needs_attention(self) -> bool:
        return self.status in (RoundStatus.DUE, RoundStatus.OVERDUE, RoundStatus.PARTLY)


def round_windows(facts: RoundFacts, schedule: Schedule) -> list[tuple[str, dt.date, dt.date]]:
    """(slot, opens on, due on) for each round the course has reached or will reach."""
    windows: list[tuple[str, dt.date, dt.date]] = []
    if facts.contact_start is not None:
        contact_end = facts.phase_1 or facts.end or schedule.contact_limit
        due = facts.contact_start + dt.timedelta(days=CONTACT_DUE_DAYS)
        if contact_end is not None:
            due = max(facts.contact_start, min(due, contact_end))
        windows.append(("contact", facts.contact_start, due))
    starts = {"phase_1": facts.phase_1, "phase_2": facts.phase_2, "phase_3": facts.phase_3}
    realised_next = {"phase_1": facts.phase_2, "phase_2": facts.phase_3, "phase_3": facts.end}
    for slot in ("phase_1", "phase_2", "phase_3"):
        start = starts[slot]
        if start is None or (facts.end is not None and facts.end < start):
            break
        end_of_phase = realised_next[slot] or facts.end or schedule.planned(_NEXT[slot])
        if end_of_phase is None:
            break
        windows.append((slot, max(start, end_of_phase - dt.timedelta(days=WINDOW_DAYS)), end_of_phase))
    return windows


def due_rounds(
    facts: RoundFacts,
    schedule: Schedule,
    *,
    today: dt.date,
    entered: Mapping[str, tuple[bool, bool]],
) -> list[DueRound]:
    """Each round with its status; `entered` maps a slot to (citizen rated, worker rated)."""
    rounds = []
    for slot, opens_on, due_on in round_windows(facts, schedule):
        citizen_done, worker_done = entered.get(slot, (False, False))
        if citizen_done and worker_done:
            status = RoundStatus.DONE
        elif citizen_done or worker_done:
            status = RoundStatus.PARTLY
        elif facts.end is not None and facts.end <= today:
            status = RoundStatus.MISSED
        elif today < opens_on:
            status = RoundStatus.UPCOMING
        elif today <= due_on + dt.timedelta(days=GRACE_DAYS):
            status = RoundStatus.DUE
        else:
            status = RoundStatus.OVERDUE
        rounds.append(DueRound(slot, opens_on, due_on, status, citizen_done, worker_done))
    return rounds
