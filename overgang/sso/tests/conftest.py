"""Single sign-on against the stub identity provider (stub_idp.py), served on 127.0.0.1.

- `idp`: the provider, one per test session, reset for every test.
- `sso_on`: SSO configured for it, with the group map below (Testkommune is T01, Andenkommune T02).
- `sso_login(client, ...)`: the whole flow as the browser goes through it: Overgang's start page,
  the provider's authorize endpoint (over HTTP), and back to Overgang's callback; returns the
  callback's response.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client

from overgang.sso import config
from overgang.sso.tests.stub_idp import CLIENT_ID, CLIENT_SECRET, StubIdentityProvider

GROUP_MAP = {
    "og-coordinators": {"municipality": "T01", "role": "coordinator"},
    "og-workers": ["T01", "worker"],
    "og-andenkommune": {"municipality": "T02", "role": "worker"},
}


@pytest.fixture(scope="session")
def _idp_server() -> Iterator[StubIdentityProvider]:
    provider = StubIdentityProvider()
    yield provider
    provider.stop()


@pytest.fixture
def idp(_idp_server: StubIdentityProvider) -> Iterator[StubIdentityProvider]:
    _idp_server.reset()
    config.forget_discovery()
    yield _idp_server
    config.forget_discovery()


@pytest.fixture
def sso_on(
    settings: Any, idp: StubIdentityProvider, municipality: Any, other_municipality: Any
) -> StubIdentityProvider:
    settings.OVERGANG_SSO_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY = idp.issuer
    settings.OIDC_PROVIDER_NAME = "Stub-IdP"
    settings.OIDC_TIMEOUT = 5
    settings.OVERGANG_OIDC_GROUP_MAP = GROUP_MAP
    settings.OVERGANG_OIDC_GROUPS_CLAIM = "groups"
    settings.OVERGANG_OIDC_USERNAME_CLAIM = "preferred_username"
    settings.OVERGANG_OIDC_TRUST_MFA = True
    settings.OVERGANG_OIDC_REQUIRE_AMR_MFA = False
    settings.OVERGANG_REQUIRE_2FA = True
    settings.AUTHENTICATION_BACKENDS = [*django_settings.AUTHENTICATION_BACKENDS, config.BACKEND]
    return idp


@pytest.fixture
def english_client() -> Client:
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"  # assertions read the source strings
    return client


@pytest.fixture
def sso_login(sso_on: StubIdentityProvider) -> Callable[..., Any]:
    def login(client: Client, *, next_url: str = "") -> Any:
        start = client.get("/sso/login/", {"next": next_url} if next_url else {})
        assert start.status_code == 302, start.status_code
        back = urlsplit(sso_on.authorize(start["Location"]))
        assert back.path == "/sso/callback/"
        return client.get(f"{back.path}?{back.query}")

    return login
