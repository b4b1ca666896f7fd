"""Team figures over a chosen period: what managers and coordinators report on (DOMAIN.md, "Who uses it").

Pure Python: the caller hands over the facts of each course and the period; nothing reads a clock.
Every figure carries the ids of the courses behind it, so a page can drill down to them.

The period is a closed range of days, `start` to `end` inclusive, that should not end after today:
the figures are made from realised dates only. What each figure counts:

- Active courses by period: the period each course is in on the range's end (`period_on`).
- Transitions: realised starts of phase 2 and phase 3 and ends completed as planned, whose realised
  date falls within the range, each compared with its planned date (`compute_schedule` with
  today = the range's end). An early end has no planned date to be timely against: not counted.
- Lengths in calendar days (pauses included) of contact periods (contact start to phase 1) and of
  phases (phase start to the next phase's start; phase 3 to an end completed as planned), counted
  when the period ended within the range. A phase cut short by an early end is not counted.
- Ended courses by reason: courses whose end date falls within the range.
- Pauses that started within the range: a pause not yet resumed counts up to the range's end.
- Caseload use per worker at weekly points from the range's start: the sum over the worker's
  courses of the weight of the period each is in (realised, `period_on`) divided by the course's
  rule's maximum, divided by the worker's FTE. Who held a course on a day follows its worker spells.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from overgang.method.caseload import CaseloadRule
from overgang.method.clock import (
    ACTIVE_PERIODS,
    LONG_PAUSE_DAYS,
    CourseDates,
    Period,
    TimelinessStatus,
    compute_schedule,
    period_on,
)

COMPLETED = "completed"  # the end reason "completed as planned" (appendix 5); every other is early

TRANSITION_TARGETS = (Period.PHASE_2, Period.PHASE_3, Period.ENDED)
LENGTH_KEYS = ("contact", "phase_1", "phase_2", "phase_3")
TIMELINESS_KEYS = ("on_time", "early", "late")
ALL = "all"


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("A period cannot end before it starts.")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def weeks(self) -> tuple[dt.date, ...]:
        """The range's start and every seventh day after it, up to the end."""
        count = (self.end - self.start).days // 7 + 1
        return tuple(self.start + dt.timedelta(weeks=n) for n in range(count))


@dataclass(frozen=True)
class WorkerSpell:
    """Who was the course's worker from `start` until (not including) `end`."""

    worker_id: int
    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class CourseFacts:
    course_id: int
    dates: CourseDates
    worker_id: int  # the current worker
    rule: CaseloadRule
    end_reason: str = ""
    spells: tuple[WorkerSpell, ...] = ()

    def worker_on(self, day: dt.date) -> int:
        """The worker on `day` from the spells, the latest covering one winning; else the current."""
        for spell in reversed(self.spells):
            if spell.covers(day):
                return spell.worker_id
        return self.worker_id


@dataclass(frozen=True)
class Group:
    """A counted figure and the courses behind it. `count` may exceed the number of courses when one
    course contributes more than once (two transitions, two pauses)."""

    key: str
    count: int
    course_ids: tuple[int, ...]  # distinct, ascending


def _group(key: str, ids: Iterable[int]) -> Group:
    ids = list(ids)
    return Group(key=key, count=len(ids), course_ids=tuple(sorted(set(ids))))


def _median(values: Sequence[int]) -> Fraction | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


# Active courses by period -------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveFigure:
    day: dt.date
    by_period: tuple[Group, ...]  # one per active period, referred to phase 3, zeros included
    total: Group


def active_by_period(facts: Sequence[CourseFacts], period: DateRange) -> ActiveFigure:
    found: dict[Period, list[int]] = {p: [] for p in ACTIVE_PERIODS}
    for fact in facts:
        now = period_on(fact.dates, period.end)
        if now is not None and now in found:
            found[now].append(fact.course_id)
    return ActiveFigure(
        day=period.end,
        by_period=tuple(_group(p.value, found[p]) for p in ACTIVE_PERIODS),
        total=_group(ALL, (i for ids in found.values() for i in ids)),
    )


