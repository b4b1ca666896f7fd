"""Setting up the authenticator app (QR code, key, confirm with a code, 10 backup codes shown once)
and the security page (new backup codes, a new phone: both need the password)."""

from __future__ import annotations

import datetime as dt
from base64 import b32decode
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from overgang.accounts.services import backup_codes_regenerate
from overgang.accounts.testing import totp_code, totp_device_for, totp_wrong_code
from overgang.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"
NOW = dt.datetime(2026, 11, 22, 11, 0, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def logged_in_with_password(user: Any) -> Client:
    client = english(Client())
    assert client.post("/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def test_a_new_user_sets_up_the_app_and_gets_ten_backup_codes(frank: Any) -> None:
    client = logged_in_with_password(frank)

    page = client.get("/account/two-factor/?next=/courses/")

    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg width="' in html and "<path d=" in html
    device = TOTPDevice.objects.get(user=frank)
    assert not device.confirmed
    secret = "".join(page.context["secret_groups"])
    assert b32decode(secret) == device.bin_key
    # Reloading the page keeps the same key (the user may have scanned it already).
    assert "".join(client.get("/account/two-factor/").context["secret_groups"]) == secret

    response = client.post("/account/two-factor/", {"code": totp_code(device), "next": "/courses/"})

    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert set(StaticToken.objects.filter(device__user=frank).values_list("token", flat=True)) == set(codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/courses/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.otp_enrolled", actor=frank).count() == 1


def test_a_wrong_code_does_not_confirm_the_app(frank: Any) -> None:
    client = logged_in_with_password(frank)
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=frank)

    response = client.post("/account/two-factor/", {"code": "12345"})
    response_wrong = client.post("/account/two-factor/", {"code": totp_wrong_code(device)})

    assert response.context["form"].errors["code"] == ["Enter the 6 digits the app shows."]
    assert response_wrong.context["form"].errors["code"] == [
        "The code is wrong. Check that the app shows Overgang, then try again."
    ]
    assert not TOTPDevice.objects.filter(user=frank, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=frank).exists()
    assert client.get("/courses/").status_code == 302


def test_someone_past_the_password_cannot_set_up_a_second_app_to_get_around_the_first(alice: Any) -> None:
    original = totp_device_for(alice)
    client = logged_in_with_password(alice)

    response = client.get("/account/two-factor/")
    client.post("/account/two-factor/", {"code": "123456"})

    assert response.status_code == 302
    assert response["Location"].startswith("/account/verify/")
    assert list(TOTPDevice.objects.filter(user=alice)) == [original]


def test_a_verified_user_needs_the_password_to_set_up_a_new_phone(client_for: Any, alice: Any) -> None:
    old = totp_device_for(alice)
    client = english(client_for(alice))

    assert client.get("/account/two-factor/")["Location"] == "/account/security/"
    wrong = client.post("/account/security/", {"action": "reenrol", "reenrol-password": "not it"})
    assert wrong.status_code == 200
    assert wrong.context["reenrol_form"].errors["password"] == ["The password is wrong."]

    response = client.post("/account/security/", {"action": "reenrol", "reenrol-password": PASSWORD})
    assert response["Location"] == "/account/two-factor/"
    assert client.get("/account/two-factor/").status_code == 200
    new = TOTPDevice.objects.get(user=alice, confirmed=False)
    confirmed = client.post("/account/two-factor/", {"code": totp_code(new)})

    assert confirmed.status_code == 200
    assert list(TOTPDevice.objects.filter(user=alice).values_list("pk", flat=True)) == [new.pk]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert client.get("/courses/").status_code == 200
    # Once used, the permission to set up a phone is gone.
    assert client.get("/account/two-factor/")["Location"] == "/account/security/"


def test_new_backup_codes_need_the_password_and_replace_the_old_ones(client_for: Any, alice: Any) -> None:
    totp_device_for(alice)
    old_codes = backup_codes_regenerate(user=alice)
    client = english(client_for(alice))

    wrong = client.post("/account/security/", {"action": "backup_codes", "codes-password": "nope"})
    assert wrong.status_code == 200
    assert set(StaticToken.objects.filter(device__user=alice).values_list("token", flat=True)) == set(
        old_codes
    )

    response = client.post("/account/security/", {"action": "backup_codes", "codes-password": PASSWORD})

    assert response.status_code == 200
    new_codes = response.context["codes"]
    assert len(new_codes) == 10
    stored = set(StaticToken.objects.filter(device__user=alice).values_list("token", flat=True))
    assert stored == set(new_codes)
    assert not stored & set(old_codes)


def test_the_security_page_shows_the_state_and_is_linked_from_the_header(client_for: Any, alice: Any) -> None:
    totp_device_for(alice)
    backup_codes_regenerate(user=alice)
    client = english(client_for(alice))

    page = client.get("/account/security/")
    overview = client.get("/courses/").content.decode()

    assert page.status_code == 200
    assert page.context["backup_codes_left"] == 10
    assert 'data-testid="security-link"' in overview
    assert 'href="/account/security/"' in overview
