"""What the desk's speed-ups must not change: the pauses read once, the plan a page at a time (the
files whole), and the same forecast when each course is projected once."""

import datetime as dt
import io
import re
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from overgang.courses import services
from overgang.courses.models import Course
from overgang.desk import views
from overgang.desk.selectors import attach_pauses, phase_plan_sections_for
from overgang.method.caseload import CaseloadItem, CaseloadRule, RuleKind, caseload_on, forecast
from overgang.method.clock import CourseDates, Pause, Period

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/desk/phase-plan/"


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def shown_courses(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-course="(\d+)"', response.content.decode())]


def test_attached_pauses_are_read_without_a_query_in_order_and_know_their_course(
    alice, homelessness, make_course, today
):
    paused = make_course(alice, homelessness, phase_1=d("2026-07-01"))
    for start, resume in (("2026-08-01", "2026-08-05"), ("2026-09-01", "2026-09-10")):
        services.course_pause(course=paused, start=d(start), reason="hospital", actor=alice, today=today)
        services.course_resume(course=paused, on=d(resume), actor=alice, today=today)
    plain = make_course(alice, homelessness, phase_1=d("2026-07-01"))

    with CaptureQueriesContext(connection) as queries:
        courses = {
            c.pk: c
            for c in attach_pauses(
                Course.objects.select_related("programme").filter(pk__in=[paused.pk, plain.pk])
            )
        }
    assert len(queries) == 2  # the courses and their pauses

    with CaptureQueriesContext(connection) as queries:
        starts = [p.start for p in courses[paused.pk].pauses.all()]
        assert list(courses[plain.pk].pauses.all()) == []
        assert all(p.course is courses[paused.pk] for p in courses[paused.pk].pauses.all())
        dates = courses[paused.pk].clock_dates()
    assert len(queries) == 0
    assert starts == [d("2026-08-01"), d("2026-09-01")]
    assert dates == Course.objects.get(pk=paused.pk).clock_dates()
    # A filter on the attached pauses is a new query, not the cached list.
    assert courses[paused.pk].pauses.filter(start__gt=d("2026-08-15")).count() == 1


def test_a_big_plan_is_shown_a_page_at_a_time_most_urgent_first(
    carol, alice, homelessness, make_course, client_for, monkeypatch, today
):
    monkeypatch.setattr(views, "PHASE_PLAN_PAGE_SIZE", 2)
    for month in ("06", "07", "08", "09", "10"):
        make_course(alice, homelessness, phase_1=d(f"2026-{month}-01"))
    client = client_for(carol)

    first = client.get(URL, {"programme": homelessness.pk})
    # The pages follow the order of the whole plan as the files and the digest compute it.
    [(_programme, rows)] = phase_plan_sections_for(carol, programmes=[homelessness], today=today)
    every_row = [row.course.pk for row in rows]
    assert len(every_row) == 5
    assert shown_courses(first) == every_row[:2]
    html = first.content.decode()
    assert "5 courses" in html or "5 forløb" in html
    param = f"page-{homelessness.pk}"
    assert f"programme={homelessness.pk}&amp;{param}=2" in html
    assert 'rel="prev"' not in html

    last = client.get(URL, {"programme": homelessness.pk, param: "3"})
    assert shown_courses(last) == every_row[4:]
    assert 'rel="next"' not in last.content.decode()
    # A page number out of range shows the last page rather than failing.
    assert shown_courses(client.get(URL, {"programme": homelessness.pk, param: "99"})) == every_row[4:]

    # The files hold every row, whatever page the page shows.
    response = client.get("/desk/phase-plan.xlsx", {"programme": homelessness.pk, param: "2"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.max_row == 1 + 5


def test_a_small_plan_has_no_pager(carol, alice, homelessness, make_course, client_for):
    make_course(alice, homelessness, phase_1=d("2026-10-01"))
    response = client_for(carol).get(URL)
    assert 'data-testid="phase-plan-pager"' not in response.content.decode()
    assert len(shown_courses(response)) == 1


def test_the_forecast_is_the_load_on_each_week_computed_alone():
    today = d("2026-11-16")
    weighted = CaseloadRule(
        kind=RuleKind.WEIGHTED,
        maximum=Fraction(10),
        weights={Period.CONTACT: Fraction(1, 2), Period.PHASE_1: Fraction(2), Period.PHASE_2: Fraction(1)},
    )
    headcount = CaseloadRule(kind=RuleKind.HEADCOUNT, maximum=Fraction(7))
    items = [
        CaseloadItem(1, CourseDates(duration_months=9, contact_start=d("2026-10-20")), weighted),
        CaseloadItem(2, CourseDates(duration_months=9, phase_1=d("2026-09-10")), weighted),
        CaseloadItem(
            3,
            CourseDates(duration_months=9, phase_1=d("2026-06-01"), pauses=(Pause(d("2026-10-01"), None),)),
            headcount,
        ),
        CaseloadItem(4, CourseDates(duration_months=6, phase_1=d("2026-05-01")), headcount),
    ]
    points = forecast(items, fte=Fraction(3, 4), today=today)
    alone = [
        caseload_on(items, fte=Fraction(3, 4), today=today, day=today + dt.timedelta(weeks=week))
        for week in range(13)
    ]
    assert points == alone
    assert len({p.load for p in points}) > 1  # the courses change period within the forecast
