"""Intensity of the support: hours of contact per period and per week, against the manual's 4 : 2 : 1.

Homelessness 3.4.4 and the generic manual: the worker roughly halves the time per phase. Pure
Python; `today` is passed in. Only contacts that took place count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

from overgang.method.clock import CourseDates, Period, period_on

MANUAL_RATIO = {Period.PHASE_1: Fraction(4), Period.PHASE_2: Fraction(2), Period.PHASE_3: Fraction(1)}
MEASURED_PERIODS = (Period.CONTACT, Period.PHASE_1, Period.PHASE_2, Period.PHASE_3)


@dataclass(frozen=True)
class Contact:
    day: dt.date
    minutes: int


@dataclass(frozen=True)
class PeriodIntensity:
    period: Period
    days: int  # days the course has spent in the period so far
    minutes: int
    contacts: int

    @property
    def hours(self) -> Fraction:
        return Fraction(self.minutes, 60)

    @property
    def hours_per_week(self) -> Fraction | None:
        if self.days <= 0:
            return None
        return Fraction(self.minutes, 60) / Fraction(self.days, 7)


@dataclass(frozen=True)
class Intensity:
    periods: tuple[PeriodIntensity, ...]

    def of(self, period: Period) -> PeriodIntensity | None:
        return next((p for p in self.periods if p.period is period), None)

    @property
    def ratio(self) -> dict[Period, Fraction] | None:
        """Hours per week in phases 1–3 relative to phase 3 = 1 (the manual: 4 : 2 : 1).

        None until phase 3 has contacts; a phase without time in it is left out.
        """
        phase_3 = self.of(Period.PHASE_3)
        base = phase_3.hours_per_week if phase_3 else None
        if not base:
            return None
        ratio = {}
        for period in MANUAL_RATIO:
            measured = self.of(period)
            if measured is not None and measured.hours_per_week is not None:
                ratio[period] = measured.hours_per_week / base
        return ratio

    @property
    def halves_per_phase(self) -> bool | None:
        """Whether each phase's weekly hours are at most those of the phase before (None: too early)."""
        weekly = [self.of(p) for p in MANUAL_RATIO]
        values = [w.hours_per_week for w in weekly if w is not None and w.hours_per_week is not None]
        if len(values) < 2:
            return None
        return all(later <= earlier for earlier, later in pairwise(values))


def intensity(dates: CourseDates, contacts: Sequence[Contact], *, today: dt.date) -> Intensity:
    """Hours of contact in each period the course has been in, and hours per week there."""
    minutes: dict[Period, int] = {}
    counts: dict[Period, int] = {}
    for contact in contacts:
        period = period_on(dates, contact.day)
        if period not in MEASURED_PERIODS:
            continue
        assert period is not None
        minutes[period] = minutes.get(period, 0) + contact.minutes
        counts[period] = counts.get(period, 0) + 1
    periods = []
    for period in MEASURED_PERIODS:
        start = dates.start_of(period)
        if start is None or start > today:
            continue
        following = [dates.start_of(p) for p in (*MEASURED_PERIODS, Period.ENDED)]
        later = [d for d in following[MEASURED_PERIODS.index(period) + 1 :] if d is not None]
        stop = min([*later, today + dt.timedelta(days=1)])
        periods.append(
            PeriodIntensity(
                period=period,
                days=max(0, (stop - start).days),
                minutes=minutes.get(period, 0),
                contacts=counts.get(period, 0),
            )
        )
    return Intensity(periods=tuple(periods))
