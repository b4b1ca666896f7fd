"""Intensity of the support: hours of contact per period and per week, against the manual's 4 : 2 : 1.

Homelessness 3.4.4 and the generic manual: the worker roughly halves the time per phase. Pure
Python; `today` is passed in. Only contacts that took place count.

Also: the same figures summed over several courses (a worker's, a programme's), and the check of
the days since the last contact against the programme's contact-frequency norm for the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
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


# Aggregated intensity: a worker's or a programme's courses together ----------------------------------


@dataclass(frozen=True)
class AggregateIntensity(Intensity):
    """Several courses' intensity summed per period.

    Minutes, contacts and days add up across courses, so hours per week in a period is the total
    hours there over the total course-weeks spent there: a course that has been in phase 1 for
    13 weeks weighs 13 times as much as one that entered it a week ago.
    """

    course_counts: tuple[tuple[Period, int], ...] = ()

    @property
    def courses(self) -> int:
        return max((count for _period, count in self.course_counts), default=0)

    def courses_in(self, period: Period) -> int:
        return next((count for p, count in self.course_counts if p is period), 0)


def aggregate(intensities: Iterable[Intensity]) -> AggregateIntensity:
    """Sum the courses' minutes, contacts and days per period (ratio and halving as for one course)."""
    days: dict[Period, int] = {}
    minutes: dict[Period, int] = {}
    contacts: dict[Period, int] = {}
    courses: dict[Period, int] = {}
    for one in intensities:
        for measured in one.periods:
            period = measured.period
            days[period] = days.get(period, 0) + measured.days
            minutes[period] = minutes.get(period, 0) + measured.minutes
            contacts[period] = contacts.get(period, 0) + measured.contacts
            courses[period] = courses.get(period, 0) + 1
    present = [p for p in MEASURED_PERIODS if p in courses]
    return AggregateIntensity(
        periods=tuple(
            PeriodIntensity(period=p, days=days[p], minutes=minutes[p], contacts=contacts[p]) for p in present
        ),
        course_counts=tuple((p, courses[p]) for p in present),
    )


# Contact-frequency norms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NormCheck:
    """How long since the last contact, against the programme's norm for the period the course is in.

    The norm is "at most `norm_days` days between contacts": behind when more days have passed.
    Without any contact yet, the days count from the start of the period.
    """

    period: Period
    norm_days: int
    last_contact: dt.date | None
    counted_from: dt.date
    days_since: int

    @property
    def behind(self) -> bool:
        return self.days_since > self.norm_days

    @property
    def days_over(self) -> int:
        return max(0, self.days_since - self.norm_days)

    @property
    def days_left(self) -> int:
        """Days until the norm is passed (0 on the last day within it, or when behind)."""
        return max(0, self.norm_days - self.days_since)


def norm_check(
    *,
    period: Period | None,
    norms: Mapping[str, int],
    last_contact: dt.date | None,
    period_start: dt.date | None,
    today: dt.date,
) -> NormCheck | None:
    """The norm status in `period` on `today`, or None when the period has no norm (referred,
    ended, a norm not set) or no start to count from."""
    if period is None or period not in MEASURED_PERIODS:
        return None
    norm = norms.get(period.value)
    if norm is None or norm <= 0:
        return None
    counted_from = last_contact if last_contact is not None else period_start
    if counted_from is None:
        return None
    return NormCheck(
        period=period,
        norm_days=int(norm),
        last_contact=last_contact,
        counted_from=counted_from,
        days_since=max(0, (today - counted_from).days),
    )


def course_norm_check(
    dates: CourseDates, *, norms: Mapping[str, int], last_contact: dt.date | None, today: dt.date
) -> NormCheck | None:
    """`norm_check` for the period a course is in today, counted from its realised start."""
    period = period_on(dates, today)
    return norm_check(
        period=period,
        norms=norms,
        last_contact=last_contact,
        period_start=dates.start_of(period) if period is not None else None,
        today=today,
    )
