"""Whom single sign-on does not let in: nobody is made, nobody is logged in, the user is told why
(in their language) and the audit log says why."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.test import Client

from overgang.accounts.models import User
from overgang.audit.models import AuditEntry
from overgang.sso.models import SsoIdentity


def refusal_reason() -> str:
    return str(AuditEntry.objects.get(action="auth.sso_login_failed").after["reason"])


def test_someone_in_no_mapped_group_is_refused_and_nothing_is_made(
    idp: Any, sso_login: Any, english_client: Client
) -> None:
    idp.login_as(sub="sub-ole", preferred_username="ole@testkommune.dk", groups=["all-staff"])

    response = sso_login(english_client)

    assert response.status_code == 403
    assert "does not give access to Overgang" in response.content.decode()
    assert not User.objects.filter(username="ole@testkommune.dk").exists()
    assert not SsoIdentity.objects.exists()
    assert SESSION_KEY not in english_client.session
    assert refusal_reason() == "no_group"


def test_the_refusal_is_in_danish_by_default(idp: Any, sso_login: Any) -> None:
    from django.utils import translation
    from django.utils.html import escape

    from overgang.sso.services import REFUSALS

    idp.login_as(sub="sub-ole", preferred_username="ole@testkommune.dk", groups=[])

    response = sso_login(Client())

    with translation.override("da"):
        expected = str(REFUSALS["no_group"]) % {"provider": "Stub-IdP", "username": ""}
    assert response.status_code == 403
    assert escape(expected) in response.content.decode()


def test_groups_of_two_municipalities_are_refused(idp: Any, sso_login: Any, english_client: Client) -> None:
    idp.login_as(
        sub="sub-ole", preferred_username="ole@testkommune.dk", groups=["og-workers", "og-andenkommune"]
    )

    response = sso_login(english_client)

    assert response.status_code == 403
    assert "more than one municipality" in response.content.decode()
    assert not User.objects.filter(username="ole@testkommune.dk").exists()
    assert refusal_reason() == "ambiguous"


def test_a_local_user_of_the_same_name_is_not_taken_over(
    idp: Any, sso_login: Any, alice: Any, english_client: Client
) -> None:
    idp.login_as(sub="sub-impostor", preferred_username="ALICE", groups=["og-coordinators"])

    response = sso_login(english_client)

    assert response.status_code == 403
    assert "already exists in Overgang and is not linked" in response.content.decode()
    alice.refresh_from_db()
    assert alice.role == "worker" and alice.has_usable_password()
    assert not SsoIdentity.objects.exists()
    assert SESSION_KEY not in english_client.session
    assert refusal_reason() == "local_account"


def test_a_second_identity_with_an_sso_users_name_is_not_let_in_as_them(idp: Any, sso_login: Any) -> None:
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-workers"])
    sso_login(Client())
    idp.login_as(sub="sub-someone-else", preferred_username="anna@testkommune.dk", groups=["og-coordinators"])

    response = sso_login(Client())

    assert response.status_code == 403
    assert User.objects.get(username="anna@testkommune.dk").role == "worker"
    assert SsoIdentity.objects.count() == 1


def test_matching_is_never_by_email(idp: Any, sso_login: Any, alice: Any) -> None:
    alice.email = "alice@testkommune.dk"
    alice.save(update_fields=["email"])
    idp.login_as(
        sub="sub-x", preferred_username="alice.sso", email="alice@testkommune.dk", groups=["og-workers"]
    )

    sso_login(Client())

    made = User.objects.get(username="alice.sso")
    assert made.pk != alice.pk
    assert SsoIdentity.objects.get().user == made


def test_someone_whose_groups_no_longer_map_is_refused_but_stays_active(
    idp: Any, sso_login: Any, english_client: Client
) -> None:
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-workers"])
    sso_login(Client())
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["left-the-unit"])

    response = sso_login(english_client)

    anna = User.objects.get(username="anna@testkommune.dk")
    assert response.status_code == 403
    assert "does not give access to Overgang" in response.content.decode()
    assert anna.is_active and anna.role == "worker"
    assert SESSION_KEY not in english_client.session
    failed = AuditEntry.objects.get(action="auth.sso_login_failed")
    assert failed.object_id == str(anna.pk) and failed.after["reason"] == "no_group"


def test_a_deactivated_user_is_refused(idp: Any, sso_login: Any, english_client: Client) -> None:
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-workers"])
    sso_login(Client())
    User.objects.filter(username="anna@testkommune.dk").update(is_active=False)

    response = sso_login(english_client)

    assert response.status_code == 403
    assert "has been deactivated" in response.content.decode()
    assert SESSION_KEY not in english_client.session


def test_a_group_mapped_to_an_unknown_municipality_is_refused(
    idp: Any, sso_login: Any, settings: Any, english_client: Client
) -> None:
    settings.OVERGANG_OIDC_GROUP_MAP = {"og-workers": {"municipality": "999", "role": "worker"}}
    idp.login_as(sub="sub-ole", preferred_username="ole@testkommune.dk", groups=["og-workers"])

    response = sso_login(english_client)

    assert response.status_code == 403
    assert not User.objects.filter(username="ole@testkommune.dk").exists()
    assert refusal_reason() == "unknown_municipality"


def test_no_user_name_claim_is_refused(idp: Any, sso_login: Any) -> None:
    idp.login_as(sub="sub-ole", groups=["og-workers"])

    response = sso_login(Client())

    assert response.status_code == 403
    assert not SsoIdentity.objects.exists()
    assert refusal_reason() == "no_username"


def test_an_sso_user_cannot_log_in_with_a_password(idp: Any, sso_login: Any) -> None:
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-workers"])
    sso_login(Client())

    response = Client().post("/login/", {"username": "anna@testkommune.dk", "password": ""})

    assert response.status_code == 200  # the form again
    assert SESSION_KEY not in response.wsgi_request.session


def test_local_accounts_keep_logging_in_with_their_password(sso_on: Any, alice: Any) -> None:
    client = Client()

    response = client.post("/login/", {"username": "alice", "password": "correct horse battery staple"})

    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == alice.pk
    assert client.session["_auth_user_backend"] != "overgang.sso.backend.SsoBackend"
