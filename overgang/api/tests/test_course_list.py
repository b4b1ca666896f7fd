"""GET /api/v1/courses/ lists the courses the user may see: active ones by default, all with
?active=false, one worker's with ?worker=; a bad parameter is a 400 JSON error."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from overgang.api.tests.helpers import d, field_errors
from overgang.courses.models import Course

LIST = reverse("api:course-list")


@pytest.fixture
def courses(
    alice: Any, bob: Any, homelessness: Any, job_programme: Any, make_course: Any
) -> dict[str, Course]:
    """Alice has a homelessness and a job course, Bob a homelessness course."""
    return {
        "alice_homelessness": make_course(alice, homelessness, phase_1=d("2026-10-01")),
        "alice_job": make_course(alice, job_programme, contact=d("2026-11-01")),
        "bob_homelessness": make_course(bob, homelessness, referral=d("2026-11-15")),
    }


def ids(response: Any) -> set[int]:
    assert response.status_code == 200
    return {course["id"] for course in response.json()}


def test_a_worker_sees_only_her_own_courses(client_for: Any, alice: Any, courses: dict[str, Course]) -> None:
    response = client_for(alice).get(LIST)

    assert ids(response) == {courses["alice_homelessness"].pk, courses["alice_job"].pk}


def test_a_coordinator_sees_her_programmes_courses(
    client_for: Any, carol: Any, courses: dict[str, Course]
) -> None:
    response = client_for(carol).get(LIST)

    assert ids(response) == {courses["alice_homelessness"].pk, courses["bob_homelessness"].pk}


def test_a_manager_sees_the_municipalitys_courses(
    client_for: Any, manny: Any, courses: dict[str, Course]
) -> None:
    response = client_for(manny).get(LIST)

    assert ids(response) == {course.pk for course in courses.values()}


def test_mallory_sees_none_of_ours(
    client_for: Any, mallory: Any, courses: dict[str, Course], make_course: Any
) -> None:
    theirs = make_course(mallory, mallory.programmes.get())

    response = client_for(mallory).get(LIST)

    assert ids(response) == {theirs.pk}


def test_each_course_carries_its_schedule(client_for: Any, alice: Any, courses: dict[str, Course]) -> None:
    response = client_for(alice).get(LIST)

    by_id = {course["id"]: course for course in response.json()}
    assert by_id[courses["alice_homelessness"].pk]["schedule"]["period"] == "phase_1"
    assert by_id[courses["alice_homelessness"].pk]["schedule"]["transitions"][0]["planned"] == "2027-01-01"
    assert by_id[courses["alice_job"].pk]["schedule"]["period"] == "contact"


def test_overdue_courses_come_first(client_for: Any, alice: Any, homelessness: Any, make_course: Any) -> None:
    calm = make_course(alice, homelessness, phase_1=d("2026-11-01"))
    overdue = make_course(alice, homelessness, phase_1=d("2026-07-01"))  # phase 2 was due 2026-10-01

    response = client_for(alice).get(LIST)

    assert [c["id"] for c in response.json()] == [overdue.pk, calm.pk]
    assert response.json()[0]["schedule"]["flags"] == ["overdue"]


def test_the_worker_filter_narrows_to_one_worker(
    client_for: Any, carol: Any, bob: Any, courses: dict[str, Course]
) -> None:
    response = client_for(carol).get(LIST, {"worker": bob.pk})

    assert ids(response) == {courses["bob_homelessness"].pk}


def test_the_worker_filter_cannot_widen_what_you_see(
    client_for: Any, alice: Any, bob: Any, courses: dict[str, Course]
) -> None:
    response = client_for(alice).get(LIST, {"worker": bob.pk})

    assert ids(response) == set()


def test_ended_courses_are_left_out_unless_asked_for(
    client_for: Any, alice: Any, in_phase_1: Course, ended: Course, referred: Course
) -> None:
    client = client_for(alice)

    assert ids(client.get(LIST)) == {referred.pk}
    assert ids(client.get(LIST, {"active": "true"})) == {referred.pk}
    assert ids(client.get(LIST, {"active": "false"})) == {referred.pk, ended.pk}


@pytest.mark.parametrize("worker", ["abc", "-1", "1.5", "1 ", ""])
def test_a_bad_worker_parameter_is_a_400_json_error(
    client_for: Any, alice: Any, courses: dict[str, Course], worker: str
) -> None:
    response = client_for(alice).get(LIST, {"worker": worker})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert field_errors(response) == ["worker"]


@pytest.mark.parametrize("active", ["", "yes", "1", "-9634664168332596.0"])
def test_active_must_be_true_or_false(
    client_for: Any, alice: Any, courses: dict[str, Course], active: str
) -> None:
    response = client_for(alice).get(LIST, {"active": active})

    assert response.status_code == 400
    assert field_errors(response) == ["active"]


def test_a_superscript_digit_as_worker_is_a_400_json_error(client_for: Any, alice: Any) -> None:
    client = client_for(alice)
    client.raise_request_exception = False

    response = client.get(LIST, {"worker": "²"})

    assert response.status_code == 400
    assert field_errors(response) == ["worker"]


def test_a_worker_number_beyond_the_integer_range_is_a_400_json_error(client_for: Any, alice: Any) -> None:
    client = client_for(alice)
    client.raise_request_exception = False

    response = client.get(LIST, {"worker": "99999999999999999999"})

    assert response.status_code == 400
    assert field_errors(response) == ["worker"]
