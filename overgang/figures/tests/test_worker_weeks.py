"""The dashboard lists every worker's caseload use; each worker's weeks open on demand (issue 9:
a national dashboard drew hundreds of workers × 53 weeks at once). The weeks, computed from the
courses that worker has held, are exactly the dashboard's own figures for them."""

import datetime as dt

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from overgang.courses import services

pytestmark = pytest.mark.usefixtures("frozen_today")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def reassigned(team, alice, bob, manny, today):
    """Frida moves from bob to alice on 2026-11-18: both have held her in the period."""
    from overgang.courses.models import Course

    course = Course.objects.get(pk=team.frida)
    services.course_reassign_worker(course=course, worker=alice, on=d("2026-11-18"), actor=manny, today=today)
    return team


@pytest.mark.parametrize("params", [{}, {"start": "2026-07-01", "end": "2026-11-20"}])
def test_each_workers_weeks_are_the_dashboards_figures(manny, client_for, reassigned, params):
    client = client_for(manny)
    dashboard = client.get("/figures/", params)
    rows = dashboard.context["worker_rows"]
    assert len(rows) == 2  # alice and bob
    for row in rows:
        weeks = client.get(f"/figures/weeks/{row.worker_id}/", params, headers={"HX-Request": "true"})
        assert weeks.status_code == 200
        assertTemplateUsed(weeks, "figures/_worker_weeks.html")
        fragment = weeks.context["row"]
        assert fragment.figure == row.figure
        assert fragment.week_rows == row.week_rows  # the markup, links to the courses included
        assert fragment.bars == row.bars
        assert str(row.week_rows) in weeks.content.decode()


def test_the_dashboard_sends_no_weeks_only_where_to_get_them(manny, bob, client_for, reassigned):
    response = client_for(manny).get("/figures/")
    html = response.content.decode()
    assert 'data-testid="worker-weeks"' not in html
    assert f'hx-get="/figures/weeks/{bob.pk}/?programme=&amp;start=2025-11-22&amp;end=2026-11-22"' in html
    assert 'hx-trigger="toggle once"' in html
    # Without JavaScript the same address is a link to a page of its own.
    assertContains(response, f'<a href="/figures/weeks/{bob.pk}/?programme=&amp;start=2025-11-22')


def test_without_htmx_the_weeks_are_a_page_with_the_filters(manny, alice, client_for, reassigned):
    response = client_for(manny).get(
        f"/figures/weeks/{alice.pk}/", {"start": "2026-07-01", "end": "2026-11-20"}
    )
    assertTemplateUsed(response, "figures/worker_weeks.html")
    assertContains(response, 'data-testid="worker-weeks"')
    assertContains(response, 'href="/figures/?programme=&amp;start=2026-07-01&amp;end=2026-11-20"')
    assert len(response.context["row"].figure.points) == 21  # the weeks from 1 July to 20 November


def test_weeks_of_someone_without_courses_here_are_not_found(manny, carol, mallory, alice, client_for, team):
    client = client_for(manny)
    assert client.get(f"/figures/weeks/{carol.pk}/").status_code == 404  # a coordinator: no courses
    assert client.get(f"/figures/weeks/{mallory.pk}/").status_code == 404  # another municipality
    assert client.get("/figures/weeks/999999/").status_code == 404
    # A worker sees their own weeks, but not those of a colleague they share no course with.
    own = client_for(alice)
    assert own.get(f"/figures/weeks/{alice.pk}/").status_code == 200
    response = own.get(f"/figures/weeks/{mallory.pk}/")
    assert response.status_code == 404
    assertNotContains(response, "mallory", status_code=404)