# Transitions on time ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransitionGroup:
    key: str  # "phase_2", "phase_3", "ended" or "all"
    realised: Group
    on_time: Group
    early: Group
    late: Group

    @property
    def share_on_time(self) -> Fraction | None:
        return Fraction(self.on_time.count, self.realised.count) if self.realised.count else None

    def by_status(self, status: str) -> Group:
        return {"on_time": self.on_time, "early": self.early, "late": self.late}[status]


@dataclass(frozen=True)
class TransitionFigure:
    by_transition: tuple[TransitionGroup, ...]  # phase 2, phase 3, end
    total: TransitionGroup


def _transition_group(key: str, found: Mapping[str, list[int]]) -> TransitionGroup:
    return TransitionGroup(
        key=key,
        realised=_group(key, found["realised"]),
        on_time=_group(f"{key}:on_time", found["on_time"]),
        early=_group(f"{key}:early", found["early"]),
        late=_group(f"{key}:late", found["late"]),
    )


_STATUS_KEYS = {
    TimelinessStatus.ON_TIME: "on_time",
    TimelinessStatus.EARLY: "early",
    TimelinessStatus.LATE: "late",
}


def transitions_on_time(facts: Sequence[CourseFacts], period: DateRange) -> TransitionFigure:
    found: dict[Period, dict[str, list[int]]] = {
        to: {"realised": [], "on_time": [], "early": [], "late": []} for to in TRANSITION_TARGETS
    }
    for fact in facts:
        if fact.dates.phase_1 is None:
            continue  # no planned transitions before phase 1
        schedule = compute_schedule(fact.dates, today=period.end)
        for transition in schedule.transitions:
            if transition.realised not in period or transition.timeliness is None:
                continue
            if transition.to is Period.ENDED and fact.end_reason != COMPLETED:
                continue
            found[transition.to]["realised"].append(fact.course_id)
            found[transition.to][_STATUS_KEYS[transition.timeliness.status]].append(fact.course_id)
    total = {
        part: [i for to in TRANSITION_TARGETS for i in found[to][part]]
        for part in ("realised", "on_time", "early", "late")
    }
    return TransitionFigure(
        by_transition=tuple(_transition_group(to.value, found[to]) for to in TRANSITION_TARGETS),
        total=_transition_group(ALL, total),
    )


# Lengths of the contact period and the phases -----------------------------------------------------


@dataclass(frozen=True)
class LengthGroup:
    key: str  # "contact", "phase_1", "phase_2" or "phase_3"
    lengths: tuple[int, ...]  # calendar days, ascending
    course_ids: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.lengths)

    @property
    def median(self) -> Fraction | None:
        return _median(self.lengths)

    @property
    def shortest(self) -> int | None:
        return self.lengths[0] if self.lengths else None

    @property
    def longest(self) -> int | None:
        return self.lengths[-1] if self.lengths else None


@dataclass(frozen=True)
class LengthFigure:
    groups: tuple[LengthGroup, ...]  # contact, phase 1, phase 2, phase 3

    def group(self, key: str) -> LengthGroup | None:
        return next((g for g in self.groups if g.key == key), None)


def _spans(fact: CourseFacts) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    dates = fact.dates
    completed_end = dates.end if fact.end_reason == COMPLETED else None
    return {
        "contact": (dates.contact_start, dates.phase_1),
        "phase_1": (dates.phase_1, dates.phase_2),
        "phase_2": (dates.phase_2, dates.phase_3),
        "phase_3": (dates.phase_3, completed_end),
    }


def period_lengths(facts: Sequence[CourseFacts], period: DateRange) -> LengthFigure:
    found: dict[str, list[tuple[int, int]]] = {key: [] for key in LENGTH_KEYS}
    for fact in facts:
        for key, (began, ended) in _spans(fact).items():
            if began is not None and ended is not None and ended in period:
                found[key].append(((ended - began).days, fact.course_id))
    return LengthFigure(
        groups=tuple(
            LengthGroup(
                key=key,
                lengths=tuple(sorted(days for days, _ in found[key])),
                course_ids=tuple(sorted({course_id for _, course_id in found[key]})),
            )
            for key in LENGTH_KEYS
        )
    )


