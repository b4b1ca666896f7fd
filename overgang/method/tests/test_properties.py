"""Properties of the clock and the caseload, checked on generated courses."""

import calendar
import datetime as dt
from fractions import Fraction

from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from overgang.method.caseload import (
    CaseloadItem,
    CaseloadRule,
    RuleKind,
    caseload_on,
    first_date_with_room,
)
from overgang.method.clock import (
    ACTIVE_PERIODS,
    CourseDates,
    Pause,
    Period,
    TimelinessStatus,
    compute_schedule,
    period_on,
    planned_transitions,
    projected_dates,
    timeliness,
)
from overgang.method.dates import add_months

# No example database: the tests leave nothing behind outside this folder.
EXAMPLES = settings(max_examples=200, database=None)
# Whole caseloads of up to a dozen generated courses are dearer to draw.
CASELOADS = settings(max_examples=80, database=None)

ORDER = [
    None,
    Period.REFERRED,
    Period.CONTACT,
    Period.PHASE_1,
    Period.PHASE_2,
    Period.PHASE_3,
    Period.ENDED,
]

HALF = Fraction(1, 2)
HOMELESSNESS = CaseloadRule(
    kind=RuleKind.WEIGHTED,
    maximum=Fraction(10),
    weights={
        Period.CONTACT: HALF,
        Period.PHASE_1: Fraction(2),
        Period.PHASE_2: Fraction(1),
        Period.PHASE_3: HALF,
    },
)
JOB_9 = CaseloadRule(kind=RuleKind.HEADCOUNT, maximum=Fraction(10))
JOB_6 = CaseloadRule(kind=RuleKind.HEADCOUNT, maximum=Fraction(15))

days_ = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
durations = st.sampled_from([6, 9])
gaps = st.integers(min_value=0, max_value=200)


def add(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)


@st.composite
def pauses_from(draw, start: dt.date, *, max_count: int = 3) -> tuple[Pause, ...]:
    result = []
    for _ in range(draw(st.integers(min_value=0, max_value=max_count))):
        begin = add(start, draw(st.integers(min_value=0, max_value=300)))
        length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=60)))
        result.append(Pause(begin, None if length is None else add(begin, length)))
    return tuple(result)


@st.composite
def courses(draw, near: dt.date | None = None) -> CourseDates:
    """A course with realised dates in order, stopping at any point, and some pauses.

    With `near`, the course is referred up to 500 days before or 30 days after that day, so
    that it is likely to be running around it.
    """
    around = st.integers(min_value=-500, max_value=30)
    referral = draw(days_) if near is None else add(near, draw(around))
    stage_count = draw(st.integers(min_value=0, max_value=6))
    skip_contact = draw(st.booleans())
    names = ["contact_start", "phase_1", "phase_2", "phase_3", "end"]
    if skip_contact:
        names.remove("contact_start")
    fields: dict[str, dt.date] = {}
    previous = referral
    for name in names[:stage_count]:
        previous = add(previous, draw(gaps))
        fields[name] = previous
    # A course may end early, before all phases are realised.
    if "end" not in fields and stage_count and draw(st.booleans()):
        fields["end"] = add(previous, draw(gaps))
    return CourseDates(
        duration_months=draw(durations),
        referral=referral,
        pauses=draw(pauses_from(referral)),
        **fields,
    )


# --- dates --------------------------------------------------------------------------------------


@EXAMPLES
@given(start=days_, months=st.integers(min_value=0, max_value=240))
def test_add_months_lands_in_the_right_month_and_clips_to_its_end(start, months):
    result = add_months(start, months)
    index = start.month - 1 + months
    assert (result.year, result.month) == (start.year + index // 12, index % 12 + 1)
    last_day = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last_day)
    assert result.day <= last_day


@EXAMPLES
@given(start=days_, months=st.integers(min_value=0, max_value=240))
def test_add_months_agrees_with_dateutil(start, months):
    assert add_months(start, months) == start + relativedelta(months=months)


@EXAMPLES
@given(start=days_, months=st.integers(min_value=1, max_value=240))
def test_add_months_never_goes_backwards_and_never_skips_a_month(start, months):
    result = add_months(start, months)
    assert result > start
    month_count = (result.year - start.year) * 12 + result.month - start.month
    assert month_count == months


