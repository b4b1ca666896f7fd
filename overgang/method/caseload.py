"""Weighted caseload and its forecast (homelessness 3.5, generic "Lavt caseload", job model table).

A worker's load is the sum over their active courses of the weight of the period each course is
in, divided by that course's programme maximum: the share of one full-time caseload it takes.
Capacity is the worker's FTE. When every course follows one rule, the same figures are also given
in that rule's own units (for homelessness: 10 weighted units per full-time worker).

Pure Python: `today` is passed in; exact arithmetic with Fraction.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from overgang.method.clock import ACTIVE_PERIODS, CourseDates, Period, period_on, projected_dates

FORECAST_WEEKS = 12

FORECAST_ASSUMPTION = (
    "Realised periods up to today; after today each course follows its planned dates. "
    "A course in the contact period is assumed to enter phase 1 when the contact period reaches "
    "one phase length; a referred course keeps its weight; an open pause is assumed to end today."
)


class RuleKind(enum.StrEnum):
    WEIGHTED = "weighted"
    HEADCOUNT = "headcount"


@dataclass(frozen=True)
class CaseloadRule:
    kind: RuleKind
    maximum: Fraction
    weights: Mapping[Period, Fraction] | None = None
    uses_contact_period: bool = True

    def __post_init__(self) -> None:
        if self.maximum <= 0:
            raise ValueError("A caseload maximum must be positive.")
        if self.kind is RuleKind.WEIGHTED and not self.weights:
            raise ValueError("A weighted caseload rule needs weights.")

    def weight(self, period: Period | None) -> Fraction:
        if period is None or period not in ACTIVE_PERIODS:
            return Fraction(0)
        if self.kind is RuleKind.HEADCOUNT:
            return Fraction(1)
        assert self.weights is not None
        # A referred citizen already has a contact person: counted like the contact period.
        key = Period.CONTACT if period is Period.REFERRED else period
        return Fraction(self.weights.get(key, 0))

    @property
    def entry_weight(self) -> Fraction:
        """What a new citizen adds: the weight of the first period of a course."""
        return self.weight(Period.CONTACT if self.uses_contact_period else Period.PHASE_1)


@dataclass(frozen=True)
class CaseloadItem:
    course_id: object
    dates: CourseDates
    rule: CaseloadRule


@dataclass(frozen=True)
class Caseload:
    day: dt.date
    load: Fraction  # share of one full-time caseload
    capacity: Fraction  # the worker's FTE
    units: Fraction | None  # the same load in the single rule's units, when there is one rule
    unit_capacity: Fraction | None
    by_period: Mapping[Period, int]

    @property
    def over_capacity(self) -> bool:
        return self.load > self.capacity

    @property
    def utilisation(self) -> Fraction | None:
        return self.load / self.capacity if self.capacity else None


def _single_rule(items: Sequence[CaseloadItem], fallback: CaseloadRule | None) -> CaseloadRule | None:
    rules: list[CaseloadRule] = []
    for item in items:
        if item.rule not in rules:
            rules.append(item.rule)
    if len(rules) == 1:
        return rules[0]
    if not rules:
        return fallback
    return None


def _load_on(
    items: Iterable[tuple[CaseloadItem, CourseDates]], day: dt.date
) -> tuple[Fraction, Fraction, dict[Period, int]]:
    # Courses are counted per (rule, period) and the sums made once: the same exact figures as
    # adding weight / maximum course by course, without Fraction arithmetic per course.
    counts: dict[tuple[int, Period | None], int] = {}
    rules: dict[int, CaseloadRule] = {}
    by_period: dict[Period, int] = {}
    for item, dates in items:
        period = period_on(dates, day)
        if period is not None and period in ACTIVE_PERIODS:
            by_period[period] = by_period.get(period, 0) + 1
        key = (id(item.rule), period)
        rules[key[0]] = item.rule
        counts[key] = counts.get(key, 0) + 1
    load = Fraction(0)
    units = Fraction(0)
    for (rule_id, period), n in counts.items():
        rule = rules[rule_id]
        weight = rule.weight(period) * n
        load += weight / rule.maximum
        units += weight
    return load, units, {p: by_period[p] for p in ACTIVE_PERIODS if p in by_period}


def caseload_on(
    items: Sequence[CaseloadItem],
    *,
    fte: Fraction,
    today: dt.date,
    day: dt.date | None = None,
    rule_for_new: CaseloadRule | None = None,
) -> Caseload:
    """The load on `day` (default today): realised up to today, projected after it."""
    day = today if day is None else day
    projected = [(item, projected_dates(item.dates, today=today)) for item in items]
    return _caseload(projected, day=day, fte=fte, rule=_single_rule(items, rule_for_new))


def _caseload(
    projected: Sequence[tuple[CaseloadItem, CourseDates]],
    *,
    day: dt.date,
    fte: Fraction,
    rule: CaseloadRule | None,
) -> Caseload:
    load, units, by_period = _load_on(projected, day)
    return Caseload(
        day=day,
        load=load,
        capacity=fte,
        units=units if rule is not None else None,
        unit_capacity=rule.maximum * fte if rule is not None else None,
        by_period=by_period,
    )


def forecast(
    items: Sequence[CaseloadItem],
    *,
    fte: Fraction,
    today: dt.date,
    weeks: int = FORECAST_WEEKS,
    rule_for_new: CaseloadRule | None = None,
) -> list[Caseload]:
    """The load today and at each of the next `weeks` weeks.

    Each course's projected dates and the single rule are worked out once, not once per week.
    """
    projected = [(item, projected_dates(item.dates, today=today)) for item in items]
    rule = _single_rule(items, rule_for_new)
    return [
        _caseload(projected, day=today + dt.timedelta(weeks=week), fte=fte, rule=rule)
        for week in range(weeks + 1)
    ]


def first_date_with_room(
    items: Sequence[CaseloadItem],
    *,
    fte: Fraction,
    today: dt.date,
    rule_for_new: CaseloadRule,
    horizon_days: int = FORECAST_WEEKS * 7,
) -> dt.date | None:
    """The first day within the horizon on which a new citizen fits within capacity.

    The load only changes on the days a course changes period, so those days are the candidates.
    """
    projected = [(item, projected_dates(item.dates, today=today)) for item in items]
    horizon = today + dt.timedelta(days=horizon_days)
    candidates = {today}
    for _, dates in projected:
        for period in (Period.PHASE_1, Period.PHASE_2, Period.PHASE_3, Period.ENDED):
            start = dates.start_of(period)
            if start is not None and today < start <= horizon:
                candidates.add(start)
    needed = rule_for_new.entry_weight / rule_for_new.maximum
    for day in sorted(candidates):
        load, _, _ = _load_on(projected, day)
        if load + needed <= fte:
            return day
    return None
