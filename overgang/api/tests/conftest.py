"""Fixtures for API v1: clients for the named people, courses in each state, a look at the database.

The API views read the clock (`timezone.localdate()`), while `make_course` pins `today`. Every test
here therefore travels to that same day, at noon in Copenhagen, so the two agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rest_framework.test import APIClient

from overgang.api.tests.helpers import d, travel


@pytest.fixture(autouse=True)
def on_today(today: dt.date) -> Iterator[None]:
    with travel(today):
        yield


@pytest.fixture
def client_for() -> Callable[[Any], APIClient]:
    """An API client authenticated as the given person (anonymous for None)."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def referred(alice: Any, homelessness: Any, make_course: Any) -> Any:
    """Alice's homelessness course, referred on 1 November and nothing since."""
    return make_course(alice, homelessness, referral=d("2026-11-01"))


@pytest.fixture
def in_phase_1(alice: Any, homelessness: Any, make_course: Any) -> Any:
    """Alice's homelessness course: referred 25 August, contact from 1 September, lease signed 1 October."""
    return make_course(
        alice, homelessness, referral=d("2026-08-25"), contact=d("2026-09-01"), phase_1=d("2026-10-01")
    )


@pytest.fixture
def paused(in_phase_1: Any, alice: Any, today: dt.date) -> Any:
    """Alice's phase 1 course, paused since 10 November for a hospital admission."""
    from overgang.courses import services

    services.course_pause(
        course=in_phase_1, start=d("2026-11-10"), reason="hospital", actor=alice, today=today
    )
    in_phase_1.refresh_from_db()
    return in_phase_1


@pytest.fixture
def ended(in_phase_1: Any, alice: Any, today: dt.date) -> Any:
    """Alice's phase 1 course, ended on 15 November because the citizen moved away."""
    from overgang.courses import services

    return services.course_end(
        course=in_phase_1, on=d("2026-11-15"), reason="moved", actor=alice, today=today
    )


@pytest.fixture
def db_state() -> Callable[[], dict[str, Any]]:
    """Everything an action may write, as plain values: compare before and after a refused request."""
    from overgang.accounts.models import User
    from overgang.audit.models import AuditEntry
    from overgang.courses.models import Citizen, Course, Pause, WorkerAssignment

    def state() -> dict[str, Any]:
        return {
            "courses": list(Course.objects.order_by("pk").values()),
            "pauses": list(Pause.objects.order_by("pk").values()),
            "assignments": list(WorkerAssignment.objects.order_by("pk").values()),
            "citizens": list(Citizen.objects.order_by("pk").values()),
            "users": list(User.objects.order_by("pk").values("pk", "role", "municipality_id", "is_active")),
            # A refused request is logged (access.denied) but changes nothing.
            "audit": list(
                AuditEntry.objects.exclude(action="access.denied").order_by("pk").values_list("pk", "action")
            ),
        }

    return state
