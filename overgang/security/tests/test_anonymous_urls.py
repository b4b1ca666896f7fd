"""Nobody gets anything without logging in.

Every URL pattern of the project (the admin's and the API's included) is found by walking the
resolver and requested anonymously with GET and POST. HTML pages send the visitor to the login page,
the API answers 401 or 403, the admin sends to its own login page. The few patterns that must work
without a login are on a short allow-list with the reason; a new pattern that answers anything else
makes this test fail.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from overgang.security.tests.urlwalk import WalkedPattern, all_url_patterns

PATTERNS = all_url_patterns()

# route -> (reason, allowed GET statuses, allowed POST statuses)
ALLOWED_WITHOUT_LOGIN: dict[str, tuple[str, set[int], set[int]]] = {
    "": ("the front door redirects to the overview, which asks for a login", {302}, {302}),
    "login/": ("the login page itself", {200}, {200}),
    "logout/": ("logging out (POST only) ends whatever session there is", {405}, {302}),
    "i18n/setlang/": ("choosing the language needs no login and shows no data", {302}, {302}),
    "sso/login/": (
        "single sign-on's start: a redirect to the identity provider (GET only); 404 while SSO is off",
        {302, 404},
        {404, 405},
    ),
    "sso/callback/": (
        "single sign-on's return from the identity provider: without a valid state it logs nobody in "
        "and says so (400); 404 while SSO is off",
        {400, 404},
        {404, 405},
    ),
    "healthz": ("the load balancer's health check: the text 'ok', nothing else", {200}, {200}),
    "readyz": ("the readiness probe: database and migration status as JSON, no personal data", {200}, {405}),
    r"feeds/^(?P<token>[A-Za-z0-9_-]{16,100})\.ics$": (
        "the calendar feed: the secret token is the credential; a wrong token is 404",
        {404},
        {405},
    ),
    "audit/": (
        "the audit log answers 404 to everyone but administrators and coordinators, logged in or not",
        {404},
        {404},
    ),
    # The WebAuthn ceremonies are JSON endpoints called by the page's script: without a session
    # that has passed the password (verify) or both factors (add a key) they refuse with 403 JSON
    # and start nothing.
    "account/verify/key/begin/": (
        "WebAuthn verification start (JSON): 403 without a password session",
        {403, 405},
        {403},
    ),
    "account/verify/key/complete/": (
        "WebAuthn verification end (JSON): 403 without a password session",
        {403, 405},
        {403},
    ),
    "account/security/keys/add/begin/": (
        "WebAuthn registration start (JSON): 403 unless verified",
        {403, 405},
        {403},
    ),
    "account/security/keys/add/complete/": (
        "WebAuthn registration end (JSON): 403 unless verified",
        {403, 405},
        {403},
    ),
    "admin/login/": (
        "the admin's login page, or a redirect to the one login page with two factors",
        {200, 302},
        {200, 302},
    ),
    "admin/logout/": ("the admin's logout: sends back to the admin, which asks for its login", {302}, {302}),
}
# The two-factor pages (set up, verify) are for someone who has at least given a password: to an
# anonymous visitor they too answer with the login page, so they need no entry here.


def _ids(walked: WalkedPattern) -> str:
    return walked.route or "<root>"


def _login_redirect(response: object, path: str, login: str = "/login/") -> bool:
    location = getattr(response, "headers", {}).get("Location", "")
    parts = urlsplit(location)
    return (
        getattr(response, "status_code", None) == 302
        and parts.path == login
        and parse_qs(parts.query).get("next") == [path]
    )


def _check(walked: WalkedPattern, method: str) -> None:
    client = Client()
    response = client.get(walked.path) if method == "GET" else client.post(walked.path, {})
    if walked.route in ALLOWED_WITHOUT_LOGIN:
        _reason, on_get, on_post = ALLOWED_WITHOUT_LOGIN[walked.route]
        allowed = on_get if method == "GET" else on_post
        assert response.status_code in allowed, (method, walked.path, response.status_code)
        return
    if walked.route.startswith("api/"):
        assert response.status_code in (401, 403), (method, walked.path, response.status_code)
        return
    if walked.route.startswith("admin/"):
        # The admin sends to its own login page, which only lets staff in.
        assert _login_redirect(response, walked.path, "/admin/login/") or _login_redirect(
            response, walked.path
        ), (method, walked.path, response.status_code, response.headers.get("Location"))
        return
    if walked.route == "" and method == "GET":
        return
    assert _login_redirect(response, walked.path), (
        method,
        walked.path,
        response.status_code,
        response.headers.get("Location"),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("walked", PATTERNS, ids=_ids)
def test_an_anonymous_visitor_is_sent_to_the_login(walked: WalkedPattern) -> None:
    _check(walked, "GET")
    _check(walked, "POST")


def test_the_walk_reaches_every_part_of_the_site() -> None:
    routes = {walked.route for walked in PATTERNS}
    modules = {walked.module.split(".")[1] for walked in PATTERNS if walked.module.startswith("overgang.")}

    # The admin and the API are walked too, not only the apps' own pages.
    assert any(route.startswith("admin/") for route in routes)
    assert any(route.startswith("api/v1/courses/") for route in routes)
    assert {
        "api",
        "checklists",
        "compass",
        "courses",
        "desk",
        "feeds",
        "fidelity",
        "figures",
        "handover",
        "jobs",
        "journal",
        "network",
        "plans",
        "safety",
        "supervision",
    } <= modules
    # Every path was checked to resolve to its own pattern; and there are many.
    assert len(PATTERNS) > 150


def test_the_allow_list_names_only_patterns_that_exist() -> None:
    routes = {walked.route for walked in PATTERNS}

    assert set(ALLOWED_WITHOUT_LOGIN) <= routes


def test_the_root_page_sends_an_anonymous_visitor_on_to_the_login(db: object) -> None:
    response = Client().get("/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/login/?next=")