# --- planned dates ------------------------------------------------------------------------------


@EXAMPLES
@given(phase_1=days_, duration=durations, today=days_, data=st.data())
def test_planned_dates_strictly_increase(phase_1, duration, today, data):
    pauses = data.draw(pauses_from(phase_1))
    dates = CourseDates(duration_months=duration, phase_1=phase_1, pauses=pauses)
    planned = planned_transitions(dates, today=today)
    assert planned is not None
    assert phase_1 < planned[0] < planned[1] < planned[2]


@EXAMPLES
@given(phase_1=days_, duration=durations)
def test_planned_dates_are_whole_phases_after_the_phase_1_start(phase_1, duration):
    dates = CourseDates(duration_months=duration, phase_1=phase_1)
    phase = duration // 3
    assert planned_transitions(dates, today=phase_1) == tuple(
        phase_1 + relativedelta(months=n * phase) for n in (1, 2, 3)
    )


@EXAMPLES
@given(phase_1=days_)
def test_a_six_month_course_has_two_month_phases(phase_1):
    dates = CourseDates(duration_months=6, phase_1=phase_1)
    assert dates.phase_months == 2
    planned = planned_transitions(dates, today=phase_1)
    assert planned is not None
    for n, day in enumerate(planned, start=1):
        month_count = (day.year - phase_1.year) * 12 + day.month - phase_1.month
        assert month_count == 2 * n


@EXAMPLES
@given(
    phase_1=days_,
    duration=durations,
    # Two calendar months are never fewer than 59 days, so day 0..58 is always in phase 1.
    offset=st.integers(min_value=0, max_value=58),
    length=st.integers(min_value=0, max_value=120),
    today=days_,
)
def test_a_pause_in_phase_1_moves_every_later_planned_date_by_its_length(
    phase_1, duration, offset, length, today
):
    unpaused = planned_transitions(CourseDates(duration_months=duration, phase_1=phase_1), today=today)
    assert unpaused is not None
    start = add(phase_1, offset)
    assume(start < unpaused[0])
    pause = Pause(start, add(start, length))
    paused = planned_transitions(
        CourseDates(duration_months=duration, phase_1=phase_1, pauses=(pause,)), today=today
    )
    assert paused == tuple(add(day, length) for day in unpaused)


@EXAMPLES
@given(
    phase_1=days_,
    duration=durations,
    offset=st.integers(min_value=0, max_value=400),
    length=st.integers(min_value=0, max_value=120),
    today=days_,
)
def test_a_pause_moves_exactly_the_planned_dates_after_its_start(phase_1, duration, offset, length, today):
    unpaused = planned_transitions(CourseDates(duration_months=duration, phase_1=phase_1), today=today)
    assert unpaused is not None
    start = add(phase_1, offset)
    pause = Pause(start, add(start, length))
    paused = planned_transitions(
        CourseDates(duration_months=duration, phase_1=phase_1, pauses=(pause,)), today=today
    )
    assert paused == tuple(add(day, length) if start < day else day for day in unpaused)


@EXAMPLES
@given(
    phase_1=days_,
    duration=durations,
    after_end=st.integers(min_value=0, max_value=400),
    length=st.one_of(st.none(), st.integers(min_value=0, max_value=120)),
    today=days_,
    data=st.data(),
)
def test_adding_a_pause_that_begins_on_or_after_the_planned_end_moves_nothing(
    phase_1, duration, after_end, length, today, data
):
    pauses = data.draw(pauses_from(phase_1))
    dates = CourseDates(duration_months=duration, phase_1=phase_1, pauses=pauses)
    before = planned_transitions(dates, today=today)
    assert before is not None
    start = add(before[2], after_end)
    late = Pause(start, None if length is None else add(start, length))
    after = planned_transitions(
        CourseDates(duration_months=duration, phase_1=phase_1, pauses=(*pauses, late)),
        today=today,
    )
    assert after == before


