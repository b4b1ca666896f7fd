"""Passwords: long ones welcome, common ones refused, Argon2 in production, a change page for the user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.test import Client, override_settings

from overgang.accounts.models import User
from overgang.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"
LONG = "Min kat hedder Frida og hun sover altid i vindueskarmen om morgenen"[:64]
PRODUCTION_HASHERS = [name for name in settings.PASSWORD_HASHERS if "MD5" not in name]


def change_password(client: Client, new: str, old: str = PASSWORD) -> Any:
    return client.post(
        "/account/password/", {"old_password": old, "new_password1": new, "new_password2": new}
    )


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_64_character_password_can_be_set_and_used_to_log_in(client_for: Any, alice: Any) -> None:
    assert len(LONG) == 64
    client = client_for(alice)

    response = change_password(client, LONG)

    assert response.status_code == 302
    assert response["Location"] == "/account/security/"
    alice.refresh_from_db()
    assert alice.check_password(LONG)
    # The session that changed the password stays logged in.
    assert client.get("/courses/").status_code == 200
    login = Client().post("/login/", {"username": "alice", "password": LONG})
    assert login.status_code == 302
    assert login["Location"].startswith("/account/verify/")
    assert AuditEntry.objects.filter(action="auth.password_changed", actor=alice).count() == 1


def test_a_common_password_is_refused_and_nothing_changes(client_for: Any, alice: Any) -> None:
    client = english(client_for(alice))

    response = change_password(client, "password1234")

    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["new_password2"]] == [
        "password_too_common"
    ]
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_short_password_and_a_wrong_old_password_are_refused(client_for: Any, alice: Any) -> None:
    client = english(client_for(alice))

    short = change_password(client, "Kort9!x")
    wrong_old = change_password(client, LONG, old="not my password")

    assert "password_too_short" in [e.code for e in short.context["form"].errors.as_data()["new_password2"]]
    assert "password_incorrect" in [
        e.code for e in wrong_old.context["form"].errors.as_data()["old_password"]
    ]
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_another_session_of_the_user_ends_when_the_password_changes(client_for: Any, alice: Any) -> None:
    other = client_for(alice)
    client = client_for(alice)

    change_password(client, LONG)

    assert other.get("/courses/").status_code == 302
    assert client.get("/courses/").status_code == 200


def test_argon2_is_the_production_hasher(db: Any) -> None:
    assert PRODUCTION_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        user = User(username="newcomer")
        user.set_password(LONG)

        assert user.password.startswith("argon2$argon2id$")
        assert check_password(LONG, user.password)
