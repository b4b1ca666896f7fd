"""The second factor at login: a code from the authenticator app or a backup code, each usable once,
wrong codes throttled, every failure audited without the code."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken

from overgang.accounts.services import backup_codes_regenerate
from overgang.accounts.testing import totp_code, totp_device_for, totp_wrong_code
from overgang.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"
NOW = dt.datetime(2026, 11, 22, 11, 0, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


TOO_MANY = "Too many wrong codes. Wait a little, then try again."
WRONG = "The code is wrong or has already been used. Try again."


def logged_in_with_password(user: Any) -> Client:
    """Past the password, not yet the second factor; the pages in English."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/account/verify/?next=%2Fcourses%2F"
    return client


def test_a_code_from_the_app_verifies_the_session_and_goes_on_to_next(alice: Any) -> None:
    device = totp_device_for(alice)
    client = logged_in_with_password(alice)
    assert client.get("/courses/").status_code == 302

    response = client.post("/account/verify/", {"code": totp_code(device), "next": "/courses/"})

    assert response.status_code == 302
    assert response["Location"] == "/courses/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/courses/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.otp_verified", actor=alice).count() == 1


def test_the_verification_page_ignores_a_next_address_outside_overgang(alice: Any) -> None:
    device = totp_device_for(alice)
    client = logged_in_with_password(alice)

    response = client.post(
        "/account/verify/", {"code": totp_code(device), "next": "https://evil.example/steal"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/courses/"


def test_a_code_already_used_is_rejected_in_another_session(alice: Any) -> None:
    device = totp_device_for(alice)
    code = totp_code(device)
    first = logged_in_with_password(alice)
    assert first.post("/account/verify/", {"code": code})["Location"] == "/courses/"

    second = logged_in_with_password(alice)
    response = second.post("/account/verify/", {"code": code})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [WRONG]
    assert DEVICE_ID_SESSION_KEY not in second.session
    assert second.get("/courses/").status_code == 302


def test_a_backup_code_works_once(alice: Any) -> None:
    totp_device_for(alice)
    codes = backup_codes_regenerate(user=alice)
    first = logged_in_with_password(alice)

    response = first.post("/account/verify/", {"code": codes[3].upper()})

    assert response.status_code == 302
    assert first.get("/courses/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[3]).exists()
    assert StaticToken.objects.filter(device__user=alice).count() == 9

    second = logged_in_with_password(alice)
    response = second.post("/account/verify/", {"code": codes[3]})

    assert response.status_code == 200
    assert second.get("/courses/").status_code == 302


def test_wrong_codes_are_throttled_even_for_the_right_code(alice: Any, clock: Any) -> None:
    device = totp_device_for(alice)
    client = logged_in_with_password(alice)

    first = client.post("/account/verify/", {"code": totp_wrong_code(device)})
    clock.shift(dt.timedelta(seconds=1.5))
    client.post("/account/verify/", {"code": totp_wrong_code(device)})
    response = client.post("/account/verify/", {"code": totp_code(device)})

    assert first.context["form"].errors["code"] == [WRONG]
    # Two failures in a row: every code is refused for 2 seconds.
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [TOO_MANY]
    assert client.get("/courses/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 2

    clock.shift(dt.timedelta(seconds=3))
    response = client.post("/account/verify/", {"code": totp_code(device)})

    assert response.status_code == 302
    assert client.get("/courses/").status_code == 200


def test_failures_are_audited_with_the_user_name_and_never_the_code(alice: Any) -> None:
    device = totp_device_for(alice)
    codes = backup_codes_regenerate(user=alice)
    client = logged_in_with_password(alice)
    wrong = totp_wrong_code(device)

    client.post("/account/verify/", {"code": wrong})

    failure = AuditEntry.objects.get(action="auth.otp_failed")
    assert failure.actor == alice
    assert failure.after == {"username": "alice"}
    logged = json.dumps(list(AuditEntry.objects.values("before", "after", "object_id", "search_term")))
    assert wrong not in logged
    assert not any(code in logged for code in codes)


def test_a_user_without_an_authenticator_is_sent_to_set_one_up(frank: Any) -> None:
    client = logged_in_with_password(frank)

    response = client.get("/account/verify/?next=/courses/")

    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/?next=%2Fcourses%2F"
