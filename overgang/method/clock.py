"""The CTI clock: planned dates, pauses, periods and timeliness.

Pure Python. Every function takes `today` (or a day) as an argument and reads no clock.

Rules (homelessness manual 3.7 and 4.3.7, job model "CTI-faserne", DOMAIN.md):
- Three equal phases. Planned phase 2 start, phase 3 start and end are the phase 1 start plus one,
  two and three phase lengths in calendar months, each counted from the phase 1 start.
- A pause stops the clock: every planned date after the pause's start moves by its length.
  A pause in the contact period moves the contact-period limit instead.
- A realised transition within the tolerance of its planned date is timely.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field, replace

from overgang.method.dates import add_months

LONG_PAUSE_DAYS = 14
DEFAULT_TOLERANCE_DAYS = 7


class Period(enum.StrEnum):
    REFERRED = "referred"
    CONTACT = "contact"
    PHASE_1 = "phase_1"
    PHASE_2 = "phase_2"
    PHASE_3 = "phase_3"
    ENDED = "ended"


ACTIVE_PERIODS = (Period.REFERRED, Period.CONTACT, Period.PHASE_1, Period.PHASE_2, Period.PHASE_3)


@dataclass(frozen=True)
class Pause:
    start: dt.date
    resume: dt.date | None = None

    @property
    def is_open(self) -> bool:
        return self.resume is None

    def length_days(self, *, today: dt.date) -> int:
        """Days the clock stood still; an open pause counts up to today."""
        until = self.resume if self.resume is not None else today
        return max(0, (until - self.start).days)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.resume is None or day < self.resume)

    def is_long(self, *, today: dt.date) -> bool:
        return self.length_days(today=today) > LONG_PAUSE_DAYS


@dataclass(frozen=True)
class CourseDates:
    """The realised facts of one course, as the clock needs them."""

    duration_months: int
    referral: dt.date | None = None
    contact_start: dt.date | None = None
    phase_1: dt.date | None = None
    phase_2: dt.date | None = None
    phase_3: dt.date | None = None
    end: dt.date | None = None
    pauses: tuple[Pause, ...] = ()
    tolerance_days: int = DEFAULT_TOLERANCE_DAYS

    def __post_init__(self) -> None:
        if self.duration_months <= 0 or self.duration_months % 3:
            raise ValueError("A CTI course lasts a positive multiple of three months.")

    @property
    def phase_months(self) -> int:
        return self.duration_months // 3

    def start_of(self, period: Period) -> dt.date | None:
        return {
            Period.REFERRED: self.referral,
            Period.CONTACT: self.contact_start,
            Period.PHASE_1: self.phase_1,
            Period.PHASE_2: self.phase_2,
            Period.PHASE_3: self.phase_3,
            Period.ENDED: self.end,
        }[period]


class TimelinessStatus(enum.StrEnum):
    ON_TIME = "on_time"
    EARLY = "early"
    LATE = "late"


@dataclass(frozen=True)
class Timeliness:
    status: TimelinessStatus
    days: int  # absolute deviation from the planned date

    @property
    def is_timely(self) -> bool:
        return self.status is TimelinessStatus.ON_TIME


def timeliness(*, planned: dt.date, realised: dt.date, tolerance_days: int) -> Timeliness:
    deviation = (realised - planned).days
    if abs(deviation) <= tolerance_days:
        return Timeliness(TimelinessStatus.ON_TIME, abs(deviation))
    if deviation < 0:
        return Timeliness(TimelinessStatus.EARLY, -deviation)
    return Timeliness(TimelinessStatus.LATE, deviation)


def shift_by_pauses(
    planned: list[dt.date],
    pauses: tuple[Pause, ...],
    *,
    today: dt.date,
    realised: list[dt.date | None] | None = None,
) -> list[dt.date]:
    """Move every planned date that falls after a pause's start by the pause's length.

    Pauses are applied in order of their start, each against the dates as already moved by the
    earlier ones: the clock stood still, so a later pause is compared with where the course
    really is. A pause that begins on or after a planned date does not move it, and neither does
    a pause that begins after the transition was realised: that transition is already history.
    """
    shifted = list(planned)
    done = realised or [None] * len(planned)
    for pause in sorted(pauses, key=lambda p: p.start):
        length = dt.timedelta(days=pause.length_days(today=today))
        shifted = [
            day + length if pause.start < day and (happened is None or pause.start < happened) else day
            for day, happened in zip(shifted, done, strict=True)
        ]
    return shifted


def _pauses_in_contact_period(dates: CourseDates) -> tuple[Pause, ...]:
    if dates.contact_start is None:
        return ()
    contact_start = dates.contact_start
    return tuple(
        p
        for p in dates.pauses
        if p.start >= contact_start and (dates.phase_1 is None or p.start < dates.phase_1)
    )


def _pauses_from_phase_1(dates: CourseDates) -> tuple[Pause, ...]:
    if dates.phase_1 is None:
        return ()
    phase_1 = dates.phase_1
    return tuple(p for p in dates.pauses if p.start >= phase_1)


def contact_limit(dates: CourseDates, *, today: dt.date) -> dt.date | None:
    """The date the contact period reaches one phase length, moved by pauses within it."""
    if dates.contact_start is None:
        return None
    base = add_months(dates.contact_start, dates.phase_months)
    return shift_by_pauses([base], _pauses_in_contact_period(dates), today=today)[0]


def planned_transitions(dates: CourseDates, *, today: dt.date) -> tuple[dt.date, dt.date, dt.date] | None:
    """Planned start of phase 2, phase 3 and the planned end, or None before phase 1."""
    if dates.phase_1 is None:
        return None
    base = [add_months(dates.phase_1, n * dates.phase_months) for n in (1, 2, 3)]
    phase_2, phase_3, end = shift_by_pauses(
        base,
        _pauses_from_phase_1(dates),
        today=today,
        realised=[dates.phase_2, dates.phase_3, dates.end],
    )
    return phase_2, phase_3, end


def period_on(dates: CourseDates, day: dt.date) -> Period | None:
    """The period the course is in on `day`, from realised dates; None before referral."""
    # The latest period first (the phase plan asks this of thousands of courses: no lookups).
    for period, start in (
        (Period.ENDED, dates.end),
        (Period.PHASE_3, dates.phase_3),
        (Period.PHASE_2, dates.phase_2),
        (Period.PHASE_1, dates.phase_1),
        (Period.CONTACT, dates.contact_start),
        (Period.REFERRED, dates.referral),
    ):
        if start is not None and day >= start:
            return period
    return None


def is_paused_on(dates: CourseDates, day: dt.date) -> bool:
    return any(p.covers(day) for p in dates.pauses)


@dataclass(frozen=True)
class Transition:
    """A transition the clock plans: into phase 2, phase 3, or the end."""

    to: Period
    planned: dt.date
    realised: dt.date | None
    timeliness: Timeliness | None
    overdue: bool
    days_until: int  # from today to the planned date; negative when it has passed


@dataclass(frozen=True)
class Schedule:
    today: dt.date
    period: Period | None
    period_start: dt.date | None
    days_in_period: int | None
    paused: bool
    contact_limit: dt.date | None
    contact_too_long: bool
    transitions: tuple[Transition, ...]
    long_pauses: tuple[Pause, ...]
    open_pause: Pause | None
    phase_months: int
    tolerance_days: int
    flags: tuple[str, ...] = field(default=())

    def planned(self, to: Period) -> dt.date | None:
        for transition in self.transitions:
            if transition.to is to:
                return transition.planned
        return None

    @property
    def next_transition(self) -> Transition | None:
        """The first planned transition not yet realised, while the course is running."""
        if self.period is Period.ENDED:
            return None
        for transition in self.transitions:
            if transition.realised is None:
                return transition
        return None

    @property
    def overdue(self) -> bool:
        return any(t.overdue for t in self.transitions)

    @property
    def days_to_next_step(self) -> int | None:
        """Days to the next transition, or in the contact period to its limit; negative when passed."""
        nxt = self.next_transition
        if nxt is not None:
            return nxt.days_until
        if self.period is Period.CONTACT and self.contact_limit:
            return (self.contact_limit - self.today).days
        return None

    @property
    def late_transitions(self) -> tuple[Transition, ...]:
        return tuple(
            t
            for t in self.transitions
            if t.timeliness is not None and t.timeliness.status is TimelinessStatus.LATE
        )


class Flag(enum.StrEnum):
    OVERDUE = "overdue"
    LATE = "late"
    PAUSED = "paused"
    LONG_PAUSE = "long_pause"
    LONG_CONTACT_PERIOD = "long_contact_period"


def compute_schedule(dates: CourseDates, *, today: dt.date) -> Schedule:
    period = period_on(dates, today)
    period_start = dates.start_of(period) if period is not None else None
    limit = contact_limit(dates, today=today)
    contact_end = dates.phase_1 or dates.end or today
    contact_too_long = limit is not None and contact_end > limit

    transitions: list[Transition] = []
    planned = planned_transitions(dates, today=today)
    if planned is not None:
        realised_dates = (dates.phase_2, dates.phase_3, dates.end)
        ended_early = dates.end is not None and dates.end <= today
        for to, planned_day, realised in zip(
            (Period.PHASE_2, Period.PHASE_3, Period.ENDED), planned, realised_dates, strict=True
        ):
            # After an early end the remaining phases will never come: nothing is overdue.
            overdue = (
                realised is None
                and not ended_early
                and today > planned_day + dt.timedelta(days=dates.tolerance_days)
            )
            transitions.append(
                Transition(
                    to=to,
                    planned=planned_day,
                    realised=realised,
                    timeliness=(
                        timeliness(
                            planned=planned_day,
                            realised=realised,
                            tolerance_days=dates.tolerance_days,
                        )
                        if realised is not None
                        else None
                    ),
                    overdue=overdue,
                    days_until=(planned_day - today).days,
                )
            )

    open_pause = next((p for p in dates.pauses if p.is_open), None)
    paused = is_paused_on(dates, today) and period is not Period.ENDED
    long_pauses = tuple(p for p in dates.pauses if p.is_long(today=today))
    schedule = Schedule(
        today=today,
        period=period,
        period_start=period_start,
        days_in_period=(today - period_start).days if period_start is not None else None,
        paused=paused,
        contact_limit=limit,
        contact_too_long=contact_too_long,
        transitions=tuple(transitions),
        long_pauses=long_pauses,
        open_pause=open_pause,
        phase_months=dates.phase_months,
        tolerance_days=dates.tolerance_days,
    )
    flags: list[str] = []
    if schedule.overdue:
        flags.append(Flag.OVERDUE)
    if schedule.late_transitions:
        flags.append(Flag.LATE)
    if paused:
        flags.append(Flag.PAUSED)
    if long_pauses:
        flags.append(Flag.LONG_PAUSE)
    if contact_too_long:
        flags.append(Flag.LONG_CONTACT_PERIOD)
    return replace(schedule, flags=tuple(flags))


def projected_dates(dates: CourseDates, *, today: dt.date) -> CourseDates:
    """Realised dates up to today, and the dates the method plans after it.

    Assumptions, for forecasts:
    - a course still referred stays referred (no date for its contact period is known);
    - a course in the contact period enters phase 1 when the contact period reaches one phase
      length (the manual's maximum), or tomorrow if that limit has already passed;
    - an open pause ends today;
    - a transition not yet registered happens on its planned date, or tomorrow if that has passed.
    """
    if dates.end is not None:
        return dates
    tomorrow = today + dt.timedelta(days=1)
    closed_pauses = tuple(
        p if p.resume is not None else Pause(p.start, max(today, p.start)) for p in dates.pauses
    )
    projected = replace(dates, pauses=closed_pauses)
    if projected.phase_1 is None:
        if projected.contact_start is None:
            return projected
        limit = contact_limit(projected, today=today)
        assert limit is not None
        projected = replace(projected, phase_1=max(limit, tomorrow))
    planned = planned_transitions(projected, today=today)
    assert planned is not None
    previous = projected.phase_1
    assert previous is not None
    filled: list[dt.date] = []
    for realised, planned_day in zip(
        (projected.phase_2, projected.phase_3, projected.end), planned, strict=True
    ):
        day = realised if realised is not None else max(planned_day, tomorrow, previous)
        filled.append(day)
        previous = day
    return replace(projected, phase_2=filled[0], phase_3=filled[1], end=filled[2])


@dataclass(frozen=True)
class NextStep:
    """A course's next planned step, in a form that can be stored and stays true as days pass.

    `on`: the next transition not yet realised, or, when there is none (before phase 1, or every
    transition registered ahead of time), the contact period's limit; an open pause counted as if
    it had ended on its first day. `paused_from`: that open pause's start when it moves `on`: the
    step then moves one day for every day the pause lasts. Nothing here depends on today, so it
    changes only when the course's dates or pauses do.
    """

    on: dt.date | None
    paused_from: dt.date | None = None

    def days_until(self, today: dt.date) -> int | None:
        """Days from `today` to the step, as `compute_schedule` counts them on that day."""
        if self.on is None:
            return None
        if self.paused_from is not None:
            # The open pause has lasted max(0, today - start) days, each one moving the step.
            return (self.on - min(today, self.paused_from)).days
        return (self.on - today).days


def _awaits_transition(dates: CourseDates) -> bool:
    return dates.phase_1 is not None and None in (dates.phase_2, dates.phase_3, dates.end)


def next_step(dates: CourseDates) -> NextStep:
    """The course's `NextStep`, by the same rules as `compute_schedule`."""
    open_pause = next((p for p in dates.pauses if p.is_open), None)
    if open_pause is not None:
        # The pause counted as ended the day it began: no day needed, its length is zero.
        closed = Pause(open_pause.start, open_pause.start)
        dates = replace(dates, pauses=tuple(closed if p is open_pause else p for p in dates.pauses))
    on: dt.date | None
    if _awaits_transition(dates):
        planned = planned_transitions(dates, today=dt.date.min)
        assert planned is not None
        realised = (dates.phase_2, dates.phase_3, dates.end)
        on = next(day for day, done in zip(planned, realised, strict=True) if done is None)
        relevant = _pauses_from_phase_1(dates)
    else:
        on = contact_limit(dates, today=dt.date.min)
        relevant = _pauses_in_contact_period(dates)
    if on is None or open_pause is None:
        return NextStep(on)
    # Pauses are applied in order of their start, so the open one (the latest) comes last and
    # moves the step when it began before it, as `shift_by_pauses` does.
    moves = any(p.start == open_pause.start for p in relevant) and open_pause.start < on
    return NextStep(on, open_pause.start if moves else None)


def step_status(
    dates: CourseDates, step: NextStep, *, today: dt.date
) -> tuple[Period | None, int | None, bool]:
    """`compute_schedule(dates, today)`'s period, `days_to_next_step` and `overdue`, from the
    realised dates and the stored `NextStep` alone (no pauses, no planning): cheap enough to
    order thousands of courses.

    Overdue is the next transition passing its tolerance: the later ones are planned later, so
    none of them is overdue before it is.
    """
    period = period_on(dates, today)
    if period is Period.ENDED:
        return period, None, False
    if _awaits_transition(dates):
        days = step.days_until(today)
        ended_early = dates.end is not None and dates.end <= today
        overdue = days is not None and days < -dates.tolerance_days and not ended_early
        return period, days, overdue
    if period is Period.CONTACT:
        return period, step.days_until(today), False
    return period, None, False
