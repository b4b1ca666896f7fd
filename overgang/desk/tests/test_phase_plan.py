"""The live phase plan (appendix 5): its columns, its order, its filters, and who sees which rows."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from overgang.courses import services

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/desk/phase-plan/"


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def rows_of(response) -> list:
    return [row for section in response.context["plan_sections"] for row in section.rows]


def first_names(response) -> list[str]:
    return [row.course.citizen.first_name for row in rows_of(response)]


def row_html(response, course) -> str:
    match = re.search(rf'<tr data-course="{course.pk}"[^>]*>(.*?)</tr>', response.content.decode(), re.S)
    assert match, f"no row for course {course.pk}"
    return match.group(1)


@pytest.fixture
def our_courses(alice, bob, homelessness, job_programme, make_course):
    """Anna (alice, homelessness), Bente (bob, homelessness), Jens (alice, job)."""
    return {
        "anna": make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Anna"),
        "bente": make_course(bob, homelessness, phase_1=d("2026-10-01"), first_name="Bente"),
        "jens": make_course(alice, job_programme, phase_1=d("2026-10-01"), first_name="Jens"),
    }


# --- the columns of appendix 5 --------------------------------------------------------------------


def test_it_shows_the_columns_of_appendix_5(carol, alice, homelessness, make_course, client_for):
    make_course(alice, homelessness, phase_1=d("2026-10-01"))

    response = client_for(carol).get(URL)

    assert response.status_code == 200
    assertTemplateUsed(response, "desk/phase_plan.html")
    with translation.override("da"):
        headings = [
            "Citizen",
            "CTI worker",
            "Contact period start",
            "Phase 1",
            "Phase 2",
            "Phase 3",
            "End",
            "Planned",
            "Realised",
            "Realised / reason",
        ]
        for heading in headings:
            assertContains(response, f">{escape(gettext(heading))}</th>")


def test_a_row_holds_the_planned_and_realised_dates(
    carol, alice, homelessness, make_course, client_for, today
):
    # Contact period from 2026-05-04: phase 1 planned at the latest 2026-08-04 (one phase), realised
    # 2026-06-01; phase 2 planned 2026-09-01 (phase 1 + 3 months) and realised that day; phase 3
    # planned 2026-12-01; the end 2027-03-01.
    course = make_course(
        alice, homelessness, contact=d("2026-05-04"), phase_1=d("2026-06-01"), first_name="Anna"
    )
    services.course_start_phase(course=course, phase=2, on=d("2026-09-01"), actor=alice, today=today)

    response = client_for(carol).get(URL)

    html = row_html(response, course)
    assert "Anna Borgersen" in html
    assert "Alice Testsen" in html
    assert re.findall(r"\d\d-\d\d-\d{4}", html) == [
        "04-05-2026",
        "04-08-2026",
        "01-06-2026",
        "01-09-2026",
        "01-09-2026",
        "01-12-2026",
        "01-03-2027",
    ]


def test_an_ended_row_shows_the_end_date_and_the_reason(
    carol, alice, homelessness, make_course, client_for, today
):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"), first_name="Ebbe")
    services.course_end(course=course, on=d("2026-10-01"), reason="moved", actor=alice, today=today)

    response = client_for(carol).get(URL, {"ended": "1"})

    html = row_html(response, course)
    assert "01-10-2026" in html
    with translation.override("da"):
        assert escape(gettext("Moved to another municipality")) in html


def test_ended_courses_are_left_out_unless_asked_for(
    carol, alice, homelessness, make_course, client_for, today
):
    make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Anna")
    ended = make_course(alice, homelessness, phase_1=d("2026-06-01"), first_name="Ebbe")
    services.course_end(course=ended, on=d("2026-10-01"), reason="moved", actor=alice, today=today)

    client = client_for(carol)

    assert first_names(client.get(URL)) == ["Anna"]
    assert sorted(first_names(client.get(URL, {"ended": "1"}))) == ["Anna", "Ebbe"]


# --- the order: what needs action first -----------------------------------------------------------


def test_overdue_comes_first_then_due_within_14_days_then_the_rest_and_ended_last(
    carol, alice, homelessness, make_course, client_for, today
):
    # Created in another order than the expected one, and unlike the default order (newest referral).
    slut = make_course(alice, homelessness, phase_1=d("2026-06-01"), first_name="Slut")
    services.course_end(course=slut, on=d("2026-10-01"), reason="refuses", actor=alice, today=today)
    make_course(
        alice, homelessness, phase_1=d("2026-11-01"), first_name="Rolig"
    )  # phase 2 on 2027-02-01: 71 days
    make_course(alice, homelessness, referral=d("2026-11-15"), first_name="Henvist")  # referred: no date yet
    make_course(
        alice, homelessness, phase_1=d("2026-08-30"), first_name="Snart"
    )  # phase 2 on 2026-11-30: 8 days
    make_course(
        alice, homelessness, contact=d("2026-10-20"), first_name="Kontakt"
    )  # phase 1 by 2027-01-20: 59 days
    make_course(
        alice, homelessness, phase_1=d("2026-08-01"), first_name="Sen"
    )  # phase 2 on 2026-11-01: 21 days ago
    make_course(
        alice, homelessness, phase_1=d("2026-07-01"), first_name="Senest"
    )  # phase 2 on 2026-10-01: 52 days ago

    response = client_for(carol).get(URL, {"ended": "1"})

    assert first_names(response) == ["Senest", "Sen", "Snart", "Kontakt", "Rolig", "Henvist", "Slut"]
    assert [(row.overdue, row.due_soon) for row in rows_of(response)][:3] == [
        (True, False),
        (True, False),
        (False, True),
    ]


def test_the_overdue_rows_are_marked(carol, alice, homelessness, make_course, client_for):
    late = make_course(alice, homelessness, phase_1=d("2026-08-01"), first_name="Sen")
    soon = make_course(alice, homelessness, phase_1=d("2026-08-30"), first_name="Snart")
    calm = make_course(alice, homelessness, phase_1=d("2026-11-01"), first_name="Rolig")

    response = client_for(carol).get(URL)

    assertContains(response, f'<tr data-course="{late.pk}" class="og-row-overdue">')
    assertContains(response, f'<tr data-course="{soon.pk}" class="og-row-due">')
    assertContains(response, f'<tr data-course="{calm.pk}" class="">')


# --- filters --------------------------------------------------------------------------------------


def test_the_coordinator_filters_by_worker(carol, our_courses, bob, client_for):
    response = client_for(carol).get(URL, {"worker": bob.pk})

    assert response.context["worker"] == bob
    assert first_names(response) == ["Bente"]
    assertNotContains(response, "Anna Borgersen")


def test_it_filters_by_period(carol, alice, homelessness, make_course, client_for):
    make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Fase")
    make_course(alice, homelessness, contact=d("2026-11-01"), first_name="Kontakt")
    make_course(alice, homelessness, referral=d("2026-11-15"), first_name="Henvist")
    client = client_for(carol)

    assert first_names(client.get(URL, {"period": "phase_1"})) == ["Fase"]
    assert first_names(client.get(URL, {"period": "contact"})) == ["Kontakt"]
    assert first_names(client.get(URL, {"period": "referred"})) == ["Henvist"]


def test_the_period_ended_shows_only_ended_courses(
    carol, alice, homelessness, make_course, client_for, today
):
    make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Anna")
    ended = make_course(alice, homelessness, phase_1=d("2026-06-01"), first_name="Ebbe")
    services.course_end(course=ended, on=d("2026-10-01"), reason="moved", actor=alice, today=today)

    assert first_names(client_for(carol).get(URL, {"period": "ended"})) == ["Ebbe"]


def test_the_manager_filters_by_programme(manny, our_courses, job_programme, client_for):
    response = client_for(manny).get(URL, {"programme": job_programme.pk})

    assert [section.programme for section in response.context["plan_sections"]] == [job_programme]
    assert first_names(response) == ["Jens"]


def test_the_filters_combine(manny, our_courses, homelessness, alice, client_for):
    response = client_for(manny).get(
        URL, {"programme": homelessness.pk, "worker": alice.pk, "period": "phase_1"}
    )

    assert first_names(response) == ["Anna"]


@pytest.mark.parametrize(
    "query",
    [
        {"programme": "mallorys"},
        {"worker": "mallory"},
        {"worker": "erin"},
        {"programme": "abc"},
        {"worker": "abc"},
        {"period": "abc"},
        {"programme": "-1", "worker": "1.5", "period": "phase_9"},
        {"programme": "9" * 40},
    ],
)
def test_a_filter_value_the_user_may_not_use_is_ignored(
    query, carol, our_courses, mallory, erin, job_programme, make_course, client_for
):
    # erin works only in the job programme, which carol does not coordinate.
    make_course(erin, job_programme, phase_1=d("2026-10-01"), first_name="Erik")
    mallorys_programme = mallory.programmes.get()
    make_course(mallory, mallorys_programme, phase_1=d("2026-10-01"), first_name="Mads")
    values = {"mallorys": mallorys_programme.pk, "mallory": mallory.pk, "erin": erin.pk}
    query = {key: values.get(value, value) for key, value in query.items()}
    client = client_for(carol)
    client.raise_request_exception = False

    response = client.get(URL, query)

    assert response.status_code == 200
    assert response.context["programme"] is None
    assert response.context["worker"] is None
    assert response.context["period"] == ""
    assert sorted(first_names(response)) == ["Anna", "Bente"]


# --- who sees which rows --------------------------------------------------------------------------


def test_a_worker_sees_only_her_own_courses_in_every_programme(alice, our_courses, client_for):
    response = client_for(alice).get(URL)

    assert sorted(first_names(response)) == ["Anna", "Jens"]
    assertNotContains(response, "Bente Borgersen")
    assert response.context["workers"] is None  # no worker filter to choose from


def test_a_worker_cannot_filter_her_way_to_a_colleague(alice, bob, our_courses, client_for):
    response = client_for(alice).get(URL, {"worker": bob.pk})

    assert response.context["worker"] is None
    assert sorted(first_names(response)) == ["Anna", "Jens"]


def test_the_coordinator_sees_the_whole_programme_and_only_it(carol, homelessness, our_courses, client_for):
    response = client_for(carol).get(URL)

    assert [section.programme for section in response.context["plan_sections"]] == [homelessness]
    assert sorted(first_names(response)) == ["Anna", "Bente"]
    assertNotContains(response, "Jens Borgersen")


def test_the_other_programmes_coordinator_sees_only_hers(dave, homelessness, our_courses, client_for):
    response = client_for(dave).get(URL, {"programme": homelessness.pk})

    assert first_names(response) == ["Jens"]


def test_the_manager_sees_every_programme(manny, homelessness, job_programme, our_courses, client_for):
    response = client_for(manny).get(URL)

    sections = response.context["plan_sections"]
    assert [section.programme for section in sections] == [homelessness, job_programme]
    assert sorted(first_names(response)) == ["Anna", "Bente", "Jens"]


@pytest.mark.parametrize("who", ["alice", "carol", "manny"])
def test_the_phase_plan_is_read_only(who, alice, carol, manny, our_courses, client_for):
    client = client_for({"alice": alice, "carol": carol, "manny": manny}[who])

    assert client.post(URL).status_code == 405


def test_the_outsider_sees_none_of_our_rows(mallory, homelessness, our_courses, client_for):
    client = client_for(mallory)

    for query in ({}, {"programme": homelessness.pk}, {"ended": "1"}):
        response = client.get(URL, query)
        assert response.status_code == 200
        assert rows_of(response) == []
        assertNotContains(response, "Borgersen")


def test_it_requires_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


# --- queries --------------------------------------------------------------------------------------


def add_courses(n, *, worker, programme, make_course, today):
    """n courses in a mix of periods, some paused, some ended, so every related row is needed."""
    for i in range(n):
        kind = i % 4
        if kind == 0:
            make_course(worker, programme, contact=d("2026-11-01"))
        elif kind == 1:
            make_course(worker, programme, phase_1=d("2026-08-01"))
        elif kind == 2:
            course = make_course(worker, programme, phase_1=d("2026-07-10"))
            services.course_pause(
                course=course, start=d("2026-08-01"), reason="hospital", actor=worker, today=today
            )
            services.course_resume(course=course, on=d("2026-08-05"), actor=worker, today=today)
        else:
            course = make_course(worker, programme, phase_1=d("2026-06-10"))
            services.course_end(course=course, on=d("2026-10-01"), reason="moved", actor=worker, today=today)


def queries_for(client, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, query)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["alice", "carol", "manny"])
def test_the_phase_plan_uses_a_constant_number_of_queries(
    who, alice, bob, carol, manny, homelessness, make_course, client_for, today
):
    client = client_for({"alice": alice, "carol": carol, "manny": manny}[who])
    add_courses(3, worker=alice, programme=homelessness, make_course=make_course, today=today)
    add_courses(3, worker=bob, programme=homelessness, make_course=make_course, today=today)
    client.get(URL)  # warm the session
    few = queries_for(client, {"ended": "1"})
    shown_few = len(rows_of(client.get(URL, {"ended": "1"})))

    add_courses(9, worker=alice, programme=homelessness, make_course=make_course, today=today)
    add_courses(9, worker=bob, programme=homelessness, make_course=make_course, today=today)
    many = queries_for(client, {"ended": "1"})
    shown_many = len(rows_of(client.get(URL, {"ended": "1"})))

    assert shown_many - shown_few == (9 if who == "alice" else 18)
    assert many == few
