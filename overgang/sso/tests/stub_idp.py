"""A small OpenID Connect identity provider for the tests, served over real HTTP on 127.0.0.1.

It serves discovery, authorize, token, userinfo and JWKS, signs ID tokens with its own RSA key
(RS256), checks the client's secret, the redirect URI and the PKCE verifier at the token endpoint,
and hands out each code once. A test says who logs in next (`login_as`) and may spoil the next ID
token (`spoil`) to see that Overgang refuses it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "overgang-test-client"
CLIENT_SECRET = "stub-client-secret-not-for-production"


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class _Grant:
    claims: dict[str, Any]
    nonce: str
    redirect_uri: str
    code_challenge: str


@dataclass
class StubIdentityProvider:
    key: rsa.RSAPrivateKey = field(default_factory=_new_key)
    kid: str = "stub-key-1"
    next_claims: dict[str, Any] = field(default_factory=dict)
    spoiled: dict[str, Any] = field(default_factory=dict)
    sign_with_other_key: bool = False
    codes: dict[str, _Grant] = field(default_factory=dict)
    userinfo_by_token: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: int = 0
    discovery_requests: int = 0

    def __post_init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def issuer(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        self.next_claims = {}
        self.spoiled = {}
        self.sign_with_other_key = False
        self.codes.clear()
        self.userinfo_by_token.clear()
        self.token_requests = 0
        self.discovery_requests = 0

    # What a test does ------------------------------------------------------------------------------

    def login_as(self, *, sub: str, groups: list[str] | None = None, **claims: Any) -> None:
        """The next person to log in at the authorize endpoint."""
        self.next_claims = {"sub": sub, "groups": groups or [], **claims}

    def spoil(self, **claims: Any) -> None:
        """Claims of the next ID token to overwrite (a wrong nonce, issuer, audience...)."""
        self.spoiled = claims

    def authorize(self, location: str) -> str:
        """Follow Overgang's redirect to the authorize endpoint over HTTP, as the browser would,
        and return where the provider sends the browser back to (the callback with code and state)."""
        response = requests.get(location, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return str(response.headers["Location"])

    # The provider's side -------------------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def handle_authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return 400, {}, b"bad request"
        code = secrets.token_urlsafe(24)
        self.codes[code] = _Grant(
            claims=dict(self.next_claims),
            nonce=query.get("nonce", ""),
            redirect_uri=query.get("redirect_uri", ""),
            code_challenge=query.get("code_challenge", ""),
        )
        back = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
        return 302, {"Location": back}, b""

    def handle_token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests += 1
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # each code once
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not grant.code_challenge or challenge != grant.code_challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.nonce,
            **grant.claims,
            **self.spoiled,
        }
        claims = {name: value for name, value in claims.items() if value is not None}
        key = _new_key() if self.sign_with_other_key else self.key
        id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})
        access_token = secrets.token_urlsafe(24)
        self.userinfo_by_token[access_token] = {
            name: grant.claims[name]
            for name in ("sub", "email", "given_name", "family_name", "name")
            if name in grant.claims
        }
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def handle_userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        token = authorization.removeprefix("Bearer ")
        info = self.userinfo_by_token.get(token)
        if info is None:
            return 401, {"error": "invalid_token"}
        return 200, info


def _handler_for(provider: StubIdentityProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {name: values[0] for name, values in parse_qs(parts.query).items()}
            if parts.path == "/.well-known/openid-configuration":
                provider.discovery_requests += 1
                self._json(200, provider.discovery())
            elif parts.path == "/jwks":
                self._json(200, provider.jwks())
            elif parts.path == "/userinfo":
                self._json(*provider.handle_userinfo(self.headers.get("Authorization", "")))
            elif parts.path == "/authorize":
                status, headers, body = provider.handle_authorize(query)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()}
            if urlsplit(self.path).path == "/token":
                self._json(*provider.handle_token(form))
            else:
                self._json(404, {"error": "not_found"})

    return Handler
