"""The caseload board: every worker's caseload now and ahead, who can take the next citizen, and
moving a whole caseload when a worker leaves."""

import datetime as dt
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from overgang.audit.models import AuditEntry
from overgang.courses import services
from overgang.courses.models import Course, WorkerAssignment
from overgang.method.clock import Period

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/desk/caseload/"


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def move_url(worker) -> str:
    return f"/desk/caseload/{worker.pk}/move/"


def entries_by_name(response) -> dict:
    return {entry.worker.username: entry for entry in response.context["entries"]}


def in_phase(worker, programme, make_course, today, phase, *, phase_1, name="Test"):
    """A course realised on time up to `phase`: phase n starts (n - 1) × 3 months after phase 1."""
    course = make_course(worker, programme, phase_1=d(phase_1), first_name=name)
    start = d(phase_1)
    for n in range(2, phase + 1):
        on = start.replace(month=start.month + 3 * (n - 1))
        course = services.course_start_phase(course=course, phase=n, on=on, actor=worker, today=today)
    return course


@pytest.fixture
def table_1(alice, homelessness, make_course, today):
    """The manual's table 1 (homelessness 3.5): 4 in the contact period, 2 in phase 1, 3 in phase 2,
    2 in phase 3 give 2 + 4 + 3 + 1 = 10 units, one full-time caseload.

    Nothing changes before 2027-01-01: then the two in phase 3 end (phase 1 2026-04-01 + 9 months)
    and the three in phase 2 enter phase 3 (phase 1 2026-07-01 + 6 months): 10 - 1 - 1.5 = 7.5.
    """
    for _ in range(4):
        make_course(alice, homelessness, contact=d("2026-11-01"))  # phase 1 by 2027-02-01
    for _ in range(2):
        in_phase(alice, homelessness, make_course, today, 1, phase_1="2026-10-15")  # phase 2 on 2027-01-15
    for _ in range(3):
        in_phase(alice, homelessness, make_course, today, 2, phase_1="2026-07-01")
    for _ in range(2):
        in_phase(alice, homelessness, make_course, today, 3, phase_1="2026-04-01")


@pytest.fixture
def bob_over_capacity(bob, homelessness, make_course, today):
    """Bob works half time (5 units): three in phase 1 are 6 units, until they enter phase 2 on
    2026-12-01 (phase 1 2026-09-01 + 3 months) and weigh 3."""
    for _ in range(3):
        in_phase(bob, homelessness, make_course, today, 1, phase_1="2026-09-01")


# --- the board ------------------------------------------------------------------------------------


def test_the_manuals_table_1_is_one_full_caseload(carol, alice, table_1, client_for):
    response = client_for(carol).get(URL)

    assert response.status_code == 200
    assertTemplateUsed(response, "desk/board.html")
    entry = entries_by_name(response)["alice"]
    assert (entry.now.units, entry.now.unit_capacity) == (10, 10)
    assert dict(entry.now.by_period) == {
        Period.CONTACT: 4,
        Period.PHASE_1: 2,
        Period.PHASE_2: 3,
        Period.PHASE_3: 2,
    }
    assert not entry.now.over_capacity
    assertContains(response, "<strong>10 / 10</strong>")


def test_it_shows_every_worker_the_coordinator_may_see(carol, alice, bob, frank, erin, mallory, client_for):
    response = client_for(carol).get(URL)

    assert [entry.worker for entry in response.context["entries"]] == [alice, bob, frank]
    for worker in (alice, bob, frank):
        assertContains(response, f'data-worker="{worker.pk}"')
    assertNotContains(response, "Erin Testsen")
    assertNotContains(response, "Mallory Testsen")


def test_a_half_time_worker_has_half_the_capacity(carol, bob, bob_over_capacity, client_for):
    response = client_for(carol).get(URL)

    entry = entries_by_name(response)["bob"]
    assert (entry.now.units, entry.now.unit_capacity, entry.now.capacity) == (6, 5, Fraction(1, 2))
    assert entry.now.over_capacity
    assertContains(response, "<strong>6 / 5</strong>")


def test_the_forecast_covers_twelve_weeks_and_follows_the_planned_dates(
    carol, bob, bob_over_capacity, client_for
):
    entry = entries_by_name(client_for(carol).get(URL))["bob"]

    assert [point.day for point in entry.forecast] == [
        d("2026-11-22") + dt.timedelta(weeks=n) for n in range(13)
    ]
    # Phase 2 from 2026-12-01: 3 units from the weekly point of 2026-12-06 on.
    assert [point.units for point in entry.forecast[:3]] == [6, 6, 3]


