"""Issue 8: a new worker sets up two-factor login (QR code, a code from the app, backup codes), logs
out, and logs in again with a backup code; too many wrong passwords lock the login."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import PASSWORD, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def password_step(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()


def test_a_new_worker_sets_up_two_factor_login_and_later_uses_a_backup_code(page: Any, frank: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from overgang.accounts.testing import totp_code

    password_step(page, frank.username)

    page.wait_for_url("**/account/two-factor/**")
    qr = page.get_by_test_id("qr-code").locator("svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None and box["width"] >= 150
    expect(page.get_by_test_id("totp-secret")).to_be_visible()
    expect(page.locator("nav.og-nav")).to_have_count(0)
    screenshot(page, "issue8-enrol", phone=True)

    device = TOTPDevice.objects.get(user=frank, confirmed=False)
    page.fill("#id_code", totp_code(device))
    page.get_by_test_id("enrol-form").locator("button[type=submit]").click()

    codes = page.get_by_test_id("backup-codes").locator("code")
    expect(codes).to_have_count(10)
    backup_codes = codes.all_inner_texts()
    assert all(re.fullmatch(r"[a-z2-7]{8}", code) for code in backup_codes)
    screenshot(page, "issue8-backup-codes", phone=True)

    page.get_by_test_id("continue").click()
    page.wait_for_url("**/courses/")
    expect(page.get_by_test_id("security-link")).to_be_visible()

    page.locator("header form[action='/logout/'] button").click()
    page.wait_for_url("**/login/")

    password_step(page, frank.username)
    page.wait_for_url("**/account/verify/**")
    screenshot(page, "issue8-verify", phone=True)
    page.fill("#id_code", backup_codes[0])
    page.get_by_test_id("verify-form").locator("button[type=submit]").click()
    page.wait_for_url("**/courses/")

    page.get_by_test_id("security-link").click()
    page.wait_for_url("**/account/security/")
    expect(page.get_by_test_id("backup-codes-left")).to_have_text("9")
    screenshot(page, "issue8-security", phone=True)


def test_the_same_backup_code_does_not_work_twice(page: Any, alice: Any) -> None:
    from overgang.accounts.services import backup_codes_regenerate
    from overgang.accounts.testing import totp_device_for

    totp_device_for(alice)
    code = backup_codes_regenerate(user=alice)[0]
    password_step(page, alice.username)
    page.wait_for_url("**/account/verify/**")
    page.fill("#id_code", code)
    page.get_by_test_id("verify-form").locator("button[type=submit]").click()
    page.wait_for_url("**/courses/")
    page.locator("header form[action='/logout/'] button").click()
    page.wait_for_url("**/login/")

    password_step(page, alice.username)
    page.wait_for_url("**/account/verify/**")
    page.fill("#id_code", code)
    page.get_by_test_id("verify-form").locator("button[type=submit]").click()

    expect(page.locator(".form-error-message")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/account/verify/"))
    screenshot(page, "issue8-verify-refused")


def test_too_many_wrong_passwords_lock_the_login(page: Any, alice: Any) -> None:
    from django.conf import settings

    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(page, alice.username, PASSWORD + " wrong")
    password_step(page, alice.username)

    expect(page.get_by_test_id("locked-out")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/$"))
    screenshot(page, "issue8-locked-out", phone=True)
