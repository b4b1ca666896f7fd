"""Fixtures for the calendar feed tests, on top of the project's named people.

- The clock stands at noon on the suite's `today` (2026-11-22), so the feed's dates match the dates
  the course services were given.
- feed_for(user, name_style=...) makes a feed through the service and returns (feed, token).
- fetch(token) reads the feed anonymously, as a calendar program does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from overgang.accounts.testing import log_in_verified
from overgang.feeds.models import NameStyle


@pytest.fixture(autouse=True)
def frozen_today(today: dt.date) -> Any:
    noon = dt.datetime.combine(today, dt.time(12, 0), tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(noon, tick=False):
        yield today


@pytest.fixture
def client_for(db: Any) -> Any:
    def make(user: Any) -> Client:
        return log_in_verified(Client(), user)

    return make


@pytest.fixture
def feed_for(db: Any) -> Any:
    from overgang.feeds.services import calendar_feed_create

    def make(user: Any, name_style: str = NameStyle.INITIALS) -> tuple[Any, str]:
        return calendar_feed_create(user=user, name_style=name_style)

    return make


@pytest.fixture
def fetch(db: Any) -> Any:
    def get(token: str) -> Any:
        return Client().get(f"/feeds/{token}.ics")

    return get
