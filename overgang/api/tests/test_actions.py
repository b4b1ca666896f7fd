"""Course actions over the API: valid input changes the course and returns it; bad input gives 400,
a clash with the course's state gives 409, and a refused request saves nothing.

Today is 2026-11-22. Alice's `in_phase_1` course: referred 2026-08-25, contact period from
2026-09-01, phase 1 from 2026-10-01, so phase 2 is planned for 2027-01-01.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from overgang.api.tests.helpers import (
    VALID_ACTIONS,
    actor_for,
    course_url,
    d,
    field_errors,
    resolve,
    with_version,
)
from overgang.courses.models import Citizen, Course, Pause, WorkerAssignment


def post(client: Any, url: str, payload: Any) -> Any:
    return client.post(url, with_version(url, payload), format="json")


# Each valid action -------------------------------------------------------------------------------


@pytest.mark.parametrize(("state", "endpoint", "payload"), VALID_ACTIONS)
def test_each_action_returns_the_course_as_it_now_is(
    request: Any, client_for: Any, db_state: Any, state: str, endpoint: str, payload: dict[str, Any]
) -> None:
    course = request.getfixturevalue(state)
    client = client_for(request.getfixturevalue(actor_for(endpoint)))
    before = db_state()

    response = post(client, course_url(endpoint, course), resolve(payload, request))

    assert response.status_code == (201 if endpoint == "restart" else 200)
    assert db_state() != before
    body = response.json()
    fresh = client.get(reverse("api:course-detail", args=[body["id"]]))
    assert fresh.status_code == 200
    assert body == fresh.json()


def test_it_starts_the_contact_period(client_for: Any, alice: Any, referred: Course) -> None:
    response = post(client_for(alice), course_url("contact-period", referred), {"on": "2026-11-10"})

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == referred.pk
    assert body["contact_start"] == "2026-11-10"
    assert body["version"] == referred.version + 1
    assert body["schedule"]["period"] == "contact"
    # The contact period should last no longer than one phase: three months.
    assert body["schedule"]["contact_limit"] == "2027-02-10"
    referred.refresh_from_db()
    assert referred.contact_start == d("2026-11-10")


def test_it_registers_the_transition_event_as_phase_1(client_for: Any, alice: Any, referred: Course) -> None:
    response = post(client_for(alice), course_url("phase", referred), {"phase": 1, "on": "2026-11-15"})

    assert response.status_code == 200
    body = response.json()
    assert body["contact_start"] is None
    assert body["phase_1_start"] == "2026-11-15"
    assert body["schedule"]["period"] == "phase_1"
    assert [t["planned"] for t in body["schedule"]["transitions"]] == [
        "2027-02-15",
        "2027-05-15",
        "2027-08-15",
    ]


def test_it_starts_phase_2_and_judges_its_timeliness(client_for: Any, alice: Any, in_phase_1: Course) -> None:
    response = post(client_for(alice), course_url("phase", in_phase_1), {"phase": 2, "on": "2026-11-20"})

    assert response.status_code == 200
    body = response.json()
    assert body["phase_2_start"] == "2026-11-20"
    assert body["schedule"]["period"] == "phase_2"
    to_phase_2 = body["schedule"]["transitions"][0]
    assert to_phase_2["planned"] == "2027-01-01"
    assert to_phase_2["realised"] == "2026-11-20"
    assert to_phase_2["timeliness"] == {"status": "early", "days": 42}


def test_it_pauses_the_course_and_the_clock_stops(client_for: Any, alice: Any, in_phase_1: Course) -> None:
    payload = {"start": "2026-11-18", "reason": "imprisonment"}

    response = post(client_for(alice), course_url("pause", in_phase_1), payload)

    assert response.status_code == 200
    body = response.json()
    assert body["pauses"] == [
        {"start": "2026-11-18", "resume": None, "reason": "imprisonment", "length_days": None}
    ]
    assert body["version"] == in_phase_1.version + 1
    assert body["schedule"]["paused"] is True
    assert "paused" in body["schedule"]["flags"]
    # An open pause counts up to today: four days so far move phase 2 from 1 to 5 January.
    assert body["schedule"]["transitions"][0]["planned"] == "2027-01-05"


def test_it_resumes_the_course(client_for: Any, alice: Any, paused: Course) -> None:
    response = post(client_for(alice), course_url("resume", paused), {"on": "2026-11-20"})

    assert response.status_code == 200
    body = response.json()
    assert body["pauses"] == [
        {"start": "2026-11-10", "resume": "2026-11-20", "reason": "hospital", "length_days": 10}
    ]
    assert body["schedule"]["paused"] is False
    assert body["schedule"]["transitions"][0]["planned"] == "2027-01-11"


def test_it_ends_the_course_with_a_reason(client_for: Any, alice: Any, in_phase_1: Course) -> None:
    payload = {"on": "2026-11-20", "reason": "other", "reason_text": "Flyttet til udlandet"}

    response = post(client_for(alice), course_url("end", in_phase_1), payload)

    assert response.status_code == 200
    body = response.json()
    assert (body["end_date"], body["end_reason"], body["end_reason_text"]) == (
        "2026-11-20",
        "other",
        "Flyttet til udlandet",
    )
    assert body["schedule"]["period"] == "ended"
    # After an early end nothing is overdue: the remaining phases will never come.
    assert body["schedule"]["flags"] == []
    assert not WorkerAssignment.objects.filter(course=in_phase_1, end__isnull=True).exists()


def test_it_starts_an_ended_course_over(client_for: Any, alice: Any, ended: Course) -> None:
    response = post(client_for(alice), course_url("restart", ended), {"referral_date": "2026-11-20"})

    assert response.status_code == 201
    body = response.json()
    assert body["id"] != ended.pk
    assert body["restarted_from"] == ended.pk
    assert (body["citizen"], body["programme"], body["worker"]) == (
        ended.citizen_id,
        ended.programme_id,
        ended.worker_id,
    )
    assert body["referral_date"] == "2026-11-20"
    assert body["contact_start"] is None
    assert body["end_date"] is None
    assert body["schedule"]["period"] == "referred"


def test_a_coordinator_gives_the_course_another_worker(
    client_for: Any, carol: Any, alice: Any, bob: Any, in_phase_1: Course
) -> None:
    response = post(
        client_for(carol), course_url("reassign", in_phase_1), {"worker": bob.pk, "on": "2026-11-20"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["worker"] == bob.pk
    assert body["worker_name"] == "Bob Testsen"
    history = list(
        WorkerAssignment.objects.filter(course=in_phase_1).values_list("worker_id", "start", "end")
    )
    assert history == [(alice.pk, d("2026-08-25"), d("2026-11-20")), (bob.pk, d("2026-11-20"), None)]


def test_it_registers_and_refers_a_citizen(
    client_for: Any, alice: Any, homelessness: Any, municipality: Any
) -> None:
    payload = {
        "first_name": "Karen",
        "last_name": "Jensen",
        "cpr": "010190-1234",
        "programme": homelessness.pk,
        "legal_basis": "sel_110",
        "worker": alice.pk,
        "referral_date": "2026-11-20",
    }

    response = post(client_for(alice), reverse("api:referral-create"), payload)

    assert response.status_code == 201
    body = response.json()
    assert body["citizen_name"] == "Karen Jensen"
    assert (body["programme"], body["legal_basis"], body["worker"]) == (homelessness.pk, "sel_110", alice.pk)
    assert body["duration_months"] == 9
    assert body["version"] == 1
    assert body["schedule"]["period"] == "referred"
    citizen = Citizen.objects.get(pk=body["citizen"])
    assert citizen.municipality == municipality
    assert citizen.cpr == "0101901234"


def test_the_current_version_is_accepted(client_for: Any, alice: Any, in_phase_1: Course) -> None:
    payload = {"phase": 2, "on": "2026-11-20", "version": in_phase_1.version}

    response = post(client_for(alice), course_url("phase", in_phase_1), payload)

    assert response.status_code == 200
    assert response.json()["version"] == in_phase_1.version + 1


@pytest.mark.parametrize(
    "endpoint, payload", [a.values[1:] for a in VALID_ACTIONS if a.values[1] != "restart"]
)
def test_an_action_without_the_version_it_was_made_from_is_refused(
    request: pytest.FixtureRequest,
    client_for: Any,
    in_phase_1: Course,
    endpoint: str,
    payload: dict[str, Any],
) -> None:
    """No lost updates: a change must say which version of the course it was made from."""
    before = Course.objects.filter(pk=in_phase_1.pk).values().get()

    response = client_for(request.getfixturevalue(actor_for(endpoint))).post(
        course_url(endpoint, in_phase_1), resolve(payload, request), format="json"
    )

    assert response.status_code == 400
    assert "version" in field_errors(response)
    assert Course.objects.filter(pk=in_phase_1.pk).values().get() == before


def test_actions_do_not_answer_get(client_for: Any, alice: Any, in_phase_1: Course) -> None:
    response = client_for(alice).get(course_url("phase", in_phase_1))

    assert response.status_code == 405
    field_errors(response)


# Invalid input: 400 ------------------------------------------------------------------------------

INVALID = [
    pytest.param("referred", "contact-period", {}, "on", id="contact-no-date"),
    pytest.param("referred", "contact-period", {"on": "10-11-2026"}, "on", id="contact-danish-date-format"),
    pytest.param("referred", "contact-period", {"on": "2026-10-31"}, "on", id="contact-before-referral"),
    pytest.param("referred", "contact-period", {"on": "2027-11-23"}, "on", id="contact-over-a-year-ahead"),
    pytest.param("referred", "phase", {"phase": 1, "on": "2026-10-31"}, "on", id="phase-1-before-referral"),
    pytest.param("in_phase_1", "phase", {"phase": 4, "on": "2026-11-20"}, "phase", id="phase-4"),
    pytest.param("in_phase_1", "phase", {"phase": "two", "on": "2026-11-20"}, "phase", id="phase-two"),
    pytest.param("in_phase_1", "phase", {"on": "2026-11-20"}, "phase", id="phase-missing"),
    pytest.param("in_phase_1", "phase", {"phase": 2, "on": "2026-10-01"}, "on", id="phase-2-on-phase-1-day"),
    pytest.param("in_phase_1", "phase", {"phase": 2, "on": "2025-11-21"}, "on", id="phase-2-over-a-year-ago"),
    pytest.param("paused", "phase", {"phase": 2, "on": "2026-11-12"}, "on", id="phase-2-inside-pause"),
    pytest.param(
        "in_phase_1", "phase", {"phase": 2, "on": "2026-11-20", "version": 0}, "version", id="version-0"
    ),
    pytest.param(
        "in_phase_1",
        "phase",
        {"phase": 2, "on": "2026-11-20", "version": "new"},
        "version",
        id="version-word",
    ),
    pytest.param("in_phase_1", "pause", {"start": "2026-11-18"}, "reason", id="pause-no-reason"),
    pytest.param(
        "in_phase_1", "pause", {"start": "2026-11-18", "reason": "holiday"}, "reason", id="pause-holiday"
    ),
    pytest.param(
        "in_phase_1",
        "pause",
        {"start": "2026-11-18", "reason": "other"},
        "reason_text",
        id="pause-other-no-text",
    ),
    pytest.param(
        "referred", "pause", {"start": "2026-11-18", "reason": "hospital"}, "start", id="pause-not-started"
    ),
    pytest.param(
        "in_phase_1",
        "pause",
        {"start": "2026-08-31", "reason": "hospital"},
        "start",
        id="pause-before-contact",
    ),
    pytest.param("paused", "resume", {}, "on", id="resume-no-date"),
    pytest.param("paused", "resume", {"on": "2026-11-10"}, "on", id="resume-on-pause-day"),
    pytest.param("in_phase_1", "end", {"on": "2026-11-20"}, "reason", id="end-no-reason"),
    pytest.param(
        "in_phase_1", "end", {"on": "2026-11-20", "reason": "bored"}, "reason", id="end-unknown-reason"
    ),
    pytest.param(
        "in_phase_1",
        "end",
        {"on": "2026-11-20", "reason": "other", "reason_text": "   "},
        "reason_text",
        id="end-other-blank-text",
    ),
    pytest.param("in_phase_1", "end", {"on": "2026-09-30", "reason": "moved"}, "on", id="end-before-phase-1"),
    pytest.param("paused", "end", {"on": "2026-11-10", "reason": "moved"}, "on", id="end-on-pause-start"),
    pytest.param("ended", "restart", {}, "referral_date", id="restart-no-date"),
    pytest.param(
        "ended", "restart", {"referral_date": "2026-11-14"}, "referral_date", id="restart-before-end"
    ),
    pytest.param("in_phase_1", "reassign", {"on": "2026-11-20"}, "worker", id="reassign-no-worker"),
    pytest.param(
        "in_phase_1", "reassign", {"worker": "@alice", "on": "2026-11-20"}, "worker", id="reassign-same"
    ),
    pytest.param(
        "in_phase_1", "reassign", {"worker": "@dave", "on": "2026-11-20"}, "worker", id="reassign-coordinator"
    ),
    pytest.param(
        "in_phase_1", "reassign", {"worker": "@mallory", "on": "2026-11-20"}, "worker", id="reassign-outsider"
    ),
    pytest.param(
        "in_phase_1",
        "reassign",
        {"worker": "@bob", "on": "2026-08-24"},
        "on",
        id="reassign-before-alice-took-over",
    ),
]


@pytest.mark.parametrize(("state", "endpoint", "payload", "field"), INVALID)
def test_invalid_input_is_refused_with_the_field_and_saves_nothing(
    request: Any,
    client_for: Any,
    db_state: Any,
    state: str,
    endpoint: str,
    payload: dict[str, Any],
    field: str,
) -> None:
    course = request.getfixturevalue(state)
    client = client_for(request.getfixturevalue(actor_for(endpoint)))
    payload = resolve(payload, request)
    before = db_state()

    response = post(client, course_url(endpoint, course), payload)

    assert response.status_code == 400
    assert field in field_errors(response)
    assert db_state() == before


def test_a_body_that_is_not_json_is_refused(
    client_for: Any, alice: Any, in_phase_1: Course, db_state: Any
) -> None:
    before = db_state()

    response = client_for(alice).post(
        course_url("phase", in_phase_1), "phase=2&on=2026-11-20", content_type="application/json"
    )

    assert response.status_code == 400
    assert field_errors(response) == [None]
    assert db_state() == before


def referral(**changes: Any) -> dict[str, Any]:
    payload = {
        "first_name": "Karen",
        "last_name": "Jensen",
        "cpr": "0101901234",
        "legal_basis": "sel_85",
        "referral_date": "2026-11-20",
    }
    payload.update(changes)
    return payload


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"cpr": "12345"}, "cpr", id="short-cpr"),
        pytest.param({"cpr": "3201901234"}, "cpr", id="impossible-birth-date"),
        pytest.param({"first_name": ""}, "first_name", id="no-first-name"),
        pytest.param({"legal_basis": "sel_82b"}, "legal_basis", id="legal-basis-of-another-programme"),
        pytest.param({"programme": 999_999}, "programme", id="unknown-programme"),
        pytest.param(
            {"worker": "@bob", "programme": "@job_programme"}, "worker", id="worker-outside-programme"
        ),
        pytest.param({"worker": "@mallory"}, "worker", id="worker-of-another-municipality"),
        pytest.param({"referral_date": "2025-11-21"}, "referral_date", id="referral-over-a-year-ago"),
        pytest.param({"email": "not-an-address"}, "email", id="bad-email"),
    ],
)
def test_an_invalid_referral_is_refused_and_saves_nothing(
    request: Any,
    client_for: Any,
    alice: Any,
    bob: Any,
    homelessness: Any,
    db_state: Any,
    changes: dict[str, Any],
    field: str,
) -> None:
    payload = resolve(referral(**{"programme": homelessness.pk, "worker": alice.pk, **changes}), request)
    before = db_state()

    response = post(client_for(alice), reverse("api:referral-create"), payload)

    assert response.status_code == 400
    assert field in field_errors(response)
    assert db_state() == before


# Clashes with the course's state: 409 -----------------------------------------------------------

CONFLICTS = [
    pytest.param("in_phase_1", "phase", {"phase": 1, "on": "2026-11-20"}, id="phase-1-twice"),
    pytest.param("in_phase_1", "phase", {"phase": 3, "on": "2026-11-20"}, id="phase-3-skips-phase-2"),
    pytest.param("in_phase_1", "contact-period", {"on": "2026-11-20"}, id="contact-period-twice"),
    pytest.param("in_phase_1", "resume", {"on": "2026-11-20"}, id="resume-without-pause"),
    pytest.param("paused", "pause", {"start": "2026-11-20", "reason": "hospital"}, id="pause-while-paused"),
    pytest.param("paused", "phase", {"phase": 2, "on": "2026-11-05"}, id="phase-2-while-paused"),
    pytest.param("in_phase_1", "restart", {"referral_date": "2026-11-20"}, id="restart-active-course"),
    pytest.param("ended", "contact-period", {"on": "2026-11-20"}, id="ended-contact-period"),
    pytest.param("ended", "phase", {"phase": 2, "on": "2026-11-20"}, id="ended-phase-2"),
    pytest.param("ended", "pause", {"start": "2026-11-20", "reason": "hospital"}, id="ended-pause"),
    pytest.param("ended", "resume", {"on": "2026-11-20"}, id="ended-resume"),
    pytest.param("ended", "end", {"on": "2026-11-20", "reason": "died"}, id="ended-end-again"),
    pytest.param("ended", "reassign", {"worker": "@bob", "on": "2026-11-20"}, id="ended-reassign"),
]


@pytest.mark.parametrize(("state", "endpoint", "payload"), CONFLICTS)
def test_a_clash_with_the_course_state_is_a_conflict_and_saves_nothing(
    request: Any, client_for: Any, db_state: Any, state: str, endpoint: str, payload: dict[str, Any]
) -> None:
    course = request.getfixturevalue(state)
    client = client_for(request.getfixturevalue(actor_for(endpoint)))
    payload = resolve(payload, request)
    before = db_state()

    response = post(client, course_url(endpoint, course), payload)

    assert response.status_code == 409
    field_errors(response)
    assert db_state() == before


def test_phase_2_cannot_start_twice(client_for: Any, alice: Any, in_phase_1: Course, db_state: Any) -> None:
    client = client_for(alice)
    assert post(client, course_url("phase", in_phase_1), {"phase": 2, "on": "2026-11-20"}).status_code == 200
    before = db_state()

    response = post(client, course_url("phase", in_phase_1), {"phase": 2, "on": "2026-11-21"})

    assert response.status_code == 409
    field_errors(response)
    assert db_state() == before
    assert Course.objects.get(pk=in_phase_1.pk).phase_2_start == d("2026-11-20")


def test_a_course_cannot_be_started_over_twice(
    client_for: Any, alice: Any, ended: Course, db_state: Any
) -> None:
    client = client_for(alice)
    first = post(client, course_url("restart", ended), {"referral_date": "2026-11-20"})
    assert first.status_code == 201
    # End the new course too, so the citizen has no active course and only the link stops a second start.
    new = Course.objects.get(pk=first.json()["id"])
    assert post(client, course_url("end", new), {"on": "2026-11-21", "reason": "refuses"}).status_code == 200
    before = db_state()

    response = post(client, course_url("restart", ended), {"referral_date": "2026-11-22"})

    assert response.status_code == 409
    assert db_state() == before


# Each versioned action with the version Alice saw before someone else changed the course.
STALE = [
    pytest.param("contact-period", {"on": "2026-11-10"}, id="contact-period"),
    pytest.param("phase", {"phase": 1, "on": "2026-11-10"}, id="phase"),
    pytest.param("pause", {"start": "2026-11-18", "reason": "hospital"}, id="pause"),
    pytest.param("end", {"on": "2026-11-20", "reason": "moved"}, id="end"),
    pytest.param("reassign", {"worker": "@bob", "on": "2026-11-20"}, id="reassign"),
]


@pytest.mark.parametrize(("endpoint", "payload"), STALE)
def test_a_stale_version_is_a_conflict_and_saves_nothing(
    request: Any,
    client_for: Any,
    referred: Course,
    alice: Any,
    carol: Any,
    db_state: Any,
    endpoint: str,
    payload: dict[str, Any],
) -> None:
    seen = referred.version
    payload = {**resolve(payload, request), "version": seen}
    client = client_for(request.getfixturevalue(actor_for(endpoint)))
    # Meanwhile a colleague registers the contact period: the course moves to a newer version.
    contact = post(client_for(carol), course_url("contact-period", referred), {"on": "2026-11-05"})
    assert contact.status_code == 200
    assert contact.json()["version"] == seen + 1
    before = db_state()

    response = post(client, course_url(endpoint, referred), payload)

    assert response.status_code == 409
    assert db_state() == before


def test_resuming_with_a_stale_version_is_a_conflict(
    client_for: Any, alice: Any, paused: Course, db_state: Any
) -> None:
    before = db_state()

    response = post(client_for(alice), course_url("resume", paused), {"on": "2026-11-20", "version": 1})

    assert paused.version > 1
    assert response.status_code == 409
    assert db_state() == before


def test_a_second_referral_of_a_registered_citizen_is_a_conflict(
    client_for: Any, alice: Any, homelessness: Any, db_state: Any
) -> None:
    client = client_for(alice)
    payload = referral(programme=homelessness.pk, worker=alice.pk)
    assert post(client, reverse("api:referral-create"), payload).status_code == 201
    before = db_state()

    response = post(client, reverse("api:referral-create"), {**payload, "first_name": "Karin"})

    assert response.status_code == 409
    assert field_errors(response) == ["cpr"]
    assert db_state() == before


def test_ending_a_paused_course_closes_the_pause_on_the_end_date(
    client_for: Any, alice: Any, paused: Course
) -> None:
    response = post(
        client_for(alice), course_url("end", paused), {"on": "2026-11-20", "reason": "hospitalised"}
    )

    assert response.status_code == 200
    assert response.json()["pauses"][0]["resume"] == "2026-11-20"
    assert Pause.objects.get(course=paused).resume == d("2026-11-20")


def test_a_programme_without_a_contact_period_refuses_one(
    client_for: Any, alice: Any, homelessness: Any, referred: Course, db_state: Any
) -> None:
    homelessness.uses_contact_period = False
    homelessness.save(update_fields=["uses_contact_period"])
    before = db_state()

    response = post(client_for(alice), course_url("contact-period", referred), {"on": "2026-11-10"})

    assert response.status_code == 409
    assert db_state() == before


def test_a_pause_cannot_start_before_a_registered_phase_start(
    client_for: Any, alice: Any, in_phase_1: Course, db_state: Any
) -> None:
    client = client_for(alice)
    assert post(client, course_url("phase", in_phase_1), {"phase": 2, "on": "2026-11-20"}).status_code == 200
    before = db_state()

    response = post(client, course_url("pause", in_phase_1), {"start": "2026-11-15", "reason": "hospital"})

    assert db_state() == before
    assert response.status_code == 400
    assert field_errors(response) == ["start"]
