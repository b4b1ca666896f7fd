"""Two-factor login is required for every role by default: a session past the password only reaches
the two-factor pages, logout, language, static files and the health check; the setting relaxes it
for the demo."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from overgang.accounts.testing import log_in_verified, totp_device_for

ROOT = Path(settings.BASE_DIR)


def past_the_password_only(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("person", ["alice", "carol", "manny", "frank"])
def test_every_role_is_sent_to_the_second_factor(request: Any, person: str) -> None:
    client = past_the_password_only(request.getfixturevalue(person))

    response = client.get("/courses/?page=2")

    assert response.status_code == 302
    assert response["Location"] == "/account/verify/?next=%2Fcourses%2F%3Fpage%3D2"


def test_a_verified_session_gets_the_page(client_for: Any, alice: Any) -> None:
    assert client_for(alice).get("/courses/").status_code == 200


def test_the_two_factor_pages_logout_language_and_health_are_open(alice: Any) -> None:
    totp_device_for(alice)
    client = past_the_password_only(alice)

    assert client.get("/account/verify/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/login/"}).status_code == 302
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_the_security_and_password_pages_need_the_second_factor(alice: Any) -> None:
    totp_device_for(alice)
    client = past_the_password_only(alice)

    for address in ("/account/security/", "/account/password/", "/admin/", "/feeds/"):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/account/verify/?next="), address


def test_the_api_answers_403_as_json_to_an_unverified_session(alice: Any) -> None:
    client = past_the_password_only(alice)

    response = client.get("/api/v1/courses/")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["message"]


def test_the_api_answers_a_verified_session(client_for: Any, alice: Any) -> None:
    assert client_for(alice).get("/api/v1/courses/").status_code == 200


def test_the_admin_login_page_is_our_login_page(db: Any) -> None:
    response = Client().get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/"


def test_someone_logged_in_without_admin_rights_is_refused_at_the_admin_login(
    client_for: Any, alice: Any
) -> None:
    client = client_for(alice)

    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/?next=/admin/").status_code == 403


@override_settings(OVERGANG_REQUIRE_2FA=False)
def test_the_relaxed_setting_lets_a_user_without_an_authenticator_in(alice: Any) -> None:
    client = past_the_password_only(alice)

    assert client.get("/courses/").status_code == 200


@override_settings(OVERGANG_REQUIRE_2FA=False)
def test_the_relaxed_setting_still_asks_those_who_set_up_an_authenticator(alice: Any) -> None:
    totp_device_for(alice)
    client = past_the_password_only(alice)

    response = client.get("/courses/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/verify/")


@override_settings(OVERGANG_REQUIRE_2FA=False)
def test_the_relaxed_login_goes_straight_to_the_page(alice: Any) -> None:
    response = Client().post("/login/", {"username": "alice", "password": "correct horse battery staple"})

    assert response.status_code == 302
    assert response["Location"] == "/courses/"


def _settings_with(monkeypatch: Any, value: str | None) -> Any:
    if value is None:
        monkeypatch.delenv("OVERGANG_REQUIRE_2FA", raising=False)
    else:
        monkeypatch.setenv("OVERGANG_REQUIRE_2FA", value)
    return runpy.run_path(str(ROOT / "overgang" / "settings.py"))["OVERGANG_REQUIRE_2FA"]


def test_two_factor_is_required_unless_the_environment_says_otherwise(monkeypatch: Any) -> None:
    assert _settings_with(monkeypatch, None) is True
    assert _settings_with(monkeypatch, "0") is False
    assert _settings_with(monkeypatch, "1") is True


def test_make_run_relaxes_two_factor_for_the_demo_only() -> None:
    makefile = (ROOT / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]

    assert "OVERGANG_REQUIRE_2FA=0" in run_recipe.split("runserver")[0].splitlines()[-1]
    assert "OVERGANG_REQUIRE_2FA" not in test_recipe


def test_the_test_client_helper_passes_the_second_factor(alice: Any) -> None:
    client = log_in_verified(Client(), alice)

    assert client.get("/courses/").status_code == 200
