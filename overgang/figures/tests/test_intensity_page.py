"""/figures/intensity/: hours of contact per week in each period, per programme and per worker,
against 4 : 2 : 1, over the active courses the user may see.

Today is 2026-11-22 (frozen); a period counts its days up to and including today. The courses,
worked out by hand:

| course | worker  | programme    | periods                               | contacts that took place       |
|--------|---------|--------------|---------------------------------------|--------------------------------|
| anna   | alice   | homelessness | phase 1 from 10-26: 28 days           | 240 min on 11-20               |
| bent   | bob     | homelessness | phase 1 from 11-09: 14 days           | 180 min on 11-10 and on 11-12  |
| cille  | alice   | job          | phase 1 from 11-15: 8 days            | none (one cancelled)           |
| dorte  | frank   | homelessness | contact 01-05 (28 d), phase 1 02-02,  | 780 min in phase 1 twice,      |
|        |         |              | 2 05-04, 3 08-03 (91, 91, 112 days)   | 780 in phase 2, 240 in 3 twice |
| ended  | alice   | homelessness | ended 11-01: not active, not counted  | 600 min                        |
| mia    | mallory | (theirs)     | phase 1 from 11-01                    | 600 min                        |

Dorte runs 2 : 1 : 0.5 hours per week in phases 1 to 3, the manual's 4 : 2 : 1.
"""

import datetime as dt
from fractions import Fraction
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from overgang.courses import services as course_services
from overgang.journal.services import contact_entry_create
from overgang.method.clock import Period

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/figures/intensity/"
CPH = ZoneInfo("Europe/Copenhagen")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def contact(course, on: str, minutes: int, status: str = "happened"):
    contact_entry_create(
        course=course,
        actor=course.worker,
        occurred_at=dt.datetime.fromisoformat(f"{on} 10:00").replace(tzinfo=CPH),
        duration_minutes=minutes,
        kind="meeting",
        status=status,
        citizen_present=True,
    )


@pytest.fixture
def client_for(client_for):
    """The project's logged-in client, reading the pages in English (the msgids)."""

    def make(user):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return make


@pytest.fixture
def courses(alice, bob, frank, mallory, homelessness, job_programme, make_course, today):
    anna = make_course(alice, homelessness, phase_1=d("2026-10-26"), first_name="Anna")
    contact(anna, "2026-11-20", 240)

    bent = make_course(bob, homelessness, phase_1=d("2026-11-09"), first_name="Bent")
    contact(bent, "2026-11-10", 180)
    contact(bent, "2026-11-12", 180)

    cille = make_course(
        alice, job_programme, phase_1=d("2026-11-15"), legal_basis="sel_85", first_name="Cille"
    )
    contact(cille, "2026-11-16", 90, status="cancelled")

    dorte = make_course(
        frank, homelessness, contact=d("2026-01-05"), phase_1=d("2026-02-02"), first_name="Dorte"
    )
    for phase, on in ((2, "2026-05-04"), (3, "2026-08-03")):
        dorte = course_services.course_start_phase(
            course=dorte, phase=phase, on=d(on), actor=frank, today=today
        )
    for on, minutes in (
        ("2026-02-10", 780),
        ("2026-04-10", 780),
        ("2026-06-10", 780),
        ("2026-09-10", 240),
        ("2026-11-13", 240),
    ):
        contact(dorte, on, minutes)

    ended = make_course(alice, homelessness, phase_1=d("2026-08-01"), first_name="Ended")
    contact(ended, "2026-09-01", 600)
    course_services.course_end(course=ended, on=d("2026-11-01"), reason="moved", actor=alice, today=today)

    mia = make_course(mallory, mallory.programmes.get(), phase_1=d("2026-11-01"), first_name="Mia")
    contact(mia, "2026-11-02", 600)
    return SimpleNamespace(anna=anna, bent=bent, cille=cille, dorte=dorte, ended=ended, mia=mia)


def rows_by_worker(response):
    return {row.worker.username: row for row in response.context["worker_rows"]}


def rows_by_programme(response):
    return {row.programme.name: row for row in response.context["programme_rows"]}


def weekly(row, period):
    measured = row.total.of(period)
    return measured.hours_per_week if measured is not None else None


# --- the figures --------------------------------------------------------------------------------------


def test_a_workers_hours_per_week_are_total_hours_over_total_course_weeks(manny, courses, client_for):
    response = client_for(manny).get(URL)

    assert response.status_code == 200
    workers = rows_by_worker(response)
    # Alice: 4 h in anna's 28 days and none in cille's 8 days of phase 1: 4 h / (36/7) weeks.
    assert weekly(workers["alice"], Period.PHASE_1) == Fraction(7, 9)
    assert workers["alice"].courses == 2
    # Bob: 6 h over 2 weeks.
    assert weekly(workers["bob"], Period.PHASE_1) == 3
    # Frank: the manual's course.
    frank = workers["frank"]
    assert [weekly(frank, p) for p in (Period.CONTACT, Period.PHASE_1, Period.PHASE_2, Period.PHASE_3)] == [
        0,
        2,
        1,
        Fraction(1, 2),
    ]
    assert frank.total.ratio == {Period.PHASE_1: 4, Period.PHASE_2: 2, Period.PHASE_3: 1}


def test_a_programmes_figures_sum_its_courses(manny, courses, client_for):
    response = client_for(manny).get(URL)

    programmes = rows_by_programme(response)
    homelessness = programmes["Hjemløshed"]
    # Phase 1: anna 4 h in 4 weeks, bent 6 h in 2 weeks, dorte 26 h in 13 weeks: 36 h in 19 weeks.
    assert weekly(homelessness, Period.PHASE_1) == Fraction(36, 19)
    assert homelessness.courses == 3
    # Only dorte has reached phase 3 (1/2 h a week) and phase 2 (1 h a week).
    assert homelessness.total.ratio == {
        Period.PHASE_1: Fraction(72, 19),
        Period.PHASE_2: 2,
        Period.PHASE_3: 1,
    }
    assert weekly(programmes["Job"], Period.PHASE_1) == 0
    assert programmes["Job"].total.ratio is None