def test_who_can_take_the_next_citizen_is_ranked_by_the_first_date_with_room(
    carol, alice, bob, frank, table_1, bob_over_capacity, client_for
):
    # A new citizen weighs 0.5 (the contact period). Frank has room now; Bob from 2026-12-01 (3 + 0.5
    # of 5), although he is over capacity today; Alice, who is exactly full, from 2027-01-01.
    response = client_for(carol).get(URL)

    ranking = response.context["ranking"]
    assert [(entry.worker, entry.first_room) for entry in ranking] == [
        (frank, d("2026-11-22")),
        (bob, d("2026-12-01")),
        (alice, d("2027-01-01")),
    ]
    assertContains(response, "01-12-2026")
    assertContains(response, "01-01-2027")


def test_a_worker_sees_only_her_own_caseload(alice, bob, table_1, bob_over_capacity, client_for):
    response = client_for(alice).get(URL)

    assert [entry.worker for entry in response.context["entries"]] == [alice]
    assert not response.context["can_reassign"]
    assertNotContains(response, move_url(alice))


def test_the_outsider_sees_none_of_our_workers(mallory, alice, table_1, client_for):
    response = client_for(mallory).get(URL)

    assert [entry.worker for entry in response.context["entries"]] == [mallory]
    assertNotContains(response, "Alice Testsen")


def test_the_coordinator_is_offered_to_move_a_caseload(carol, alice, homelessness, make_course, client_for):
    make_course(alice, homelessness, phase_1=d("2026-10-15"))

    assertContains(client_for(carol).get(URL), f'href="{move_url(alice)}"')


def test_no_move_is_offered_for_a_worker_without_active_courses(carol, alice, client_for):
    assertNotContains(client_for(carol).get(URL), f'href="{move_url(alice)}"')


# --- queries --------------------------------------------------------------------------------------


def add_courses(n, *, worker, programme, make_course, today):
    """n courses in a mix of periods, some paused."""
    for i in range(n):
        kind = i % 3
        if kind == 0:
            make_course(worker, programme, contact=d("2026-11-01"))
        elif kind == 1:
            make_course(worker, programme, phase_1=d("2026-10-15"))
        else:
            course = make_course(worker, programme, phase_1=d("2026-07-10"))
            services.course_pause(
                course=course, start=d("2026-08-01"), reason="hospital", actor=worker, today=today
            )
            services.course_resume(course=course, on=d("2026-08-05"), actor=worker, today=today)


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["carol", "manny"])
def test_the_board_uses_a_constant_number_of_queries(
    who, alice, bob, carol, manny, homelessness, make_course, client_for, today
):
    client = client_for({"carol": carol, "manny": manny}[who])
    add_courses(3, worker=alice, programme=homelessness, make_course=make_course, today=today)
    client.get(URL)  # warm the session
    few = queries_for(client)

    add_courses(9, worker=alice, programme=homelessness, make_course=make_course, today=today)
    add_courses(6, worker=bob, programme=homelessness, make_course=make_course, today=today)
    many = queries_for(client)

    assert (
        sum(entry.now.by_period.get(Period.CONTACT, 0) for entry in client.get(URL).context["entries"]) == 6
    )
    assert many == few


# --- moving a whole caseload ----------------------------------------------------------------------


@pytest.fixture
def alices_caseload(alice, homelessness, make_course, today):
    """Two in phase 1 (2 units each), one in the contact period (0.5), one ended."""
    courses = [
        make_course(alice, homelessness, phase_1=d("2026-10-15"), first_name="Anna"),
        make_course(alice, homelessness, phase_1=d("2026-10-15"), first_name="Asta"),
        make_course(alice, homelessness, contact=d("2026-11-01"), first_name="Arne"),
    ]
    ended = make_course(alice, homelessness, phase_1=d("2026-06-01"), first_name="Ebbe")
    services.course_end(course=ended, on=d("2026-10-01"), reason="moved", actor=alice, today=today)
    return {"active": courses, "ended": ended}


