"""The OpenID Connect authentication backend (mozilla-django-oidc), made strict and lazy.

- It authenticates only when the SSO callback view asks it to (`authenticate_callback`), never
  through `django.contrib.auth.authenticate()`: the login form's username and password never reach
  it, and django-axes' counting of password failures is left to passwords.
- It is built for every request whose session it restores (`get_user`), so building it reads
  settings only: the discovery document is fetched when a login actually happens.
- The ID token is checked beyond the library's signature and nonce: issuer, audience, expiry and
  issue time are required and verified.
- Users are found by the ID token's (issuer, subject) only, never by e-mail (services.py).
"""

from __future__ import annotations

from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from overgang.accounts.models import User
from overgang.sso import config, services

# Clock difference tolerated between us and the identity provider (seconds).
LEEWAY_SECONDS = 60


class SsoBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not the library's __init__: it insists on endpoint settings that discovery provides later.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = getattr(settings, "OIDC_RP_CLIENT_ID", "")
        self.OIDC_RP_CLIENT_SECRET = getattr(settings, "OIDC_RP_CLIENT_SECRET", "")
        self.OIDC_RP_SIGN_ALGO = getattr(settings, "OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_OP_TOKEN_ENDPOINT = ""
        self.OIDC_OP_USER_ENDPOINT = ""
        self.OIDC_OP_JWKS_ENDPOINT = ""
        self.issuer = ""
        self.claims: dict[str, Any] = {}

    # Django's side ---------------------------------------------------------------------------------

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> None:
        """Never through django.contrib.auth.authenticate(): see authenticate_callback()."""
        return None

    def get_user(self, user_id: Any) -> Any:
        # Django's check, which the library's get_user leaves out: a deactivated user has no session.
        return ModelBackend.get_user(self, user_id)

    # The callback's side ---------------------------------------------------------------------------

    def authenticate_callback(
        self, request: HttpRequest, *, nonce: str | None, code_verifier: str | None
    ) -> User:
        """Exchange the callback's code for tokens, verify the ID token, and return the user its
        claims stand for. Raises services.SsoRefused, SuspiciousOperation (a token that fails a
        check), requests.RequestException (the provider unreachable or refusing the code)."""
        provider = config.provider()
        self.issuer = provider.issuer
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_uri
        if not nonce:
            raise SuspiciousOperation("No nonce for this state.")
        user = super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        if not isinstance(user, User):
            raise services.SsoRefused("failed", detail="no code or no user")
        return user

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        """The library checks the signature only (and lets an expired token raise an unexpected
        error); here every registered claim that matters is required and checked."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The token's algorithm is not the one configured.")
        try:
            decoded: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "sub", "exp", "iat"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        audiences = decoded["aud"] if isinstance(decoded["aud"], list) else [decoded["aud"]]
        if len(audiences) > 1 and decoded.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several audiences without us as its authorised party.")
        return decoded

    def store_tokens(self, access_token: Any, id_token: Any) -> None:
        """Overgang keeps no tokens: it calls no API of the provider after the login."""

    def get_userinfo(self, access_token: Any, id_token: Any, payload: dict[str, Any]) -> dict[str, Any]:
        """The ID token's claims, completed by the userinfo endpoint's (when there is one). The ID
        token's win: it is signed, and holds the groups (Entra ID sends them only there)."""
        userinfo: dict[str, Any] = {}
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = dict(super().get_userinfo(access_token, id_token, payload))
            if "sub" in userinfo and userinfo["sub"] != payload.get("sub"):
                raise SuspiciousOperation("The userinfo subject is not the ID token's.")
        return {**userinfo, **payload}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token: Any, id_token: Any, payload: dict[str, Any]) -> User:
        claims = self.get_userinfo(access_token, id_token, payload)
        self.claims = claims
        return services.sso_user_for_claims(issuer=self.issuer, claims=claims)
