"""Saving a user as inactive, however it is done (a script, the shell, a data fix), ends all of
their sessions at once, not only the deactivation service and the admin. Alice is deactivated;
Bob, another worker, stays logged in."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from overgang.accounts.models import User, UserSession
from overgang.accounts.services import user_deactivate
from overgang.accounts.testing import log_in_verified
from overgang.audit.models import AuditEntry


def test_saving_a_user_as_inactive_ends_all_their_sessions(alice: Any, bob: Any) -> None:
    laptop, phone, bobs = (log_in_verified(Client(), user) for user in (alice, alice, bob))
    assert laptop.get("/courses/").status_code == 200 and phone.get("/courses/").status_code == 200

    user = User.objects.get(pk=alice.pk)
    user.is_active = False
    user.save()

    assert not UserSession.objects.filter(user=alice).exists()
    assert Session.objects.count() == 1
    assert laptop.get("/courses/").url.startswith("/login/")
    assert phone.get("/courses/").url.startswith("/login/")
    assert bobs.get("/courses/").status_code == 200


def test_saving_only_is_active_ends_the_sessions_too(alice: Any) -> None:
    client = log_in_verified(Client(), alice)

    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert client.get("/courses/").url.startswith("/login/")


def test_saving_other_fields_of_an_active_user_ends_nothing(alice: Any) -> None:
    client = log_in_verified(Client(), alice)

    alice.first_name = "Alicia"
    alice.save()

    assert client.get("/courses/").status_code == 200


def test_saving_a_user_who_was_inactive_already_ends_nothing_new(alice: Any) -> None:
    """Only the change from active counts: a session row for an inactive user (it cannot log in,
    so only the test sets it up) is left to the timeouts."""
    User.objects.filter(pk=alice.pk).update(is_active=False)
    alice.refresh_from_db()
    UserSession.objects.create(user=alice, session_key="k" * 32, created_at=timezone.now())

    alice.last_name = "Changed"
    alice.save()

    assert UserSession.objects.filter(user=alice).count() == 1


def test_the_deactivation_service_still_counts_the_sessions_it_ended(alice: Any, carol: Any) -> None:
    log_in_verified(Client(), alice)
    log_in_verified(Client(), alice)

    user_deactivate(user=alice, actor=carol)

    entry = AuditEntry.objects.get(action="auth.user_deactivated")
    assert entry.after["sessions_ended"] == 2
    assert not UserSession.objects.filter(user=alice).exists()
