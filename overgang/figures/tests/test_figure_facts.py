"""The dashboard and a worker's weeks read the courses' facts as plain values (`figure_facts`, issue
9). They are the facts the model path gives (`figure_courses` → `course_facts`), with the same
people, for every scope and filter: pauses, a reassignment, two rules, a foreign programme."""

import datetime as dt

import pytest

from overgang.courses import services
from overgang.courses.models import Course
from overgang.figures.selectors import course_facts, course_workers, figure_courses, figure_facts
from overgang.method.figures import DateRange

pytestmark = pytest.mark.usefixtures("frozen_today")

YEAR = DateRange(dt.date(2025, 11, 22), dt.date(2026, 11, 22))
AUTUMN = DateRange(dt.date(2026, 9, 1), dt.date(2026, 11, 20))


def model_path(user, **filters):
    courses = sorted(figure_courses(user, **filters), key=lambda c: c.pk)
    facts = [course_facts(c, rule=c.programme.caseload_rule_for(c.legal_basis)) for c in courses]
    return facts, course_workers(courses)


@pytest.fixture
def reassigned(team, alice, manny, today):
    frida = Course.objects.get(pk=team.frida)
    services.course_reassign_worker(
        course=frida, worker=alice, on=dt.date(2026, 11, 18), actor=manny, today=today
    )
    return team


@pytest.mark.parametrize("period", [YEAR, AUTUMN], ids=["year", "autumn"])
@pytest.mark.parametrize("who", ["manny", "carol", "alice", "bob"])
def test_the_facts_read_as_values_are_the_facts_of_the_models(request, reassigned, period, who):
    user = request.getfixturevalue(who)
    facts, workers = figure_facts(user, period=period)
    expected_facts, expected_workers = model_path(user, period=period)
    assert facts == expected_facts
    assert workers == expected_workers
    assert {w.pk: w.fte for w in workers.values()} == {w.pk: w.fte for w in expected_workers.values()}


def test_the_facts_follow_the_programme_and_the_worker_filters(manny, bob, job_programme, reassigned):
    by_programme = figure_facts(manny, period=YEAR, programme=job_programme)
    assert by_programme == model_path(manny, period=YEAR, programme=job_programme)
    assert [f.course_id for f in by_programme[0]] == [reassigned.gorm]

    held_by_bob = figure_facts(manny, period=YEAR, held_by=bob.pk)
    assert held_by_bob == model_path(manny, period=YEAR, held_by=bob.pk)
    assert [f.course_id for f in held_by_bob[0]] == [reassigned.frida]  # held, then handed to alice


def test_the_facts_carry_the_pauses_the_spells_and_the_tolerance(manny, homelessness, reassigned):
    facts = {f.course_id: f for f in figure_facts(manny, period=YEAR)[0]}
    anna, dorte, frida = facts[reassigned.anna], facts[reassigned.dorte], facts[reassigned.frida]
    assert [(p.start, p.resume) for p in anna.dates.pauses] == [(dt.date(2026, 3, 2), dt.date(2026, 3, 12))]
    assert [(p.start, p.resume) for p in dorte.dates.pauses] == [(dt.date(2026, 10, 5), None)]
    assert [(s.start, s.end) for s in frida.spells] == [
        (dt.date(2026, 9, 1), dt.date(2026, 11, 18)),
        (dt.date(2026, 11, 18), None),
    ]
    assert anna.dates.tolerance_days == homelessness.tolerance_days
    assert reassigned.mia not in facts  # another municipality's course
