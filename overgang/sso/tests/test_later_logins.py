"""At every later login the groups decide the role and the municipality again."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.test import Client

from overgang.accounts.models import Team, User
from overgang.audit.models import AuditEntry
from overgang.sso.models import SsoIdentity


def test_a_new_group_gives_a_new_role_at_the_next_login(idp: Any, sso_login: Any) -> None:
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-workers"])
    sso_login(Client())
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-coordinators"])
    client = Client()

    response = sso_login(client)

    anna = User.objects.get(username="anna@testkommune.dk")
    assert response.status_code == 302
    assert anna.role == "coordinator"
    assert int(client.session[SESSION_KEY]) == anna.pk
    assert User.objects.count() == 1 and SsoIdentity.objects.count() == 1
    updated = AuditEntry.objects.get(action="auth.sso_user_updated")
    assert updated.before["role"] == "worker" and updated.after["role"] == "coordinator"


def test_a_move_to_another_municipality_leaves_the_old_team(
    idp: Any, sso_login: Any, municipality: Any, other_municipality: Any
) -> None:
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-workers"])
    sso_login(Client())
    anna = User.objects.get(username="anna@testkommune.dk")
    anna.team = Team.objects.create(municipality=municipality, name="Team Nord")
    anna.save(update_fields=["team"])
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-andenkommune"])

    sso_login(Client())

    anna.refresh_from_db()
    assert anna.municipality == other_municipality
    assert anna.team is None


def test_the_same_groups_change_nothing_and_audit_no_update(idp: Any, sso_login: Any) -> None:
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-workers"])
    sso_login(Client())

    sso_login(Client())

    assert not AuditEntry.objects.filter(action="auth.sso_user_updated").exists()
    assert AuditEntry.objects.filter(action="auth.sso_login").count() == 2


def test_the_user_is_found_by_subject_when_the_name_changes(idp: Any, sso_login: Any) -> None:
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-workers"])
    sso_login(Client())
    idp.login_as(
        sub="sub-anna",
        preferred_username="anna.new@testkommune.dk",
        family_name="Nygaard",
        groups=["og-workers"],
    )

    response = sso_login(Client())

    assert response.status_code == 302
    anna = User.objects.get()
    assert anna.username == "anna@testkommune.dk"  # the user name stays; the identity is the subject
    assert anna.last_name == "Nygaard"