def test_the_page_shows_the_ratio_against_4_2_1(manny, courses, client_for):
    response = client_for(manny).get(URL)

    assertContains(response, 'data-testid="ratio" class="og-nowrap">3.8 : 2 : 1')
    assertContains(response, 'data-testid="ratio" class="og-nowrap">4 : 2 : 1')


def test_courses_behind_their_contact_norm_are_counted(manny, courses, client_for):
    response = client_for(manny).get(URL)

    workers = rows_by_worker(response)
    # Bent: last contact 11-12, 10 days against a weekly norm in phase 1.
    assert (workers["bob"].behind_norm, workers["bob"].with_norm) == (1, 1)
    # Anna: 2 days ago; cille: no contact, but phase 1 started 7 days ago, which is still within a week.
    assert (workers["alice"].behind_norm, workers["alice"].with_norm) == (0, 2)
    # Dorte: 9 days ago against 30 in phase 3.
    assert workers["frank"].behind_norm == 0
    assert response.context["total_rows"][0].behind_norm == 1


def test_ended_courses_and_contacts_that_did_not_take_place_are_left_out(manny, courses, client_for):
    response = client_for(manny).get(URL)

    total = response.context["total_rows"][0]
    assert total.courses == 4
    # Phase 1 minutes: anna 240, bent 360, dorte 1560; not the ended course's 600 nor the cancelled 90.
    assert total.total.of(Period.PHASE_1).minutes == 240 + 360 + 1560
    assert total.total.of(Period.PHASE_1).contacts == 5


def test_the_page_explains_how_intensity_is_computed(manny, courses, client_for):
    response = client_for(manny).get(URL)

    assertContains(response, "divided by all the weeks those courses have spent in it")


def test_the_dashboard_links_to_the_intensity_page(manny, client_for):
    response = client_for(manny).get("/figures/")

    assertContains(response, f'href="{URL}"')


# --- who sees what ---------------------------------------------------------------------------------------


def test_a_worker_sees_only_her_own_aggregate(alice, courses, client_for):
    response = client_for(alice).get(URL)

    assert list(rows_by_worker(response)) == ["alice"]
    assert response.context["programme_rows"] == []
    assert response.context["total_rows"][0].courses == 2
    assertNotContains(response, "Bob Testsen")
    assertNotContains(response, "contact-norms/")


def test_a_coordinator_sees_her_programmes_courses(carol, courses, client_for, homelessness):
    response = client_for(carol).get(URL)

    assert list(rows_by_programme(response)) == ["Hjemløshed"]
    workers = rows_by_worker(response)
    assert set(workers) == {"alice", "bob", "frank"}
    # Alice's job course is not carol's to see: only anna's 4 h over 4 weeks.
    assert weekly(workers["alice"], Period.PHASE_1) == 1
    assertContains(response, f"/desk/programmes/{homelessness.pk}/contact-norms/")


def test_the_other_coordinator_sees_only_the_job_programme(dave, courses, client_for):
    response = client_for(dave).get(URL)

    assert list(rows_by_programme(response)) == ["Job"]
    assert list(rows_by_worker(response)) == ["alice"]
    assert response.context["total_rows"][0].courses == 1


def test_the_manager_sees_the_whole_municipality_and_nothing_else(manny, courses, client_for):
    response = client_for(manny).get(URL)

    assert set(rows_by_programme(response)) == {"Hjemløshed", "Job"}
    assert set(rows_by_worker(response)) == {"alice", "bob", "frank"}
    assertNotContains(response, "Mallory")


def test_an_outsider_sees_only_her_own(mallory, courses, client_for):
    response = client_for(mallory).get(URL)

    assert list(rows_by_worker(response)) == ["mallory"]
    total = response.context["total_rows"][0]
    assert total.courses == 1
    assert total.total.of(Period.PHASE_1).minutes == 600


def test_without_active_courses_the_page_says_so(frank, client_for):
    response = client_for(frank).get(URL)

    assert response.status_code == 200
    assertContains(response, 'data-testid="no-courses"')


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "login" in response["Location"]


# --- cost ----------------------------------------------------------------------------------------------


def add_courses(n, *, worker, programme, make_course, today):
    """n courses in different periods, each with contacts that took place."""
    for i in range(n):
        if i % 2:
            course = make_course(worker, programme, contact=d("2026-10-01"))
        else:
            course = make_course(worker, programme, phase_1=d("2026-08-01"))
            course_services.course_start_phase(
                course=course, phase=2, on=d("2026-11-01"), actor=worker, today=today
            )
        contact(course, "2026-11-10", 60)
        contact(course, "2026-11-18", 45)


def queries_for(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["alice", "carol", "manny"])
def test_the_page_costs_the_same_queries_for_1_and_20_courses(
    who, alice, carol, manny, homelessness, make_course, client_for, today, django_assert_max_num_queries
):
    client = client_for({"alice": alice, "carol": carol, "manny": manny}[who])
    add_courses(1, worker=alice, programme=homelessness, make_course=make_course, today=today)
    client.get(URL)  # warm the session
    with django_assert_max_num_queries(6):
        one = queries_for(client)

    add_courses(19, worker=alice, programme=homelessness, make_course=make_course, today=today)
    with django_assert_max_num_queries(6):
        twenty = queries_for(client)

    assert twenty == one
