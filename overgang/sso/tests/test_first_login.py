"""A municipality's employee logs in at the identity provider for the first time: Overgang makes
their user in the municipality and with the role their group gives, and they land on the overview."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import SESSION_KEY
from django.test import Client

from overgang.accounts.models import User
from overgang.audit.models import AuditEntry
from overgang.sso.models import SsoIdentity
from overgang.sso.tests.stub_idp import CLIENT_ID


def login_anna(idp: Any, sso_login: Any, client: Client, *, next_url: str = "") -> Any:
    """Anna is in the coordinators' group (og-coordinators: Testkommune, coordinator) and another."""
    idp.login_as(
        sub="sub-anna",
        preferred_username="anna@testkommune.dk",
        email="anna@testkommune.dk",
        given_name="Anna",
        family_name="Andersen",
        groups=["og-coordinators", "some-other-group"],
    )
    return sso_login(client, next_url=next_url)


def test_the_start_sends_to_the_provider_with_state_nonce_and_pkce(sso_on: Any) -> None:
    response = Client().get("/sso/login/")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{sso_on.issuer}/authorize"
    query = {name: values[0] for name, values in parse_qs(location.query).items()}
    assert query["client_id"] == CLIENT_ID
    assert query["response_type"] == "code"
    assert query["scope"] == "openid email profile"
    assert query["redirect_uri"] == "http://testserver/sso/callback/"
    assert query["code_challenge_method"] == "S256"
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32 and query["code_challenge"]


def test_anna_is_made_in_her_municipality_with_her_groups_role(
    idp: Any, sso_login: Any, municipality: Any
) -> None:
    client = Client()

    login_anna(idp, sso_login, client)

    anna = User.objects.get(username="anna@testkommune.dk")
    assert anna.municipality == municipality
    assert anna.role == "coordinator"
    assert (anna.first_name, anna.last_name, anna.email) == ("Anna", "Andersen", "anna@testkommune.dk")
    assert not anna.has_usable_password()
    assert not anna.is_staff and not anna.is_superuser
    identity = SsoIdentity.objects.get(user=anna)
    assert (identity.issuer, identity.subject) == (idp.issuer, "sub-anna")
    assert int(client.session[SESSION_KEY]) == anna.pk


def test_she_lands_on_the_overview_past_the_two_factor_requirement(idp: Any, sso_login: Any) -> None:
    client = Client()

    response = login_anna(idp, sso_login, client)

    assert response.status_code == 302
    assert response["Location"] == "/courses/"
    assert client.get("/courses/").status_code == 200


def test_she_goes_where_she_was_going(idp: Any, sso_login: Any) -> None:
    response = login_anna(idp, sso_login, Client(), next_url="/courses/?page=2")

    assert response["Location"] == "/courses/?page=2"


def test_a_next_on_another_site_is_ignored(idp: Any, sso_login: Any) -> None:
    response = login_anna(idp, sso_login, Client(), next_url="https://evil.example/")

    assert response["Location"] == "/courses/"


def test_the_login_gets_a_new_session_key(idp: Any, sso_login: Any) -> None:
    client = Client()
    client.get("/sso/login/")  # the anonymous session that carries the state
    before = client.session.session_key

    login_anna(idp, sso_login, client)

    assert before and client.session.session_key != before


def test_the_new_user_and_the_login_are_in_the_audit_log(idp: Any, sso_login: Any, municipality: Any) -> None:
    login_anna(idp, sso_login, Client())

    anna = User.objects.get(username="anna@testkommune.dk")
    created = AuditEntry.objects.get(action="auth.sso_user_created")
    login = AuditEntry.objects.get(action="auth.sso_login")
    assert created.object_id == str(anna.pk) and created.after["role"] == "coordinator"
    assert login.actor == anna and login.municipality_id == municipality.pk
    assert login.after == {"username": "anna@testkommune.dk", "issuer": idp.issuer, "mfa_by_provider": True}


def test_the_group_map_in_list_form_works_too(idp: Any, sso_login: Any) -> None:
    idp.login_as(sub="sub-bent", preferred_username="bent@testkommune.dk", groups=["og-workers"])

    response = sso_login(Client())

    assert response.status_code == 302
    assert User.objects.get(username="bent@testkommune.dk").role == "worker"


def test_the_first_matching_entry_of_the_map_decides_the_role(idp: Any, sso_login: Any) -> None:
    idp.login_as(
        sub="sub-bent", preferred_username="bent@testkommune.dk", groups=["og-workers", "og-coordinators"]
    )

    sso_login(Client())

    assert User.objects.get(username="bent@testkommune.dk").role == "coordinator"


def test_the_groups_may_come_as_app_roles(idp: Any, sso_login: Any, settings: Any) -> None:
    settings.OVERGANG_OIDC_GROUPS_CLAIM = "roles"
    idp.login_as(sub="sub-bent", preferred_username="bent@testkommune.dk", roles=["og-workers"])

    sso_login(Client())

    assert User.objects.get(username="bent@testkommune.dk").role == "worker"
