"""Single sign-on settings, read when they are needed (tests switch them with override_settings).

The identity provider's endpoints come from its discovery document (OIDC_OP_DISCOVERY), fetched on
the first login and kept for an hour, or from the explicit OIDC_OP_* settings; an explicit setting
wins over the discovered value. Nothing here touches the network when SSO is off.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from overgang.accounts.models import Role

DISCOVERY_PATH = "/.well-known/openid-configuration"
DISCOVERY_TTL_SECONDS = 60 * 60

BACKEND = "overgang.sso.backend.SsoBackend"


@dataclasses.dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str


@dataclasses.dataclass(frozen=True)
class Grant:
    """What a group at the identity provider gives in Overgang."""

    municipality_code: str
    role: str


class AmbiguousGrant(Exception):
    """The user's groups lead to more than one municipality."""


_discovered: dict[str, tuple[float, Provider]] = {}
_lock = threading.Lock()


def enabled() -> bool:
    return bool(getattr(settings, "OVERGANG_SSO_ENABLED", False))


def provider_name() -> str:
    return str(getattr(settings, "OIDC_PROVIDER_NAME", "") or "single sign-on")


def forget_discovery() -> None:
    """Drop the cached discovery documents (tests, or after the provider changed its keys' home)."""
    with _lock:
        _discovered.clear()


def discovery_url(value: str) -> str:
    """OIDC_OP_DISCOVERY may be the issuer or the discovery document's own address."""
    value = value.strip()
    if value.endswith(DISCOVERY_PATH):
        return value
    return value.rstrip("/") + DISCOVERY_PATH


def _explicit() -> Provider:
    return Provider(
        issuer=getattr(settings, "OIDC_OP_ISSUER", ""),
        authorization_endpoint=getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", ""),
        token_endpoint=getattr(settings, "OIDC_OP_TOKEN_ENDPOINT", ""),
        userinfo_endpoint=getattr(settings, "OIDC_OP_USER_ENDPOINT", ""),
        jwks_uri=getattr(settings, "OIDC_OP_JWKS_ENDPOINT", ""),
    )


def _discover(url: str) -> Provider:
    response = requests.get(
        url,
        timeout=getattr(settings, "OIDC_TIMEOUT", 10),
        verify=getattr(settings, "OIDC_VERIFY_SSL", True),
        proxies=getattr(settings, "OIDC_PROXY", None),
    )
    response.raise_for_status()
    document = response.json()
    return Provider(
        issuer=str(document["issuer"]),
        authorization_endpoint=str(document["authorization_endpoint"]),
        token_endpoint=str(document["token_endpoint"]),
        userinfo_endpoint=str(document.get("userinfo_endpoint") or ""),
        jwks_uri=str(document["jwks_uri"]),
    )


def provider(*, now: float | None = None) -> Provider:
    """The identity provider's issuer and endpoints. Raises requests.RequestException (or KeyError,
    ValueError for a broken document) when the discovery document cannot be read."""
    explicit = _explicit()
    source = getattr(settings, "OIDC_OP_DISCOVERY", "")
    if not source:
        return explicit
    url = discovery_url(source)
    now = time.time() if now is None else now
    with _lock:
        cached = _discovered.get(url)
    if cached is None or now - cached[0] > DISCOVERY_TTL_SECONDS:
        cached = (now, _discover(url))
        with _lock:
            _discovered[url] = cached
    discovered = cached[1]
    overrides = {field: value for field, value in dataclasses.asdict(explicit).items() if value}
    return dataclasses.replace(discovered, **overrides)


def group_map() -> dict[str, Grant]:
    """OVERGANG_OIDC_GROUP_MAP: group (or app role) value -> municipality code and role, either
    `{"municipality": "101", "role": "worker"}` or `["101", "worker"]`. Raises ImproperlyConfigured."""
    raw = getattr(settings, "OVERGANG_OIDC_GROUP_MAP", {}) or {}
    if not isinstance(raw, Mapping):
        raise ImproperlyConfigured("OVERGANG_OIDC_GROUP_MAP must be a JSON object.")
    grants: dict[str, Grant] = {}
    roles = {role.value for role in Role}
    for group, target in raw.items():
        if isinstance(target, Mapping):
            code, role = target.get("municipality"), target.get("role")
        elif isinstance(target, list | tuple) and len(target) == 2:
            code, role = target
        else:
            raise ImproperlyConfigured(
                f"OVERGANG_OIDC_GROUP_MAP[{group!r}] must be {{'municipality': ..., 'role': ...}}."
            )
        if not isinstance(code, str) or not code:
            raise ImproperlyConfigured(f"OVERGANG_OIDC_GROUP_MAP[{group!r}] needs a municipality code.")
        if role not in roles:
            raise ImproperlyConfigured(
                f"OVERGANG_OIDC_GROUP_MAP[{group!r}]: the role must be one of {', '.join(sorted(roles))}."
            )
        grants[str(group)] = Grant(municipality_code=code, role=str(role))
    return grants


def groups_in(claims: Mapping[str, Any]) -> list[str]:
    """The values of the groups claim (a list, or a single value as some providers send it)."""
    value = claims.get(getattr(settings, "OVERGANG_OIDC_GROUPS_CLAIM", "groups"))
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(item) for item in value]
    return []


def grant_for(groups: Iterable[str]) -> Grant | None:
    """The grant of the first entry of the map (in the map's order) that is among the user's groups;
    list the most powerful role first. None when no group is mapped. Raises AmbiguousGrant when the
    mapped groups lead to more than one municipality: a user belongs to exactly one."""
    have = set(groups)
    matches = [grant for group, grant in group_map().items() if group in have]
    if not matches:
        return None
    if len({grant.municipality_code for grant in matches}) > 1:
        raise AmbiguousGrant
    return matches[0]


def mfa_vouched_for(claims: Mapping[str, Any]) -> bool:
    """Whether the login counts as the second factor: the provider is trusted to require MFA
    (OVERGANG_OIDC_TRUST_MFA), and, with OVERGANG_OIDC_REQUIRE_AMR_MFA, its `amr` claim says so."""
    if not getattr(settings, "OVERGANG_OIDC_TRUST_MFA", True):
        return False
    if not getattr(settings, "OVERGANG_OIDC_REQUIRE_AMR_MFA", False):
        return True
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return "mfa" in amr
