"""The figures cost a constant number of queries, however many courses lie behind them."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from overgang.courses import services

pytestmark = pytest.mark.usefixtures("frozen_today")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def add_courses(n, *, alice, bob, carol, programme, make_course, today):
    """n courses in a mix of periods, paused, ended and reassigned, so every related row is needed."""
    for i in range(n):
        kind = i % 5
        if kind == 0:
            make_course(alice, programme, contact=d("2026-11-01"))
        elif kind == 1:
            course = make_course(alice, programme, phase_1=d("2026-04-15"))
            services.course_start_phase(course=course, phase=2, on=d("2026-07-15"), actor=alice, today=today)
        elif kind == 2:
            course = make_course(alice, programme, phase_1=d("2026-07-10"))
            services.course_pause(
                course=course, start=d("2026-08-01"), reason="hospital", actor=alice, today=today
            )
            services.course_resume(course=course, on=d("2026-08-05"), actor=alice, today=today)
        elif kind == 3:
            course = make_course(alice, programme, phase_1=d("2026-02-10"))
            services.course_end(course=course, on=d("2026-03-10"), reason="refuses", actor=alice, today=today)
        else:
            course = make_course(alice, programme, phase_1=d("2026-08-10"))
            services.course_reassign_worker(
                course=course, worker=bob, on=d("2026-09-01"), actor=carol, today=today
            )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


URLS = [
    "/figures/",
    "/figures/?start=2026-01-01&end=2026-10-31",
    "/figures/courses/?figure=active&key=all",
    "/figures/courses/?figure=caseload&key={alice}",
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("who", ["alice", "carol", "manny"])
def test_the_figures_use_a_constant_number_of_queries(
    url, who, alice, bob, carol, manny, homelessness, make_course, client_for, today
):
    client = client_for({"alice": alice, "carol": carol, "manny": manny}[who])
    url = url.format(alice=alice.pk)
    add = {"alice": alice, "bob": bob, "carol": carol, "programme": homelessness, "make_course": make_course}
    add_courses(5, **add, today=today)
    client.get(url)  # warm the session
    few = queries_for(client, url)

    add_courses(15, **add, today=today)
    many = queries_for(client, url)

    assert many == few


def test_the_query_count_is_small(manny, alice, bob, carol, homelessness, make_course, client_for, today):
    add_courses(
        10, alice=alice, bob=bob, carol=carol, programme=homelessness, make_course=make_course, today=today
    )
    client = client_for(manny)
    client.get("/figures/")

    # session, user, the session's two-factor device, programmes (the filter), courses, pauses,
    # the courses' programmes, assignments, their workers: programmes and workers are read once
    # each and shared, not built per course by a join (issue 9: seconds for thousands of courses)
    assert queries_for(client, "/figures/") <= 9