def test_moving_a_caseload_asks_for_confirmation_first(
    carol, alice, bob, mallory, alices_caseload, client_for
):
    response = client_for(carol).get(move_url(alice))

    assert response.status_code == 200
    assertTemplateUsed(response, "desk/move_caseload.html")
    choices = list(response.context["form"].fields["to_worker"].queryset)
    assert bob in choices
    assert alice not in choices
    assert mallory not in choices
    assert Course.objects.filter(worker=alice, end_date__isnull=True).count() == 3


def test_it_moves_every_active_course_to_the_other_worker(carol, alice, bob, alices_caseload, client_for):
    response = client_for(carol).post(move_url(alice), {"to_worker": bob.pk, "on": "2026-11-22"})

    assert response.status_code == 302
    assert response["Location"] == URL
    active = [course.pk for course in alices_caseload["active"]]
    assert set(Course.objects.filter(worker=bob).values_list("pk", flat=True)) == set(active)
    assert Course.objects.get(pk=alices_caseload["ended"].pk).worker == alice  # history stays put
    assert AuditEntry.objects.filter(action="course.worker_reassigned").count() == 3


def test_the_move_keeps_the_history_of_who_was_the_worker(carol, alice, bob, alices_caseload, client_for):
    client_for(carol).post(move_url(alice), {"to_worker": bob.pk, "on": "2026-11-22"})

    for course in alices_caseload["active"]:
        history = [
            (a.worker, a.start, a.end, a.assigned_by)
            for a in WorkerAssignment.objects.filter(course=course).order_by("start", "pk")
        ]
        assert history == [
            (alice, course.referral_date, d("2026-11-22"), alice),
            (bob, d("2026-11-22"), None, carol),
        ]


def test_the_board_shows_both_caseloads_after_the_move(carol, alice, bob, alices_caseload, client_for):
    client = client_for(carol)
    before = entries_by_name(client.get(URL))
    assert (before["alice"].now.units, before["bob"].now.units) == (Fraction(9, 2), 0)

    client.post(move_url(alice), {"to_worker": bob.pk, "on": "2026-11-22"})

    after = entries_by_name(client.get(URL))
    # Bob, half time (5 units), now carries 2 + 2 + 0.5 = 4.5; Alice has none.
    assert (after["alice"].now.units, after["bob"].now.units) == (0, Fraction(9, 2))
    assert after["alice"].first_room == d("2026-11-22")


def test_moving_to_a_worker_of_another_municipality_is_refused(
    carol, alice, mallory, alices_caseload, client_for
):
    response = client_for(carol).post(move_url(alice), {"to_worker": mallory.pk, "on": "2026-11-22"})

    assert response.status_code == 400
    assert response.context["form"].errors["to_worker"]
    assert Course.objects.filter(worker=alice, end_date__isnull=True).count() == 3
    assert not Course.objects.filter(worker=mallory).exists()


def test_moving_to_a_worker_outside_the_programme_is_refused(carol, alice, erin, alices_caseload, client_for):
    response = client_for(carol).post(move_url(alice), {"to_worker": erin.pk, "on": "2026-11-22"})

    assert response.status_code == 400
    assert Course.objects.filter(worker=alice, end_date__isnull=True).count() == 3


def test_a_worker_without_active_courses_has_nothing_to_move(carol, frank, bob, client_for):
    response = client_for(carol).post(move_url(frank), {"to_worker": bob.pk, "on": "2026-11-22"})

    assert response.status_code == 400
    assert not WorkerAssignment.objects.filter(worker=bob).exists()


@pytest.mark.parametrize("who", ["alice", "manny"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_a_coordinator_can_move_a_caseload(who, method, alice, bob, manny, alices_caseload, client_for):
    client = client_for({"alice": alice, "manny": manny}[who])

    response = getattr(client, method)(move_url(alice), {"to_worker": bob.pk, "on": "2026-11-22"})

    assert response.status_code == 403
    assert Course.objects.filter(worker=alice, end_date__isnull=True).count() == 3


def test_the_coordinator_cannot_move_a_caseload_she_cannot_see(carol, erin, bob, client_for):
    assert client_for(carol).get(move_url(erin)).status_code == 404


def test_the_outsider_cannot_move_our_caseload(mallory, alice, bob, alices_caseload, client_for):
    mallory.role = "coordinator"
    mallory.save(update_fields=["role"])
    mallory.programmes.get().coordinators.add(mallory)

    response = client_for(mallory).post(move_url(alice), {"to_worker": bob.pk, "on": "2026-11-22"})

    assert response.status_code == 404
    assert Course.objects.filter(worker=alice, end_date__isnull=True).count() == 3
