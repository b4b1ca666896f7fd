"""Security keys and passkeys (WebAuthn) as a second factor: added on the security page by a
verified session after the password, used at the two-factor step instead of a code, removed with
a confirmation; every step in the audit log. Alice adds and uses her keys; Bob is another worker,
whose key is no use to Alice and whose keys she cannot remove.

The keys are SoftKey (testing.py): the answers a real key gives, so the library checks real
signatures."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from overgang.accounts.testing import SoftKey, log_in_verified, totp_device_for
from overgang.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"
REGISTER_BEGIN = "/account/security/keys/add/begin/"
REGISTER_COMPLETE = "/account/security/keys/add/complete/"
VERIFY_BEGIN = "/account/verify/key/begin/"
VERIFY_COMPLETE = "/account/verify/key/complete/"


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post_json(client: Client, url: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
    return client.post(url, json.dumps(data or {}), content_type="application/json", **extra)


def logged_in_with_password(user: Any) -> Client:
    client = english(Client())
    assert client.post("/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def confirm_password_for_key(client: Client, name: str = "YubiKey", password: str = PASSWORD) -> Any:
    return client.post(
        "/account/security/",
        {"action": "key_add", "key-name": name, "key-password": password},
    )


def add_key(client: Client, key: SoftKey, name: str = "YubiKey") -> WebAuthnCredential:
    """The whole registration as the security page and the library's script do it."""
    assert confirm_password_for_key(client, name).url == "/account/security/keys/add/"
    options = post_json(client, REGISTER_BEGIN)
    assert options.status_code == 200, options.content
    done = post_json(client, REGISTER_COMPLETE, key.register(options.json()))
    assert done.status_code == 200, done.content
    return WebAuthnCredential.objects.get(pk=done.json()["id"])


def key_for(user: Any, name: str = "YubiKey") -> SoftKey:
    key = SoftKey()
    add_key(english(log_in_verified(Client(), user)), key, name)
    return key


def actions(user: Any) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(user.pk), action__startswith="auth.webauthn")
        .order_by("pk")
        .values_list("action", flat=True)
    )


# Adding a key -------------------------------------------------------------------------------------


def test_a_verified_user_adds_a_named_key_after_confirming_the_password(alice: Any) -> None:
    client = english(log_in_verified(Client(), alice))

    page = client.get("/account/security/")
    assert page.status_code == 200
    assert 'data-testid="form-key-add"' in page.content.decode()

    credential = add_key(client, SoftKey(), "Key ring")

    assert credential.user == alice and credential.name == "Key ring" and credential.confirmed
    assert actions(alice) == ["auth.webauthn_registered"]
    entry = AuditEntry.objects.get(action="auth.webauthn_registered")
    assert entry.actor == alice and entry.after["key"] == "Key ring"
    listing = client.get("/account/security/").content.decode()
    assert "Key ring" in listing and 'data-testid="key-row"' in listing


def test_the_password_confirmation_is_used_up_by_one_key(alice: Any) -> None:
    client = english(log_in_verified(Client(), alice))
    add_key(client, SoftKey())

    again = post_json(client, REGISTER_BEGIN)

    assert again.status_code == 403
    assert client.get("/account/security/keys/add/").url == "/account/security/"


def test_the_add_page_loads_the_librarys_script_with_the_csp_nonce(alice: Any) -> None:
    client = english(log_in_verified(Client(), alice))
    confirm_password_for_key(client)

    page = client.get("/account/security/keys/add/")

    html = page.content.decode()
    nonce = page.context["request"].csp_nonce
    assert f'src="/static/django_otp_webauthn/otp_webauthn_register.js" nonce="{nonce}"' in html
    assert f'src="/static/accounts/webauthn.js" nonce="{nonce}"' in html
    assert f"'nonce-{nonce}'" in page["Content-Security-Policy"]
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    config = json.loads(
        html.split('id="otp_webauthn_config" type="application/json">')[1].split("</script>")[0]
    )
    assert config["beginRegistrationUrl"] == REGISTER_BEGIN
    assert config["autocompleteLoginFieldSelector"] is None


def test_a_wrong_password_opens_no_registration(alice: Any) -> None:
    client = english(log_in_verified(Client(), alice))

    page = confirm_password_for_key(client, password="wrong password")

    assert page.status_code == 200
    assert post_json(client, REGISTER_BEGIN).status_code == 403


