"""Every URL pattern of the project, found by walking the resolver, each with a path that reaches it.

Used by the security tests so that a new pattern is covered without anyone remembering to add it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

# Plausible values for the kwargs the project's patterns use, by name (then by converter).
SAMPLE_BY_NAME = {
    "slot": "phase_1",
    "action": "pause",
    "step": "start_meeting",
    "token": "A" * 32,
    "app_label": "accounts",
    "url": "no-such-page/",
    "content_type_id": "1",
    "object_id": "1",
    "id": "1",
}
SAMPLE_BY_CONVERTER = {
    "int": "1",
    "slug": "x",
    "str": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")


@dataclass(frozen=True)
class WalkedPattern:
    route: str  # the full pattern as written, prefixes included
    name: str  # "namespace:name", or "" for an unnamed pattern
    path: str  # a concrete path that resolves to it
    kwargs: tuple[str, ...]  # the names of its parameters
    callback: Any

    @property
    def module(self) -> str:
        return getattr(self.callback, "__module__", "") or ""


def _route_sample(route: str) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match["name"]
        return SAMPLE_BY_NAME.get(name) or SAMPLE_BY_CONVERTER.get(match["converter"] or "str", "x")

    return _ROUTE_PARAMETER.sub(fill, route)


def _regex_sample(regex: str) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match["name"]
        if name in SAMPLE_BY_NAME:
            return SAMPLE_BY_NAME[name]
        return match["body"].split("|")[0]

    text = _REGEX_GROUP.sub(fill, regex.removeprefix("^").removesuffix("$"))
    return text.replace("\\.", ".").replace("\\-", "-")


def _sample(pattern: Any) -> str:
    if isinstance(pattern, RoutePattern):
        return _route_sample(str(pattern))
    if isinstance(pattern, RegexPattern):
        return _regex_sample(str(pattern))
    raise TypeError(f"Unknown pattern type {type(pattern)!r}")


def _parameters(pattern: Any) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return [m["name"] for m in _ROUTE_PARAMETER.finditer(str(pattern))]
    return [m["name"] for m in _REGEX_GROUP.finditer(str(pattern))]


def _walk(
    resolver: URLResolver, route: str, path: str, namespace: str, kwargs: list[str]
) -> list[WalkedPattern]:
    found: list[WalkedPattern] = []
    for entry in resolver.url_patterns:
        entry_route = route + str(entry.pattern)
        entry_path = path + _sample(entry.pattern)
        entry_kwargs = kwargs + _parameters(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found.extend(_walk(entry, entry_route, entry_path, inner, entry_kwargs))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            found.append(
                WalkedPattern(
                    route=entry_route,
                    name=name,
                    path="/" + entry_path,
                    kwargs=tuple(entry_kwargs),
                    callback=entry.callback,
                )
            )
    return found


def all_url_patterns() -> list[WalkedPattern]:
    """Every pattern, each with a sample path checked to resolve to that very pattern."""
    patterns = _walk(get_resolver(), "", "", "", [])
    for walked in patterns:
        match = resolve(walked.path)
        if match.route != walked.route.replace("^", "").replace("$", "") and match.func != walked.callback:
            raise AssertionError(f"{walked.path} resolves to {match.route}, not to {walked.route}")
    return patterns
