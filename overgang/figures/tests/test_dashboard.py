"""The dashboard's figures for the constructed team (see conftest.py), counted by hand."""

import datetime as dt
from fractions import Fraction

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

pytestmark = pytest.mark.usefixtures("frozen_today")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def figures_for(client, **params):
    response = client.get("/figures/", params)
    assert response.status_code == 200
    return response.context["figures"]


def test_the_default_period_is_the_last_twelve_months(manny, client_for, team):
    response = client_for(manny).get("/figures/")

    assertTemplateUsed(response, "figures/dashboard.html")
    assert response.context["figures"].period.start == d("2025-11-22")
    assert response.context["figures"].period.end == d("2026-11-22")
    assert response.context["filters"].errors == ()


def test_active_courses_by_period_on_the_last_day(manny, client_for, team):
    active = figures_for(client_for(manny)).active

    assert {g.key: g.course_ids for g in active.by_period} == {
        "referred": (team.erik,),
        "contact": (team.dorte,),
        "phase_1": (),
        "phase_2": tuple(sorted((team.frida, team.gorm))),
        "phase_3": (team.anna,),
    }
    assert active.total.count == 5


def test_transitions_on_time(manny, client_for, team):
    transitions = figures_for(client_for(manny)).transitions

    phase_2, phase_3, end = transitions.by_transition
    assert sorted(phase_2.on_time.course_ids) == sorted((team.anna, team.bent, team.gorm))
    assert phase_2.early.course_ids == (team.frida,)
    assert phase_3.on_time.course_ids == (team.bent,)
    assert phase_3.late.course_ids == (team.anna,)
    assert end.realised.course_ids == (team.bent,)  # cille's early end is not timed
    assert (transitions.total.realised.count, transitions.total.on_time.count) == (7, 5)
    assert transitions.total.share_on_time == Fraction(5, 7)


def test_median_lengths_of_the_contact_period_and_the_phases(manny, client_for, team):
    lengths = figures_for(client_for(manny)).lengths

    # contact: anna 28, cille 61; phase 1: frida 75, bent 90, gorm 92, anna 106 (cille cut short);
    # phase 2: bent 91, anna 98; phase 3: bent 92.
    assert [(g.key, g.lengths, g.median) for g in lengths.groups] == [
        ("contact", (28, 61), Fraction(89, 2)),
        ("phase_1", (75, 90, 92, 106), Fraction(91)),
        ("phase_2", (91, 98), Fraction(189, 2)),
        ("phase_3", (92,), Fraction(92)),
    ]


def test_courses_ended_by_reason(manny, client_for, team):
    ended = figures_for(client_for(manny)).ended

    counts = {g.key: g.count for g in ended.by_reason}
    assert counts == {
        "completed": 1,
        "died": 0,
        "moved": 1,
        "disappeared": 0,
        "refuses": 0,
        "imprisoned": 0,
        "hospitalised": 0,
        "other": 0,
    }
    assert ended.completed.course_ids == (team.bent,)
    assert ended.early.course_ids == (team.cille,)


def test_pauses_and_their_lengths(manny, client_for, team):
    pauses = figures_for(client_for(manny)).pauses

    assert pauses.lengths == (10, 48)  # anna's, and dorte's still open
    assert pauses.median_days == 29
    assert pauses.longest_days == 48
    assert pauses.long.course_ids == (team.dorte,)
    assert pauses.open.course_ids == (team.dorte,)


def test_caseload_use_per_worker_per_week(manny, alice, bob, client_for, team):
    caseload = figures_for(client_for(manny)).caseload

    assert caseload.days[0] == d("2025-11-22")
    assert caseload.days[-1] == d("2026-11-21")
    assert len(caseload.days) == 53
    last_alice = caseload.worker(alice.pk).point(d("2026-11-21"))
    # anna phase 3 (0.5), dorte contact (0.5), erik referred (0.5) of 10; gorm 1 of 10: a quarter.
    assert last_alice.utilisation == Fraction(1, 4)
    last_bob = caseload.worker(bob.pk).point(d("2026-11-21"))
    assert last_bob.utilisation == Fraction(1, 5)  # frida in phase 2: 1 of 10, at half time


def test_a_chosen_period_counts_only_what_happened_in_it(manny, client_for, team):
    figures = figures_for(client_for(manny), start="2026-07-01", end="2026-09-30")

    assert {g.key: g.count for g in figures.active.by_period} == {
        "referred": 0,
        "contact": 0,
        "phase_1": 1,  # frida
        "phase_2": 1,  # gorm
        "phase_3": 2,  # anna, bent
    }
    # bent into phase 3 on 07-10 (on time), anna on 08-25 (late), gorm into phase 2 on 09-01 (on time)
    assert figures.transitions.total.realised.course_ids == tuple(sorted((team.anna, team.bent, team.gorm)))
    assert figures.transitions.total.on_time.count == 2
    assert figures.ended.total.count == 0
    assert figures.pauses.started.count == 0


def test_a_programme_narrows_the_figures(manny, job_programme, client_for, team):
    figures = figures_for(client_for(manny), programme=job_programme.pk)

    assert figures.active.total.course_ids == (team.gorm,)


def test_the_page_shows_the_figures_and_links_to_the_courses_behind_them(manny, alice, client_for, team):
    response = client_for(manny).get("/figures/")

    assertContains(response, 'data-testid="share-on-time">71 %<')
    assertContains(
        response,
        "/figures/courses/?figure=active&amp;key=phase_3&amp;programme=&amp;start=2025-11-22&amp;end=2026-11-22",
    )
    assertContains(response, 'data-figure="ended" data-key="moved"')
    # A worker's weeks come when they are opened, with their links to the courses of each week.
    weeks = client_for(manny).get(f"/figures/weeks/{alice.pk}/", headers={"HX-Request": "true"})
    assertContains(weeks, f'data-figure="caseload" data-key="{alice.pk}:2026-11-21"')
    assertNotContains(weeks, f'data-key="{alice.pk}:2025-11-22"')  # no course yet: a plain 0, no link


@pytest.mark.parametrize("url", ["/figures/", "/figures/weeks/{bob}/"])
def test_the_figures_read_no_citizen(manny, bob, client_for, team, url):
    """The dashboard and a worker's weeks name no citizen, so they read no citizen's row (data
    minimisation, and thousands of rows at a municipality's scale). The courses behind a figure do."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(manny)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url.format(bob=bob.pk))
    assert response.status_code == 200
    assert not [q["sql"] for q in queries if "courses_citizen" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/figures/courses/", {"figure": "active", "key": "all"})
    assert response.status_code == 200
    assert [q["sql"] for q in queries if "courses_citizen" in q["sql"]]
