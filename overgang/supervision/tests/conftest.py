"""The people of the supervision tests (besides the shared ones in the root conftest):

- carol coordinates the homelessness programme, where alice, bob and frank work; she logs sessions.
- ada is the municipality's administrator: she may log sessions in any programme.
- dave coordinates the job programme (erin's): he sees nothing of homelessness supervision.
- manny the manager reads; mallory, from another municipality, "should have no access".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from overgang.supervision.services import session_create

TODAY = dt.date(2026, 11, 22)


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def client_for(client_for: Any) -> Any:
    """Logged in, in English (the pages' words are asserted in English, whatever Danish they get)."""

    def make(user: Any) -> Any:
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return make


@pytest.fixture
def ada(municipality: Any) -> Any:
    from overgang.accounts.models import User

    return User.objects.create_user(
        username="ada", first_name="Ada", last_name="Testsen", municipality=municipality, role="administrator"
    )


@pytest.fixture
def sen(alice: Any, homelessness: Any, make_course: Any) -> Any:
    """Alice's citizen in phase 1 since 1 October 2026."""
    return make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Sen")


@pytest.fixture
def bente(bob: Any, homelessness: Any, make_course: Any) -> Any:
    """Bob's citizen in the contact period since 1 November 2026."""
    return make_course(bob, homelessness, contact=d("2026-11-01"), first_name="Bente")


@pytest.fixture
def session(carol: Any, alice: Any, bob: Any, homelessness: Any, sen: Any, today: dt.date) -> Any:
    """Method supervision on 10 November 2026 with Alice and Bob, about Sen's course."""
    return session_create(
        programme=homelessness,
        actor=carol,
        held_on=d("2026-11-10"),
        kind="method",
        supervisor="Signe Supervisorsen",
        participants=[alice, bob],
        courses=[sen],
        conclusions="Sen er i fase 1: planen skal have højst tre fokusområder.",
        today=today,
    )