@EXAMPLES
@given(
    contact_start=days_,
    duration=durations,
    gap=st.integers(min_value=0, max_value=300),
    offset=st.integers(min_value=0, max_value=300),
    length=st.integers(min_value=0, max_value=60),
    today=days_,
)
def test_a_pause_in_the_contact_period_never_moves_the_phase_dates(
    contact_start, duration, gap, offset, length, today
):
    phase_1 = add(contact_start, gap)
    start = add(contact_start, offset)
    assume(start < phase_1)
    plain = CourseDates(duration_months=duration, contact_start=contact_start, phase_1=phase_1)
    paused = CourseDates(
        duration_months=duration,
        contact_start=contact_start,
        phase_1=phase_1,
        pauses=(Pause(start, add(start, length)),),
    )
    assert planned_transitions(paused, today=today) == planned_transitions(plain, today=today)
    schedule = compute_schedule(paused, today=today)
    limit = add_months(contact_start, duration // 3)
    assert schedule.contact_limit == (add(limit, length) if start < limit else limit)


# --- timeliness ---------------------------------------------------------------------------------


@EXAMPLES
@given(
    planned=days_,
    deviation=st.integers(min_value=0, max_value=400),
    tolerance=st.integers(min_value=0, max_value=30),
)
def test_timeliness_is_symmetric_in_early_and_late(planned, deviation, tolerance):
    late = timeliness(planned=planned, realised=add(planned, deviation), tolerance_days=tolerance)
    early = timeliness(planned=planned, realised=add(planned, -deviation), tolerance_days=tolerance)
    assert late.days == early.days == deviation
    assert late.is_timely == early.is_timely == (deviation <= tolerance)
    if deviation > tolerance:
        assert late.status is TimelinessStatus.LATE
        assert early.status is TimelinessStatus.EARLY
    else:
        assert late.status is early.status is TimelinessStatus.ON_TIME


# --- periods ------------------------------------------------------------------------------------


@EXAMPLES
@given(dates=courses(), first=days_, second=days_)
def test_periods_never_go_backwards_as_the_day_increases(dates, first, second):
    earlier, later = sorted((first, second))
    assert ORDER.index(period_on(dates, earlier)) <= ORDER.index(period_on(dates, later))


@EXAMPLES
@given(dates=courses(), data=st.data())
def test_periods_never_go_backwards_day_by_day_around_the_course(dates, data):
    start = dates.referral
    assert start is not None
    span = data.draw(st.integers(min_value=1, max_value=800))
    ranks = [ORDER.index(period_on(dates, add(start, n))) for n in range(-2, span)]
    assert ranks == sorted(ranks)


@EXAMPLES
@given(today=days_, data=st.data())
def test_the_schedule_flags_overdue_only_for_unrealised_transitions_past_the_tolerance(today, data):
    dates = data.draw(courses(near=today))
    schedule = compute_schedule(dates, today=today)
    for transition in schedule.transitions:
        expected = (
            transition.realised is None
            and (dates.end is None or dates.end > today)
            and today > add(transition.planned, dates.tolerance_days)
        )
        assert transition.overdue == expected


# --- projection and caseload --------------------------------------------------------------------


@EXAMPLES
@given(today=days_, data=st.data())
def test_a_projection_keeps_the_period_of_today_and_every_day_before(today, data):
    dates = data.draw(courses(near=today))
    projected = projected_dates(dates, today=today)
    for back in (0, 1, 30, 365):
        day = add(today, -back)
        assert period_on(projected, day) is period_on(dates, day)


@EXAMPLES
@given(today=days_, data=st.data())
def test_a_projection_keeps_every_realised_date(today, data):
    dates = data.draw(courses(near=today))
    projected = projected_dates(dates, today=today)
    for name in ("referral", "contact_start", "phase_1", "phase_2", "phase_3", "end"):
        realised = getattr(dates, name)
        if realised is not None:
            assert getattr(projected, name) == realised


@EXAMPLES
@given(today=days_, data=st.data())
def test_a_projected_course_with_a_phase_1_always_reaches_an_end_in_order(today, data):
    dates = data.draw(courses(near=today))
    projected = projected_dates(dates, today=today)
    if projected.phase_1 is None:
        assert dates.phase_1 is None
        return
    chain = [projected.phase_1, projected.phase_2, projected.phase_3, projected.end]
    if dates.end is None:
        assert None not in chain
        assert chain == sorted(chain)
        tomorrow = add(today, 1)
        for name in ("phase_1", "phase_2", "phase_3", "end"):
            if getattr(dates, name) is None:
                assert getattr(projected, name) >= tomorrow


# The manuals' weights written out once more, independently of CaseloadRule.weight.
HOMELESSNESS_WEIGHTS = {
    Period.REFERRED: HALF,
    Period.CONTACT: HALF,
    Period.PHASE_1: Fraction(2),
    Period.PHASE_2: Fraction(1),
    Period.PHASE_3: HALF,
}


def manual_weight(rule: CaseloadRule, period: Period | None) -> Fraction:
    if period is None:
        return Fraction(0)
    if rule is HOMELESSNESS:
        return HOMELESSNESS_WEIGHTS.get(period, Fraction(0))
    return Fraction(1) if period in ACTIVE_PERIODS else Fraction(0)


ftes = st.sampled_from([Fraction(0), Fraction(1, 2), Fraction(3, 4), Fraction(1)])


def caseload_items(today: dt.date, rules=(HOMELESSNESS, JOB_9, JOB_6), *, min_size=0, max_size=12):
    return st.lists(
        st.builds(
            CaseloadItem,
            course_id=st.integers(),
            dates=courses(near=today),
            rule=st.sampled_from(rules),
        ),
        min_size=min_size,
        max_size=max_size,
    )


@CASELOADS
@given(today=days_, ahead=st.integers(min_value=-30, max_value=120), fte=ftes, data=st.data())
def test_the_load_is_never_negative(today, ahead, fte, data):
    items = data.draw(caseload_items(today))
    caseload = caseload_on(items, fte=fte, today=today, day=add(today, ahead))
    assert caseload.load >= 0
    assert caseload.units is None or caseload.units >= 0
    assert all(count > 0 for count in caseload.by_period.values())


@CASELOADS
@given(today=days_, rule=st.sampled_from([JOB_9, JOB_6]), data=st.data())
def test_a_headcount_load_is_the_number_of_active_courses_over_the_maximum(today, rule, data):
    items = data.draw(caseload_items(today, rules=(rule,), max_size=15))
    caseload = caseload_on(items, fte=Fraction(1), today=today)
    active = sum(1 for item in items if period_on(item.dates, today) in ACTIVE_PERIODS)
    assert caseload.load == Fraction(active) / rule.maximum
    assert sum(caseload.by_period.values()) == active
    if items:
        assert caseload.units == active


@CASELOADS
@given(today=days_, data=st.data())
def test_a_mixed_load_is_the_sum_of_each_courses_share_of_its_maximum(today, data):
    items = data.draw(caseload_items(today))
    caseload = caseload_on(items, fte=Fraction(1), today=today)
    expected = sum(
        (manual_weight(item.rule, period_on(item.dates, today)) / item.rule.maximum for item in items),
        Fraction(0),
    )
    assert caseload.load == expected
    if len({id(item.rule) for item in items}) > 1:
        assert caseload.units is None
        assert caseload.unit_capacity is None


@CASELOADS
@given(today=days_, data=st.data())
def test_a_forecast_point_counts_each_course_in_its_projected_period(today, data):
    items = data.draw(caseload_items(today, rules=(HOMELESSNESS,), min_size=1))
    day = add(today, data.draw(st.integers(min_value=0, max_value=84)))
    caseload = caseload_on(items, fte=Fraction(1), today=today, day=day)
    expected = sum(
        (manual_weight(HOMELESSNESS, period_on(projected_dates(i.dates, today=today), day)) for i in items),
        Fraction(0),
    )
    assert caseload.units == expected


@settings(max_examples=50, database=None)
@given(
    today=days_,
    fte=st.sampled_from([Fraction(1, 2), Fraction(1)]),
    new=st.sampled_from([HOMELESSNESS, JOB_9]),
    data=st.data(),
)
def test_the_first_date_with_room_is_the_first_such_day_of_a_day_by_day_search(today, fte, new, data):
    items = data.draw(caseload_items(today, rules=(HOMELESSNESS, JOB_9), min_size=1))
    needed = new.entry_weight / new.maximum
    expected = None
    for n in range(85):
        day = add(today, n)
        if caseload_on(items, fte=fte, today=today, day=day).load + needed <= fte:
            expected = day
            break
    assert first_date_with_room(items, fte=fte, today=today, rule_for_new=new) == expected
