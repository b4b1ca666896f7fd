"""The shortcuts the team figures take at national scale (issue 9) give what the plain definitions
give: `period_finder` answers as `period_on`, the caseload's weeks taken a span at a time and summed
as integers give what asking every course on every week gives, and a worker's derived figures match
the points they come from."""

import datetime as dt
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from overgang.method.caseload import CaseloadRule, RuleKind
from overgang.method.clock import ACTIVE_PERIODS, CourseDates, Period, period_on
from overgang.method.figures import (
    CaseloadPoint,
    CourseFacts,
    DateRange,
    WorkerCaseloadFigure,
    WorkerSpell,
    caseload_use,
    exact_total,
    period_finder,
)

BASE = dt.date(2026, 1, 1)
days = st.integers(min_value=0, max_value=400).map(lambda n: BASE + dt.timedelta(days=n))
optional_days = st.one_of(st.none(), days)
course_dates = st.builds(
    CourseDates,
    duration_months=st.sampled_from((6, 9, 12)),
    referral=optional_days,
    contact_start=optional_days,
    phase_1=optional_days,
    phase_2=optional_days,
    phase_3=optional_days,
    end=optional_days,
)


@settings(max_examples=200, deadline=None)
@given(dates=course_dates, probes=st.lists(days, min_size=1, max_size=20))
def test_period_finder_answers_as_period_on_even_for_dates_out_of_order(dates, probes):
    period_at = period_finder(dates)
    assert [period_at(day) for day in probes] == [period_on(dates, day) for day in probes]


def test_period_finder_before_referral_is_none():
    dates = CourseDates(duration_months=9, referral=dt.date(2026, 3, 1), phase_1=dt.date(2026, 4, 1))
    period_at = period_finder(dates)
    assert period_at(dt.date(2026, 2, 28)) is None
    assert period_at(dt.date(2026, 3, 1)) is Period.REFERRED
    assert period_at(dt.date(2026, 4, 1)) is Period.PHASE_1


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.fractions(min_value=-50, max_value=50, max_denominator=60), max_size=60))
def test_exact_total_is_the_plain_sum(values):
    total = exact_total(values)
    assert isinstance(total, Fraction)
    assert total == sum(values, Fraction(0))


def point(day: dt.date, load: Fraction, fte: Fraction, ids: tuple[int, ...]) -> CaseloadPoint:
    return CaseloadPoint(day=day, load=load, fte=fte, course_ids=ids)


def test_a_workers_derived_figures_are_those_of_its_points():
    fte = Fraction(4, 5)
    week = dt.timedelta(weeks=1)
    points = (
        point(BASE, Fraction(1, 2), fte, (3, 1)),
        point(BASE + week, Fraction(9, 10), fte, (1, 2)),
        point(BASE + 2 * week, Fraction(0), fte, ()),
    )
    figure = WorkerCaseloadFigure(worker_id=7, fte=fte, points=points)
    assert [p.utilisation for p in points] == [Fraction(5, 8), Fraction(9, 8), 0]
    assert figure.peak == Fraction(9, 8)
    assert figure.mean == (Fraction(5, 8) + Fraction(9, 8)) / 3
    assert figure.weeks_over_capacity == 1
    assert figure.course_ids == (1, 2, 3)
    assert figure.point(BASE + week) is points[1]
    assert figure.point(BASE + 3 * week) is None
    # The derived fields take no part in equality: a figure equals one made from equal points.
    assert figure == WorkerCaseloadFigure(worker_id=7, fte=fte, points=tuple(points))


def test_a_worker_without_points_peaks_at_zero():
    figure = WorkerCaseloadFigure(worker_id=1, fte=Fraction(1), points=())
    assert figure.peak == 0
    assert figure.course_ids == ()
    assert figure.weeks_over_capacity == 0


def test_a_repeated_day_finds_its_first_point():
    first = point(BASE, Fraction(1), Fraction(1), (1,))
    second = point(BASE, Fraction(2), Fraction(1), (2,))
    figure = WorkerCaseloadFigure(worker_id=1, fte=Fraction(1), points=(first, second))
    assert figure.point(BASE) is first