# Ended courses by reason --------------------------------------------------------------------------


@dataclass(frozen=True)
class EndedFigure:
    by_reason: tuple[Group, ...]  # completed as planned first, then the early reasons
    early: Group
    total: Group

    @property
    def completed(self) -> Group:
        return self.by_reason[0]


def ended_by_reason(
    facts: Sequence[CourseFacts], period: DateRange, *, reason_order: Sequence[str] = ()
) -> EndedFigure:
    """Courses ended within the range, grouped by reason. The reasons in `reason_order` are always
    listed (zeros included) in that order after "completed"; any other reason found follows, sorted."""
    found: dict[str, list[int]] = defaultdict(list)
    for fact in facts:
        if fact.dates.end in period:
            found[fact.end_reason].append(fact.course_id)
    early_reasons = [r for r in reason_order if r != COMPLETED]
    early_reasons += sorted(r for r in found if r != COMPLETED and r not in early_reasons)
    return EndedFigure(
        by_reason=(
            _group(COMPLETED, found.get(COMPLETED, ())),
            *(_group(r, found.get(r, ())) for r in early_reasons),
        ),
        early=_group("early", (i for r in early_reasons for i in found.get(r, ()))),
        total=_group(ALL, (i for ids in found.values() for i in ids)),
    )


# Pauses ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PauseFigure:
    started: Group  # every pause that started within the range; count is pauses, not courses
    long: Group  # of those, over LONG_PAUSE_DAYS
    open: Group  # of those, not resumed by the range's end
    lengths: tuple[int, ...]  # days, ascending

    @property
    def median_days(self) -> Fraction | None:
        return _median(self.lengths)

    @property
    def longest_days(self) -> int | None:
        return self.lengths[-1] if self.lengths else None


def pauses_started(facts: Sequence[CourseFacts], period: DateRange) -> PauseFigure:
    started: list[int] = []
    long: list[int] = []
    still_open: list[int] = []
    lengths: list[int] = []
    for fact in facts:
        for pause in fact.dates.pauses:
            if pause.start not in period:
                continue
            started.append(fact.course_id)
            lengths.append(pause.length_days(today=period.end))
            if pause.length_days(today=period.end) > LONG_PAUSE_DAYS:
                long.append(fact.course_id)
            if pause.resume is None or pause.resume > period.end:
                still_open.append(fact.course_id)
    return PauseFigure(
        started=_group(ALL, started),
        long=_group("long", long),
        open=_group("open", still_open),
        lengths=tuple(sorted(lengths)),
    )


# Caseload use per worker over time ----------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadPoint:
    day: dt.date
    load: Fraction  # share of one full-time caseload
    fte: Fraction
    course_ids: tuple[int, ...]  # the worker's active courses that day
    # Load against capacity: the sum of weights / (maximum × FTE) for a single rule. Computed once
    # here: a page reads it several times per point (issue 9).
    utilisation: Fraction = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "utilisation", self.load / self.fte)

    @property
    def over_capacity(self) -> bool:
        return self.load > self.fte


