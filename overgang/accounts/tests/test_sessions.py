"""Sessions: a new key at login, idle and absolute timeouts, logout ends the session on the server,
and deactivating a user ends all of their sessions (the service, the admin action, the admin form)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from overgang.accounts.models import User, UserSession
from overgang.accounts.services import user_deactivate
from overgang.accounts.testing import totp_code, totp_device_for
from overgang.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"
NOW = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def with_cookie(key: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def test_the_session_gets_a_new_key_at_login(alice: Any) -> None:
    client = Client()
    session = client.session
    session["something_before_login"] = True
    session.save()
    before = session_key(client)

    client.post("/login/", {"username": "alice", "password": PASSWORD})

    after = session_key(client)
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert UserSession.objects.get(user=alice).session_key == after


def test_the_session_gets_another_new_key_after_the_second_factor(alice: Any) -> None:
    device = totp_device_for(alice)
    client = Client()
    client.post("/login/", {"username": "alice", "password": PASSWORD})
    after_password = session_key(client)

    client.post("/account/verify/", {"code": totp_code(device)})

    assert session_key(client) != after_password
    assert UserSession.objects.get(user=alice).session_key == session_key(client)
    assert client.get("/courses/").status_code == 200


def test_activity_keeps_the_session_alive_within_the_idle_timeout(
    client_for: Any, alice: Any, clock: Any
) -> None:
    client = client_for(alice)
    for _ in range(4):
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/courses/").status_code == 200


def test_the_session_ends_after_30_minutes_without_activity(client_for: Any, alice: Any, clock: Any) -> None:
    assert settings.OVERGANG_SESSION_IDLE_TIMEOUT == 30 * 60
    client = client_for(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/courses/").status_code == 200

    clock.shift(dt.timedelta(minutes=31))
    response = client.get("/courses/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    login_page = client.get(response["Location"])
    assert login_page.context["logout_reason"] == (
        "You were logged out because you had not used Overgang for a while. Log in again."
    )
    assert 'data-testid="logout-reason"' in login_page.content.decode()
    # Told once.
    assert client.get("/login/").context["logout_reason"] is None


def test_the_session_ends_10_hours_after_login_however_busy(client_for: Any, alice: Any, clock: Any) -> None:
    assert settings.OVERGANG_SESSION_ABSOLUTE_TIMEOUT == 10 * 60 * 60
    client = client_for(alice)
    for _ in range(30):  # every 20 minutes for 10 hours
        clock.shift(dt.timedelta(minutes=20))
        assert client.get("/courses/").status_code == 200

    clock.shift(dt.timedelta(minutes=1))
    response = client.get("/courses/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert client.get("/login/").context["logout_reason"].startswith("You were logged out because you have")


def test_logout_ends_the_session_on_the_server(client_for: Any, alice: Any) -> None:
    client = client_for(alice)
    key = session_key(client)
    assert with_cookie(key).get("/courses/").status_code == 200

    client.post("/logout/")

    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(session_key=key).exists()
    response = with_cookie(key).get("/courses/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert AuditEntry.objects.filter(action="auth.logout", actor=alice).count() == 1


def test_deactivating_a_user_ends_all_their_sessions(
    client_for: Any, alice: Any, bob: Any, carol: Any
) -> None:
    phone, desk = client_for(alice), client_for(alice)
    colleague = client_for(bob)

    user_deactivate(user=alice, actor=carol)

    alice.refresh_from_db()
    assert not alice.is_active
    for client in (phone, desk):
        assert not Session.objects.filter(session_key=session_key(client)).exists()
        assert client.get("/courses/").status_code == 302
    assert not UserSession.objects.filter(user=alice).exists()
    assert colleague.get("/courses/").status_code == 200
    entry = AuditEntry.objects.get(action="auth.user_deactivated")
    assert entry.actor == carol
    assert entry.after == {"username": "alice", "sessions_ended": 2}


@pytest.fixture
def administrator(municipality: Any) -> Any:
    return User.objects.create_user(
        username="ada",
        password=PASSWORD,
        municipality=municipality,
        role="administrator",
        is_staff=True,
        is_superuser=True,
    )


def test_the_admin_action_deactivates_and_ends_the_sessions(
    client_for: Any, administrator: Any, alice: Any, bob: Any
) -> None:
    alice_client, bob_client = client_for(alice), client_for(bob)

    response = client_for(administrator).post(
        "/admin/accounts/user/", {"action": "deactivate", "_selected_action": [alice.pk]}
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    assert alice_client.get("/courses/").status_code == 302
    assert not Session.objects.filter(session_key=session_key(alice_client)).exists()
    assert bob_client.get("/courses/").status_code == 200


def test_unticking_active_on_the_admin_form_ends_the_sessions(
    client_for: Any, administrator: Any, alice: Any
) -> None:
    alice_client = client_for(alice)
    admin = client_for(administrator)
    form = admin.get(f"/admin/accounts/user/{alice.pk}/change/").context["adminform"].form
    data = {
        "username": alice.username,
        "first_name": alice.first_name,
        "last_name": alice.last_name,
        "email": "",
        "date_joined_0": form.initial["date_joined"].strftime("%Y-%m-%d"),
        "date_joined_1": form.initial["date_joined"].strftime("%H:%M:%S"),
        "municipality": alice.municipality_id,
        "role": alice.role,
        "fte": str(alice.fte),
        # "is_active" left out: unticked.
    }

    response = admin.post(f"/admin/accounts/user/{alice.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    alice.refresh_from_db()
    assert not alice.is_active
    assert not Session.objects.filter(session_key=session_key(alice_client)).exists()
    assert alice_client.get("/courses/").status_code == 302
    assert AuditEntry.objects.filter(action="auth.user_deactivated", actor=administrator).count() == 1


def test_a_session_without_the_login_stamps_is_started_over(client_for: Any, alice: Any) -> None:
    client = client_for(alice)
    session = client.session
    del session["overgang_login_at"]
    session.save()

    response = client.get("/courses/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
