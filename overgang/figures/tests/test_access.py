"""The figures count only the courses the user may see, through the one door (courses_visible_to)."""

import pytest
from pytest_django.asserts import assertNotContains

pytestmark = pytest.mark.usefixtures("frozen_today")

OURS = ("anna", "bent", "cille", "dorte", "erik", "frida", "gorm")


def counted(client, **params):
    """Every course counted anywhere on the dashboard: active, ended, or in a worker's caseload."""
    figures = client.get("/figures/", params).context["figures"]
    ids = set(figures.active.total.course_ids) | set(figures.ended.total.course_ids)
    for worker in figures.caseload.workers:
        ids |= set(worker.course_ids)
    return ids


def ids(team, *names):
    return {getattr(team, n) for n in names}


def test_an_outsider_sees_none_of_our_courses(mallory, client_for, team):
    client = client_for(mallory)

    assert counted(client) == {team.mia}
    drilled = client.get("/figures/courses/", {"figure": "active", "key": "all"}).context["rows"]
    assert [row.course.pk for row in drilled] == [team.mia]


def test_an_outsider_cannot_choose_our_programme(mallory, homelessness, client_for, team):
    response = client_for(mallory).get("/figures/", {"programme": homelessness.pk})

    assert response.status_code == 200
    assert response.context["filters"].programme is None
    assert response.context["filters"].errors
    assert homelessness.pk not in [p.pk for p in response.context["filters"].programmes]
    assert counted(client_for(mallory), programme=homelessness.pk) == {team.mia}
    assertNotContains(response, "Anna")


def test_a_worker_sees_figures_over_her_own_courses_only(alice, client_for, team):
    assert counted(client_for(alice)) == ids(team, "anna", "bent", "cille", "dorte", "erik", "gorm")


def test_a_colleague_sees_only_his_own(bob, client_for, team):
    assert counted(client_for(bob)) == ids(team, "frida")


def test_a_worker_cannot_drill_down_to_a_colleagues_course(alice, client_for, team):
    rows = (
        client_for(alice)
        .get("/figures/courses/", {"figure": "transitions", "key": "phase_2:early"})
        .context["rows"]
    )

    assert rows == []  # frida's early transition is bob's


def test_a_coordinator_sees_her_programme(carol, client_for, team):
    assert counted(client_for(carol)) == ids(team, "anna", "bent", "cille", "dorte", "erik", "frida")


def test_the_coordinator_of_another_programme_does_not_see_homelessness(dave, homelessness, client_for, team):
    client = client_for(dave)

    assert counted(client) == ids(team, "gorm")
    assert counted(client, programme=homelessness.pk) == ids(team, "gorm")
    assert [p.name for p in client.get("/figures/").context["filters"].programmes] == ["Job"]
    drilled = client.get("/figures/courses/", {"figure": "ended", "key": "all"}).context["rows"]
    assert drilled == []


def test_a_manager_sees_the_municipality(manny, client_for, team):
    assert counted(client_for(manny)) == ids(team, *OURS)


def test_an_anonymous_visitor_is_sent_to_log_in(client, team):
    for url in ("/figures/", "/figures/courses/?figure=active&key=all"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_the_figures_only_answer_get(manny, client_for):
    assert client_for(manny).post("/figures/").status_code == 405
