"""Extra fields posted to an action (worker, municipality, programme, id, citizen, dates) are ignored:
each action changes only what it is about."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from overgang.api.tests.helpers import VALID_ACTIONS, actor_for, course_url, resolve
from overgang.courses.models import NEXT_STEP_FIELDS, Citizen, Course

# What each action may change on the course row besides its version and timestamp.
CHANGES = {
    "contact-period": {"contact_start"},
    "phase-1": {"phase_1_start"},
    "phase-2": {"phase_2_start"},
    "pause": set(),
    "resume": set(),
    "end": {"end_date", "end_reason"},
    "restart": set(),
    "reassign": {"worker_id"},
}


@pytest.fixture
def extras(
    mallory: Any, other_municipality: Any, job_programme: Any, make_course: Any, bob: Any, homelessness: Any
) -> dict[str, Any]:
    """Fields an attacker might add: someone else's worker, municipality, programme, citizen and dates."""
    bobs = make_course(bob, homelessness)
    return {
        "worker": mallory.pk,
        "worker_id": mallory.pk,
        "municipality": other_municipality.pk,
        "programme": job_programme.pk,
        "id": bobs.pk,
        "pk": bobs.pk,
        "citizen": bobs.citizen_id,
        "legal_basis": "sel_110",
        "duration_months": 3,
        "referral_date": "2026-01-01",
        "phase_3_start": "2026-11-21",
        "end_date": "2026-11-21",
        "restarted_from": bobs.pk,
    }


def rows(course: Course) -> dict[str, Any]:
    return Course.objects.filter(pk=course.pk).values().get()


@pytest.mark.parametrize(("state", "endpoint", "payload"), VALID_ACTIONS)
def test_extra_fields_change_nothing_beyond_the_action(
    request: Any,
    client_for: Any,
    extras: dict[str, Any],
    state: str,
    endpoint: str,
    payload: dict[str, Any],
) -> None:
    course = request.getfixturevalue(state)
    action = request.node.callspec.id
    payload = resolve(payload, request)
    # The action's own fields win, with the version the client read; everything else is extra.
    payload = {**extras, **payload, "version": course.version}
    others = {c.pk: rows(c) for c in Course.objects.exclude(pk=course.pk)}
    citizens = list(Citizen.objects.order_by("pk").values())
    before = rows(course)

    response = client_for(request.getfixturevalue(actor_for(endpoint))).post(
        course_url(endpoint, course), payload, format="json"
    )

    assert response.status_code in (200, 201), response.content
    after = rows(course)
    # The version, the time and the stored next step (derived from the dates by save()) move
    # with every change; the rest must be exactly the action's own fields.
    changed = {k for k in before if before[k] != after[k]} - {"version", "updated_at", *NEXT_STEP_FIELDS}
    assert changed == CHANGES[action]
    assert {c.pk: rows(c) for c in Course.objects.filter(pk__in=others)} == others
    assert list(Citizen.objects.order_by("pk").values()) == citizens
    if endpoint == "reassign":
        assert after["worker_id"] == payload["worker"] != extras["worker"]
    if endpoint == "end":
        assert after["end_date"].isoformat() == "2026-11-20"


def test_a_restart_keeps_the_old_courses_citizen_programme_and_worker(
    client_for: Any, alice: Any, ended: Course, extras: dict[str, Any]
) -> None:
    payload = {**extras, "referral_date": "2026-11-20", "version": 99}

    response = client_for(alice).post(course_url("restart", ended), payload, format="json")

    assert response.status_code == 201
    new = Course.objects.get(pk=response.json()["id"])
    assert new.pk != extras["id"]
    assert (new.citizen_id, new.programme_id, new.worker_id, new.municipality_id) == (
        ended.citizen_id,
        ended.programme_id,
        ended.worker_id,
        ended.municipality_id,
    )
    assert (new.legal_basis, new.duration_months) == (ended.legal_basis, 9)
    assert (new.phase_3_start, new.end_date, new.version) == (None, None, 1)
    assert new.restarted_from_id == ended.pk


def test_a_referral_ignores_fields_that_are_not_its_own(
    client_for: Any, alice: Any, homelessness: Any, municipality: Any, extras: dict[str, Any]
) -> None:
    payload = {
        **extras,
        "first_name": "Karen",
        "last_name": "Jensen",
        "cpr": "0101901234",
        "programme": homelessness.pk,
        "legal_basis": "sel_85",
        "worker": alice.pk,
        "referral_date": "2026-11-20",
        "version": 99,
        "contact_start": "2026-11-20",
        "phase_1_start": "2026-11-20",
    }
    bobs_citizen = Citizen.objects.filter(pk=extras["citizen"]).values().get()

    response = client_for(alice).post(reverse("api:referral-create"), payload, format="json")

    assert response.status_code == 201
    new = Course.objects.get(pk=response.json()["id"])
    assert new.pk != extras["id"]
    assert new.citizen_id != extras["citizen"]
    assert new.municipality == municipality
    assert new.citizen.municipality == municipality
    assert (new.duration_months, new.version, new.restarted_from_id) == (9, 1, None)
    assert (new.contact_start, new.phase_1_start, new.phase_3_start, new.end_date) == (None, None, None, None)
    assert Citizen.objects.filter(pk=extras["citizen"]).values().get() == bobs_citizen
