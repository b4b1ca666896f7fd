"""Every figure drills down to exactly the courses behind it (see conftest.py for the team)."""

import pytest
from pytest_django.asserts import assertContains, assertTemplateUsed

pytestmark = pytest.mark.usefixtures("frozen_today")


def listed(client, **params):
    response = client.get("/figures/courses/", params)
    assert response.status_code == 200
    return sorted(row.course.pk for row in response.context["rows"])


@pytest.mark.parametrize(
    ("figure", "key", "names"),
    [
        ("active", "all", ["anna", "dorte", "erik", "frida", "gorm"]),
        ("active", "phase_2", ["frida", "gorm"]),
        ("active", "phase_1", []),
        ("transitions", "all", ["anna", "bent", "frida", "gorm"]),
        ("transitions", "phase_2:on_time", ["anna", "bent", "gorm"]),
        ("transitions", "phase_2:early", ["frida"]),
        ("transitions", "phase_3:late", ["anna"]),
        ("transitions", "ended", ["bent"]),
        ("lengths", "contact", ["anna", "cille"]),
        ("lengths", "phase_1", ["anna", "bent", "frida", "gorm"]),
        ("lengths", "phase_3", ["bent"]),
        ("ended", "completed", ["bent"]),
        ("ended", "moved", ["cille"]),
        ("ended", "early", ["cille"]),
        ("ended", "all", ["bent", "cille"]),
        ("pauses", "all", ["anna", "dorte"]),
        ("pauses", "long", ["dorte"]),
        ("pauses", "open", ["dorte"]),
    ],
)
def test_the_courses_behind_a_figure(manny, client_for, team, figure, key, names):
    assert listed(client_for(manny), figure=figure, key=key) == sorted(getattr(team, n) for n in names)


def test_the_courses_behind_a_workers_caseload_and_one_week_of_it(manny, alice, bob, client_for, team):
    client = client_for(manny)

    everything = listed(client, figure="caseload", key=str(alice.pk))
    last_week = listed(client, figure="caseload", key=f"{alice.pk}:2026-11-21")
    bobs = listed(client, figure="caseload", key=str(bob.pk))

    assert everything == sorted([team.anna, team.bent, team.cille, team.dorte, team.erik, team.gorm])
    assert last_week == sorted([team.anna, team.dorte, team.erik, team.gorm])
    assert bobs == [team.frida]


def test_the_list_links_to_each_course(manny, client_for, team):
    response = client_for(manny).get("/figures/courses/", {"figure": "ended", "key": "all"})

    assertTemplateUsed(response, "figures/course_list.html")
    assertContains(response, f'href="/courses/{team.bent}/"')
    assertContains(response, f'href="/courses/{team.cille}/"')
    assertContains(response, 'data-course="', count=2)


def test_the_list_keeps_the_period_and_the_programme(manny, job_programme, client_for, team):
    client = client_for(manny)

    in_summer = listed(client, figure="transitions", key="all", start="2026-07-01", end="2026-09-30")
    in_job = listed(client, figure="transitions", key="all", programme=job_programme.pk)

    assert in_summer == sorted([team.anna, team.bent, team.gorm])
    assert in_job == [team.gorm]


@pytest.mark.parametrize(
    "params",
    [
        {"figure": "nonsense", "key": "all"},
        {"figure": "active", "key": "nonsense"},
        {"figure": "active"},
        {},
        {"figure": "caseload", "key": "999999"},
        {"figure": "caseload", "key": "1:not-a-day"},
    ],
)
def test_an_unknown_figure_is_not_found(manny, client_for, team, params):
    assert client_for(manny).get("/figures/courses/", params).status_code == 404
