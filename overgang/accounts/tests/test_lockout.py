"""Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for a user name from one
address the login is locked, even for the right password, until the cool-off; a success resets the
count. Every attempt is audited with the user name tried, never the password."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from overgang.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"
WRONG = "wrong horse battery staple"
NOW = dt.datetime(2026, 11, 22, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def attempt(password: str, *, username: str = "alice", address: str = "10.0.0.1") -> Any:
    client = Client(REMOTE_ADDR=address)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post("/login/", {"username": username, "password": password})


def logged_in(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/account/verify/")


def test_the_login_locks_after_the_failure_limit_and_refuses_the_right_password(alice: Any) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(WRONG)
        assert response.status_code == 200
        assert response.context["form"].errors

    locking = attempt(WRONG)
    right_while_locked = attempt(PASSWORD)

    assert locking.status_code == 429
    assert right_while_locked.status_code == 429
    assert 'data-testid="locked-out"' in right_while_locked.content.decode()
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    assert f"Try again in {minutes} minutes." in right_while_locked.content.decode()
    assert not logged_in(right_while_locked)


def test_the_lock_is_per_user_name_and_address(alice: Any, bob: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(WRONG)

    assert logged_in(attempt(PASSWORD, address="10.0.0.2"))
    assert logged_in(attempt(PASSWORD, username="bob"))
    assert attempt(PASSWORD).status_code == 429


def test_the_lock_ends_after_the_cool_off(alice: Any, clock: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(WRONG)

    clock.shift(dt.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1))

    assert logged_in(attempt(PASSWORD))


def test_a_successful_login_resets_the_count(alice: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(WRONG)
    assert logged_in(attempt(PASSWORD))

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(WRONG)

    assert response.status_code == 200
    assert logged_in(attempt(PASSWORD))


def test_every_attempt_is_audited_with_the_user_name_and_never_the_password(alice: Any) -> None:
    assert logged_in(attempt(PASSWORD))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(WRONG)
    attempt(PASSWORD)

    assert AuditEntry.objects.filter(action="auth.login", actor=alice).count() == 1
    failed = AuditEntry.objects.filter(action="auth.login_failed")
    # Five wrong passwords, and the right one refused while locked.
    assert failed.count() == settings.AXES_FAILURE_LIMIT + 1
    assert {entry.after["username"] for entry in failed} == {"alice"}
    assert AuditEntry.objects.filter(action="auth.locked_out").exists()
    logged = json.dumps(list(AuditEntry.objects.values("before", "after", "object_id", "search_term")))
    assert PASSWORD not in logged
    assert WRONG not in logged


def test_an_unknown_user_name_is_audited_too(db: Any) -> None:
    attempt(WRONG, username="nobody")

    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.actor is None
    assert entry.after == {"username": "nobody"}
