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
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from overgang.method.clock import ACTIVE_PERIODS, CourseDates, Period, projected_dates

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


_PERIOD_ORDER = (*ACTIVE_PERIODS, Period.ENDED)


class _Loads:
    """The load of a set of projected courses on any number of days, from one sweep.

    A course's period only changes on its period starts, so each course gives at most six events;
    the days asked are visited in order, applying the events up to each, and the load of a day is
    the courses counted per (rule, period) times that pair's share of a full caseload. The shares
    are put over one common denominator, so a day's sum is integer arithmetic and one Fraction:
    the same exact figures as adding weight / maximum course by course.
    """

    def __init__(self, projected: Sequence[tuple[CaseloadItem, CourseDates]]) -> None:
        self.rules: list[CaseloadRule] = []
        rule_index: dict[int, int] = {}
        self.events: list[tuple[dt.date, int, int, int]] = []  # day, period rank, course, rule
        for number, (item, dates) in enumerate(projected):
            if id(item.rule) not in rule_index:
                rule_index[id(item.rule)] = len(self.rules)
                self.rules.append(item.rule)
            rule = rule_index[id(item.rule)]
            for rank, period in enumerate(_PERIOD_ORDER):
                start = dates.start_of(period)
                if start is not None:
                    self.events.append((start, rank, number, rule))
        self.events.sort()
        self.course_count = len(projected)
        # Each (rule, period)'s share of a full caseload and its weight, as integers over one
        # denominator each (None: before referral, weight 0).
        periods: tuple[Period | None, ...] = (None, *_PERIOD_ORDER)
        shares = {(r, p): rule.weight(p) / rule.maximum for r, rule in enumerate(self.rules) for p in periods}
        weights = {(r, p): rule.weight(p) for r, rule in enumerate(self.rules) for p in periods}
        self.share_denominator = _common_denominator(shares.values())
        self.weight_denominator = _common_denominator(weights.values())
        self.share = {k: int(v * self.share_denominator) for k, v in shares.items()}
        self.weight = {k: int(v * self.weight_denominator) for k, v in weights.items()}

    def on(self, days: Iterable[dt.date]) -> dict[dt.date, tuple[Fraction, Fraction, dict[Period, int]]]:
        """(load, units, courses per active period) on each day."""
        current: list[int | None] = [None] * self.course_count  # each course's period rank
        # Before their referral the courses weigh nothing: the sums start at zero, and change by
        # the difference between the new and the old (rule, period) at every event.
        load = units = 0
        per_period = [0] * len(_PERIOD_ORDER)
        result = {}
        events = self.events
        position = 0
        for day in sorted(set(days)):
            while position < len(events) and events[position][0] <= day:
                _start, rank, number, rule = events[position]
                position += 1
                before = current[number]
                if before is not None and before >= rank:
                    continue  # a later period already began on or before this day
                old = (rule, None if before is None else _PERIOD_ORDER[before])
                new = (rule, _PERIOD_ORDER[rank])
                load += self.share[new] - self.share[old]
                units += self.weight[new] - self.weight[old]
                if before is not None:
                    per_period[before] -= 1
                per_period[rank] += 1
                current[number] = rank
            by_period = {
                period: per_period[rank]
                for rank, period in enumerate(_PERIOD_ORDER)
                if period in ACTIVE_PERIODS and per_period[rank]
            }
            result[day] = (
                Fraction(load, self.share_denominator),
                Fraction(units, self.weight_denominator),
                by_period,
            )
        return result


def _common_denominator(values: Iterable[Fraction]) -> int:
    denominator = 1
    for value in values:
        denominator = math.lcm(denominator, value.denominator)
    return denominator


def _load_on(
    items: Sequence[tuple[CaseloadItem, CourseDates]], day: dt.date
) -> tuple[Fraction, Fraction, dict[Period, int]]:
    return _Loads(items).on([day])[day]


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
    return _caseload_of(day, _load_on(projected, day), fte=fte, rule=rule)


def _caseload_of(
    day: dt.date,
    figures: tuple[Fraction, Fraction, dict[Period, int]],
    *,
    fte: Fraction,
    rule: CaseloadRule | None,
) -> Caseload:
    load, units, by_period = figures
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
    return forecast_with_room(items, fte=fte, today=today, weeks=weeks, rule_for_new=rule_for_new)[0]


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
    return _first_room(
        projected,
        _Loads(projected),
        fte=fte,
        today=today,
        rule_for_new=rule_for_new,
        horizon_days=horizon_days,
    )


def forecast_with_room(
    items: Sequence[CaseloadItem],
    *,
    fte: Fraction,
    today: dt.date,
    weeks: int = FORECAST_WEEKS,
    rule_for_new: CaseloadRule | None = None,
) -> tuple[list[Caseload], dt.date | None]:
    """`forecast` and, with a rule for the new citizen, `first_date_with_room` over the forecast's
    weeks: one projection of each course and one sweep for both (the caseload board does this for
    every worker)."""
    projected = [(item, projected_dates(item.dates, today=today)) for item in items]
    loads = _Loads(projected)
    rule = _single_rule(items, rule_for_new)
    days = [today + dt.timedelta(weeks=week) for week in range(weeks + 1)]
    figures = loads.on(days)
    points = [_caseload_of(day, figures[day], fte=fte, rule=rule) for day in days]
    first_room = (
        _first_room(projected, loads, fte=fte, today=today, rule_for_new=rule_for_new, horizon_days=weeks * 7)
        if rule_for_new is not None
        else None
    )
    return points, first_room


def _first_room(
    projected: Sequence[tuple[CaseloadItem, CourseDates]],
    loads: _Loads,
    *,
    fte: Fraction,
    today: dt.date,
    rule_for_new: CaseloadRule,
    horizon_days: int,
) -> dt.date | None:
    horizon = today + dt.timedelta(days=horizon_days)
    candidates = {today}
    for _, dates in projected:
        for period in (Period.PHASE_1, Period.PHASE_2, Period.PHASE_3, Period.ENDED):
            start = dates.start_of(period)
            if start is not None and today < start <= horizon:
                candidates.add(start)
    needed = rule_for_new.entry_weight / rule_for_new.maximum
    figures = loads.on(candidates)
    for day in sorted(candidates):
        load, _, _ = figures[day]
        if load + needed <= fte:
            return day
    return None
