"""Lists cost a constant number of queries, however many courses they show."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from overgang.courses import services

pytestmark = pytest.mark.usefixtures("frozen_today")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def add_courses(n, *, worker, programme, make_course, today):
    """n courses in a mix of periods, some paused, so every related row is needed."""
    for i in range(n):
        kind = i % 4
        if kind == 0:
            make_course(worker, programme, contact=d("2026-11-01"))
        elif kind == 1:
            make_course(worker, programme, phase_1=d("2026-10-15"))
        elif kind == 2:
            course = make_course(worker, programme, phase_1=d("2026-07-10"))
            services.course_pause(
                course=course, start=d("2026-08-01"), reason="hospital", actor=worker, today=today
            )
            services.course_resume(course=course, on=d("2026-08-05"), actor=worker, today=today)
        else:
            course = make_course(worker, programme, phase_1=d("2026-08-10"))
            services.course_pause(
                course=course, start=d("2026-11-10"), reason="hospital", actor=worker, today=today
            )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_the_overview_page_uses_a_constant_number_of_queries(
    who, alice, carol, homelessness, make_course, client_for, today
):
    client = client_for({"alice": alice, "carol": carol}[who])
    add_courses(3, worker=alice, programme=homelessness, make_course=make_course, today=today)
    client.get("/courses/")  # warm the session
    few = queries_for(client, "/courses/")

    add_courses(9, worker=alice, programme=homelessness, make_course=make_course, today=today)
    many = queries_for(client, "/courses/")

    assert many == few


def test_the_overview_shows_all_twelve_courses(alice, homelessness, make_course, client_for, today):
    add_courses(12, worker=alice, programme=homelessness, make_course=make_course, today=today)

    assert len(client_for(alice).get("/courses/").context["rows"]) == 12


@pytest.mark.parametrize("who", ["alice", "manny"])
def test_the_api_course_list_uses_a_constant_number_of_queries(
    who, alice, manny, homelessness, make_course, client_for, today
):
    client = client_for({"alice": alice, "manny": manny}[who])
    add_courses(3, worker=alice, programme=homelessness, make_course=make_course, today=today)
    client.get("/api/v1/courses/")
    few = queries_for(client, "/api/v1/courses/")

    add_courses(9, worker=alice, programme=homelessness, make_course=make_course, today=today)
    many = queries_for(client, "/api/v1/courses/")

    assert many == few
    assert len(client.get("/api/v1/courses/").json()) == 12
