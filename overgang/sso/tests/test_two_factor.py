"""The identity provider does the second factor: its login passes Overgang's two-factor requirement,
unless the settings say not to trust it, or to trust it only when the ID token's `amr` says "mfa"."""

from __future__ import annotations

from typing import Any

from django.test import Client

from overgang.accounts.middleware import SESSION_IDP_VERIFIED
from overgang.audit.models import AuditEntry


def log_in(idp: Any, sso_login: Any, **claims: Any) -> Client:
    idp.login_as(sub="sub-anna", preferred_username="anna@testkommune.dk", groups=["og-workers"], **claims)
    client = Client()
    assert sso_login(client).status_code == 302
    return client


def test_a_trusted_providers_login_reaches_the_pages(idp: Any, sso_login: Any) -> None:
    client = log_in(idp, sso_login)

    assert client.get("/courses/").status_code == 200


def test_without_trust_the_user_passes_overgangs_own_second_factor(
    idp: Any, sso_login: Any, settings: Any
) -> None:
    settings.OVERGANG_OIDC_TRUST_MFA = False
    client = log_in(idp, sso_login)

    response = client.get("/courses/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/verify/")
    assert AuditEntry.objects.get(action="auth.sso_login").after["mfa_by_provider"] is False


def test_with_amr_required_a_password_only_login_is_not_enough(
    idp: Any, sso_login: Any, settings: Any
) -> None:
    settings.OVERGANG_OIDC_REQUIRE_AMR_MFA = True
    client = log_in(idp, sso_login, amr=["pwd"])

    assert client.get("/courses/")["Location"].startswith("/account/verify/")


def test_with_amr_required_an_mfa_login_is_enough(idp: Any, sso_login: Any, settings: Any) -> None:
    settings.OVERGANG_OIDC_REQUIRE_AMR_MFA = True
    client = log_in(idp, sso_login, amr=["pwd", "mfa"])

    assert client.get("/courses/").status_code == 200


def test_the_mark_counts_only_for_the_user_it_was_given_to(idp: Any, sso_login: Any, alice: Any) -> None:
    client = Client()
    client.force_login(alice)
    session = client.session
    session[SESSION_IDP_VERIFIED] = alice.pk + 1000
    session.save()

    assert client.get("/courses/")["Location"].startswith("/account/verify/")
