"""Session timeouts and the two-factor requirement (issue 8)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device

from overgang.accounts.services import (
    SESSION_LAST_ACTIVITY,
    SESSION_LOGIN_AT,
    SESSION_LOGOUT_REASON,
)

# Writing the session on every request would cost a database write each time; the idle clock only
# needs to be a minute precise.
ACTIVITY_RESOLUTION_SECONDS = 60
# Set by single sign-on (overgang/sso) to the user's id when the identity provider has done the second
# factor: such a session counts as verified.
SESSION_IDP_VERIFIED = "overgang_idp_verified"


class SessionTimeoutMiddleware:
    """Log the user out after OVERGANG_SESSION_IDLE_TIMEOUT seconds without a request, and
    OVERGANG_SESSION_ABSOLUTE_TIMEOUT seconds after login, whatever they do.

    The request then goes on as anonymous (the page sends them to the login page), and the fresh
    session says why, for the login page to tell them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            session = request.session
            login_at: float | None = session.get(SESSION_LOGIN_AT)
            last_activity: float | None = session.get(SESSION_LAST_ACTIVITY)
            reason = None
            if login_at is None or last_activity is None:
                # A session from before the timeouts existed: start it over.
                reason = "expired"
            elif now - login_at > settings.OVERGANG_SESSION_ABSOLUTE_TIMEOUT:
                reason = "absolute"
            elif now - last_activity > settings.OVERGANG_SESSION_IDLE_TIMEOUT:
                reason = "idle"
            if reason is not None:
                logout(request)
                request.session[SESSION_LOGOUT_REASON] = reason
            elif last_activity is not None and now - last_activity >= ACTIVITY_RESOLUTION_SECONDS:
                session[SESSION_LAST_ACTIVITY] = now
        return self.get_response(request)


def two_factor_required(user: object) -> bool:
    """Everyone must pass the second factor when the setting says so (the default); when it is
    relaxed (the demo), those who have set up an authenticator still must."""
    return bool(settings.OVERGANG_REQUIRE_2FA) or user_has_device(user)


class TwoFactorRequiredMiddleware:
    """A logged-in session that has not passed the second factor may only reach the two-factor
    pages, logout, language, static files and the health check. Pages redirect there (keeping
    `next`); the API answers 403 as JSON.

    A security key (django-otp-webauthn's device) counts like the authenticator app: django-otp
    finds every kind of device, and the key's own endpoints are under the verify page's address.

    This covers session logins only: the API's token authentication happens in the view, after
    the middleware, and is not affected.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]  # django-otp's
            and request.session.get(SESSION_IDP_VERIFIED) != user.pk
            and not self._allowed(request.path)
            and two_factor_required(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"errors": [{"field": None, "message": _("Two-factor verification is required.")}]},
                    status=403,
                )
            return HttpResponseRedirect(
                f"{reverse('accounts:verify')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        allowed = (
            reverse("accounts:verify"),
            reverse("accounts:enrol"),
            reverse("logout"),
            reverse("login"),
            reverse("set_language"),
            reverse("health"),
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return path.startswith(allowed)
