"""Issue 8: a worker adds a security key on the security page, logs out, logs in with the password
and confirms with the key instead of a code. The key is Chromium's virtual authenticator (DevTools
Protocol), so the library's scripts and the browser's WebAuthn run for real, under our CSP."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import PASSWORD, SCREENSHOTS, danish, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = SCREENSHOTS  # the project's screenshot folder (git-ignored), as the other browser tests


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"webauthn-{name}.png"), full_page=True)


def virtual_authenticator(page: Any) -> Any:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp


def test_a_worker_adds_a_security_key_and_logs_in_with_it(
    page: Any, alice: Any, live_server: Any, settings: Any
) -> None:
    from django_otp_webauthn.models import WebAuthnCredential

    from overgang.audit.models import AuditEntry

    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    assert live_server.url.startswith("http://localhost:")
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    virtual_authenticator(page)
    log_in(page, alice)

    page.get_by_test_id("security-link").click()
    page.wait_for_url("**/account/security/")
    expect(page.get_by_test_id("no-keys")).to_be_visible()
    form = page.get_by_test_id("form-key-add")
    form.locator("#id_key-name").fill("YubiKey på nøgleringen")
    form.locator("#id_key-password").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/account/security/keys/add/")
    button = page.get_by_test_id("key-register-button")
    expect(button).to_have_text(danish("Add the key"))
    shot(page, "add")
    button.click()

    page.wait_for_url("**/account/security/")
    rows = page.get_by_test_id("key-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("YubiKey på nøgleringen")
    expect(page.locator(".alert-success")).to_be_visible()
    shot(page, "security")
    assert WebAuthnCredential.objects.get(user=alice).name == "YubiKey på nøgleringen"

    page.locator("header form[action='/logout/'] button").click()
    page.wait_for_url("**/login/")
    page.fill("#id_username", alice.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/account/verify/**")
    verify_button = page.get_by_test_id("key-verify-button")
    expect(verify_button).to_have_text(danish("Use security key"))
    shot(page, "verify")
    verify_button.click()

    page.wait_for_url("**/courses/")
    expect(page.get_by_test_id("security-link")).to_be_visible()
    actions = list(
        AuditEntry.objects.filter(action__startswith="auth.webauthn")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["auth.webauthn_registered", "auth.webauthn_verified"]
    assert csp_errors == []


def test_a_key_of_another_browser_is_not_offered_and_the_code_still_works(
    page: Any, alice: Any, live_server: Any, settings: Any
) -> None:
    """Alice has a key registered, but this browser's authenticator holds none of hers: the key
    step fails with a message, nothing is verified, and the code from the app still works."""
    from overgang.accounts.testing import totp_code, totp_device_for

    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    settings.OTP_WEBAUTHN_TIMEOUT_SECONDS = 1  # the browser waits at least its own minimum (10 s)
    _register_soft_key(alice, origin=live_server.url)
    device = totp_device_for(alice)
    virtual_authenticator(page)

    page.goto("/login/")
    page.fill("#id_username", alice.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/account/verify/**")
    page.get_by_test_id("key-verify-button").click()

    expect(page.get_by_test_id("key-verify-status")).to_have_text(
        danish("Verification canceled or not allowed."), timeout=30_000
    )
    assert "/account/verify/" in page.url
    shot(page, "verify-failed")
    page.fill("#id_code", totp_code(device))
    page.get_by_test_id("verify-form").locator("button[type=submit]").click()
    page.wait_for_url("**/courses/")


def _register_soft_key(user: Any, *, origin: str) -> None:
    """A key for the user made outside the browser, through the same views (the test client)."""
    import json

    from django.test import Client

    from overgang.accounts.testing import SoftKey, log_in_verified

    client = log_in_verified(Client(), user)
    client.post(
        "/account/security/",
        {"action": "key_add", "key-name": "Elsewhere", "key-password": PASSWORD},
    )
    options = client.post("/account/security/keys/add/begin/", "{}", content_type="application/json").json()
    done = client.post(
        "/account/security/keys/add/complete/",
        json.dumps(SoftKey(origin=origin).register(options)),
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