def test_a_verified_session_without_the_password_cannot_register(alice: Any) -> None:
    client = english(log_in_verified(Client(), alice))

    begin = post_json(client, REGISTER_BEGIN)

    assert begin.status_code == 403
    assert begin.json()["code"] == "user_not_verified"


def test_the_password_alone_adds_no_key(alice: Any) -> None:
    """Alice has an authenticator; logged in with her password only, she is sent to the second
    factor, and the password on the security page does not open registration either."""
    totp_device_for(alice)
    client = logged_in_with_password(alice)

    assert post_json(client, REGISTER_BEGIN).status_code == 302
    assert confirm_password_for_key(client).status_code == 302  # to the verify page
    assert post_json(client, REGISTER_COMPLETE, {"id": "x"}).status_code == 302
    assert not WebAuthnCredential.objects.filter(user=alice).exists()


def test_without_any_second_factor_the_password_alone_adds_no_key(frank: Any, settings: Any) -> None:
    """With the requirement relaxed (the demo), Frank has no second factor and his session is not
    verified: the library would let him register a key; we do not."""
    settings.OVERGANG_REQUIRE_2FA = False
    client = logged_in_with_password(frank)

    form = confirm_password_for_key(client)
    begin = post_json(client, REGISTER_BEGIN)

    assert form.status_code == 200 and 'data-testid="form-key-add"' not in form.content.decode()
    assert begin.status_code == 403 and begin.json()["code"] == "user_not_verified"


# Using a key at the second factor ----------------------------------------------------------------


