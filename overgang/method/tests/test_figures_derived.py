"""The shortcuts the team figures take at national scale (issue 9) give what the plain definitions
give: `period_finder` answers as `period_on`, the caseload's load summed as integers per denominator
is the exact sum, and a worker's derived figures match the points they come from."""

import datetime as dt
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from overgang.method.caseload import CaseloadRule, RuleKind
from overgang.method.clock import CourseDates, Period, period_on
from overgang.method.figures import (
    CaseloadPoint,
    CourseFacts,
    DateRange,
    WorkerCaseloadFigure,
    WorkerSpell,
    caseload_use,
    exact_sum,
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


def test_exact_sum_adds_numerators_over_their_denominators():
    assert exact_sum({}) == 0
    assert exact_sum({20: 3, 3: 2}) == Fraction(3, 20) + Fraction(2, 3)
    assert isinstance(exact_sum({4: 2}), Fraction)
    assert exact_sum({4: 2}) == Fraction(1, 2)


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
