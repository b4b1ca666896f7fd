"""GET /api/v1/workers/{id}/caseload/: the weighted caseload now, a 12-week forecast, the first day
with room for a new citizen, and the assumption behind the forecast (homelessness manual 3.5).

Homelessness weights: contact period 0.5, phase 1 2, phase 2 1, phase 3 0.5; at most 10 units per
full-time worker. Today is 2026-11-22.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from overgang.api.tests.helpers import d, worker_url
from overgang.courses import services
from overgang.method.caseload import FORECAST_ASSUMPTION


@pytest.fixture
def citizens_of(make_course: Any, today: dt.date) -> Any:
    """Give a worker citizens in each period of a homelessness-like programme."""

    def give(
        worker: Any, programme: Any, *, contact: int = 0, phase_1: int = 0, phase_2: int = 0, phase_3: int = 0
    ) -> None:
        for _ in range(contact):
            make_course(worker, programme, contact=d("2026-11-01"))
        for _ in range(phase_1):
            make_course(worker, programme, phase_1=d("2026-11-01"))
        for _ in range(phase_2):
            course = make_course(worker, programme, phase_1=d("2026-08-01"))
            services.course_start_phase(course=course, phase=2, on=d("2026-11-01"), actor=worker, today=today)
        for _ in range(phase_3):
            course = make_course(worker, programme, phase_1=d("2026-03-01"))
            for phase, on in ((2, "2026-06-01"), (3, "2026-09-01")):
                course = services.course_start_phase(
                    course=course, phase=phase, on=d(on), actor=worker, today=today
                )

    return give


@pytest.fixture
def table_1(alice: Any, homelessness: Any, citizens_of: Any) -> Any:
    """The manual's table 1: 4 citizens in the contact period, 2 in phase 1, 3 in phase 2, 2 in phase 3."""
    citizens_of(alice, homelessness, contact=4, phase_1=2, phase_2=3, phase_3=2)
    return alice


def caseload(client: Any, worker: Any) -> dict[str, Any]:
    response = client.get(worker_url("caseload", worker))
    assert response.status_code == 200
    return response.json()


def test_the_manuals_table_1_fills_a_full_time_caseload(client_for: Any, table_1: Any) -> None:
    body = caseload(client_for(table_1), table_1)

    assert (body["worker"], body["fte"]) == (table_1.pk, "1.00")
    assert body["now"] == {
        "day": "2026-11-22",
        "load": "1.00",
        "capacity": "1.00",
        "units": "10.00",
        "unit_capacity": "10.00",
        "over_capacity": False,
        "by_period": {"contact": 4, "phase_1": 2, "phase_2": 3, "phase_3": 2},
    }


def test_the_forecast_is_now_and_the_next_12_weeks(client_for: Any, table_1: Any, today: dt.date) -> None:
    body = caseload(client_for(table_1), table_1)

    assert len(body["forecast"]) == 13
    assert [p["day"] for p in body["forecast"]] == [
        (today + dt.timedelta(weeks=week)).isoformat() for week in range(13)
    ]
    assert body["forecast"][0] == body["now"]
    assert body["assumption"] == FORECAST_ASSUMPTION


def test_the_forecast_follows_the_planned_dates(client_for: Any, table_1: Any) -> None:
    forecast = caseload(client_for(table_1), table_1)["forecast"]

    # 2026-12-01: the two phase 3 courses reach their planned end (phase 1 + 9 months).
    assert (forecast[2]["day"], forecast[2]["units"]) == ("2026-12-06", "9.00")
    assert forecast[2]["by_period"] == {"contact": 4, "phase_1": 2, "phase_2": 3}
    # 2027-02-01: contact periods reach one phase length and enter phase 1 (4 x 2); phase 1 moves
    # to phase 2 (2 x 1) and phase 2 to phase 3 (3 x 0.5): 11.5 units, over the 10 allowed.
    assert (forecast[10]["day"], forecast[10]["units"]) == ("2027-01-31", "9.00")
    assert forecast[11]["day"] == "2027-02-07"
    assert forecast[11]["units"] == "11.50"
    assert forecast[11]["load"] == "1.15"
    assert forecast[11]["over_capacity"] is True
    assert forecast[11]["by_period"] == {"phase_1": 4, "phase_2": 2, "phase_3": 3}


def test_the_first_day_with_room_is_when_the_phase_3_courses_end(client_for: Any, table_1: Any) -> None:
    body = caseload(client_for(table_1), table_1)

    # A new citizen starts in the contact period (0.5 units): no room at 10 units, room at 9.
    assert body["first_date_with_room"] == "2026-12-01"


def test_a_half_time_worker_has_half_the_capacity(
    client_for: Any, carol: Any, bob: Any, homelessness: Any, citizens_of: Any
) -> None:
    citizens_of(bob, homelessness, phase_1=2)

    body = caseload(client_for(carol), bob)

    assert body["fte"] == "0.50"
    assert (body["now"]["units"], body["now"]["unit_capacity"]) == ("4.00", "5.00")
    assert (body["now"]["load"], body["now"]["capacity"]) == ("0.40", "0.50")
    assert body["now"]["over_capacity"] is False
    assert body["first_date_with_room"] == "2026-11-22"


def test_three_phase_1_citizens_overload_a_half_time_worker(
    client_for: Any, bob: Any, homelessness: Any, citizens_of: Any
) -> None:
    citizens_of(bob, homelessness, phase_1=3)

    body = caseload(client_for(bob), bob)

    assert (body["now"]["units"], body["now"]["unit_capacity"]) == ("6.00", "5.00")
    assert body["now"]["over_capacity"] is True
    # Room only when the three move on to phase 2 (1 unit each) on 2027-02-01: 3 + 0.5 <= 5.
    assert body["first_date_with_room"] == "2027-02-01"


def test_an_empty_caseload_has_room_today(client_for: Any, bob: Any) -> None:
    body = caseload(client_for(bob), bob)

    assert (body["now"]["units"], body["now"]["load"]) == ("0.00", "0.00")
    assert body["now"]["by_period"] == {}
    assert body["first_date_with_room"] == "2026-11-22"


def test_ended_courses_do_not_count(
    client_for: Any, alice: Any, in_phase_1: Any, ended: Any, referred: Any
) -> None:
    body = caseload(client_for(alice), alice)

    # Only the referred course is left; a referred citizen weighs like one in the contact period.
    assert body["now"]["by_period"] == {"referred": 1}
    assert body["now"]["units"] == "0.50"


def test_courses_under_two_rules_give_a_load_but_no_units(
    client_for: Any, alice: Any, homelessness: Any, job_programme: Any, make_course: Any
) -> None:
    make_course(alice, homelessness, phase_1=d("2026-11-01"))  # 2 of 10 weighted units
    make_course(alice, job_programme, phase_1=d("2026-11-01"))  # 1 of 10 citizens

    body = caseload(client_for(alice), alice)

    assert body["now"]["load"] == "0.30"
    assert (body["now"]["units"], body["now"]["unit_capacity"]) == (None, None)
    assert body["now"]["by_period"] == {"phase_1": 2}