@dataclass(frozen=True)
class WorkerCaseloadFigure:
    worker_id: int
    fte: Fraction
    points: tuple[CaseloadPoint, ...]  # one per week of the range
    # Derived from the points once, when the figure is made (a page reads them per point; issue 9).
    course_ids: tuple[int, ...] = field(init=False, repr=False, compare=False)
    peak: Fraction = field(init=False, repr=False, compare=False)
    weeks_over_capacity: int = field(init=False, repr=False, compare=False)
    _total: Fraction = field(init=False, repr=False, compare=False)
    _by_day: Mapping[dt.date, CaseloadPoint] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        derived = {
            "course_ids": tuple(sorted({i for point in self.points for i in point.course_ids})),
            "peak": max((p.utilisation for p in self.points), default=Fraction(0)),
            "weeks_over_capacity": sum(1 for p in self.points if p.over_capacity),
            "_total": exact_total(p.utilisation for p in self.points),
            "_by_day": _first_by_day(self.points),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @property
    def mean(self) -> Fraction:
        return self._total / len(self.points)

    def point(self, day: dt.date) -> CaseloadPoint | None:
        return self._by_day.get(day)


def exact_total(values: Iterable[Fraction]) -> Fraction:
    """The sum of the fractions, added as integers over their common denominator: a worker's weeks
    share a handful of denominators, and Fraction additions showed in the dashboard's profile."""
    found = [(value.numerator, value.denominator) for value in values]
    denominator = math.lcm(*(d for _n, d in found)) if found else 1
    return Fraction(sum(n * (denominator // d) for n, d in found), denominator)


def _first_by_day(points: Iterable[CaseloadPoint]) -> dict[dt.date, CaseloadPoint]:
    """The first point of each day, as a search from the start would find it."""
    found: dict[dt.date, CaseloadPoint] = {}
    for point in points:
        found.setdefault(point.day, point)
    return found


@dataclass(frozen=True)
class CaseloadFigure:
    days: tuple[dt.date, ...]
    workers: tuple[WorkerCaseloadFigure, ...]  # by worker id; only workers with a course in the range

    def worker(self, worker_id: int) -> WorkerCaseloadFigure | None:
        return next((w for w in self.workers if w.worker_id == worker_id), None)


_PERIODS_LATEST_FIRST = (
    Period.ENDED,
    Period.PHASE_3,
    Period.PHASE_2,
    Period.PHASE_1,
    Period.CONTACT,
    Period.REFERRED,
)


def period_finder(dates: CourseDates) -> Callable[[dt.date], Period | None]:
    """`period_on` for one course at many days: the same answer, with the course's start dates
    read once instead of once per day."""
    starts = tuple(
        (period, start) for period in _PERIODS_LATEST_FIRST if (start := dates.start_of(period)) is not None
    )

    def period_at(day: dt.date) -> Period | None:
        for period, start in starts:
            if day >= start:
                return period
        return None

    return period_at


def _weekly_spans(
    fact: CourseFacts, days: Sequence[dt.date]
) -> Iterator[tuple[int, int, Period | None, int]]:
    """The course's weeks cut where its period or its worker may change: (first week's index, end
    index, period, worker) per span. Both are constant between the course's period starts and its
    spells' bounds, so each span asks them once, of its first week."""
    cuts = {start for period in _PERIODS_LATEST_FIRST if (start := fact.dates.start_of(period)) is not None}
    for spell in fact.spells:
        cuts.add(spell.start)
        if spell.end is not None:
            cuts.add(spell.end)
    bounds = sorted({0, len(days), *(bisect.bisect_left(days, cut) for cut in cuts)})
    period_at = period_finder(fact.dates)
    for lo, hi in itertools.pairwise(bounds):
        first = days[lo]
        yield lo, hi, period_at(first), fact.worker_on(first)


def caseload_use(
    facts: Sequence[CourseFacts], period: DateRange, *, fte: Mapping[int, Fraction]
) -> CaseloadFigure:
    """Weekly caseload use per worker. A worker missing from `fte` counts as full time.

    Each course's weeks are taken a span at a time (`_weekly_spans`), and every share is kept as an integer
    over the shares' common denominator: a week of a course costs one integer addition (issue 9).
    """
    days = period.weeks
    shares: dict[tuple[int, Period], Fraction] = {}  # the weight / maximum, once per rule and period
    spans: list[tuple[int, int, int, Fraction, int]] = []
    for fact in facts:
        for lo, hi, now, worker_id in _weekly_spans(fact, days):
            if now is None or now not in ACTIVE_PERIODS:
                continue
            key = (id(fact.rule), now)
            share = shares.get(key)
            if share is None:
                share = shares[key] = fact.rule.weight(now) / fact.rule.maximum
            spans.append((lo, hi, worker_id, share, fact.course_id))
    denominator = 1
    for share in shares.values():
        denominator = math.lcm(denominator, share.denominator)
    load: dict[int, list[int]] = {}
    ids: dict[int, list[list[int]]] = {}
    for lo, hi, worker_id, share, course_id in spans:
        if worker_id not in load:
            load[worker_id] = [0] * len(days)
            ids[worker_id] = [[] for _ in days]
        worker_load, worker_ids = load[worker_id], ids[worker_id]
        scaled = share.numerator * (denominator // share.denominator)
        for index in range(lo, hi):
            worker_load[index] += scaled
            worker_ids[index].append(course_id)
    workers = []
    for worker_id in sorted(load):
        worker_fte = Fraction(fte.get(worker_id, Fraction(1)))
        points = tuple(
            CaseloadPoint(
                day=day, load=Fraction(total, denominator), fte=worker_fte, course_ids=tuple(sorted(on))
            )
            for day, total, on in zip(days, load[worker_id], ids[worker_id], strict=True)
        )
        workers.append(WorkerCaseloadFigure(worker_id=worker_id, fte=worker_fte, points=points))
    return CaseloadFigure(days=days, workers=tuple(workers))


# All figures, and the courses behind one --------------------------------------------------------


FIGURE_CODES = ("active", "transitions", "lengths", "ended", "pauses", "caseload")


@dataclass(frozen=True)
class Figures:
    period: DateRange
    active: ActiveFigure
    transitions: TransitionFigure
    lengths: LengthFigure
    ended: EndedFigure
    pauses: PauseFigure
    caseload: CaseloadFigure

    def course_ids(self, figure: str, key: str) -> tuple[int, ...] | None:
        """The courses behind one figure, or None when there is no such figure.

        figure "active", key a period or "all"; "transitions", key "phase_2", "phase_3", "ended" or
        "all", optionally with ":on_time", ":early" or ":late"; "lengths", key "contact" or a phase;
        "ended", key a reason, "early" or "all"; "pauses", key "all", "long" or "open";
        "caseload", key a worker id, optionally with ":YYYY-MM-DD" for one weekly point.
        """
        finder = {
            "active": self._active_ids,
            "transitions": self._transition_ids,
            "lengths": self._length_ids,
            "ended": self._ended_ids,
            "pauses": self._pause_ids,
            "caseload": self._caseload_ids,
        }.get(figure)
        return finder(key) if finder is not None else None

    def _active_ids(self, key: str) -> tuple[int, ...] | None:
        groups = (*self.active.by_period, self.active.total)
        return next((g.course_ids for g in groups if g.key == key), None)

    def _transition_ids(self, key: str) -> tuple[int, ...] | None:
        target, _, status = key.partition(":")
        groups = (*self.transitions.by_transition, self.transitions.total)
        group = next((g for g in groups if g.key == target), None)
        if group is None:
            return None
        if not status:
            return group.realised.course_ids
        return group.by_status(status).course_ids if status in TIMELINESS_KEYS else None

    def _length_ids(self, key: str) -> tuple[int, ...] | None:
        group = self.lengths.group(key)
        return group.course_ids if group is not None else None

    def _ended_ids(self, key: str) -> tuple[int, ...] | None:
        groups = (*self.ended.by_reason, self.ended.early, self.ended.total)
        return next((g.course_ids for g in groups if g.key == key), None)

    def _pause_ids(self, key: str) -> tuple[int, ...] | None:
        groups = (self.pauses.started, self.pauses.long, self.pauses.open)
        return next((g.course_ids for g in groups if g.key == key), None)

    def _caseload_ids(self, key: str) -> tuple[int, ...] | None:
        worker_key, _, day_key = key.partition(":")
        if not (worker_key.isascii() and worker_key.isdigit()):
            return None
        worker = self.caseload.worker(int(worker_key))
        if worker is None:
            return None
        if not day_key:
            return worker.course_ids
        try:
            day = dt.date.fromisoformat(day_key)
        except ValueError:
            return None
        point = worker.point(day)
        return point.course_ids if point is not None else None


def compute_figures(
    facts: Sequence[CourseFacts],
    period: DateRange,
    *,
    fte: Mapping[int, Fraction],
    reason_order: Sequence[str] = (),
) -> Figures:
    return Figures(
        period=period,
        active=active_by_period(facts, period),
        transitions=transitions_on_time(facts, period),
        lengths=period_lengths(facts, period),
        ended=ended_by_reason(facts, period, reason_order=reason_order),
        pauses=pauses_started(facts, period),
        caseload=caseload_use(facts, period, fte=fte),
    )
