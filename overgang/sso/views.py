"""Logging in at the identity provider: the start (a redirect there) and the callback.

Both answer 404 while single sign-on is not configured. The start is mozilla-django-oidc's (state,
nonce and PKCE kept in the session); the callback is ours, so that every refusal is shown with its
reason and written to the audit log, and so that the login passes the two-factor requirement when
the identity provider vouches for it.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from overgang import tenancy
from overgang.accounts.middleware import SESSION_IDP_VERIFIED
from overgang.sso import config, services
from overgang.sso.backend import SsoBackend

logger = logging.getLogger(__name__)

SESSION_STATES = "oidc_states"  # mozilla-django-oidc's: state -> nonce, PKCE verifier, time
SESSION_NEXT = "oidc_login_next"  # mozilla-django-oidc's: the checked `next` of the start


def _refused(request: HttpRequest, refusal: services.SsoRefused, *, status: int = 403) -> HttpResponse:
    with tenancy.unscoped():
        services.sso_login_failed_record(refusal=refusal)
    logger.warning("Single sign-on refused: %s %s", refusal.reason, refusal.detail)
    return render(
        request,
        "sso/refused.html",
        {"message": refusal.message(), "provider_name": config.provider_name()},
        status=status,
    )


@method_decorator(never_cache, name="dispatch")
class SsoLoginView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Send the visitor to the identity provider with a fresh state, nonce and PKCE challenge."""

    def __init__(self, **kwargs: Any) -> None:
        # Not the library's __init__: it reads the endpoint settings, which discovery provides.
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = getattr(settings, "OIDC_RP_CLIENT_ID", "")
        self.OIDC_OP_AUTH_ENDPOINT = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not config.enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[no-any-return]

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            self.OIDC_OP_AUTH_ENDPOINT = config.provider().authorization_endpoint
        except (requests.RequestException, KeyError, ValueError) as error:
            logger.error("Single sign-on: the identity provider's discovery document failed: %s", error)
            return _refused(request, services.SsoRefused("unavailable", detail=str(error)), status=503)
        return super().get(request)  # type: ignore[no-any-return]


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """The identity provider sends the browser back here with a code (or an error)."""
    if not config.enabled():
        raise Http404
    state = request.GET.get("state", "")
    states = request.session.get(SESSION_STATES)
    states = states if isinstance(states, dict) else {}
    # The state is used once, whatever happens next: a replayed callback finds nothing.
    entry = states.pop(state, None) if state else None
    if entry is not None:
        request.session[SESSION_STATES] = states
        request.session.save()
    if request.GET.get("error"):
        return _refused(request, services.SsoRefused("cancelled", detail=request.GET.get("error", "")[:100]))
    if entry is None or not request.GET.get("code"):
        return _refused(request, services.SsoRefused("failed", detail="unknown state"), status=400)
    backend = SsoBackend()
    try:
        with tenancy.unscoped():
            user = backend.authenticate_callback(
                request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
            )
    except services.SsoRefused as refusal:
        return _refused(request, refusal)
    except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, KeyError, ValueError) as error:
        return _refused(request, services.SsoRefused("failed", detail=f"{type(error).__name__}: {error}"))
    next_url = request.session.get(SESSION_NEXT) or resolve_url(settings.LOGIN_REDIRECT_URL)
    mfa_vouched = config.mfa_vouched_for(backend.claims)
    with tenancy.unscoped():
        # A new session key (Django's login), then the mark that the provider has done the second
        # factor, bound to this user (accounts/middleware.py honours it).
        auth.login(request, user, backend=config.BACKEND)
        request.session.pop(SESSION_NEXT, None)
        if mfa_vouched:
            request.session[SESSION_IDP_VERIFIED] = user.pk
        services.sso_login_record(user=user, issuer=backend.issuer, mfa_vouched=mfa_vouched)
    return HttpResponseRedirect(next_url)
