"""GET /api/v1/courses/{id}/ shows the CTI clock: the period, planned and realised dates, timeliness,
pauses and flags, as the manuals define them (DOMAIN.md, "Time rules" and "Worked examples")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from overgang.api.tests.helpers import course_url, d, travel, with_version
from overgang.courses.models import Course


def post(client: Any, url: str, payload: Any) -> Any:
    response = client.post(url, with_version(url, payload), format="json")
    assert response.status_code == 200, response.content
    return response


def schedule_of(client: Any, course: Course) -> dict[str, Any]:
    response = client.get(course_url("detail", course))
    assert response.status_code == 200
    return response.json()


def planned(body: dict[str, Any]) -> list[str]:
    return [t["planned"] for t in body["schedule"]["transitions"]]


@pytest.fixture
def worked_example(client_for: Any, alice: Any, homelessness: Any) -> Course:
    """The manual's example: phase 1 from 2026-02-02, paused 2026-03-02, resumed 2026-03-12.

    Each step is registered over the API on the day it happens.
    """
    client = client_for(alice)
    with travel("2026-01-26"):
        referral = client.post(
            "/api/v1/referrals/",
            {
                "first_name": "Karen",
                "last_name": "Jensen",
                "cpr": "0101901234",
                "programme": homelessness.pk,
                "legal_basis": "sel_85",
                "worker": alice.pk,
                "referral_date": "2026-01-26",
            },
            format="json",
        )
        assert referral.status_code == 201
    course = Course.objects.get(pk=referral.json()["id"])
    with travel("2026-02-02"):
        post(client, course_url("phase", course), {"phase": 1, "on": "2026-02-02"})
    with travel("2026-03-02"):
        post(client, course_url("pause", course), {"start": "2026-03-02", "reason": "hospital"})
    with travel("2026-03-12"):
        post(client, course_url("resume", course), {"on": "2026-03-12"})
    return course


def test_the_manuals_worked_example_with_a_ten_day_pause(
    client_for: Any, alice: Any, worked_example: Course
) -> None:
    with travel("2026-03-20"):
        body = schedule_of(client_for(alice), worked_example)

    assert body["phase_1_start"] == "2026-02-02"
    assert body["pauses"] == [
        {"start": "2026-03-02", "resume": "2026-03-12", "reason": "hospital", "length_days": 10}
    ]
    schedule = body["schedule"]
    assert schedule["today"] == "2026-03-20"
    assert (schedule["period"], schedule["period_start"], schedule["days_in_period"]) == (
        "phase_1",
        "2026-02-02",
        46,
    )
    assert schedule["phase_months"] == 3
    assert schedule["transitions"] == [
        {
            "to": "phase_2",
            "planned": "2026-05-12",
            "realised": None,
            "timeliness": None,
            "overdue": False,
            "days_until": 53,
        },
        {
            "to": "phase_3",
            "planned": "2026-08-12",
            "realised": None,
            "timeliness": None,
            "overdue": False,
            "days_until": 145,
        },
        {
            "to": "ended",
            "planned": "2026-11-12",
            "realised": None,
            "timeliness": None,
            "overdue": False,
            "days_until": 237,
        },
    ]
    assert schedule["paused"] is False
    assert schedule["flags"] == []


@pytest.mark.parametrize(
    ("realised", "timeliness", "flags"),
    [
        pytest.param("2026-05-19", {"status": "on_time", "days": 7}, [], id="7-days-late-is-on-time"),
        pytest.param("2026-05-20", {"status": "late", "days": 8}, ["late"], id="8-days-late-is-late"),
        pytest.param("2026-05-04", {"status": "early", "days": 8}, [], id="8-days-early-is-early"),
    ],
)
def test_the_realised_phase_2_is_judged_against_its_planned_date(
    client_for: Any,
    alice: Any,
    worked_example: Course,
    realised: str,
    timeliness: dict[str, Any],
    flags: list[str],
) -> None:
    client = client_for(alice)
    with travel(realised):
        post(client, course_url("phase", worked_example), {"phase": 2, "on": realised})
        body = schedule_of(client, worked_example)

    assert body["phase_2_start"] == realised
    to_phase_2 = body["schedule"]["transitions"][0]
    assert (to_phase_2["planned"], to_phase_2["realised"]) == ("2026-05-12", realised)
    assert to_phase_2["timeliness"] == timeliness
    assert to_phase_2["overdue"] is False
    # The later dates stay counted from the phase 1 start, not from the realised phase 2.
    assert planned(body)[1:] == ["2026-08-12", "2026-11-12"]
    assert body["schedule"]["period"] == "phase_2"
    assert body["schedule"]["flags"] == flags


def test_month_ends_are_clipped(client_for: Any, alice: Any, homelessness: Any, make_course: Any) -> None:
    course = make_course(alice, homelessness, referral=d("2026-03-20"))
    client = client_for(alice)
    with travel("2026-03-31"):
        post(client, course_url("phase", course), {"phase": 1, "on": "2026-03-31"})
        body = schedule_of(client, course)

    assert planned(body) == ["2026-06-30", "2026-09-30", "2026-12-31"]


@pytest.mark.parametrize(
    ("day", "overdue"),
    [
        pytest.param("2026-05-09", False, id="within-the-7-day-tolerance"),
        pytest.param("2026-05-10", True, id="past-the-tolerance"),
    ],
)
def test_a_transition_not_registered_in_time_is_overdue(
    client_for: Any, alice: Any, homelessness: Any, make_course: Any, day: str, overdue: bool
) -> None:
    course = make_course(alice, homelessness, phase_1=d("2026-02-02"))

    with travel(day):
        body = schedule_of(client_for(alice), course)

    to_phase_2 = body["schedule"]["transitions"][0]
    assert to_phase_2["planned"] == "2026-05-02"
    assert to_phase_2["overdue"] is overdue
    assert ("overdue" in body["schedule"]["flags"]) is overdue


def test_an_open_pause_stops_the_clock_up_to_today_and_is_flagged_when_long(
    client_for: Any, alice: Any, homelessness: Any, make_course: Any
) -> None:
    course = make_course(alice, homelessness, phase_1=d("2026-02-02"))
    client = client_for(alice)
    with travel("2026-03-02"):
        post(client, course_url("pause", course), {"start": "2026-03-02", "reason": "imprisonment"})

    with travel("2026-03-16"):
        fourteen_days = schedule_of(client, course)
    with travel("2026-03-17"):
        fifteen_days = schedule_of(client, course)

    assert fourteen_days["schedule"]["paused"] is True
    assert fourteen_days["schedule"]["flags"] == ["paused"]
    assert planned(fourteen_days) == ["2026-05-16", "2026-08-16", "2026-11-16"]
    # Pauses over 14 days are advised against.
    assert fifteen_days["schedule"]["flags"] == ["paused", "long_pause"]
    assert planned(fifteen_days) == ["2026-05-17", "2026-08-17", "2026-11-17"]
    assert fifteen_days["pauses"] == [
        {"start": "2026-03-02", "resume": None, "reason": "imprisonment", "length_days": None}
    ]


def test_a_pause_in_the_contact_period_moves_its_limit(
    client_for: Any, alice: Any, homelessness: Any, make_course: Any
) -> None:
    course = make_course(alice, homelessness, contact=d("2026-09-01"))
    client = client_for(alice)
    before = schedule_of(client, course)["schedule"]["contact_limit"]
    post(client, course_url("pause", course), {"start": "2026-09-10", "reason": "hospital"})
    post(client, course_url("resume", course), {"on": "2026-09-20"})

    body = schedule_of(client, course)

    assert before == "2026-12-01"
    assert body["schedule"]["period"] == "contact"
    assert body["schedule"]["contact_limit"] == "2026-12-11"
    assert body["schedule"]["transitions"] == []


def test_a_contact_period_longer_than_one_phase_is_flagged(
    client_for: Any, alice: Any, homelessness: Any, make_course: Any
) -> None:
    course = make_course(alice, homelessness, contact=d("2026-08-21"))

    body = schedule_of(client_for(alice), course)

    assert body["schedule"]["contact_limit"] == "2026-11-21"
    assert body["schedule"]["contact_too_long"] is True
    assert body["schedule"]["flags"] == ["long_contact_period"]


def test_a_six_month_job_course_has_two_month_phases(
    client_for: Any, alice: Any, job_programme: Any, make_course: Any
) -> None:
    course = make_course(alice, job_programme, legal_basis="sel_82b", phase_1=d("2026-10-01"))

    body = schedule_of(client_for(alice), course)

    assert body["duration_months"] == 6
    assert body["schedule"]["phase_months"] == 2
    assert planned(body) == ["2026-12-01", "2027-02-01", "2027-04-01"]


def test_all_realised_dates_are_shown(client_for: Any, alice: Any, in_phase_1: Course) -> None:
    client = client_for(alice)
    post(client, course_url("phase", in_phase_1), {"phase": 2, "on": "2026-11-01"})
    post(client, course_url("phase", in_phase_1), {"phase": 3, "on": "2026-11-15"})

    body = schedule_of(client, in_phase_1)

    assert (body["referral_date"], body["contact_start"]) == ("2026-08-25", "2026-09-01")
    assert (body["phase_1_start"], body["phase_2_start"], body["phase_3_start"]) == (
        "2026-10-01",
        "2026-11-01",
        "2026-11-15",
    )
    assert [t["realised"] for t in body["schedule"]["transitions"]] == ["2026-11-01", "2026-11-15", None]
    assert (body["schedule"]["period"], body["schedule"]["period_start"]) == ("phase_3", "2026-11-15")


def test_an_early_end_leaves_nothing_overdue(
    client_for: Any, alice: Any, homelessness: Any, make_course: Any
) -> None:
    course = make_course(alice, homelessness, phase_1=d("2026-02-02"))
    post(client_for(alice), course_url("end", course), {"on": "2026-04-01", "reason": "died"})

    body = schedule_of(client_for(alice), course)

    assert body["schedule"]["period"] == "ended"
    assert [t["overdue"] for t in body["schedule"]["transitions"]] == [False, False, False]
    assert body["schedule"]["transitions"][2]["realised"] == "2026-04-01"
    assert body["schedule"]["flags"] == []


def test_today_is_the_date_in_copenhagen(client_for: Any, alice: Any, in_phase_1: Course) -> None:
    # 23:30 UTC on 21 November is already 22 November in Copenhagen.
    with time_machine.travel(dt.datetime(2026, 11, 21, 23, 30, tzinfo=dt.UTC), tick=False):
        body = schedule_of(client_for(alice), in_phase_1)

    assert body["schedule"]["today"] == "2026-11-22"
    assert body["schedule"]["days_in_period"] == 52
