"""Fixtures for the desk tests, on top of the project's named people (see the root conftest).

- erin: a CTI worker in our municipality who works only in the job programme: carol (the
  homelessness coordinator) may not see her.
- frank: a new CTI worker in the homelessness programme, with no courses yet.
- frozen_today: the views read the clock (timezone.localdate()); this pins it to the same
  2026-11-22 the services are given as `today`.
- client_for: a logged-in test client for one of the named people.

Passwords are hashed with a fast hasher: the default PBKDF2 takes most of a second per user.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen_today(today: dt.date) -> Any:
    noon = dt.datetime.combine(today, dt.time(12, 0), tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(noon, tick=False):
        yield today


def _worker(username: str, programme: Any) -> Any:
    from overgang.accounts.models import User

    user = User(
        username=username,
        first_name=username.capitalize(),
        last_name="Testsen",
        municipality=programme.municipality,
        role="worker",
        fte=Decimal("1.00"),
    )
    user.set_password("correct horse battery staple")
    user.save()
    programme.workers.add(user)
    return user


@pytest.fixture
def erin(job_programme: Any) -> Any:
    return _worker("erin", job_programme)


@pytest.fixture
def frank(homelessness: Any) -> Any:
    return _worker("frank", homelessness)


@pytest.fixture
def client_for(db: Any) -> Any:
    """A logged-in test client for one of the named people."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