def test_the_key_verifies_the_session_and_gives_it_a_new_key(alice: Any) -> None:
    key = key_for(alice)
    client = logged_in_with_password(alice)
    assert client.get("/courses/").url.startswith("/account/verify/")
    page = client.get("/account/verify/?next=/desk/alerts/")
    assert 'data-testid="key-verify"' in page.content.decode()
    assert 'src="/static/django_otp_webauthn/otp_webauthn_auth.js"' in page.content.decode()
    key_before = client.cookies[settings.SESSION_COOKIE_NAME].value

    options = post_json(client, VERIFY_BEGIN)
    done = post_json(client, f"{VERIFY_COMPLETE}?next=/desk/alerts/", key.authenticate(options.json()))

    assert done.status_code == 200, done.content
    assert done.json()["redirect_url"] == "/desk/alerts/"
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != key_before
    assert client.get("/courses/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == WebAuthnCredential.objects.get(user=alice).persistent_id
    assert actions(alice) == ["auth.webauthn_registered", "auth.webauthn_verified"]


def test_a_next_address_elsewhere_is_not_followed(alice: Any) -> None:
    key = key_for(alice)
    client = logged_in_with_password(alice)

    options = post_json(client, VERIFY_BEGIN)
    done = post_json(
        client, f"{VERIFY_COMPLETE}?next=https://evil.example/", key.authenticate(options.json())
    )

    assert done.json()["redirect_url"] == "/courses/"


def test_a_bad_signature_is_refused_and_audited(alice: Any) -> None:
    key = key_for(alice)
    client = logged_in_with_password(alice)

    options = post_json(client, VERIFY_BEGIN)
    done = post_json(client, VERIFY_COMPLETE, key.authenticate(options.json(), tamper=True))

    assert done.status_code == 422
    assert client.get("/courses/").url.startswith("/account/verify/")
    assert actions(alice)[-1] == "auth.webauthn_failed"


def test_a_key_for_another_site_is_refused(alice: Any) -> None:
    key = key_for(alice)
    client = logged_in_with_password(alice)

    options = post_json(client, VERIFY_BEGIN)
    done = post_json(client, VERIFY_COMPLETE, key.authenticate(options.json(), rp_id="evil.example"))

    assert done.status_code == 422
    assert actions(alice)[-1] == "auth.webauthn_failed"


def test_an_answer_is_used_once(alice: Any) -> None:
    key = key_for(alice)
    client = logged_in_with_password(alice)
    answer = key.authenticate(post_json(client, VERIFY_BEGIN).json())
    assert post_json(client, VERIFY_COMPLETE, answer).status_code == 200
    client.post("/logout/")
    client = logged_in_with_password(alice)

    replay = post_json(client, VERIFY_COMPLETE, answer)

    assert replay.status_code == 400  # no challenge of this session
    assert client.get("/courses/").status_code == 302


def test_bobs_key_does_not_verify_alices_session(alice: Any, bob: Any) -> None:
    key_for(alice)
    bobs_key = key_for(bob)
    client = logged_in_with_password(alice)

    options = post_json(client, VERIFY_BEGIN)
    done = post_json(client, VERIFY_COMPLETE, bobs_key.authenticate(options.json()))

    assert done.status_code == 403 and done.json()["code"] == "credential_user_mismatch"
    assert client.get("/courses/").status_code == 302
    assert actions(alice)[-1] == "auth.webauthn_failed"


def test_passwordless_login_is_off(alice: Any) -> None:
    key = key_for(alice)
    client = Client()

    begin = post_json(client, VERIFY_BEGIN)
    complete = post_json(client, VERIFY_COMPLETE, key.authenticate({"challenge": "AAAA"}))

    assert begin.status_code == 403 and begin.json()["code"] == "passwordless_login_disabled"
    assert complete.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_user_with_only_a_key_is_enrolled(alice: Any) -> None:
    """Without an authenticator but with a key, the two-factor step asks for the key, and the
    password alone cannot set up an authenticator instead."""
    key = key_for(alice)
    TOTPDevice.objects.filter(user=alice).delete()
    client = logged_in_with_password(alice)

    page = client.get("/account/verify/")
    enrol = client.get("/account/two-factor/")

    assert page.status_code == 200 and 'data-testid="key-verify"' in page.content.decode()
    assert enrol.status_code == 302 and enrol.url.startswith("/account/verify/")
    options = post_json(client, VERIFY_BEGIN)
    assert post_json(client, VERIFY_COMPLETE, key.authenticate(options.json())).status_code == 200
    assert client.get("/courses/").status_code == 200


def test_the_middleware_accepts_a_session_verified_by_a_key(alice: Any) -> None:
    key_for(alice)
    TOTPDevice.objects.filter(user=alice).delete()
    client = Client()
    client.force_login(alice)
    assert client.get("/courses/").status_code == 302
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = WebAuthnCredential.objects.get(user=alice).persistent_id
    session.save()

    assert client.get("/courses/").status_code == 200


# Removing a key ----------------------------------------------------------------------------------


def test_alice_removes_her_key_after_a_confirmation(alice: Any) -> None:
    key_for(alice, "Old key")
    credential = WebAuthnCredential.objects.get(user=alice)
    client = english(log_in_verified(Client(), alice))

    confirm = client.get(f"/account/security/keys/{credential.pk}/remove/")
    assert confirm.status_code == 200 and "Old key" in confirm.content.decode()
    assert WebAuthnCredential.objects.filter(pk=credential.pk).exists()

    removed = client.post(f"/account/security/keys/{credential.pk}/remove/")

    assert removed.url == "/account/security/"
    assert not WebAuthnCredential.objects.filter(pk=credential.pk).exists()
    entry = AuditEntry.objects.get(action="auth.webauthn_removed")
    assert entry.actor == alice and entry.after["key"] == "Old key"


def test_alice_cannot_remove_bobs_key(alice: Any, bob: Any) -> None:
    key_for(bob)
    credential = WebAuthnCredential.objects.get(user=bob)
    client = english(log_in_verified(Client(), alice))

    assert client.get(f"/account/security/keys/{credential.pk}/remove/").status_code == 404
    assert client.post(f"/account/security/keys/{credential.pk}/remove/").status_code == 404
    assert WebAuthnCredential.objects.filter(pk=credential.pk).exists()
    assert not AuditEntry.objects.filter(action="auth.webauthn_removed").exists()


def test_removing_needs_a_verified_session(alice: Any) -> None:
    key_for(alice)
    credential = WebAuthnCredential.objects.get(user=alice)
    client = logged_in_with_password(alice)

    assert client.post(f"/account/security/keys/{credential.pk}/remove/").status_code == 302
    assert WebAuthnCredential.objects.filter(pk=credential.pk).exists()


@pytest.mark.parametrize("url", [REGISTER_BEGIN, VERIFY_BEGIN])
def test_the_ceremonies_need_a_login(url: str, db: Any) -> None:
    response = post_json(Client(), url)

    assert response.status_code in {302, 403}
