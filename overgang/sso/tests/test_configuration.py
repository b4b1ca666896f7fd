"""Single sign-on is off until it is configured: no pages, no button; when on, the login page offers
it next to the password. A broken group map is found by `manage.py check`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from overgang.sso import checks, config


def test_while_off_the_pages_are_not_found(db: Any) -> None:
    client = Client()

    assert client.get("/sso/login/").status_code == 404
    assert client.get("/sso/callback/", {"code": "x", "state": "y"}).status_code == 404


def test_while_off_the_login_page_has_no_button(db: Any) -> None:
    response = Client().get("/login/")

    assert response.status_code == 200
    assert 'data-testid="sso-login"' not in response.content.decode()


def test_when_on_the_login_page_offers_the_provider(sso_on: Any) -> None:
    client = Client()
    client.cookies["django_language"] = "en"

    page = client.get("/login/?next=/courses/").content.decode()

    assert "Log in with Stub-IdP" in page
    assert 'href="/sso/login/?next=%2Fcourses%2F"' in page
    assert 'name="password"' in page  # local accounts alongside


def test_the_discovery_document_is_fetched_once_an_hour(sso_on: Any) -> None:
    first = config.provider(now=1000.0)
    again = config.provider(now=1000.0 + 3599)
    assert sso_on.discovery_requests == 1

    config.provider(now=1000.0 + 3601)

    assert sso_on.discovery_requests == 2
    assert again == first
    assert first.issuer == sso_on.issuer and first.jwks_uri == f"{sso_on.issuer}/jwks"


def test_explicit_endpoints_win_over_discovery(sso_on: Any, settings: Any) -> None:
    settings.OIDC_OP_USER_ENDPOINT = "https://userinfo.example/"

    assert config.provider().userinfo_endpoint == "https://userinfo.example/"


def test_explicit_endpoints_alone_are_enough(settings: Any) -> None:
    settings.OIDC_OP_DISCOVERY = ""
    settings.OIDC_OP_ISSUER = "https://idp.example"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example/authorize"

    provider = config.provider()

    assert (provider.issuer, provider.authorization_endpoint) == (
        "https://idp.example",
        "https://idp.example/authorize",
    )


@pytest.mark.parametrize(
    "group_map",
    [
        {"g": {"municipality": "101", "role": "boss"}},
        {"g": {"role": "worker"}},
        {"g": "101"},
        ["not", "an", "object"],
    ],
)
def test_a_broken_group_map_is_refused(settings: Any, group_map: Any) -> None:
    settings.OVERGANG_OIDC_GROUP_MAP = group_map

    with pytest.raises(ImproperlyConfigured):
        config.group_map()


def test_manage_py_check_finds_a_broken_or_empty_map(sso_on: Any, settings: Any) -> None:
    settings.OVERGANG_OIDC_GROUP_MAP = {"g": ["101", "boss"]}
    assert [error.id for error in checks.sso_configuration()] == ["sso.E001"]
    settings.OVERGANG_OIDC_GROUP_MAP = {}
    assert [error.id for error in checks.sso_configuration()] == ["sso.E002"]
    settings.OVERGANG_OIDC_GROUP_MAP = {"g": ["101", "worker"]}
    assert checks.sso_configuration() == []


def test_the_check_is_silent_while_off(settings: Any) -> None:
    settings.OVERGANG_SSO_ENABLED = False
    settings.OVERGANG_OIDC_GROUP_MAP = {"g": "broken"}

    assert checks.sso_configuration() == []


def test_when_on_anonymous_requests_get_what_the_url_walk_allows(sso_on: Any) -> None:
    """overgang/security/tests/test_anonymous_urls.py walks with SSO off; these are the answers on."""
    client = Client()

    assert client.get("/sso/login/").status_code == 302
    assert client.post("/sso/login/").status_code == 405
    assert client.get("/sso/callback/").status_code == 400
    assert client.post("/sso/callback/").status_code == 405
