"""Who is asking: anonymous requests are refused everywhere; a token or a session lets a user in, and
a session's writes need the CSRF token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from overgang.accounts.testing import log_in_verified
from overgang.api import urls as api_urls
from overgang.api.tests.helpers import course_url, field_errors
from overgang.courses.models import Course

# The schema and its docs page are the API's description, not its data (see test_schema.py).
DESCRIPTION = {"schema", "docs"}

GET_ENDPOINTS = ["course-list", "course-detail", "worker-courses", "worker-caseload"]
POST_ENDPOINTS = [
    "referral-create",
    "course-contact-period",
    "course-phase",
    "course-pause",
    "course-resume",
    "course-end",
    "course-restart",
    "course-reassign",
]

PHASE_2 = {"phase": 2, "on": "2026-11-20"}


def url_for(name: str, course: Course, worker: Any) -> str:
    pattern = next(p for p in api_urls.urlpatterns if p.name == name)
    if "<int:pk>" not in str(pattern.pattern):
        return reverse(f"api:{name}")
    return reverse(f"api:{name}", args=[worker.pk if name.startswith("worker-") else course.pk])


def test_the_lists_below_cover_every_endpoint() -> None:
    names = {p.name for p in api_urls.urlpatterns} - DESCRIPTION
    assert names == set(GET_ENDPOINTS) | set(POST_ENDPOINTS)


@pytest.mark.parametrize("name", GET_ENDPOINTS)
def test_anonymous_reads_are_refused(name: str, alice: Any, in_phase_1: Course) -> None:
    response = APIClient().get(url_for(name, in_phase_1, alice))

    assert response.status_code in (401, 403)
    field_errors(response)
    assert str(in_phase_1.citizen.last_name) not in response.content.decode()


@pytest.mark.parametrize("name", POST_ENDPOINTS)
def test_anonymous_writes_are_refused_and_save_nothing(
    name: str, alice: Any, ended: Course, homelessness: Any, db_state: Any
) -> None:
    payload = {
        "on": "2026-11-20",
        "phase": 2,
        "start": "2026-11-20",
        "reason": "hospital",
        "referral_date": "2026-11-20",
        "worker": alice.pk,
        "first_name": "Karen",
        "last_name": "Jensen",
        "cpr": "0101901234",
        "programme": homelessness.pk,
        "legal_basis": "sel_85",
    }
    before = db_state()

    response = APIClient().post(url_for(name, ended, alice), payload, format="json")

    assert response.status_code in (401, 403)
    assert db_state() == before


# Token authentication --------------------------------------------------------------------------


def token_client(user: Any) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_a_token_reads_the_users_courses(alice: Any, bob: Any, homelessness: Any, make_course: Any) -> None:
    alices = make_course(alice, homelessness)
    make_course(bob, homelessness)

    response = token_client(alice).get(reverse("api:course-list"))

    assert response.status_code == 200
    assert [c["id"] for c in response.json()] == [alices.pk]


def test_a_token_acts_without_a_csrf_token(alice: Any, in_phase_1: Course) -> None:
    response = token_client(alice).post(
        course_url("phase", in_phase_1), {**PHASE_2, "version": in_phase_1.version}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["phase_2_start"] == "2026-11-20"


def test_an_unknown_token_is_refused(alice: Any, in_phase_1: Course) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = client.get(course_url("detail", in_phase_1))

    assert response.status_code in (401, 403)
    field_errors(response)


def test_the_token_of_a_deactivated_user_is_refused(alice: Any, in_phase_1: Course) -> None:
    client = token_client(alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    response = client.get(course_url("detail", in_phase_1))

    assert response.status_code in (401, 403)


# Session authentication ------------------------------------------------------------------------


def session_client(user: Any) -> APIClient:
    return log_in_verified(APIClient(enforce_csrf_checks=True), user)


def test_a_session_reads(alice: Any, in_phase_1: Course) -> None:
    response = session_client(alice).get(course_url("detail", in_phase_1))

    assert response.status_code == 200
    assert response.json()["id"] == in_phase_1.pk


def test_a_session_write_without_the_csrf_token_is_refused(
    alice: Any, in_phase_1: Course, db_state: Any
) -> None:
    before = db_state()

    response = session_client(alice).post(
        course_url("phase", in_phase_1), {**PHASE_2, "version": in_phase_1.version}, format="json"
    )

    assert response.status_code == 403
    assert re.search("csrf", response.json()["errors"][0]["message"], re.IGNORECASE)
    assert db_state() == before


def test_a_session_write_with_a_wrong_csrf_token_is_refused(
    alice: Any, in_phase_1: Course, db_state: Any
) -> None:
    client = session_client(alice)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    before = db_state()

    response = client.post(
        course_url("phase", in_phase_1),
        {**PHASE_2, "version": in_phase_1.version},
        format="json",
        HTTP_X_CSRFTOKEN="b" * 32,
    )

    assert response.status_code == 403
    assert db_state() == before


def test_a_session_write_with_the_csrf_token_works(alice: Any, in_phase_1: Course) -> None:
    client = session_client(alice)
    # What a browser holds after any page: the CSRF cookie, echoed in the header.
    secret = "abcdefghijklmnopqrstuvwxyzABCDEF"
    client.cookies[settings.CSRF_COOKIE_NAME] = secret

    response = client.post(
        course_url("phase", in_phase_1),
        {**PHASE_2, "version": in_phase_1.version},
        format="json",
        HTTP_X_CSRFTOKEN=secret,
    )

    assert response.status_code == 200
    assert response.json()["phase_2_start"] == "2026-11-20"


def test_a_session_and_a_token_together_still_need_the_csrf_token(
    alice: Any, in_phase_1: Course, db_state: Any
) -> None:
    # Session authentication is tried first: a browser's cookie cannot be used to skip CSRF by
    # adding a token header.
    client = session_client(alice)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=alice).key}")
    before = db_state()

    response = client.post(
        course_url("phase", in_phase_1), {**PHASE_2, "version": in_phase_1.version}, format="json"
    )

    assert response.status_code == 403
    assert db_state() == before


def test_after_logout_the_session_no_longer_works(alice: Any, in_phase_1: Course) -> None:
    client = session_client(alice)
    client.logout()

    response = client.get(course_url("detail", in_phase_1))

    assert response.status_code in (401, 403)


def test_a_forced_authentication_skips_csrf_as_in_the_other_tests(alice: Any, in_phase_1: Course) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_authenticate(alice)

    response = client.post(
        course_url("phase", in_phase_1), {**PHASE_2, "version": in_phase_1.version}, format="json"
    )

    assert response.status_code == 200
