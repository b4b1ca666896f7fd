"""Who may see and change what over the API: the one door answers 404 for forbidden and missing alike;
managers read but do not act; only coordinators and administrators reassign."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from overgang.api.tests.helpers import (
    VALID_ACTIONS,
    course_url,
    field_errors,
    resolve,
    with_version,
    worker_url,
)
from overgang.courses.models import Course


def post(client: Any, url: str, payload: Any) -> Any:
    return client.post(url, with_version(url, payload), format="json")


def missing_course_url() -> str:
    return reverse("api:course-detail", args=[Course.objects.order_by("-pk").first().pk + 1000])


# Mallory, from another municipality ----------------------------------------------------------------


def test_mallory_gets_404_for_our_course(client_for: Any, mallory: Any, in_phase_1: Course) -> None:
    response = client_for(mallory).get(course_url("detail", in_phase_1))

    assert response.status_code == 404
    # Forbidden looks exactly like missing.
    assert response.json() == client_for(mallory).get(missing_course_url()).json()


@pytest.mark.parametrize(("state", "endpoint", "payload"), VALID_ACTIONS)
def test_mallory_gets_404_for_every_action_on_our_course(
    request: Any,
    client_for: Any,
    mallory: Any,
    db_state: Any,
    state: str,
    endpoint: str,
    payload: dict[str, Any],
) -> None:
    course = request.getfixturevalue(state)
    payload = resolve(payload, request)
    before = db_state()

    response = post(client_for(mallory), course_url(endpoint, course), payload)

    assert response.status_code == 404
    field_errors(response)
    assert db_state() == before


def test_mallory_cannot_refer_a_citizen_to_our_programme(
    client_for: Any, mallory: Any, alice: Any, homelessness: Any, db_state: Any
) -> None:
    payload = {
        "first_name": "Karen",
        "last_name": "Jensen",
        "cpr": "0101901234",
        "programme": homelessness.pk,
        "legal_basis": "sel_85",
        "worker": alice.pk,
        "referral_date": "2026-11-20",
    }
    before = db_state()

    response = post(client_for(mallory), reverse("api:referral-create"), payload)

    assert response.status_code == 400
    assert field_errors(response) == ["programme"]
    assert db_state() == before


# Bob, a colleague on the team, sees only his own courses ----------------------------------------


def test_bob_gets_404_for_alices_course(client_for: Any, bob: Any, in_phase_1: Course) -> None:
    response = client_for(bob).get(course_url("detail", in_phase_1))

    assert response.status_code == 404


@pytest.mark.parametrize(("state", "endpoint", "payload"), VALID_ACTIONS)
def test_bob_gets_404_for_every_action_on_alices_course(
    request: Any, client_for: Any, bob: Any, db_state: Any, state: str, endpoint: str, payload: dict[str, Any]
) -> None:
    course = request.getfixturevalue(state)
    payload = resolve(payload, request)
    before = db_state()

    response = post(client_for(bob), course_url(endpoint, course), payload)

    assert response.status_code == 404
    assert db_state() == before


# Manny, a manager, reads -----------------------------------------------------------------------


def test_manny_reads_the_course(client_for: Any, manny: Any, in_phase_1: Course) -> None:
    response = client_for(manny).get(course_url("detail", in_phase_1))

    assert response.status_code == 200
    assert response.json()["id"] == in_phase_1.pk


@pytest.mark.parametrize(("state", "endpoint", "payload"), VALID_ACTIONS)
def test_manny_gets_403_for_every_action(
    request: Any,
    client_for: Any,
    manny: Any,
    db_state: Any,
    state: str,
    endpoint: str,
    payload: dict[str, Any],
) -> None:
    course = request.getfixturevalue(state)
    payload = resolve(payload, request)
    before = db_state()

    response = post(client_for(manny), course_url(endpoint, course), payload)

    assert response.status_code == 403
    field_errors(response)
    assert db_state() == before


def test_manny_gets_403_for_a_referral(
    client_for: Any, manny: Any, alice: Any, homelessness: Any, db_state: Any
) -> None:
    payload = {
        "first_name": "Karen",
        "last_name": "Jensen",
        "cpr": "0101901234",
        "programme": homelessness.pk,
        "legal_basis": "sel_85",
        "worker": alice.pk,
        "referral_date": "2026-11-20",
    }
    before = db_state()

    response = post(client_for(manny), reverse("api:referral-create"), payload)

    assert db_state() == before
    assert response.status_code == 403


# Dave coordinates the job programme, not homelessness ---------------------------------------------


def test_dave_gets_404_for_a_homelessness_course(client_for: Any, dave: Any, in_phase_1: Course) -> None:
    response = client_for(dave).get(course_url("detail", in_phase_1))

    assert response.status_code == 404


def test_dave_sees_alices_course_in_his_programme(
    client_for: Any, dave: Any, alice: Any, job_programme: Any, make_course: Any
) -> None:
    job_course = make_course(alice, job_programme)

    response = client_for(dave).get(course_url("detail", job_course))

    assert response.status_code == 200


@pytest.mark.parametrize(("state", "endpoint", "payload"), VALID_ACTIONS)
def test_dave_gets_404_for_every_action_on_a_homelessness_course(
    request: Any,
    client_for: Any,
    dave: Any,
    db_state: Any,
    state: str,
    endpoint: str,
    payload: dict[str, Any],
) -> None:
    course = request.getfixturevalue(state)
    payload = resolve(payload, request)
    before = db_state()

    response = post(client_for(dave), course_url(endpoint, course), payload)

    assert response.status_code == 404
    assert db_state() == before


# Reassigning is for coordinators and administrators ---------------------------------------------


def test_a_worker_cannot_reassign_her_own_course(
    client_for: Any, alice: Any, bob: Any, in_phase_1: Course, db_state: Any
) -> None:
    before = db_state()

    response = post(
        client_for(alice), course_url("reassign", in_phase_1), {"worker": bob.pk, "on": "2026-11-20"}
    )

    assert response.status_code == 403
    field_errors(response)
    assert db_state() == before


def test_an_administrator_reassigns(
    client_for: Any, municipality: Any, alice: Any, bob: Any, in_phase_1: Course
) -> None:
    from overgang.accounts.models import User

    admin = User.objects.create(username="ada", municipality=municipality, role="administrator")

    response = post(
        client_for(admin), course_url("reassign", in_phase_1), {"worker": bob.pk, "on": "2026-11-20"}
    )

    assert response.status_code == 200
    assert response.json()["worker"] == bob.pk


# Workers' caseloads and course lists -----------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["caseload", "courses"])
@pytest.mark.parametrize(
    ("viewer", "worker"),
    [
        pytest.param("alice", "bob", id="alice-on-bob"),
        pytest.param("bob", "alice", id="bob-on-alice"),
        pytest.param("mallory", "alice", id="mallory-on-alice"),
        pytest.param("dave", "bob", id="dave-on-bob-outside-his-programme"),
        pytest.param("alice", "carol", id="alice-on-a-coordinator"),
    ],
)
def test_a_worker_you_may_not_see_is_404(
    request: Any, client_for: Any, viewer: str, worker: str, endpoint: str
) -> None:
    target = request.getfixturevalue(worker)

    response = client_for(request.getfixturevalue(viewer)).get(worker_url(endpoint, target))

    assert response.status_code == 404
    field_errors(response)


@pytest.mark.parametrize("endpoint", ["caseload", "courses"])
@pytest.mark.parametrize(
    ("viewer", "worker"),
    [
        pytest.param("alice", "alice", id="alice-on-herself"),
        pytest.param("carol", "bob", id="carol-on-her-programmes-worker"),
        pytest.param("dave", "alice", id="dave-on-alice-in-his-programme"),
        pytest.param("manny", "bob", id="manny-on-anyone"),
    ],
)
def test_a_worker_you_may_see_is_shown(
    request: Any, client_for: Any, viewer: str, worker: str, endpoint: str
) -> None:
    target = request.getfixturevalue(worker)

    response = client_for(request.getfixturevalue(viewer)).get(worker_url(endpoint, target))

    assert response.status_code == 200


def test_a_workers_course_list_shows_only_courses_the_viewer_may_see(
    client_for: Any, dave: Any, alice: Any, job_programme: Any, in_phase_1: Course, make_course: Any
) -> None:
    job_course = make_course(alice, job_programme)

    response = client_for(dave).get(worker_url("courses", alice))

    assert [c["id"] for c in response.json()] == [job_course.pk]
