"""An ID token that fails any check logs nobody in: a wrong nonce, signature, issuer, audience, an
expired token; a replayed or forged callback; an error from the provider."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from overgang.accounts.models import User
from overgang.audit.models import AuditEntry
from overgang.sso.models import SsoIdentity


def anna(idp: Any) -> None:
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-workers"])


def assert_nobody_logged_in(client: Client, response: Any, status: int = 403) -> None:
    assert response.status_code == status
    assert SESSION_KEY not in client.session
    assert not User.objects.filter(username="anna@testkommune.dk").exists()
    assert not SsoIdentity.objects.exists()
    assert AuditEntry.objects.filter(action="auth.sso_login_failed").count() == 1
    assert not AuditEntry.objects.filter(action="auth.sso_login").exists()


@pytest.mark.parametrize(
    "spoiled",
    [
        {"nonce": "not-the-nonce-we-sent"},
        {"nonce": None},
        {"iss": "https://evil.example"},
        {"aud": "another-client"},
        {"exp": int(time.time()) - 3600},
        {"iat": None},
        {"aud": ["overgang-test-client", "another-client"]},  # several audiences, no azp
    ],
    ids=["wrong-nonce", "no-nonce", "wrong-issuer", "wrong-audience", "expired", "no-iat", "no-azp"],
)
def test_a_spoiled_id_token_is_refused(idp: Any, sso_login: Any, spoiled: dict[str, Any]) -> None:
    anna(idp)
    idp.spoil(**spoiled)
    client = Client()

    response = sso_login(client)

    assert_nobody_logged_in(client, response)


def test_a_token_signed_with_another_key_is_refused(idp: Any, sso_login: Any) -> None:
    anna(idp)
    idp.sign_with_other_key = True
    client = Client()

    response = sso_login(client)

    assert_nobody_logged_in(client, response)


def test_the_same_callback_twice_logs_in_once(idp: Any, sso_on: Any) -> None:
    anna(idp)
    client = Client()
    start = client.get("/sso/login/")
    back = urlsplit(idp.authorize(start["Location"]))
    callback = f"{back.path}?{back.query}"
    assert client.get(callback).status_code == 302
    client.post("/logout/")

    again = client.get(callback)

    assert again.status_code == 400
    assert SESSION_KEY not in client.session


def test_a_callback_from_another_browser_is_refused(idp: Any, sso_on: Any) -> None:
    """Login CSRF: the attacker's own code and state, sent to the victim's browser."""
    anna(idp)
    attacker = Client()
    back = urlsplit(idp.authorize(attacker.get("/sso/login/")["Location"]))
    victim = Client()

    response = victim.get(f"{back.path}?{back.query}")

    assert response.status_code == 400
    assert SESSION_KEY not in victim.session
    assert idp.token_requests == 0


def test_a_wrong_code_is_refused_by_the_provider_and_by_us(idp: Any, sso_on: Any) -> None:
    anna(idp)
    client = Client()
    back = urlsplit(idp.authorize(client.get("/sso/login/")["Location"]))
    state = dict(part.split("=", 1) for part in back.query.split("&"))["state"]

    response = client.get("/sso/callback/", {"code": "made-up", "state": state})

    assert response.status_code == 403
    assert idp.token_requests == 1
    assert SESSION_KEY not in client.session


def test_an_error_from_the_provider_is_shown(idp: Any, sso_on: Any) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    start = client.get("/sso/login/")
    state = dict(part.split("=", 1) for part in urlsplit(start["Location"]).query.split("&"))["state"]

    response = client.get("/sso/callback/", {"error": "access_denied", "state": state})

    assert response.status_code == 403
    assert "was cancelled or refused" in response.content.decode()
    assert AuditEntry.objects.get(action="auth.sso_login_failed").after["reason"] == "cancelled"


def test_an_unreachable_provider_is_said_plainly(sso_on: Any, settings: Any) -> None:
    settings.OIDC_OP_DISCOVERY = "http://127.0.0.1:9"  # discard port: nothing listens
    client = Client()
    client.cookies["django_language"] = "en"

    response = client.get("/sso/login/")

    assert response.status_code == 503
    assert "cannot be reached right now" in response.content.decode()