@settings(max_examples=60, deadline=None)
@given(
    maxima=st.lists(
        st.fractions(min_value=Fraction(1, 2), max_value=30, max_denominator=7), min_size=1, max_size=4
    ),
    starts=st.lists(st.integers(min_value=0, max_value=120), min_size=1, max_size=12),
)
def test_caseload_load_is_the_exact_sum_of_the_shares(maxima, starts):
    """Courses with maxima of different denominators: each day's load is the plain Fraction sum."""
    weights = {
        Period.CONTACT: Fraction(1, 3),
        Period.PHASE_1: Fraction(2),
        Period.PHASE_2: Fraction(5, 7),
        Period.PHASE_3: Fraction(1, 2),
    }
    rules = [CaseloadRule(kind=RuleKind.WEIGHTED, maximum=m, weights=weights) for m in maxima]
    rules.append(CaseloadRule(kind=RuleKind.HEADCOUNT, maximum=maxima[0]))
    facts = []
    for n, start in enumerate(starts):
        phase_1 = BASE + dt.timedelta(days=start)
        facts.append(
            CourseFacts(
                course_id=n + 1,
                dates=CourseDates(
                    duration_months=9,
                    contact_start=phase_1 - dt.timedelta(days=10),
                    phase_1=phase_1,
                    phase_2=phase_1 + dt.timedelta(days=60),
                ),
                worker_id=1 + n % 2,
                rule=rules[n % len(rules)],
                spells=(WorkerSpell(3, phase_1 + dt.timedelta(days=30)),) if n % 3 == 0 else (),
            )
        )
    period = DateRange(BASE, BASE + dt.timedelta(days=200))
    figure = caseload_use(facts, period, fte={1: Fraction(1, 2)})
    for worker in figure.workers:
        for p in worker.points:
            expected = Fraction(0)
            for fact in facts:
                now = period_on(fact.dates, p.day)
                if fact.course_id in p.course_ids:
                    assert now is not None
                    expected += fact.rule.weight(now) / fact.rule.maximum
            assert p.load == expected
            assert p.utilisation == expected / worker.fte


rules = st.builds(
    CaseloadRule,
    kind=st.just(RuleKind.WEIGHTED),
    maximum=st.fractions(min_value=Fraction(1, 2), max_value=30, max_denominator=7),
    weights=st.fixed_dictionaries(
        {p: st.fractions(min_value=0, max_value=3, max_denominator=9) for p in ACTIVE_PERIODS}
    ),
) | st.builds(
    CaseloadRule,
    kind=st.just(RuleKind.HEADCOUNT),
    maximum=st.fractions(min_value=Fraction(1, 2), max_value=30, max_denominator=7),
)
spells = st.lists(
    st.builds(WorkerSpell, worker_id=st.integers(1, 4), start=days, end=optional_days), max_size=3
)
facts = st.lists(st.tuples(course_dates, st.integers(1, 4), rules, spells), min_size=0, max_size=12).map(
    lambda found: [
        CourseFacts(course_id=n + 1, dates=d, worker_id=w, rule=r, spells=tuple(s))
        for n, (d, w, r, s) in enumerate(found)
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    facts=facts,
    first=days,
    length=st.integers(min_value=0, max_value=200),
    fte=st.dictionaries(st.integers(1, 4), st.fractions(min_value=Fraction(1, 10), max_value=1)),
)
def test_caseload_use_gives_what_asking_every_course_on_every_week_gives(facts, first, length, fte):
    """Any dates (out of order too), spells that overlap or end before they start, several rules
    and workers: each week lists exactly the courses in an active period held by the worker that
    day, and the load is the exact sum of their shares."""
    period = DateRange(first, first + dt.timedelta(days=length))
    figure = caseload_use(facts, period, fte=fte)
    expected: dict[int, list[tuple[Fraction, tuple[int, ...]]]] = {}
    for worker_id in range(1, 5):
        weeks = []
        for day in period.weeks:
            held = [
                f
                for f in facts
                if period_on(f.dates, day) in ACTIVE_PERIODS and f.worker_on(day) == worker_id
            ]
            load = sum((f.rule.weight(period_on(f.dates, day)) / f.rule.maximum for f in held), Fraction(0))
            weeks.append((load, tuple(f.course_id for f in held)))
        if any(ids for _load, ids in weeks):
            expected[worker_id] = weeks
    assert [w.worker_id for w in figure.workers] == sorted(expected)
    for worker in figure.workers:
        assert worker.fte == fte.get(worker.worker_id, 1)
        assert [p.day for p in worker.points] == list(period.weeks)
        assert [(p.load, p.course_ids) for p in worker.points] == expected[worker.worker_id]
