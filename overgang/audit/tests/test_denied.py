"""A refused attempt on something that exists writes one `access.denied` row; the answer stays
exactly the 404 of something missing, and a missing object writes nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from overgang.audit.models import AuditEntry


def last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def without_nonces(content: bytes) -> str:
    """The page, without the parts that differ on every response (CSP nonces, CSRF tokens)."""
    text = content.decode()
    text = re.sub(r'nonce="[^"]*"', "", text)
    return re.sub(r'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', "", text)


@pytest.fixture
def course(world: Any) -> Any:
    return world.course


@pytest.mark.parametrize("person", ["bob", "mallory", "erin"])
@pytest.mark.parametrize(
    "page", ["courses:detail", "journal:journal", "network:map_pdf", "api:course-detail"]
)
def test_a_refused_course_is_logged_once_and_answers_like_a_missing_one(
    request: Any, person: str, page: str, course: Any, client_for: Any, frozen_today: Any
) -> None:
    user = request.getfixturevalue(person)
    client = client_for(user)
    missing = client.get(reverse(page, args=[course.pk + 10_000]))
    since = last_pk()

    refused = client.get(reverse(page, args=[course.pk]))

    assert refused.status_code == missing.status_code == 404
    assert without_nonces(refused.content) == without_nonces(missing.content)
    assert refused["Content-Type"] == missing["Content-Type"]
    entries = list(AuditEntry.objects.filter(pk__gt=since))
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.action, entry.outcome) == ("access.denied", "denied")
    assert entry.actor_id == user.pk
    assert (entry.object_type, entry.object_id) == ("courses.course", str(course.pk))
    assert entry.citizen_id == course.citizen_id
    assert entry.municipality_id == user.municipality_id  # the user's own municipality
    assert entry.request_id == refused["X-Request-ID"]


def test_a_missing_course_writes_nothing(course: Any, bob: Any, client_for: Any, frozen_today: Any) -> None:
    client = client_for(bob)
    since = last_pk()

    response = client.get(reverse("courses:detail", args=[course.pk + 10_000]))

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(pk__gt=since).exists()


def test_the_allowed_user_gets_no_denied_row(
    course: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(alice)
    since = last_pk()

    client.get(reverse("courses:detail", args=[course.pk]))

    assert not AuditEntry.objects.filter(pk__gt=since, outcome="denied").exists()


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_is_logged(course: Any, client: Any) -> None:
    since = last_pk()

    response = client.get(reverse("courses:detail", args=[course.pk]))

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(pk__gt=since).exists()


def test_a_refused_programme_is_logged_once(
    homelessness: Any, dave: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(dave)  # coordinator of the job programme only
    missing = client.get(reverse("compass:instrument", args=[homelessness.pk + 10_000]))
    since = last_pk()

    refused = client.get(reverse("compass:instrument", args=[homelessness.pk]))

    assert refused.status_code == missing.status_code == 404
    assert without_nonces(refused.content) == without_nonces(missing.content)
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.outcome, entry.actor_id) == ("access.denied", "denied", dave.pk)
    assert (entry.object_type, entry.object_id) == ("programmes.programme", str(homelessness.pk))
    assert entry.citizen_id is None
    assert entry.municipality_id == dave.municipality_id
    assert entry.request_id == refused["X-Request-ID"]


@pytest.mark.parametrize("person", ["manny", "administrator"])
def test_a_refused_safety_plan_is_logged_once(
    request: Any, person: str, world: Any, client_for: Any, frozen_today: Any
) -> None:
    """The manager and the administrator may read the course but not its safety plan."""
    user = request.getfixturevalue(person)
    client = client_for(user)
    since = last_pk()

    response = client.get(reverse("safety:plan", args=[world.shelter_course.pk]))

    assert response.status_code == 404
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.outcome, entry.object_type) == (
        "access.denied",
        "denied",
        "safety.safetyplan",
    )
    assert entry.citizen_id == world.shelter_course.citizen_id
    assert entry.request_id == response["X-Request-ID"]
